"""Units at the public boundary.

Plain numbers are taken in vrest's working units: mV, mM, pA, nS, µm (µm² for areas), cm/s for
permeabilities, µF/cm² for specific capacitance, kJ/mol for free energies and °C for temperature
(``celsius=``, as in NEURON). A :mod:`pint` quantity (from any registry) or a string such as
``"140 mM"`` is converted to the working unit; anything that cannot be converted raises
:class:`~vrest.errors.VrestInputError` naming the field, the value and the expected unit.

pint is imported only when a string or quantity actually needs it, to keep start-up fast.
"""

from __future__ import annotations

import math
import re
import warnings
from functools import lru_cache
from typing import Any

import numpy as np

from .constants import ZERO_CELSIUS
from .errors import VrestInputError, VrestWarning

#: Working unit of each kind of quantity: (pint unit string, human name).
WORKING_UNITS: dict[str, tuple[str, str]] = {
    "voltage": ("mV", "mV"),
    "concentration": ("mM", "mM"),
    "current": ("pA", "pA"),
    "conductance": ("nS", "nS"),
    "length": ("um", "µm"),
    "area": ("um**2", "µm²"),
    "permeability": ("cm/s", "cm/s"),
    "specific_capacitance": ("uF/cm**2", "µF/cm²"),
    "energy_per_mol": ("kJ/mol", "kJ/mol"),
    "dimensionless": ("dimensionless", "a plain number"),
    "time": ("ms", "ms"),
    "rate": ("1/ms", "1/ms"),
    # derived quantities used by energetics (SI or electrophysiology habits)
    "power": ("W", "W"),
    "resistance": ("megaohm", "MΩ"),
    "capacitance": ("pF", "pF"),
}

#: Known range of life, °C: outside it a temperature is legal but warned about
#: (−20 °C: metabolism in permafrost bacteria; 122 °C: Methanopyrus kandleri growth,
#: Takai et al., PNAS 105, 10949 (2008)).
LIFE_CELSIUS = (-20.0, 122.0)

#: Hottest temperature accepted at all, °C. Far beyond liquid water (critical point 374 °C) and
#: any membrane; a larger value is an input mistake (it would also overflow Q10 factors, which
#: grow as Q10^(ΔT/10)). Temperatures between the life range and this limit are warned about.
MAX_CELSIUS = 1000.0

#: Largest |valence| of a permeant ion. No ion that crosses a membrane carries more than a few
#: elementary charges (La³⁺, Th⁴⁺); a larger value is a typing mistake.
MAX_VALENCE = 10

#: Concentrations above this (mM) get a :class:`VrestWarning`: no aqueous solution is that
#: concentrated (the most soluble salts saturate near 20 M; pure water itself is 55 M), so the
#: value is almost surely a unit slip ("140 MM" is megamolar, not millimolar).
MAX_PLAUSIBLE_MM = 20_000.0

#: Accepted range of lengths (µm) and areas (µm²): 1 nm to 1 km and (1 nm)² to (1 km)². Outside
#: it a cell's area (4πr²) or volume (4/3 πr³) under- or overflows to 0 or infinity, or the value
#: is a unit mistake; it is far wider than any real cell.
LENGTH_RANGE_UM = (1e-3, 1e9)
AREA_RANGE_UM2 = (1e-6, 1e18)

#: Longest string accepted as a value with a unit (a longer one is not a quantity; bounding it
#: also bounds the work of the unit parser).
MAX_TEXT = 200

# A value with a unit: one plain number (no arithmetic: "10**400" or "9**9**9" would make pint
# compute a huge power), then an optional unit made of names joined by *, / or spaces, each with
# an optional one-digit exponent (**2, ^-1, ²). Parsed after whitespace is normalised, so the
# pattern has no nested whitespace quantifiers (no catastrophic backtracking).
_NUMBER = r"[+-]?(?:(?:\d++(?:\.\d*+)?|\.\d++)(?:[eE][+-]?\d++)?|nan|inf(?:inity)?)"
_NAME = r"(?:[°%]|[^\W\d_])(?:[^\W\d]|_)*+"
_EXP = r"(?:(?:\*\*|\^)[+-]?\d|⁻?[¹²³⁴⁵⁶⁷⁸⁹])"
_FACTOR = rf"\(?{_NAME}{_EXP}?\)?"
_TEXT = re.compile(
    rf"(?P<num>{_NUMBER})? ?(?P<unit>/?{_FACTOR}(?:[*/· ]{_FACTOR})*)?", re.IGNORECASE
)


