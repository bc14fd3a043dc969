"""Pin the absolute scales (issue 6 §7): GHK currents in µA/cm² and pA, a sphere's area and
volume, the membrane capacitance, the conductance ↔ permeability conversion, the GHK model's input
conductance and the z² of a divalent ion's slope conductance.

Every expected value is computed here from the physics with the CODATA constants typed into
``conftest.py`` and the unit conversions written out in SI (see the helpers there), never copied
from vrest's output. Tolerances:

* ``REL_ROUND = 1e-12``: a closed formula evaluated two ways in double precision (a few dozen
  roundings of 1.1e-16, amplified at most ~100× by the cancellation in c_in − c_out e^(−u) at
  the voltages used here) agrees to far better than 1e-12 relative;
* ``REL_FD = 1e-7``: where vrest or the test differentiates numerically, a central difference with
  step h has truncation error ~ (h/(RT/zF))²/6 relative: ≤ 1e-9 for h = 1e-3 mV and RT/2F ≈ 13 mV,
  ≤ 1e-7 for the test's own h = 1e-2 mV; the rounding error of the difference is ~1e-16·I/(h·g)
  ≲ 1e-11 relative. 1e-7 covers both and is still 10⁵ times smaller than the planted bugs (a
  factor 10, 2, or a few % for Σg instead of the slope at V).
"""

from __future__ import annotations

import math

import pytest
from conftest import (
    approx,
    ghk_current_density_uA_cm2,
    ghk_current_pA,
    ghk_g_at_E_S_m2,
    nernst_mV,
)

import vrest

REL_ROUND = 1e-12
REL_FD = 1e-7

# S/m² → mS/cm²: 1 S/m² = 1e3 mS per 1e4 cm² = 0.1 mS/cm²
S_M2_TO_MS_CM2 = 0.1
# S/m² × µm² → nS: 1 µm² = 1e-12 m², 1 S = 1e9 nS
S_M2_UM2_TO_NS = 1e-12 * 1e9


# ---- (1) the GHK current's absolute scale ---------------------------------------------------
@pytest.mark.parametrize(
    ("V", "ci", "co", "z", "P", "celsius"),
    [
        (-65.0, 140.0, 4.0, 1, 1e-6, 37.0),
        (-80.0, 15.0, 145.0, 1, 2e-8, 37.0),
        (-70.0, 10.0, 110.0, -1, 4e-7, 20.0),
        (-60.0, 1e-4, 2.0, 2, 1e-7, 37.0),
        (25.0, 140.0, 5.0, 1, 3e-6, 6.3),
    ],
)
def test_ghk_current_density_and_whole_cell_current_absolute(V, ci, co, z, P, celsius):
    # vrest: µA/cm² (P cm/s · F · mM), and pA for an area in µm²; here: SI, then converted
    J = vrest.ghk_current_density(V, ci, co, z, P=P, celsius=celsius)
    assert J == approx(ghk_current_density_uA_cm2(V, ci, co, z, P, celsius), rel=REL_ROUND)
    area = 4 * math.pi * 10.0**2  # µm², a 10 µm sphere
    I = vrest.ghk.ghk_current(V, ci, co, z, P, area, celsius=celsius)
    assert I == approx(ghk_current_pA(V, ci, co, z, P, area, celsius), rel=REL_ROUND)


def test_ghk_current_one_number_by_hand():
    # one number written out, as a reader would check it: K⁺ 140/4 mM, P = 1e-6 cm/s, V = 0 mV
    # (the limit u/(1 − e^(−u)) → 1): J = P F (c_in − c_out) = 1e-8 m/s · 96485.33 C/mol ·
    # 136 mol/m³ = 0.13122 A/m² = 13.122 µA/cm²; over 100 µm² = 1e-10 m²: 13.122 pA
    J = vrest.ghk_current_density(0.0, 140, 4, 1, P=1e-6)
    assert J == approx(1e-8 * 96485.33212331 * 136 * 100, rel=1e-12)
    assert vrest.ghk.ghk_current(0.0, 140, 4, 1, 1e-6, 100.0) == approx(
        1e-8 * 96485.33212331 * 136 * 1e-10 * 1e12, rel=1e-12
    )


def test_rest_ghk_currents_of_a_permeability_cell_are_absolute():
    # a cell given by permeabilities: its GHK currents at the resting V are P·A·J_GHK by hand,
    # which pins the µA/cm² × µm² → pA factor inside solve_rest
    cell = _p_cell()
    res = vrest.solve_rest(cell)
    assert res.model == "ghk"
    area = 4 * math.pi * 12.0**2
    for name, (ci, co, z, P) in P_IONS.items():
        expect = ghk_current_pA(res.V, ci, co, z, P, area, 30.0)
        assert res.ion(name).current == approx(expect, rel=1e-9)
    # and they sum to zero (no pump): the V solves the hand-computed current balance
    total = sum(ghk_current_pA(res.V, ci, co, z, P, area, 30.0) for ci, co, z, P in P_IONS.values())
    scale = max(abs(ghk_current_pA(res.V, *v[:4], area, 30.0)) for v in P_IONS.values())
    assert abs(total) < 1e-9 * scale


