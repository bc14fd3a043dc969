"""Energetics of the resting potential: dissipation, entropy production, pump work and ATP cost.

Conventions: V = V_in − V_out (mV); outward current positive (pA); conductances nS; free energies
kJ/mol; temperature in °C (``celsius=``). Derived results are SI: power in W, entropy production
in J K⁻¹ s⁻¹ (W/K), charge in C, rates in ATP/s.

* Dissipation by an ion's channels (flux × electrochemical potential difference):
  ``P_i = I_i (V − E_i)``; pA · mV = 1e-15 W. Since I_i = z_i e × (outward ions/s) and
  Δμ̃_i = z_i F (V − E_i) (see :mod:`vrest.nernst`), P_i is the free energy the ions lose per
  second, exact for any current–voltage relation (ohmic, GHK, ...), and ≥ 0 for a passive
  current (one that flows down its electrochemical gradient).
* Entropy production at temperature T: ``Ṡ = P / T`` (de Groot & Mazur, *Non-Equilibrium
  Thermodynamics* (1962) ch. 3; Katchalsky & Curran, *Nonequilibrium Thermodynamics in
  Biophysics* (1965)).
* Work done by the Na⁺/K⁺ pump on the ions, per cycle (n_na Na⁺ out, n_k K⁺ in):
  ``W = n_na (E_Na − V) + n_k (V − E_K)`` in units of e·mV, i.e. F·W per mole of cycles.
* ΔG of ATP hydrolysis: ``ΔG = ΔG°′ + RT ln([ADP][Pi]/[ATP])`` (concentrations in M).
* Resting ATP budget after Attwell & Laughlin, J. Cereb. Blood Flow Metab. 21, 1133 (2001).

Reference: the chapter's section on the energetics of the resting potential; Attwell & Laughlin
(2001); Nelson & Cox, *Lehninger Principles of Biochemistry* ch. 13.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np

from . import units
from .chord import _as_pairs
from .constants import DEFAULT_CELSIUS, E_CHARGE, F, R, kelvin
from .errors import VrestInputError
from .pump import pump_cycle_rate

ArrayLike = Any

#: pA × mV → W.
PA_MV_TO_W = 1e-15

#: Standard transformed free energy of ATP hydrolysis, kJ/mol (pH 7, 1 M standard state;
#: Nelson & Cox, *Lehninger Principles of Biochemistry*, ch. 13).
DG0_ATP_KJ_PER_MOL = -30.5

#: Adenine nucleotide and phosphate concentrations (mM) from Nelson & Cox, *Lehninger
#: Principles of Biochemistry* (4th ed., 2005), Table 13-5. The erythrocyte row is cytosolic (the
#: cell has no mitochondria) and is the textbook's Worked Example 13-2 (ΔG_p ≈ −52 kJ/mol at
#: 37 °C); the neuron row (rat brain) is whole-cell content, so its ADP includes bound and
#: mitochondrial ADP and overstates free cytosolic ADP (|ΔG| then comes out too small).
ATP_ADP_PI_MM: dict[str, dict[str, float]] = {
    "erythrocyte": {"atp": 2.25, "adp": 0.25, "pi": 1.65},
    "neuron": {"atp": 2.59, "adp": 0.73, "pi": 2.72},
}


def _stoich(n_na: Any, n_k: Any) -> tuple[int, int]:
    """Pump stoichiometry: integers, n_na ≥ 1, n_k ≥ 0."""
    for name, val, lo in (("n_na", n_na, 1), ("n_k", n_k, 0)):
        if isinstance(val, bool) or not isinstance(val, int | np.integer) or val < lo:
            raise VrestInputError(name, val, f"an integer ≥ {lo} (ions per pump cycle)")
    return int(n_na), int(n_k)


def _scalar_out(x: Any) -> Any:
    return float(x) if np.ndim(x) == 0 else x


# --------------------------------------------------------------------------------------------
# dissipation and entropy production


def _ion_power(current_pa: ArrayLike, V: ArrayLike, E: ArrayLike) -> ArrayLike:
    """Unchecked kernel: P = I (V − E) in W for I in pA and V, E in mV."""
    return current_pa * (V - E) * PA_MV_TO_W


def ion_dissipation(I: Any, V: Any, E: Any) -> Any:
    """Free energy dissipated per second by each ion's channel current, in W.

    ``P_i = I_i (V − E_i)`` with ``I`` in pA (outward positive), ``V`` and ``E`` in mV
    (pA·mV = 1e-15 W). Because I_i/(z_i e) is the ions' outward flux and z_i F (V − E_i) their
    electrochemical potential difference Δμ̃_i = μ̃_in − μ̃_out, P_i = flux × Δμ̃ is exact for any
    current–voltage relation, and P_i ≥ 0 for every passive current (zero only at V = E_i).

    ``I`` and ``E`` are dicts keyed by ion (same keys; a dict of W is returned) or
    arrays/scalars that broadcast with ``V`` (element-wise result). Reference: Hille (2001)
    ch. 1; Katchalsky & Curran (1965) ch. 10.

    >>> ion_dissipation(-100.0, -70.0, 50.0)   # 100 pA inward Na⁺ current, 120 mV from E_Na
    1.2e-11
    """
    v = units.finite(V, "V", "voltage")
    if isinstance(I, Mapping) or isinstance(E, Mapping):
        if not (isinstance(I, Mapping) and isinstance(E, Mapping)):
            raise VrestInputError("I", I, "I and E both dicts keyed by ion name, or both arrays")
        if set(I) != set(E):
            raise VrestInputError("E", sorted(set(I) ^ set(E)), "I and E with the same ion names")
        return {
            k: _scalar_out(
                _ion_power(
                    units.finite(I[k], f"I[{k!r}]", "current"),
                    v,
                    units.finite(E[k], f"E[{k!r}]", "voltage"),
                )
            )
            for k in I
        }
    i = units.finite(I, "I", "current")
    e = units.finite(E, "E", "voltage")
    return _scalar_out(_ion_power(i, v, e))


def conductance_dissipation(g: Any, E: Any, V: Any) -> Any:
    """Total dissipation (W) of ohmic (chord) conductances at membrane potential ``V``.

    ``P = Σ_i g_i (V − E_i)²`` with ``g`` in nS, ``E`` and ``V`` in mV (nS·mV² = 1e-15 W): the
    linear special case of :func:`ion_dissipation` with I_i = g_i (V − E_i). ``g`` and ``E`` are
    dicts keyed by ion name (same keys) or arrays whose last axis runs over ions; ``V`` is one
    membrane potential per cell (it broadcasts against the leading axes). Always ≥ 0, and zero
    only when every conducting ion is at equilibrium. Reference: the chapter's conductance model
    (:mod:`vrest.chord`); Attwell & Laughlin (2001).

    >>> f'{conductance_dissipation({"K": 10.0, "Na": 1.0}, {"K": -90.0, "Na": 60.0}, -80.0):.4g}'
    '2.06e-11'
    """
    _, gv, ev = _as_pairs(g, E)
    v = units.finite(V, "V", "voltage")
    if np.ndim(v) and np.ndim(gv):
        v = np.expand_dims(v, -1)
    p = _ion_power(gv * (v - ev), v, ev)
    return _scalar_out(np.sum(p, axis=-1) if np.ndim(p) else p)


def entropy_production(power: Any, celsius: Any = DEFAULT_CELSIUS) -> Any:
    """Rate of entropy production Ṡ = P / T in J K⁻¹ s⁻¹ (W/K).

    ``power`` is a dissipated power in W (e.g. from :func:`conductance_dissipation`), ``celsius``
    the temperature in °C (T = celsius + 273.15 K). For an isothermal steady state the heat
    released, P, leaves at temperature T (de Groot & Mazur 1962, ch. 3). Broadcasts.

    >>> round(entropy_production(3.1015e-11, celsius=37) * 1e13, 6)   # 3.1015e-11 W at 310.15 K
    1.0
    """
    p = units.finite(power, "power", "power")
    t = units.celsius(celsius)
    return _scalar_out(p / kelvin(t))


# --------------------------------------------------------------------------------------------
# the pump


def _cycle_work_mV(V: ArrayLike, E_na: ArrayLike, E_k: ArrayLike, n_na: int, n_k: int):
    """Unchecked kernel: work per pump cycle in e·mV, n_na (E_Na − V) + n_k (V − E_K)."""
    return n_na * (E_na - V) + n_k * (V - E_k)


def _pump_args(V: Any, E_na: Any, E_k: Any, n_na: Any, n_k: Any):
    nn, nk = _stoich(n_na, n_k)
    return (
        units.finite(V, "V", "voltage"),
        units.finite(E_na, "E_na", "voltage"),
        units.finite(E_k, "E_k", "voltage"),
        nn,
        nk,
    )


def pump_free_energy_per_cycle(V: Any, E_na: Any, E_k: Any, n_na: int = 3, n_k: int = 2) -> Any:
    """Free energy the Na⁺/K⁺ pump stores in the ion gradients per mole of cycles, kJ/mol.

    ``ΔG_cycle = F [n_na (E_Na − V) + n_k (V − E_K)]`` (mV → V, J → kJ): moving one Na⁺ out
    costs −Δμ̃_Na = F (E_Na − V) and one K⁺ in costs Δμ̃_K = F (V − E_K) (see
    :func:`vrest.nernst.electrochemical_potential_difference`). For V = −70, E_Na = +50,
    E_K = −100 mV: F × 0.420 V = 40.5 kJ/mol. Reference: Läuger, *Electrogenic Ion Pumps* (1991)
    ch. 2; Attwell & Laughlin (2001).

    >>> round(pump_free_energy_per_cycle(-70, 50, -100), 2)
    40.52
    """
    v, ena, ek, nn, nk = _pump_args(V, E_na, E_k, n_na, n_k)
    return _scalar_out(F * _cycle_work_mV(v, ena, ek, nn, nk) * 1e-6)


def pump_work(i_pump: Any, V: Any, E_na: Any, E_k: Any, n_na: int = 3, n_k: int = 2) -> Any:
    """Rate (W) at which the pump raises the ions' electrochemical free energy.

    ``W = r · e · [n_na (E_Na − V) + n_k (V − E_K)]`` with the cycle rate
    r = I_pump / ((n_na − n_k) e) from :func:`vrest.pump.pump_cycle_rate`; ``i_pump`` in pA
    (outward positive), voltages in mV. At a pump–leak steady state this equals the passive
    dissipation (see :func:`energy_balance`). Reference: Attwell & Laughlin (2001).

    >>> round(pump_work(100.0, -70, 50, -100) * 1e11, 6)   # 100 pA of 3:2 pump current
    4.2
    """
    v, ena, ek, nn, nk = _pump_args(V, E_na, E_k, n_na, n_k)
    if nn == nk:
        raise VrestInputError("n_k", n_k, "n_k != n_na (an electroneutral pump has no current)")
    ip = units.finite(i_pump, "i_pump", "current")
    rate = pump_cycle_rate(ip, nn, nk)
    return _scalar_out(rate * E_CHARGE * _cycle_work_mV(v, ena, ek, nn, nk) * 1e-3)


def atp_free_energy(
    atp: Any = ATP_ADP_PI_MM["erythrocyte"]["atp"],
    adp: Any = ATP_ADP_PI_MM["erythrocyte"]["adp"],
    pi: Any = ATP_ADP_PI_MM["erythrocyte"]["pi"],
    celsius: Any = DEFAULT_CELSIUS,
    dG0: Any = DG0_ATP_KJ_PER_MOL,
) -> Any:
    """Free energy of ATP hydrolysis in the cell, ΔG_ATP in kJ/mol (negative).

    ``ΔG = ΔG°′ + RT ln([ADP][Pi]/[ATP])`` with concentrations (given in mM) converted to M for
    the 1 M standard state, ``dG0`` = ΔG°′ = −30.5 kJ/mol (pH 7) and T from ``celsius``.

    Defaults: the cytosolic concentrations of the human erythrocyte in Nelson & Cox, *Lehninger
    Principles of Biochemistry* (4th ed.), Table 13-5 — [ATP] = 2.25, [ADP] = 0.25,
    [Pi] = 1.65 mM — the textbook's Worked Example 13-2, which gives ΔG_p ≈ −52 kJ/mol at 37 °C.
    The same table's neuron (rat brain) totals, ``ATP_ADP_PI_MM["neuron"]``, give ≈ −49 kJ/mol,
    an upper bound because whole-cell ADP exceeds free cytosolic ADP; free-ADP estimates from
    the creatine-kinase equilibrium (Veech et al., J. Biol. Chem. 254, 6538 (1979)) put
    ΔG_ATP nearer −55 to −60 kJ/mol. Broadcasts.

    >>> round(atp_free_energy(), 1)
    -52.7
    """
    a = units.concentration(atp, "atp")
    d = units.concentration(adp, "adp")
    p = units.concentration(pi, "pi")
    t = units.celsius(celsius)
    g0 = units.finite(dG0, "dG0", "energy_per_mol")
    rt = R * kelvin(t) * 1e-3  # kJ/mol
    return _scalar_out(g0 + rt * np.log(d * p * 1e-3 / a))  # (d·1e-3)(p·1e-3)/(a·1e-3)


def pump_efficiency(V: Any, E_na: Any, E_k: Any, dG_atp: Any, n_na: int = 3, n_k: int = 2) -> Any:
    """Thermodynamic efficiency of the pump: free energy stored per cycle / |ΔG_ATP|.

    ``η = F [n_na (E_Na − V) + n_k (V − E_K)] / |ΔG_ATP|`` (dimensionless) with voltages in mV
    and ``dG_atp`` < 0 in kJ/mol (e.g. from :func:`atp_free_energy`). The second law requires
    η ≤ 1; η > 1 means one ATP cannot drive the cycle forward (the pump would run backward).
    Reference: Läuger (1991) ch. 2; Attwell & Laughlin (2001).

    >>> round(pump_efficiency(-70, 50, -100, -52.0), 3)
    0.779
    """
    work = pump_free_energy_per_cycle(V, E_na, E_k, n_na, n_k)
    g = units.finite(dG_atp, "dG_atp", "energy_per_mol")
    if (np.asarray(g) >= 0).any():
        raise VrestInputError("dG_atp", dG_atp, "a negative ΔG of ATP hydrolysis in kJ/mol")
    return _scalar_out(work / np.abs(g))


# --------------------------------------------------------------------------------------------
# energy balance at a pump–leak steady state


@dataclass(frozen=True)
class EnergyBalance:
    """Passive dissipation vs the pump's work on the ions (all in W).

    ``residual_W = passive_W − pump_W``; ``relative_residual = residual_W / max(|passive_W|,
    |pump_W|)`` (0 when both vanish)."""

    passive_W: float
    pump_W: float
    residual_W: float
    relative_residual: float


def energy_balance(passive_power: Any, pump_power: Any) -> EnergyBalance:
    """Compare the passive dissipation with the pump's work (both in W).

    At a true pump–leak steady state — each ion's passive current balanced by its pump current,
    I_i,passive = −I_i,pump, and every unpumped ion (e.g. Cl⁻) at equilibrium (I_Cl = 0, or
    V = E_Cl) so that Σ_i (I_i,passive + I_i,pump) = 0 — the two are equal:

        Σ_i I_i,passive (V − E_i) = Σ_i −I_i,pump (V − E_i) = Σ_i I_i,pump (E_i − V)
        = r e [n_na (E_Na − V) + n_k (V − E_K)]   (I_Na,pump = n_na r e, I_K,pump = −n_k r e),

    i.e. every joule stored in the gradients by the pump is dissipated by the leaks (Attwell &
    Laughlin 2001). A non-zero ``relative_residual`` means the state is not such a steady state
    (gradients running down or building up). Inputs are scalars in W (``passive_power`` from
    :func:`ion_dissipation` summed over ions or :func:`conductance_dissipation`, ``pump_power``
    from :func:`pump_work`).
    """
    p = float(units.finite(passive_power, "passive_power", "power"))
    w = float(units.finite(pump_power, "pump_power", "power"))
    res = p - w
    scale = max(abs(p), abs(w))
    return EnergyBalance(p, w, res, res / scale if scale > 0 else 0.0)


# --------------------------------------------------------------------------------------------
# ATP cost of the resting potential and of a voltage step


@dataclass(frozen=True)
class RestingATP:
    """Attwell–Laughlin pump–leak cell: conductances (nS), currents (pA, outward positive),
    the ATP turnover (ATP/s) and the power dissipated by the leaks (W; equal to the pump's work).
    Fields are arrays when the inputs are arrays."""

    atp_per_s: float
    g_na: float
    g_k: float
    i_na: float
    i_k: float
    i_pump: float
    dissipation_W: float


@overload
def attwell_laughlin_resting_atp(
    R_in: Any,
    V_rest: Any,
    E_na: Any,
    E_k: Any,
    n_na: int = ...,
    n_k: int = ...,
    full: Literal[False] = ...,
) -> float: ...
@overload
def attwell_laughlin_resting_atp(
    R_in: Any,
    V_rest: Any,
    E_na: Any,
    E_k: Any,
    n_na: int = ...,
    n_k: int = ...,
    *,
    full: Literal[True],
) -> RestingATP: ...
def attwell_laughlin_resting_atp(
    R_in: Any,
    V_rest: Any,
    E_na: Any,
    E_k: Any,
    n_na: int = 3,
    n_k: int = 2,
    full: bool = False,
) -> float | RestingATP:
    """ATP consumed per second to maintain the resting potential (Attwell & Laughlin 2001).

    The cell has only ohmic Na⁺ and K⁺ leak conductances and an n_na:n_k Na⁺/K⁺ pump at steady
    state: the pump extrudes the Na⁺ that leaks in and takes up the K⁺ that leaks out, so

        g_K (V − E_K) = (n_k/n_na) g_Na (E_Na − V),      g_Na + g_K = 1/R_in,

    hence g_Na = G a / (a + (n_k/n_na) b) with a = V − E_K, b = E_Na − V, G = 1/R_in, and

        ATP/s = g_Na (E_Na − V) / (n_na e).

    ``R_in`` is the input resistance in MΩ (1/R_in in nS = 1000/R_in), voltages in mV; requires
    E_K < V_rest < E_Na. With ``full=True`` returns a :class:`RestingATP` with the conductances,
    currents and the dissipated power; otherwise the ATP/s as a float.

    Attwell & Laughlin's rat cortical neuron (parameters as restated by D. Attwell, PubMed
    Commons reply on PMID 11598490, 2017): R_in = 200 MΩ, V = −70 mV, E_Na = +50 mV,
    E_K = −100 mV, 37 °C → 3.42 × 10⁸ ATP/s (this formula gives 3.40 × 10⁸; g_Na = 15/11 nS,
    I_Na = −163.6 pA). Reference: Attwell & Laughlin, J. Cereb. Blood Flow Metab. 21, 1133–1145
    (2001).

    >>> f"{attwell_laughlin_resting_atp(200, -70, 50, -100):.3e}"
    '3.404e+08'
    """
    nn, nk = _stoich(n_na, n_k)
    r_in = units.positive(R_in, "R_in", "resistance")
    v = units.finite(V_rest, "V_rest", "voltage")
    ena = units.finite(E_na, "E_na", "voltage")
    ek = units.finite(E_k, "E_k", "voltage")
    if not (np.all(ek < v) and np.all(v < ena)):
        raise VrestInputError(
            "V_rest",
            V_rest,
            f"a potential between E_k = {E_k!r} and E_na = {E_na!r} mV",
            "a Na⁺/K⁺ pump–leak steady state needs E_K < V < E_Na",
        )
    G = 1e3 / r_in  # nS
    a, b = v - ek, ena - v
    g_na = G * a / (a + (nk / nn) * b)
    g_k = G - g_na
    i_na = g_na * (v - ena)  # pA, inward (< 0)
    atp = -i_na * 1e-12 / (nn * E_CHARGE)  # Na⁺ ions/s ÷ n_na
    if not full:
        return _scalar_out(atp)
    i_k = g_k * (v - ek)
    i_pump = -(i_na + i_k)
    diss = _ion_power(i_na, v, ena) + _ion_power(i_k, v, ek)
    return RestingATP(*(_scalar_out(x) for x in (atp, g_na, g_k, i_na, i_k, i_pump, diss)))


@dataclass(frozen=True)
class VoltageStepCost:
    """Minimum cost of a voltage step: charge (C), Na⁺ ions moved and ATP to pump them out
    (arrays when the inputs are arrays)."""

    charge_C: float
    ions: float
    atp: float


def min_atp_for_voltage_step(
    C: Any = None,
    dV: Any = 100.0,
    n_na: int = 3,
    *,
    area: Any = None,
    cm: Any = 1.0,
) -> VoltageStepCost:
    """Minimum charge, Na⁺ ions and ATP needed to change the membrane potential by ``dV``.

    ``Q = C ΔV``; ions = Q/e (monovalent Na⁺ entering, no opposing current); ATP = ions/n_na,
    since each pump cycle extrudes n_na Na⁺ (Attwell & Laughlin 2001; Sengupta et al., PLoS
    Comput. Biol. 6, e1000840 (2010), who call C ΔV the capacitive minimum). ``C`` in pF, or
    ``area`` in µm² with specific capacitance ``cm`` in µF/cm² (C = cm · area · 1e-2 pF);
    ``dV`` > 0 in mV. Real spikes cost more: overlapping Na⁺ and K⁺ currents move extra charge.

    >>> c = min_atp_for_voltage_step(10.0, 100.0)   # 10 pF, 100 mV: Q = 1 pC
    >>> f"{c.charge_C:.3g} C, {c.ions:.4e} Na⁺, {c.atp:.4e} ATP"
    '1e-12 C, 6.2415e+06 Na⁺, 2.0805e+06 ATP'
    """
    nn, _ = _stoich(n_na, 0)
    if (C is None) == (area is None):
        raise VrestInputError("C", C, "either C (pF) or area (µm²), not both or neither")
    if C is not None:
        cap = units.positive(C, "C", "capacitance")
    else:
        a = units.positive(area, "area", "area")
        c_m = units.positive(cm, "cm", "specific_capacitance")
        cap = c_m * a * 1e-2  # µF/cm² × µm² → pF
    dv = units.positive(dV, "dV", "voltage")
    q = cap * 1e-12 * dv * 1e-3
    ions = q / E_CHARGE
    return VoltageStepCost(_scalar_out(q), _scalar_out(ions), _scalar_out(ions / nn))


__all__ = [
    "ATP_ADP_PI_MM",
    "DG0_ATP_KJ_PER_MOL",
    "EnergyBalance",
    "RestingATP",
    "VoltageStepCost",
    "atp_free_energy",
    "attwell_laughlin_resting_atp",
    "conductance_dissipation",
    "energy_balance",
    "entropy_production",
    "ion_dissipation",
    "min_atp_for_voltage_step",
    "pump_efficiency",
    "pump_free_energy_per_cycle",
    "pump_work",
]