def _normalise(text: str) -> str:
    """Whitespace collapsed to single spaces and removed around operators; − (U+2212) → -."""
    t = " ".join(text.replace("\u2212", "-").split())
    return re.sub(r" ?(\*\*|[*/·^()]) ?", r"\1", t)


def split_quantity(text: str, field: str, expected: str) -> tuple[float | None, str]:
    """Split a value with a unit (``"140 mM"``) into its number (None when absent) and its unit
    text ("" when absent), without evaluating anything: arithmetic on numbers (``"10**400"``),
    large exponents and over-long strings raise :class:`VrestInputError` ``expected`` ..."""
    if len(text) > MAX_TEXT:
        shown = f"{text[:20]}… ({len(text)} characters)"
        raise VrestInputError(field, shown, expected, f"at most {MAX_TEXT} characters")
    m = _TEXT.fullmatch(_normalise(text))
    if m is None or not (m["num"] or m["unit"]):
        raise VrestInputError(
            field,
            text,
            expected,
            "write one plain number then a unit, e.g. '140 mM' or '4e-6 cm/s'; no arithmetic, "
            "unit exponents up to 9",
        )
    return (None if m["num"] is None else float(m["num"])), (m["unit"] or "")


def _parse(text: str, field: str, expected: str) -> Any:
    """A pint Quantity from ``text`` (checked by :func:`split_quantity`; a number is required:
    a bare unit such as ``"mM"`` is not read as 1 mM)."""
    num, unit = split_quantity(text, field, expected)
    if num is None:
        raise VrestInputError(field, text, expected, "the number is missing")
    try:
        if unit.startswith("/"):  # "0.1 /ms": a reciprocal unit
            unit = "1" + unit
        return ureg().Quantity(num, unit) if unit else ureg().Quantity(num)
    except Exception as exc:  # pint raises several unrelated types (unknown unit...)
        raise VrestInputError(field, text, expected, _one_line(exc)) from None


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return msg if len(msg) <= 120 else msg[:117] + "..."


@lru_cache(maxsize=1)
def ureg() -> Any:
    """The shared pint ``UnitRegistry`` (created on first use)."""
    import pint

    reg = pint.UnitRegistry()
    reg.formatter.default_format = "~P"
    return reg


def _is_quantity(x: Any) -> bool:
    return hasattr(x, "magnitude") and hasattr(x, "to") and hasattr(x, "units")


def parse_quantity(text: str, field: str, kind: str) -> float:
    """Parse a string such as ``"140 mM"`` and return its magnitude in the working unit of
    ``kind`` (a key of :data:`WORKING_UNITS`). A missing or wrong unit raises
    :class:`VrestInputError`."""
    _unit, human = WORKING_UNITS[kind]
    expected = f"a number with a unit in {human}" if kind != "dimensionless" else "a number"
    num, unit = split_quantity(text, field, expected)
    if num is None:
        raise VrestInputError(field, text, expected, "the number is missing")
    if not unit:
        if kind != "dimensionless":
            raise VrestInputError(field, text, f"a unit (e.g. {human})", "the unit is missing")
        return num
    try:
        factor = _unit_factor(unit, kind)
    except _UnknownUnit as exc:
        raise VrestInputError(field, text, expected, str(exc)) from None
    except _WrongUnit:
        raise VrestInputError(field, text, f"a quantity convertible to {human}") from None
    with np.errstate(over="ignore"):
        return num * factor  # an overflow to inf is rejected by the range checks


class _UnknownUnit(Exception):
    pass


class _WrongUnit(Exception):
    pass


#: The units a cell file usually carries, with their factor to the working unit: read without
#: importing pint (≈ 0.1 s of start-up). Exact, case-sensitive spellings only (pint's "MM" is
#: megamolar); anything else goes to pint. tests/test_units_fast.py checks each against pint.
FAST_UNITS: dict[str, dict[str, float]] = {
    "concentration": {"mM": 1.0, "M": 1e3, "uM": 1e-3, "µM": 1e-3, "nM": 1e-6, "mmol/L": 1.0},
    "conductance": {"nS": 1.0, "pS": 1e-3, "uS": 1e3, "µS": 1e3, "mS": 1e6, "S": 1e9},
    "current": {"pA": 1.0, "fA": 1e-3, "nA": 1e3, "uA": 1e6, "µA": 1e6, "mA": 1e9, "A": 1e12},
    "length": {"um": 1.0, "µm": 1.0, "nm": 1e-3, "mm": 1e3, "cm": 1e4, "m": 1e6},
    "area": {"um^2": 1.0, "um**2": 1.0, "µm^2": 1.0, "µm²": 1.0, "mm^2": 1e6, "cm^2": 1e8},
    "permeability": {"cm/s": 1.0, "m/s": 1e2, "um/s": 1e-4, "µm/s": 1e-4},
    "specific_capacitance": {"uF/cm^2": 1.0, "uF/cm**2": 1.0, "µF/cm^2": 1.0, "µF/cm²": 1.0},
    "voltage": {"mV": 1.0, "V": 1e3, "uV": 1e-3, "µV": 1e-3},
    "energy_per_mol": {"kJ/mol": 1.0, "J/mol": 1e-3},
    "time": {"ms": 1.0, "s": 1e3, "us": 1e-3, "µs": 1e-3, "min": 6e4},
    "rate": {"1/ms": 1.0, "/ms": 1.0, "1/s": 1e-3, "/s": 1e-3, "Hz": 1e-3, "kHz": 1.0},
}


