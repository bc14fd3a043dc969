"""Bad input at the edges: overflow, hangs, silent wrong answers, wrong exception types.

Each class of input either gets the right answer (checked against an independent formula) or a
:class:`VrestInputError` naming the field, the value and the expected unit, never a NaN, an
infinity, a plain ValueError/TypeError/OverflowError, a RecursionError or a hang.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import GOOD_TOML, _sub, assert_names, rtf_mV

import vrest
from vrest import units
from vrest.cell import Cell, load_cell
from vrest.errors import CellFileError, SolverError, VrestInputError, VrestWarning


def _ions(**k: Any) -> dict[str, Any]:
    return {"K": {"c_in": 140, "c_out": 4, "g": 10, **k}, "Na": {"c_in": 15, "c_out": 145, "g": 1}}


# ---------------------------------------------------------------------------------------------
# strings with units: a safe pre-parser before pint
# ---------------------------------------------------------------------------------------------
REJECTED_TEXT = {
    # arithmetic on numbers: pint would compute 10**400 (OverflowError) or 9**9**9 (hang)
    "power of ten": ("10**400 mM", "10**400 mM"),
    "tower of powers": ("9**9**9 mM", "9**9**9 mM"),
    "caret power": ("2^2000 mM", "2^2000 mM"),
    "big unit exponent": ("1 mM**99", "mM**99"),
    "chained unit exponent": ("1 m**2**9", "m**2**9"),
    # a unit with no number used to be read as 1 (1 mM)
    "unit only": ("mM", "the number is missing"),
    "no number, space": ("  mM ", "the number is missing"),
}


@pytest.mark.parametrize("case", list(REJECTED_TEXT), ids=list(REJECTED_TEXT))
def test_unit_text_rejected_quickly(case: str) -> None:
    text, shown = REJECTED_TEXT[case]
    t0 = time.monotonic()
    with pytest.raises(VrestInputError) as info:
        vrest.nernst(text, 4, 1)
    assert time.monotonic() - t0 < 2.0  # well under: no power is ever evaluated
    assert_names(info.value, "c_in", shown, "mM")


def test_long_unit_string_rejected_without_echoing_it() -> None:
    text = "1" + " " * 1_000_000 + "mM"
    t0 = time.monotonic()
    with pytest.raises(VrestInputError) as info:
        vrest.nernst(text, 4, 1)
    assert time.monotonic() - t0 < 2.0
    assert_names(info.value, "c_in", "characters", str(units.MAX_TEXT))
    assert len(str(info.value)) < 400  # the megabyte is summarised, not echoed


@pytest.mark.parametrize(
    ("text", "mM"),
    [
        ("140 mM", 140.0),
        ("140mM", 140.0),
        ("0.14 M", 140.0),
        ("140 mmol/L", 140.0),
        ("140 mmol / L", 140.0),
        ("1.4e2 mM", 140.0),
        ("140000 uM", 140.0),
        ("140000 µM", 140.0),
        ("140 mol/m^3", 140.0),
        ("140 mol/m**3", 140.0),
        ("−140 mM", -140.0),
    ],
)
def test_unit_text_accepted(text: str, mM: float) -> None:
    assert units.to_working(text, "c", "concentration") == pytest.approx(mM, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("37 degC", 37.0),
        ("37 °C", 37.0),
        ("37°C", 37.0),
        ("310.15 K", 37.0),
        ("98.6 degF", 37.0),
        ("37", 37.0),
    ],
)
def test_temperature_text_with_offset_units(text: str, celsius: float) -> None:
    """'37 degC' is accepted (pint refuses to multiply offset units, so the number and the unit
    are now given to it separately); 98.6 °F = 37 °C exactly, up to the float rounding of the
    offset arithmetic (1e-12 relative)."""
    assert units.celsius(text) == pytest.approx(celsius, rel=1e-12)


@pytest.mark.parametrize("text", ["K", "degC", "°C"])
def test_temperature_unit_without_number_rejected(text: str) -> None:
    """'K' alone was read as 1 K = −272.15 °C."""
    with pytest.raises(VrestInputError) as info:
        units.celsius(text)
    assert_names(info.value, "celsius", text, "the number is missing")


def test_megamolar_concentration_warns_and_stays_finite() -> None:
    """'140 MM' is megamolar (1.4e11 mM): not silent."""
    with pytest.warns(VrestWarning, match="MM") as rec:
        E = vrest.nernst("140 MM", 4, 1)
    assert "c_in" in str(rec[0].message) and "mM" in str(rec[0].message)
    assert E == pytest.approx(rtf_mV(37) * math.log(4 / 1.4e11), rel=1e-12)


def test_plausible_concentrations_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vrest.nernst("20 M", 4, 1)  # the limit itself is fine
        vrest.ghk_voltage({"K": 1}, {"K": 14000}, {"K": 4})


# ---------------------------------------------------------------------------------------------
# overflow
# ---------------------------------------------------------------------------------------------
def test_nernst_extreme_ratio_is_finite_and_right() -> None:
    """c_out/c_in = 1e600 overflows a float, its logarithm does not: E = (RT/F)·(ln c_out −
    ln c_in) ≈ +36 924 mV. Same formula, so 1e-12 relative (constants and one rounding)."""
    with pytest.warns(VrestWarning):
        E = vrest.nernst(1e-300, 1e300, 1)
    assert math.isfinite(E)
    assert E == pytest.approx(rtf_mV(37) * (math.log(1e300) - math.log(1e-300)), rel=1e-12)
    with pytest.warns(VrestWarning):
        arr = vrest.nernst(np.array([1e-300, 140.0]), np.array([1e300, 4.0]), 1)
    assert arr[1] == pytest.approx(rtf_mV(37) * math.log(4 / 140), rel=1e-12)


def test_nernst_near_equal_concentrations_keep_full_precision() -> None:
    """The quotient is still used where it is safe: ln(140.0001/140) is accurate to ~1e-16
    relative, where ln a − ln b would lose ~6 digits (1e-9 allowed here)."""
    E = vrest.nernst(140.0, 140.0001, 1)
    assert E == pytest.approx(rtf_mV(37) * math.log1p(0.0001 / 140), rel=1e-9)


@pytest.mark.parametrize("method", ["auto", "closed", "quadratic", "numeric"])
def test_ghk_voltage_at_1e308_is_finite_and_right(method: str) -> None:
    """Sums of P·c near 1e308 overflowed (NaN); the equations are homogeneous in P·c, so vrest
    scales them. K⁺ 1e308/1e308, Na⁺ 1e308/1e307, equal P (monovalent: closed form
    V = RT/F ln((1 + 0.1)/(1 + 1)) for every method); 1e-9 covers the numeric root (xtol 1e-12
    relative) and the rounding of 1e307/1e308."""
    P = {"K": 1.0, "Na": 1.0}
    with pytest.warns(VrestWarning):
        V = vrest.ghk_voltage(
            P, {"K": 1e308, "Na": 1e308}, {"K": 1e308, "Na": 1e307}, method=method
        )
    assert V == pytest.approx(rtf_mV(37) * math.log(1.1 / 2.0), rel=1e-9)


def test_ghk_voltage_no_root_names_the_fields() -> None:
    """A pump current no membrane could carry: no V balances it. The error names i_pump and
    is a VrestInputError (it used to be a SolverError naming nothing)."""
    with pytest.raises(VrestInputError) as info:
        vrest.ghk_voltage({"K": 1e-9}, {"K": 140}, {"K": 4}, i_pump=1e9, area=100)
    assert_names(info.value, "i_pump", "1000000000.0", "pA")


def test_solver_error_names_fields() -> None:
    from vrest._roots import find_root

    with pytest.raises(SolverError) as info:
        find_root(lambda v: 1.0, fields="ions.*.P, pump.i_pump", what="the net current")
    assert info.value.field == "ions.*.P, pump.i_pump"
    assert_names(info.value, "ions.*.P, pump.i_pump", "net current", "mV")
    with pytest.raises(SolverError):  # NaN is not a sign change
        find_root(lambda v: math.nan)


@pytest.mark.parametrize("celsius", [1e6, 1001.0, 1e300])
def test_temperature_far_beyond_life_rejected(celsius: float) -> None:
    """Above 1000 °C (far beyond liquid water): an error, not an OverflowError in Q10^(ΔT/10)
    or a meaningless Nernst potential."""
    with pytest.raises(VrestInputError) as info:
        vrest.q10_factor(3.0, celsius, 37.0)
    assert_names(info.value, "celsius", "°C", "1000")
    with pytest.raises(VrestInputError):
        Cell(_ions()).at_celsius(celsius)


def test_q10_factor_overflow_rejected() -> None:
    """Inside the temperature limit a huge Q10 can still overflow: Q10 = 1e300 over 40 °C is
    1e1200."""
    with pytest.raises(VrestInputError) as info:
        vrest.q10_factor(1e300, 40.0, 0.0)
    assert_names(info.value, "q10", "1e+300")
    assert vrest.q10_factor(3.0, 37.0, 27.0) == pytest.approx(3.0, rel=1e-15)


@pytest.mark.parametrize(
    ("radius", "shown"),
    [("1e-300 um", "1e-300 um"), ("1e300 um", "1e300 um"), (1e-300, "1e-300"), (1e300, "1e+300")],
)
def test_cell_radius_that_breaks_geometry_rejected(radius: Any, shown: str) -> None:
    """Area 4πr² and volume 4/3 πr³ would be 0 or infinite: the radius must lie in
    1 nm … 1 km."""
    with pytest.raises(VrestInputError) as info:
        Cell(_ions(), radius=radius)
    assert_names(info.value, "radius", shown, "µm")


def test_area_out_of_range_rejected() -> None:
    with pytest.raises(VrestInputError) as info:
        vrest.ghk_current(-50, 140, 4, 1, 1e-6, area=1e300)
    assert_names(info.value, "area", "µm²")


def test_huge_python_int_is_an_input_error() -> None:
    """int → float OverflowError (a 400-digit literal) becomes a VrestInputError with the value
    summarised (not 400 digits in the message)."""
    with pytest.raises(VrestInputError) as info:
        vrest.nernst(10**400, 4, 1)
    assert_names(info.value, "c_in", "digits", "mM")


# ---------------------------------------------------------------------------------------------
# valence
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("z", "shown", "why"),
    [
        (True, "True", "boolean"),
        (np.bool_(True), "True", "boolean"),
        (99999999999999999999999, "99999999999999999999999", "charges"),
        (11, "11", "charges"),
        (-11, "-11", "charges"),
    ],
)
def test_bad_valence(z: Any, shown: str, why: str) -> None:
    """z = true is not 1; |z| > 10: no permeant ion carries that many charges."""
    with pytest.raises(VrestInputError) as info:
        vrest.nernst(140, 4, z)
    assert_names(info.value, "z", shown, "valence", why)


def test_valence_array_bounds() -> None:
    with pytest.raises(VrestInputError, match="-10 to 10"):
        vrest.nernst(140, 4, np.array([1, 20]))
    assert vrest.resolve_valence("X", 10) == 10


# ---------------------------------------------------------------------------------------------
# duplicate ions
# ---------------------------------------------------------------------------------------------
def test_ghk_voltage_duplicate_ion_names() -> None:
    """'K' and 'potassium' are one ion: listing both would count its permeability twice."""
    with pytest.raises(VrestInputError) as info:
        vrest.ghk_voltage(
            {"K": 1, "potassium": 1}, {"K": 140, "potassium": 140}, {"K": 4, "potassium": 4}
        )
    assert_names(info.value, "P['potassium']", "K", "once")


def test_donnan_duplicate_ion_names() -> None:
    with pytest.raises(VrestInputError) as info:
        vrest.donnan_equilibrium({"K": 100, "K+": 10, "Cl": 110}, {"A": (150, -1)})
    assert_names(info.value, "c_out['K+']", "K", "once")
    with pytest.raises(VrestInputError) as info:
        vrest.donnan_equilibrium({"K": 100, "Cl": 100}, {"potassium": 10, "A": (150, -1)})
    assert_names(info.value, "impermeant['potassium']", "permeant")


def test_ghk_voltage_names_the_ion_missing_on_one_side() -> None:
    with pytest.raises(VrestInputError) as info:
        vrest.ghk_voltage({"K": 1}, {"K": 0}, {"K": 4})
    assert_names(info.value, "c_in['K']", "0", "mM")
    with pytest.raises(VrestInputError) as info:
        vrest.ghk_voltage({"K": 1, "Cl": 1}, {"K": 140, "Cl": 0}, {"K": 0, "Cl": 4})
    assert_names(info.value, "c_out['K']", "c_in['Cl']", "mM")


# ---------------------------------------------------------------------------------------------
# wrong exception types
# ---------------------------------------------------------------------------------------------
SHAPE_CASES = {
    "nernst": (lambda: vrest.nernst(np.ones(3), np.ones(4), 1), ("c_in", "c_out", "(3,)", "(4,)")),
    "nernst z": (lambda: vrest.nernst(np.ones(3), 4, np.ones(2)), ("c_in", "z")),
    "delta mu": (
        lambda: vrest.electrochemical_potential_difference(np.ones(3), 4, 1, np.zeros(2)),
        ("c_in", "V"),
    ),
    "driving force": (lambda: vrest.driving_force(np.zeros(3), np.zeros(2)), ("V", "E")),
    "ghk j": (lambda: vrest.ghk_current_density(np.zeros(3), np.ones(2), 4, 1), ("V", "c_in")),
    "ghk current area": (
        lambda: vrest.ghk_current(np.zeros(3), 140, 4, 1, 1e-6, np.ones(2) * 100),
        ("area",),
    ),
    "ghk chord": (lambda: vrest.ghk_chord_conductance(np.zeros(3), np.ones(2), 4, 1), ("V",)),
    "chord": (lambda: vrest.chord_voltage(np.ones(3), np.zeros(4)), ("g", "E")),
    "q10": (lambda: vrest.q10_factor(np.ones(2) * 3, np.ones(3) * 30, 37), ("q10", "celsius")),
    "biionic": (
        lambda: vrest.permeability_ratio_biionic(np.zeros(3), np.ones(2) * 100, 100),
        ("E_rev", "c_ref_in"),
    ),
    "ddG": (
        lambda: vrest.permeability_ratio_from_ddG(np.zeros(3), np.ones(2) * 37),
        ("ddG", "celsius"),
    ),
}


@pytest.mark.parametrize("case", list(SHAPE_CASES), ids=list(SHAPE_CASES))
def test_mismatched_shapes_are_input_errors(case: str) -> None:
    """numpy's bare 'operands could not be broadcast' ValueError becomes a VrestInputError
    naming the fields and their shapes."""
    call, parts = SHAPE_CASES[case]
    with pytest.raises(VrestInputError) as info:
        call()
    assert_names(info.value, *parts, "same shape")


def test_matching_shapes_still_broadcast() -> None:
    E = vrest.nernst(np.array([140.0, 10.0]), 4.0, 1)
    assert E.shape == (2,)
    assert vrest.nernst(np.ones((2, 1)) * 140, np.array([4.0, 5.0, 6.0]), 1).shape == (2, 3)


def test_finite_scalar_helper() -> None:
    """units.finite_scalar: for solve_rest(cell, V=[1, 2]) (rest.py uses units.finite and then
    float(), a TypeError for a list)."""
    assert units.finite_scalar("-70 mV", "V", "voltage") == -70.0
    with pytest.raises(VrestInputError) as info:
        units.finite_scalar([1, 2], "V", "voltage")
    assert_names(info.value, "V", "[1, 2]", "single number", "mV")


def test_load_cell_none() -> None:
    with pytest.raises(CellFileError) as info:
        load_cell(None)  # type: ignore[arg-type]
    assert_names(info.value, "None", "path", "TOML")
    assert isinstance(info.value, VrestInputError)


# ---------------------------------------------------------------------------------------------
# cell files: bounded reading, pathological TOML
# ---------------------------------------------------------------------------------------------
def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "cell.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (_sub("celsius = 37", "celsius = " + "1" * 5000), ("TOML", "digits")),
        (_sub("celsius = 37", "celsius = " + "9" * 4000), ("celsius", "digits", "°C")),
        (_sub("celsius = 37", "celsius = " + "[" * 5000 + "]" * 5000), ("TOML", "nested")),
        (_sub('c_in = "140 mM"', "c_in_mM = " + "1" * 400), ("ions.K.c_in", "digits", "mM")),
        (_sub('c_in = "140 mM"', 'c_in = "9**9**9 mM"'), ("ions.K.c_in", "9**9**9", "mM")),
        (_sub('c_in = "140 mM"', 'c_in = "mM"'), ("ions.K.c_in", "number is missing")),
        (_sub("celsius = 37", 'celsius = "K"'), ("celsius", "'K'", "number is missing")),
        (_sub('g = "100 nS"', 'g = "100 nS"\nz = true'), ("ions.K.z", "True", "valence")),
        (_sub('radius = "30 um"', 'radius = "1e-300 um"'), ("radius", "1e-300 um", "µm")),
        (_sub('radius = "30 um"', 'radius = "1e300 um"'), ("radius", "1e300 um", "µm")),
    ],
    ids=[
        "5000-digit int",
        "4000-digit int",
        "nested 5000 deep",
        "400-digit c_in",
        "power tower",
        "unit only",
        "kelvin only",
        "z = true",
        "tiny radius",
        "huge radius",
    ],
)
def test_pathological_cell_file(tmp_path: Path, text: str, parts: tuple[str, ...]) -> None:
    with pytest.raises(CellFileError) as info:
        load_cell(_write(tmp_path, text))
    assert_names(info.value, "cell.toml", *parts)


def test_cell_file_degc_accepted(tmp_path: Path) -> None:
    cell = load_cell(_write(tmp_path, _sub("celsius = 37", 'celsius = "37 degC"')))
    assert cell.celsius == 37.0


def test_cell_file_too_large(tmp_path: Path) -> None:
    p = _write(tmp_path, GOOD_TOML + "#" * (1 << 20) + "\n")
    with pytest.raises(CellFileError) as info:
        load_cell(p)
    assert_names(info.value, "cell.toml", "1 MiB")


def test_many_ions_parse_in_bounded_time(tmp_path: Path) -> None:
    """10 000 ions (600 kB, under the 1 MiB bound): unit strings are parsed once per distinct
    unit (cached), so reading takes seconds at most, not minutes. The bound is generous
    (~1 s measured on the development machine)."""
    lines = ["celsius = 37", 'radius = "10 um"']
    for i in range(10_000):
        lines += [f"[ions.X{i}]", "z = 1", 'c_in = "10 mM"', 'c_out = "10 mM"', 'g = "1 nS"']
    p = _write(tmp_path, "\n".join(lines) + "\n")
    t0 = time.monotonic()
    cell = load_cell(p)
    assert time.monotonic() - t0 < 30
    assert len(cell.ions) == 10_000


_HANG_SCRIPT = """
import sys
from vrest.cell import load_cell
from vrest.errors import CellFileError
try:
    load_cell(sys.argv[1])
except CellFileError as exc:
    print(exc)
"""


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "directory"])
def test_cell_file_that_is_not_a_file_fails_at_once(tmp_path: Path, kind: str) -> None:
    """/dev/zero would be read forever, a FIFO would block in open(): both are refused before
    reading. Run in a subprocess with a timeout, so that a regression fails instead of
    hanging the test suite."""
    import os

    if kind == "fifo":
        path = str(tmp_path / "cell.toml")
        os.mkfifo(path)
    elif kind == "directory":
        path = str(tmp_path)
    else:
        if not os.path.exists(kind):
            pytest.skip("no /dev/zero")
        path = kind
    proc = subprocess.run(
        [sys.executable, "-c", _HANG_SCRIPT, path],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "not a regular file" in proc.stdout and path in proc.stdout


def test_solve_rest_keeps_working_for_plain_cells() -> None:
    """The limits do not touch ordinary cells (guard against over-strict bounds)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", VrestWarning)
        cell = Cell(_ions(), radius=10, celsius=37)
        assert math.isfinite(vrest.solve_rest(cell).V)
