"""The README's Python tour runs, and its commands are the ones CI uses."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_tour_runs(tmp_path):
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for b in blocks:
            exec(
                compile(
                    b.replace('"rest.png"', repr(str(tmp_path / "rest.png"))), "README", "exec"
                ),
                {},
            )
    finally:
        os.chdir(cwd)
    assert (tmp_path / "rest.png").exists()


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    cmd = "bash scripts/setup.sh && .venv/bin/python -m pytest"
    assert cmd in readme and cmd in ci


def test_readme_cites_no_file_outside_the_repository():
    text = (ROOT / "README.md").read_text()
    assert "shared/" not in text and "../" not in text
    for p in (ROOT / "src" / "vrest").rglob("*"):
        if p.suffix in (".py", ".toml"):
            assert "shared/" not in p.read_text(encoding="utf-8"), p


def test_readme_numbers_are_what_vrest_prints():
    """The prose quotes vrest's results for the chapter neuron (the physics behind each is tested
    in test_rest.py); this keeps the prose in step with the code, at the printed precision."""
    import vrest

    text = (ROOT / "README.md").read_text()
    cell = vrest.load_cell(ROOT / "examples" / "cells" / "chapter_neuron.toml")
    r = vrest.solve_rest(cell)
    cold = vrest.solve_rest(cell.at_celsius(27))
    cl = {d.ion: d for d in r.drifts}["Cl"]
    quotes = {
        f"{r.V:.1f} mV": "neuron at −82.8 mV",
        f"{r.E['Cl']:.1f} mV": "E_Cl (−64.1 mV)",
        f"{abs(cl.rate):.1f}": "at 4.6 mM/min",
        f"{cl.tau:.1f}": "τ ≈ 1.5 min",
        f"{cold.i_pump:.1f}": "63.7 pA",
        f"{r.i_pump:.0f}": "191 pA",
    }
    for value, phrase in quotes.items():
        assert value.replace("-", "−").lstrip("−") in phrase.replace("-", "−"), (value, phrase)
        assert phrase in text, phrase


def test_readme_rundown_half_time_is_what_vrest_computes():
    """The README quotes the chapter neuron's K⁺ half-time after an ATP cut (its physics is
    tested in test_dynamics.py); this keeps the prose in step, at the printed precision."""
    import vrest
    from vrest.dynamics import atp_cut

    cell = vrest.load_cell(ROOT / "examples" / "cells" / "chapter_neuron.toml")
    t_half = atp_cut(cell, hours=1, log_s=None).half_time("K") / 60
    assert f"loses half its K⁺ gradient {t_half:.1f} min after an ATP cut" in (
        (ROOT / "README.md").read_text().replace("\n", " ")
    )