@lru_cache(maxsize=1024)
def _unit_factor(unit: str, kind: str) -> float:
    """Factor from ``unit`` (text already checked by :func:`split_quantity`) to the working
    unit of ``kind``; cached, so that a cell file with many ions parses each unit once. The
    common spellings of :data:`FAST_UNITS` need no pint."""
    fast = FAST_UNITS.get(kind, {}).get(unit)
    if fast is not None:
        return fast
    if unit.startswith("/"):  # "0.1 /ms": a reciprocal unit
        unit = "1" + unit
    try:
        one = ureg().Quantity(1.0, unit)
    except Exception as exc:  # pint raises several unrelated types (undefined unit...)
        raise _UnknownUnit(_one_line(exc)) from None
    if kind != "dimensionless" and one.dimensionless:
        raise _WrongUnit(unit)
    try:
        factor = float(one.to(WORKING_UNITS[kind][0]).magnitude)
    except Exception:  # wrong dimension, offset unit
        raise _WrongUnit(unit) from None
    if not math.isfinite(factor) or factor == 0.0:
        raise _WrongUnit(unit)
    return factor


def _quantity_to(q: Any, field: str, kind: str, shown: Any) -> Any:
    unit, human = WORKING_UNITS[kind]
    if (
        kind != "dimensionless"
        and getattr(q, "dimensionless", False)
        and not isinstance(getattr(q, "magnitude", None), np.ndarray)
    ):
        raise VrestInputError(field, shown, f"a unit (e.g. {human})", "the unit is missing")
    try:
        return q.to(unit).magnitude
    except Exception:  # wrong dimension, offset unit, overflow of a huge int magnitude...
        raise VrestInputError(field, shown, f"a quantity convertible to {human}") from None


def _in(kind: str) -> str:
    """' in mV' for a kind with a unit, '' for a dimensionless one (for messages)."""
    return "" if kind == "dimensionless" else f" in {WORKING_UNITS[kind][1]}"


def scalar(x: Any, field: str, kind: str, shown: Any = None) -> float:
    """``x`` (already validated) as one float; an array or list raises
    :class:`VrestInputError` ("a single number")."""
    if type(x) is float:
        return x
    if np.ndim(x) != 0:
        raise VrestInputError(field, x if shown is None else shown, f"a single number{_in(kind)}")
    return float(x)


def to_working(x: Any, field: str, kind: str, *, check_nan: bool = True) -> Any:
    """Return ``x`` in the working unit of ``kind`` as a float or float array.

    Plain numbers (and arrays) are assumed to be in the working unit already; pint quantities and
    unit strings are converted. NaN raises :class:`VrestInputError` (unless ``check_nan`` is
    False because the caller's own range check rejects NaN anyway)."""
    if x is None:
        raise VrestInputError(field, None, f"a number{_in(kind)}", "missing")
    if isinstance(x, bool | np.bool_) or (isinstance(x, np.ndarray) and x.dtype == np.bool_):
        raise VrestInputError(field, x, f"a number{_in(kind)}", "got a boolean")
    if isinstance(x, str):
        val: Any = parse_quantity(x, field, kind)
    elif _is_quantity(x):
        val = _quantity_to(x, field, kind, f"{x}")
    else:
        val = x
    try:
        arr = np.asarray(val, dtype=float)
    except OverflowError:  # a Python int beyond 1.8e308
        raise VrestInputError(field, _short(x), f"a finite number{_in(kind)}") from None
    except (TypeError, ValueError):
        raise VrestInputError(field, _short(x), f"a number{_in(kind)}") from None
    if check_nan and np.isnan(arr).any():
        raise VrestInputError(field, x, f"a number{_in(kind)}", "got NaN")
    return float(arr) if arr.ndim == 0 else arr


