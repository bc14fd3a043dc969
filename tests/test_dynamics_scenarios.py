"""Scenarios of the time-domain model: ouabain in and out, a step of [K]o. Expected values are
computed here from the chord equation with CODATA constants (tests/conftest.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import rtf_mV

import vrest
from vrest.dynamics import block_and_recovery, k_out_step

CELLS = Path(__file__).resolve().parents[1] / "examples" / "cells"


def test_k_out_step_moves_v_to_the_new_chord_potential():
    cell = vrest.load_cell(CELLS / "ness_neuron.toml")
    r0 = vrest.solve_rest(cell)
    tc = k_out_step(cell, 10.0, hours=0.01, at_s=10.0, log_s=None)
    # 20 ms after the step (≈ 26 τ, τ = C/G ≈ 0.76 ms) V sits at the chord V of the new E_K,
    # with the concentrations of that moment and the pump at its constant (balance) rate
    t = 10.02
    s = tc.value_at(t)
    rtf = rtf_mV(37)
    E = {
        "K": rtf * math.log(10.0 / s["K_in_mM"]),
        "Na": rtf * math.log(145 / s["Na_in_mM"]),
        "Cl": -rtf * math.log(110 / s["Cl_in_mM"]),
    }
    g = {"K": 100.0, "Na": 4.0, "Cl": 45.0}
    V = (sum(g[i] * E[i] for i in g) - r0.i_pump) / sum(g.values())
    assert s["V_mV"] == pytest.approx(V, abs=1e-3)  # e^(−26)·20 mV ≪ 1e-3, and rtol 1e-8
    assert tc.value_at(9.99)["V_mV"] == pytest.approx(r0.V, abs=1e-6)  # nothing before


def test_block_and_recovery_with_a_kinetic_pump():
    # ouabain in at 10 s, out at 300 s: [Na]i rose meanwhile, so the kinetic pump (saturating
    # in [Na]i) runs faster than before the block: V hyperpolarizes past its start, and [Na]i
    # falls back
    cell = vrest.load_cell(CELLS / "chapter_neuron.toml").with_pump(
        {"mode": "kinetic", "i_max": 600}
    )
    tc = block_and_recovery(cell, hours=0.25, block_at_s=10.0, wash_at_s=300.0)
    before, at_wash, end = tc.value_at(9.0), tc.value_at(300.0), tc.value_at(900.0)
    assert at_wash["Na_in_mM"] > before["Na_in_mM"] + 1
    just_after = tc.value_at(300.05)
    ip_after = float(tc.i_pump[tc.t.searchsorted(301.0)])
    ip_before = float(tc.i_pump[tc.t.searchsorted(9.0)])
    assert ip_after > ip_before  # the raised [Na]i drives the pump faster
    assert just_after["V_mV"] < before["V_mV"]  # post-inhibition hyperpolarization
    # against the same block without wash-out, the restored pump has pulled [Na]i back down
    from vrest.dynamics import atp_cut

    kept = atp_cut(cell, hours=0.25, block_at_s=10.0).value_at(900.0)
    assert end["Na_in_mM"] < kept["Na_in_mM"] - 5


def test_bad_scenario_times():
    cell = vrest.load_cell(CELLS / "ness_neuron.toml")
    with pytest.raises(vrest.VrestInputError, match="wash_at_s"):
        block_and_recovery(cell, hours=0.1, block_at_s=100, wash_at_s=50)
    with pytest.raises(vrest.VrestInputError, match="at_s"):
        k_out_step(cell, 10.0, hours=0.001, at_s=10.0)


@pytest.mark.filterwarnings("ignore::vrest.errors.VrestWarning")  # Na⁺ g→P at 69 mM: 3.2×
def test_cooling_from_the_ness_and_the_new_ness():
    # the chapter's §6 scenario in full, run backward (37 → 27 °C) on a cell with a kinetic pump
    from vrest.dynamics import warming
    from vrest.pump import kinetic_current

    cell = vrest.Cell(
        {
            "K": {"c_in": 140, "c_out": 4, "g": 100},
            "Na": {"c_in": 15, "c_out": 145, "g": 4},
            "Cl": {"c_in": 10, "c_out": 110, "g": 45},
        },
        radius=30,
        pump={"mode": "kinetic", "i_max": 800, "q10": 3.0},
    )
    w = warming(cell, 27.0)
    before, instant, after = w["before"], w["instant"], w["after"]
    # instant: the pump slows 3×, the leaks 1.3×, at the old concentrations (by hand)
    ip = kinetic_current(instant.V, before.c_in["Na"], 4.0, 145.0, 27.0, 800 / 3)
    assert instant.i_pump == pytest.approx(ip, rel=1e-9)
    assert instant.state == "drifting"
    assert instant.V > before.V  # cooling depolarizes (warming hyperpolarizes: the chapter)
    # the new NESS: the pump's Na⁺ efflux (3 per cycle) equals the Na⁺ leak again
    r = vrest.solve_rest(after.cell)
    assert r.state == "NESS"
    e_na = rtf_mV(27) * math.log(145 / after.c_in["Na"])
    i_na = 4 / 1.3 * (after.V - e_na)
    assert 3 * after.i_pump == pytest.approx(-i_na, rel=1e-6)


def test_protein_synthesis_block_two_time_scales():
    # no new pump protein from t = 10 s: the level is 2^(−(t − 10)/t½) (checked at the samples
    # by hand for the constant-rate balance pump), and the K⁺ run-down takes hours (t½ = 24 h,
    # an assumption within the chapter's "hours to days"), against minutes after an ATP cut
    from vrest.dynamics import atp_cut, protein_synthesis_block

    cell = vrest.load_cell(CELLS / "chapter_neuron.toml")
    tc = protein_synthesis_block(cell, half_life_h=24.0, hours=48.0, at_s=10.0, log_s=3600.0)
    r0 = tc.pump_rate[0]
    for k in range(1, len(tc.t)):
        want = r0 * 2.0 ** (-(tc.t[k] - 10.0) / (24 * 3600))
        assert tc.pump_rate[k] == pytest.approx(want, rel=1e-12)
    slow = tc.half_time("K")
    fast = atp_cut(cell, hours=2).half_time("K")
    assert 5 * 3600 < slow < 48 * 3600 and 10 * 60 < fast < 60 * 60
    assert slow > 20 * fast
    # a kinetic pump's reserve (rising [Na]i speeds each remaining pump) holds the K⁺ gradient
    # longer than a constant-rate pump of the same density
    kin = cell.with_pump({"mode": "kinetic", "i_max": 600})
    slow_k = protein_synthesis_block(kin, half_life_h=24.0, hours=48.0, log_s=3600.0).half_time("K")
    assert slow_k > slow


def test_progress_reports_and_does_not_change_the_answer():
    from vrest.dynamics import atp_cut

    cell = vrest.load_cell(CELLS / "chapter_neuron.toml")
    seen: list[float] = []
    with_p = atp_cut(cell, hours=1, progress=lambda t, end: seen.append(t / end))
    plain = atp_cut(cell, hours=1)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 20
    # restarting the integrator at each twentieth changes the answer only within the tolerances
    # (rtol 1e-8 on concentrations; V to 1e-7 mV absolute, so 1e-4 mV after an hour is ample)
    assert with_p.V == pytest.approx(plain.V, abs=1e-4)
    assert with_p.c_in["K"] == pytest.approx(plain.c_in["K"], rel=1e-5)


def _gap(step_to: float) -> tuple[float, float]:
    """Largest |V_chord − V_GHK| (mV) after a [K]o step from 4 mM on a K⁺/Cl⁻ cell at
    equilibrium (E_K = E_Cl = V), and the size of the V step itself."""
    cell = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "g": 10}, "Cl": {"c_in": 4, "c_out": 140, "g": 5}},
        radius=10,
    )
    runs = {
        m: k_out_step(cell, step_to, hours=0.001, at_s=0.1, model=m, log_s=0.001)
        for m in ("chord", "ghk")
    }
    dv = abs(runs["chord"].V[-1] - runs["chord"].V[0])
    return float(max(abs(runs["chord"].V - runs["ghk"].V))), dv


def test_linear_and_ghk_leaks_agree_for_small_perturbations():
    # g of each ion is the GHK slope conductance at its E (one membrane), so near equilibrium the
    # two models differ only at second order in the perturbation δ: the gap relative to the V
    # response is O(δ) (≈ δ/4 here), 0.25 % for a 1 % [K]o step, ~10 % for a 50 % step
    small, dv_small = _gap(4.04)
    large, dv_large = _gap(6.0)
    assert small / dv_small < 0.005  # 1 % step: within 0.5 % of the response
    assert (small / dv_small) < (large / dv_large) / 10  # the disagreement grows with δ


def test_run_length_beyond_the_sample_limit_is_named_in_hours():
    """1e7 samples at 1 s is 2777.8 h: a longer run is refused by its own field, ``hours``."""
    from vrest.dynamics import atp_cut

    cell = vrest.load_cell("examples/cells/chapter_neuron.toml")
    with pytest.raises(vrest.VrestInputError, match=r"hours.*up to 2777\.78 h"):
        atp_cut(cell, hours=1e9)


def test_decaying_pump_level_is_exact_then_gone_after_fifty_half_lives():
    """The pump protein decays as 2^(−t/t½) (checked here to 1e-15 relative) until less than
    1e-15 of it is left (about 50 half-lives), then it is taken as 0."""
    from vrest.dynamics.protocol import DECAY_FLOOR, Protocol

    p = Protocol().pump_decay(24.0 * 3600.0, 3600.0)
    for n in (0.5, 1.0, 10.0, 49.0):
        t = 3600.0 + n * 24 * 3600.0
        assert p.level_at(t) == pytest.approx(2.0**-n, rel=1e-15)
    assert 2.0**-50 < DECAY_FLOOR < 2.0**-49
    assert p.level_at(3600.0 + 50.5 * 24 * 3600.0) == 0.0
