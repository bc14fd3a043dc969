"""Shared test settings: hypothesis profile sized for a 2-core CI machine."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "vrest", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("vrest")

# Independent reference values for the tests: CODATA 2018 exact constants, typed in here rather
# than imported from vrest, so that the tests check vrest's constants too.
# R = N_A k and F = N_A e with the exact SI (2019) values of N_A, k and e.
R_CODATA = 6.02214076e23 * 1.380649e-23  # 8.31446261815324 J/(mol K)
F_CODATA = 6.02214076e23 * 1.602176634e-19  # 96485.33212331 C/mol
ZERO_CELSIUS = 273.15  # K, exact


def rtf_mV(celsius: float) -> float:
    """RT/F in mV from the CODATA values above."""
    return 1e3 * R_CODATA * (celsius + ZERO_CELSIUS) / F_CODATA


#: A valid two-ion cell file, the base that the bad-input tests break one field at a time.
GOOD_TOML = """\
name = "test cell"
celsius = 37
radius = "30 um"

[ions.K]
c_in = "140 mM"
c_out = "4 mM"
g = "100 nS"

[ions.Na]
c_in = "15 mM"
c_out = "145 mM"
g = "4 nS"

[pump]
mode = "balance"
"""


# ---- hand formulas for the pin tests (tests/test_pin_*.py), in SI units ---------------------
# Each converts the working units to SI explicitly, so that a wrong conversion factor inside vrest
# cannot cancel against the same factor here:
#   V: 1 mV = 1e-3 V;  c: 1 mM = 1 mol/m³;  P: 1 cm/s = 1e-2 m/s;  area: 1 µm² = 1e-12 m²;
#   current: 1 A = 1e12 pA;  conductance: 1 S = 1e9 nS;  volume: 1 µm³ = 1e-18 m³ = 1e-15 L.


def ghk_current_pA(V_mV, c_in_mM, c_out_mM, z, P_cm_s, area_um2, celsius):
    """Whole-cell GHK current (pA, outward positive) by hand:
    I = P A z²F²V/(RT) · (c_in − c_out e^(−u))/(1 − e^(−u)),  u = zFV/(RT)."""
    T = celsius + ZERO_CELSIUS
    V = 1e-3 * V_mV
    P = 1e-2 * P_cm_s
    A = 1e-12 * area_um2
    u = z * F_CODATA * V / (R_CODATA * T)
    if u == 0.0:  # the limit u/(1 − e^(−u)) → 1
        amps = P * A * z * F_CODATA * (c_in_mM - c_out_mM)
    else:
        prefactor = P * A * z * z * F_CODATA**2 * V / (R_CODATA * T)  # A per (mol/m³)
        amps = prefactor * (c_in_mM - c_out_mM * math.exp(-u)) / (1.0 - math.exp(-u))
    return amps * 1e12


def ghk_current_density_uA_cm2(V_mV, c_in_mM, c_out_mM, z, P_cm_s, celsius):
    """GHK current density in µA/cm²: the current of 1 cm² = 1e8 µm², in pA, times 1e-6 µA/pA."""
    return ghk_current_pA(V_mV, c_in_mM, c_out_mM, z, P_cm_s, 1e8, celsius) * 1e-6


def ghk_g_at_E_S_m2(c_in_mM, c_out_mM, z, P_cm_s, celsius):
    """Slope conductance of a GHK channel at its reversal potential, S/m², by hand.

    With u = zFV/RT, at V = E the factor c_in − c_out e^(−u) is zero, so only its derivative
    survives: dI/dV = P z²F²V/(RT) · c_out e^(−u)/(1 − e^(−u)) · zF/(RT); there e^(−u) = c_in/c_out
    and u = ln(c_out/c_in), giving g = P z²F²/(RT) · c_in c_out ln(c_out/c_in)/(c_out − c_in)."""
    T = celsius + ZERO_CELSIUS
    P = 1e-2 * P_cm_s
    ci, co = c_in_mM, c_out_mM
    return P * z * z * F_CODATA**2 / (R_CODATA * T) * ci * co * math.log(co / ci) / (co - ci)


def nernst_mV(c_in_mM, c_out_mM, z, celsius):
    """E = (RT/zF) ln(c_out/c_in) in mV."""
    return rtf_mV(celsius) / z * math.log(c_out_mM / c_in_mM)


def approx(expected, rel):
    """``pytest.approx`` with a relative tolerance only (``abs=0``).

    pytest.approx also accepts anything within its default absolute tolerance of 1e-12, which
    makes a comparison of an SI quantity below ~1e-10 vacuous: a molar flux (~1e-14 mol/s), a
    dissipated power (~1e-12 W) or an entropy production (~1e-13 J/(K·s)) of a cell would pass
    with the wrong sign or a wrong factor of 10. The pin tests therefore use this."""
    return pytest.approx(expected, rel=rel, abs=0.0)


def _sub(old: str, new: str) -> str:
    """GOOD_TOML with one piece of text replaced (which must be there)."""
    assert old in GOOD_TOML
    return GOOD_TOML.replace(old, new, 1)


# ---- bad input: one-line messages, the CLI ---------------------------------------------------


def Q(value: Any, unit: str) -> Any:
    """A quantity of vrest's own registry."""
    from vrest.units import ureg

    return ureg().Quantity(value, unit)


