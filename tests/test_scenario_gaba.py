"""The GABA-shift scenario (``gaba-shift``) and the E_GABA formulas of :mod:`vrest.gaba`.

Expected numbers come from physics (Nernst, GHK, the carriers' thermodynamic set points) or
from the literature ranges the cell files cite; each tolerance says why it is what it is.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import vrest
from vrest import gaba as G
from vrest.constants import rt_over_f
from vrest.dynamics import solve_ness
from vrest.errors import VrestInputError
from vrest.nernst import nernst
from vrest.scenarios import gaba as S
from vrest.scenarios.base import REGISTRY

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"
RTF37 = rt_over_f(37.0)
SC = REGISTRY["gaba-shift"]


@pytest.fixture(scope="module")
def immature():
    return SC.run(stage="immature")


@pytest.fixture(scope="module")
def mature():
    return SC.run(stage="mature")


def _n(res, key):
    return res.numbers[key][0]


# ---- E_HCO3 and the two E_GABA forms --------------------------------------------------------
def test_e_hco3_is_nernst_with_the_ph_ratio():
    # [HCO3]i/[HCO3]o = 10^(pHi − pHo) (equal pCO2): Nernst of z = −1 with that ratio; only
    # rounding separates the two routes (1e-12 relative)
    hand = RTF37 * math.log(10.0) * (7.2 - 7.4)
    assert G.e_hco3(7.2, 7.4, 37.0) == pytest.approx(hand, rel=1e-12)
    assert G.e_hco3(7.2, 7.4, 37.0) == pytest.approx(
        nernst(26.0 * 10 ** (7.2 - 7.4), 26.0, -1, 37.0), rel=1e-12
    )
    assert G.e_hco3(7.2, 7.4, 37.0) == pytest.approx(-12.31, abs=0.005)  # to the printed 0.01 mV
    assert G.hco3_in(26.0, 7.2, 7.4) == pytest.approx(26.0 * 10**-0.2, rel=1e-14)
    assert G.e_hco3(7.3, 7.3) == 0.0  # equal pH: no gradient


@pytest.mark.parametrize("cl_in", [6.0, 27.0])
def test_ghk_and_linear_forms_each_match_their_formula_and_differ(cl_in):
    hi, ho, r = G.hco3_in(26.0, 7.2, 7.4), 26.0, 0.2
    ghk = G.e_gaba_ghk(cl_in, 130.0, hi, ho, r, 37.0)
    assert ghk == pytest.approx(RTF37 * math.log((cl_in + r * hi) / (130.0 + r * ho)), rel=1e-13)
    ecl, eh = nernst(cl_in, 130.0, -1, 37.0), G.e_hco3(7.2, 7.4, 37.0)
    lin = G.e_gaba_linear(ecl, eh, r)
    assert lin == pytest.approx((ecl + r * eh) / (1 + r), rel=1e-13)
    # the same 0.2 is not the same channel: the forms differ by ~1 mV (6 mM) to ~3 mV (27 mM),
    # far above rounding
    assert abs(ghk - lin) > 0.5
    # the g ratio that reproduces the GHK value is smaller than the P ratio (HCO3⁻ is scarcer)
    rho = G.equivalent_g_ratio(ghk, ecl, eh)
    assert 0 < rho < r
    assert G.e_gaba_linear(ecl, eh, rho) == pytest.approx(ghk, rel=1e-12)
    # no HCO3⁻ permeability: both are E_Cl
    assert G.e_gaba_ghk(cl_in, 130.0, hi, ho, 0.0, 37.0) == pytest.approx(ecl, rel=1e-13)
    assert G.e_gaba_linear(ecl, eh, 0.0) == ecl


# ---- the stages ------------------------------------------------------------------------------
def test_immature_gaba_depolarizes(immature):
    # Ben-Ari 2002 / Kaila et al. 2014: immature [Cl]i ~25–30 mM
    assert 25.0 <= _n(immature, "Cl_in") <= 30.0
    for key in ("E_GABA_ghk", "E_GABA_linear"):
        assert _n(immature, key) > _n(immature, "V_rest")
    assert _n(immature, "driving_force") < 0
    assert _n(immature, "gaba_depolarizes") == 1.0
    assert "depolarizes" in immature.text


def test_mature_gaba_hyperpolarizes(mature):
    # mature [Cl]i ~5–7 mM (same sources)
    assert 5.0 <= _n(mature, "Cl_in") <= 7.0
    for key in ("E_GABA_ghk", "E_GABA_linear"):
        assert _n(mature, key) < _n(mature, "V_rest")
    assert _n(mature, "driving_force") > 0
    assert _n(mature, "gaba_depolarizes") == 0.0


def test_linear_form_is_selectable(mature):
    lin = SC.run(stage="mature", form="linear")
    assert _n(lin, "E_GABA") == _n(mature, "E_GABA_linear")
    assert _n(lin, "E_GABA") != _n(mature, "E_GABA")


@pytest.mark.parametrize("stage", ["immature", "mature"])
def test_cell_files_are_the_scenario_cells_and_their_own_ness(stage):
    f = vrest.load_cell(CELLS / f"{stage}_neuron.toml")
    c = S.stage_cell(stage)
    for x in ("K", "Na", "Cl"):
        for fld in ("c_in", "c_out", "g"):
            assert getattr(f.ions[x], fld) == getattr(c.ions[x], fld), (x, fld)
    for t in ("NKCC1", "KCC2"):
        assert f.transporter(t).g == c.transporter(t).g
    assert f.pump == c.pump and f.radius == c.radius and f.celsius == c.celsius
    # the file is its own NESS: the start moves by no more than the 10 digits it is written to
    n = solve_ness(f)
    for x in ("K", "Na", "Cl"):
        assert n.c_in[x] == pytest.approx(f.ions[x].c_in, rel=1e-8)


# ---- the carriers' thermodynamic set points ---------------------------------------------------
def _only(carrier: str):
    """The mature cell with the Cl⁻ leak off and only ``carrier`` moving Cl⁻."""
    c = S.stage_cell("mature").with_ion("Cl", g=0.0)
    other = "NKCC1" if carrier == "KCC2" else "KCC2"
    return solve_ness(c.with_transporter(other, g=0.0))


def test_kcc2_alone_brings_e_cl_to_e_k():
    # KCC2 (1 K⁺ + 1 Cl⁻ out) stops at D = E_Cl − E_K = 0: [K]i[Cl]i = [K]o[Cl]o. The NESS is
    # solved to machine precision (Newton), so 1e-9 mV is far above its error.
    n = _only("KCC2")
    ek = nernst(n.c_in["K"], S.C_OUT["K"], 1, 37.0)
    ecl = nernst(n.c_in["Cl"], S.C_OUT["Cl"], -1, 37.0)
    assert ecl == pytest.approx(ek, abs=1e-9)
    assert n.c_in["K"] * n.c_in["Cl"] == pytest.approx(S.C_OUT["K"] * S.C_OUT["Cl"], rel=1e-10)


def test_nkcc1_alone_brings_e_cl_to_the_mean_of_e_na_and_e_k():
    # NKCC1 (1 Na⁺ + 1 K⁺ + 2 Cl⁻ in) stops at D = E_Na + E_K − 2 E_Cl = 0
    n = _only("NKCC1")
    ek = nernst(n.c_in["K"], S.C_OUT["K"], 1, 37.0)
    ena = nernst(n.c_in["Na"], S.C_OUT["Na"], 1, 37.0)
    ecl = nernst(n.c_in["Cl"], S.C_OUT["Cl"], -1, 37.0)
    assert ecl == pytest.approx((ena + ek) / 2, abs=1e-9)
    assert n.c_in["Cl"] > 27.0  # NKCC1 alone loads far above the immature level


def test_ness_lies_between_the_set_points(immature, mature):
    for r in (immature, mature):
        assert _n(r, "kcc2_set_point_E_Cl") < _n(r, "E_Cl") < _n(r, "nkcc1_set_point_E_Cl")


# ---- shunting ---------------------------------------------------------------------------------
def test_v_reached_hand_formula():
    # G = 10 nS at −70 mV, I = 200 pA: −50 mV alone; g = 10 nS at E = −60 mV: (−700 − 600 +
    # 200)/20 = −55 mV, below −50 although E_GABA (−60) is above V_rest (−70)
    assert G.v_reached(-70.0, 10.0, 200.0) == pytest.approx(-50.0, abs=1e-12)
    assert G.v_reached(-70.0, 10.0, 200.0, 10.0, -60.0) == pytest.approx(-55.0, abs=1e-12)


def test_depolarizing_gaba_shunts_an_excitatory_input():
    # mature NKCC1 with 30 % of mature KCC2: E_GABA between V_rest and the −50 mV threshold
    r = SC.run(stage="mature", kcc2_scale=0.3)
    v, e = _n(r, "V_rest"), _n(r, "E_GABA")
    assert v < e < -50.0
    assert _n(r, "gaba_depolarizes") == 1.0
    assert _n(r, "V_GABA_alone") > v  # alone, GABA depolarizes ...
    assert _n(r, "V_exc_with_GABA") < _n(r, "V_exc_without_GABA")  # ... yet it inhibits
    assert _n(r, "V_exc_without_GABA") == pytest.approx(-50.0, abs=1e-9)
    assert _n(r, "gaba_inhibits") == 1.0


def test_gaba_above_threshold_excites(immature):
    assert _n(immature, "E_GABA") > -50.0
    assert _n(immature, "V_exc_with_GABA") > _n(immature, "V_exc_without_GABA")


# ---- the KCC2 sweep ---------------------------------------------------------------------------
def test_kcc2_sweep_lowers_cl_and_crosses_v_rest(immature, mature):
    for r in (immature, mature):
        rows = r.tables["kcc2_sweep"]
        cl = np.array([row["Cl_in_mM"] for row in rows])
        assert np.all(np.diff(cl) < 0)  # more extrusion, less Cl⁻
        x = _n(r, "kcc2_at_E_GABA_equals_V")
        assert 0.01 < x < 10.0
    # the immature cell's stronger NKCC1 needs more KCC2 to make GABA hyperpolarizing
    assert _n(immature, "kcc2_at_E_GABA_equals_V") > _n(mature, "kcc2_at_E_GABA_equals_V")


def test_rest_sweep_keeps_cl_fixed():
    # why the scenario solves the NESS per point: vrest.sweep's rest analysis holds [Cl]i at
    # the cell's value, and electroneutral carriers do not move V at fixed concentrations
    ds = vrest.sweep(S.stage_cell("immature"), {"KCC2.g": [0.0, 1.0, 10.0]})
    assert np.ptp(ds["E_Cl"].values) == 0.0
    assert np.ptp(ds["V"].values) < 1e-9


# ---- bad parameters ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "given, name",
    [
        ({"p_hco3_ratio": -0.1}, "p_hco3_ratio"),
        ({"ph_in": 15.0}, "ph_in"),
        ({"ph_out": -1.0}, "ph_out"),
        ({"stage": "newborn"}, "stage"),
        ({"form": "cubic"}, "form"),
        ({"kcc2_scale": -1.0}, "kcc2_scale"),
    ],
)
def test_bad_parameters_name_themselves(given, name):
    with pytest.raises(VrestInputError) as e:
        SC.run(**given)
    assert name in e.value.field


def test_formula_inputs_are_checked():
    with pytest.raises(VrestInputError, match="ph_in"):
        G.e_hco3(15.0, 7.4)
    with pytest.raises(VrestInputError, match="ph_out"):
        G.hco3_in(26.0, 7.2, float("nan"))
    with pytest.raises(VrestInputError, match="p_hco3_ratio"):
        G.e_gaba_ghk(6.0, 130.0, 16.0, 26.0, -0.2)
    with pytest.raises(VrestInputError, match="cl_in"):
        G.e_gaba_ghk(0.0, 130.0, 16.0, 26.0)


def test_figure_and_report(mature, tmp_path):
    assert "P_HCO3/P_Cl" in mature.text and "equal pCO2" in mature.text
    p = tmp_path / "gaba.png"
    mature.plot(p)
    assert p.stat().st_size > 10_000
    d = mature.to_dict()
    assert d["scenario"] == "gaba-shift" and "kcc2_sweep" in d["tables"]
