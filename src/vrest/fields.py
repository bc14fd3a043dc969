"""Dotted names for the fields of a cell: one grammar for ``vrest rest --set``, sweeps, fits and
the explorer's URL.

Grammar::

    assignment := path "=" value
    path       := cell-field | ion "." ion-field | "ions." ion "." ion-field
                | "pump." pump-field
    cell-field := celsius | reference_celsius | radius | area | length
                | specific_capacitance | q10_leak | model | name
    ion        := an ion of the cell, by symbol or name ("K", "potassium", "Cl")
    ion-field  := c_in | c_out | g | P | z
    pump-field := mode | i_pump | q10 | n_na | n_k

A unit-suffixed field name works as in cell files (``K.c_out_mM=8``, ``radius_um=10``). A value
is a plain number in vrest's working unit (mV, mM, pA, nS, µm, µm², cm/s, µF/cm², °C) or a
number with its unit (``8mM``, ``"8 mM"``, ``2e-6 cm/s``, ``310 K``); ``none`` for ``pump``
removes the pump. Every value goes through the same validation as a cell file, and errors name
the dotted path.

Semantics: setting a concentration keeps the membrane (g and P) as described; setting ``g``
re-derives ``P`` from it (and vice versa); ``celsius`` moves the cell to that temperature with
its Q10s (as :meth:`vrest.Cell.at_celsius`), ``reference_celsius`` says at which temperature the
description holds.

Examples: ``K.c_out=8mM``, ``Cl.g=0``, ``pump.q10=2``, ``celsius=27``, ``ions.Na.P=1e-7``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .cell import _SUFFIXES
from .errors import VrestInputError
from .ions import canonical_name

CELL_FIELDS = (
    "celsius",
    "reference_celsius",
    "radius",
    "area",
    "length",
    "specific_capacitance",
    "q10_leak",
    "model",
    "name",
)
ION_FIELDS = ("c_in", "c_out", "g", "P", "z")
PUMP_FIELDS = ("mode", "i_pump", "q10", "n_na", "n_k")
#: Unit-suffixed aliases, as in cell files (one table, :data:`vrest.cell._SUFFIXES`).
_ALIASES = _SUFFIXES
#: Longest accepted assignment (characters): a value is a number with a unit, not a document.
MAX_ASSIGNMENT = 200


def parse_assignment(text: str) -> tuple[str, str]:
    """``"K.c_out=8mM"`` → ``("K.c_out", "8mM")``; a missing ``=`` or path raises."""
    if not isinstance(text, str) or len(text) > MAX_ASSIGNMENT:
        raise VrestInputError(
            "--set", str(text)[:60], f"FIELD=VALUE of at most {MAX_ASSIGNMENT} characters"
        )
    path, sep, value = text.partition("=")
    path, value = path.strip(), value.strip()
    if not sep or not path or not value:
        raise VrestInputError("--set", text, "FIELD=VALUE, e.g. K.c_out=8mM or Cl.g=0")
    return path, value


def _value(text: Any) -> Any:
    """A plain number stays a float (working unit); anything else is passed on as a string
    (a number with its unit, or a word such as a pump mode)."""
    if not isinstance(text, str):
        return text
    try:
        return float(text)
    except ValueError:
        return text


def _int(path: str, text: Any) -> int:
    try:
        v = float(text)
    except (TypeError, ValueError):
        raise VrestInputError(path, text, "a whole number") from None
    if v != int(v):
        raise VrestInputError(path, text, "a whole number")
    return int(v)


def set_field(cell: Any, path: str, value: Any) -> Any:
    """A copy of ``cell`` with the field named by the dotted ``path`` set to ``value``."""
    parts = path.split(".")
    if parts[0] == "ions":
        parts = parts[1:]
    if len(parts) == 1:
        fld = _ALIASES.get(parts[0], parts[0])
        if fld == "pump":
            if str(value).strip().lower() in ("none", "off", "0"):
                return cell.with_pump(None)
            raise VrestInputError(path, value, "'none' (or set pump.FIELD)")
        if fld not in CELL_FIELDS:
            raise VrestInputError(
                path, value, f"a field name: {', '.join(CELL_FIELDS)}, ION.FIELD or pump.FIELD"
            )
        if fld == "celsius":
            return cell.at_celsius(_value(value))
        val = value if fld in ("model", "name") else _value(value)
        geometry = {"radius": None, "area": None} if fld in ("radius", "area") else {}
        if fld == "radius" and cell.length is None:
            geometry = {"area": None}
        if fld == "area":
            geometry = {"radius": None, "length": None}
        return replace(cell, **(geometry | {fld: val}))
    if len(parts) != 2:
        raise VrestInputError(path, value, "ION.FIELD, pump.FIELD or a cell field")
    head, fld = parts[0], _ALIASES.get(parts[1], parts[1])
    if head == "pump":
        if cell.pump is None:
            raise VrestInputError(path, value, "a cell with a pump (this one has none)")
        if fld not in PUMP_FIELDS:
            raise VrestInputError(path, value, f"a pump field: {', '.join(PUMP_FIELDS)}")
        if fld in ("n_na", "n_k"):
            val: Any = _int(path, value)
        elif fld == "mode":
            val = str(value)
        else:
            val = _value(value)
        changes = {fld: val}
        if fld == "mode" and val == "balance":
            changes["i_pump"] = 0.0
        return cell.with_pump(replace(cell.pump, **changes))
    ion = canonical_name(head) or head
    if ion not in cell.ions:
        raise VrestInputError(path, value, f"an ion of this cell: {', '.join(cell.ions)}")
    if fld not in ION_FIELDS:
        raise VrestInputError(path, value, f"an ion field: {', '.join(ION_FIELDS)}")
    val = _int(path, value) if fld == "z" else _value(value)
    return cell.with_ion(ion, **{fld: val})


def set_fields(cell: Any, assignments: Iterable[str] | None) -> Any:
    """Apply ``["K.c_out=8mM", "Cl.g=0", ...]`` in order (see the module docstring)."""
    for text in assignments or ():
        path, value = parse_assignment(text)
        try:
            cell = set_field(cell, path, value)
        except VrestInputError as exc:
            if exc.field.startswith((path, "--set")):
                raise
            raise VrestInputError(f"{path} (--set)", exc.value, exc.expected, exc.hint) from None
    return cell


def get_field(cell: Any, path: str) -> Any:
    """The value of the field named by ``path`` (working units), e.g. ``get_field(cell,
    "K.c_out")`` → 4.0."""
    parts = path.split(".")
    if parts[0] == "ions":
        parts = parts[1:]
    if len(parts) == 1:
        fld = _ALIASES.get(parts[0], parts[0])
        if fld not in CELL_FIELDS:
            raise VrestInputError(path, None, f"a field name: {', '.join(CELL_FIELDS)}")
        return getattr(cell, fld)
    head, fld = parts[0], _ALIASES.get(parts[1], parts[1])
    if head == "pump":
        if cell.pump is None or fld not in PUMP_FIELDS:
            raise VrestInputError(path, None, f"a pump field: {', '.join(PUMP_FIELDS)}")
        return getattr(cell.pump, fld)
    ion = canonical_name(head) or head
    if ion not in cell.ions or fld not in ION_FIELDS:
        raise VrestInputError(path, None, "ION.FIELD of an ion of this cell")
    return getattr(cell.ions[ion], fld)
