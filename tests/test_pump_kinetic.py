"""The kinetic Na⁺/K⁺ pump (mode = "kinetic"): saturation in [Na]ᵢ and [K]ₒ and the Luo–Rudy
voltage dependence f_NaK (Luo & Rudy, Circ. Res. 74, 1071 (1994)), its Q10 on the turnover
only, and the rest it sets. Expected values are computed here by hand."""

from __future__ import annotations

import math

import pytest
from conftest import F_CODATA, R_CODATA

import vrest
from vrest.pump import kinetic_current


def _lr(V, nai, ko, nao, celsius, imax, kna=10.0, kk=1.5):
    u = V * 1e-3 * F_CODATA / (R_CODATA * (celsius + 273.15))
    sigma = (math.exp(nao / 67.3) - 1) / 7
    f = 1 / (1 + 0.1245 * math.exp(-0.1 * u) + 0.0365 * sigma * math.exp(-u))
    return imax * f / (1 + (kna / nai) ** 1.5) * ko / (ko + kk)


@pytest.mark.parametrize("V", [-120.0, -80.0, 0.0, 40.0])
def test_luo_rudy_current_by_hand(V):
    got = kinetic_current(V, 12.0, 5.4, 140.0, 37.0, 100.0)
    assert got == pytest.approx(_lr(V, 12.0, 5.4, 140.0, 37.0, 100.0), rel=1e-12, abs=0)


def test_cubic_saturation_and_limits():
    # ([Na]/([Na]+K))³ ([K]/([K]+K))²: at [Na]ᵢ = K_Na and [K]ₒ = K_K it is 1/8 · 1/4 of i_max
    got = kinetic_current(-70.0, 10.0, 1.5, 145.0, 37.0, 64.0, saturation="cubic", voltage="none")
    assert got == pytest.approx(64.0 / 32.0, rel=1e-15)
    # f_NaK rises with depolarisation toward 1 (Luo–Rudy's sigmoid): 0.961 at +300 mV by hand
    f = [kinetic_current(v, 1e6, 1e6, 140.0, 37.0, 1.0) for v in (-150, -50, 50, 300, 2000)]
    assert f == sorted(f) and f[-1] == pytest.approx(1.0, abs=1e-4)  # e^(−7.5)·0.12 ≈ 7e-5
    u = 300e-3 * F_CODATA / (R_CODATA * 310.15)
    sigma = (math.exp(140 / 67.3) - 1) / 7
    f300 = 1 / (1 + 0.1245 * math.exp(-0.1 * u) + 0.0365 * sigma * math.exp(-u))
    assert f[3] == pytest.approx(
        f300 * (1 / (1 + (10 / 1e6) ** 1.5)) * 1e6 / (1e6 + 1.5), rel=1e-12
    )


def _cell(imax=300.0, q10=3.0):
    ions = {
        "K": {"c_in": 140, "c_out": 4, "g": 100},
        "Na": {"c_in": 15, "c_out": 145, "g": 4},
    }
    return vrest.Cell(ions, radius=30, pump={"mode": "kinetic", "i_max": imax, "q10": q10})


def test_rest_with_a_kinetic_pump_balances_the_currents():
    r = vrest.solve_rest(_cell())
    ip = _lr(r.V, 15.0, 4.0, 145.0, 37.0, 300.0)
    assert r.i_pump == pytest.approx(ip, rel=1e-9)
    # chord: Σ g (V − E) + I_pump = 0 at V_rest (the kinetic pump makes V a root, not a ratio)
    eK = R_CODATA * 310.15 / F_CODATA * 1e3 * math.log(4 / 140)
    eNa = R_CODATA * 310.15 / F_CODATA * 1e3 * math.log(145 / 15)
    assert 100 * (r.V - eK) + 4 * (r.V - eNa) + ip == pytest.approx(0.0, abs=1e-6)
    assert r.atp_rate == pytest.approx(ip * 1e-12 / 1.602176634e-19, rel=1e-12)


