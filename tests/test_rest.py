"""Rest of a whole cell: solve_rest, classification, energetics and the chapter neuron
(SPEC §2, §3, §5, §6, §7)."""

from __future__ import annotations

import json
import math

import pytest
from conftest import F_CODATA, R_CODATA, rtf_mV
from hypothesis import assume, given
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


def test_chapter_neuron_is_v_steady_but_drifting(neuron, res):
    # The currents sum to zero (V steady) and the pump spends ATP, but V < E_Cl: Cl⁻ leaks out
    # and no transporter returns it, so the chapter neuron as given is not a NESS.
    assert res.state == "drifting"
    assert res.net_current == 0.0
    assert all(abs(i.flux) > 0 for i in res.ions)
    assert res.entropy_production > 0 and res.atp_rate > 0
    # By hand: with Na⁺ balanced by the pump and the currents summing to zero, K⁺'s net current
    # is −I_Cl, so [K]in and [Cl]in fall at the same rate I_Cl/(F·vol) (K⁺ efflux, Cl⁻ efflux).
    V, vol_L = res.V, 4 / 3 * math.pi * 30e-6**3 * 1e3  # 30 µm sphere, m³ → L
    e_cl = -rtf_mV(37) * math.log(110 / 10)
    i_cl = 45 * (V - e_cl) * 1e-12  # nS·mV = pA → A
    rate = abs(i_cl) / F_CODATA / vol_L * 1e3 * 60  # mM/min
    drifts = {d.ion: d for d in res.drifts}
    assert set(drifts) == {"K", "Cl"}
    # 1e-9 relative: float rounding through the solver (the same formula, independent code)
    assert drifts["Cl"].rate == pytest.approx(-rate, rel=1e-9, abs=0)
    assert drifts["K"].rate == pytest.approx(-rate, rel=1e-9, abs=0)
    # Cl⁻ relaxes toward E_Cl = V: [Cl]in = 110 exp(V F/RT); τ = F² [Cl]in vol/(g_Cl R T)
    assert drifts["Cl"].end == pytest.approx(110 * math.exp(V / rtf_mV(37)), rel=1e-9, abs=0)
    tau_s = F_CODATA**2 * 10e-3 * vol_L / (45e-9 * R_CODATA * 310.15)
    # 1e-6 relative: τ comes from a central difference with a 1e-6 relative step
    assert drifts["Cl"].tau == pytest.approx(tau_s / 60, rel=1e-6, abs=0)
    assert drifts["Cl"].need == "uptake" and "NKCC1" in drifts["Cl"].holder
    # energy books: the gradients lose free energy (residual > 0) and the pump's work on the
    # ions is less than the passive dissipation, but less than the ATP it burns
    e = res.energy
    assert (
        e.residual == pytest.approx(e.passive - e.transporters, rel=1e-12, abs=0) and e.residual > 0
    )
    assert 0 < e.transporters < e.atp


def test_ness_neuron_balances_its_books():
    # Cl⁻ passively distributed (E_Cl = V): every ion's net flux is zero — a true NESS — and the
    # passive dissipation equals the pump's work on the ions, which ATP pays for (η < 1).
    from pathlib import Path

    cell = vrest.load_cell(Path(__file__).parents[1] / "examples/cells/ness_neuron.toml")
    r = vrest.solve_rest(cell)
    assert r.state == "NESS" and not r.drifts
    e = r.energy
    assert e.transporters == pytest.approx(e.passive, rel=1e-6, abs=0)  # the NESS tolerance
    assert e.residual == 0.0
    assert 0 < e.efficiency < 1
    # entropy: channels P/T; with the pump's own losses, (ATP power)/T at a NESS
    assert e.entropy_total == pytest.approx(e.atp / 310.15, rel=1e-6, abs=0)
    # the Mullins–Noda chord form: V = (g_K E_K + (2/3) g_Na E_Na)/(g_K + (2/3) g_Na)
    eK, eNa = rtf_mV(37) * math.log(4 / 140), rtf_mV(37) * math.log(145 / 15)
    assert r.V == pytest.approx((100 * eK + 4 * eNa * 2 / 3) / (100 + 4 * 2 / 3), abs=1e-9)


