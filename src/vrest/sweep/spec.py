"""What a sweep varies: axes over dotted field names, grids or explicit points, linked fields,
categorical axes, and the analysis each point runs.

* An **axis** is a dotted field name of :mod:`vrest.fields` (``K.c_out``, ``celsius``,
  ``K80.count``) with its values: a sequence of numbers (working units: mM, nS, °C, …), of
  strings with units (``"8 mM"``), or a range text ``"START:STOP:N"`` (linear) or
  ``"START:STOP:log:N"`` (geometric; endpoints may carry units: ``"1mM:100mM:log:50"``). Two
  categorical axes exist besides fields: ``model`` (``chord``, ``ghk``) and ``cell`` (cell
  files or :class:`vrest.Cell` objects: presets).
* ``points="grid"`` (default) crosses the axes (one dimension each, C order: the last axis
  varies fastest); ``points="list"`` zips them (all the same length: one dimension ``point``).
* A **link** keeps a sum: ``keep_sum={"Na.c_out": "K.c_out"}`` makes Na.c_out follow K.c_out
  so that K.c_out + Na.c_out stays what the cell file says (K⁺ replacing Na⁺ in the bath, as in
  Hodgkin & Horowicz 1959).
* The **analysis**: ``rest`` (every point's :func:`vrest.solve_rest`: concentrations as
  described), ``ness`` (:func:`vrest.dynamics.solve_ness`: the concentrations every flux
  balances at), ``noise``
  (:func:`vrest.noise`, one seed per point from the master seed), ``rundown`` (the K⁺
  half-time after an ATP cut, :func:`vrest.dynamics.atp_cut`).

A spec has a fingerprint (SHA-256 of the cell, the axes, the links, the analysis, its options
and the seed), which a results store keeps so that two different sweeps never mix.
Units: the working units of each field (mV, mM, pA, nS, µm, cm/s, °C).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import units
from ..errors import VrestInputError

ANALYSES = ("rest", "ness", "noise", "rundown")
CATEGORICAL = ("model", "cell")
#: Most points in one sweep (a grid this large needs a store and many hours anyway).
MAX_POINTS = 10**9

#: Field (last part of a dotted name) → kind of quantity, for units in range texts and attrs.
FIELD_KINDS: dict[str, str] = {
    "c_in": "concentration", "c_out": "concentration", "g": "conductance",
    "P": "permeability", "celsius": "celsius", "reference_celsius": "celsius",
    "radius": "length", "length": "length", "area": "area",
    "specific_capacitance": "specific_capacitance", "i_pump": "current", "E": "voltage",
    "gamma": "conductance", "alpha": "rate", "beta": "rate", "count": "dimensionless",
    "q10": "dimensionless", "q10_leak": "dimensionless", "rate_q10": "dimensionless",
    "z": "dimensionless", "n_na": "dimensionless", "n_k": "dimensionless",
}  # fmt: skip


def field_kind(name: str) -> str:
    """The kind of quantity of a dotted field name (``dimensionless`` if unknown)."""
    last = name.split(".")[-1]
    for suffix in ("_mM", "_nS", "_pA", "_mV", "_um", "_cm_s"):
        if last.endswith(suffix):
            last = last[: -len(suffix)]
    return FIELD_KINDS.get(last, "dimensionless")


def field_unit(name: str) -> str:
    kind = field_kind(name)
    if kind == "celsius":
        return "°C"
    if kind == "dimensionless":
        return ""
    return units.WORKING_UNITS[kind][1]


def _number(x: Any, name: str) -> float:
    """A value in the field's working unit: a plain number (or its text), or a text with a
    unit."""
    kind = field_kind(name)
    if isinstance(x, str):
        try:
            x = float(x)
        except ValueError:
            pass
    if kind == "celsius":
        return float(units.scalar(units.celsius(x, name), name, "dimensionless", x))
    return float(units.scalar(units.finite(x, name, kind), name, kind))


def parse_values(name: str, values: Any) -> tuple:
    """The values of axis ``name``: a range text, or a sequence (numbers or texts with units;
    strings for categorical axes). Empty, non-finite or non-monotonic ranges raise."""
    if name in CATEGORICAL:
        if isinstance(values, str | os.PathLike):
            values = [values]
        vals = tuple(values)
        if not vals:
            raise VrestInputError(name, values, "at least one value")
        if name == "model":
            bad = [v for v in vals if v not in ("chord", "ghk")]
            if bad:
                raise VrestInputError("model", bad[0], "'chord' or 'ghk'")
        return vals
    if isinstance(values, str):
        return _range(name, values)
    if isinstance(values, int | float | np.number):
        values = [values]
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf" and values.ndim == 1:
        arr = np.asarray(values, dtype=float)  # plain numbers: checked as one array
        kind = field_kind(name)
        if kind == "celsius":
            arr = np.asarray(units.celsius(arr, name), dtype=float)
        else:
            arr = np.asarray(units.finite(arr, name, kind), dtype=float)
        vals = tuple(arr.tolist())
        if not vals:
            raise VrestInputError(name, values, "at least one value")
        if len(set(vals)) != len(vals):
            raise VrestInputError(name, values, "distinct values (a value appears twice)")
        return vals
    try:
        vals = tuple(_number(v, name) for v in values)
    except TypeError:
        raise VrestInputError(name, values, "a sequence of values or a range 'A:B:N'") from None
    if not vals:
        raise VrestInputError(name, values, "at least one value")
    if len(set(vals)) != len(vals):
        raise VrestInputError(name, values, "distinct values (a value appears twice)")
    return vals


def _range(name: str, text: str) -> tuple:
    """``"A:B:N"`` (linear) or ``"A:B:log:N"`` (geometric), endpoints with optional units."""
    parts = [p.strip() for p in text.split(":")]
    expected = f"'START:STOP:N' or 'START:STOP:log:N' (e.g. {name}=1:100:log:50)"
    if len(parts) == 1:  # one value, or a comma list
        return parse_values(name, [p.strip() for p in text.split(",") if p.strip()] or [text])
    spacing = "lin"
    if len(parts) == 4:
        spacing = parts[2].lower()
        parts = [parts[0], parts[1], parts[3]]
    if len(parts) != 3 or spacing not in ("lin", "log"):
        raise VrestInputError(name, text, expected)
    lo, hi = _number(parts[0], name), _number(parts[1], name)
    try:
        n = int(parts[2])
    except ValueError:
        raise VrestInputError(name, text, expected, "N must be a whole number") from None
    if n < 1:
        raise VrestInputError(name, text, expected, "N must be at least 1")
    if n > 1 and lo == hi:
        raise VrestInputError(name, text, expected, "START and STOP are equal")
    if spacing == "log":
        if lo <= 0 or hi <= 0:
            raise VrestInputError(name, text, "positive endpoints for a log range")
        return tuple(float(v) for v in np.geomspace(lo, hi, n))
    return tuple(float(v) for v in np.linspace(lo, hi, n))


@dataclass(frozen=True)
class Axis:
    """One varied field (or categorical axis) and its values."""

    name: str
    values: tuple

    @property
    def categorical(self) -> bool:
        return self.name in CATEGORICAL

    @property
    def unit(self) -> str:
        return "" if self.categorical else field_unit(self.name)


@dataclass(frozen=True)
class SweepSpec:
    """A sweep: the base ``cell`` (a :class:`vrest.Cell`), ``axes``, ``points`` ("grid" or
    "list"), ``keep_sum`` links (follower → driver), ``analysis`` and its ``options``, and the
    master ``seed`` (stochastic analyses)."""

    cell: Any
    axes: tuple[Axis, ...]
    points: str = "grid"
    keep_sum: tuple[tuple[str, str, float], ...] = ()
    analysis: str = "rest"
    options: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None

    # ---- geometry --------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        if self.points == "list":
            return (len(self.axes[0].values),)
        return tuple(len(a.values) for a in self.axes)

    @property
    def dims(self) -> tuple[str, ...]:
        return ("point",) if self.points == "list" else tuple(a.name for a in self.axes)

    @property
    def size(self) -> int:
        return int(math.prod(self.shape))

    def indices(self, start: int, stop: int) -> list[np.ndarray]:
        """Per axis, the index of its value at flat points [start, stop)."""
        flat = np.arange(start, stop)
        if self.points == "list":
            return [flat for _ in self.axes]
        return list(np.unravel_index(flat, self.shape))

    def point_values(self, start: int, stop: int) -> dict[str, Any]:
        """Each axis's value at flat points [start, stop) (arrays for numbers, lists for
        categories), and each linked follower's."""
        out: dict[str, Any] = {}
        if self.points == "grid" and start == 0 and stop == self.size and not any(
            a.categorical for a in self.axes
        ):  # the whole grid: broadcast each axis (no index arithmetic)
            nd = len(self.axes)
            for k, a in enumerate(self.axes):
                shape = [1] * nd
                shape[k] = len(a.values)
                v = np.asarray(a.values, dtype=float).reshape(shape)
                out[a.name] = np.broadcast_to(v, self.shape).ravel()
            for follower, driver, total in self.keep_sum:
                out[follower] = total - out[driver]
            return out
        for a, idx in zip(self.axes, self.indices(start, stop)):
            if a.categorical:
                out[a.name] = [a.values[i] for i in idx]
            else:
                out[a.name] = np.asarray(a.values, dtype=float)[idx]
        for follower, driver, total in self.keep_sum:
            out[follower] = total - out[driver]
        return out

    def seeds(self, start: int, stop: int) -> np.ndarray:
        """One seed per point [start, stop), from the master seed and the point's flat index
        only (so a point's result does not depend on chunking or workers)."""
        base = 0 if self.seed is None else int(self.seed)
        return np.array(
            [
                int(np.random.SeedSequence(base, spawn_key=(int(i),)).generate_state(1)[0])
                for i in range(start, stop)
            ],
            dtype=np.int64,
        )

    # ---- identity ----------------------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        """A JSON-ready description (what the fingerprint hashes)."""
        cells = [
            c.to_dict() if hasattr(c, "to_dict") else str(c)
            for a in self.axes
            if a.name == "cell"
            for c in a.values
        ]
        return {
            "cell": self.cell.to_dict(),
            "axes": [
                {"name": a.name, "values": [_jsonable(v) for v in a.values]} for a in self.axes
            ],
            "preset_cells": cells,
            "points": self.points,
            "keep_sum": [list(k) for k in self.keep_sum],
            "analysis": self.analysis,
            "options": {k: _jsonable(v) for k, v in sorted(self.options.items())},
            "seed": self.seed,
        }

    def fingerprint(self) -> str:
        text = json.dumps(self.describe(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def output_fields(self) -> list[tuple[str, str, str, str]]:
        from .compute import output_fields

        return output_fields(self)


def _jsonable(v: Any) -> Any:
    if hasattr(v, "to_dict"):
        return v.to_dict()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, os.PathLike):
        return os.fspath(v)
    return v


def make_spec(
    cell: Any,
    vary: Mapping[str, Any],
    *,
    points: str = "grid",
    keep_sum: Mapping[str, str] | None = None,
    analysis: str = "rest",
    options: Mapping[str, Any] | None = None,
    seed: int | None = None,
) -> SweepSpec:
    """A checked :class:`SweepSpec` (see the module docstring for the arguments)."""
    from ..cell import Cell, load_cell
    from ..fields import get_field
    from ..presets import load_preset

    if isinstance(cell, str | os.PathLike):
        cell = load_preset(cell)
    if not isinstance(cell, Cell):
        raise VrestInputError("cell", type(cell).__name__, "a vrest.Cell or a cell-file path")
    if analysis not in ANALYSES:
        raise VrestInputError("analysis", analysis, f"one of {', '.join(ANALYSES)}")
    if points not in ("grid", "list"):
        raise VrestInputError("points", points, "'grid' or 'list'")
    if not isinstance(vary, Mapping) or not vary:
        raise VrestInputError("vary", vary, "at least one field to vary, e.g. {'K.c_out': ...}")
    axes = []
    for name, values in vary.items():
        if not isinstance(name, str):
            raise VrestInputError("vary", name, "dotted field names (strings)")
        if name not in CATEGORICAL:
            _check_name(cell, name)
        vals = parse_values(name, values)
        if name == "cell":
            vals = tuple(load_cell(v) if isinstance(v, str | os.PathLike) else v for v in vals)
            for v in vals:
                if not isinstance(v, Cell):
                    raise VrestInputError("cell", v, "cell files or vrest.Cell objects")
        axes.append(Axis(name, vals))
    if points == "grid":
        for a in axes:
            d = np.diff(np.asarray(a.values, dtype=float)) if not a.categorical else None
            if d is not None and len(d) and not (np.all(d > 0) or np.all(d < 0)):
                raise VrestInputError(
                    a.name, list(a.values)[:8],
                    "values in increasing or decreasing order (a grid axis is monotonic; "
                    "use points='list' for arbitrary points)",
                )  # fmt: skip
    if points == "list":
        lens = {len(a.values) for a in axes}
        if len(lens) > 1:
            raise VrestInputError(
                "points", "list", "axes of one length (points='list' zips them)",
                f"lengths {', '.join(f'{a.name}: {len(a.values)}' for a in axes)}",
            )  # fmt: skip
    links = []
    for follower, driver in (keep_sum or {}).items():
        if driver not in vary or driver in CATEGORICAL:
            raise VrestInputError(
                f"keep_sum.{follower}", driver, "a varied numeric field (the one it follows)"
            )
        if follower in vary:
            raise VrestInputError(f"keep_sum.{follower}", follower, "a field that is not varied")
        _check_name(cell, follower)
        total = float(get_field(cell, follower)) + float(get_field(cell, driver))
        driven = next(a.values for a in axes if a.name == driver)
        if max(driven) >= total:
            raise VrestInputError(
                f"keep_sum.{follower}", driver,
                f"{driver} values below {follower} + {driver} = {total:g} (the kept sum)",
            )  # fmt: skip
        links.append((follower, driver, total))
    spec = SweepSpec(
        cell, tuple(axes), points, tuple(links), analysis, dict(options or {}),
        None if seed is None else _seed(seed),
    )  # fmt: skip
    if spec.size > MAX_POINTS:
        raise VrestInputError(
            "vary", " × ".join(str(n) for n in spec.shape),
            f"at most {MAX_POINTS:.0e} points (this grid has {spec.size:.3g})",
        )  # fmt: skip
    return spec


def _seed(seed: Any) -> int:
    from ..noise._rng import resolve_seed

    return resolve_seed(seed)


def _check_name(cell: Any, name: str) -> None:
    """An unknown dotted name raises, naming the fields that exist."""
    from ..fields import get_field

    try:
        get_field(cell, name)
    except Exception:
        names = [
            "celsius", "radius", "specific_capacitance", "q10_leak",
            *(f"{i}.{f}" for i in cell.ions for f in ("c_in", "c_out", "g", "P")),
            *(["pump.i_pump", "pump.q10"] if cell.pump is not None else []),
            *(f"{t.name}.g" for t in cell.transporters),
            *(f"{c.name}.{f}" for c in cell.channels for f in ("g", "count", "gamma")),
        ]  # fmt: skip
        raise VrestInputError(
            "vary", name, f"a field of this cell: {', '.join(names)} (or model, cell)"
        ) from None


def parse_vary(texts: Sequence[str]) -> dict[str, str]:
    """``["K.c_out=1:100:log:50", "model=chord,ghk"]`` → ``{"K.c_out": "1:100:log:50", …}``."""
    out: dict[str, str] = {}
    for t in texts:
        name, sep, value = t.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise VrestInputError("--vary", t, "FIELD=START:STOP:N, FIELD=START:STOP:log:N or "
                                  "FIELD=V1,V2,…")  # fmt: skip
        if name in out:
            raise VrestInputError("--vary", t, f"{name} varied once")
        out[name] = [v.strip() for v in value.split(",")] if name in CATEGORICAL else value
    return out