def test_q10_scales_turnover_not_km():
    cold = vrest.solve_rest(_cell().at_celsius(27.0))
    ip = _lr(cold.V, 15.0, 4.0, 145.0, 27.0, 300.0 / 3.0)
    assert cold.i_pump == pytest.approx(ip, rel=1e-9)


def test_kinetic_pump_in_a_cell_file_and_errors(tmp_path):
    text = (
        'celsius = 37\nradius = "30 um"\n[ions.K]\nc_in = "140 mM"\nc_out = "4 mM"\ng = "100 nS"\n'
        '[ions.Na]\nc_in = "15 mM"\nc_out = "145 mM"\ng = "4 nS"\n'
        '[pump]\nmode = "kinetic"\ni_max = "300 pA"\nkm_na = "10 mM"\nkm_k = "1.5 mM"\n'
    )
    p = tmp_path / "k.toml"
    p.write_text(text)
    cell = vrest.load_cell(p)
    assert cell.pump.i_max == 300.0 and cell.pump.mode == "kinetic"
    back = vrest.Cell.from_dict(cell.to_dict())
    assert back.pump == cell.pump
    with pytest.raises(vrest.VrestInputError, match="i_max"):
        vrest.Pump(mode="kinetic")
    with pytest.raises(vrest.VrestInputError, match="saturation"):
        vrest.Pump(mode="kinetic", i_max=10, saturation="hill")
    p.write_text(text.replace('i_max = "300 pA"', "i_max = 300"))
    with pytest.raises(vrest.CellFileError, match="unit"):
        vrest.load_cell(p)
    # the unit-suffixed keys that Cell.to_dict writes are a cell file's too
    p.write_text(
        text.replace('i_max = "300 pA"', "i_max_pA = 300").replace(
            'km_k = "1.5 mM"', "km_k_mM = 1.5"
        )
    )
    assert vrest.load_cell(p).pump == cell.pump


def test_atp_limit_brakes_the_pump_by_hand():
    # the brake 1 − exp((W − |ΔG_ATP|)/RT), W = F [3 (E_Na − V) + 2 (V − E_K)], ΔG_ATP from
    # ATP 2.25, ADP 0.25, Pi 1.65 mM and ΔG°′ −30.5 kJ/mol (all computed here)
    cell = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "g": 100}, "Na": {"c_in": 15, "c_out": 145, "g": 4}},
        radius=30,
        pump={"mode": "kinetic", "i_max": 300, "atp_limit": True},
    )
    r = vrest.solve_rest(cell)
    T = 310.15
    rtf = R_CODATA * T / F_CODATA * 1e3
    e_na, e_k = rtf * math.log(145 / 15), rtf * math.log(4 / 140)
    dG = -30.5e3 + R_CODATA * T * math.log(0.25e-3 * 1.65e-3 / 2.25e-3)
    W = F_CODATA * 1e-3 * (3 * (e_na - r.V) + 2 * (r.V - e_k))
    brake = 1 - math.exp((W - abs(dG)) / (R_CODATA * T))
    assert 0 < brake < 1
    assert r.i_pump == pytest.approx(_lr(r.V, 15.0, 4.0, 145.0, 37.0, 300.0) * brake, rel=1e-9)
    assert "ΔG_ATP" in r.pump_how


def test_atp_limit_in_a_time_course_matches_the_rest_rates():
    # the same brake in the time-domain model: at t = 0 its rates are the rest analysis' d[X]/dt
    from vrest.dynamics import simulate

    cell = vrest.Cell(
        {"K": {"c_in": 140, "c_out": 4, "g": 100}, "Na": {"c_in": 15, "c_out": 145, "g": 4}},
        radius=30,
        pump={"mode": "kinetic", "i_max": 300, "atp_limit": True},
    )
    r = vrest.solve_rest(cell)
    tc = simulate(cell, None, 1.0, log_s=None)
    rates = tc.rates(0.0)
    for ion in ("K", "Na"):
        key = next(k for k in rates if k.startswith(ion))
        assert rates[key] == pytest.approx(r.ion(ion).dcin_dt, rel=1e-6, abs=1e-12)
    with pytest.raises(vrest.VrestInputError, match="atp_limit"):
        vrest.Pump(mode="balance", atp_limit=True)
