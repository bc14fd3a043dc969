"""Integrate a cell's time-domain equations (:mod:`vrest.dynamics.model`) under a protocol.

**Solver.** :func:`scipy.integrate.solve_ivp` with the implicit BDF method (variable order 1–5,
Shampine & Reichelt, SIAM J. Sci. Comput. 18, 1 (1997)) and the model's analytic Jacobian. The
system is stiff: V relaxes with the membrane time constant τ = C/G (ms: 0.76 ms for the chapter
neuron), the concentrations over minutes to hours, a ratio of 10⁵–10⁷. An explicit method
would be held to steps of ~τ for the whole run (millions of steps for 3 h); BDF takes steps of
the slow time scale once V has settled (a few hundred for 3 h). LSODA (switching Adams/BDF)
also works; Radau is the one-step alternative.

**Events.** The run is integrated piece by piece between the protocol's event times, a fresh
start at each, so a step (pump off, [K]ₒ step) falls exactly on a step boundary and never
inside one (a discontinuous right-hand side spoils any multistep method's error control).

**Output.** Samples every ``log_s`` seconds (t = 0, log_s, 2·log_s, … and the end time) from
the solver's dense output (its interpolating polynomial, as accurate as the steps), or with
``log_s=None`` at the solver's own steps. The dense output is kept in the result, so
:meth:`TimeCourse.value_at` is as accurate as the steps anywhere.

**Volume.** A cell with ``[water]`` adds the volume to the state and carries amounts instead
of concentrations (:mod:`vrest.dynamics.model`); the result shows concentrations and volume.

**Start at the NESS.** ``start="ness"`` solves for the state at which every flux balances
(:func:`vrest.dynamics.ness.solve_ness`) and starts there: nothing moves until the protocol
changes something.

**Failure.** A concentration reaching 0 (a terminal event), a non-finite state or a solver
failure raise :class:`~vrest.errors.SolverError` naming the time and the state; no result ever
holds a concentration ≤ 0.

SciPy is imported here, inside :func:`simulate`, never at ``import vrest``.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..errors import SolverError, VrestError, VrestInputError
from .model import PumpLeak
from .protocol import Protocol
from .result import Segment, TimeCourse

#: Default relative tolerance of the integration.
RTOL = 1e-8
#: Absolute tolerance of V (mV) and, per ion, of [X]ᵢ as a fraction of max([X]ᵢ, [X]ₒ).
ATOL_V_MV = 1e-7
ATOL_C_REL = 1e-10
METHODS = ("BDF", "LSODA", "Radau")


def _scipy_solve_ivp(purpose: str) -> Any:
    """SciPy's ``solve_ivp`` (imported only when a time course is computed)."""
    try:
        from scipy.integrate import solve_ivp
    except ImportError:
        raise VrestError(f"{purpose} SciPy, which is not installed: pip install scipy") from None
    return solve_ivp


def _check_cell(cell: Any) -> None:
    from ..cell import Cell

    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell (see vrest.load_cell)")


