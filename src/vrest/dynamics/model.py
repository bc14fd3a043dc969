"""The equations of a single pump–leak cell in time: V and every [X]ᵢ as states.

State y = (V, [X₁]ᵢ, …, [Xₙ]ᵢ) in mV and mM; time t in **seconds**. Fixed volume (unless the
cell has ``[water]``: **Volume** below) and fixed bath (but for the protocol's [K]ₒ steps).
With every current in pA, outward positive::

    I_X     = I_X,leak(V, [X]ᵢ) + I_X,carriers(V, [·]ᵢ) + I_X,pump(V, [Na]ᵢ, [K]ₒ)
    C dV/dt = −Σ_X I_X                  dV/dt (mV/s) = −1e3 · Σ I_X (pA) / C (pF)
    d[X]ᵢ/dt = −I_X / (z_X F vol)       (mM/s) = −1e6 · I_X (pA) / (z_X F vol (µm³))

(pA/pF = mV/ms, hence 1e3 for mV/s; pA·1e-12 / (z F) mol/s over vol·1e-15 L is M/s, ×1e3 mM/s.)
The leaks are the cell's membrane (:class:`vrest.membrane.Membrane`) under the chosen model:
chord I = g (V − E_X) with E_X recomputed from the current [X]ᵢ, or GHK I = P A J_GHK(V, [X]ᵢ,
[X]ₒ); the cotransporters are ``Membrane.transport`` at the current E's. The Na⁺/K⁺ pump, times
the protocol's level, runs at a cycle rate r (1/s): Na⁺ +n_na·e·r, K⁺ −n_k·e·r, net
(n_na − n_k)·e·r. A *kinetic* pump's rate follows [Na]ᵢ, [K]ₒ and V
(:func:`vrest.pump.kinetic_current`); a *fixed* or *balance* pump runs at the constant rate it
has at the start (``solve_rest(cell).atp_rate``): a balance pump is balanced once, for the start
state, and does not chase the concentrations afterwards.

This is the pump–leak model of Tosteson & Hoffman (J. Gen. Physiol. 44, 169 (1960)) at fixed
volume, as in Kay (J. Neurosci. 37, 2019 (2017)) and Düsterwald et al. (PLoS Comput. Biol. 14,
e1006132 (2018)) without their volume and impermeant-anion equations; what it shows after the
pump stops is the run-down of Hodgkin & Keynes (J. Physiol. 128, 28 (1955)).

**Volume** (a cell with ``[water]``, :class:`vrest.cell.Water`). The state is then
y = (V, N₁, …, Nₙ, w): the amount N_X of each ion inside (amol = mM·µm³) and the volume w (µm³),
so that every ion's amount changes only by its membrane flux (d(c w)/dt = flux, a linear
invariant that BDF keeps to rounding) and [X]ᵢ = N_X / w::

    C dV/dt = −Σ_X I_X                               (mV/s = 1e3 pA/pF, as above)
    dN_X/dt = −I_X / (z_X F)                          (amol/s = −1e6 · I_X (pA) / (z_X F))
    dw/dt   = P_f A v_w (osm_in − osm_out − ΔP/RT)    (µm³/s)
    osm_in  = Σ_X N_X / w + N_imp / w                 (mM)
    osm_out = Σ_X [X]ₒ + [A]ₒ                         (mM)
    ΔP      = k (w/w₀ − 1) for w > w₀, else 0         (kPa; ΔP/RT in mM = 1e3 ΔP / (R T))

with P_f in µm/s, A the membrane area (µm², fixed), v_w = 18 cm³/mol = 1.8e-5 m³/mol (so
v_w · Δosm (mol/m³) is a pure number and P_f A v_w Δosm is in µm³/s), N_imp the impermeant
amount (fixed), [A]ₒ an impermeant ion that balances the bath's charge (below) and k the
wall's stiffness (:class:`vrest.cell.Water`). Kay, Physiol. Rep. 5, e13162 (2017);
Düsterwald et al., eLife 7, e39575 (2018); Hille (2001) ch. 21 for the water flux. The membrane
area and capacitance stay fixed as the cell swells.

**Impermeants.** The fixed anions (:class:`vrest.cell.Impermeant`: amount and mean charge z_imp)
never cross. A cell with water but no ``[impermeant]`` gets them derived from its start state,
as Düsterwald et al. do: isotonicity gives the amount, Σ [X]ᵢ + [imp] = osm_out, and
electroneutrality its charge, Σ z_X [X]ᵢ + z_imp [imp] = C V₀ / (F w₀) (the capacitor's
charge, ~1e-3 mM: the inside is neutral to 1e-5). A bath whose listed ions are not neutral (the
chapter's: 149 mM cations against 110 mM Cl⁻) gets an impermeant monovalent anion (or cation)
[A]ₒ = |Σ z_X [X]ₒ| that balances it and counts in osm_out; every report says so. A given
impermeant's charge must make the start neutral within 0.5 % (else an error gives the z that
would); its z is then trimmed within that to make C V₀ the start's exact charge.

**Charge.** With the impermeant known, V is the charge inside over C, V = 1e-3 F (Σ z_X N_X +
z_imp N_imp) / C (mV, amol, pF): C V − 1e-3 F Σ z_X N_X is a linear invariant of these
equations, so the charge-balance V and the state V agree throughout, to rounding
(:meth:`PumpLeak.charge_voltage`). The usual pump–leak simplification instead takes V from
Σ I_X(V) = 0 at the current concentrations (:meth:`PumpLeak.zero_current_v`); the state V
follows it within τ = C/G (about a millisecond) and lags it by τ·dV/dt afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .._roots import find_root
from ..constants import E_CHARGE, ZERO_CELSIUS, F, R
from ..errors import VrestInputError
from ..ghk import UA_CM2_UM2_TO_PA, _ghk_j
from ..membrane import MODELS, Membrane
from ..nernst import _nernst
from ..pump import atp_limit_factor, kinetic_current
from ..temperature import _q10_factor

#: pA/pF = mV/ms → mV/s.
MV_PER_S = 1e3
#: −I (pA) / (z F vol (µm³)) × this = d[X]ᵢ/dt in mM/s (1e-12 A/pA ÷ 1e-15 L/µm³ × 1e3 mM/M).
MM_PER_S = 1e6
#: Central-difference steps for the V-derivatives of the GHK leaks and a voltage-dependent
#: kinetic pump (mV), and the relative step in [Na]ᵢ for the kinetic pump (truncation ~1e-9).
_DV = 1e-3
_DC_REL = 1e-5
#: Partial molar volume of water, m³/mol (18 cm³/mol): × Δosm (mM = mol/m³) a pure number.
V_WATER = 18.0e-6
#: A given impermeant's charge must make the start electroneutral within this fraction of
#: Σ |z_X| [X]ᵢ (else an error names the z that would).
NEUTRAL_RTOL = 5e-3


@dataclass(frozen=True, eq=False)
class PumpLeak:
    """A cell's time-domain equations (see the module docstring), ready to evaluate.

    ``mem``: the membrane at the cell's temperature; ``model``: "chord" or "ghk";
    ``C`` pF; ``vol`` µm³ (the described volume: w₀ of the wall); ``pump``: "none",
    "constant" (rate ``rate0`` cycles/s) or "kinetic" (``i_max`` pA at the cell's
    temperature). ``water``: the volume is a state and the ions are amounts (amol);
    ``n_imp``/``z_imp``: the impermeant (set by :meth:`with_start`); ``a_out``: the bath's
    balancing impermeant ion (mM)."""

    cell: Any
    mem: Membrane
    model: str
    C: float
    vol: float
    pump: str
    rate0: float = 0.0
    i_max: float = 0.0
    #: Volume modelled (``[water]``): state (V, N₁…Nₙ amol, w µm³) instead of (V, c₁…cₙ mM).
    water: bool = False
    #: P_f·A·v_w (µm³/s per mM of osmotic gap) and the wall stiffness as an osmolarity
    #: (k · 1e3/(R T), mM per unit of w/w₀ − 1).
    kw: float = 0.0
    wall_mM: float = 0.0
    #: The impermeant inside: amount (amol; None if unknown) and mean charge; how it was got.
    n_imp: float | None = None
    z_imp: float = 0.0
    imp_how: str = ""
    #: The bath's balancing impermeant ion (mM) and its charge (−1, +1, or 0 if none).
    a_out: float = 0.0
    z_a: float = 0.0

    @classmethod
    def of(
        cls,
        cell: Any,
        model: str | None = None,
        rate0: float = 0.0,
        v0: float | None = None,
        c0: np.ndarray | None = None,
    ) -> PumpLeak:
        """The equations of ``cell``; ``rate0``: the constant cycle rate (1/s) of a fixed or
        balance pump (the rest solution's ``atp_rate``). ``v0`` (mV) and ``c0`` (mM, default
        the cell's) are the start state, from which a cell with water but no ``[impermeant]``
        gets its impermeant (see the module docstring)."""
        eq = cls._of(cell, model, rate0)
        if cell.water is None and cell.impermeant is None:
            return eq
        return eq.with_start(0.0 if v0 is None else v0, c0)

    @classmethod
    def _of(cls, cell: Any, model: str | None, rate0: float) -> PumpLeak:
        model = cell.model if model is None else model
        if model not in MODELS:
            raise VrestInputError("model", model, "'chord' or 'ghk'")
        C, vol = cell.capacitance_pF, cell.volume_um3
        if C is None or vol is None:
            raise VrestInputError(
                "radius", cell.radius, "a radius (µm): a time course needs a capacitance and volume"
            )
        p = cell.pump
        mem = Membrane.of(cell)
        kw: dict[str, Any] = {}
        if cell.water is not None:
            kw["water"] = True
            kw["kw"] = cell.water.P_f * cell.area_um2 * V_WATER
            if cell.water.wall is not None:
                kw["wall_mM"] = cell.water.wall * 1e3 / (R * (mem.T + ZERO_CELSIUS))
        s = float(np.dot(mem.z, mem.c_out))
        if s:
            kw["a_out"], kw["z_a"] = abs(s), -math.copysign(1.0, s)
        if p is None:
            return cls(cell, mem, model, C, vol, "none", **kw)
        if p.mode == "kinetic":
            f = _q10_factor(p.q10, cell.celsius, cell.reference_celsius)
            return cls(cell, mem, model, C, vol, "kinetic", i_max=p.i_max * f, **kw)
        return cls(cell, mem, model, C, vol, "constant", rate0=rate0, **kw)

    def with_start(
        self, v0: float, c0: np.ndarray | None = None, w0: float | None = None
    ) -> PumpLeak:
        """These equations with the impermeant set for the start state (``v0`` mV, ``c0`` mM,
        ``w0`` µm³; defaults the cell's): given (amount; z trimmed within
        :data:`NEUTRAL_RTOL` to make the start's charge C·v0) or derived from isotonicity and
        electroneutrality at the start (module docstring)."""
        cell, mem = self.cell, self.mem
        c = mem.c_in if c0 is None else np.asarray(c0, dtype=float)
        w = self.vol if w0 is None else float(w0)
        q_cap = 1e3 * self.C * v0 / (F * w)  # mM: C V / (F w), pF·mV/(C/mol·µm³) × 1e3
        q_ions = float(np.dot(mem.z, c))
        imp = cell.impermeant
        if imp is None:
            x = self.osm_out(mem.c_out) - float(np.sum(c))
            if x <= 0:
                raise VrestInputError(
                    "impermeant", None,
                    "a start the bath's osmolarity can hold: the permeant ions inside alone "
                    f"({float(np.sum(c)):.6g} mM) reach the bath's {self.osm_out(mem.c_out):.6g} "
                    "mOsm, leaving no room for impermeant solutes; give [impermeant]",
                )  # fmt: skip
            how = (
                "derived (Düsterwald et al. 2018): isotonic, [imp] = osm_out − Σ[X]i = "
                f"{x:.6g} mM; "
                f"electroneutral, mean charge z = {(q_cap - q_ions) / x:.6g}"
            )
            return replace(self, n_imp=x * w, z_imp=(q_cap - q_ions) / x, imp_how=how)
        n = imp.amount_fmol(self.vol) * 1e3  # amol (c is at the described volume)
        x = n / w
        z = (q_cap - q_ions) / x if x else 0.0
        scale = float(np.sum(np.abs(mem.z) * c)) + abs(imp.z) * x
        if abs(imp.z * x + q_ions - q_cap) > NEUTRAL_RTOL * scale:
            raise VrestInputError(
                "impermeant.z", imp.z,
                f"a charge that makes the inside electroneutral: Σ z[X]i + z[imp] = "
                f"{q_ions + imp.z * x:+.6g} mM with [imp] = {x:.6g} mM; z = {z:.6g} would (or "
                "leave out [impermeant] to derive it)",
            )  # fmt: skip
        how = f"given: {x:.6g} mM at {w:.6g} µm³, mean charge {imp.z:g} (trimmed to {z:.6g})"
        return replace(self, n_imp=n, z_imp=z, imp_how=how)

    # ---- volume, osmolarity, charge -------------------------------------------------------
    @property
    def n_states(self) -> int:
        return len(self.names) + (2 if self.water else 1)

    def osm_out(self, c_out: np.ndarray) -> float:
        """The bath's osmolarity (mM): its listed ions and the balancing impermeant ion."""
        return float(np.sum(c_out)) + self.a_out

    def native(self, V: float, c: np.ndarray, w: float | None = None) -> np.ndarray:
        """The state vector from V (mV), [X]ᵢ (mM) and the volume (µm³; default the cell's)."""
        if not self.water:
            return np.concatenate(([V], c))
        w = self.vol if w is None else w
        return np.concatenate(([V], np.asarray(c) * w, [w]))

    def native_samples(self, V: np.ndarray, c_in: Any, volume: Any = None) -> np.ndarray:
        """States × samples from V (mV), ``c_in`` ion → mM arrays and the volume (µm³)."""
        c = np.vstack([np.asarray(c_in[n], dtype=float) for n in self.names])
        if not self.water:
            return np.vstack([V, c])
        return np.vstack([V, c * volume, volume])

    def display(self, y: np.ndarray) -> np.ndarray:
        """(V, [X]ᵢ…, [w]) from the state (samples along axis 1 if 2-D): concentrations in mM."""
        if not self.water:
            return y
        out = np.array(y, dtype=float, copy=True)
        out[1:-1] = y[1:-1] / y[-1]
        return out

    def volume(self, y: np.ndarray) -> Any:
        """The volume (µm³) of state(s) ``y``."""
        return y[-1] if self.water else self.vol + 0.0 * np.asarray(y[0], dtype=float)

    def charge_voltage(self, y: np.ndarray) -> Any:
        """The V (mV) that the charge inside puts on the membrane, 1e-3 F (Σ z N + z_imp
        N_imp) / C (amol, pF); None without a known impermeant. Works along samples."""
        if self.n_imp is None:
            return None
        d = self.display(y)
        w = self.volume(y)
        q = np.tensordot(self.mem.z, d[1 : 1 + len(self.names)], axes=1) * w
        return 1e-3 * F * (q + self.z_imp * self.n_imp) / self.C

    def osmotic_gap(self, c: np.ndarray, w: float, c_out: np.ndarray) -> float:
        """osm_in − osm_out − ΔP/RT (mM) at concentrations ``c`` and volume ``w``."""
        gap = float(np.sum(c)) + (self.n_imp or 0.0) / w - self.osm_out(c_out)
        if self.wall_mM and w > self.vol:
            gap -= self.wall_mM * (w / self.vol - 1.0)
        return gap

    def zero_current_v(self, c: np.ndarray, level: float, c_out: np.ndarray) -> float:
        """The V (mV) where the membrane current vanishes at concentrations ``c``: the V of the
        pump–leak simplification that drops the capacitor (electroneutrality)."""

        def net(v: float) -> float:
            return float(np.sum(self.ion_currents(v, c, level, c_out)[0])) + self.untracked(v)

        return find_root(net, -200.0, 200.0, xtol=1e-12, what="the net membrane current")

    # ---- pieces --------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return self.mem.names

    def c_out(self, k_out: float | None = None) -> np.ndarray:
        """The bath (mM), with [K]ₒ = ``k_out`` if given."""
        co = self.mem.c_out.copy()
        k = self.mem.index("K")
        if k_out is not None and k is not None:
            co[k] = k_out
        return co

    def _at(self, c: np.ndarray, c_out: np.ndarray) -> Membrane:
        """The membrane with these concentrations (E recomputed from them)."""
        E = _nernst(c, c_out, self.mem.z, self.mem.T)
        return replace(self.mem, c_in=c, c_out=c_out, E=np.asarray(E, dtype=float))

    def pump_rate(self, V: Any, c: np.ndarray, level: float, c_out: np.ndarray) -> Any:
        """The pump's cycle rate (1/s, = ATP/s) × ``level``; V and c[Na] may be arrays."""
        zero = 0.0 * np.asarray(V, dtype=float)
        if self.pump == "none" or level == 0:
            return zero
        if self.pump == "constant":
            return level * self.rate0 + zero
        p = self.cell.pump
        na, k = self.mem.index("Na"), self.mem.index("K")
        i = kinetic_current(
            V, c[na], c_out[k], float(c_out[na]), self.mem.T, self.i_max,
            km_na=p.km_na, km_k=p.km_k, saturation=p.saturation, voltage=p.voltage,
        )  # fmt: skip
        if p.atp_limit:  # the thermodynamic brake, with E_Na and E_K of the present state
            rtf = 1e3 * R * (self.mem.T + ZERO_CELSIUS) / F
            e_na, e_k = rtf * np.log(c_out[na] / c[na]), rtf * np.log(c_out[k] / c[k])
            i = i * atp_limit_factor(V, e_na, e_k, self.mem.T, self._dG, p.n_na, p.n_k)
        return level * i * 1e-12 / ((p.n_na - p.n_k) * E_CHARGE)

    @property
    def _dG(self) -> float:
        """ΔG_ATP (kJ/mol) at the cell's temperature (:func:`vrest.atp_free_energy`)."""
        from ..energetics import atp_free_energy

        return float(atp_free_energy(celsius=self.mem.T))

    def pump_current(self, V: Any, c: np.ndarray, level: float, c_out: np.ndarray) -> Any:
        """Net pump current (pA, outward +): (n_na − n_k)·e·r."""
        if self.pump == "none":
            return 0.0 * np.asarray(V, dtype=float)
        p = self.cell.pump
        return (p.n_na - p.n_k) * E_CHARGE * 1e12 * self.pump_rate(V, c, level, c_out)

    def _shares(self) -> np.ndarray:
        """Per-ion pump current (pA) per cycle/s: Na⁺ +n_na·e, K⁺ −n_k·e."""
        out = np.zeros(len(self.names))
        if self.pump == "none":
            return out
        p = self.cell.pump
        out[self.mem.index("Na")] = p.n_na * E_CHARGE * 1e12
        k = self.mem.index("K")
        if k is not None:
            out[k] = -p.n_k * E_CHARGE * 1e12
        return out

    def ion_currents(
        self, V: float, c: np.ndarray, level: float, c_out: np.ndarray
    ) -> tuple[np.ndarray, float]:
        """Each ion's total current (pA: leak + carriers + pump share) and the pump's cycle
        rate (1/s) at state (V, c)."""
        mem = self.mem
        if self.water or mem.trans or mem.chans:
            m = self._at(c, c_out)
            I = m.currents(V, self.model)
            if m.trans:
                I = I + m.transport(V)
            if m.chans:  # gated channels, their gates at steady state (quasi-steady)
                I = I + m.channel_currents(V)[0]
        elif self.model == "chord":  # hot path: E from the present concentrations, inline
            rtf = 1e3 * R * (mem.T + ZERO_CELSIUS) / F
            I = mem.g * (V - rtf / mem.z * np.log(c_out / c))
        else:  # GHK needs no E
            I = mem.PA * _ghk_j(V, c, c_out, mem.z, mem.T) * UA_CM2_UM2_TO_PA
        r = float(self.pump_rate(V, c, level, c_out))
        if r:
            I = I + r * self._shares()
        return I, r

    def untracked(self, V: float) -> float:
        """The current of fixed-reversal leak channels (pA), which carry no tracked ion: it
        charges the membrane but moves no concentration (HH's "leakage" l)."""
        return sum(
            g * float(ch.open_fraction(V, ch.E)) * (V - ch.E)
            for ch, j, g in self.mem.chans
            if j is None
        )

    def _untracked_g(self) -> float:
        chans = self.mem.chans
        return sum(g * float(ch.open_fraction(0.0, ch.E)) for ch, j, g in chans if j is None)

    # ---- the ODE -------------------------------------------------------------------------
    def rhs(self, y: np.ndarray, level: float, c_out: np.ndarray) -> np.ndarray:
        """dy/dt: (dV/dt in mV/s, d[X]ᵢ/dt in mM/s); with water (dV/dt, dN_X/dt in amol/s,
        dw/dt in µm³/s)."""
        if self.water:
            w = float(y[-1])
            c = y[1:-1] / w
        else:
            c = y[1:]
        I, _ = self.ion_currents(y[0], c, level, c_out)
        out = np.empty_like(y)
        out[0] = -MV_PER_S * (float(np.sum(I)) + self.untracked(y[0])) / self.C
        if not self.water:
            out[1:] = -MM_PER_S * I / (self.mem.z * F * self.vol)
            return out
        out[1:-1] = -MM_PER_S * I / (self.mem.z * F)
        out[-1] = self.kw * self.osmotic_gap(c, w, c_out)
        return out

    def jac(self, y: np.ndarray, level: float, c_out: np.ndarray) -> np.ndarray:
        """∂(dy/dt)/∂y, analytic but for dI/dV of the GHK leaks and of a voltage-dependent
        kinetic pump and d(pump)/d[Na]ᵢ (central differences, ~1e-9 relative)."""
        if not self.water:
            M = self._dI(float(y[0]), y[1:], level, c_out)
            z, n = self.mem.z, len(self.names)
            J = np.empty((n + 1, n + 1))
            J[0] = -MV_PER_S * M.sum(axis=0) / self.C
            J[0, 0] -= MV_PER_S * self._untracked_g() / self.C
            J[1:] = -MM_PER_S * M / (z * F * self.vol)[:, None]
            return J
        w = float(y[-1])
        N = y[1:-1]
        c = N / w
        n = len(c)
        Mc = self._dI(float(y[0]), c, level, c_out)  # ∂I/∂(V, c)
        M = np.empty((n, n + 2))  # ∂I/∂(V, N, w): c = N/w
        M[:, 0] = Mc[:, 0]
        M[:, 1:-1] = Mc[:, 1:] / w
        M[:, -1] = -(Mc[:, 1:] @ c) / w
        J = np.zeros((n + 2, n + 2))
        J[0] = -MV_PER_S * M.sum(axis=0) / self.C
        J[0, 0] -= MV_PER_S * self._untracked_g() / self.C
        J[1:-1] = -MM_PER_S * M / (self.mem.z * F)[:, None]
        J[-1, 1:-1] = self.kw / w
        dgap = -(float(np.sum(N)) + (self.n_imp or 0.0)) / w**2
        if self.wall_mM and w > self.vol:
            dgap -= self.wall_mM / self.vol
        J[-1, -1] = self.kw * dgap
        return J

    def _dI(self, V: float, c: np.ndarray, level: float, c_out: np.ndarray) -> np.ndarray:
        """∂I_i/∂(V, c_k): pA per mV and pA per mM (n × (n + 1))."""
        n = len(c)
        mem, z, T = self.mem, self.mem.z, self.mem.T
        rtf = 1e3 * R * (T + ZERO_CELSIUS) / F
        M = np.zeros((n, n + 1))  # ∂I_i/∂(V, c_k), pA per mV and pA per mM
        if self.model == "chord":
            M[:, 0] = mem.g
            M[np.arange(n), np.arange(1, n + 1)] = mem.g * rtf / (z * c)  # −g dE/dc
        else:
            k = mem.PA * UA_CM2_UM2_TO_PA
            M[:, 0] = k * (_ghk_j(V + _DV, c, c_out, z, T) - _ghk_j(V - _DV, c, c_out, z, T))
            M[:, 0] /= 2 * _DV
            M[np.arange(n), np.arange(1, n + 1)] = k * _ghk_j(V, 1.0, 0.0, z, T)  # linear in c
        for idx, nz, g in mem.trans:  # I_i = −nz_i g D, D = Σ nz_k (E_k − V)
            dD = np.zeros(n + 1)
            dD[0] = -np.sum(nz)
            dD[1 + idx] = nz * (-rtf / (z[idx] * c[idx]))
            M[idx] -= g * np.outer(nz, dD)
        if self.pump == "kinetic" and level:
            M += self._pump_jac(V, c, level, c_out)
        if mem.chans:
            M += self._chan_jac(V, c, c_out)
        return M

    def _chan_jac(self, V: float, c: np.ndarray, c_out: np.ndarray) -> np.ndarray:
        """∂(gated channel current of I_i)/∂(V, c) (central differences: the gates' V
        dependence and E_i's dependence on [X]ᵢ; ~1e-9 relative)."""
        n = len(c)
        M = np.zeros((n, n + 1))

        def cur(v: float, cc: np.ndarray) -> np.ndarray:
            return self._at(cc, c_out).channel_currents(v)[0]

        M[:, 0] = (cur(V + _DV, c) - cur(V - _DV, c)) / (2 * _DV)
        for k in {j for _, j, _ in self.mem.chans if j is not None}:
            h = 1e-6 * c[k]
            up, down = c.copy(), c.copy()
            up[k] += h
            down[k] -= h
            M[:, 1 + k] = (cur(V, up) - cur(V, down)) / (2 * h)
        return M

    def _pump_jac(self, V: float, c: np.ndarray, level: float, c_out: np.ndarray) -> np.ndarray:
        """∂(pump share of I_i)/∂(V, c) of a kinetic pump (central differences)."""
        n = len(c)
        na = self.mem.index("Na")
        h = _DC_REL * c[na]
        up, dn = c.copy(), c.copy()
        up[na] += h
        dn[na] -= h
        rate = self.pump_rate
        d_na = float(rate(V, up, level, c_out) - rate(V, dn, level, c_out)) / (2 * h)
        d_v = 0.0
        if self.cell.pump.voltage != "none":
            d_v = float(rate(V + _DV, c, level, c_out) - rate(V - _DV, c, level, c_out)) / (2 * _DV)
        M = np.zeros((n, n + 1))
        M[:, 0] = self._shares() * d_v
        M[:, 1 + na] = self._shares() * d_na
        return M
