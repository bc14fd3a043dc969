"""Pin the classification of the resting state (issue 6 §7) and its tolerances.

States: "equilibrium" (every permeant ion at its Nernst potential, no pump: no flux, no
dissipation), "NESS" (currents sum to zero, ions flow, a pump keeps the gradients), "drifting"
(V steady, but some ion's net flux, passive plus transported, is not zero: its concentration
drifts) and "not steady" (the net current is not zero: V itself changes).

Tolerances, by a dimensional argument: V and E are numbers of ~100 mV computed with a few
roundings of 1.1e-16, so their float error is ~1e-13 mV. A classifier that calls a cell
"equilibrium" must therefore accept |V − E| ~ 1e-13 mV but has no reason to accept 1e-4 mV, nine
orders of magnitude above rounding; a driving force of 1e-4 mV on a 1 nS channel dissipates
g (V − E)² = 1e-9 S × 1e-14 V² = 1e-23 W > 0, and a non-zero dissipation is not an equilibrium.
Conversely every state other than "equilibrium" dissipates: ``res.dissipation > 0``.
"""

from __future__ import annotations

import math

import pytest
from conftest import approx, nernst_mV, rtf_mV

import vrest

CHAPTER = "examples/cells/chapter_neuron.toml"


def _all_at_E(by: str = "g", pump=None) -> vrest.Cell:
    """K⁺ and Na⁺ both 140/4 mM, Cl⁻ 4/140 mM: E_K = E_Na = E_Cl = (RT/F) ln(4/140)."""
    v = {"g": 10.0} if by == "g" else {"P": 1e-6}
    ions = {
        "K": {"c_in": 140, "c_out": 4, **v},
        "Na": {"c_in": 140, "c_out": 4, **v},
        "Cl": {"c_in": 4, "c_out": 140, **v},
    }
    return vrest.Cell(ions, radius=10.0, celsius=37.0, pump=pump)


@pytest.mark.parametrize("by", ["g", "P"])
def test_every_ion_at_its_E_is_equilibrium(by):
    res = vrest.solve_rest(_all_at_E(by))
    E = nernst_mV(140, 4, 1, 37.0)
    assert res.V == approx(E, rel=1e-12)
    assert res.state == "equilibrium"
    # g (V − E)² with |V − E| ~ 1e-13 mV: ~1e-9 S × 1e-32 V² ≈ 1e-41 W; allow 1e-30 W
    assert 0.0 <= res.dissipation < 1e-30
    assert res.entropy_production < 1e-30


def test_single_ion_cell_is_equilibrium():
    res = vrest.solve_rest(vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}}, celsius=37))
    assert res.state == "equilibrium"
    assert res.dissipation < 1e-30


def test_a_running_cotransporter_is_not_equilibrium():
    """V = E_K with Cl⁻ channels closed, but a KCC2 (K⁺ and Cl⁻ out together, driven by
    E_K − E_Cl ≠ 0) still moves both ions: their amounts change, so the cell drifts, although
    every open channel sits at its E. With E_Cl = E_K the cotransporter is at its own equilibrium
    and so is the cell."""
    ions = {"K": {"c_in": 140, "c_out": 4, "g": 10}, "Cl": {"c_in": 10, "c_out": 110, "g": 0}}
    res = vrest.solve_rest(vrest.Cell(ions, transporters=[{"type": "KCC2", "g": 1}]))
    assert res.V == approx(nernst_mV(140, 4, 1, 37.0), rel=1e-12)
    assert res.state == "drifting"
    assert {d.ion for d in res.drifts} >= {"K", "Cl"}
    ions["Cl"] = {"c_in": 4, "c_out": 140, "g": 0}  # E_Cl = E_K
    res = vrest.solve_rest(vrest.Cell(ions, transporters=[{"type": "KCC2", "g": 1}]))
    assert res.state == "equilibrium"


def _two_ions_off_by(delta_mV: float) -> vrest.Cell:
    """K⁺ (140/4 mM, 1 nS) and Cl⁻ (1 nS) whose E_Cl = E_K + 2δ, no pump: V = E_K + δ, so
    each ion has a driving force of ±δ. ln(c_out/c_in) = −E_Cl/(RT/F) for z = −1."""
    e_cl = nernst_mV(140, 4, 1, 37.0) + 2 * delta_mV
    c_out = 10.0 * math.exp(-e_cl / rtf_mV(37.0))
    ions = {
        "K": {"c_in": 140, "c_out": 4, "g": 1.0},
        "Cl": {"c_in": 10.0, "c_out": c_out, "g": 1.0},
    }
    return vrest.Cell(ions, radius=10.0, celsius=37.0)


@pytest.mark.parametrize("delta", [1e-3, 1e-4])
def test_small_driving_force_is_not_equilibrium(delta):
    res = vrest.solve_rest(_two_ions_off_by(delta))
    e_k = nernst_mV(140, 4, 1, 37.0)
    # the driving force is δ up to the rounding of V and E (1e-13 mV ≪ 1e-6 δ)
    assert res.V - e_k == approx(delta, rel=1e-6)
    assert res.state != "equilibrium"
    assert res.state == "drifting"  # the currents cancel (V steady); K⁺ and Cl⁻ run down
    # dissipation Σ g (V − E)² = 2 × 1 nS × δ² mV² = 2 δ² × 1e-15 W
    assert res.dissipation == approx(2 * delta**2 * 1e-15, rel=1e-5)
    assert res.dissipation > 0


