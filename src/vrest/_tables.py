"""Reading one ``[[transporter]]`` or ``[[channel]]`` table of a cell file: one place for the
rules every mechanism table shares (known keys only, units on dimensional values in files,
unit-suffixed aliases, each field once, ``type`` and ``g`` required)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import VrestInputError


def table_kwargs(
    d: Any,
    where: str,
    units: Mapping[str, str],
    extra: tuple[str, ...],
    kinds: str,
    strict_units: bool,
) -> dict[str, Any]:
    """Keyword arguments for a mechanism from table ``d`` (named ``where`` in errors).

    ``units``: field → working unit of the dimensional fields (``{"g": "nS"}``); each may also
    be given as ``FIELD_UNIT`` (``g_nS``). ``extra``: other allowed fields. ``type`` becomes
    ``kind``. ``kinds``: the allowed types, for the message when ``type`` is missing."""
    if not isinstance(d, Mapping):
        raise VrestInputError(where, d, "a table with type and g")
    aliases = {f"{f}_{u}": f for f, u in units.items()}
    allowed = {"type", *units, *aliases, *extra}
    kw: dict[str, Any] = {}
    for k, v in d.items():
        if k not in allowed:
            raise VrestInputError(f"{where}.{k}", v, f"one of {', '.join(sorted(allowed))}")
        if k in units and strict_units and not isinstance(v, str):
            u = units[k]
            raise VrestInputError(
                f"{where}.{k}", v, f'a unit, e.g. "{v} {u}" or {k}_{u} = {v}', "the unit is missing"
            )
        key = "kind" if k == "type" else aliases.get(k, k)
        if key in kw:
            raise VrestInputError(f"{where}.{k}", v, f"{key} given once")
        kw[key] = v
    if "kind" not in kw:
        raise VrestInputError(f"{where}.type", None, kinds)
    if "g" not in kw:
        raise VrestInputError(f"{where}.g", None, f"a strength g in {units['g']}")
    return kw
