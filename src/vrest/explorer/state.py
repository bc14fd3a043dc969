"""The explorer's inputs: preset cells, widget values, the cell they describe, the shareable query
string and the cell file (TOML) of the current cell. No physics here: a cell is changed only
through the library's dotted-name grammar (:func:`vrest.set_fields`) and validated by it.

Widget values are kept in a flat dict keyed by *slots* (see :func:`slots_of`):

* ``ION.c_in`` / ``ION.c_out`` (mM), ``ION.g`` (nS, a chord cell) or ``ION.P`` (cm/s, a GHK
  cell), each ion of the cell;
* ``celsius`` (°C); ``radius`` (µm) or ``area`` (µm², cells described by their area);
* ``pump_mode`` (one of :data:`PUMP_MODES`), ``pump_current`` (pA), ``pump_density`` (pA/pF).

A cell is the base cell (a preset or an uploaded file) with every slot that differs from the base
applied as an assignment, in the order concentrations → g/P → temperature → size → pump, then the
``extra`` assignments of a shared link that have no widget (e.g. ``NKCC1.g=5``). The query string
is the preset's name and those assignments (``?cell=chapter_neuron&K.c_out=8&pump=none``): the
grammar of ``vrest rest --set``, so a link reads like the command line.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import vrest
from vrest.errors import VrestInputError
from vrest.presets import load_preset, preset_names

#: Presets offered first, in this order (the issue's list); the other presets follow by name.
PRESET_ORDER = (
    "chapter_neuron",
    "ness_neuron",
    "chapter_neuron_nkcc1",
    "squid_axon",
    "frog_muscle",
    "mammalian_muscle",
    "cardiac_myocyte",
    "cortical_neuron",
    "immature_neuron",
    "mature_neuron",
    "plant_root_hair",
    "neurospora",
    "acidophile",
)
DEFAULT_PRESET = "chapter_neuron"

#: The pump's modes in the explorer: the library's "balance" and "fixed" (given as a current in pA
#: or as a density in pA/pF, turned into pA with the cell's capacitance), "kinetic" (as the
#: preset describes it; not editable here) and "off" (no pump).
PUMP_MODES = {
    "balance": "balance (extrudes the Na⁺ leak)",
    "current": "fixed current (pA)",
    "density": "fixed density (pA/pF)",
    "kinetic": "kinetic (as described)",
    "off": "off (no pump)",
}
#: Steps of the log-scale sliders per decade, and their reach (decades) below and above the base.
LOG_STEPS = 10
LOG_BELOW, LOG_ABOVE = 3, 2
#: Query keys that are not dotted names: the preset and the pump density (pA/pF).
Q_CELL, Q_DENSITY = "cell", "pump_density"


# ---- presets -------------------------------------------------------------------------------
def preset_choices() -> dict[str, str]:
    """Preset name → the cell's own name, for every preset that is a cell file (issue's order
    first). Files that are not cells (e.g. the mobility table) are left out."""
    names = preset_names()
    ordered = [n for n in PRESET_ORDER if n in names] + sorted(
        n for n in names if n not in PRESET_ORDER
    )
    out: dict[str, str] = {}
    for n in ordered:
        try:
            cell = load_preset(n)
        except vrest.VrestError:
            continue
        out[n] = cell.name or n
    return out


def load_upload(data: bytes, filename: str) -> vrest.Cell:
    """A cell from the bytes of an uploaded cell file, read by :func:`vrest.load_cell` (so every
    check and message is the library's); errors name ``filename``, not the temporary copy."""
    fd, tmp = tempfile.mkstemp(suffix=".toml", prefix="vrest-upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            return vrest.load_cell(tmp)
        except vrest.CellFileError as exc:
            msg = str(exc).replace(tmp, filename)
            exc.args = (msg,)
            raise
    finally:
        Path(tmp).unlink(missing_ok=True)


# ---- slots ---------------------------------------------------------------------------------
def strength_field(cell: vrest.Cell) -> str:
    """``"g"`` (nS) for a chord cell, ``"P"`` (cm/s) for a GHK cell: what the sliders move."""
    return "P" if cell.model == "ghk" else "g"


def size_field(cell: vrest.Cell) -> str | None:
    """``"radius"`` (µm) for a cell described by its radius, ``"area"`` (µm²) for one described
    by its area, None for a cell file that gives neither (no size slider then)."""
    if cell.radius is not None:
        return "radius"
    return "area" if cell.area_um2 is not None else None


def slots_of(cell: vrest.Cell) -> dict[str, Any]:
    """The widget values that describe ``cell`` (module docstring)."""
    s = strength_field(cell)
    v: dict[str, Any] = {}
    for name, ion in cell.ions.items():
        v[f"{name}.c_in"] = ion.c_in
        v[f"{name}.c_out"] = ion.c_out
        v[f"{name}.{s}"] = getattr(ion, s)
    v["celsius"] = cell.celsius
    sf = size_field(cell)
    if sf is not None:
        v[sf] = cell.radius if sf == "radius" else cell.area_um2
    p = cell.pump
    if p is None:
        v["pump_mode"] = "off"
    elif p.mode == "fixed":
        v["pump_mode"] = "current"
    else:
        v["pump_mode"] = p.mode
    v["pump_current"] = p.i_pump if p is not None and p.mode == "fixed" else None
    v["pump_density"] = None
    return v


def pump_modes(cell: vrest.Cell) -> list[str]:
    """The pump modes offered for a base cell: balance needs Na⁺, a density needs an area, and
    "kinetic" only when the cell's pump is kinetic."""
    out = []
    if "Na" in cell.ions:
        out += ["balance", "current"]
        if cell.area_um2 is not None:
            out.append("density")
    if cell.pump is not None and cell.pump.mode == "kinetic":
        out.append("kinetic")
    return [*out, "off"]


def log_options(base: float, *, zero: bool = False) -> list[float]:
    """Log-spaced slider values around ``base``: ``base·10^(k/LOG_STEPS)``, from LOG_BELOW
    decades below to LOG_ABOVE above (``base`` itself is one of them, exactly); with ``zero``
    a 0 first (a blocked channel). A base of 0 gets a grid from 1e-3 to 1e2 of ``1``."""
    if not base > 0 or not math.isfinite(base):
        ref, ks = 1.0, range(-3 * LOG_STEPS, 2 * LOG_STEPS + 1)
    else:
        ref, ks = base, range(-LOG_BELOW * LOG_STEPS, LOG_ABOVE * LOG_STEPS + 1)
    vals = [ref if k == 0 else float(f"{ref * 10 ** (k / LOG_STEPS):.4g}") for k in ks]
    return ([0.0] if zero else []) + vals


def with_value(options: list[float], value: float) -> list[float]:
    """``options`` with ``value`` inserted in order (when it is not one of them)."""
    if value in options:
        return options
    return sorted([*options, value])


# ---- widget values → cell ------------------------------------------------------------------
def _num(x: float) -> str:
    """A float as the shortest text that reads back to the same float."""
    return repr(float(x))


def assignments(base: vrest.Cell, values: Mapping[str, Any]) -> list[str]:
    """The dotted-name assignments that turn ``base`` into the cell the widgets describe: only
    the slots that differ from the base's (so an unchanged conductance is not re-derived), in
    the order concentrations → g/P → temperature → size → pump."""
    ref = slots_of(base)
    out: list[str] = []
    s = strength_field(base)
    for field in ("c_in", "c_out", s):
        for name in base.ions:
            k = f"{name}.{field}"
            if k in values and values[k] != ref[k]:
                out.append(f"{k}={_num(values[k])}")
    for k in ("celsius", size_field(base)):
        if k is not None and k in values and values[k] != ref[k]:
            out.append(f"{k}={_num(values[k])}")
    mode = values.get("pump_mode", ref["pump_mode"])
    if mode == "off":
        if base.pump is not None:
            out.append("pump=none")
    elif mode == "balance":
        if base.pump is None or base.pump.mode != "balance":
            out.append("pump.mode=balance")
    elif mode == "current":
        cur = values.get("pump_current")
        if cur is None:
            raise VrestInputError("pump.i_pump", None, "a pump current in pA")
        if base.pump is None or base.pump.mode != "fixed" or cur != base.pump.i_pump:
            out += ["pump.mode=fixed", f"pump.i_pump={_num(cur)}"]
    elif mode == "density":
        dens = values.get("pump_density")
        if dens is None:
            raise VrestInputError("pump density", None, "a pump current density in pA/pF")
        out += ["pump.mode=fixed", f"pump.i_pump={{density:{_num(dens)}}}"]
    return out


def build_cell(base: vrest.Cell, assigned: Iterable[str]) -> vrest.Cell:
    """``base`` with ``assigned`` applied by :func:`vrest.set_fields` (the library validates
    every value and names the field in its errors). Two additions the grammar leaves to its
    caller: a ``pump.*`` assignment to a cell without a pump first gives it the library's
    default :class:`vrest.Pump`; ``pump.i_pump={density:D}`` is D pA/pF times the membrane
    capacitance (pF) of the cell built so far."""
    assigned = list(assigned)
    plain = [a for a in assigned if not a.startswith("pump.")]
    pump = [a for a in assigned if a.startswith("pump.")]
    cell = vrest.set_fields(base, plain)
    if not pump:
        return cell
    if cell.pump is None:
        if "Na" not in cell.ions:  # the library's default pump is a Na⁺/K⁺ pump
            raise VrestInputError(
                "pump",
                _shown(pump[0]),
                f"a cell with Na⁺ for a Na⁺/K⁺ pump (its ions: {_ions(cell)})",
            )
        cell = cell.with_pump(vrest.Pump(mode="balance"))
    out = []
    for a in pump:
        path, _, value = a.partition("=")
        if value.startswith("{density:"):
            text = value[len("{density:") : -1]
            try:
                d = float(text)
            except ValueError:
                raise VrestInputError(
                    "pump density", text, "a plain number, a current density in pA/pF"
                ) from None
            if not (math.isfinite(d) and d >= 0):
                raise VrestInputError("pump density", d, "a non-negative density in pA/pF")
            if cell.capacitance_pF is None:
                raise VrestInputError("pump density", d, "a cell with an area (its capacitance)")
            value = _num(d * cell.capacitance_pF)
        out.append(f"{path}={value}")
    return vrest.set_fields(cell, out)


def _ions(cell: vrest.Cell) -> str:
    return ", ".join(cell.ions) or "none"


def _shown(assignment: str) -> str:
    """A pump assignment as the user gave it (``pump.i_pump={density:2}`` → ``pump_density=2``)."""
    value = assignment.partition("=")[2]
    if value.startswith("{density:"):
        return f"{Q_DENSITY}={value[len('{density:') : -1]}"
    return assignment


# ---- query string --------------------------------------------------------------------------
def to_query(preset: str | None, assigned: Iterable[str]) -> dict[str, str]:
    """The query parameters of a shareable link: ``cell`` (the preset) and one parameter per
    assignment (a pump density as ``pump_density`` in pA/pF)."""
    q: dict[str, str] = {Q_CELL: preset} if preset else {}
    for a in assigned:
        path, _, value = a.partition("=")
        if value.startswith("{density:"):
            q[Q_DENSITY] = value[len("{density:") : -1]
            continue
        q[path] = value
    return q


def preset_problem(query: Mapping[str, str], choices: Iterable[str]) -> str | None:
    """The message for a link whose ``cell`` is not a preset cell of the explorer (a typo, a
    path, a preset file that is not a cell), else None. Only names in ``choices`` are ever
    loaded: a ``cell`` value is never read as a path."""
    name = query.get(Q_CELL)
    names = list(choices)
    if name is None or name in names:
        return None
    shown = name if len(name) <= 60 else name[:60] + "…"
    err = VrestInputError(Q_CELL, shown, f"a preset cell of the explorer: {', '.join(names)}")
    return f"{err} — showing the {DEFAULT_PRESET} preset instead"


def _finite(text: str) -> float | None:
    """``text`` as a finite float, else None (a unit, a word, NaN, ±inf, an overflow)."""
    try:
        x = float(text)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _accepted(base: vrest.Cell, key: str, x: float) -> bool:
    """Whether the library takes ``key=x`` for ``base`` (its field checks alone)."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            vrest.set_fields(base, [f"{key}={_num(x)}"])
    except vrest.VrestError:
        return False
    return True


def from_query(
    query: Mapping[str, str], choices: Iterable[str]
) -> tuple[str, dict[str, Any], list[str]]:
    """The preset, widget values and extra assignments of a shareable link. An unknown preset
    falls back to :data:`DEFAULT_PRESET` (:func:`preset_problem` says so); a parameter with a
    widget sets it when its value is a plain finite number that the library takes for that
    field; any other value (a unit, a word, NaN, out of range, …) goes to the extras, where
    the library reads its unit or reports it. Any other parameter is an extra assignment,
    applied after the widgets'. Pump parameters that do not form one of the widget's modes
    for this cell (``pump=none``; ``pump.mode=balance``; ``pump.mode=fixed`` with
    ``pump.i_pump``; ``pump_density``) go to the extras as they are."""
    name = query.get(Q_CELL, DEFAULT_PRESET)
    if name not in set(choices):
        name = DEFAULT_PRESET
    base = load_preset(name)
    values = slots_of(base)
    extra: list[str] = []
    pump: dict[str, str] = {}
    density: str | None = None
    for key, text in query.items():
        if key == Q_CELL:
            continue
        if key == Q_DENSITY:
            density = text
            continue
        if key == "pump" or key.startswith("pump."):
            pump[key] = text
            continue
        if key in values and key not in ("pump_mode", "pump_current", "pump_density"):
            x = _finite(text)
            if x is not None and _accepted(base, key, x):
                values[key] = x
                continue
        extra.append(f"{key}={text}")
    as_given = [f"{k}={v}" for k, v in pump.items()]
    if density is not None:
        as_given.append(f"pump.i_pump={{density:{density}}}")
    d = None if density is None else _finite(density)
    cur = _finite(pump.get("pump.i_pump", ""))
    shape = set(pump)
    if density is not None:
        if d is not None and pump in ({}, {"pump.mode": "fixed"}):
            values["pump_mode"], values["pump_density"] = "density", d
        else:
            extra += as_given
    elif not pump:
        pass
    elif shape == {"pump"} and pump["pump"].strip().lower() in ("none", "off"):
        values["pump_mode"] = "off"
    elif pump == {"pump.mode": "balance"}:
        values["pump_mode"] = "balance"
    elif (
        shape in ({"pump.i_pump"}, {"pump.mode", "pump.i_pump"})
        and cur is not None
        and (pump.get("pump.mode", "fixed") == "fixed")
    ):
        values["pump_mode"], values["pump_current"] = "current", cur
    else:
        extra += as_given
    if values["pump_mode"] not in pump_modes(base):  # e.g. a density for a cell without Na⁺
        ref = slots_of(base)
        for k in ("pump_mode", "pump_current", "pump_density"):
            values[k] = ref[k]
        extra += [a for a in as_given if a not in extra]
    return name, values, extra


# ---- cell file -----------------------------------------------------------------------------
def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_toml_value(x)}" for k, x in v.items()) + "}"
    return _toml_value(float(v))  # numpy scalars


def _key(k: str) -> str:
    bare = k and all(c.isalnum() or c in "_-" for c in k) and k.isascii()
    return k if bare else json.dumps(k, ensure_ascii=False)


#: Kinetic-pump fields that :func:`vrest.load_cell` reads only as text with a unit
#: (``i_max = "250 pA"``), although :meth:`vrest.Cell.to_dict` names them ``i_max_pA``.
_PUMP_UNIT_STRINGS = {
    "i_max_pA": "i_max",
    "i_max_pA/unit": "pA",
    "km_na_mM": "km_na",
    "km_na_mM/unit": "mM",
    "km_k_mM": "km_k",
    "km_k_mM/unit": "mM",
}


def cell_to_toml(cell: vrest.Cell) -> str:
    """The cell as a cell file (TOML) that :func:`vrest.load_cell` reads back to the same cell:
    :meth:`vrest.Cell.to_dict` (every value in the working unit named by its key, e.g.
    ``c_in_mM``), plus its description and source."""
    d = cell.to_dict()
    head = {k: v for k, v in d.items() if not isinstance(v, Mapping | list) and v is not None}
    if cell.description:
        head["description"] = cell.description
    if cell.source:
        head["source"] = cell.source
    lines = ["# cell file written by the vrest explorer (values in the units their keys name)"]
    lines += [f"{_key(k)} = {_toml_value(v)}" for k, v in head.items()]
    for name, ion in d.get("ions", {}).items():
        lines += ["", f"[ions.{_key(name)}]"]
        lines += [f"{_key(k)} = {_toml_value(v)}" for k, v in ion.items() if v is not None]
    for table in ("pump", "impermeant", "water"):
        if isinstance(d.get(table), Mapping):
            lines += ["", f"[{table}]"]
            for k, v in d[table].items():
                if v is None:
                    continue
                if table == "pump" and k in _PUMP_UNIT_STRINGS:  # the reader wants the unit
                    k, v = _PUMP_UNIT_STRINGS[k], f"{v!r} {_PUMP_UNIT_STRINGS[k + '/unit']}"
                lines.append(f"{_key(k)} = {_toml_value(v)}")
    for arr in ("transporter", "channel"):
        for item in d.get(arr, []):
            lines += ["", f"[[{arr}]]"]
            lines += [f"{_key(k)} = {_toml_value(v)}" for k, v in item.items() if v is not None]
    return "\n".join(lines) + "\n"
