"""Bad input at the library's public boundary.

The project's rule: every kind of bad input (non-positive or non-finite concentration, unknown ion
without a valence, a valence contradicting the ion table, NaN, a temperature at or below 0 K,
wrong or missing units, malformed or incomplete cell files, unknown fields)
raises vrest's own exception (:class:`VrestInputError`, :class:`CellFileError` for files) whose
message names the field, the offending value and the expected unit. A legal but biologically
absurd temperature (outside −20…122 °C) gives a :class:`VrestWarning` instead.

pint quantities are accepted at the boundary and converted; a quantity of the wrong dimension is
rejected with the same kind of message.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import pint
import pytest
from conftest import GOOD_TOML, Q, _sub, assert_names

import vrest
from vrest.cell import Cell, load_cell
from vrest.errors import CellFileError, VrestError, VrestInputError, VrestWarning

NAN = float("nan")
INF = float("inf")


# ---------------------------------------------------------------------------------------------
# Public functions: each case is (call, field, value as shown, expected unit or wording)
# ---------------------------------------------------------------------------------------------
FUNCTION_CASES = {
    # nernst
    "nernst negative c_in": (lambda: vrest.nernst(-4, 140, 1), "c_in", "-4", "mM"),
    "nernst zero c_out": (lambda: vrest.nernst(140, 0, 1), "c_out", "0", "mM"),
    "nernst NaN c_in": (lambda: vrest.nernst(NAN, 4, 1), "c_in", "nan", "mM"),
    "nernst NaN c_out": (lambda: vrest.nernst(140, NAN, 1), "c_out", "nan", "mM"),
    "nernst infinite c_in": (lambda: vrest.nernst(INF, 4, 1), "c_in", "inf", "mM"),
    "nernst c_in in mV": (lambda: vrest.nernst(Q(140, "mV"), 4, 1), "c_in", "140", "mM"),
    "nernst c_in string in mV": (lambda: vrest.nernst("140 mV", 4, 1), "c_in", "140 mV", "mM"),
    "nernst c_in string no unit": (lambda: vrest.nernst("140", 4, 1), "c_in", "140", "mM"),
    "nernst c_in garbage": (lambda: vrest.nernst("lots", 4, 1), "c_in", "lots", "mM"),
    "nernst negative c_in quantity": (lambda: vrest.nernst(Q(-1, "mM"), 4, 1), "c_in", "-1", "mM"),
    "nernst zero valence": (lambda: vrest.nernst(140, 4, 0), "z", "0", "valence"),
    "nernst fractional valence": (lambda: vrest.nernst(140, 4, 1.5), "z", "1.5", "valence"),
    "nernst NaN valence": (lambda: vrest.nernst(140, 4, NAN), "z", "nan", "valence"),
    "nernst below 0 K": (lambda: vrest.nernst(140, 4, 1, celsius=-300), "celsius", "-300", "°C"),
    "nernst at 0 K": (lambda: vrest.nernst(140, 4, 1, celsius=-273.15), "celsius", "-273.15", "°C"),
    "nernst negative kelvin": (
        lambda: vrest.nernst(140, 4, 1, celsius=Q(-5, "K")),
        "celsius",
        "-5",
        "°C",
    ),
    "nernst NaN celsius": (lambda: vrest.nernst(140, 4, 1, celsius=NAN), "celsius", "nan", "°C"),
    "nernst celsius in mV": (
        lambda: vrest.nernst(140, 4, 1, celsius=Q(37, "mV")),
        "celsius",
        "37",
        "°C",
    ),
    "nernst negative gamma_in": (
        lambda: vrest.nernst(140, 4, 1, gamma_in=-1),
        "gamma_in",
        "-1",
        "positive",
    ),
    # ghk_current_density
    "ghk_j NaN V": (lambda: vrest.ghk_current_density(NAN, 140, 4, 1, 1e-6), "V", "nan", "mV"),
    "ghk_j V in mM": (
        lambda: vrest.ghk_current_density(Q(-50, "mM"), 140, 4, 1, 1e-6),
        "V",
        "-50",
        "mV",
    ),
    "ghk_j negative c_in": (
        lambda: vrest.ghk_current_density(-50, -1, 4, 1, 1e-6),
        "c_in",
        "-1",
        "mM",
    ),
    "ghk_j negative c_out": (
        lambda: vrest.ghk_current_density(-50, 140, -4, 1, 1e-6),
        "c_out",
        "-4",
        "mM",
    ),
    "ghk_j negative P": (
        lambda: vrest.ghk_current_density(-50, 140, 4, 1, -1e-6),
        "P",
        "-1e-06",
        "cm/s",
    ),
    "ghk_j NaN P": (lambda: vrest.ghk_current_density(-50, 140, 4, 1, NAN), "P", "nan", "cm/s"),
    "ghk_j P in mV": (
        lambda: vrest.ghk_current_density(-50, 140, 4, 1, Q(1, "mV")),
        "P",
        "1",
        "cm/s",
    ),
    "ghk_j zero valence": (
        lambda: vrest.ghk_current_density(-50, 140, 4, 0, 1e-6),
        "z",
        "0",
        "valence",
    ),
    "ghk_j below 0 K": (
        lambda: vrest.ghk_current_density(-50, 140, 4, 1, 1e-6, celsius=-274),
        "celsius",
        "-274",
        "°C",
    ),
    # ghk_voltage
    "ghk_v negative c_in": (
        lambda: vrest.ghk_voltage({"K": 1}, {"K": -1}, {"K": 4}),
        "c_in['K']",
        "-1",
        "mM",
    ),
    "ghk_v negative c_out": (
        lambda: vrest.ghk_voltage({"K": 1}, {"K": 140}, {"K": -4}),
        "c_out['K']",
        "-4",
        "mM",
    ),
    # zero is legal in GHK (an ion absent on one side) unless it leaves no finite V: with K⁺
    # the only permeant ion and [K]out = 0, V = −∞; the message must blame c_out, not P
    "ghk_v zero c_out, only ion": (
        lambda: vrest.ghk_voltage({"K": 1}, {"K": 140}, {"K": 0}),
        "c_out",
        "0",
        "mM",
    ),
    "ghk_v NaN P": (
        lambda: vrest.ghk_voltage({"K": NAN}, {"K": 140}, {"K": 4}),
        "P['K']",
        "nan",
        "cm/s",
    ),
    "ghk_v negative P": (
        lambda: vrest.ghk_voltage({"K": -1, "Na": 1}, {"K": 140, "Na": 15}, {"K": 4, "Na": 145}),
        "P['K']",
        "-1",
        "cm/s",
    ),
    "ghk_v unknown ion": (
        lambda: vrest.ghk_voltage({"Xq": 1}, {"Xq": 1}, {"Xq": 4}),
        "Xq",
        "Xq",
        "valence",
    ),
    "ghk_v valence contradicts table": (
        lambda: vrest.ghk_voltage({"K": 1}, {"K": 140}, {"K": 4}, z={"K": -1}),
        "z['K']",
        "-1",
        "+1",
    ),
    "ghk_v missing c_out": (
        lambda: vrest.ghk_voltage({"K": 1, "Na": 1}, {"K": 140, "Na": 15}, {"K": 4}),
        "c_out['Na']",
        "None",
        "mM",
    ),
    "ghk_v below 0 K": (
        lambda: vrest.ghk_voltage({"K": 1}, {"K": 140}, {"K": 4}, celsius=-500),
        "celsius",
        "-500",
        "°C",
    ),
    "ghk_v concentration in mV": (
        lambda: vrest.ghk_voltage({"K": 1}, {"K": Q(140, "mV")}, {"K": 4}),
        "c_in['K']",
        "140",
        "mM",
    ),
    # chord_voltage
    "chord NaN g": (lambda: vrest.chord_voltage({"K": NAN}, {"K": -90}), "g['K']", "nan", "nS"),
    "chord negative g": (
        lambda: vrest.chord_voltage({"K": -1, "Na": 1}, {"K": -90, "Na": 60}),
        "g['K']",
        "-1",
        "nS",
    ),
    "chord NaN E": (lambda: vrest.chord_voltage({"K": 1}, {"K": NAN}), "E['K']", "nan", "mV"),
    "chord E in mM": (
        lambda: vrest.chord_voltage({"K": 1}, {"K": Q(-90, "mM")}),
        "E['K']",
        "-90",
        "mV",
    ),
    "chord g in mV": (
        lambda: vrest.chord_voltage({"K": Q(1, "mV")}, {"K": -90}),
        "g['K']",
        "1",
        "nS",
    ),
    "chord NaN pump current": (
        lambda: vrest.chord_voltage({"K": 1}, {"K": -90}, i_pump=NAN),
        "i_pump",
        "nan",
        "pA",
    ),
    "chord array NaN g": (lambda: vrest.chord_voltage([1.0, NAN], [-90.0, 60.0]), "g", "nan", "nS"),
}


@pytest.mark.parametrize("case", list(FUNCTION_CASES), ids=list(FUNCTION_CASES))
def test_public_function_rejects_bad_input(case: str) -> None:
    call, field, value, unit = FUNCTION_CASES[case]
    with pytest.raises(VrestInputError) as info:
        call()
    assert isinstance(info.value, VrestError)
    assert isinstance(info.value, ValueError)  # also catchable as a plain ValueError
    assert_names(info.value, field, value, unit)
    assert field in info.value.field


def test_ghk_accepts_an_ion_absent_on_one_side() -> None:
    """Bi-ionic conditions: [i]out = 0 is legal in the GHK current equation, which then reads
    J = P z F c_in x/(1 − e^(−x)) (x = zFV/RT); P·F·c with P in cm/s and c in mM is µA/cm²."""
    R = 6.02214076e23 * 1.380649e-23
    F = 6.02214076e23 * 1.602176634e-19
    x = 1 * (-50e-3) * F / (R * 310.15)
    expected = 1e-6 * F * 140 * x / (1 - math.exp(-x))
    got = vrest.ghk_current_density(-50, 140, 0, 1, 1e-6)
    assert got == pytest.approx(expected, rel=1e-9)
    # with another permeant ion the GHK voltage stays finite
    v = vrest.ghk_voltage({"K": 1, "Na": 0.04}, {"K": 140, "Na": 15}, {"K": 0, "Na": 145})
    assert math.isfinite(v)


# ---------------------------------------------------------------------------------------------
# The Cell(...) Python API
# ---------------------------------------------------------------------------------------------
def _ions(**k_changes: Any) -> dict[str, Any]:
    k = {"c_in": 140, "c_out": 4, "g": 10} | k_changes
    return {
        "K": {key: v for key, v in k.items() if v is not None},
        "Na": {"c_in": 15, "c_out": 145, "g": 0.4},
    }


CELL_CASES = {
    "negative c_in": (lambda: Cell(_ions(c_in=-140)), "ions.K.c_in", "-140", "mM"),
    "zero c_out": (lambda: Cell(_ions(c_out=0)), "ions.K.c_out", "0", "mM"),
    "NaN c_in": (lambda: Cell(_ions(c_in=NAN)), "ions.K.c_in", "nan", "mM"),
    "infinite c_out": (lambda: Cell(_ions(c_out=INF)), "ions.K.c_out", "inf", "mM"),
    "c_in in mV": (lambda: Cell(_ions(c_in=Q(140, "mV"))), "ions.K.c_in", "140", "mM"),
    "c_in string without unit": (lambda: Cell(_ions(c_in="140")), "ions.K.c_in", "140", "mM"),
    "g in mM": (lambda: Cell(_ions(g="10 mM")), "ions.K.g", "10 mM", "nS"),
    "negative g": (lambda: Cell(_ions(g=-10)), "ions.K.g", "-10", "nS"),
    "NaN g": (lambda: Cell(_ions(g=NAN)), "ions.K.g", "nan", "nS"),
    "missing c_out": (lambda: Cell(_ions(c_out=None)), "ions.K.c_out", "None", "mM"),
    "missing g and P": (lambda: Cell(_ions(g=None)), "ions.K", "None", "nS"),
    "valence contradicts table": (lambda: Cell(_ions(z=2)), "ions.K.z", "2", "+1"),
    "unknown ion field": (lambda: Cell(_ions(foo=1)), "ions.K.foo", "1", "c_in"),
    "unknown ion without valence": (
        lambda: Cell({"Xq": {"c_in": 1, "c_out": 2, "g": 1}}),
        "Xq",
        "Xq",
        "valence",
    ),
    "no ions": (lambda: Cell({}), "ions", "{}", "ion"),
    "below 0 K": (lambda: Cell(_ions(), celsius=-274), "celsius", "-274", "°C"),
    "NaN celsius": (lambda: Cell(_ions(), celsius=NAN), "celsius", "nan", "°C"),
    "celsius in mM": (lambda: Cell(_ions(), celsius=Q(37, "mM")), "celsius", "37", "°C"),
    "negative radius": (lambda: Cell(_ions(), radius=-1), "radius", "-1", "µm"),
    "radius in mM": (lambda: Cell(_ions(), radius="30 mM"), "radius", "30 mM", "µm"),
    "P without geometry": (
        lambda: Cell({"K": {"c_in": 140, "c_out": 4, "P": 1e-6}}),
        "radius",
        "None",
        "µm",
    ),
    "unknown top-level field (from_dict)": (
        lambda: Cell.from_dict({"ions": _ions(), "colour": "red"}),
        "colour",
        "red",
        "ions",
    ),
    "unknown pump field": (
        lambda: Cell(_ions(), pump={"mode": "balance", "speed": 3}),
        "pump.speed",
        "3",
        "mode",
    ),
    "negative pump current": (
        lambda: Cell(_ions(), pump={"i_pump": -20}),
        "pump.i_pump",
        "-20",
        "pA",
    ),
    "bad pump mode": (
        lambda: Cell(_ions(), pump={"mode": "turbo"}),
        "pump.mode",
        "turbo",
        "balance",
    ),
    # a concentration that is not a single number must not escape as a numpy TypeError
    "c_in a list": (lambda: Cell(_ions(c_in=[1, 2])), "ions.K.c_in", "[1, 2]", "mM"),
}


@pytest.mark.parametrize("case", list(CELL_CASES), ids=list(CELL_CASES))
def test_cell_rejects_bad_input(case: str) -> None:
    call, field, value, unit = CELL_CASES[case]
    with pytest.raises(VrestInputError) as info:
        call()
    assert_names(info.value, field, value, unit)


def test_cell_with_ion_keeps_validating() -> None:
    cell = Cell(_ions())
    with pytest.raises(VrestInputError) as info:
        cell.with_ion("K", c_out=-4)
    assert_names(info.value, "ions.K.c_out", "-4", "mM")
    with pytest.raises(VrestInputError) as info:
        cell.block("Xq")
    assert_names(info.value, "ion", "Xq")
    with pytest.raises(VrestInputError) as info:
        cell.at_celsius(-300)
    assert_names(info.value, "celsius", "-300", "°C")


# ---------------------------------------------------------------------------------------------
# Absurd but legal temperatures: a VrestWarning naming the field, the value and °C
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("celsius", [150.0, -30.0, 310.15, 123.0, -20.5])
def test_absurd_temperature_warns(celsius: float) -> None:
    with pytest.warns(VrestWarning) as rec:
        E = vrest.nernst(140, 4, 1, celsius=celsius)
    assert math.isfinite(E)
    msg = str(rec[0].message)
    assert "celsius" in msg and f"{celsius:g}" in msg and "°C" in msg
    with pytest.warns(VrestWarning):
        cell = Cell(_ions(), celsius=celsius)
    assert cell.celsius == celsius


def test_kelvin_mistake_hint() -> None:
    with pytest.warns(VrestWarning, match="kelvin"):
        vrest.nernst(140, 4, 1, celsius=310)


@pytest.mark.parametrize("celsius", [-20.0, 0.0, 37.0, 122.0])
def test_life_range_does_not_warn(celsius: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vrest.nernst(140, 4, 1, celsius=celsius)
        Cell(_ions(), celsius=celsius)


# ---------------------------------------------------------------------------------------------
# pint quantities at the boundary
# ---------------------------------------------------------------------------------------------
def test_quantities_accepted_by_nernst() -> None:
    ref = vrest.nernst(140, 4, 1, celsius=37)
    assert vrest.nernst(Q(140, "mM"), Q(4, "mM"), 1) == pytest.approx(ref, rel=1e-12)
    assert vrest.nernst(Q(0.14, "M"), Q(4, "mmol/L"), 1) == pytest.approx(ref, rel=1e-12)
    assert vrest.nernst("140 mM", "4 mM", 1) == pytest.approx(ref, rel=1e-12)
    # a temperature of 310.15 K is 37 °C
    assert vrest.nernst(140, 4, 1, celsius=Q(310.15, "K")) == pytest.approx(ref, rel=1e-12)
    assert vrest.nernst(140, 4, 1, celsius=Q(37, "degC")) == pytest.approx(ref, rel=1e-12)
    assert vrest.nernst(140, 4, 1, celsius="310.15 K") == pytest.approx(ref, rel=1e-12)


def test_quantities_from_another_registry() -> None:
    other = pint.UnitRegistry()
    ref = vrest.nernst(140, 4, 1, celsius=37)
    got = vrest.nernst(
        other.Quantity(140, "mM"), other.Quantity(4, "mM"), 1, celsius=other.Quantity(310.15, "K")
    )
    assert got == pytest.approx(ref, rel=1e-12)


def test_quantities_accepted_by_ghk_and_chord() -> None:
    ref = vrest.ghk_current_density(-50, 140, 4, 1, 1e-6)
    got = vrest.ghk_current_density(
        Q(-0.05, "V"), Q(140, "mM"), Q(4, "mM"), 1, Q(1e-8, "m/s"), celsius=Q(310.15, "K")
    )
    assert got == pytest.approx(ref, rel=1e-12)
    v = vrest.ghk_voltage(
        {"K": Q(1e-6, "cm/s"), "Na": Q(4e-8, "cm/s")},
        {"K": Q(140, "mM"), "Na": Q(15, "mM")},
        {"K": Q(4, "mM"), "Na": Q(145, "mM")},
        celsius=Q(310.15, "K"),
    )
    assert v == pytest.approx(
        vrest.ghk_voltage({"K": 1, "Na": 0.04}, {"K": 140, "Na": 15}, {"K": 4, "Na": 145}),
        rel=1e-12,
    )
    vc = vrest.chord_voltage(
        {"K": Q(1, "nS"), "Na": Q(40, "pS")}, {"K": Q(-0.09, "V"), "Na": Q(60, "mV")}
    )
    assert vc == pytest.approx((1 * -90 + 0.04 * 60) / 1.04, rel=1e-12)


def test_quantities_accepted_by_cell() -> None:
    plain = Cell(_ions(), celsius=37, radius=10)
    q = Cell(
        {
            "K": {"c_in": Q(140, "mM"), "c_out": "4 mM", "g": Q(0.01, "uS")},
            "Na": {"c_in": Q(0.015, "M"), "c_out": Q(145, "mM"), "g": "400 pS"},
        },
        celsius=Q(310.15, "K"),
        radius=Q(0.01, "mm"),
    )
    assert q.celsius == pytest.approx(37.0, abs=1e-12)
    assert q.radius == pytest.approx(10.0, rel=1e-12)
    for name in ("K", "Na"):
        a, b = plain.ions[name], q.ions[name]
        assert (b.c_in, b.c_out, b.g) == pytest.approx((a.c_in, a.c_out, a.g), rel=1e-12)


@pytest.mark.parametrize(
    ("call", "field", "unit"),
    [
        (lambda: vrest.nernst(Q(140, "mV"), 4, 1), "c_in", "mM"),
        (lambda: vrest.nernst(140, Q(4, "s"), 1), "c_out", "mM"),
        (lambda: vrest.nernst(140, 4, 1, celsius=Q(310, "mV")), "celsius", "°C"),
        (lambda: vrest.ghk_current_density(Q(1, "mM"), 140, 4, 1), "V", "mV"),
        (lambda: vrest.ghk_current_density(0, 140, 4, 1, Q(1, "nS")), "P", "cm/s"),
        (lambda: vrest.chord_voltage({"K": Q(1, "mM")}, {"K": -90}), "g['K']", "nS"),
        (lambda: Cell(_ions(c_in=Q(140, "mV"))), "ions.K.c_in", "mM"),
        (lambda: Cell(_ions(), celsius=Q(37, "mM")), "celsius", "°C"),
    ],
    ids=[
        "conc in mV",
        "conc in s",
        "T in mV",
        "V in mM",
        "P in nS",
        "g in mM",
        "cell conc in mV",
        "cell T in mM",
    ],
)
def test_wrong_dimension_rejected(call: Any, field: str, unit: str) -> None:
    with pytest.raises(VrestInputError) as info:
        call()
    assert_names(info.value, field, unit)


# ---------------------------------------------------------------------------------------------
# Cell files (TOML)
# ---------------------------------------------------------------------------------------------


XQ = '\n[ions.Xq]\nc_in = "1 mM"\nc_out = "2 mM"\ng = "1 nS"\n'

# name → (file text, field, value as shown, expected unit or wording)
TOML_CASES: dict[str, tuple[str, str, str, str]] = {
    "negative c_in": (_sub('c_in = "140 mM"', 'c_in = "-140 mM"'), "ions.K.c_in", "-140 mM", "mM"),
    "negative c_in_mM": (_sub('c_in = "140 mM"', "c_in_mM = -140"), "ions.K.c_in", "-140", "mM"),
    "zero c_out": (_sub('c_out = "4 mM"', 'c_out = "0 mM"'), "ions.K.c_out", "0 mM", "mM"),
    "zero c_out_mM": (_sub('c_out = "4 mM"', "c_out_mM = 0"), "ions.K.c_out", "0", "mM"),
    "NaN c_in_mM": (_sub('c_in = "140 mM"', "c_in_mM = nan"), "ions.K.c_in", "nan", "mM"),
    "NaN c_in string": (_sub('c_in = "140 mM"', 'c_in = "nan mM"'), "ions.K.c_in", "nan", "mM"),
    "infinite c_in_mM": (_sub('c_in = "140 mM"', "c_in_mM = inf"), "ions.K.c_in", "inf", "mM"),
    "missing unit c_in": (_sub('c_in = "140 mM"', "c_in = 140"), "ions.K.c_in", "140", "mM"),
    "missing unit g": (_sub('g = "100 nS"', "g = 100"), "ions.K.g", "100", "nS"),
    "missing unit radius": (_sub('radius = "30 um"', "radius = 30"), "radius", "30", "µm"),
    "missing unit i_pump": (
        _sub('mode = "balance"', 'mode = "fixed"\ni_pump = 20'),
        "pump.i_pump",
        "20",
        "pA",
    ),
    "missing unit in string": (_sub('c_in = "140 mM"', 'c_in = "140"'), "ions.K.c_in", "140", "mM"),
    "wrong unit": (_sub('c_in = "140 mM"', 'c_in = "140 mV"'), "ions.K.c_in", "140 mV", "mM"),
    "wrong unit radius": (_sub('radius = "30 um"', 'radius = "30 mM"'), "radius", "30 mM", "µm"),
    "negative radius": (_sub('radius = "30 um"', 'radius = "-30 um"'), "radius", "-30 um", "µm"),
    "unknown ion without z": (GOOD_TOML + XQ, "Xq", "Xq", "valence"),
    "valence contradicts table": (
        _sub('g = "100 nS"', 'g = "100 nS"\nz = -1'),
        "ions.K.z",
        "-1",
        "+1",
    ),
    "g given twice": (
        _sub('g = "100 nS"', 'g = "100 nS"\ng_nS = 100'),
        "ions.K.g_nS",
        "100",
        "once",
    ),
    "unknown ion field": (
        _sub('g = "100 nS"', 'g = "100 nS"\nconductance = "3 nS"'),
        "ions.K.conductance",
        "3 nS",
        "c_in",
    ),
    "unknown top-level field": ('colour = "red"\n' + GOOD_TOML, "colour", "red", "ions"),
    "unknown pump field": (GOOD_TOML + "speed = 3\n", "pump.speed", "3", "mode"),
    "below 0 K": (_sub("celsius = 37", "celsius = -300"), "celsius", "-300", "°C"),
    "at 0 K": (_sub("celsius = 37", 'celsius = "0 K"'), "celsius", "0", "°C"),
    "NaN celsius": (_sub("celsius = 37", "celsius = nan"), "celsius", "nan", "°C"),
    "celsius not a temperature": (
        _sub("celsius = 37", 'celsius = "warm"'),
        "celsius",
        "warm",
        "degC",
    ),
    "missing c_out": (_sub('c_out = "4 mM"\n', ""), "ions.K.c_out", "None", "mM"),
    "missing g and P": (_sub('g = "100 nS"\n', ""), "ions.K", "None", "nS"),
    "no ions": ('name = "x"\ncelsius = 37\n', "ions", "None", "[ions.NAME]"),
    "empty file": ("", "ions", "None", "[ions.NAME]"),
    "ion not a table": ("ions.K = 3\n", "ions.K", "3", "c_in"),
    "fixed pump without current": (
        _sub('mode = "balance"', 'mode = "fixed"'),
        "pump.i_pump",
        "None",
        "pA",
    ),
    # a TOML array or a boolean is not a concentration: CellFileError, not a numpy TypeError
    # and not a silent 1 mM
    "array c_in_mM": (_sub('c_in = "140 mM"', "c_in_mM = [1, 2]"), "ions.K.c_in", "[1, 2]", "mM"),
    "boolean c_in_mM": (_sub('c_in = "140 mM"', "c_in_mM = true"), "ions.K.c_in", "True", "mM"),
}


@pytest.mark.parametrize("case", list(TOML_CASES), ids=list(TOML_CASES))
def test_cell_file_rejects_bad_input(case: str, tmp_path: Path) -> None:
    text, field, value, unit = TOML_CASES[case]
    path = tmp_path / "bad_cell.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CellFileError) as info:
        load_cell(path)
    assert isinstance(info.value, VrestInputError)
    assert info.value.path == str(path)
    assert_names(info.value, "bad_cell.toml", field, value, unit)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (_sub('c_in = "140 mM"', 'c_in = "140 mM'), "line 6"),  # unterminated string
        (_sub("[ions.Na]", "[ions.Na"), "TOML"),
        (GOOD_TOML + '\n[ions.K]\nc_in = "1 mM"\n', "TOML"),  # table defined twice
        (b"\xff\xfe\x00 not utf-8", "TOML"),
    ],
    ids=["unterminated string", "unclosed table header", "duplicate table", "not UTF-8"],
)
def test_malformed_cell_file(content: str | bytes, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CellFileError) as info:
        load_cell(path)
    assert_names(info.value, "broken.toml", "TOML", expected)


def test_missing_cell_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(CellFileError) as info:
        load_cell(path)
    assert_names(info.value, "nowhere.toml", "cell file")
    with pytest.raises(CellFileError):
        load_cell(tmp_path)  # a directory


def test_cell_file_good_and_units(tmp_path: Path) -> None:
    path = tmp_path / "good.toml"
    path.write_text(GOOD_TOML, encoding="utf-8")
    cell = load_cell(path)
    assert cell.ions["K"].c_in == 140.0 and cell.ions["Na"].g == 4.0
    alt = tmp_path / "alt.toml"
    alt.write_text(
        _sub("celsius = 37", 'celsius = "310.15 K"')
        .replace('c_in = "140 mM"', "c_in_mM = 140")
        .replace('g = "100 nS"', 'g = "0.1 uS"')
        .replace('radius = "30 um"', "radius_um = 30"),
        encoding="utf-8",
    )
    other = load_cell(alt)
    assert other.celsius == pytest.approx(37.0, abs=1e-12)
    assert other.ions["K"].c_in == 140.0
    assert other.ions["K"].g == pytest.approx(100.0, rel=1e-12)
    assert other.radius == 30.0


def test_cell_file_absurd_temperature_warns(tmp_path: Path) -> None:
    path = tmp_path / "hot.toml"
    path.write_text(_sub("celsius = 37", "celsius = 150"), encoding="utf-8")
    with pytest.warns(VrestWarning, match="150"):
        cell = load_cell(path)
    assert cell.celsius == 150.0


def test_unknown_ion_with_valence_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "xq.toml"
    path.write_text(GOOD_TOML + XQ + "z = 1\n", encoding="utf-8")
    cell = load_cell(path)
    assert cell.ions["Xq"].z == 1


def test_file_cell_can_be_modified(tmp_path: Path) -> None:
    """A cell read from a file (strict units) must still accept block/with_ion, whose values are
    already in working units; only the file's own text needs explicit units."""
    path = tmp_path / "good.toml"
    path.write_text(GOOD_TOML, encoding="utf-8")
    cell = load_cell(path)
    blocked = cell.block("Na")
    assert blocked.ions["Na"].g == 0.0
    assert blocked.ions["K"].g == 100.0
    assert cell.with_ion("K", c_out=10).ions["K"].c_out == 10.0


