"""Voltage-gated channel populations at the steady state of their gates, as membrane mechanisms.

A channel population of ``kind`` carries one ion (or none: a leak with a fixed reversal) and has a
maximal conductance ``g`` (nS, at the cell's reference temperature, scaled by ``q10``). At a
steady V its gates sit at their steady state (:mod:`vrest.gating`) and its current is ohmic, as
Hodgkin and Huxley wrote it, in both membrane models:

* ``"hh_na"``: I = g m∞³ h∞ (V − E_Na)         (Hodgkin & Huxley 1952)
* ``"hh_k"``:  I = g n∞⁴ (V − E_K)
* ``"ik1"``:   I = g √([K]ₒ/5.4 mM) x_K1∞(V) (V − E_K)   (ten Tusscher & Panfilov 2006)
* ``"leak"``:  I = g (V − E) with a fixed reversal ``E`` (mV) and no ion of its own: HH's
  "leakage" current l, carried by Cl⁻ and other ions (its ions are not tracked).

E_Na and E_K come from the cell's concentrations (Nernst). Units: mV, nS, pA, mM, °C.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import units
from ._tables import table_kwargs
from .errors import VrestInputError
from .gating import TTP06_K_O_REF, _hh_inf, _ik1_x_inf

#: kind → the ion it carries (None: a fixed-reversal leak), and a description.
KINDS: dict[str, tuple[str | None, str]] = {
    "hh_na": ("Na", "Hodgkin–Huxley Na⁺ channels, g m∞³h∞ (V − E_Na)"),
    "hh_k": ("K", "Hodgkin–Huxley K⁺ channels, g n∞⁴ (V − E_K)"),
    "ik1": ("K", "inward rectifier I_K1, g √([K]o/5.4) x∞ (V − E_K) (ten Tusscher–Panfilov 2006)"),
    "leak": (None, "leak with a fixed reversal, g (V − E)"),
}


@dataclass(frozen=True)
class Channel:
    """A gated channel population (see the module docstring): ``kind``, maximal conductance
    ``g`` (nS), ``name`` (its dotted-name prefix; default the kind), ``q10`` on g (default 1),
    and ``E`` (mV) for a ``"leak"`` only."""

    kind: str
    g: float
    name: str = ""
    q10: float = 1.0
    E: float | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.kind not in KINDS:
            raise VrestInputError("channel.type", self.kind, f"one of {', '.join(KINDS)}")
        name = self.name or self.kind
        if not isinstance(name, str) or not name.isidentifier():
            raise VrestInputError("channel.name", name, "a name such as hh_k (letters, digits, _)")
        set_(self, "name", name)
        f = f"{name}.g"
        set_(self, "g", units.scalar(units.nonnegative(self.g, f, "conductance"), f, "conductance"))
        set_(self, "q10", float(units.positive(self.q10, f"{name}.q10", "dimensionless")))
        if self.kind == "leak":
            if self.E is None:
                raise VrestInputError(f"{name}.E", None, "the leak's reversal potential in mV")
            set_(
                self,
                "E",
                units.scalar(units.finite(self.E, f"{name}.E", "voltage"), f"{name}.E", "voltage"),
            )
        elif self.E is not None:
            raise VrestInputError(
                f"{name}.E", self.E, f"no E for {self.kind} (E comes from the ion)"
            )

    @property
    def ion(self) -> str | None:
        """The ion it carries (None for a fixed-reversal leak)."""
        return KINDS[self.kind][0]

    def gates(self, V: float, E_K: float | None = None) -> dict[str, float]:
        """Its gates' steady-state values at ``V`` (mV)."""
        if self.kind in ("hh_na", "hh_k"):
            n, m, h = (float(x) for x in _hh_inf(V))
            return {"m": m, "h": h} if self.kind == "hh_na" else {"n": n}
        if self.kind == "ik1":
            return {"x_K1": float(_ik1_x_inf(V, E_K))}
        return {}

    def open_fraction(self, V: Any, E_ion: Any, k_out: Any = None) -> Any:
        """g_eff/g at ``V``: m³h, n⁴, √(K_o/5.4)·x_K1, or 1 for a leak. Broadcasts."""
        if self.kind == "hh_na":
            _, m, h = _hh_inf(V)
            return m**3 * h
        if self.kind == "hh_k":
            n, _, _ = _hh_inf(V)
            return n**4
        if self.kind == "ik1":
            return np.sqrt(k_out / TTP06_K_O_REF) * _ik1_x_inf(V, E_ion)
        return np.ones_like(np.asarray(V, dtype=float))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.kind, "name": self.name, "g_nS": self.g, "q10": self.q10}
        if self.E is not None:
            d["E_mV"] = self.E
        return d


def channel_from_mapping(d: Any, where: str, strict_units: bool = False) -> Channel:
    """A :class:`Channel` from a ``[[channel]]`` table (:func:`vrest._tables.table_kwargs`):
    ``type``, ``g`` with its unit or ``g_nS``, and the optional fields of :class:`Channel`."""
    if isinstance(d, Channel):
        return d
    kw = table_kwargs(
        d,
        where,
        {"g": "nS", "E": "mV"},
        ("name", "q10"),
        f"one of {', '.join(KINDS)}",
        strict_units,
    )
    return Channel(**kw)
