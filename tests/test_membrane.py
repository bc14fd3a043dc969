"""One membrane (issue: "a membrane does not change because the bath did"), the g ↔ P
conversion and its conditioning, and the dotted-name field grammar (``vrest.fields``).

Expected values are computed here from the GHK and chord equations with CODATA constants
(tests/conftest.py), not read from vrest."""

from __future__ import annotations

import math

import pytest
from conftest import F_CODATA, R_CODATA, rtf_mV

import vrest
from vrest.fields import get_field, set_fields


def _cell(**kw):
    ions = {
        "K": {"c_in": 140, "c_out": 4, "g": 100},
        "Na": {"c_in": 15, "c_out": 145, "g": 4},
        "Cl": {"c_in": 10, "c_out": 110, "g": 45},
    }
    return vrest.Cell(ions, celsius=37, radius=30, **kw)


def _slope_at_E_per_P(ci, co, z, celsius):
    """GHK slope conductance at E per unit P, mS/cm² per cm/s: z²F²/(RT)·ci·co·ln(co/ci)/(co−ci)
    (mM·C/mol·V⁻¹ → with P in cm/s: 1e-3 converts mol/L·cm/s·C/mol/V to mS/cm²)."""
    T = celsius + 273.15
    lm = ci if ci == co else (co - ci) / math.log(co / ci)
    return z * z * F_CODATA**2 / (R_CODATA * T) * ci * co / lm * 1e-3


def test_p_is_derived_once_from_g_at_the_described_concentrations():
    cell = _cell()
    area = 4 * math.pi * 30**2  # µm²
    # g (nS) = P · slope/P (mS/cm²) · area (µm² → cm²: 1e-8) · 1e6 (mS → nS) = … · area · 1e-2
    P_expected = 100 / (_slope_at_E_per_P(140, 4, 1, 37) * area * 1e-2)
    assert cell.ions["K"].P == pytest.approx(P_expected, rel=1e-12)
    for moved in (cell.with_ion("K", c_out=8), set_fields(cell, ["K.c_out=8mM"])):
        assert moved.ions["K"].P == cell.ions["K"].P  # the bath changed, not the membrane
        assert moved.ions["K"].g == cell.ions["K"].g
        r = vrest.solve_rest(moved)
        # fixed-P GHK voltage, closed form for monovalent ions, by hand
        P = {k: cell.ions[k].P for k in ("K", "Na", "Cl")}
        num = P["K"] * 8 + P["Na"] * 145 + P["Cl"] * 10
        den = P["K"] * 140 + P["Na"] * 15 + P["Cl"] * 110
        v_ghk_no_pump = rtf_mV(37) * math.log(num / den)
        assert r.V_ghk_no_pump == pytest.approx(v_ghk_no_pump, abs=1e-9)


def test_a_permeability_cell_keeps_its_chord_conductance():
    cell = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "P": 2e-6}}, radius=10)
    g0 = cell.ions["K"].g
    assert g0 == pytest.approx(2e-6 * _slope_at_E_per_P(140, 4, 1, 37) * 4 * math.pi * 100 * 1e-2)
    assert cell.with_ion("K", c_out=20).ions["K"].g == g0
    assert cell.model == "ghk"


def test_setting_g_rederives_p_and_zero_closes_both():
    cell = _cell()
    c2 = cell.with_ion("K", g=50)
    assert c2.ions["K"].P == pytest.approx(cell.ions["K"].P / 2, rel=1e-12)
    c0 = set_fields(cell, ["Cl.g=0"])
    assert c0.ions["Cl"].g == 0 and c0.ions["Cl"].P == 0
    assert vrest.solve_rest(c0).ion("Cl").current == 0


def test_round_trip_keeps_the_membrane():
    cell = _cell(pump={"mode": "balance"}).with_ion("K", c_out=8)
    back = vrest.Cell.from_dict(cell.to_dict())
    assert back.ions["K"].P == cell.ions["K"].P and back.model == cell.model
    assert vrest.solve_rest(back).V_ghk == vrest.solve_rest(cell).V_ghk


def test_chord_equation_is_exact_with_ghk_chord_conductances():
    # Σ g_i (V − E_i) = 0 with g_i = I_GHK,i(V)/(V − E_i) at V = V_GHK: the chord equation then
    # returns V_GHK, so the V_chord − V_GHK gap is the slope-at-E convention, not physics.
    r = vrest.solve_rest(_cell())
    g = {i.name: i.g_chord_at_ghk for i in r.ions}
    assert vrest.chord_voltage(g, r.E) == pytest.approx(r.V_ghk, abs=1e-9)
    assert abs(r.V_chord - r.V_ghk) > 0.5


