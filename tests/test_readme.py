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
