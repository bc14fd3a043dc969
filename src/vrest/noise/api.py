"""``vrest.noise(cell, method=…)``: one entry point for the three ways of computing channel
noise (exact, Langevin, linear-noise), with the checks that keep a run honest and bounded.
Units: ms for times, mV, nS, pF."""

from __future__ import annotations

import math
import os
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import units
from ..errors import VrestInputError, VrestWarning
from . import engine as _eng
from . import lna as _lna
from .model import NoiseModel, build
from .result import NoiseResult

METHODS = ("exact", "langevin", "lna")
ENGINES = ("numba", "numpy")
RECORDS = ("trace", "summary")
#: Channels per population below which the Langevin method warns (Pezo, Soudry & Orio 2014).
LANGEVIN_MIN_CHANNELS = 1000
#: Largest amount of work accepted in one call: exact transitions, or Langevin edge-steps
#: (≈ 10 minutes at ~10 ns each on one core).
MAX_WORK = 6e10
#: Most cells in one call.
MAX_CELLS = 10**7
#: Records kept in memory at most: this many bytes, or half the machine's memory if less.
MAX_RECORD_BYTES = 4 * 2**30
#: Pieces a run is cut into for progress reports.
PIECES = 50


def _available_bytes() -> float:
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # not POSIX
        return float(MAX_RECORD_BYTES)


def _time(x: Any, field: str, default: float | None = None) -> float | None:
    if x is None:
        return default
    return units.scalar(units.positive(x, field, "time"), field, "time")


def _whole(x: Any, field: str, lo: int, hi: int, what: str) -> int:
    ok = isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)
    if ok and math.isfinite(x) and float(x) == int(x) and lo <= int(x) <= hi:
        return int(x)
    raise VrestInputError(field, x, f"{what}, a whole number {lo} … {hi:.0e}")


def _mean_rate(m: NoiseModel) -> float:
    """Mean number of channel transitions per ms in one cell at rest (1/ms)."""
    total = 0.0
    for p in m.pops:
        base = p.base(m.V_rest)
        x = p.stationary(m.V_rest)
        s = p.scheme
        total += p.N * float(np.sum(x[s.src] * s.mult * base[s.rate]))
    return total


def _slowest_time(m: NoiseModel) -> float:
    """Slowest relaxation time of the linearized model (ms): 1/min |Re λ(A)|."""
    lam = np.linalg.eigvals(_lna.linearize(m).A)
    return float(1.0 / np.min(np.abs(lam.real)))