@pytest.mark.parametrize("pump", [{"i_pump": 10.0}, {"mode": "balance"}])
def test_a_na_k_pump_needs_na_and_k(pump):
    """A Na⁺/K⁺ pump on a cell without Na⁺ (a plant cell: K⁺ and H⁺) is refused when the cell
    is built, naming the pump, instead of failing inside the energy books."""
    ions = {"K": {"c_in": 100, "c_out": 1, "g": 1}, "H": {"c_in": 1e-4, "c_out": 1e-2, "g": 1}}
    with pytest.raises(VrestInputError, match="pump"):
        vrest.Cell(ions, pump=pump)


@pytest.mark.parametrize("P", ["1e300 cm/s", "101 cm/s", 1e300])
def test_permeability_above_free_diffusion_is_refused(P):
    """P above D/L of free diffusion across a membrane-thin layer (100 cm/s) is refused, naming
    the field; 100 cm/s itself is accepted (the bound is inclusive)."""
    ions = {"K": {"c_in": 140, "c_out": 4, "P": P}}
    with pytest.raises(VrestInputError, match=r"ions\.K\.P.*up to 100 cm/s"):
        vrest.Cell(ions, radius=10)
    assert vrest.Cell({"K": {"c_in": 140, "c_out": 4, "P": 100.0}}, radius=10).ions["K"].P == 100