def test_pump_contribution_chapter_range_and_identity(res):
    # chapter §5: ΔV_pump = −I_pump/G_total, negative, −1 to −5 mV in a typical neuron
    assert res.pump_contribution == pytest.approx(-res.i_pump / res.G_total, rel=1e-12, abs=0)
    assert -5.0 <= res.pump_contribution <= -1.0


def test_balance_pump_extrudes_the_sodium_influx(res):
    na = res.ion("Na")
    assert na.pump_current == pytest.approx(-na.current, rel=1e-12, abs=0)
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


def test_stopping_the_pump_leaves_v_steady_with_gradients_running_down(neuron):
    r = vrest.solve_rest(neuron.with_pump(None))
    assert r.state == "drifting"
    assert "no pump restores" in r.reason
    assert {d.ion for d in r.drifts} == {"K", "Na", "Cl"}
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
    assert r.pump_work == pytest.approx(r.dissipation, rel=1e-9, abs=0)


def test_chord_kna_cell_energy_balance():
    cell = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "g": 10}, "Na": {"c_in": 15, "c_out": 145, "g": 0.5}},
        pump={"mode": "balance"},
    )
    r = vrest.solve_rest(cell)
    assert r.state == "NESS" and "not balanced" not in r.reason
    assert r.pump_work == pytest.approx(r.dissipation, rel=1e-12, abs=0)


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
    # chapter §6: pump Q10 3.0, leak Q10 1.3 — the balance pump is balanced at 37 °C (where the
    # cell is described); at 27 °C its turnover is 3× slower and the leaks 1.3× smaller.
    cold = neuron.at_celsius(27)
    r27 = vrest.solve_rest(cold)
    assert r27.i_pump == pytest.approx(res.i_pump / 3.0, rel=1e-12, abs=0)
    assert r27.ion("K").g == pytest.approx(100 / 1.3, rel=1e-12, abs=0)
    assert cold.ions["K"].g == 100  # the description is not changed, only evaluated at 27 °C
    assert res.V < r27.V
    assert abs(res.E["K"]) > abs(r27.E["K"])
    assert res.pump_contribution / r27.pump_contribution == pytest.approx(
        3.0 / 1.3, rel=1e-9, abs=0
    )
    # moved away from its balance temperature the pump no longer matches the Na⁺ leak
    assert r27.state == "drifting" and "Na" in {d.ion for d in r27.drifts}


@pytest.mark.parametrize(
    "name",
    [
        "chapter_neuron",
        "ness_neuron",
        "squid_axon",
        "frog_muscle",
        "mammalian_muscle",
        "cortical_neuron",
    ],
)
@pytest.mark.parametrize("dT", [-10.0, +5.0])
def test_pump_q10_is_used_in_both_directions(name, dT):
    # every example cell: moving it by ΔT scales the pump's turnover by Q10_pump^(ΔT/10) and
    # every g by Q10_leak^(ΔT/10), relative to the temperature it was described at
    from pathlib import Path

    cell = vrest.load_cell(Path(__file__).parents[1] / f"examples/cells/{name}.toml")
    r0 = vrest.solve_rest(cell)
    moved = vrest.solve_rest(cell.at_celsius(cell.celsius + dT))
    fp, fl = cell.pump.q10 ** (dT / 10), cell.q10_leak ** (dT / 10)
    assert moved.i_pump == pytest.approx(r0.i_pump * fp, rel=1e-9, abs=0)
    for a, b in zip(r0.ions, moved.ions):
        assert b.g == pytest.approx(a.g * fl, rel=1e-12, abs=0)
    # a different pump Q10 gives a different V (the Q10 is not ignored)
    other = vrest.solve_rest(cell.at_celsius(cell.celsius + dT, q10_pump=1.0))
    assert other.i_pump == pytest.approx(r0.i_pump, rel=1e-9, abs=0)
    assert other.V != pytest.approx(moved.V, abs=1e-6)