def simulate(
    cell: Any,
    protocol: Protocol | None = None,
    t_end_s: float = 3600.0,
    *,
    log_s: float | None = 1.0,
    model: str | None = None,
    start: str | Mapping[str, float] = "rest",
    rtol: float = RTOL,
    atol: float | Mapping[str, float] | None = None,
    method: str = "BDF",
    progress: Callable[[float, float], None] | None = None,
) -> TimeCourse:
    """The time course of ``cell`` under ``protocol`` from t = 0 to ``t_end_s`` (s).

    ``progress(t_done_s, t_end_s)``, if given, is called as the run advances: the integration
    is then restarted at every twentieth of the run (the results agree to the tolerances).

    ``model``: "chord" or "ghk" (default ``cell.model``). ``start``: "rest" (default) takes V
    from :func:`vrest.solve_rest` and [X]ᵢ from the cell; a mapping ``{"V": mV, "Na": mM, …}``
    overrides any of them (and ``"volume"``, µm³, where the cell has ``[water]``); "ness"
    starts at the cell's non-equilibrium steady state (:func:`~vrest.dynamics.ness.solve_ness`:
    a kinetic pump or none; ``TimeCourse.rest`` is then the rest analysis of the cell described
    there). If the rest analysis says "drifting" (V steady, concentrations not),
    the concentrations move from t = 0, before any event: the start is then V-steady only, and
    ``TimeCourse.rest.state`` says so. A fixed or balance pump runs at the rest solution's rate
    throughout (times the protocol's level); a kinetic pump follows [Na]ᵢ, [K]ₒ and V.
    ``atol``: a number for every state, or a mapping by state ("V", ion names); default
    1e-7 mV for V and 1e-10 × max([X]ᵢ, [X]ₒ) for each ion. ``method``: "BDF" (default),
    "LSODA" or "Radau" (all implicit or stiff-switching)."""
    solve_ivp = _scipy_solve_ivp("time courses need")
    _check_cell(cell)
    from ..rest import solve_rest

    protocol = Protocol() if protocol is None else protocol
    if not isinstance(protocol, Protocol):
        raise VrestInputError("protocol", protocol, "a vrest.dynamics.Protocol")
    t_end = _positive(t_end_s, "t_end_s", "a run length > 0 in s")
    if log_s is not None:
        log_s = _positive(log_s, "log_s", "a logging interval > 0 in s (or None: every step)")
        if t_end / log_s > 1e7:
            raise VrestInputError("log_s", log_s, f"at most 1e7 samples over {t_end:g} s")
    if method not in METHODS:
        raise VrestInputError("method", method, f"one of {', '.join(METHODS)}")
    rtol = _positive(rtol, "rtol", "a relative tolerance > 0")
    _check_protocol(cell, protocol)
    rest = solve_rest(cell, model=model)
    eq = PumpLeak._of(cell, rest.model, rest.atp_rate)
    if isinstance(start, str) and start == "ness":
        from .ness import solve_ness

        ness = solve_ness(cell, model=rest.model)
        eq, y = ness._eq, ness._y.copy()
        rest = solve_rest(ness.cell, model=rest.model)
    else:
        V0, c0, w0 = _start(eq, rest, start)
        if cell.water is not None or cell.impermeant is not None:
            eq = eq.with_start(V0, c0, w0)
        y = eq.native(V0, c0, w0)
    at = _atol(eq, atol)

    cuts = [0.0, *(t for t in protocol.times() if 0.0 < t < t_end), t_end]
    if progress is not None:  # restart at every twentieth of the run to report progress
        cuts = sorted({*cuts, *(t_end * k / 20 for k in range(1, 20))})
    grid = None if log_s is None else _grid(t_end, log_s)
    ts, ys, segs = [], [], []
    stats = {"steps": 0, "nfev": 0, "njev": 0, "nlu": 0}
    k_cell = cell.ions["K"].c_out if "K" in cell.ions else None
    wall = time.perf_counter()
    for a, b in itertools.pairwise(cuts):
        level = protocol.level_at(a)
        c_out = eq.c_out(protocol.k_out_at(a, k_cell))

        lv_of = protocol.level_at if protocol.continuous else (lambda _t, lv=level: lv)

        def fun(t_: float, yy: np.ndarray, lv_of: Any = lv_of, co: np.ndarray = c_out) -> Any:
            return eq.rhs(yy, lv_of(t_), co)

        def jac(t_: float, yy: np.ndarray, lv_of: Any = lv_of, co: np.ndarray = c_out) -> Any:
            return eq.jac(yy, lv_of(t_), co)

        def empty(_t: float, yy: np.ndarray) -> float:
            return float(np.min(yy[1:]))

        empty.terminal = True  # type: ignore[attr-defined]
        empty.direction = -1  # type: ignore[attr-defined]
        with np.errstate(all="ignore"):
            sol = solve_ivp(
                fun, (a, b), y, method=method, jac=jac, rtol=rtol, atol=at,
                dense_output=True, events=empty,
            )  # fmt: skip
        _check(sol, eq, a, b)
        for k in ("nfev", "njev", "nlu"):
            stats[k] += int(getattr(sol, k))
        stats["steps"] += len(sol.t) - 1
        last = b == t_end
        if grid is None:
            tt = sol.t if last else sol.t[:-1]
            yy = sol.y if last else sol.y[:, :-1]
        else:
            tt = grid[(grid >= a) & ((grid <= b) if last else (grid < b))]
            yy = sol.sol(tt) if len(tt) else np.empty((len(y), 0))
            if len(tt):
                yy[:, tt == a] = y[:, None]  # exact at the segment's start
        _check_samples(tt, yy, eq)
        ts.append(tt)
        ys.append(yy)
        segs.append(Segment(a, b, level, c_out, sol.sol))
        y = sol.y[:, -1].copy()
        if progress is not None:
            progress(b, t_end)
    wall = time.perf_counter() - wall
    stats["wall_s"] = wall
    t = np.concatenate(ts)
    Y = np.concatenate(ys, axis=1)
    return TimeCourse.build(t, Y, eq, protocol, rest, tuple(segs), start, stats, method, rtol)


