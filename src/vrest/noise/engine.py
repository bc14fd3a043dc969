"""Plumbing shared by the exact and Langevin engines: the model as flat arrays, the initial
state, and a chunked run with progress. Units: mV, nS, pF, ms."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .model import NoiseModel


def flatten(m: NoiseModel) -> dict[str, Any]:
    """The populations of ``m`` as flat arrays (state offsets ``soff``, transition offsets
    ``toff``; transitions local to their population) for the compiled kernels."""
    P = len(m.pops)
    soff, toff, src, dst, mult, rate = [], [], [], [], [], []
    s = t = 0
    for p in m.pops:
        sc = p.scheme
        soff.append(s)
        toff.append(t)
        src += list(sc.src)
        dst += list(sc.dst)
        mult += list(sc.mult)
        rate += list(sc.rate)
        s += sc.n_states
        t += len(sc.src)
    i64 = np.int64
    return {
        "P": P,
        "S": s,
        "code": np.array([p.scheme.code for p in m.pops], dtype=i64),
        "N": np.array([p.N for p in m.pops], dtype=i64),
        "gamma": np.array([p.gamma for p in m.pops], dtype=float),
        "E": np.array([p.E for p in m.pops], dtype=float),
        "a": np.array([p.a for p in m.pops], dtype=float),
        "b": np.array([p.b for p in m.pops], dtype=float),
        "phi": np.array([p.phi for p in m.pops], dtype=float),
        "soff": np.array(soff, dtype=i64),
        "nst": np.array([p.scheme.n_states for p in m.pops], dtype=i64),
        "open": np.array([p.scheme.open_state for p in m.pops], dtype=i64),
        "toff": np.array(toff, dtype=i64),
        "ntr": np.array([len(p.scheme.src) for p in m.pops], dtype=i64),
        "src": np.array(src, dtype=i64),
        "dst": np.array(dst, dtype=i64),
        "mult": np.array(mult, dtype=float),
        "rate": np.array(rate, dtype=i64),
        "C": float(m.C),
        "G_bg": float(m.G_bg),
        "E_bg": float(m.E_bg),
        "vdep": bool(any(p.scheme.code != 0 for p in m.pops)),
    }


def initial_counts(m: NoiseModel, cells: int, seed: int) -> np.ndarray:
    """Channel counts per state (cells × states, int64), each population drawn from the
    multinomial of its stationary occupancy at V* (the stationary distribution of the channels
    at fixed V), with NumPy's generator seeded by (seed, 1): reproducible."""
    g = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    parts = []
    for p in m.pops:
        pi = np.clip(p.stationary(m.V_rest), 0.0, None)
        parts.append(g.multinomial(p.N, pi / pi.sum(), size=cells))
    return np.concatenate(parts, axis=1).astype(np.int64)


def initial_fractions(m: NoiseModel, cells: int) -> np.ndarray:
    """State fractions per cell (cells × states) at their stationary values at V*."""
    row = np.concatenate([p.stationary(m.V_rest) for p in m.pops])
    return np.tile(row, (cells, 1))


def run_chunks(
    step: Callable[[Any, Any], None],
    grid: list,
    progress: Callable[[float], None] | None,
) -> float:
    """Call ``step(lo, hi)`` over consecutive pieces of ``grid`` (its boundaries), reporting
    the fraction done to ``progress``; returns the seconds spent in ``step``."""
    spent = 0.0
    n = len(grid) - 1
    for i in range(n):
        t = time.perf_counter()
        step(grid[i], grid[i + 1])
        spent += time.perf_counter() - t
        if progress is not None:
            progress((i + 1) / n)
    return spent


def chunk_grid(lo: float, hi: float, pieces: int, integer: bool = False) -> list:
    """``pieces`` + 1 boundaries from ``lo`` to ``hi`` (integers for step counts)."""
    if integer:
        return sorted({round(lo + (hi - lo) * k / pieces) for k in range(pieces + 1)})
    return [lo + (hi - lo) * k / pieces for k in range(pieces)] + [hi]


def n_records(duration: float, burn: float, rec_dt: float) -> int:
    """Number of record times burn + k·rec_dt < duration."""
    return max(0, math.ceil((duration - burn) / rec_dt - 1e-9))