def _short(x: Any) -> Any:
    """A huge int (5000 digits) or a long string shortened for a one-line message."""
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 1100:
        return f"an integer of about {int(x.bit_length() * 0.30103)} digits"
    if isinstance(x, str) and len(x) > 60:
        return f"{x[:20]}… ({len(x)} characters)"
    return x


def _shown(x: Any) -> Any:
    """A short form of a rejected value for messages (arrays are summarised)."""
    if isinstance(x, np.ndarray) and x.size > 6:
        bad = x[~(np.isfinite(x))] if not np.isfinite(x).all() else x
        return f"array of {x.size} values (e.g. {bad.flat[0]!r})"
    return _short(x)


def _warn_concentration(arr: Any, field: str, x: Any) -> None:
    """A :class:`VrestWarning` for a concentration above :data:`MAX_PLAUSIBLE_MM`."""
    if np.any(arr > MAX_PLAUSIBLE_MM):
        worst = float(np.max(arr))
        warnings.warn(
            f"{field} = {worst:g} mM ({worst / 1000:g} M) is more concentrated than any aqueous "
            f"solution (above {MAX_PLAUSIBLE_MM / 1000:g} M); was 'MM' (megamolar) or 'M' "
            "written for 'mM'?",
            VrestWarning,
            stacklevel=4,
        )


def _check_range(arr: Any, field: str, x: Any, kind: str) -> None:
    """Lengths and areas outside :data:`LENGTH_RANGE_UM` / :data:`AREA_RANGE_UM2` raise."""
    rng = {"length": LENGTH_RANGE_UM, "area": AREA_RANGE_UM2}.get(kind)
    if rng is not None and not (np.all(arr >= rng[0]) and np.all(arr <= rng[1])):
        human = WORKING_UNITS[kind][1]
        what = "1 nm to 1 km" if kind == "length" else "(1 nm)² to (1 km)²"
        raise VrestInputError(
            field,
            _shown(x),
            f"a {kind} between {rng[0]:g} and {rng[1]:g} {human} ({what})",
            "outside it a cell's area or volume is 0 or infinite in floating point",
        )


def check_finite(value: Any, field: str, unit: str) -> None:
    """Raise :class:`VrestInputError` when ``value`` (scalar or array) is NaN or infinite."""
    arr = np.asarray(value, dtype=float)
    if not np.isfinite(arr).all():
        raise VrestInputError(field, value, f"a finite number in {unit}")


def _plain(x: Any) -> bool:
    """A plain Python float or (not huge) int, not a bool: the scalar fast path applies."""
    return type(x) is float or (type(x) is int and -(2**1000) < x < 2**1000)


def concentration(x: Any, field: str) -> Any:
    """A concentration in mM (> 0, finite); zero, negative or NaN raise."""
    if _plain(x):  # fast path, same checks (a rest analysis validates many scalars)
        v = float(x)
        if not 0 < v < math.inf:
            raise VrestInputError(field, x, "a positive, finite concentration in mM")
        if v > MAX_PLAUSIBLE_MM:
            _warn_concentration(v, field, x)
        return v
    val = to_working(x, field, "concentration", check_nan=False)
    arr = np.asarray(val)
    if not (np.all(arr > 0) and np.all(arr < np.inf)):  # NaN fails both comparisons
        raise VrestInputError(field, _shown(x), "a positive, finite concentration in mM")
    _warn_concentration(arr, field, x)
    return val


def nonnegative(x: Any, field: str, kind: str) -> Any:
    """A non-negative finite quantity (conductance, permeability, current magnitude...)."""
    if _plain(x):
        v = float(x)
        if not 0 <= v < math.inf:
            raise VrestInputError(field, x, f"a non-negative, finite number{_in(kind)}")
        if kind == "concentration" and v > MAX_PLAUSIBLE_MM:
            _warn_concentration(v, field, x)
        return v
    val = to_working(x, field, kind, check_nan=False)
    arr = np.asarray(val)
    if not (np.all(arr >= 0) and np.all(arr < np.inf)):
        raise VrestInputError(field, _shown(x), f"a non-negative, finite number{_in(kind)}")
    if kind == "concentration":
        _warn_concentration(arr, field, x)
    return val


def positive(x: Any, field: str, kind: str) -> Any:
    """A strictly positive finite quantity (radius, area, capacitance...)."""
    if _plain(x) and kind not in ("length", "area"):
        v = float(x)
        if not 0 < v < math.inf:
            raise VrestInputError(field, x, f"a positive, finite number{_in(kind)}")
        return v
    val = to_working(x, field, kind, check_nan=False)
    arr = np.asarray(val)
    if not (np.all(arr > 0) and np.all(arr < np.inf)):
        raise VrestInputError(field, _shown(x), f"a positive, finite number{_in(kind)}")
    _check_range(arr, field, x, kind)
    return val


