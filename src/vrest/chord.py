"""The conductance (chord-conductance) model of the membrane.

Each ion's channels are a conductance g_i in series with a battery E_i, so I_i = g_i (V − E_i)
(pA = nS · mV, outward positive). At steady state Σ_i g_i (V − E_i) + I_pump = 0, hence

    V = (Σ_i g_i E_i − I_pump) / Σ_i g_i          (chord-conductance equation)

Reference: the chapter's section "膜电位的电导模型"; Hille (2001) ch. 1; Johnston & Wu,
*Foundations of Cellular Neurophysiology* (1995) ch. 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import units
from .errors import VrestInputError

ArrayLike = Any


def _as_pairs(g: Any, E: Any) -> tuple[list[str] | None, Any, Any]:
    """Accept dicts keyed by ion name (same keys) or equal-length sequences/arrays."""
    if isinstance(g, Mapping) or isinstance(E, Mapping):
        if not (isinstance(g, Mapping) and isinstance(E, Mapping)):
            raise VrestInputError("g", g, "g and E both dicts keyed by ion name, or both arrays")
        missing = set(g) ^ set(E)
        if missing:
            raise VrestInputError("E", sorted(missing), "g and E with the same ion names")
        names = list(g)
        gv = np.array([units.nonnegative(g[n], f"g[{n!r}]", "conductance") for n in names])
        ev = np.array([units.finite(E[n], f"E[{n!r}]", "voltage") for n in names])
        return names, gv, ev
    gv = np.asarray(units.nonnegative(g, "g", "conductance"), dtype=float)
    ev = np.asarray(units.finite(E, "E", "voltage"), dtype=float)
    units.same_shape(g=gv, E=ev)
    return None, gv, ev


def chord_voltage(g: Any, E: Any, i_pump: Any = 0.0) -> ArrayLike:
    """Steady-state membrane potential (mV) of parallel conductances and a pump.

    ``V = (Σ g_i E_i − I_pump) / Σ g_i`` with ``g`` in nS (only ratios matter when
    ``i_pump`` = 0), ``E`` in mV and ``i_pump`` in pA (outward positive). ``g`` and ``E`` are
    dicts keyed by ion name or arrays whose last axis runs over ions (broadcasts).

    >>> round(chord_voltage({"K": 1, "Na": 0.04, "Cl": 0.45},
    ...                     {"K": -89, "Na": 61, "Cl": -64}), 1)
    -77.4
    """
    _, gv, ev = _as_pairs(g, E)
    ip = units.finite(i_pump, "i_pump", "current")
    G = gv.sum(axis=-1)
    if np.ndim(ip):
        units.same_shape(g_total=G, i_pump=ip)
    if np.any(G <= 0):
        raise VrestInputError("g", g, "at least one positive conductance in nS")
    v = ((gv * ev).sum(axis=-1) - ip) / G
    return float(v) if np.ndim(v) == 0 else v


def chord_currents(g: Mapping[str, Any], E: Mapping[str, Any], V: float) -> dict[str, float]:
    """Each ion's current ``I_i = g_i (V − E_i)`` in pA (nS, mV), outward positive."""
    names, gv, ev = _as_pairs(g, E)
    v = units.finite(V, "V", "voltage")
    units.same_shape(g=gv, V=v)
    cur = gv * (v - ev)
    return dict(zip(names, map(float, cur))) if names else cur


def total_conductance(g: Any) -> float:
    """Σ g_i in nS."""
    if isinstance(g, Mapping):
        return float(sum(units.nonnegative(v, f"g[{k!r}]", "conductance") for k, v in g.items()))
    return float(np.sum(units.nonnegative(g, "g", "conductance")))
