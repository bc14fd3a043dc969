"""Cation–chloride cotransporters as membrane mechanisms (vrest.transporters): currents from
the thermodynamic force (Düsterwald et al., eLife 2018), the NESS they make possible, their
energy books, cell files and dotted names. Expected values are computed here from the Nernst
equation with CODATA constants (tests/conftest.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import rtf_mV

import vrest

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"
T = 37.0


def _E(ci, co, z):
    return rtf_mV(T) / z * math.log(co / ci)


E_NA, E_K, E_CL = _E(15, 145, 1), _E(140, 4, 1), _E(10, 110, -1)


def _neuron(kind: str, g: float) -> vrest.Cell:
    base = vrest.load_cell(CELLS / "chapter_neuron.toml")
    return vrest.Cell.from_dict(base.to_dict() | {"transporter": [{"type": kind, "g": g}]})


@pytest.mark.parametrize(
    ("kind", "drive", "n"),
    [
        ("NKCC1", E_NA + E_K - 2 * E_CL, {"Na": 1, "K": 1, "Cl": 2}),
        ("KCC2", E_CL - E_K, {"K": -1, "Cl": -1}),
    ],
)
def test_currents_follow_the_driving_force(kind, drive, n):
    # imposed V = −70 mV, no pump: each ion's transporter current is −n_i z_i g D (pA for nS·mV)
    cell = _neuron(kind, 2.0).with_pump(None)
    r = vrest.solve_rest(cell, V=-70.0)
    z = {"Na": 1, "K": 1, "Cl": -1}
    for ion in ("Na", "K", "Cl"):
        want = -n.get(ion, 0) * z[ion] * 2.0 * drive
        # 1e-12 relative: the same closed form, float rounding only
        assert r.ion(ion).transporter_current == pytest.approx(want, rel=1e-12, abs=1e-12)
    # electroneutral: no net current through the carrier
    assert sum(i.transporter_current for i in r.ions) == pytest.approx(0.0, abs=1e-9)


def test_nkcc1_holds_the_chapters_chloride_a_ness():
    cell = vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")
    r = vrest.solve_rest(cell)
    assert r.state == "NESS" and not r.drifts
    g = cell.transporter("NKCC1").g
    D = E_NA + E_K - 2 * E_CL
    # the Cl⁻ leak is carried back by NKCC1: 45 nS (V − E_Cl) + 2 g D = 0 at V_rest (by hand)
    assert 45.0 * (r.V - E_CL) + 2 * g * D == pytest.approx(0.0, abs=1e-3 * 45)  # file g: 9 digits
    # balance pump extrudes passive and NKCC1 Na⁺: 3 r e = −g_Na (V − E_Na) + g D
    ina = 4.0 * (r.V - E_NA) - g * D
    assert r.i_pump == pytest.approx(-ina / 3, rel=1e-6)
    # books: passive dissipation = pump work − NKCC1's dissipation g D² (W from nS·mV²·1e-15)
    e_charge = 1.602176634e-19
    rate = r.i_pump * 1e-12 / e_charge
    pump_work = rate * e_charge * (3 * (E_NA - r.V) + 2 * (r.V - E_K)) * 1e-3
    assert r.energy.transporters == pytest.approx(pump_work - g * D**2 * 1e-15, rel=1e-6, abs=0)
    assert r.energy.passive == pytest.approx(r.energy.transporters, rel=1e-6, abs=0)
    assert r.energy.efficiency < 1


def test_size_transporter_finds_the_strength_and_kcc2_cannot_hold_it():
    cell = _neuron("NKCC1", 0.0)
    g = vrest.size_transporter(cell, "NKCC1", "Cl")
    assert vrest.solve_rest(cell.with_transporter("NKCC1", g=g)).state == "NESS"
    # KCC2 extrudes Cl⁻ (D = E_Cl − E_K > 0): it only makes the Cl⁻ loss worse
    with pytest.raises(vrest.VrestInputError, match="wrong side"):
        vrest.size_transporter(_neuron("KCC2", 0.0), "KCC2", "Cl", g_max=1e3)


def test_drift_end_point_with_a_weak_nkcc1():
    # half the NKCC1 that holds 10 mM: [Cl]in falls toward c* where, with V held,
    # 45 (V − E_Cl(c*)) + 2 g (E_Na + E_K − 2 E_Cl(c*)) = 0 — solved here by hand (linear in E_Cl)
    g = vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml").transporter("NKCC1").g / 2
    r = vrest.solve_rest(_neuron("NKCC1", g))
    assert r.state == "drifting"
    d = {x.ion: x for x in r.drifts}["Cl"]
    e_cl = (45 * r.V + 2 * g * (E_NA + E_K)) / (45 + 4 * g)
    c_end = 110 * math.exp(e_cl / rtf_mV(T))
    assert d.end == pytest.approx(c_end, rel=1e-9)
    assert 4.97 < d.end < 10 and d.need == "uptake"


def test_cell_file_round_trip_and_dotted_names():
    cell = vrest.load_cell(CELLS / "chapter_neuron_nkcc1.toml")
    back = vrest.Cell.from_dict(cell.to_dict())
    assert back.transporters == cell.transporters
    c2 = vrest.set_fields(cell, ["NKCC1.g=1nS"])
    assert vrest.get_field(c2, "NKCC1.g") == 1.0
    assert vrest.solve_rest(c2).state == "drifting"


def test_temperature_scales_the_carrier_by_its_q10():
    cell = _neuron("NKCC1", 2.0).with_transporter("NKCC1", q10=2.0).with_pump(None)
    r37 = vrest.solve_rest(cell, V=-70.0)
    r27 = vrest.solve_rest(cell.at_celsius(27.0), V=-70.0)
    # D moves with T (E ∝ T): compare rates per mV of drive
    d37 = E_NA + E_K - 2 * E_CL
    d27 = d37 * 300.15 / 310.15
    assert r27.ion("Na").transporter_current / d27 == pytest.approx(
        r37.ion("Na").transporter_current / d37 / 2.0, rel=1e-9
    )


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ({"type": "XYZ", "g": "1 nS"}, "transporter.type"),
        ({"type": "NKCC1"}, "transporter[0].g"),
        ({"type": "NKCC1", "g": "-1 nS"}, "NKCC1.g"),
        ({"type": "NKCC1", "g": "1 mV"}, "NKCC1.g"),
        ({"type": "NKCC1", "g": "1 nS", "name": "K"}, "transporter[0].name"),
        ({"type": "NKCC1", "g": "1 nS", "speed": 3}, "transporter[0].speed"),
    ],
)
def test_bad_transporters_name_the_field(table, field):
    base = vrest.load_cell(CELLS / "chapter_neuron.toml").to_dict()
    with pytest.raises(vrest.VrestInputError) as info:
        vrest.Cell.from_dict(base | {"transporter": [table]})
    assert info.value.field.startswith(field), info.value.field


def test_a_carrier_needs_its_ions():
    cell = {"K": {"c_in": 140, "c_out": 4, "g": 1}, "Cl": {"c_in": 10, "c_out": 110, "g": 1}}
    with pytest.raises(vrest.VrestInputError, match="Na"):
        vrest.Cell(cell, transporters=[{"type": "NKCC1", "g": 1}])
    # KCC2 needs only K⁺ and Cl⁻
    assert vrest.Cell(cell, transporters=[{"type": "KCC2", "g": 1}]).transporters[0].kind == "KCC2"


def test_strict_units_in_files(tmp_path):
    text = (
        (CELLS / "chapter_neuron_nkcc1.toml").read_text().replace('g = "4.72545489 nS"', "g = 4.7")
    )
    p = tmp_path / "c.toml"
    p.write_text(text)
    with pytest.raises(vrest.CellFileError, match="unit"):
        vrest.load_cell(p)


def test_an_electrogenic_custom_carrier_reverses_at_its_reversal_potential():
    # a 3 Na⁺ : 1 Ca²⁺ exchanger (NCX, forward mode: 3 Na⁺ in, 1 Ca²⁺ out) carries net inward
    # charge; its drive D = 3 (E_Na − V) − 2 (E_Ca − V) = 3 E_Na − 2 E_Ca − V vanishes at
    # E_NCX = 3 E_Na − 2 E_Ca (Blaustein & Lederer, Physiol. Rev. 79, 763 (1999))
    ions = {
        "Na": {"c_in": 15, "c_out": 145, "g": 1},
        "Ca": {"c_in": 1e-4, "c_out": 2, "g": 0.0},  # Ca²⁺ moved by the exchanger only
        "K": {"c_in": 140, "c_out": 4, "g": 50},
    }
    ncx = {"type": "custom", "name": "NCX", "g": 3.0, "stoichiometry": {"Na": 3, "Ca": -1}}
    cell = vrest.Cell(ions, radius=10, transporters=[ncx])
    e_na, e_ca = _E(15, 145, 1), _E(1e-4, 2, 2)
    e_ncx = 3 * e_na - 2 * e_ca
    for V in (-80.0, e_ncx, 0.0):
        r = vrest.solve_rest(cell, V=V)
        total = sum(i.transporter_current for i in r.ions)
        # net current −(Σ n z) g D with Σ n z = 3 − 2 = 1 (pA for nS·mV; 1e-9 rel: rounding)
        assert total == pytest.approx(-3.0 * (e_ncx - V), rel=1e-9, abs=1e-9)
        assert r.ion("Na").transporter_current == pytest.approx(
            -3 * 3.0 * (e_ncx - V), rel=1e-9, abs=1e-9
        )
    # at rest the exchanger's current enters the charge balance
    rest = vrest.solve_rest(cell)
    assert rest.net_current == 0.0
    assert sum(i.current + i.transporter_current for i in rest.ions) == pytest.approx(0, abs=1e-6)


def test_plant_h_atpase_drives_v_below_e_k():
    # a plant-like cell: K⁺ leak (100/1 mM) and the H⁺-ATPase (1 H⁺ out per ATP) with the linear
    # thermodynamic drive D = V − E_H + |ΔG_ATP|/F; chord rest by hand:
    # g_K (V − E_K) + g_p (V − E_H + A) = 0 → V = (g_K E_K + g_p (E_H − A))/(g_K + g_p)
    T = 20.0
    rtf = rtf_mV(T)
    ions = {"K": {"c_in": 100, "c_out": 1, "g": 1}, "H": {"c_in": 1e-4, "c_out": 1e-2, "g": 0}}
    cell = vrest.Cell(ions, celsius=T, radius=10, transporters=[{"type": "HATPase", "g": 0.2}])
    # ΔG_ATP = ΔG°′ + RT ln([ADP][Pi]/[ATP]) with 0.25, 1.65, 2.25 mM (in M), ΔG°′ = −30.5 kJ/mol
    from conftest import F_CODATA, R_CODATA

    dG = -30.5e3 + R_CODATA * (T + 273.15) * math.log(0.25e-3 * 1.65e-3 / 2.25e-3)  # J/mol
    A = abs(dG) / F_CODATA * 1e3  # mV
    e_k, e_h = rtf * math.log(1 / 100), rtf * math.log(1e-2 / 1e-4)
    r = vrest.solve_rest(cell)
    assert r.V == pytest.approx((1 * e_k + 0.2 * (e_h - A)) / 1.2, abs=1e-9)
    assert r.V < e_k - 40  # far more negative than E_K (the chapter's plants)
    # the pump stops at its reversal potential V = E_H − |ΔG_ATP|/F
    stop = vrest.solve_rest(cell, V=e_h - A)
    assert stop.ion("H").transporter_current == pytest.approx(0.0, abs=1e-9)
    # it spends ATP: j/e cycles per second, each |ΔG_ATP|/N_A joules
    j = 0.2 * (r.V - e_h + A)  # pA
    atp_W = j * 1e-12 / 1.602176634e-19 * abs(dG) / 6.02214076e23
    assert r.energy.atp == pytest.approx(atp_W, rel=1e-9, abs=0)
