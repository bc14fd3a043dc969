"""Reading one table of a cell file (``[[transporter]]``, ``[[channel]]``, ``[impermeant]``,
``[water]``): one place for the rules they share (known keys only, units on dimensional values
in files, unit-suffixed aliases, each field once)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import VrestInputError


def table_fields(
    d: Any,
    where: str,
    units: Mapping[str, str],
    extra: tuple[str, ...],
    strict_units: bool,
    what: str,
    rename: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The fields of one cell-file table ``d`` (named ``where`` in errors; ``what`` describes
    the table for a non-table value).

    ``units``: field → working unit of its dimensional fields (``{"g": "nS"}``); each may
    also be given as ``FIELD_UNIT`` (``g_nS``, ``P_f_um_s``), and in a file (``strict_units``)
    a plain number needs one. ``extra``: other allowed fields. ``rename``: key → field name
    (``type`` → ``kind``). Unknown keys and a field given twice raise."""
    if not isinstance(d, Mapping):
        raise VrestInputError(where, d, what)
    aliases = {f"{f}_{u.replace('/', '_')}": f for f, u in units.items()}
    rename = dict(rename or {})
    allowed = {*units, *aliases, *extra, *rename}
    kw: dict[str, Any] = {}
    for k, v in d.items():
        if k not in allowed:
            raise VrestInputError(f"{where}.{k}", v, f"one of {', '.join(sorted(allowed))}")
        if k in units and strict_units and not isinstance(v, str):
            u = units[k]
            raise VrestInputError(
                f"{where}.{k}",
                v,
                f'a unit, e.g. "{v} {u}" or {k}_{u.replace("/", "_")} = {v}',
                "the unit is missing",
            )
        key = rename.get(k, aliases.get(k, k))
        if key in kw:
            raise VrestInputError(f"{where}.{k}", v, f"{key} given once")
        kw[key] = v
    return kw


def table_kwargs(
    d: Any,
    where: str,
    units: Mapping[str, str],
    extra: tuple[str, ...],
    kinds: str,
    strict_units: bool,
) -> dict[str, Any]:
    """Keyword arguments for a mechanism (``[[transporter]]``, ``[[channel]]``) from table
    ``d`` (:func:`table_fields`), whose ``type`` becomes ``kind``; ``type`` and ``g`` are
    required (``kinds``: the allowed types, for the message when ``type`` is missing)."""
    kw = table_fields(
        d, where, units, extra, strict_units, "a table with type and g", {"type": "kind"}
    )
    if "kind" not in kw:
        raise VrestInputError(f"{where}.type", None, kinds)
    if "g" not in kw and "count" not in kw:
        raise VrestInputError(f"{where}.g", None, f"a strength g in {units['g']}")
    return kw