def finite(x: Any, field: str, kind: str) -> Any:
    """Any finite quantity (a voltage, a current with sign...)."""
    if _plain(x):
        if not math.isfinite(x):
            raise VrestInputError(field, x, f"a finite number{_in(kind)}")
        return float(x)
    val = to_working(x, field, kind, check_nan=False)
    if not np.isfinite(val).all():
        raise VrestInputError(field, _shown(x), f"a finite number{_in(kind)}")
    return val


def finite_scalar(x: Any, field: str, kind: str) -> float:
    """One finite quantity as a float; an array or list raises :class:`VrestInputError`
    ("a single number"), not numpy's TypeError."""
    return scalar(finite(x, field, kind), field, kind, x)


def same_shape(**named: Any) -> None:
    """Raise :class:`VrestInputError` when the arrays given by keyword (field name → value)
    do not broadcast together, naming the fields and their shapes (instead of numpy's bare
    ValueError)."""
    shapes = {k: np.shape(v) for k, v in named.items()}
    try:
        np.broadcast_shapes(*shapes.values())
    except ValueError:
        arrays = {k: s for k, s in shapes.items() if s}
        shown = ", ".join(f"{k} {s}" for k, s in arrays.items())
        raise VrestInputError(
            "/".join(arrays),
            shown,
            "arrays of the same shape (or shapes that broadcast, e.g. one a single number)",
        ) from None


def celsius(x: Any, field: str = "celsius") -> Any:
    """A temperature in °C. pint quantities in K or degC are converted; a plain number is °C.

    Below absolute zero (or at it) raises :class:`VrestInputError`; outside the known range of
    life (:data:`LIFE_CELSIUS`) emits a :class:`VrestWarning`."""
    shown = x
    if isinstance(x, str):
        x = _parse(x, field, "a temperature, e.g. '37 degC', '37 °C' or '310 K'")
    if x is None or isinstance(x, bool | np.bool_):
        raise VrestInputError(field, x, "a temperature in °C")
    if _is_quantity(x):
        if getattr(x, "dimensionless", False):
            val = x.magnitude
        else:
            try:
                val = x.to("degC").magnitude
            except Exception:
                raise VrestInputError(field, f"{shown}", "a temperature in °C or K") from None
    else:
        val = x
    try:
        arr = np.asarray(val, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise VrestInputError(field, _short(shown), "a temperature in °C") from None
    if not np.isfinite(arr).all() or (arr <= -ZERO_CELSIUS).any():
        raise VrestInputError(
            field, shown, "a finite temperature in °C above absolute zero (−273.15 °C)"
        )
    if (arr > MAX_CELSIUS).any():
        raise VrestInputError(
            field,
            shown,
            f"a temperature in °C up to {MAX_CELSIUS:g} °C",
            "far hotter than liquid water or any membrane can be; did you give kelvin, or "
            "an exponent, by mistake?",
        )
    lo, hi = LIFE_CELSIUS
    if (arr < lo).any() or (arr > hi).any():
        worst = arr[(arr < lo) | (arr > hi)].flat[0]
        warnings.warn(
            f"{field} = {worst:g} °C is outside the known range of life ({lo:g} to {hi:g} °C); "
            "did you give kelvin where °C is expected?",
            VrestWarning,
            stacklevel=3,
        )
    return float(arr) if arr.ndim == 0 else arr


def valence(z: Any, field: str = "z") -> int:
    """An integer, non-zero valence with |z| ≤ :data:`MAX_VALENCE`; a boolean (TOML
    ``z = true``) is not a valence."""
    expected = f"a non-zero integer valence from -{MAX_VALENCE} to {MAX_VALENCE}, e.g. 1, -1 or 2"
    if isinstance(z, bool | np.bool_):
        raise VrestInputError(field, z, expected, "got a boolean")
    try:
        zf = float(z)
    except (TypeError, ValueError, OverflowError):
        raise VrestInputError(field, _short(z), expected) from None
    if not math.isfinite(zf) or zf == 0 or zf != int(zf):
        raise VrestInputError(field, _short(z), expected)
    if abs(zf) > MAX_VALENCE:
        raise VrestInputError(
            field,
            _short(z),
            expected,
            "no ion that crosses a membrane carries more than a few charges",
        )
    return int(zf)
