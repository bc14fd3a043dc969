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
#: Longest run accepted (s), estimated from the work before it starts: about 10 minutes.
MAX_RUN_S = 600.0
#: Seconds per unit of work on one core, measured (numba 0.68, 2-core x86) and rounded up:
#: an exact transition or record (Gillespie ≈ 30 ns; thinning, for voltage-dependent rates,
#: 300 ns with one cell, 1.5 µs with 10⁶), or one cell's Langevin step per (edges + 1)
#: (15–70 ns). The NumPy reference: ≈ 15 µs and 40 µs a transition; ≈ 15 µs a Langevin step
#: per (edges + 1) for all cells at once (vectorized over cells), plus :data:`NUMPY_CELL_S`
#: per cell.
SECONDS_PER_UNIT = {
    ("numba", "exact"): 4e-8, ("numba", "thinning"): 6e-7, ("numba", "langevin"): 4e-8,
    ("numpy", "exact"): 2e-5, ("numpy", "thinning"): 5e-5, ("numpy", "langevin"): 2e-5,
}  # fmt: skip
NUMPY_CELL_S = 4e-8
#: Seconds per cell and piece of the run (:data:`PIECES`) for re-entering its state, measured
#: with 10⁶–10⁷ cells (numba; the NumPy reference's Python loop over cells: ≈ 100 × more).
SECONDS_PER_CELL_PIECE = {"exact": 1e-7, "thinning": 1e-6, "langevin": 1e-7}
#: Bytes of state per cell besides its records (random streams, V, sums, counts), and per
#: channel state (counts or fractions, rates).
CELL_BYTES, STATE_BYTES = 96, 24
#: Largest ratio of the slowest relaxation time to the fastest rate's time (stiffness):
#: beyond ~1e14 the linear-noise σ_V loses every digit (it comes out 0); 1e12 keeps a margin.
MAX_STIFFNESS = 1e12
#: Most cells in one call.
MAX_CELLS = 10**7
#: Records and cell states kept in memory at most: this many bytes, or half the machine's
#: available memory if less.
MAX_RECORD_BYTES = 4 * 2**30
#: Pieces a run is cut into for progress reports.
PIECES = 50


def _available_bytes() -> float:
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # not POSIX
        return float(MAX_RECORD_BYTES)


def _time(x: Any, field: str, zero_ok: bool = False) -> float:
    """A time in ms (> 0, or ≥ 0 with ``zero_ok``), finite, one number."""
    if x is None:
        raise VrestInputError(field, None, "a time in ms")
    check = units.nonnegative if zero_ok else units.positive
    return units.scalar(check(x, field, "time"), field, "time", x)


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


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
    """Slowest relaxation time of the linearized model (ms): 1/min |Re λ(A)|. Refuses an
    unstable rest (:func:`_check_stable`)."""
    lam = np.linalg.eigvals(_lna.linearize(m).A)
    _check_stable(m, float(np.max(lam.real)))
    with np.errstate(divide="ignore"):
        return float(1.0 / np.min(np.abs(lam.real)))


def _check_stable(m: NoiseModel, growth: float) -> None:
    """Refuse a rest V* that the channels' voltage dependence makes unstable (the membrane
    fires or oscillates instead of resting): noise about it is undefined, and the LNA would
    report σ_V = 0, silently."""
    if growth >= 0:
        raise VrestInputError(
            "cell", f"rest V* = {m.V_rest:.4g} mV",
            f"a cell with a stable rest: here small deviations from V* grow at {growth:.3g} /ms "
            "(the membrane fires or oscillates), so there is no channel noise about rest",
            "check the leak's E and g against the counted channels",
        )  # fmt: skip