def _positive(x: Any, field: str, expected: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise VrestInputError(field, x, expected) from None
    if isinstance(x, bool) or not (math.isfinite(v) and v > 0):
        raise VrestInputError(field, x, expected)
    return v


def _grid(t_end: float, log_s: float) -> np.ndarray:
    n = math.floor(t_end / log_s * (1 + 1e-12))
    g = np.arange(n + 1) * log_s
    if t_end - g[-1] > 1e-9 * log_s:
        g = np.append(g, t_end)
    else:
        g[-1] = t_end
    return g


def _check_protocol(cell: Any, protocol: Protocol) -> None:
    if protocol.has("pump") and cell.pump is None:
        raise VrestInputError("protocol", protocol.describe(), "a cell with a pump to act on")
    if protocol.has("k_out") and "K" not in cell.ions:
        raise VrestInputError("protocol", protocol.describe(), "a cell with K⁺ for [K]o steps")


def _start(
    eq: PumpLeak, rest: Any, start: str | Mapping[str, float]
) -> tuple[float, np.ndarray, float | None]:
    """The start's V (mV), [X]ᵢ (mM) and volume (µm³, None at fixed volume)."""
    V, c = float(rest.V), eq.mem.c_in.copy()
    w = eq.vol if eq.water else None
    what = "'rest', 'ness' or a mapping {'V': mV, ion: mM" + (", 'volume': µm³}" if w else "}")
    if isinstance(start, str):
        if start != "rest":
            raise VrestInputError("start", start, what)
        return V, c, w
    if not isinstance(start, Mapping):
        raise VrestInputError("start", start, what)
    for key, v in start.items():
        if key == "V":
            V = _finite(v, "start.V", "a finite V in mV")
        elif key in eq.names:
            c[eq.names.index(key)] = _positive(v, f"start.{key}", "a concentration > 0 mM")
        elif key == "volume" and eq.water:
            w = _positive(v, "start.volume", "a volume > 0 µm³")
        else:
            keys = ", ".join(eq.names) + (" or 'volume'" if eq.water else "")
            raise VrestInputError("start", key, f"'V' or one of the ions {keys}")
    return V, c, w


def _finite(x: Any, field: str, expected: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise VrestInputError(field, x, expected) from None
    if not math.isfinite(v):
        raise VrestInputError(field, x, expected)
    return v


def _atol(eq: PumpLeak, atol: float | Mapping[str, float] | None) -> np.ndarray:
    """Absolute tolerances per state; with water, in amol (mM × the cell's volume) and µm³ (a
    given mM tolerance is scaled the same way)."""
    scale = np.maximum(eq.mem.c_in, eq.mem.c_out)
    at = np.concatenate(([ATOL_V_MV], ATOL_C_REL * scale))
    keys: tuple[str, ...] = ("V", *eq.names)
    if eq.water:
        at = np.concatenate((at, [ATOL_C_REL]))
        at[1:] *= eq.vol
        keys = (*keys, "volume")
    if atol is None:
        return at
    if isinstance(atol, Mapping):
        for k, v in atol.items():
            if k not in keys:
                raise VrestInputError("atol", k, f"one of {', '.join(keys)}")
            x = _positive(v, f"atol.{k}", "an absolute tolerance > 0")
            at[keys.index(k)] = x * eq.vol if eq.water and k in eq.names else x
        return at
    x = _positive(atol, "atol", "an absolute tolerance > 0")
    out = np.full_like(at, x)
    if eq.water:
        out[1:-1] *= eq.vol
    return out


def _state_text(eq: PumpLeak, t: float, y: np.ndarray) -> str:
    d = eq.display(y)
    n = len(eq.names)
    parts = [f"V = {d[0]:.6g} mV"] + [
        f"[{x}]in = {c:.6g} mM" for x, c in zip(eq.names, d[1 : 1 + n])
    ]
    if eq.water:
        parts.append(f"volume = {d[-1]:.6g} µm³")
    return f"t = {t:.6g} s: " + ", ".join(parts)


def _check(sol: Any, eq: PumpLeak, a: float, b: float) -> None:
    y = sol.y[:, -1]
    t = float(sol.t[-1])
    if sol.status == 1 or np.any(y[1:] <= 0):
        raise SolverError(
            f"a concentration {'or the volume ' if eq.water else ''}reached 0 at "
            f"{_state_text(eq, t, y)}; the cell cannot lose "
            "more than it holds (check the leaks, the pump and the run length)",
            "ions.*.c_in",
        )
    if sol.status != 0 or not np.all(np.isfinite(y)):
        raise SolverError(
            f"the time course failed between {a:g} and {b:g} s ({sol.message}) at "
            f"{_state_text(eq, t, y)}",
            "ions.*.g/P, pump",
        )


def _check_samples(t: np.ndarray, y: np.ndarray, eq: PumpLeak) -> None:
    bad = ~np.all(np.isfinite(y), axis=0) | np.any(y[1:] <= 0, axis=0)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise SolverError(
            f"an interpolated sample left the physical range at {_state_text(eq, t[i], y[:, i])}",
            "ions.*.c_in",
        )