def noise(
    cell: Any,
    method: str = "exact",
    *,
    cells: int = 1,
    duration: Any = 1000.0,
    dt: Any = None,
    record_dt: Any = 0.1,
    burn: Any = None,
    seed: Any = None,
    record: str = "trace",
    engine: str = "numba",
    progress: Callable[[float], None] | None = None,
) -> NoiseResult:
    """Membrane-potential noise of ``cell`` from its counted channel populations.

    ``method``: ``"exact"`` (event by event: Gillespie for voltage-independent rates, thinning
    for voltage-dependent ones; :mod:`vrest.noise.exact`), ``"langevin"`` (Euler–Maruyama of
    the channel-based diffusion approximation; :mod:`vrest.noise.langevin`) or ``"lna"`` (the
    linear-noise approximation: σ_V from the Lyapunov equation, no simulation;
    :mod:`vrest.noise.lna`). ``cell``: a :class:`vrest.Cell` (or a cell-file path) with a radius
    or area and at least one ``[[channel]]`` with ``count`` and ``gamma``.

    ``cells``: independent cells simulated at once. ``duration`` (ms, default 1000) includes
    ``burn`` (ms, default 10 × the slowest relaxation time), which is not recorded. ``dt``
    (ms; Langevin only; default 0.02/fastest rate, at most 0.01 ms) is refused when
    dt × fastest rate > 0.05. ``record_dt`` (ms, 0.1) spaces the recorded samples (Langevin:
    rounded to a multiple of dt). ``record="summary"`` keeps only running sums per cell (for
    long runs: no trace, PSD or autocorrelation). ``seed``: an int, a NumPy Generator (one
    int is drawn from it) or None (fresh entropy); the seed used is in the result. Cell k's
    path depends only on (seed, k). ``engine``: ``"numba"`` (compiled) or ``"numpy"`` (the
    slow reference, same random numbers). ``progress(fraction)`` is called as the run goes.

    Returns a :class:`~vrest.noise.result.NoiseResult` (σ_V with its statistical error, mean V,
    the LNA beside them, ``.plot()``, ``.psd()``, ``.to_xarray()``, ``.to_dict()``).
    """
    from .. import load_cell
    from ..cell import Cell
    from ._rng import resolve_seed, seed_states

    if not isinstance(cell, Cell):
        if isinstance(cell, str | os.PathLike):
            cell = load_cell(cell)
        else:
            raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell or a cell-file path")
    if method not in METHODS:
        raise VrestInputError("method", method, f"one of {', '.join(METHODS)}")
    if engine not in ENGINES:
        raise VrestInputError("engine", engine, f"one of {', '.join(ENGINES)}")
    if record not in RECORDS:
        raise VrestInputError("record", record, f"one of {', '.join(RECORDS)}")
    cells = _whole(cells, "cells", 1, MAX_CELLS, "the number of cells")
    t_start = time.perf_counter()
    m = build(cell)
    lna = {
        "sigma_V": _lna.sigma_v(m),
        "mean_shift": _lna.mean_bias(m),
        "thermal_sigma_V": _lna.thermal_sigma_v(m.C, m.celsius),
    }
    timing = {"model_s": time.perf_counter() - t_start}
    notes: list[str] = []
    if method == "lna":
        return NoiseResult(
            "lna", "analytic", m, cells, None, None, None, None, None, None, None, None, None,
            timing, lna, ("linear-noise approximation: no simulation",),
        )  # fmt: skip
    duration = _time(duration, "duration")
    assert duration is not None
    slow = _slowest_time(m)
    burn = _time(burn, "burn", min(10.0 * slow, 0.5 * duration)) if burn != 0 else 0.0
    assert burn is not None
    if burn >= duration:
        raise VrestInputError("burn", burn, f"less than the duration ({duration:g} ms)")
    if burn < 5.0 * slow:
        notes.append(
            f"burn {burn:g} ms is under 5 × the slowest relaxation time ({slow:.3g} ms): the "
            "start (V*, channels at their stationary occupancy) may bias the statistics"
        )
    rec_dt = _time(record_dt, "record_dt")
    assert rec_dt is not None
    fastest = m.fastest_rate()
    if method == "langevin":
        step = _time(dt, "dt", min(0.01, 0.02 / fastest))
        assert step is not None
        from .langevin import MAX_DT_RATE

        if step * fastest > MAX_DT_RATE:
            raise VrestInputError(
                "dt", step,
                f"at most {MAX_DT_RATE / fastest:.3g} ms (dt × fastest rate {fastest:.3g} /ms ≤ "
                f"{MAX_DT_RATE}: Euler–Maruyama's variance error is about half of that)",
            )  # fmt: skip
        rec_every = max(1, round(rec_dt / step))
        if abs(rec_every * step - rec_dt) > 1e-9 * rec_dt:
            notes.append(f"record_dt rounded to {rec_every * step:g} ms (a multiple of dt)")
        rec_dt = rec_every * step
        n_steps = round(duration / step)
        burn_n = round(burn / step)
        n_rec = max(0, (n_steps - burn_n + rec_every - 1) // rec_every)
        edges = sum(len(p.scheme.src) // 2 for p in m.pops)
        work = cells * n_steps * edges
        small = [p for p in m.pops if p.N < LANGEVIN_MIN_CHANNELS]
        if small:
            msg = (
                f"Langevin with {', '.join(f'{p.N} {p.name}' for p in small)} channels: below "
                f"~{LANGEVIN_MIN_CHANNELS} channels the exact method is both faster and accurate "
                "(Pezo, Soudry & Orio 2014); the diffusion approximation misses the discreteness"
            )
            warnings.warn(msg, VrestWarning, stacklevel=2)
            notes.append(msg)
    else:
        if dt is not None:
            raise VrestInputError("dt", dt, "no dt for the exact method (it has no time step)")
        step = None
        n_rec = _eng.n_records(duration, burn, rec_dt)
        work = cells * duration * _mean_rate(m)
    if work > MAX_WORK:
        raise VrestInputError(
            "duration", duration,
            f"a shorter run or fewer cells: this one needs about {work:.2g} "
            f"{'transitions' if method == 'exact' else 'edge-steps'} (limit {MAX_WORK:.0e}, "
            "about 10 minutes)",
        )  # fmt: skip
    nbytes = cells * n_rec * 8
    limit = min(MAX_RECORD_BYTES, 0.5 * _available_bytes())
    if record == "trace" and nbytes > limit:
        raise VrestInputError(
            "record_dt", rec_dt,
            f"a coarser record_dt or record='summary': {cells} cells × {n_rec} records need "
            f"{nbytes / 2**30:.2f} GiB (limit {limit / 2**30:.2f} GiB here)",
        )  # fmt: skip
    seed_used = resolve_seed(seed)
    rng = seed_states(seed_used, cells)
    out = np.zeros((cells, n_rec if record == "trace" else 0))
    summ = np.zeros((cells, 4))
    summ[:, 3] = m.V_rest
    arrays = _eng.flatten(m)
    arrays |= {"burn": float(burn), "rec_dt": float(rec_dt), "n_rec": int(n_rec)}
    state: dict[str, Any] = {"V": np.full(cells, m.V_rest), "rng": rng}
    transitions = None
    if method == "exact":
        from . import exact as mod

        state |= {"counts": _eng.initial_counts(m, cells, seed_used),
                  "n_tr": np.zeros(cells, dtype=np.int64)}  # fmt: skip
        grid = _eng.chunk_grid(0.0, duration, PIECES)
    else:
        from . import langevin as mod

        arrays |= {"dt": step, "burn_n": burn_n, "rec_every": rec_every}
        state["x"] = _eng.initial_fractions(m, cells)
        grid = _eng.chunk_grid(0, n_steps, PIECES, integer=True)
    kernel = mod.run if engine == "numba" else mod.run_reference
    if engine == "numba":  # load (or compile) before the clock starts: a run of length 0
        t = time.perf_counter()
        probe = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in state.items()}
        # same array types as the run (C-contiguous), so the same compiled specialization
        kernel(arrays, grid[0], grid[0], probe, np.zeros((cells, 0)) if record == "trace" else out,
               summ.copy())  # fmt: skip
        timing["load_s"] = time.perf_counter() - t
    timing["simulate_s"] = _eng.run_chunks(
        lambda lo, hi: kernel(arrays, lo, hi, state, out, summ), grid, progress
    )
    if method == "exact":
        transitions = int(state["n_tr"].sum())
    timing["total_s"] = time.perf_counter() - t_start
    t_rec = burn + rec_dt * np.arange(n_rec)
    return NoiseResult(
        method, engine, m, cells, duration, step, rec_dt, burn, seed_used,
        t_rec if record == "trace" else None, out if record == "trace" else None,
        summ if record == "summary" else None, transitions, timing, lna, tuple(notes),
    )  # fmt: skip
