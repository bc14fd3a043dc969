"""The documented examples for SPEC §1–7 run and print the chapter's numbers.

Each example exposes ``main()``; the expected values are the chapter's (SPEC §1–7), with the
tolerances of ``vrest.chapter`` (a "≈" value to ±1 mV; an exact one to its last digit)."""

from __future__ import annotations

import itertools
import math
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import rtf_mV

EX = Path(__file__).resolve().parents[1] / "examples"


def run(name: str):
    return runpy.run_path(str(EX / name))["main"]()


def test_01_nernst():
    r = run("01_nernst.py")
    assert r["E_K"] == pytest.approx(-95, abs=1)
    assert r["E_Na"] == pytest.approx(60, abs=1)
    assert -65.5 <= r["E_Cl"] <= -63.5
    assert r["E_K_pint"] == pytest.approx(r["E_K"], abs=1e-9)  # 310.15 K is 37 °C
    # Δμ̃ at −70 mV: K⁺ wants out (V > E_K), Na⁺ and Cl⁻ want in... Cl⁻: V < E_Cl → out
    assert r["dmu_kJ_mol"]["K"] > 0 and r["dmu_kJ_mol"]["Na"] < 0


def test_02_ness():
    r = run("02_ness.py")
    assert r["K_only"]["state"] == "equilibrium"
    assert r["neuron"]["state"] == "drifting"  # V < E_Cl: Cl⁻ (and K⁺) leak out unreturned
    assert set(r["neuron"]["drifts"]) == {"K", "Cl"}
    assert r["neuron_no_pump"]["state"] == "drifting"
    assert set(r["neuron_no_pump"]["drifts"]) == {"K", "Na", "Cl"}
    # the NKCC1 strength written in the cell file is the one the example derives (9 digits)
    assert r["g_nkcc1_nS"] == pytest.approx(4.72545489, rel=1e-8, abs=0)
    for k in ("ness_derived", "ness_shipped", "nkcc1_derived", "nkcc1_shipped"):
        assert r[k]["state"] == "NESS"
        # at a NESS the passive dissipation equals the pump's work on the ions (to the NESS
        # tolerance, 1e-6 relative) and is paid for by ATP
        assert r[k]["pump_work_W"] == pytest.approx(r[k]["dissipation_W"], rel=1e-6, abs=0)
        assert r[k]["pump_work_W"] < r[k]["atp_W"]
    # the Mullins–Noda chord V for g_K 100, g_Na 4 nS, computed here from the chapter's E's
    eK, eNa = rtf_mV(37) * math.log(4 / 140), rtf_mV(37) * math.log(145 / 15)
    assert r["V_ness_formula"] == pytest.approx((100 * eK + 4 * eNa / 1.5) / (100 + 4 / 1.5))
    assert r["ness_shipped"]["V"] == pytest.approx(r["V_ness_formula"], abs=1e-7)
    assert r["Cl_in_ness"] == pytest.approx(110 * math.exp(r["V_ness_formula"] / rtf_mV(37)))
    assert r["K_only"]["entropy_production"] == 0 < r["neuron"]["entropy_production"]


def test_03_chord():
    r = run("03_chord.py")
    assert r["V"] == pytest.approx(-77.4, abs=0.05)
    assert r["V_Cl_blocked"] == pytest.approx(-83, abs=0.5)
    assert r["Cl_direction"] == "efflux" and r["I_Cl"] < 0
    assert r["rectification_ratio"] > 1  # outward rectification of K⁺ with [K]in ≫ [K]out


def test_05_pump():
    r = run("05_pump.py")
    assert -5 <= r["pump_contribution_mV"] <= -1  # chapter §5: −1 to −5 mV
    assert r["pump_contribution_mV"] == pytest.approx(r["minus_I_over_G"], rel=1e-12, abs=0)
    assert r["V_ghk_balance_pump"] == pytest.approx(r["V_mullins_noda"], abs=1e-8)


def test_06_temperature():
    r = run("06_temperature.py")
    assert r["dV"] < 0  # chapter §6: warming 27 → 37 °C hyperpolarizes
    assert abs(r["E_K37"]) > abs(r["E_K27"])
    # the pump balanced at 37 °C, moved to 27 °C: turnover ÷ Q10_pump = 3, leaks ÷ 1.3
    assert r["i_pump27"] == pytest.approx(r["i_pump37"] / 3.0, rel=1e-12, abs=0)
    assert r["G37"] / r["G27"] == pytest.approx(1.3, rel=1e-12, abs=0)
    assert r["state27"] == "drifting"  # the cooled pump no longer matches the Na⁺ leak
    temps = sorted(r["sweep"])
    assert all(r["sweep"][a] > r["sweep"][b] for a, b in itertools.pairwise(temps))


def test_07_entropy_production():
    r = run("07_entropy_production.py")
    # chapter §7: ≈ 3.46e-13 J/(K·s) for an unspecified typical neuron: same order (factor 2)
    assert 3.46e-13 / 2 <= r["entropy_production"] <= 3.46e-13 * 2
    assert r["entropy_production"] == pytest.approx(r["dissipation_W"] / r["T_K"], rel=1e-12, abs=0)
    # P = Σ g (V − E)² for linear leaks, by hand (nS·mV² = 1e-15 W)
    hand = sum(r["g_nS"][k] * (r["V"] - r["E_mV"][k]) ** 2 for k in r["g_nS"]) * 1e-15
    assert r["dissipation_W"] == pytest.approx(hand, rel=1e-12, abs=0)
    # the pump cannot do more work on the ions than ATP hydrolysis releases
    assert 0 < r["pump_work_W"] < r["atp_power_W"]


def test_chapter_script_all_rows_agree():
    rows = run("chapter.py")
    assert {r.section for r in rows} == {"1", "2", "3", "4", "5", "6", "7"}
    assert all(r.agrees for r in rows), [r.quantity for r in rows if not r.agrees]


@pytest.mark.parametrize("name", sorted(p.name for p in EX.glob("*.py")))
def test_every_example_runs_as_a_script(name):
    p = subprocess.run([sys.executable, str(EX / name)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip()
