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
    # derived quantities used by energetics (SI or electrophysiology habits)
    "power": ("W", "W"),
    "resistance": ("megaohm", "MΩ"),
    "capacitance": ("pF", "pF"),
}

#: Known range of life, °C: outside it a temperature is legal but warned about
#: (−20 °C: metabolism in permafrost bacteria; 122 °C: Methanopyrus kandleri growth,
#: Takai et al., PNAS 105, 10949 (2008)).
LIFE_CELSIUS = (-20.0, 122.0)


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
    try:
        q = ureg().Quantity(text.strip())
    except Exception as exc:  # pint raises several unrelated types
        raise VrestInputError(field, text, f"a number with a unit in {human}", str(exc)) from None
    return _quantity_to(q, field, kind, text)


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
    except Exception:
        raise VrestInputError(field, shown, f"a quantity convertible to {human}") from None


def _in(kind: str) -> str:
    """' in mV' for a kind with a unit, '' for a dimensionless one (for messages)."""
    return "" if kind == "dimensionless" else f" in {WORKING_UNITS[kind][1]}"


def scalar(x: Any, field: str, kind: str, shown: Any = None) -> float:
    """``x`` (already validated) as one float; an array or list raises
    :class:`VrestInputError` ("a single number")."""
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
    except (TypeError, ValueError):
        raise VrestInputError(field, x, f"a number{_in(kind)}") from None
    if check_nan and np.isnan(arr).any():
        raise VrestInputError(field, x, f"a number{_in(kind)}", "got NaN")
    return float(arr) if arr.ndim == 0 else arr


def _shown(x: Any) -> Any:
    """A short form of a rejected value for messages (arrays are summarised)."""
    if isinstance(x, np.ndarray) and x.size > 6:
        bad = x[~(np.isfinite(x))] if not np.isfinite(x).all() else x
        return f"array of {x.size} values (e.g. {bad.flat[0]!r})"
    return x


def check_finite(value: Any, field: str, unit: str) -> None:
    """Raise :class:`VrestInputError` when ``value`` (scalar or array) is NaN or infinite."""
    arr = np.asarray(value, dtype=float)
    if not np.isfinite(arr).all():
        raise VrestInputError(field, value, f"a finite number in {unit}")


def concentration(x: Any, field: str) -> Any:
    """A concentration in mM (> 0, finite); zero, negative or NaN raise."""
    val = to_working(x, field, "concentration", check_nan=False)
    arr = np.asarray(val)
    if not (np.all(arr > 0) and np.all(arr < np.inf)):  # NaN fails both comparisons
        raise VrestInputError(field, _shown(x), "a positive, finite concentration in mM")
    return val


def nonnegative(x: Any, field: str, kind: str) -> Any:
    """A non-negative finite quantity (conductance, permeability, current magnitude...)."""
    val = to_working(x, field, kind, check_nan=False)
    arr = np.asarray(val)
    if not (np.all(arr >= 0) and np.all(arr < np.inf)):
        raise VrestInputError(field, _shown(x), f"a non-negative, finite number{_in(kind)}")
    return val


def positive(x: Any, field: str, kind: str) -> Any:
    """A strictly positive finite quantity (radius, area, capacitance...)."""
    val = to_working(x, field, kind, check_nan=False)
    arr = np.asarray(val)
    if not (np.all(arr > 0) and np.all(arr < np.inf)):
        raise VrestInputError(field, _shown(x), f"a positive, finite number{_in(kind)}")
    return val


def finite(x: Any, field: str, kind: str) -> Any:
    """Any finite quantity (a voltage, a current with sign...)."""
    val = to_working(x, field, kind, check_nan=False)
    if not np.isfinite(val).all():
        raise VrestInputError(field, _shown(x), f"a finite number{_in(kind)}")
    return val


def celsius(x: Any, field: str = "celsius") -> Any:
    """A temperature in °C. pint quantities in K or degC are converted; a plain number is °C.

    Below absolute zero (or at it) raises :class:`VrestInputError`; outside the known range of
    life (:data:`LIFE_CELSIUS`) emits a :class:`VrestWarning`."""
    if isinstance(x, str):
        try:
            q = ureg().Quantity(x.strip())
        except Exception:
            raise VrestInputError(field, x, "a temperature, e.g. '37 degC' or '310 K'") from None
        x = q
    if x is None or isinstance(x, bool | np.bool_):
        raise VrestInputError(field, x, "a temperature in °C")
    if _is_quantity(x):
        if getattr(x, "dimensionless", False):
            val = x.magnitude
        else:
            try:
                val = x.to("degC").magnitude
            except Exception:
                raise VrestInputError(field, f"{x}", "a temperature in °C or K") from None
    else:
        val = x
    try:
        arr = np.asarray(val, dtype=float)
    except (TypeError, ValueError):
        raise VrestInputError(field, x, "a temperature in °C") from None
    if not np.isfinite(arr).all() or (arr <= -ZERO_CELSIUS).any():
        raise VrestInputError(
            field, x, "a finite temperature in °C above absolute zero (−273.15 °C)"
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
    """An integer, non-zero valence."""
    try:
        zf = float(z)
    except (TypeError, ValueError):
        raise VrestInputError(field, z, "a non-zero integer valence, e.g. 1, -1 or 2") from None
    if not math.isfinite(zf) or zf == 0 or zf != int(zf):
        raise VrestInputError(field, z, "a non-zero integer valence, e.g. 1, -1 or 2")
    return int(zf)
