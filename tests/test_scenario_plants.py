"""Issue 10, application 3: plants and fungi, the electrogenic H⁺-ATPase (vrest.pmf and the
``root-hair`` / ``neurospora-atp-cut`` scenarios)."""

from __future__ import annotations

import math

import pytest

from vrest import pmf
from vrest.constants import F, R, kelvin
from vrest.errors import VrestInputError
from vrest.scenarios import plants


def test_stall_potential_is_the_hand_formula() -> None:
    """V_stall = (ΔG_ATP/F + n·Z·(pH_in − pH_out))/n, Z = ln10·RT/F (the issue's formula with
    ΔpH = pH_out − pH_in), by hand from CODATA R and F; tolerance 1e-9 mV (rounding only)."""
    for n in (1, 2, 3):
        dg, phi, pho, c = -50.0, 7.3, 5.5, 25.0
        z = math.log(10) * R * kelvin(c) / F * 1e3
        hand = (dg * 1e6 / F + n * z * (phi - pho)) / n
        assert pmf.h_pump_stall(phi, pho, dG_atp=dg, n=n, celsius=c) == pytest.approx(
            hand, abs=1e-9
        )
    # 1 H⁺/ATP with ΔG ≈ −50 kJ/mol: about −412 mV, far below any E_K
    assert pmf.h_pump_stall(7.3, 5.5, dG_atp=-50.0, celsius=25) == pytest.approx(-411.7, abs=0.05)


def test_pmf_sign_and_value() -> None:
    """Δp = Δψ − Z·ΔpH; Δp = V − E_H; Δp < 0 drives H⁺ in (μ̃_H lower inside). A plant cell at
    −190 mV, pH 7.3 in / 5.5 out, 22 °C: Δp = −190 − 58.56·1.8 = −295.4 mV."""
    dp = pmf.proton_motive_force(-190.0, 7.3, 5.5, 22.0)
    assert dp == pytest.approx(-190.0 - pmf.z_mV(22.0) * 1.8, abs=1e-12)
    assert dp == pytest.approx(-295.4, abs=0.05)
    assert dp == pytest.approx(-190.0 - pmf.e_h(7.3, 5.5, 22.0), abs=1e-12)
    assert dp < 0  # H⁺ runs in
    assert pmf.proton_motive_force(0.0, 7.0, 7.0) == 0.0  # equilibrium: no drive
    assert pmf.z_mV(25.0) == pytest.approx(59.16, abs=0.005)  # textbook 59.16 mV/pH at 25 °C


def test_root_hair_pump_holds_v_tens_of_mv_below_ek() -> None:
    """With the pump on, V is more negative than E_K by tens of mV across 1–10 mM [K]ₒ (Lew 1991:
    TEA hyperpolarizes, so the K⁺ current at rest is inward, V < E_K). Calibrated point: −190 mV
    at 1 mM (Lew 1996 abstract) to 1e-6 mV; at 10 mM the model predicts (not calibrated)."""
    r1 = plants.ROOT_HAIR.run(k_out=1.0)
    assert r1.numbers["V"][0] == pytest.approx(-190.0, abs=1e-6)
    assert r1.numbers["pump_current_density"][0] == pytest.approx(250.0, rel=1e-9)
    for k in (1.0, 3.0, 10.0):
        n = plants.ROOT_HAIR.run(k_out=k).numbers
        assert -150.0 < n["V_minus_E_K"][0] < -20.0, k
        assert n["V_stall"][0] < n["V"][0] < n["E_K"][0]
    off = plants.ROOT_HAIR.run(pump="off").numbers
    assert off["V"][0] == pytest.approx(off["E_K"][0], abs=1e-6)  # K⁺ the only leak


def test_neurospora_atp_cut() -> None:
    """Slayman 1965 (as summarised in issue 10): about −200 mV with ATP, about −50 mV after the
    ATP cut. The cell is calibrated to these two numbers, so the tolerance (±1 mV) pins the
    calibration; the measured spread (−160 to −240 mV, Slayman & Gradmann) is far wider."""
    n = plants.NEUROSPORA.run().numbers
    assert n["V_atp"][0] == pytest.approx(-200.0, abs=1.0)
    assert n["V_no_atp"][0] == pytest.approx(-50.0, abs=1.0)
    assert n["R_m"][0] == pytest.approx(1.0e4, rel=1e-6)  # Ω·cm², Slayman & Gradmann
    assert plants.NEUROSPORA.run(atp="off").numbers["V"][0] == n["V_no_atp"][0]
    # physics, not calibration: V with the pump lies between E_K and the stall potential
    assert n["V_stall"][0] < n["V_atp"][0] < n["E_K"][0]


@pytest.mark.parametrize(
    ("scenario", "param", "value"),
    [
        ("ROOT_HAIR", "k_out", -1.0),
        ("ROOT_HAIR", "ph_out", 15.0),
        ("ROOT_HAIR", "pump", "maybe"),
        ("NEUROSPORA", "ph_in", float("nan")),
        ("NEUROSPORA", "atp", "half"),
    ],
)
def test_bad_parameters_rejected(scenario: str, param: str, value: object) -> None:
    s = getattr(plants, scenario)
    with pytest.raises(VrestInputError, match=param):
        s.run(**{param: value})


def test_pmf_bad_input() -> None:
    with pytest.raises(VrestInputError, match="dG_atp"):
        pmf.h_pump_stall(7.3, 5.5, dG_atp=10.0)
    with pytest.raises(VrestInputError, match="n"):
        pmf.h_pump_stall(7.3, 5.5, n=0)
    with pytest.raises(VrestInputError, match="ph_in"):
        pmf.proton_motive_force(0.0, 20.0, 5.0)


def test_figures_draw() -> None:
    import matplotlib.pyplot as plt

    for s in (plants.ROOT_HAIR, plants.NEUROSPORA):
        fig = s.run().figure()
        assert fig.axes
        plt.close(fig)


@pytest.mark.parametrize(("name", "scenario", "v"), [
    ("plant_root_hair.toml", "ROOT_HAIR", "V"),
    ("neurospora.toml", "NEUROSPORA", "V_atp"),
])  # fmt: skip
def test_cell_files_agree_with_scenarios(name: str, scenario: str, v: str) -> None:
    """The example cell files hold the scenarios' cells (g written to 9 digits: ±1e-5 mV)."""
    import warnings
    from pathlib import Path

    import vrest

    path = Path(__file__).resolve().parents[1] / "examples" / "cells" / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = vrest.solve_rest(vrest.load_cell(path))
    assert res.V == pytest.approx(getattr(plants, scenario).run().numbers[v][0], abs=1e-5)
