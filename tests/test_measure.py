"""Measured vs model: the junction-potential correction (sign as patch-clampers use it), whole-cell
dialysis, a seal leak, the cell file's [solutions], and the CLI's --measured."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from conftest import run_cli

import vrest
from vrest.errors import VrestInputError
from vrest.measure import compare, solutions_of

ROOT = Path(__file__).resolve().parents[1]
SOL = ROOT / "examples" / "solutions"
CELL = """\
name = "patched neuron"
celsius = 25
radius = "10 um"
[ions.K]
c_in = "140 mM"
c_out = "3 mM"
g = "10 nS"
[ions.Na]
c_in = "10 mM"
c_out = "140 mM"
g = "0.5 nS"
[solutions]
pipette = "pip.toml"
bath = "bath.toml"
"""


@pytest.fixture
def cell_file(tmp_path: Path) -> Path:
    (tmp_path / "pip.toml").write_text((SOL / "k_gluconate_pipette.toml").read_text())
    (tmp_path / "bath.toml").write_text((SOL / "acsf.toml").read_text())
    p = tmp_path / "cell.toml"
    p.write_text(CELL)
    return p


def test_ljp_correction_sign(cell_file: Path) -> None:
    """V_m = V_measured − LJP, the LJP being the bath relative to the pipette (Neher 1992): a
    K-gluconate pipette (LJP ≈ +15.7 mV) makes a recorded −68 mV a real ≈ −83.7 mV."""
    cell = vrest.load_cell(cell_file)
    sols = solutions_of(cell_file)
    c = compare(cell, "-68 mV", pipette=sols["pipette"], bath=sols["bath"])
    lj = vrest.ljp.ljp_file(sols["pipette"], sols["bath"], celsius=25).value
    assert c.ljp == pytest.approx(lj, abs=1e-12) and c.ljp > 10
    assert c.corrected == pytest.approx(-68.0 - lj, abs=1e-12)
    assert c.model == pytest.approx(vrest.solve_rest(cell).V, abs=1e-12)
    assert c.difference == pytest.approx(c.corrected - c.model, abs=1e-12)
    no_ljp = compare(cell, -68.0)
    assert no_ljp.ljp is None and no_ljp.corrected == -68.0


def test_seal_leak_is_a_voltage_divider(cell_file: Path) -> None:
    """Linear leaks and no pump: a seal conductance G_s to 0 mV gives V = G·V_rest/(G + G_s)
    (Kirchhoff, exact for chord conductances: to rounding)."""
    cell = vrest.load_cell(cell_file)
    G = 10.5
    v0 = vrest.solve_rest(cell).V
    c = compare(cell, -60.0, seal_leak="2 nS")
    assert c.model == pytest.approx(G * v0 / (G + 2.0), abs=1e-9)


def test_dialysis_replaces_the_inside(cell_file: Path) -> None:
    from vrest.ljp import load_solution

    cell = vrest.load_cell(cell_file)
    pip = load_solution(SOL / "k_gluconate_pipette.toml")
    c = compare(cell, -70.0, pipette=SOL / "k_gluconate_pipette.toml", bath=SOL / "acsf.toml",
                dialysis=True)  # fmt: skip
    want = cell.with_ion("K", c_in=pip["K"]).with_ion("Na", c_in=pip["Na"])
    assert c.model == pytest.approx(vrest.solve_rest(want).V, abs=1e-12)
    assert any("dialysis" in n for n in c.notes)


def test_bad_input(cell_file: Path) -> None:
    cell = vrest.load_cell(cell_file)
    with pytest.raises(VrestInputError, match="both solutions"):
        compare(cell, -70.0, pipette=SOL / "k_gluconate_pipette.toml")
    with pytest.raises(VrestInputError, match="pipette solution"):
        compare(cell, -70.0, dialysis=True)
    with pytest.raises(VrestInputError, match="every ion of the cell"):
        compare(cell, -70.0, pipette={"K": 140, "Cl": 140}, bath={"K": 140, "Cl": 140},
                dialysis=True)  # fmt: skip
    with pytest.raises(VrestInputError, match="measured"):
        compare(cell, "nan mV")
    assert math.isfinite(compare(cell, -70.0).model)


def test_cli_measured(cell_file: Path) -> None:
    cmd = ["rest", str(cell_file), "--measured", "-68mV"]
    p = run_cli(*cmd, "--json")
    assert p.returncode == 0, p.stderr
    m = json.loads(p.stdout)["measured"]
    assert m["measured_mV"] == -68.0 and m["ljp_mV"] > 10
    p = run_cli(*cmd, "--seal-leak", "-1nS")
    assert p.returncode == 2 and "seal" in p.stderr and "Traceback" not in p.stderr


UNCERTAIN = """\
name = "uncertain neuron"
celsius = "37 ± 0.5"
radius = "30 um"
[ions.K]
c_in = "140 ± 10 mM"
c_out = "4 mM ± 0.5 mM"
g = "100 nS"
[ions.Na]
c_in = "15 mM"
c_out = "145 mM"
g = "4 +/- 0.4 nS"
"""


def test_cell_file_plus_minus_values(tmp_path: Path) -> None:
    """'4 ± 0.5 mM' in a cell file: the value is the cell's, the σ is kept for --uncertainty,
    and the propagated σ_V equals the one from the same σ's given on the command line."""
    from vrest.explain import uncertainty

    p = tmp_path / "u.toml"
    p.write_text(UNCERTAIN)
    cell = vrest.load_cell(p)
    assert cell.ions["K"].c_out == 4.0 and cell.ions["K"].c_in == 140.0 and cell.celsius == 37.0
    assert dict(cell.uncertainty) == {"celsius": "0.5", "K.c_in": "10 mM",
                                      "K.c_out": "0.5 mM", "Na.g": "0.4 nS"}  # fmt: skip
    spec = ",".join(f"{k}={v}" for k, v in cell.uncertainty)
    a = uncertainty(cell, spec, mc=False).to_dict()
    b = uncertainty(cell, "K.c_out=0.5mM,K.c_in=10mM,Na.g=10%,celsius=0.5", mc=False).to_dict()
    assert json.dumps(a["outputs"]["V"]) == json.dumps(b["outputs"]["V"])
    cli = run_cli("rest", str(p), "--uncertainty")
    assert cli.returncode == 0 and "K.c_out" in cli.stdout, cli.stderr
    p.write_text(UNCERTAIN.replace('"4 mM ± 0.5 mM"', '"4 ± ± 0.5 mM"'))
    with pytest.raises(vrest.CellFileError, match="standard deviation"):
        vrest.load_cell(p)