# ---- (2), (3) geometry and capacitance ------------------------------------------------------
@pytest.mark.parametrize("r", [0.5, 2.0, 30.0, 250.0])
def test_sphere_area_volume_capacitance(r):
    cell = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 1}}, radius=r)
    assert cell.area_um2 == approx(4 * math.pi * r**2, rel=REL_ROUND)
    assert cell.volume_um3 == approx(4 / 3 * math.pi * r**3, rel=REL_ROUND)
    # C = c_m·A: 1 µF/cm² × 1 µm² = 1 µF × 1e-8 = 1e-8 µF = 1e-2 pF
    assert cell.capacitance_pF == approx(1.0 * 4 * math.pi * r**2 * 1e-2, rel=REL_ROUND)


def test_chapter_neuron_geometry_numbers():
    # 30 µm sphere: A = 4π·900 = 11309.7 µm², V = 4/3 π·27000 = 113097 µm³ (113 pL), C = 113.1 pF
    cell = vrest.load_cell("examples/cells/chapter_neuron.toml")
    assert cell.area_um2 == approx(11309.733552923255, rel=REL_ROUND)
    assert cell.volume_um3 == approx(113097.33552923255, rel=REL_ROUND)
    assert cell.capacitance_pF == approx(113.09733552923255, rel=REL_ROUND)


def test_capacitance_scales_with_specific_capacitance_and_given_area():
    cell = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 1}}, area=5000, specific_capacitance=0.9)
    assert cell.capacitance_pF == approx(0.9 * 5000 * 1e-2, rel=REL_ROUND)


def test_cylinder_area_volume():
    cell = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 1}}, radius=0.5, length=800)
    assert cell.area_um2 == approx(2 * math.pi * 0.5 * 800, rel=REL_ROUND)
    assert cell.volume_um3 == approx(math.pi * 0.25 * 800, rel=REL_ROUND)


def test_not_steady_dvdt_uses_the_capacitance():
    # an imposed V off rest: dV/dt = −I_net/C (pA/pF = mV/ms), with C = 0.01 pF per µm²
    cell = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 10}}, radius=10, celsius=37)
    E = nernst_mV(140, 4, 1, 37)
    res = vrest.solve_rest(cell, V=E + 10.0, model="chord")
    i_net = 10.0 * 10.0  # chord model: g (V − E) = 10 nS × 10 mV = 100 pA
    assert res.net_current == approx(i_net, rel=1e-12)
    dvdt = -i_net / (4 * math.pi * 100 * 1e-2)  # mV/ms
    assert f"{dvdt:.3g}" in res.reason


# ---- conductance ↔ permeability --------------------------------------------------------------
P_IONS = {  # name: (c_in mM, c_out mM, z, P cm/s)
    "K": (140.0, 5.0, 1, 2e-6),
    "Na": (12.0, 140.0, 1, 8e-8),
    "Cl": (8.0, 120.0, -1, 6e-7),
}


def _p_cell():
    ions = {n: {"c_in": ci, "c_out": co, "P": P} for n, (ci, co, _z, P) in P_IONS.items()}
    return vrest.Cell(ions, radius=12.0, celsius=30.0)


def test_chord_g_of_a_permeability_cell_is_the_ghk_slope_at_E():
    res = vrest.solve_rest(_p_cell())
    area = 4 * math.pi * 12.0**2
    for name, (ci, co, z, P) in P_IONS.items():
        g = ghk_g_at_E_S_m2(ci, co, z, P, 30.0) * area * S_M2_UM2_TO_NS
        assert res.ion(name).g == approx(g, rel=REL_ROUND)


def test_permeability_of_a_conductance_cell_inverts_the_slope_at_E():
    # the chapter neuron: P_i such that the GHK slope conductance at E_i times A equals g_i
    res = vrest.solve_rest(vrest.load_cell("examples/cells/chapter_neuron.toml"))
    area = 4 * math.pi * 30.0**2
    for name, (ci, co, z, g) in {
        "K": (140, 4, 1, 100.0),
        "Na": (15, 145, 1, 4.0),
        "Cl": (10, 110, -1, 45.0),
    }.items():
        g_per_P = ghk_g_at_E_S_m2(ci, co, z, 1.0, 37.0) * area * S_M2_UM2_TO_NS  # nS per cm/s
        assert res.ion(name).P == approx(g / g_per_P, rel=REL_ROUND)


