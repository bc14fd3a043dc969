"""examples/10_rundown.py runs and says what the physics says (issue 7, first slice)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EX = Path(__file__).resolve().parents[1] / "examples" / "10_rundown.py"


def test_10_rundown(tmp_path):
    fig = tmp_path / "rundown.png"
    r = runpy.run_path(str(EX))["main"](fig)
    assert fig.stat().st_size > 10_000 and r["figure"] == str(fig)
    assert r["start_state"] == "drifting"  # the chapter neuron as the chapter gives it
    # V cannot jump; within 10 τ it loses the pump's share, I_pump/G (chord: exact, as §5)
    assert r["step_mV"] == pytest.approx(r["I_pump_over_G_mV"], rel=1e-3)
    assert r["I_pump_over_G_mV"] == pytest.approx(-r["pump_contribution_mV"], rel=1e-12)
    # the run-down: K⁺ out, Na⁺ in, V depolarized, all within the 3 h
    assert 10 < r["half_time_K_min"] < 60 and 10 < r["half_time_Na_min"] < 60
    assert r["c_end_mM"]["K"] < 20 and r["c_end_mM"]["Na"] > 100
    assert r["V_end_mV"] > -30
