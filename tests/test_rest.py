"""Rest of a whole cell: solve_rest, classification, energetics and the chapter neuron
(SPEC §2, §3, §5, §6, §7)."""

from __future__ import annotations

import json
import math

import pytest
from conftest import rtf_mV
from hypothesis import given
from hypothesis import strategies as st

import vrest
from vrest.chapter import chapter_neuron


@pytest.fixture(scope="module")
def neuron():
    return chapter_neuron()


@pytest.fixture(scope="module")
def res(neuron):
    return vrest.solve_rest(neuron)


def test_chapter_neuron_concentrations_give_chapter_potentials(res):
    # chapter §1: E_K ≈ −95, E_Na ≈ +60, E_Cl ≈ −64/−65 (two significant figures: ±1 mV)
    assert res.E["K"] == pytest.approx(-95, abs=1)
    assert res.E["Na"] == pytest.approx(60, abs=1)
    assert res.E["Cl"] == pytest.approx(-64.5, abs=1)


def test_chapter_neuron_is_a_ness(res):
    # chapter §2: currents sum to zero, individual fluxes are not zero, the pump spends ATP
    assert res.state == "NESS"
    assert abs(res.net_current) < 1e-9
    assert all(abs(i.flux) > 0 for i in res.ions)
    assert res.entropy_production > 0 and res.atp_rate > 0


def test_pump_contribution_chapter_range_and_identity(res):
    # chapter §5: ΔV_pump = −I_pump/G_total, negative, −1 to −5 mV in a typical neuron
    assert res.pump_contribution == pytest.approx(-res.i_pump / res.G_total, rel=1e-12)
    assert -5.0 <= res.pump_contribution <= -1.0


def test_balance_pump_extrudes_the_sodium_influx(res):
    na = res.ion("Na")
    assert na.pump_current == pytest.approx(-na.current, rel=1e-12)
    assert na.net_current == pytest.approx(0.0, abs=1e-9)


def test_chord_solution_by_hand(neuron, res):
    # V = (Σ g E − I_pump)/Σ g with the E's from the Nernst equation
    E = {
        k: rtf_mV(37) / neuron.ions[k].z * math.log(neuron.ions[k].c_out / neuron.ions[k].c_in)
        for k in neuron.ions
    }
    g = {k: neuron.ions[k].g for k in neuron.ions}
    V = (sum(g[k] * E[k] for k in g) - res.i_pump) / sum(g.values())
    assert res.V == pytest.approx(V, abs=1e-9)
    assert res.model == "chord"


def test_stopping_the_pump_makes_it_not_steady(neuron):
    r = vrest.solve_rest(neuron.with_pump(None))
    assert r.state == "not steady"
    assert "nothing restores" in r.reason
    # V relaxes to the pump-free chord value; the gradients run down: Na⁺ enters, K⁺ leaves
    assert r.ion("Na").dcin_dt > 0 and r.ion("K").dcin_dt < 0


def test_single_ion_membrane_is_at_equilibrium():
    r = vrest.solve_rest(vrest.Cell({"K": {"c_in": 140, "c_out": 4, "g": 5}}))
    assert r.state == "equilibrium"
    assert r.V == pytest.approx(r.E["K"], abs=1e-9)
    assert r.dissipation == pytest.approx(0, abs=1e-25)
    assert r.entropy_production == pytest.approx(0, abs=1e-25)


def test_all_ions_at_the_same_potential_is_equilibrium():
    # Donnan-like distribution: [K]in/[K]out = [Cl]out/[Cl]in → E_K = E_Cl, an equilibrium
    cell = vrest.Cell(
        {"K": {"c_in": 120, "c_out": 4, "g": 3}, "Cl": {"c_in": 4, "c_out": 120, "g": 2}}
    )
    r = vrest.solve_rest(cell)
    assert r.state == "equilibrium"


def test_imposed_voltage_is_not_steady_and_reports_dvdt(neuron):
    r = vrest.solve_rest(neuron.with_pump({"mode": "fixed", "i_pump": 100}), V=-60.0)
    assert r.state == "not steady"
    # dV/dt = −I_net/C (pA/pF = mV/ms)
    assert f"{-r.net_current / neuron.capacitance_pF:.3g} mV/ms" in r.reason


def test_block_one_call_hyperpolarizes(neuron, res):
    # chapter §3: blocking Cl⁻ channels removes a depolarizing current
    blocked = vrest.solve_rest(neuron.block("Cl"))
    assert blocked.V < res.V
    assert blocked.ion("Cl").g == 0 and blocked.ion("Cl").current == 0