def assert_names(exc: BaseException, *parts: str) -> None:
    """The message names every one of ``parts`` (field, value, expected unit...)."""
    msg = str(exc)
    assert "\n" not in msg.strip(), f"message is not one line: {msg!r}"
    for part in parts:
        assert part in msg, f"{part!r} not in message {msg!r}"


def assert_one_line_error(stderr: str, *names: str) -> None:
    """The CLI's rule for bad input: exactly one line on stderr, ``vrest: error: ...``, naming
    each of ``names``, no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected exactly one line on stderr, got: {stderr!r}"
    assert lines[0].startswith("vrest: error:"), lines[0]
    for name in names:
        assert name in lines[0], f"{name!r} not in {lines[0]!r}"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh interpreter (the real program, warnings filters untouched)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    return subprocess.run(
        [sys.executable, "-m", "vrest.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Call ``vrest.cli.main`` in-process; returns (exit code, stdout, stderr)."""
    from vrest.cli import main

    # main() installs its own warnings.showwarning; restore the original after each test
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)

    def call(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return call


def fd_jacobian(eq, y, c_out, rel_step: float):
    """∂(dy/dt)/∂y of a time-domain model ``eq`` (vrest.dynamics.PumpLeak) by central
    differences of its right-hand side, step ``rel_step`` × max(|y_k|, 1) (pump level 1)."""
    import numpy as np

    num = np.empty((len(y), len(y)))
    for k in range(len(y)):
        h = rel_step * max(abs(y[k]), 1.0)
        up, dn = y.copy(), y.copy()
        up[k] += h
        dn[k] -= h
        num[:, k] = (eq.rhs(up, 1.0, c_out) - eq.rhs(dn, 1.0, c_out)) / (2 * h)
    return num


__all__ = [
    "F_CODATA",
    "GOOD_TOML",
    "R_CODATA",
    "ZERO_CELSIUS",
    "Q",
    "_sub",
    "approx",
    "assert_names",
    "assert_one_line_error",
    "cli",
    "fd_jacobian",
    "ghk_current_density_uA_cm2",
    "ghk_current_pA",
    "ghk_g_at_E_S_m2",
    "math",
    "nernst_mV",
    "rtf_mV",
    "run_cli",
]


# ---- the problem book (docs/problems): executed once per test session -----------------------


def load_book_module():
    """scripts/book.py as a module (it is a script, not part of the vrest package)."""
    import importlib.util

    name = "vrest_book_script"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parents[1] / "scripts" / "book.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def executed_book(tmp_path_factory):
    """Every problem of docs/problems built once per session: (out_dir, report).

    ``out_dir/teacher/<stem>.ipynb`` are executed (outputs and figures), ``out_dir/student/``
    not; ``report`` is ``scripts/book.py``'s ``build()`` dict: per-notebook ``seconds`` and
    ``error`` (the failing cell and its traceback, or None), ``wall_seconds``, ``failed``."""
    book = load_book_module()
    out_dir = tmp_path_factory.mktemp("book")
    report = book.build(out_dir, jobs=2)
    return out_dir, report


@pytest.fixture(autouse=True)
def _keep_main_module():
    """Streamlit's AppTest runs the explorer's script in this process as ``__main__`` and leaves
    it there; a later ``multiprocessing`` spawn (Dask's worker nannies) would then re-run that
    script instead of pytest's entry point. Put the real ``__main__`` back after every test."""
    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main