def test_ill_conditioned_calcium_conversion_warns_and_asks_for_p():
    # 0.1 nS of Ca²⁺ with 0.1 µM inside, 2 mM outside: the GHK slope at E_Ca (≈ +132 mV) is
    # tiny, so the P that matches it makes a huge Ca²⁺ current at rest.
    ions = {
        "K": {"c_in": 140, "c_out": 4, "g": 100},
        "Na": {"c_in": 15, "c_out": 145, "g": 4},
        "Ca": {"c_in": 1e-4, "c_out": 2, "g": 0.1},
    }
    cell = vrest.Cell(ions, radius=30)
    with pytest.warns(vrest.VrestWarning, match=r"ions\.Ca.*ill-conditioned.*give P"):
        r = vrest.solve_rest(cell)
    assert any("ions.Ca" in n for n in r.notes)
    # the ratio reported is the GHK chord conductance at V_GHK over g, ≫ 3
    assert r.ion("Ca").g_chord_at_ghk / 0.1 > 3
    # a chord-only K⁺/Na⁺ membrane has no such warning (Na⁺ sits at ≈ 2.3×, below the limit)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vrest.solve_rest(vrest.Cell({k: ions[k] for k in ("K", "Na")}, radius=30))


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("K.c_out=8mM", "K.c_out", 8.0),
        ("ions.K.c_out=8", "K.c_out", 8.0),
        ("potassium.c_out=0.008 M", "K.c_out", 8.0),
        ("K.c_out_mM=8", "K.c_out", 8.0),
        ("radius=10um", "radius", 10.0),
        ("pump.q10=2", "pump.q10", 2.0),
        ("q10_leak=1.5", "q10_leak", 1.5),
        ("model=ghk", "model", "ghk"),
    ],
)
def test_dotted_names(text, path, expected):
    cell = _cell(pump={"mode": "balance"})
    assert get_field(set_fields(cell, [text]), path) == pytest.approx(expected)


def test_set_celsius_moves_the_cell_as_at_celsius():
    cell = _cell(pump={"mode": "balance"})
    a = vrest.solve_rest(set_fields(cell, ["celsius=27"]))
    b = vrest.solve_rest(cell.at_celsius(27))
    assert a.V == b.V and a.i_pump == b.i_pump and a.cell.reference_celsius == 37


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("K.c_out=-1", "K.c_out"),
        ("K.c_out=8 mV", "K.c_out"),
        ("X.c_in=3", "X.c_in"),
        ("K.foo=1", "K.foo"),
        ("pump.mode=weird", "pump.mode"),
        ("K.c_out", "--set"),
        ("=3", "--set"),
        ("nonsense=3", "nonsense"),
        ("K.z=1.5", "K.z"),
        ("K.z=inf", "K.z"),
        ("pump.n_na=nan", "pump.n_na"),
        ("pump.n_na=1e300", "pump.n_na"),
        ("pump.n_k=11", "pump.n_k"),
        ("pump.mode=fixed", "pump.i_pump"),
        ("ions.celsius=27", "ions.celsius"),
        ("pump=0", "pump"),
        ("K.c_out.x=1", "K.c_out.x"),
    ],
)
def test_bad_assignments_name_the_field(text, field):
    with pytest.raises(vrest.VrestInputError) as info:
        set_fields(_cell(pump={"mode": "balance"}), [text])
    f = info.value.field
    assert f.startswith(field) or f.startswith("ions." + field), f


def test_pump_assignments_apply_together_in_any_order():
    cell = _cell(pump={"mode": "balance"})
    a = set_fields(cell, ["pump.i_pump=100", "pump.mode=fixed"])
    b = set_fields(cell, ["pump.mode=fixed", "pump.i_pump=100pA"])
    assert a.pump == b.pump and a.pump.mode == "fixed" and a.pump.i_pump == 100.0
    assert set_fields(a, "pump.mode=balance").pump.i_pump == 0.0  # one string works too


def test_radius_cannot_silently_replace_an_area():
    cell = vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 1}}, area=1000)
    with pytest.raises(vrest.VrestInputError, match="area"):
        set_fields(cell, ["radius=10um"])
    assert set_fields(cell, ["area=2000um^2"]).area_um2 == 2000


def test_set_fields_refuses_what_is_not_a_cell():
    with pytest.raises(vrest.VrestInputError, match=r"vrest\.Cell"):
        set_fields(None, ["K.c_out=8"])
    with pytest.raises(vrest.VrestInputError, match="single number"):
        _cell().at_celsius([1, 2])
