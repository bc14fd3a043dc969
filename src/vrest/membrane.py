"""The membrane of a cell, evaluated: each ion's passive current at (V, concentrations, T) under
either membrane model, and the pump's rate; the steady V where the currents sum to zero.

This is the one place where a :class:`~vrest.cell.Cell`'s description becomes currents, so the
rest analysis, the drift analysis and (later) time courses, noise and sweeps evaluate the
membrane the same way.

* chord: ``I_i = g_i (V − E_i)`` (pA = nS·mV);
* GHK: ``I_i = P_i A J_GHK(V, [i]_in, [i]_out, z_i, T)`` (:func:`vrest.ghk._ghk_j`, µA/cm² per
  cm/s, × µm² × 1e-2 → pA).

g and P are the cell's (fixed) description at its reference temperature, scaled by the leak Q10
to the cell's temperature. The Na⁺/K⁺ pump runs at a cycle rate r (1/s): fixed (from its
current at the reference temperature) or balanced (n_na·r equals the passive Na⁺ influx at the
reference temperature), and r is scaled by the pump's Q10 to the cell's temperature.

Units: mV, mM, pA, nS, cm/s, µm², °C; rates in cycles/s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ._roots import find_root
from .constants import E_CHARGE, F
from .errors import VrestInputError
from .ghk import UA_CM2_UM2_TO_PA, _ghk_j, _ghk_j_scalar
from .nernst import _nernst
from .pump import atp_limit_factor, kinetic_current
from .temperature import _q10_factor

#: Below this many ions the currents are summed in a Python loop (faster than NumPy for few).
_SCALAR_MAX = 12
#: Root bracket (mV) where the steady V is searched first (widened if needed).
V_BRACKET = (-150.0, 150.0)
MODELS = ("chord", "ghk")


@dataclass(frozen=True)
class Membrane:
    """The ions of a cell at one temperature, as arrays (one entry per ion).

    ``E`` mV; ``g`` nS; ``PA`` permeability × area in cm/s·µm²; ``T`` °C; ``area`` µm² or
    None; ``volume`` µm³ or None."""

    names: tuple[str, ...]
    z: np.ndarray
    c_in: np.ndarray
    c_out: np.ndarray
    E: np.ndarray
    g: np.ndarray
    PA: np.ndarray
    T: float
    area: float | None
    volume: float | None
    #: Transporters (:mod:`vrest.transporters`): (ion indices, n_i z_i, g at T in nS) each.
    trans: tuple[tuple[np.ndarray, np.ndarray, float], ...] = ()
    #: Each transporter's ATP term atp·|ΔG_ATP|/F (mV; 0 for cotransporters), same order.
    trans_atp: tuple[float, ...] = ()
    #: Gated channels (:mod:`vrest.channels`): (channel, ion index or None, g at T in nS) each.
    chans: tuple[tuple[Any, int | None, float], ...] = ()

    @classmethod
    def of(cls, cell: Any, celsius: float | None = None) -> Membrane:
        """The membrane of ``cell`` at ``celsius`` (default: the cell's temperature)."""
        T = cell.celsius if celsius is None else celsius
        f = _q10_factor(cell.q10_leak, T, cell.reference_celsius)
        ions = list(cell.ions.values())
        z = np.array([i.z for i in ions], dtype=float)
        ci = np.array([i.c_in for i in ions], dtype=float)
        co = np.array([i.c_out for i in ions], dtype=float)
        area = cell.area_um2
        return cls(
            names=tuple(cell.ions),
            z=z,
            c_in=ci,
            c_out=co,
            E=np.asarray(_nernst(ci, co, z, T), dtype=float),
            g=np.array([i.g for i in ions], dtype=float) * f,
            PA=np.array([i.P for i in ions], dtype=float) * (area or 1.0) * f,
            T=T,
            area=area,
            volume=cell.volume_um3,
            trans=tuple(_compile(t, cell, T) for t in getattr(cell, "transporters", ())),
            trans_atp=tuple(t.atp * atp_mV(T) for t in getattr(cell, "transporters", ())),
            chans=tuple(
                (
                    c,
                    None if c.ion is None else list(cell.ions).index(c.ion),
                    c.g * float(c.q10 ** ((T - cell.reference_celsius) / 10.0)),
                )
                for c in getattr(cell, "channels", ())
            ),
        )

    def index(self, name: str) -> int | None:
        return self.names.index(name) if name in self.names else None

    def with_c_in(self, j: int, c: float) -> Membrane:
        """The same membrane with ion ``j``'s inside concentration set to ``c`` (mM)."""
        ci = self.c_in.copy()
        ci[j] = c
        E = self.E.copy()
        E[j] = float(_nernst(c, self.c_out[j], self.z[j], self.T))
        return replace(self, c_in=ci, E=E)

    # ---- transporters --------------------------------------------------------------------
    def transport(self, V: float) -> np.ndarray:
        """Each ion's current through the transporters (pA, outward +) at ``V``:
        I_i = −n_i z_i g D with D = Σ n_k z_k (E_k − V) (:mod:`vrest.transporters`)."""
        out = np.zeros(len(self.names))
        for j, (idx, nz, _) in zip(self.transporter_rates(V), self.trans):
            out[idx] -= nz * j
        return out

    def transporter_rates(self, V: float) -> list[float]:
        """Each transporter's cycle rate j = g·D (pA: elementary charges per cycle-unit, so
        j·1e-12/e cycles per second), D including a primary pump's ATP term."""
        atp = self.trans_atp or (0.0,) * len(self.trans)
        return [
            g * (float(np.dot(nz, self.E[idx] - V)) + a) for (idx, nz, g), a in zip(self.trans, atp)
        ]

    def channel_currents(self, V: float) -> tuple[np.ndarray, float]:
        """The gated channels at ``V``: each ion's current (pA, outward +) and the current of
        the fixed-reversal leaks, which carry no tracked ion (pA)."""
        out = np.zeros(len(self.names))
        other = 0.0
        k_idx = self.index("K")
        k_out = self.c_out[k_idx] if k_idx is not None else None
        for ch, j, g in self.chans:
            if j is None:  # fixed reversal: a leak (open fraction 1) or a two-state population
                other += g * float(ch.open_fraction(V, ch.E)) * (V - ch.E)
            else:
                out[j] += g * float(ch.open_fraction(V, self.E[j], k_out)) * (V - self.E[j])
        return out, other

    def extra_total(self, V: float) -> float:
        """Σ of the currents beside the leaks (pA): transporters and gated channels."""
        t = float(np.sum(self.transport(V))) if self.trans else 0.0
        if self.chans:
            c, other = self.channel_currents(V)
            t += float(np.sum(c)) + other
        return t

    def extra_of(self, k: int, V: float) -> float:
        """Ion ``k``'s current through transporters and gated channels (pA)."""
        t = self.transport_of(k, V)
        if self.chans:
            t += float(self.channel_currents(V)[0][k])
        return t

    def transport_of(self, k: int, V: float) -> float:
        """Ion ``k``'s transporter current (pA) at ``V``."""
        return float(self.transport(V)[k]) if self.trans else 0.0

    # ---- currents ------------------------------------------------------------------------
    def currents(self, V: float, model: str) -> np.ndarray:
        """Each ion's passive current (pA, outward positive) at ``V`` (mV)."""
        if model == "chord":
            return self.g * (V - self.E)
        return self.PA * _ghk_j(V, self.c_in, self.c_out, self.z, self.T) * UA_CM2_UM2_TO_PA

    def total(self, V: float, model: str) -> float:
        """Σ of the passive currents (pA) at ``V``; a scalar loop for a few ions."""
        if model == "chord" or len(self.names) > _SCALAR_MAX:
            return float(np.sum(self.currents(V, model)))
        T, s = self.T, 0.0
        for pa, ci, co, z in zip(self.PA, self.c_in, self.c_out, self.z):
            if pa:
                s += pa * _ghk_j_scalar(V, ci, co, z, T)
        return s * UA_CM2_UM2_TO_PA

    def current(self, j: int, V: float, model: str) -> float:
        """Ion ``j``'s passive current (pA) at ``V``."""
        if model == "chord":
            return float(self.g[j] * (V - self.E[j]))
        return float(
            self.PA[j]
            * _ghk_j_scalar(V, self.c_in[j], self.c_out[j], self.z[j], self.T)
            * UA_CM2_UM2_TO_PA
        )

    def slope_conductance(self, V: float, model: str) -> float:
        """dI/dV of the summed membrane currents without the pump (nS), the input conductance:
        Σ g (chord leaks alone); otherwise a central difference with h = 1e-3 mV (truncation
        error ~1e-9 relative), gated channels' gating included."""
        if model == "chord" and not self.chans and not self.trans:
            return float(np.sum(self.g))
        h = 1e-3

        def tot(v: float) -> float:
            return self.total(v, model) + self.extra_total(v)

        return (tot(V + h) - tot(V - h)) / (2 * h)

    # ---- steady V ------------------------------------------------------------------------
    def steady_v(
        self,
        model: str,
        i_pump: float = 0.0,
        na_share: float = 0.0,
        pump_fn: Callable[[float], float] | None = None,
    ) -> tuple[float, float]:
        """The V (mV) where the passive currents plus the pump current vanish, and the pump
        current there (pA). A fixed pump: ``i_pump``. A balance pump (``na_share`` = q/n_na
        > 0 or < 0, q = n_na − n_k): I_pump = −(q/n_na)·I_Na(V), never driven backward (an Na⁺
        efflux leaves a balance pump idle)."""
        j = self.index("Na") if na_share else None
        if self.trans or self.chans or pump_fn is not None:
            return self._steady_v_transport(model, i_pump, na_share, j, pump_fn)
        if model == "chord":
            G = float(np.sum(self.g))
            if G <= 0:
                raise VrestInputError(
                    "g",
                    dict(zip(self.names, self.g.tolist())),
                    "at least one open conductance (nS)",
                )
            S = float(np.dot(self.g, self.E))
            if j is None:
                return (S - i_pump) / G, i_pump
            k = na_share * self.g[j]
            V = (S - k * self.E[j]) / (G - k)
            if V > self.E[j]:  # no Na⁺ influx to balance: the pump idles
                return S / G, 0.0
            return V, float(-k * (V - self.E[j]))
        if not np.any(self.PA > 0):
            raise VrestInputError(
                "P",
                dict(zip(self.names, (self.PA / (self.area or 1.0)).tolist())),
                "at least one open permeability (cm/s)",
            )
        if j is None:
            V = find_root(
                lambda v: self.total(v, model) + i_pump,
                *V_BRACKET,
                xtol=1e-11,
                what=f"the net current of the {model.upper()} model",
                fields="ions.*.g/P, pump.i_pump",
            )
            return V, i_pump

        def net(v: float) -> float:
            ina = self.current(j, v, model)
            return self.total(v, model) - na_share * min(ina, 0.0)

        V = find_root(
            net,
            *V_BRACKET,
            xtol=1e-11,
            what=f"the net current of the {model.upper()} model with a balance pump",
            fields="ions.*.g/P",
        )
        return V, float(-na_share * min(self.current(j, V, model), 0.0))

    def _steady_v_transport(
        self,
        model: str,
        i_pump: float,
        na_share: float,
        j: int | None,
        pump_fn: Callable[[float], float] | None = None,
    ) -> tuple[float, float]:
        """:meth:`Membrane.steady_v` with transporters: a bracketing root in both models (the
        transporter currents are linear in V, so the chord case converges at once)."""
        if not (np.any(self.g > 0) if model == "chord" else np.any(self.PA > 0)) and not self.chans:
            raise VrestInputError(
                "g" if model == "chord" else "P",
                dict(zip(self.names, self.g.tolist())),
                "at least one open channel",
            )

        def na_in(v: float) -> float:
            return self.current(j, v, model) + self.extra_of(j, v)

        def net(v: float) -> float:
            tot = self.total(v, model) + self.extra_total(v)
            if pump_fn is not None:
                return tot + pump_fn(v)
            if j is None:
                return tot + i_pump
            return tot - na_share * min(na_in(v), 0.0)

        V = find_root(
            net,
            *V_BRACKET,
            xtol=1e-11,
            what=f"the net current of the {model.upper()} model",
            fields="ions.*.g/P, transporters, pump.i_pump",
        )
        if pump_fn is not None:
            return V, float(pump_fn(V))
        ip = i_pump if j is None else float(-na_share * min(na_in(V), 0.0))
        return V, ip


def atp_mV(celsius: float) -> float:
    """|ΔG_ATP|/F in mV at ``celsius`` (cytosolic ATP/ADP/Pi of :func:`atp_free_energy`):
    kJ/mol × 1e3 / F → V, × 1e3 → mV."""
    from .energetics import atp_free_energy

    return abs(float(atp_free_energy(celsius=celsius))) * 1e6 / F


def _compile(t: Any, cell: Any, T: float) -> tuple[np.ndarray, np.ndarray, float]:
    """A transporter as (ion indices, n_i z_i, g at T in nS) for :class:`Membrane`."""
    from .transporters import q10_of

    names = list(cell.ions)
    idx = np.array([names.index(i) for i in t.stoichiometry], dtype=int)
    nz = np.array([n * cell.ions[i].z for i, n in t.stoichiometry.items()], dtype=float)
    return idx, nz, t.g * q10_of(t, T, cell.reference_celsius)


@dataclass(frozen=True)
class Steady:
    """The steady V of one membrane model and the pump there: ``V`` mV, pump cycle ``rate``
    (1/s), net pump current ``i_pump`` (pA, outward +), and how the pump's rate was set."""

    V: float
    i_pump: float
    rate: float
    how: str


def _rate_at_reference(cell: Any, model: str) -> float:
    """A balance pump's cycle rate (1/s) at the reference temperature (at the cell's own
    temperature it is solved together with V instead)."""
    p = cell.pump
    q = p.n_na - p.n_k
    mem = Membrane.of(cell, cell.reference_celsius)
    if q == 0:  # electroneutral: no current; the rate follows the Na⁺ influx at the steady V
        V, _ = mem.steady_v(model)
        k = mem.index("Na")
        ina = mem.current(k, V, model) + mem.extra_of(k, V)
        return max(-ina, 0.0) * 1e-12 / (p.n_na * E_CHARGE)
    _, ip = mem.steady_v(model, na_share=q / p.n_na)
    return ip * 1e-12 / (q * E_CHARGE)


def steady(cell: Any, mem: Membrane, model: str, pump_on: bool = True) -> Steady:
    """Steady V of ``model`` for ``cell`` (``mem`` is its membrane at the cell's temperature).

    No pump: Σ I_i(V) = 0. A balance pump at the reference temperature: solved with V. Any
    other pump: its rate at the reference temperature (fixed, or balanced there), scaled by its
    Q10 to the cell's temperature, then a fixed current."""
    p = cell.pump if pump_on else None
    if p is None:
        V, _ = mem.steady_v(model)
        return Steady(V, 0.0, 0.0, "no pump")
    q = p.n_na - p.n_k
    here = cell.celsius == cell.reference_celsius
    if p.mode == "kinetic":
        f = _q10_factor(p.q10, cell.celsius, cell.reference_celsius)
        na, k = mem.index("Na"), mem.index("K")
        args = (mem.c_in[na], mem.c_out[k], mem.c_out[na], mem.T, p.i_max * f)
        opts = {"km_na": p.km_na, "km_k": p.km_k, "saturation": p.saturation, "voltage": p.voltage}

        brake = None
        if p.atp_limit:
            from .energetics import atp_free_energy

            dG = float(atp_free_energy(celsius=mem.T))
            brake = (float(mem.E[na]), float(mem.E[k]), mem.T, dG, p.n_na, p.n_k)

        def ip_of(v: float) -> float:
            i = float(kinetic_current(v, *args, **opts))
            return i * float(atp_limit_factor(v, *brake)) if brake else i

        V, ip = mem.steady_v(model, pump_fn=ip_of)
        how = (
            f"kinetic: i_max {p.i_max:.4g} pA at {cell.reference_celsius:g} °C"
            + (f" (×{f:.4g} by Q10 {p.q10:g})" if f != 1.0 else "")
            + f", K_Na {p.km_na:g} mM, K_K {p.km_k:g} mM, {p.saturation} saturation"
            + (", Luo–Rudy f_NaK(V)" if p.voltage == "luo-rudy" else "")
            + (", braked by ΔG_ATP: × (1 − e^((W − |ΔG_ATP|)/RT))" if p.atp_limit else "")
        )
        return Steady(V, ip, ip * 1e-12 / (q * E_CHARGE), how)
    if p.mode == "balance" and here and q != 0:
        V, ip = mem.steady_v(model, na_share=q / p.n_na)
        src = "passive and transported " if mem.trans else "passive "
        how = f"balance: its Na⁺ efflux equals the {src}Na⁺ influx at {cell.celsius:g} °C"
        return Steady(V, ip, ip * 1e-12 / (q * E_CHARGE) + 0.0, how)  # + 0.0: no −0 rate
    if p.mode == "fixed":
        rate = p.fixed_rate()
        how = f"fixed: {p.i_pump:.4g} pA at {cell.reference_celsius:g} °C"
    else:
        rate = _rate_at_reference(cell, model)
        how = f"balance at {cell.reference_celsius:g} °C"
    if not here:
        f = _q10_factor(p.q10, cell.celsius, cell.reference_celsius)
        rate *= f
        how += f", turnover × Q10 {p.q10:g}^(ΔT/10) = ×{f:.4g} at {cell.celsius:g} °C"
    ip = q * rate * E_CHARGE * 1e12
    V, _ = mem.steady_v(model, i_pump=ip)
    return Steady(V, ip, rate, how)
