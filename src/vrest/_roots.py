"""A small bracketing root finder (no SciPy at import time: keeps the CLI fast)."""

from __future__ import annotations

import math
from collections.abc import Callable

from .errors import SolverError


def bracket_root(
    f: Callable[[float], float],
    lo: float = -200.0,
    hi: float = 200.0,
    *,
    grow: float = 2.0,
    limit: float = 5000.0,
    what: str = "the net current",
    fields: str = "",
) -> tuple[float, float, float, float]:
    """Widen ``[lo, hi]`` until ``f`` changes sign; returns ``(lo, hi, f(lo), f(hi))``.

    Failure raises :class:`SolverError` whose message starts with ``fields`` (the inputs that
    decide whether a root exists, e.g. ``"ions.*.P, pump.i_pump"``) and names ``what``."""
    flo, fhi = f(lo), f(hi)
    while _same_sign(flo, fhi) or math.isnan(flo) or math.isnan(fhi):
        if max(abs(lo), abs(hi)) > limit or math.isnan(flo) or math.isnan(fhi):
            raise SolverError(
                _prefix(fields) + f"{what} does not change sign between {lo:g} and {hi:g} mV "
                f"({flo:.3g} and {fhi:.3g}): no finite solution for these inputs",
                fields,
            )
        lo, hi = lo * grow, hi * grow
        flo, fhi = f(lo), f(hi)
    return lo, hi, flo, fhi


def _same_sign(a: float, b: float) -> bool:
    """a and b both > 0 or both < 0 (no product: it could overflow for huge currents)."""
    return (a > 0 and b > 0) or (a < 0 and b < 0)


def _prefix(fields: str) -> str:
    return f"{fields}: " if fields else ""


def find_root(
    f: Callable[[float], float],
    lo: float = -200.0,
    hi: float = 200.0,
    *,
    xtol: float = 1e-10,
    maxiter: int = 200,
    what: str = "the net current",
    fields: str = "",
) -> float:
    """Root of a continuous ``f`` in (or after widening) ``[lo, hi]`` by the Illinois method
    (regula falsi with halving of the stale end); converges superlinearly and never leaves the
    bracket."""
    a, b, fa, fb = bracket_root(f, lo, hi, what=what, fields=fields)
    if fa == 0:
        return a
    if fb == 0:
        return b
    side = 0
    c_prev = math.inf
    for it in range(maxiter):
        if it < 100:
            c = (a * fb - b * fa) / (fb - fa)
            if not math.isfinite(c) or not (min(a, b) < c < max(a, b)):
                c = 0.5 * (a + b)
        else:  # round-off stalls regula falsi: finish by bisection
            c = 0.5 * (a + b)
        fc = f(c)
        if fc == 0 or abs(b - a) < xtol * (1 + abs(c)) or abs(c - c_prev) < 0.01 * xtol:
            return c
        c_prev = c
        if _same_sign(fc, fb):
            b, fb = c, fc
            if side == -1:
                fa *= 0.5
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb *= 0.5
            side = 1
    raise SolverError(
        _prefix(fields) + f"{what}: no convergence in {maxiter} iterations near {c:g} mV", fields
    )
