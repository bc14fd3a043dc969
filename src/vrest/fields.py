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
    path      |= transporter "." (g | q10)       # a [[transporter]] by its name: NKCC1.g
    path      |= channel "." (g | q10 | E | count | gamma | alpha | beta | rate_q10)
                                               # a [[channel]] by its name: hh_na.g, K2.count

A unit-suffixed field name works as in cell files (``K.c_out_mM=8``, ``radius_um=10``). A value
is a plain number in vrest's working unit (mV, mM, pA, nS, µm, µm², cm/s, µF/cm², °C) or a
number with its unit (``8mM``, ``"8 mM"``, ``2e-6 cm/s``, ``310 K``); ``none`` for ``pump``
removes the pump. Every value goes through the same validation as a cell file, and errors name
the dotted path.

Semantics: setting a concentration keeps the membrane (g and P) as described; setting ``g``
re-derives ``P`` from it (and vice versa); ``celsius`` moves the cell to that temperature with
its Q10s (as :meth:`vrest.Cell.at_celsius`), ``reference_celsius`` says at which temperature the
description holds.

``pump.*`` assignments are applied together (``pump.mode=fixed`` needs ``pump.i_pump``, in any
order); ``radius`` cannot replace the ``area`` a cell is described by.

Examples: ``K.c_out=8mM``, ``Cl.g=0``, ``pump.q10=2``, ``celsius=27``, ``ions.Na.P=1e-7``.
"""

from __future__ import annotations

import math
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
TRANSPORTER_FIELDS = ("g", "q10")
CHANNEL_FIELDS = ("g", "q10", "E", "count", "gamma", "alpha", "beta", "rate_q10")
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
    """A whole number from ``text`` (ions per cycle, a valence); NaN, inf and fractions raise."""
    try:
        v = float(text)
        ok = math.isfinite(v) and v == int(v)
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise VrestInputError(path, text, "a whole number")
    return int(v)


def _split(path: str) -> list[str]:
    """``path`` split at dots; ``ions.`` is a prefix of ion paths only (ions.K.c_out)."""
    parts = path.split(".")
    if parts[0] == "ions" and len(parts) == 3:
        parts = parts[1:]
    return parts


def set_field(cell: Any, path: str, value: Any) -> Any:
    """A copy of ``cell`` with the field named by the dotted ``path`` set to ``value``."""
    return set_fields(cell, [f"{path}={value}"])


def _set_one(cell: Any, path: str, value: Any) -> Any:
    parts = _split(path)
    if len(parts) == 1:
        fld = _ALIASES.get(parts[0], parts[0])
        if fld == "pump":
            if str(value).strip().lower() in ("none", "off"):
                return cell.with_pump(None)
            raise VrestInputError(path, value, "'none' (or set pump.FIELD)")
        if fld not in CELL_FIELDS:
            raise VrestInputError(
                path, value, f"a field name: {', '.join(CELL_FIELDS)}, ION.FIELD or pump.FIELD"
            )
        if fld == "celsius":
            return cell.at_celsius(_value(value))
        val = value if fld in ("model", "name") else _value(value)
        changes: dict[str, Any] = {fld: val}
        if fld == "radius" and cell.area is not None:
            raise VrestInputError(
                path, value, "area (this cell is described by its area, not by a radius)"
            )
        if fld == "area":
            changes |= {"radius": None, "length": None}
        return replace(cell, **changes)
    if len(parts) != 2:
        raise VrestInputError(path, value, "ION.FIELD, pump.FIELD or a cell field")
    head, fld = parts[0], _ALIASES.get(parts[1], parts[1])
    if head in {c.name for c in cell.channels}:
        if fld not in CHANNEL_FIELDS:
            raise VrestInputError(path, value, f"a channel field: {', '.join(CHANNEL_FIELDS)}")
        return cell.with_channel(head, **{fld: _value(value)})
    if head in {t.name for t in cell.transporters}:
        if fld not in TRANSPORTER_FIELDS:
            raise VrestInputError(
                path, value, f"a transporter field: {', '.join(TRANSPORTER_FIELDS)}"
            )
        return cell.with_transporter(head, **{fld: _value(value)})
    ion = canonical_name(head) or head
    if ion not in cell.ions:
        names = [*cell.ions, *(t.name for t in cell.transporters), *(c.name for c in cell.channels)]
        raise VrestInputError(
            path, value, f"an ion or transporter of this cell: {', '.join(names)}"
        )
    if fld not in ION_FIELDS:
        raise VrestInputError(path, value, f"an ion field: {', '.join(ION_FIELDS)}")
    val = _int(path, value) if fld == "z" else _value(value)
    return cell.with_ion(ion, **{fld: val})


def _pump_changes(cell: Any, changes: dict[str, Any], paths: dict[str, str]) -> Any:
    """Apply every ``pump.FIELD`` assignment at once (so that ``pump.mode=fixed`` and
    ``pump.i_pump=…`` may come in any order), with the cell file's rules."""
    if cell.pump is None:
        raise VrestInputError(next(iter(paths.values())), None, "a cell with a pump (it has none)")
    kw: dict[str, Any] = {}
    for fld, value in changes.items():
        if fld not in PUMP_FIELDS:
            raise VrestInputError(paths[fld], value, f"a pump field: {', '.join(PUMP_FIELDS)}")
        if fld in ("n_na", "n_k"):
            kw[fld] = _int(paths[fld], value)
        elif fld == "mode":
            kw[fld] = str(value)
        else:
            kw[fld] = _value(value)
    mode = kw.get("mode", cell.pump.mode)
    if mode == "balance" and "mode" in kw and "i_pump" not in kw:
        kw["i_pump"] = 0.0
    if mode == "fixed" and cell.pump.mode != "fixed" and "i_pump" not in kw:
        raise VrestInputError(
            "pump.i_pump",
            None,
            'a pump current in pA with pump.mode = "fixed" (--set pump.i_pump=…)',
        )
    return cell.with_pump(replace(cell.pump, **kw))


def set_fields(cell: Any, assignments: Iterable[str] | str | None) -> Any:
    """Apply ``["K.c_out=8mM", "Cl.g=0", ...]`` (or one such string) in order; the ``pump.*``
    assignments are applied together, after the others (see the module docstring)."""
    from .cell import Cell

    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell (see vrest.load_cell)")
    if isinstance(assignments, str):
        assignments = [assignments]
    pump: dict[str, Any] = {}
    paths: dict[str, str] = {}
    for text in assignments or ():
        path, value = parse_assignment(text)
        parts = _split(path)
        if parts[0] == "pump" and len(parts) == 2:
            fld = _ALIASES.get(parts[1], parts[1])
            pump[fld], paths[fld] = value, path
        else:
            cell = _set_one(cell, path, value)
    return _pump_changes(cell, pump, paths) if pump else cell


def get_field(cell: Any, path: str) -> Any:
    """The value of the field named by ``path`` (working units), e.g. ``get_field(cell,
    "K.c_out")`` → 4.0."""
    parts = _split(path)
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
    if head in {t.name for t in cell.transporters} and fld in TRANSPORTER_FIELDS:
        return getattr(cell.transporter(head), fld)
    if head in {c.name for c in cell.channels} and fld in CHANNEL_FIELDS:
        return getattr(cell.channel(head), fld)
    ion = canonical_name(head) or head
    if ion not in cell.ions or fld not in ION_FIELDS:
        raise VrestInputError(path, None, "ION.FIELD of an ion of this cell")
    return getattr(cell.ions[ion], fld)
