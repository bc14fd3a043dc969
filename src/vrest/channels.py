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
* ``"two_state"``: I = g p_O (V − E), a population of two-state channels C ⇄ O with
  voltage-independent opening and closing rates ``alpha`` and ``beta`` (1/ms), so that the
  open probability at rest is p_O = α/(α + β). It carries ``ion`` (default K⁺, E from Nernst)
  or, given ``E`` (mV), has a fixed reversal and carries no tracked ion.

A population may be given by its channels instead of its conductance: ``count`` channels of
single-channel conductance ``gamma`` (nS; 10 pS = 0.01 nS) make g = count·γ. Counted
populations are what the channel-noise analyses (:mod:`vrest.noise`) simulate channel by
channel; the rest and time-course analyses use their mean (the gates at steady state).
The gates' rates scale with temperature by ``rate_q10`` (HH kinds: Q10 = 3 from 6.3 °C, HH
1952; two-state: from the cell's reference temperature, default Q10 = 1); ``q10`` scales g.

E_Na and E_K come from the cell's concentrations (Nernst). Units: mV, nS, pA, mM, 1/ms, °C.
"""

from __future__ import annotations

import math
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
    "two_state": ("K", "two-state channels C ⇄ O (rates alpha, beta), g α/(α+β) (V − E)"),
}

#: Largest channel count accepted per population: 10⁹ channels of 1 pS are 1 µS, beyond any
#: single cell (a 10⁹ count would also take hours to simulate channel by channel).
MAX_COUNT = 10**9


def _count(x: Any, field: str) -> int:
    """A channel count: a whole number 0 … :data:`MAX_COUNT` (a float with an integer value is
    accepted; 80.5 or True is not)."""
    if isinstance(x, bool | np.bool_):
        ok = False
    elif isinstance(x, int | np.integer):  # any size: 2**70 is refused, not an overflow
        ok = 0 <= x <= MAX_COUNT
    elif isinstance(x, float | np.floating):
        ok = math.isfinite(x) and float(x).is_integer() and 0 <= x <= MAX_COUNT
    else:
        ok = False
    if ok:
        return int(x)
    raise VrestInputError(
        field, units._short(x), f"a whole number of channels, 0 … {MAX_COUNT:.0e}"
    )


@dataclass(frozen=True)
class Channel:
    """A gated channel population (see the module docstring): ``kind``; maximal conductance
    ``g`` (nS) or ``count`` channels of ``gamma`` (nS each); ``name`` (its dotted-name
    prefix; default the kind); ``q10`` on g (default 1); ``E`` (mV) for a ``"leak"`` (and
    optionally a ``"two_state"``); ``alpha``, ``beta`` (1/ms) and ``ion`` for a
    ``"two_state"``; ``rate_q10`` of the gating rates (default 3 for HH kinds, 1 otherwise)."""

    kind: str
    g: float | None = None
    name: str = ""
    q10: float = 1.0
    E: float | None = None
    count: int | None = None
    gamma: float | None = None
    alpha: float | None = None
    beta: float | None = None
    rate_q10: float | None = None
    carries: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.kind not in KINDS:
            raise VrestInputError("channel.type", self.kind, f"one of {', '.join(KINDS)}")
        name = self.name or self.kind
        if not isinstance(name, str) or not name.isidentifier():
            raise VrestInputError("channel.name", name, "a name such as hh_k (letters, digits, _)")
        set_(self, "name", name)
        self._conductance(name)
        set_(self, "q10", float(units.positive(self.q10, f"{name}.q10", "dimensionless")))
        self._rates(name)
        if self.kind == "two_state" and self.E is not None:
            if self.carries is not None:
                raise VrestInputError(
                    f"{name}.E", self.E, f"either E or ion {self.carries} (E from Nernst)"
                )
            set_(self, "E", units.finite_scalar(self.E, f"{name}.E", "voltage"))
            return
        if self.kind == "two_state":
            ion = "K" if self.carries is None else self.carries
            if not isinstance(ion, str) or not ion:
                raise VrestInputError(f"{name}.ion", ion, "the name of an ion of the cell, e.g. K")
            set_(self, "carries", ion)
            return
        if self.carries is not None:
            raise VrestInputError(
                f"{name}.ion", self.carries, f"no ion for {self.kind} (it carries {self.ion})"
            )
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

    def _conductance(self, name: str) -> None:
        """g (nS) from ``g``, or from ``count`` × ``gamma``; never both disagreeing."""
        set_ = object.__setattr__
        f = f"{name}.g"
        if self.count is None:
            if self.gamma is not None:
                raise VrestInputError(f"{name}.count", None, "a channel count with gamma")
            if self.g is None:
                raise VrestInputError(f, None, "a conductance g in nS, or count and gamma")
            g = units.scalar(units.nonnegative(self.g, f, "conductance"), f, "conductance")
            set_(self, "g", g)
            return
        n = _count(self.count, f"{name}.count")
        if self.gamma is None:
            raise VrestInputError(
                f"{name}.gamma", None, "the single-channel conductance, e.g. '10 pS'"
            )
        fg = f"{name}.gamma"
        gamma = units.scalar(units.positive(self.gamma, fg, "conductance"), fg, "conductance")
        g = n * gamma
        if not math.isfinite(g):
            raise VrestInputError(
                fg, self.gamma, f"a conductance in nS small enough that count × gamma ({n} × "
                f"{gamma:g} nS) is finite",
            )  # fmt: skip
        if self.g is not None:
            given = units.scalar(units.nonnegative(self.g, f, "conductance"), f, "conductance")
            if not math.isclose(given, g, rel_tol=1e-9, abs_tol=1e-15):
                raise VrestInputError(
                    f, self.g, f"count × gamma = {g:.6g} nS, or leave g out (it follows)"
                )
        set_(self, "count", n)
        set_(self, "gamma", gamma)
        set_(self, "g", g)

    def _rates(self, name: str) -> None:
        """``alpha``, ``beta`` (1/ms, > 0) for a two-state population only; ``rate_q10``."""
        set_ = object.__setattr__
        if self.kind == "two_state":
            for r in ("alpha", "beta"):
                v = getattr(self, r)
                if v is None:
                    raise VrestInputError(f"{name}.{r}", None, "a rate in 1/ms, e.g. '0.1 /ms'")
                set_(self, r, units.scalar(units.positive(v, f"{name}.{r}", "rate"),
                                           f"{name}.{r}", "rate"))  # fmt: skip
        else:
            for r in ("alpha", "beta"):
                if getattr(self, r) is not None:
                    raise VrestInputError(
                        f"{name}.{r}", getattr(self, r), f"no {r} for {self.kind} (built in)"
                    )
        q = self.rate_q10
        if q is None:
            q = 3.0 if self.kind in ("hh_na", "hh_k") else 1.0
        set_(self, "rate_q10", float(units.positive(q, f"{name}.rate_q10", "dimensionless")))

    @property
    def ion(self) -> str | None:
        """The ion it carries (None for a fixed-reversal leak or two-state population)."""
        if self.kind == "two_state":
            return self.carries
        return KINDS[self.kind][0]

    @property
    def p_open(self) -> float | None:
        """A two-state population's open probability α/(α + β) (None for other kinds)."""
        if self.kind != "two_state":
            return None
        return self.alpha / (self.alpha + self.beta)

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
        if self.kind == "two_state":
            return np.full_like(np.asarray(V, dtype=float), self.p_open)
        return np.ones_like(np.asarray(V, dtype=float))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.kind, "name": self.name, "g_nS": self.g, "q10": self.q10}
        if self.E is not None:
            d["E_mV"] = self.E
        if self.count is not None:
            d |= {"count": self.count, "gamma_nS": self.gamma}
        if self.kind == "two_state":
            d |= {"alpha_1_ms": self.alpha, "beta_1_ms": self.beta}
            if self.carries is not None:
                d["ion"] = self.carries
        d["rate_q10"] = self.rate_q10
        return d


def channel_from_mapping(d: Any, where: str, strict_units: bool = False) -> Channel:
    """A :class:`Channel` from a ``[[channel]]`` table (:func:`vrest._tables.table_kwargs`):
    ``type``, ``g`` with its unit or ``g_nS``, and the optional fields of :class:`Channel`."""
    if isinstance(d, Channel):
        return d
    kw = table_kwargs(
        d,
        where,
        {"g": "nS", "E": "mV", "gamma": "nS", "alpha": "1/ms", "beta": "1/ms"},
        ("name", "q10", "count", "rate_q10", "ion"),
        f"one of {', '.join(KINDS)}",
        strict_units,
    )
    if "ion" in kw:
        kw["carries"] = kw.pop("ion")
    return Channel(**kw)