def test_kna_ghk_cell_with_balanced_pump_is_mullins_noda():
    # With K⁺ and Na⁺ only, a pump that extrudes the Na⁺ influx (3 Na : 2 K) also balances the
    # K⁺ efflux (net current zero), which is exactly the Mullins–Noda condition I_Na = −1.5 I_K.
    ions = {
        "K": {"c_in": 140, "c_out": 4, "P": 2e-6},
        "Na": {"c_in": 12, "c_out": 145, "P": 0.05e-6},
    }
    cell = vrest.Cell(ions, radius=8.0, pump={"mode": "balance"}, celsius=30)
    r = vrest.solve_rest(cell)
    assert r.model == "ghk"
    mn = vrest.mullins_noda_voltage(
        {"K": 2, "Na": 0.05}, {"K": 140, "Na": 12}, {"K": 4, "Na": 145}, r=1.5, celsius=30
    )
    assert r.V == pytest.approx(mn, abs=1e-8)
    # a true pump–leak steady state: every ion balanced, and passive dissipation equals the work
    # the pump does on the ions (the energy balance of SPEC §7)
    assert all(abs(i.net_current) < 1e-9 * abs(i.current) for i in r.ions)
    assert r.pump_work == pytest.approx(r.dissipation, rel=1e-9)


def test_chord_kna_cell_energy_balance():
    cell = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "g": 10}, "Na": {"c_in": 15, "c_out": 145, "g": 0.5}},
        pump={"mode": "balance"},
    )
    r = vrest.solve_rest(cell)
    assert r.state == "NESS" and "not balanced" not in r.reason
    assert r.pump_work == pytest.approx(r.dissipation, rel=1e-12)


def test_conductance_and_permeability_descriptions_agree():
    # g from P (slope conductance at E) and back gives the same cell and the same voltages
    cg = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "g": 10}, "Na": {"c_in": 15, "c_out": 145, "g": 0.5}},
        radius=10,
    )
    rg = vrest.solve_rest(cg)
    cp = vrest.Cell(
        {k: {"c_in": i.c_in, "c_out": i.c_out, "P": i.P} for k, i in zip(rg.E, rg.ions)}, radius=10
    )
    rp = vrest.solve_rest(cp)
    assert rp.V_ghk == pytest.approx(rg.V_ghk, abs=1e-9)
    assert rp.V_chord == pytest.approx(rg.V_chord, abs=1e-9)
    assert rp.model == "ghk" and rg.model == "chord"


def test_warming_27_to_37_hyperpolarizes(neuron, res):
    # chapter §6: pump Q10 3.0, leak Q10 1.3 — warming hyperpolarizes and the pump's
    # contribution grows by 3.0/1.3
    from dataclasses import replace

    warm = neuron.with_pump(replace(neuron.pump, mode="fixed", i_pump=res.i_pump))
    cold = warm.at_celsius(27)
    r27, r37 = vrest.solve_rest(cold), vrest.solve_rest(warm)
    assert r37.V < r27.V
    assert abs(r37.E["K"]) > abs(r27.E["K"])
    assert r37.pump_contribution / r27.pump_contribution == pytest.approx(3.0 / 1.3, rel=1e-9)
    assert cold.ions["K"].g == pytest.approx(neuron.ions["K"].g / 1.3, rel=1e-12)


def test_result_serialisation(res, tmp_path):
    d = res.to_dict()
    json.dumps(d)
    assert d["ions"]["K"]["E_mV"] == res.E["K"]
    df = res.to_dataframe()
    assert list(df.index) == ["K", "Na", "Cl"]
    assert {"E_mV", "current_pA", "flux_mol_s"} <= set(df.columns)
    text = res.table()
    assert "NESS" in text and "pump contribution" in text
    out = tmp_path / "sub" / "rest.png"
    res.plot(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_full_analysis_is_fast_enough_for_interactive_use(neuron):
    # a smoke check only (timings live in benchmarks/): 200 analyses well under 2 s
    import time

    t = time.perf_counter()
    for _ in range(200):
        vrest.solve_rest(neuron)
    assert time.perf_counter() - t < 2.0


cells = st.fixed_dictionaries(
    {
        # a channel is either closed (0) or open with a physiological conductance (≥ 1 pS)
        "K": st.tuples(
            st.floats(50, 200), st.floats(1, 20), st.one_of(st.just(0.0), st.floats(1e-3, 50))
        ),
        "Na": st.tuples(
            st.floats(3, 50), st.floats(50, 200), st.one_of(st.just(0.0), st.floats(1e-3, 10))
        ),
        "Cl": st.tuples(
            st.floats(2, 60), st.floats(50, 150), st.one_of(st.just(0.0), st.floats(1e-3, 30))
        ),
    }
)


@given(cells, st.floats(0, 40))
def test_properties_of_random_cells(d, t):
    if all(v[2] == 0 for v in d.values()):
        return
    cell = vrest.Cell(
        {k: {"c_in": v[0], "c_out": v[1], "g": v[2]} for k, v in d.items()}, celsius=t, radius=10
    )
    r = vrest.solve_rest(cell)
    E = [i.E for i in r.ions if i.g > 0]
    for V in (r.V_chord, r.V_ghk):
        assert min(E) - 1e-7 <= V <= max(E) + 1e-7
    # dissipation and entropy production ≥ 0; zero only at equilibrium
    assert r.dissipation >= 0 and r.entropy_production >= 0
    assert (r.state == "equilibrium") == (r.dissipation < 1e-30)