def test_small_net_current_is_not_steady():
    # the chapter neuron at V_rest + 1e-5 mV: net current G·1e-5 mV ≈ 1.5e-3 pA, ~1e-6 of its
    # ionic currents (~1000 pA) and ~1e7 times their rounding (~1e-13 pA): V must change
    cell = vrest.load_cell(CHAPTER)
    rest = vrest.solve_rest(cell)
    res = vrest.solve_rest(cell, V=rest.V + 1e-5)
    assert res.state == "not steady"
    assert res.dissipation > 0


def test_chapter_neuron_drifts_and_dissipates():
    # V is steady, the pump extrudes the Na⁺ influx, but K⁺ (I_K − 2 I_p ≈ 841 pA out) and Cl⁻
    # (efflux, no transporter) are not balanced: their concentrations drift
    res = vrest.solve_rest(vrest.load_cell(CHAPTER))
    assert res.state == "drifting"
    assert res.dissipation > 0 and res.entropy_production > 0


def _ness_neuron() -> vrest.Cell:
    """The chapter neuron's K⁺/Na⁺ leaks and balance pump with Cl⁻ passively distributed.

    With the pump extruding the Na⁺ influx, I_p = −(1/3) g_Na (V − E_Na), and Cl⁻ at E_Cl = V,
    zero net current reads g_K (V − E_K) + (2/3) g_Na (V − E_Na) = 0, which is also the K⁺
    balance I_K − 2 I_p = 0: every ion's net flux vanishes. [Cl]in = [Cl]out e^(VF/RT)."""
    e_k, e_na = nernst_mV(140, 4, 1, 37.0), nernst_mV(15, 145, 1, 37.0)
    V = (100 * e_k + (2 / 3) * 4 * e_na) / (100 + (2 / 3) * 4)
    cl_in = 110 * math.exp(V / rtf_mV(37.0))
    ions = {
        "K": {"c_in": 140, "c_out": 4, "g": 100},
        "Na": {"c_in": 15, "c_out": 145, "g": 4},
        "Cl": {"c_in": cl_in, "c_out": 110, "g": 45},
    }
    return vrest.Cell(ions, radius=30.0, celsius=37.0, pump={"mode": "balance"})


def test_pump_leak_balance_is_ness_and_dissipates():
    res = vrest.solve_rest(_ness_neuron())
    e_k, e_na = nernst_mV(140, 4, 1, 37.0), nernst_mV(15, 145, 1, 37.0)
    assert res.V == approx((100 * e_k + (2 / 3) * 4 * e_na) / (100 + (2 / 3) * 4), rel=1e-9)
    assert res.state == "NESS"
    assert res.dissipation > 0 and res.entropy_production > 0


def test_chapter_neuron_without_pump_drifts():
    # V settles where the leak currents cancel, but nothing restores the gradients
    res = vrest.solve_rest(vrest.load_cell(CHAPTER).with_pump(None))
    assert res.state == "drifting"
    assert res.dissipation > 0


def test_a_pump_current_on_an_equilibrium_cell_breaks_equilibrium():
    # every ion at E but a 1 pA outward pump: V moves −I/G = −1/30 mV off E; ions flow
    res = vrest.solve_rest(_all_at_E("g", pump={"i_pump": 1.0}), model="chord")
    assert res.V - nernst_mV(140, 4, 1, 37.0) == approx(-1.0 / 30.0, rel=1e-9)
    assert res.state != "equilibrium"
    assert res.dissipation > 0


def test_a_running_pump_is_not_equilibrium_even_within_the_voltage_tolerance():
    # every ion at E and a 1e-9 pA pump: V moves only −I/G = −3.3e-11 mV, below any sensible
    # |V − E| tolerance, yet the pump turns over (1e-21 A / e ≈ 6 cycles/s) and spends ATP:
    # not an equilibrium, whatever the voltage tolerance
    e = 1.602176634e-19
    res = vrest.solve_rest(_all_at_E("g", pump={"i_pump": 1e-9}), model="chord")
    assert res.atp_rate == approx(1e-9 * 1e-12 / e, rel=1e-12)
    assert res.state != "equilibrium"


CELLS = {
    "chapter": lambda: vrest.load_cell(CHAPTER),
    "NESS neuron": _ness_neuron,
    "chapter, no pump": lambda: vrest.load_cell(CHAPTER).with_pump(None),
    "chapter, Cl blocked": lambda: vrest.load_cell(CHAPTER).block("Cl"),
    "chapter at 27 °C": lambda: vrest.load_cell(CHAPTER).at_celsius(27),
    "off by 1e-4 mV": lambda: _two_ions_off_by(1e-4),
    "all at E": lambda: _all_at_E("g"),
    "all at E, by P": lambda: _all_at_E("P"),
}


@pytest.mark.parametrize("name", list(CELLS))
def test_dissipation_positive_unless_equilibrium(name):
    res = vrest.solve_rest(CELLS[name]())
    assert res.state in ("equilibrium", "NESS", "drifting", "not steady")
    if res.state == "equilibrium":
        assert res.dissipation < 1e-30
    else:
        assert res.dissipation > 0
