"""Named scenarios: the registry, parameter checks, the run-down experiments by name, and
``vrest scenario`` (list, run, errors). The applications have their own test files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

import vrest
from vrest.errors import VrestInputError
from vrest.scenarios import REGISTRY, run

ROOT = Path(__file__).resolve().parents[1]


def test_the_rundown_experiments_are_registered() -> None:
    assert {"atp-cut", "block-recovery", "k-step", "protein-block", "warming"} <= set(REGISTRY)
    for sc in REGISTRY.values():
        assert sc.summary and sc.sources
        for p in sc.params.values():
            assert p.help


def test_parameters_are_checked_with_units() -> None:
    sc = REGISTRY["k-step"]
    assert sc.resolve({"k_out": "8 mM"})["k_out"] == pytest.approx(8.0)
    assert sc.resolve({"k_out": "0.008 M"})["k_out"] == pytest.approx(8.0)
    with pytest.raises(VrestInputError, match=r"k-step\.k_outt"):
        sc.resolve({"k_outt": 8})
    with pytest.raises(VrestInputError, match=r"k-step\.k_out"):
        sc.resolve({"k_out": "8 mV"})
    with pytest.raises(VrestInputError, match=r"k-step\.hours"):
        sc.resolve({"hours": -1})
    with pytest.raises(VrestInputError, match="one of"):
        run("no-such-scenario")
    with pytest.raises(VrestInputError, match="preset"):
        run("atp-cut", cell="no_such_cell")


def test_k_step_jumps_to_the_rest_of_the_new_bath() -> None:
    """From the true NESS (nothing moves), [K]o steps to 8 mM at 1 s: V jumps within ms to
    the rest V of the cell in the new bath at its old concentrations and pump current, then
    drifts (K⁺ now flows in: ~0.1 mV/s here), so 50 ms after the step V is within 0.02 mV of
    that prediction (the drift, 0.005 mV, plus τ_m-scale settling)."""
    r = run("k-step", cell="ness_neuron", k_out=8.0, hours=1.05 / 3600, at_s=1.0)
    cell = vrest.load_cell(ROOT / "examples" / "cells" / "ness_neuron.toml")
    assert r.numbers["V_start"][0] == pytest.approx(vrest.solve_rest(cell).V, abs=1e-6)
    # the pump keeps its turnover (a balance pump is balanced once, at rest, not at each V)
    fixed = vrest.Pump(mode="fixed", i_pump=vrest.solve_rest(cell).i_pump)
    want = vrest.solve_rest(cell.with_pump(fixed).with_ion("K", c_out=8.0)).V
    assert r.numbers["V_end"][0] == pytest.approx(want, abs=0.02)


@pytest.mark.filterwarnings("ignore::vrest.errors.VrestWarning")  # g → P at the new NESS
def test_warming_runs_on_its_kinetic_preset() -> None:
    """Cooling the chapter neuron (kinetic pump) 37 → 27 °C: the pump slows 3× (Q10 3) and the
    leaks only 1.3×, so V depolarizes at once and further as the cell settles (the chapter's
    §6: cooling depolarizes)."""
    r = run("warming")
    v0, v1, v2 = (r.numbers[k][0] for k in ("V_before", "V_instant", "V_after"))
    assert v0 < v1 < v2


def _cli(*args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=ROOT)


def test_cli_lists_runs_and_refuses(tmp_path) -> None:
    p = _cli("scenario")
    assert p.returncode == 0 and "atp-cut" in p.stdout and "--k_out" in p.stdout
    p = _cli("scenario", "k-step", "--cell", "ness_neuron", "--k_out", "8mM", "--hours",
             "0.001", "--at_s", "1", "--json")  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["numbers"]["V_end"]["unit"] == "mV"
    for bad in (["k-step", "--k_outt", "8"], ["k-step", "--k_out", "-1"], ["nope"],
                ["k-step", "--plot", str(tmp_path / "x.txt")]):  # fmt: skip
        p = _cli("scenario", *bad)
        assert p.returncode == 2 and "Traceback" not in p.stderr, (bad, p.stderr)
    assert not list(tmp_path.iterdir())


def test_presets_are_cells_by_name() -> None:
    """Every example and application cell is a preset, usable wherever a cell is chosen."""
    from vrest.presets import load_preset, preset_names

    names = preset_names()
    for n in ("chapter_neuron", "immature_neuron", "mature_neuron", "plant_root_hair",
              "neurospora", "acidophile", "hh_stochastic"):  # fmt: skip
        assert n in names
    assert load_preset("frog_muscle").name == vrest.load_cell(
        ROOT / "examples" / "cells" / "frog_muscle.toml"
    ).name
    with pytest.raises(VrestInputError, match="preset"):
        load_preset("no_such_cell")
    for n in names:  # every listed preset is a cell (the package's ion-mobility table is not)
        assert isinstance(load_preset(n), vrest.Cell), n
    assert "mobilities" not in names
    p = _cli("rest", "frog_muscle", "--json")
    assert p.returncode == 0 and json.loads(p.stdout)["V_mV"] < -80
