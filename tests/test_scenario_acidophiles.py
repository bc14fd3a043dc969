"""Issue 10, application 4: an acidophile's inside-positive Δψ (the ``acidophile`` scenario)."""

from __future__ import annotations

import pytest

from vrest import pmf
from vrest.errors import VrestInputError
from vrest.scenarios import acidophiles


def test_rest_is_inside_positive_ness_with_cox_numbers() -> None:
    """Cox, Nicholls & Ingledew 1979 (Biochem J 178:195, abstract): pH_in 6.5 at pH 2 (ΔpH 4.5),
    Δψ +10 mV inside-positive, Δμ̃_H⁺ 256 mV. The cell is sized to Δψ = +10 mV (pinned to 1e-6
    mV); Δp from the formula at 30 °C is −260.7 mV (Cox's 256 mV used ≈ 59 mV/pH: within 2 %)."""
    r = acidophiles.ACIDOPHILE.run()
    n = r.numbers
    assert n["dpsi"][0] == pytest.approx(10.0, abs=1e-6)
    assert n["dpsi"][0] > 0
    assert n["dpH"][0] == pytest.approx(4.5)
    assert n["dp"][0] == pytest.approx(10.0 - pmf.z_mV(30.0) * 4.5, abs=1e-9)
    assert n["dp"][0] < 0  # drives H⁺ in
    assert abs(n["dp"][0]) == pytest.approx(256.0, rel=0.02)
    assert "NESS" in r.text


def test_valinomycin_and_no_k_uptake_make_dpsi_negative() -> None:
    """Raising P_K pulls Δψ toward E_K (< 0): negative at ×100, and within 3 mV of E_K at
    ×10⁴; stopping the K⁺ uptake also makes Δψ negative (the uptake sets its sign)."""
    n = acidophiles.ACIDOPHILE.run(pk_scale=100.0).numbers
    assert n["dpsi"][0] < 0
    far = acidophiles.ACIDOPHILE.run(pk_scale=1e4).numbers
    assert far["dpsi"][0] == pytest.approx(far["E_K"][0], abs=3.0)
    assert acidophiles.ACIDOPHILE.run(k_uptake="off").numbers["dpsi"][0] < 0


@pytest.mark.parametrize(
    ("param", "value"),
    [("ph_out", -3.0), ("ph_in", 12.0), ("k_out", 0.0), ("pk_scale", -1.0), ("k_uptake", "x")],
)
def test_bad_parameters_rejected(param: str, value: object) -> None:
    with pytest.raises(VrestInputError, match=param):
        acidophiles.ACIDOPHILE.run(**{param: value})


def test_figure_draws() -> None:
    import matplotlib.pyplot as plt

    fig = acidophiles.ACIDOPHILE.run().figure()
    assert len(fig.axes) == 2
    plt.close(fig)


def test_cell_file_agrees_with_scenario() -> None:
    """examples/cells/acidophile.toml holds the scenario's cell (g to 9 digits: ±1e-5 mV)."""
    import warnings
    from pathlib import Path

    import vrest

    path = Path(__file__).resolve().parents[1] / "examples" / "cells" / "acidophile.toml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the GHK side's g ↔ P warning (chord is primary)
        res = vrest.solve_rest(vrest.load_cell(path))
    assert res.V == pytest.approx(10.0, abs=1e-5)
    assert res.state == "NESS"
