"""examples/09_donnan.py: the Donnan numbers, checked against hand-derived closed forms."""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import pytest
from conftest import F_CODATA as F
from conftest import R_CODATA as R
from conftest import ZERO_CELSIUS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "09_donnan.py"


@pytest.fixture(scope="module")
def out() -> dict:
    return runpy.run_path(str(EXAMPLE))["main"]()


def rt_f(celsius: float) -> float:
    return 1e3 * R * (celsius + ZERO_CELSIUS) / F


def test_textbook_kcl(out):
    # [K]_in = A/2 + √(A²/4 + c²) = 75 + 125 = 200 mM, [Cl]_in = 50 mM, r = 2,
    # V = −(RT/F) ln 2, excess (200 + 50 + 150) − 200 = 200 mOsm, Π = 200·R·T Pa. Exact numbers:
    # round-off tolerance only (rel 1e-12).
    assert out["kcl_K_in"] == pytest.approx(200.0, rel=1e-12)
    assert out["kcl_Cl_in"] == pytest.approx(50.0, rel=1e-12)
    assert out["kcl_r"] == pytest.approx(2.0, rel=1e-12)
    assert out["kcl_V_mV"] == pytest.approx(-rt_f(out["celsius"]) * math.log(2.0), rel=1e-12)
    assert out["kcl_osmotic_excess_mOsm"] == pytest.approx(200.0, rel=1e-12)
    t = out["celsius"] + ZERO_CELSIUS
    assert out["kcl_osmotic_pressure_kPa"] == pytest.approx(200.0 * R * t * 1e-3, rel=1e-12)
    # "about 5 atm" in the docstring: 516 kPa / 101.325 kPa = 5.09 atm
    assert out["kcl_osmotic_pressure_kPa"] / 101.325 == pytest.approx(5.0, abs=0.15)


def test_cell_like_mixture(out):
    # monovalent permeant ions: C r² + Q r − A = 0 with C = 150 (Na + K), A = 150 (Cl) and
    # Q = −1.2 × 100 = −120 mM of charge, solved here by the quadratic formula (rel 1e-12)
    C, A, Q = 150.0, 150.0, -120.0
    r = (-Q + math.sqrt(Q * Q + 4 * C * A)) / (2 * C)
    assert out["cell_r"] == pytest.approx(r, rel=1e-12)
    assert out["cell_V_mV"] == pytest.approx(-rt_f(out["celsius"]) * math.log(r), rel=1e-12)
    c = out["cell_c_in"]
    assert c["Na"] == pytest.approx(145.0 * r, rel=1e-12)
    assert c["K"] == pytest.approx(5.0 * r, rel=1e-12)
    assert c["Cl"] == pytest.approx(150.0 / r, rel=1e-12)
    excess = c["Na"] + c["K"] + c["Cl"] + 100.0 - 300.0
    assert out["cell_osmotic_excess_mOsm"] == pytest.approx(excess, rel=1e-12)
    assert out["cell_osmotic_excess_mOsm"] > 0


def test_donnan_1911(out):
    # Donnan (1911): x = c2²/(c1 + 2c2) = 100/30 mM; root tolerance → rel 1e-9
    x = 10.0**2 / (10.0 + 2 * 10.0)
    assert out["donnan1911_x_mM"] == pytest.approx(x, rel=1e-9)
    assert out["donnan1911_c1"]["Na"] == pytest.approx(10.0 + x, rel=1e-9)
    assert out["donnan1911_c2"]["Cl"] == pytest.approx(10.0 - x, rel=1e-9)
    expected_v = rt_f(out["celsius"]) * math.log((10.0 - x) / (10.0 + x))
    assert out["donnan1911_V_mV"] == pytest.approx(expected_v, rel=1e-9)


def test_runs_as_script(capsys):
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    text = capsys.readouterr().out
    assert "V_D" in text and "mOsm" in text and "kPa" in text