def _check_stiffness(m: NoiseModel, slow: float) -> None:
    """Refuse time scales so far apart (rates of 1e-15 or 1e15 /ms beside a τ_m of 1 ms) that
    the arithmetic cannot resolve both: the LNA would report σ_V = 0, silently."""
    fast = m.fastest_rate()
    stiff = slow * fast
    if stiff <= MAX_STIFFNESS:
        return
    # the end (fastest rate or slowest time) further from 1 /ms names its owner: a population,
    # or the membrane (None) when it is 1/τ_m
    k_m, fast_by, slow_by, lo = 1.0 / m.tau_m, None, None, 1.0 / m.tau_m
    for p in m.pops:
        exits = -np.diag(p.scheme.generator(p.base(m.V_rest)))
        exits = exits[exits > 0]
        if exits.size and exits.max() > k_m and exits.max() >= fast:
            fast_by = p
        if exits.size and exits.min() < lo:
            slow_by, lo = p, exits.min()
    with np.errstate(divide="ignore"):
        worst = fast_by if abs(math.log(fast)) >= abs(np.log(slow)) else slow_by
    if worst is None:
        field, value = "tau_m", f"{m.tau_m:.3g} ms (C/G: the size, g and count × gamma)"
    elif worst.scheme.kind == "two_state":
        field, value = f"{worst.name}.alpha, {worst.name}.beta", (worst.a, worst.b)
    else:
        field, value = f"{worst.name}.rate_q10", f"HH rates × {worst.phi:.3g} at this celsius"
    raise VrestInputError(
        field, value,
        f"rates (1/ms) within {MAX_STIFFNESS:.0e} of each other and of 1/τ_m: here the slowest "
        f"relaxation takes {slow:.3g} ms and the fastest rate is {fast:.3g} /ms (τ_m "
        f"{m.tau_m:.3g} ms), too stiff for the arithmetic",
        "are the rates' units right?",
    )  # fmt: skip


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
    Runs estimated to take more than :data:`MAX_RUN_S` or to need more memory than
    :data:`MAX_RECORD_BYTES` are refused before they start, as are cells whose rest is
    unstable and rates too far apart for the arithmetic (:data:`MAX_STIFFNESS`).

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
    # every argument is checked, even those the LNA does not use
    duration = _time(duration, "duration")
    rec_dt = _time(record_dt, "record_dt")
    if rec_dt > duration:
        raise VrestInputError("record_dt", rec_dt, f"at most the duration ({duration:g} ms)")
    burn_given = None if burn is None else _time(burn, "burn", zero_ok=True)
    if burn_given is not None and burn_given >= duration:
        raise VrestInputError("burn", burn_given, f"less than the duration ({duration:g} ms)")
    dt_given = None if dt is None else _time(dt, "dt")
    if dt is not None and method != "langevin":
        raise VrestInputError("dt", dt, f"no dt for the {method} method (it has no time step)")
    if seed is not None and not isinstance(seed, np.random.Generator):
        resolve_seed(seed)  # raises on a bad seed; a Generator is drawn from only for a run
    if progress is not None and not callable(progress):
        raise VrestInputError(
            "progress", type(progress).__name__, "a function of the fraction done, or None"
        )
    t_start = time.perf_counter()
    m = build(cell)
    slow = _slowest_time(m)
    _check_stiffness(m, slow)
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
    burn = min(10.0 * slow, 0.5 * duration) if burn_given is None else burn_given
    if burn < 5.0 * slow:
        notes.append(
            f"burn {burn:g} ms is under 5 × the slowest relaxation time ({slow:.3g} ms): the "
            "start (V*, channels at their stationary occupancy) may bias the statistics"
        )
    fastest = m.fastest_rate()
    vdep = any(p.scheme.code != 0 for p in m.pops)
    kind = "langevin" if method == "langevin" else "thinning" if vdep else "exact"
    cost = SECONDS_PER_UNIT[(engine, kind)]
    par = min(cells, _cores()) if engine == "numba" else 1
    warn = ""  # a warning about the method, given once the run is accepted
    reentry = cells * PIECES * SECONDS_PER_CELL_PIECE[kind] * (1 if engine == "numba" else 100)
    if method == "langevin":
        step = min(0.01, 0.02 / fastest) if dt_given is None else dt_given
        from .langevin import MAX_DT_RATE

        if step * fastest > MAX_DT_RATE:
            raise VrestInputError(
                "dt", step,
                f"at most {MAX_DT_RATE / fastest:.3g} ms (dt × fastest rate {fastest:.3g} /ms ≤ "
                f"{MAX_DT_RATE}: Euler–Maruyama's variance error is about half of that)",
            )  # fmt: skip
        if not duration / step < 2**53:  # beyond any run (and beyond exact integer steps)
            if dt_given is not None:
                raise VrestInputError(
                    "dt", step, f"a time step of at least {duration / 2**53:.3g} ms for this "
                    f"{duration:g} ms run ({duration / step:.3g} steps otherwise)",
                )  # fmt: skip
            raise VrestInputError(
                "duration", duration,
                f"a far shorter run: it needs {duration / step:.3g} steps of {step:.3g} ms "
                f"(dt from the fastest rate, {fastest:.3g} /ms), far beyond "
                f"{MAX_RUN_S / 60:g} minutes",
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
        if engine == "numpy":  # vectorized over cells
            seconds = n_steps * (edges + 1) * (cost + NUMPY_CELL_S * cells)
        else:
            seconds = (cells * n_steps * (edges + 1) * cost + reentry) / par
        small = [p for p in m.pops if p.N < LANGEVIN_MIN_CHANNELS]
        if small:
            msg = (
                f"Langevin with {', '.join(f'{p.N} {p.name}' for p in small)} channels: below "
                f"~{LANGEVIN_MIN_CHANNELS} channels the exact method is both faster and accurate "
                "(Pezo, Soudry & Orio 2014); the diffusion approximation misses the discreteness"
            )
            notes.append(msg)
            warn = msg
    else:
        step = None
        span = (duration - burn) / rec_dt
        n_rec = _eng.n_records(duration, burn, rec_dt) if span < 2**53 else span  # refused below
        work = cells * duration * _mean_rate(m)
        seconds = ((work + cells * n_rec) * cost + reentry) / par
    if n_rec < 2:  # σ_V of one sample is 0, of none NaN; a spectrum needs 2 per cell
        raise VrestInputError(
            "duration", duration,
            f"a run with at least 2 records of V per cell after the burn ({burn:g} ms): here "
            f"{n_rec} record(s) every {rec_dt:g} ms",
            "a longer duration, or a smaller record_dt or burn",
        )  # fmt: skip
    nbytes = cells * n_rec * 8 if record == "trace" else 0
    n_states = sum(p.scheme.n_states for p in m.pops)
    state_bytes = cells * (CELL_BYTES + STATE_BYTES * n_states)
    limit = min(MAX_RECORD_BYTES, 0.5 * _available_bytes())
    if nbytes + state_bytes > limit and nbytes > state_bytes:
        raise VrestInputError(
            "record_dt", rec_dt,
            f"a coarser record_dt (fewer samples) or record='summary' (--summary): {cells} "
            f"cell(s) × {n_rec:.3g} records need {nbytes / 2**30:.3g} GiB (limit "
            f"{limit / 2**30:.2f} GiB here)",
        )  # fmt: skip
    if nbytes + state_bytes > limit:
        raise VrestInputError(
            "cells", cells,
            f"fewer cells: their states need about {state_bytes / 2**30:.3g} GiB, their records "
            f"{nbytes / 2**30:.3g} GiB (limit {limit / 2**30:.2f} GiB here)",
        )  # fmt: skip
    if seconds > MAX_RUN_S:
        what = "transitions" if method == "exact" else "edge-steps"
        fix = "a shorter run or fewer cells"
        if method == "exact" and cells * n_rec > work:
            fix += ", or a coarser record_dt"
        if method == "langevin":
            fix += ", or a larger dt"
        if engine == "numpy":
            fix += ", or engine='numba'"
        raise VrestInputError(
            "duration", duration,
            f"{fix}: this run needs about {work:.2g} {what} and {cells * n_rec:.2g} records, "
            f"about {seconds / 60:.3g} minutes here (limit {MAX_RUN_S / 60:g} minutes)",
        )  # fmt: skip
    if warn:
        warnings.warn(warn, VrestWarning, stacklevel=2)
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
