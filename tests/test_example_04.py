"""examples/04_selectivity.py reproduces the chapter's selectivity numbers."""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import pytest
from conftest import F_CODATA as F
from conftest import R_CODATA as R
from conftest import ZERO_CELSIUS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "04_selectivity.py"


@pytest.fixture(scope="module")
def out() -> dict:
    return runpy.run_path(str(EXAMPLE))["main"]()


def test_chapter_ratio_and_exponent(out):
    # chapter: ΔΔG = 12 kJ/mol at 310 K → P_K/P_Na = e^4.66 ≈ 105; the chapter rounds the
    # exponent to 3 significant figures (±0.005) and the ratio to an integer (accept 104–106)
    assert out["celsius"] + ZERO_CELSIUS == pytest.approx(310.0, abs=1e-12)
    assert 104.0 <= out["P_K_over_P_Na"] <= 106.0
    assert out["exponent"] == pytest.approx(4.66, abs=0.005)


def test_inverse(out):
    # round trip is exact to round-off; RT ln 105 is the chapter's 12 kJ/mol to 2 significant
    # figures (11.996 kJ/mol by hand: 8.314462618 × 310 × ln 105 / 1000)
    assert out["ddG_back_kJ_mol"] == pytest.approx(12.0, rel=1e-12)
    assert out["ddG_for_105_kJ_mol"] == pytest.approx(12.0, abs=0.05)


def test_biionic(out):
    # equal 150 mM K⁺ in / Na⁺ out: E_rev = (RT/F) ln(P_Na/P_K) (Hille 2001, ch. 14); the
    # example's root is found to 1e-12 mV → abs 1e-9 mV
    rt_f = 1e3 * R * 310.0 / F
    assert out["E_rev_biionic_mV"] == pytest.approx(
        -rt_f * math.log(out["P_K_over_P_Na"]), abs=1e-9
    )
    assert out["P_Na_over_P_K_from_E_rev"] == pytest.approx(1 / out["P_K_over_P_Na"], rel=1e-9)
    # Fatt & Ginsborg (1958); Lewis (1979): [Cs]_i/(4[Ca]_o) e^(FE/RT)(1 + e^(FE/RT)) at −30 mV
    w = math.exp(-30.0 / rt_f)
    assert out["P_Ca_over_P_Cs_at_minus30mV"] == pytest.approx(150 / 40 * w * (1 + w), rel=1e-12)


def test_ion_table_numbers(out):
    # the chapter's Shannon radii and Marcus (1991) hydration free energies (exact table values)
    assert out["radius_K_A"] == 1.38
    assert out["radius_Na_A"] == 1.02
    assert out["dG_hyd_K_kJ_mol"] == -295.0
    assert out["dG_hyd_Na_kJ_mol"] == -365.0


def test_runs_as_script(capsys):
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    text = capsys.readouterr().out
    assert "P_K/P_Na" in text and "1.38" in text and "1.02" in text
