"""What kind of state a resting cell is in, what drifts, and the energy books.

The four states, as a biophysicist distinguishes them (the chapter: "静息膜电位：一个非平衡稳态";
Katchalsky & Curran 1965; Hille 2001 ch. 1):

* **equilibrium** (thermodynamic equilibrium): every pathway at zero flux: V = E_i for every
  permeant ion, no transporter running, nothing spent, zero entropy production.
* **NESS** (non-equilibrium steady state): V steady *and* every ion's net flux (passive plus
  transported) zero, so the concentrations are constant while ions keep flowing; energy is
  spent (ATP), entropy is produced.
* **drifting** (V steady, concentrations drifting): the currents sum to zero, so V does not
  move, but some ion's net flux is not zero, so its concentration changes: each such ion is
  named with its rate (mM/min), its time constant, its end point and what would hold it.
* **not steady**: the net membrane current is not zero (V itself must change).

The chapter's wording maps onto these plainly: "the currents sum to zero" is the condition for
V steady (NESS *or* drifting); "the pump keeps the gradients" is the extra condition, every
ion's net flux zero, that makes it a NESS.

Tolerances (stated in every result): a net membrane current counts as zero below
:data:`I_REL_TOL` × the largest ionic current (the solver resolves V to 1e-11 mV); an ion's net
flux counts as zero below :data:`FLUX_REL_TOL` × the largest ionic current (its concentration then
changes a million times more slowly than the passive turnover); an ion is at its Nernst potential
when |V − E_i| < :data:`V_TOL_MV`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from .constants import ZERO_CELSIUS, F, R
from .ghk import UA_CM2_UM2_TO_PA, _ghk_j_scalar
from .ions import ION_TABLE

#: |V − E| below this (mV) counts as "at its Nernst potential".
V_TOL_MV = 1e-8
#: A net membrane current below this fraction of the largest ionic current counts as zero.
I_REL_TOL = 1e-9
#: ... or below the current that moves V by this much (mV) at the input conductance.
V_RES_MV = 1e-9
#: An ion's net current below this fraction of the largest ionic current counts as no drift.
FLUX_REL_TOL = 1e-6

STATES = ("equilibrium", "NESS", "drifting", "not steady")
#: Each state in words (the report and the figures use these).
STATE_LABELS = {
    "equilibrium": "thermodynamic equilibrium",
    "NESS": "non-equilibrium steady state (NESS)",
    "drifting": "V steady, concentrations drifting",
    "not steady": "not steady",
}
STATE_EXPLAINED = {
    "equilibrium": "every ion at its Nernst potential: no flux, nothing spent",
    "NESS": "currents sum to zero and every ion's net flux is zero: gradients kept, ATP spent",
    "drifting": "currents sum to zero, but some ions' amounts change",
    "not steady": "the net membrane current is not zero: V must change",
}

#: What would hold an ion whose net flux is not zero: (ion, uptake|extrusion) → text.
_HOLDERS = {
    ("Cl", "uptake"): "an inward Cl⁻ transporter such as NKCC1 (KCC2 extrudes Cl⁻ and would "
    "make the loss worse)",
    ("Cl", "extrusion"): "a Cl⁻ extruder such as KCC2 (NKCC1 would add Cl⁻)",
    ("K", "uptake"): "more K⁺ uptake: a faster Na⁺/K⁺ pump (which would then over-extrude Na⁺) "
    "or NKCC1",
    ("K", "extrusion"): "K⁺ extrusion, e.g. KCC2 (K⁺–Cl⁻ efflux)",
    ("Na", "extrusion"): 'the Na⁺/K⁺ pump (mode = "balance" extrudes exactly the Na⁺ influx)',
    ("Na", "uptake"): "Na⁺ uptake (e.g. NKCC1), or a slower pump",
    ("Ca", "extrusion"): "Ca²⁺ extrusion (PMCA, NCX)",
    ("H", "extrusion"): "H⁺ extrusion (NHE, an H⁺-ATPase)",
    ("HCO3", "uptake"): "HCO₃⁻ uptake (NBC)",
}


@dataclass(frozen=True)
class Drift:
    """One ion whose amount changes while V is steady.

    ``rate`` d[X]_in/dt in mM/min; ``tau`` the linearized time constant of [X]_in with V and the
    pump held (min; None without a volume or if the ion does not relax); ``end`` the [X]_in
    (mM) at which its net flux would vanish with V and the pump held (None if none exists:
    it would run down to 0 or rise without bound); ``need`` "uptake" or "extrusion"; ``holder``
    what would hold it."""

    ion: str
    symbol: str
    rate: float | None
    tau: float | None
    end: float | None
    need: str
    holder: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {
            "ion": d["ion"],
            "rate_mM_per_min": d["rate"],
            "tau_min": d["tau"],
            "end_mM": d["end"],
            "need": d["need"],
            "holder": d["holder"],
        }

    def text(self) -> str:
        parts = [f"[{self.symbol}]in"]
        parts.append(f"changes by {self.rate:+.3g} mM/min" if self.rate is not None else "changes")
        if self.tau is not None:
            parts.append(f"with τ ≈ {_fmt_minutes(self.tau)}")
        if self.end is not None:
            parts.append(f"toward {self.end:.3g} mM (with V and the pump held)")
        else:
            parts.append("with no end point while V and the pump are held")
        return " ".join(parts) + f"; only {self.holder} would hold it"


def _fmt_minutes(t: float) -> str:
    if t < 1:
        return f"{t * 60:.3g} s"
    if t < 120:
        return f"{t:.3g} min"
    if t < 48 * 60:
        return f"{t / 60:.3g} h"
    return f"{t / 1440:.3g} d"


def dcin_dt(net_current: float, z: int, volume_um3: float | None) -> float | None:
    """d[X]_in/dt in mM/s from an ion's net outward current (pA): −I/(zF)/vol
    (pA → A: 1e-12; µm³ → L: 1e-15; M → mM: 1e3). None without a volume."""
    if volume_um3 is None:
        return None
    return -(net_current * 1e-12 / (z * F)) / (volume_um3 * 1e-15) * 1e3 + 0.0  # no −0


def drift_of(mem: Any, j: int, V: float, model: str, pump_current: float) -> Drift:
    """The drift of ion ``j`` of membrane ``mem`` (:class:`vrest.membrane.Membrane`) at ``V``
    (mV) with its pump share ``pump_current`` (pA) held.

    Its net current n(c) = I(V, c) + I_pump as a function of c = [X]_in has a closed form in
    both models, so the end point n(c) = 0 and the slope dn/dc are exact:

    * chord: I = g (V − E(c)), E = (RT/zF) ln(c_out/c): the end point is where
      E = V + I_pump/g, c = c_out exp(−zF(V + I_pump/g)/RT); dI/dc = g (RT/zF)/c;
    * GHK: I is linear in c (the GHK current equation), I = a c + b with a = P A J(V, 1, 0):
      c_end = c − n(c)/a.

    τ = −1/(d ċ/dc) with ċ = −n/(zF·vol) (:func:`dcin_dt`)."""
    name, z = mem.names[j], int(mem.z[j])
    c, co = float(mem.c_in[j]), float(mem.c_out[j])
    if any(j in idx for idx, _, _ in mem.trans) or any(k == j for _, k, _ in mem.chans):
        return _drift_numeric(mem, j, V, model, pump_current)
    n0 = mem.current(j, V, model) + pump_current
    need = "uptake" if n0 / z > 0 else "extrusion"  # a net efflux needs uptake
    rtf = 1e3 * R * (mem.T + ZERO_CELSIUS) / F  # mV
    end: float | None
    if model == "chord":
        g = float(mem.g[j])
        dI_dc = g * rtf / (z * c)
        # exponent capped at 700 (e^700 ≈ 1e304): beyond it there is no finite end point
        end = co * math.exp(min(-z * (V + pump_current / g) / rtf, 700.0)) if g > 0 else None
    else:
        dI_dc = float(mem.PA[j] * _ghk_j_scalar(V, 1.0, 0.0, z, mem.T) * UA_CM2_UM2_TO_PA)
        end = c - n0 / dI_dc if dI_dc != 0 else None
    if end is not None and not (0 < end < math.inf):
        end = None
    rate = dcin_dt(n0, z, mem.volume)
    tau = None
    if mem.volume is not None and dI_dc != 0:
        slope = dcin_dt(dI_dc, z, mem.volume)  # d ċ/dc, 1/s (ċ is linear in n)
        tau = -1.0 / slope / 60.0 if slope < 0 else None
    sym = ION_TABLE[name].symbol if name in ION_TABLE else name
    holder = _HOLDERS.get((name, need), f"{sym} {need} by a transporter")
    return Drift(name, sym, None if rate is None else rate * 60.0, tau, end, need, holder)


def _drift_numeric(mem: Any, j: int, V: float, model: str, pump_current: float) -> Drift:
    """:func:`drift_of` for an ion a transporter or a gated channel moves: their currents
    depend on [X]_in through E_X, so the end point is a bracketing root in ln c and τ a central
    difference (relative step 1e-6)."""
    from ._roots import find_root
    from .errors import SolverError

    name, z, c = mem.names[j], int(mem.z[j]), float(mem.c_in[j])

    def net(ci: float) -> float:
        m = mem.with_c_in(j, ci)
        return m.current(j, V, model) + m.extra_of(j, V) + pump_current

    n0 = net(c)
    need = "uptake" if n0 / z > 0 else "extrusion"
    end: float | None = None
    lo, hi = math.log(c) - 6 * math.log(10), math.log(c) + 6 * math.log(10)
    if net(math.exp(lo)) * net(math.exp(hi)) < 0:
        try:
            end = math.exp(find_root(lambda u: net(math.exp(u)), lo, hi, xtol=1e-13))
        except SolverError:
            end = None
    rate = dcin_dt(n0, z, mem.volume)
    tau = None
    if mem.volume is not None:
        h = 1e-6 * c
        slope = (dcin_dt(net(c + h), z, mem.volume) - dcin_dt(net(c - h), z, mem.volume)) / (2 * h)
        tau = -1.0 / slope / 60.0 if slope < 0 else None
    sym = ION_TABLE[name].symbol if name in ION_TABLE else name
    holder = _HOLDERS.get((name, need), f"{sym} {need} by a transporter")
    return Drift(name, sym, None if rate is None else rate * 60.0, tau, end, need, holder)


def classify(
    *,
    currents: list[float],
    net_ion_currents: list[float],
    driving_forces: list[float],
    open_: list[bool],
    net_current: float,
    pump_rate: float,
    G: float = 0.0,
) -> str:
    """The state (one of :data:`STATES`) from the per-ion passive currents (pA), their net
    currents including transporters (pA), driving forces V − E_i (mV), which ions are open, the
    net membrane current (pA), the pump's cycle rate (1/s) and the input conductance ``G`` (nS).

    The net current is zero when below :data:`I_REL_TOL` × the largest ionic current, or below
    the current that would move V by :data:`V_RES_MV` at the input conductance (at an
    equilibrium every ionic current is ~0, so the relative test alone would judge round-off)."""
    scale = max([abs(i) for i in currents] + [1e-300])
    tol = max(I_REL_TOL * scale, abs(G) * V_RES_MV, 1e-12)
    if not abs(net_current) <= tol:
        return "not steady"
    at_e = all(abs(d) < V_TOL_MV for d, o in zip(driving_forces, open_) if o)
    # equilibrium: every open ion at its E, no pump, and no transporter moving ions either (a
    # KCC2 with E_K ≠ E_Cl runs even when V sits at E_K: K⁺ and Cl⁻ then leave the cell)
    if at_e and pump_rate == 0.0 and all(abs(n) <= tol for n in net_ion_currents):
        return "equilibrium"
    if all(abs(n) <= FLUX_REL_TOL * scale for n in net_ion_currents):
        return "NESS"
    return "drifting"


@dataclass(frozen=True)
class EnergyBooks:
    """The energy books of a resting cell (W, and J K⁻¹ s⁻¹ for entropy production).

    ``passive``: Σ_i I_i (V − E_i), dissipated by the channels (≥ 0). ``transporters``: the
    work the pump does on the ions, r·e·[n_na (E_Na − V) + n_k (V − E_K)]. ``atp``: free energy
    of the ATP spent, r·|ΔG_ATP|/N_A. ``efficiency`` = transporters / atp (≤ 1 by the second
    law; NaN without a pump). ``residual`` = passive − transporters: the rate at which the
    stored gradients lose free energy (0 at a NESS, > 0 while they run down); the same sign
    convention as :class:`vrest.energetics.EnergyBalance`. ``entropy_channels`` = passive/T
    (the chapter's quantity); ``entropy_total`` = (passive + atp − transporters)/T, including
    the pump's own losses (= atp/T at a NESS)."""

    passive: float
    transporters: float
    atp: float
    efficiency: float
    residual: float
    entropy_channels: float
    entropy_total: float

    def to_dict(self) -> dict[str, float]:
        return {
            "passive_dissipation_W": self.passive,
            "transporter_work_W": self.transporters,
            "atp_free_energy_W": self.atp,
            "pump_efficiency": self.efficiency,
            "residual_W": self.residual,
            "entropy_production_channels_J_per_K_s": self.entropy_channels,
            "entropy_production_total_J_per_K_s": self.entropy_total,
        }