def test_result_serialisation(res, tmp_path):
    d = res.to_dict()
    json.dumps(d)
    assert d["ions"]["K"]["E_mV"] == res.E["K"]
    df = res.to_dataframe()
    assert list(df.index) == ["K", "Na", "Cl"]
    assert {"E_mV", "current_pA", "flux_mol_s"} <= set(df.columns)
    text = res.table()
    assert "concentrations drifting" in text and "pump contribution" in text
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


@pytest.mark.filterwarnings("ignore::vrest.errors.VrestWarning")  # random g ↔ P conversions
@given(cells, st.floats(0, 40))
def test_properties_of_random_cells(d, t):
    assume(any(v[2] > 0 for v in d.values()))  # an all-closed membrane has no V
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


def test_all_ions_at_one_potential_with_a_balance_pump_is_equilibrium():
    # E_K = E_Na = 0 (equal concentrations): V = 0, no Na⁺ influx, so the balance pump idles —
    # thermodynamic equilibrium, with a zero (not negative) ATP rate
    ions = {"K": {"c_in": 140, "c_out": 140, "g": 10}, "Na": {"c_in": 15, "c_out": 15, "g": 1}}
    r = vrest.solve_rest(vrest.Cell(ions, radius=10, pump={"mode": "balance"}))
    assert r.state == "equilibrium" and r.atp_rate == 0.0 and not math.copysign(1, r.atp_rate) < 0
    assert r.energy.atp == 0.0 and r.dissipation == 0.0


def test_pump_stoichiometry_is_used_in_the_state_and_books():
    # A 1 Na⁺ : 2 K⁺ pump (net inward charge −e per cycle) balancing Na⁺ is a pump, not "no
    # pump": its current is negative, its rate positive, and the ATP/s it quotes is I/(q e).
    ions = {"K": {"c_in": 140, "c_out": 4, "g": 10}, "Na": {"c_in": 15, "c_out": 145, "g": 1}}
    cell = vrest.Cell(ions, radius=10, pump={"mode": "balance", "n_na": 1, "n_k": 2})
    r = vrest.solve_rest(cell)
    assert r.i_pump < 0 and r.atp_rate > 0
    e = 1.602176634e-19
    assert r.atp_rate == pytest.approx(r.i_pump * 1e-12 / (-1 * e), rel=1e-12, abs=0)
    assert "1 Na⁺ : 2 K⁺" in r.reason and f"{r.atp_rate:.3g} ATP/s" in r.reason
    # Na⁺ is balanced: its passive influx equals 1 Na⁺ per cycle
    assert r.ion("Na").pump_current == pytest.approx(-r.ion("Na").current, rel=1e-12, abs=0)


def test_huge_conductances_still_give_the_right_state():
    # g = 1e300 nS: currents ~1e302 pA; the classification is relative, so the K⁺/Na⁺ cell
    # with a balance pump is still a NESS (Mullins–Noda: K⁺ balanced automatically)
    ions = {
        "K": {"c_in": 140, "c_out": 4, "g": 1e300},
        "Na": {"c_in": 15, "c_out": 145, "g": 1e299},
    }
    r = vrest.solve_rest(vrest.Cell(ions, radius=10, pump={"mode": "balance"}))
    assert r.state == "NESS"
    eK, eNa = rtf_mV(37) * math.log(4 / 140), rtf_mV(37) * math.log(145 / 15)
    assert r.V_chord == pytest.approx((10 * eK + eNa * 2 / 3) / (10 + 2 / 3), abs=1e-9)


def test_a_balance_pump_refuses_a_current_and_fixed_sign_follows_stoichiometry():
    with pytest.raises(vrest.VrestInputError, match=r"pump\.i_pump"):
        vrest.Pump(mode="balance", i_pump=50)
    with pytest.raises(vrest.VrestInputError, match="sign of n_na"):
        vrest.Pump(i_pump=50, n_na=1, n_k=2)
    assert vrest.Pump(i_pump=-50, n_na=1, n_k=2).fixed_rate() > 0
