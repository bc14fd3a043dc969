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
) -> tuple[float, float, float, float]:
    """Widen ``[lo, hi]`` until ``f`` changes sign; returns ``(lo, hi, f(lo), f(hi))``."""
    flo, fhi = f(lo), f(hi)
    while flo * fhi > 0:
        if max(abs(lo), abs(hi)) > limit:
            raise SolverError(f"no sign change of the net current between {lo:g} and {hi:g} mV")
        lo, hi = lo * grow, hi * grow
        flo, fhi = f(lo), f(hi)
    return lo, hi, flo, fhi


def find_root(
    f: Callable[[float], float],
    lo: float = -200.0,
    hi: float = 200.0,
    *,
    xtol: float = 1e-10,
    maxiter: int = 200,
) -> float:
    """Root of a continuous ``f`` in (or after widening) ``[lo, hi]`` by the Illinois method
    (regula falsi with halving of the stale end); converges superlinearly and never leaves the
    bracket."""
    a, b, fa, fb = bracket_root(f, lo, hi)
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
        if fc * fb > 0:
            b, fb = c, fc
            if side == -1:
                fa *= 0.5
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb *= 0.5
            side = 1
    raise SolverError(f"root finder did not converge in {maxiter} iterations near {c:g} mV")