# ---- (4) the GHK model's input conductance --------------------------------------------------
def test_ghk_G_total_is_the_slope_of_the_summed_ghk_currents():
    # G_in = d(Σ I_GHK)/dV at V_rest, by a central difference of hand-computed currents (h =
    # 1e-2 mV); for a GHK cell this differs from Σ g_i (slopes at each E_i) by several percent
    cell = _p_cell()
    res = vrest.solve_rest(cell)
    area = 4 * math.pi * 12.0**2
    h = 1e-2

    def total(v):
        return sum(ghk_current_pA(v, ci, co, z, P, area, 30.0) for ci, co, z, P in P_IONS.values())

    G_fd = (total(res.V + h) - total(res.V - h)) / (2 * h)  # pA/mV = nS
    assert res.G_total == approx(G_fd, rel=REL_FD)
    sum_g = sum(i.g for i in res.ions)
    assert abs(sum_g - G_fd) > 1e-3 * G_fd  # the test can tell Σg from the slope at V


def test_ghk_G_total_of_the_chapter_neuron_in_ghk_mode():
    # the same for a conductance cell solved with model="ghk" (P from g as above)
    cell = vrest.load_cell("examples/cells/chapter_neuron.toml")
    res = vrest.solve_rest(cell, model="ghk")
    area = 4 * math.pi * 30.0**2
    ions = [(i.c_in, i.c_out, i.z, i.P) for i in res.ions]
    h = 1e-2

    def total(v):
        return sum(ghk_current_pA(v, ci, co, z, P, area, 37.0) for ci, co, z, P in ions)

    G_fd = (total(res.V + h) - total(res.V - h)) / (2 * h)
    assert res.G_total == approx(G_fd, rel=REL_FD)
    assert abs(149.0 - G_fd) > 1.0  # not Σg = 149 nS


# ---- (6) z² of a divalent ion -----------------------------------------------------------------
CA = (1e-4, 2.0, 2)  # [Ca²⁺] 100 nM inside, 2 mM outside


def test_divalent_slope_conductance_at_E_has_z_squared():
    ci, co, z = CA
    P = 1e-6
    E = nernst_mV(ci, co, z, 37.0)
    g = ghk_g_at_E_S_m2(ci, co, z, P, 37.0) * S_M2_TO_MS_CM2  # mS/cm²
    # slope conductance (vrest: a central difference with h = 1e-3 mV)
    assert vrest.ghk_slope_conductance(E, ci, co, z, P=P, celsius=37.0) == approx(g, rel=REL_FD)
    # chord conductance at V = E is the slope there (vrest's closed form)
    assert vrest.ghk.ghk_chord_conductance(E, ci, co, z, P=P, celsius=37.0) == approx(
        g, rel=REL_ROUND
    )
    # and the permeability that gives that g back
    assert vrest.ghk.permeability_for_conductance(g, ci, co, z, 37.0) == approx(P, rel=REL_ROUND)


@pytest.mark.parametrize(("ci", "co", "z"), [(140.0, 4.0, 1), (10.0, 110.0, -1), CA, (0.5, 1.2, 2)])
def test_slope_conductance_at_E_closed_form_any_valence(ci, co, z):
    E = nernst_mV(ci, co, z, 22.0)
    g = ghk_g_at_E_S_m2(ci, co, z, 3e-7, 22.0) * S_M2_TO_MS_CM2
    got = vrest.ghk_slope_conductance(E, ci, co, z, P=3e-7, celsius=22.0)
    assert got == approx(g, rel=REL_FD)
    assert vrest.ghk.ghk_chord_conductance(E, ci, co, z, P=3e-7, celsius=22.0) == approx(
        g, rel=REL_ROUND
    )


# vrest warns that such a cell's chord model is a poor stand-in for its GHK model (Ca²⁺ rectifies
# ~800× between E_Ca ≈ +130 mV and V ≈ −90 mV); this test checks the numbers, not that advice
@pytest.mark.filterwarnings("ignore::vrest.errors.VrestWarning")
def test_cell_with_calcium_by_permeability_gets_z_squared_conductance():
    ci, co, z = CA
    cell = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "P": 1e-6}, "Ca": {"c_in": ci, "c_out": co, "P": 1e-7}},
        radius=10.0,
    )
    res = vrest.solve_rest(cell)
    area = 4 * math.pi * 100.0
    g = ghk_g_at_E_S_m2(ci, co, z, 1e-7, 37.0) * area * S_M2_UM2_TO_NS
    assert res.ion("Ca").g == approx(g, rel=REL_ROUND)
    expect = ghk_current_pA(res.V, ci, co, z, 1e-7, area, 37.0)
    assert res.ion("Ca").current == approx(expect, rel=1e-9)
    # V_rest is where the hand-computed K⁺ and Ca²⁺ currents cancel (Ca²⁺ ≈ −3.3 pA, inward)
    i_k = ghk_current_pA(res.V, 140, 4, 1, 1e-6, area, 37.0)
    assert abs(i_k + expect) < 1e-9 * abs(expect)
