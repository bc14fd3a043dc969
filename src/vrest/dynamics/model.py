"""The equations of a single pump–leak cell in time: V and every [X]ᵢ as states.

State y = (V, [X₁]ᵢ, …, [Xₙ]ᵢ) in mV and mM; time t in **seconds**. Fixed volume and fixed bath
(but for the protocol's [K]ₒ steps) in this slice. With every current in pA, outward positive::

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
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..constants import E_CHARGE, ZERO_CELSIUS, F, R
from ..errors import VrestInputError
from ..ghk import UA_CM2_UM2_TO_PA, _ghk_j
from ..membrane import MODELS, Membrane
from ..nernst import _nernst
from ..pump import kinetic_current
from ..temperature import _q10_factor

#: pA/pF = mV/ms → mV/s.
MV_PER_S = 1e3
#: −I (pA) / (z F vol (µm³)) × this = d[X]ᵢ/dt in mM/s (1e-12 A/pA ÷ 1e-15 L/µm³ × 1e3 mM/M).
MM_PER_S = 1e6
#: Central-difference steps for the V-derivatives of the GHK leaks and a voltage-dependent
#: kinetic pump (mV), and the relative step in [Na]ᵢ for the kinetic pump (truncation ~1e-9).
_DV = 1e-3
_DC_REL = 1e-5


@dataclass(frozen=True, eq=False)
class PumpLeak:
    """A cell's time-domain equations (see the module docstring), ready to evaluate.

    ``mem``: the membrane at the cell's temperature; ``model``: "chord" or "ghk";
    ``C`` pF; ``vol`` µm³; ``pump``: "none", "constant" (rate ``rate0`` cycles/s) or
    "kinetic" (``i_max`` pA at the cell's temperature)."""

    cell: Any
    mem: Membrane
    model: str
    C: float
    vol: float
    pump: str
    rate0: float = 0.0
    i_max: float = 0.0

    @classmethod
    def of(cls, cell: Any, model: str | None = None, rate0: float = 0.0) -> PumpLeak:
        """The equations of ``cell``; ``rate0``: the constant cycle rate (1/s) of a fixed or
        balance pump (the rest solution's ``atp_rate``)."""
        model = cell.model if model is None else model
        if model not in MODELS:
            raise VrestInputError("model", model, "'chord' or 'ghk'")
        C, vol = cell.capacitance_pF, cell.volume_um3
        if C is None or vol is None:
            raise VrestInputError(
                "radius", cell.radius, "a radius (µm): a time course needs a capacitance and volume"
            )
        if getattr(cell, "channels", ()):
            raise VrestInputError(
                "channels",
                [getattr(c, "name", c) for c in cell.channels],
                "no gated channels: time courses cover leaks, carriers and the pump so far",
            )
        p = cell.pump
        if p is None:
            return cls(cell, Membrane.of(cell), model, C, vol, "none")
        if p.mode == "kinetic":
            f = _q10_factor(p.q10, cell.celsius, cell.reference_celsius)
            return cls(cell, Membrane.of(cell), model, C, vol, "kinetic", i_max=p.i_max * f)
        return cls(cell, Membrane.of(cell), model, C, vol, "constant", rate0=rate0)

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
        return level * i * 1e-12 / ((p.n_na - p.n_k) * E_CHARGE)

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
        m = self._at(c, c_out)
        I = m.currents(V, self.model)
        if m.trans:
            I = I + m.transport(V)
        r = float(self.pump_rate(V, c, level, c_out))
        if r:
            I = I + r * self._shares()
        return I, r

    # ---- the ODE -------------------------------------------------------------------------
    def rhs(self, y: np.ndarray, level: float, c_out: np.ndarray) -> np.ndarray:
        """dy/dt: (dV/dt in mV/s, d[X]ᵢ/dt in mM/s)."""
        c = y[1:]
        I, _ = self.ion_currents(y[0], c, level, c_out)
        out = np.empty_like(y)
        out[0] = -MV_PER_S * float(np.sum(I)) / self.C
        out[1:] = -MM_PER_S * I / (self.mem.z * F * self.vol)
        return out

    def jac(self, y: np.ndarray, level: float, c_out: np.ndarray) -> np.ndarray:
        """∂(dy/dt)/∂y, analytic but for dI/dV of the GHK leaks and of a voltage-dependent
        kinetic pump and d(pump)/d[Na]ᵢ (central differences, ~1e-9 relative)."""
        V, c = float(y[0]), y[1:]
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
        J = np.empty((n + 1, n + 1))
        J[0] = -MV_PER_S * M.sum(axis=0) / self.C
        J[1:] = -MM_PER_S * M / (z * F * self.vol)[:, None]
        return J

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
