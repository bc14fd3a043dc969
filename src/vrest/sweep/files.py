"""Sweep files (``SWEEP.toml``): the cell, what varies, which analysis, where results go.

    cell = "chapter_neuron.toml"        # relative to this file
    analysis = "rest"                   # rest | noise | rundown
    set = ["Cl.P=0"]                    # changes to the cell first (dotted names)
    points = "grid"                     # grid | list
    seed = 1                            # master seed (noise)
    [vary]
    "K.c_out" = "1:100:log:50"          # a range, or a list: [1, 2, 5] / ["1 mM", "2 mM"]
    model = ["chord", "ghk"]            # categorical axes: model, cell
    [keep_sum]
    "Na.c_out" = "K.c_out"              # Na⁺ follows K⁺ at constant sum
    [options]                           # passed to the analysis (noise: method, cells, ...)
    [run]
    engine = "inprocess"                # or "dask" (with workers = N or scheduler = "tcp://…")
    store = "results.zarr"              # resumable results (relative to this file)
    out = "results.nc"                  # .nc, .csv or .zarr
    plot = "sweep.png"

Unknown keys raise, naming the allowed ones. Units: as in :mod:`vrest.sweep.spec`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from ..errors import CellFileError, VrestInputError

TOP = ("cell", "analysis", "points", "seed", "vary", "keep_sum", "options", "run", "name",
       "description", "set")  # fmt: skip
RUN = ("engine", "workers", "scheduler", "store", "out", "plot", "chunk_size", "var")


def is_sweep_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` holds a sweep (a ``[vary]`` table) rather than a cell."""
    try:
        return "vary" in _read(path)
    except (VrestInputError, CellFileError):
        return False


def _read(path: str | os.PathLike) -> dict:
    from .._io import MAX_READ_BYTES, read_bounded

    p = Path(path)
    try:
        raw = read_bounded(p, MAX_READ_BYTES)
        return tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise CellFileError(str(p), "", str(p), "a readable sweep file (TOML)",
                            exc.strerror or str(exc)) from None  # fmt: skip
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CellFileError(str(p), "", "(file contents)", "valid TOML",
                            " ".join(str(exc).split())[:160]) from None  # fmt: skip


def read_sweep_file(path: str | os.PathLike) -> tuple[dict[str, Any], dict[str, Any]]:
    """(arguments of :func:`vrest.sweep`, the ``[run]`` table) from a sweep file; relative
    paths (cell, store, out, plot, preset cells) are taken relative to the file."""
    d = _read(path)
    base = Path(path).resolve().parent
    for k in d:
        if k not in TOP:
            raise VrestInputError(f"{path}: {k}", d[k], f"one of {', '.join(TOP)}")
    if "cell" not in d or not isinstance(d["cell"], str):
        raise VrestInputError(f"{path}: cell", d.get("cell"), "the path of a cell file")
    if not isinstance(d.get("vary"), dict) or not d["vary"]:
        raise VrestInputError(f"{path}: vary", d.get("vary"), "a [vary] table of fields")
    vary = dict(d["vary"])
    if "cell" in vary:
        cells = vary["cell"] if isinstance(vary["cell"], list) else [vary["cell"]]
        vary["cell"] = [str(base / c) for c in cells]
    run = d.get("run", {})
    if not isinstance(run, dict):
        raise VrestInputError(f"{path}: run", run, "a [run] table")
    for k in run:
        if k not in RUN:
            raise VrestInputError(f"{path}: run.{k}", run[k], f"one of {', '.join(RUN)}")
    for k in ("store", "out", "plot"):
        if k in run:
            run[k] = str(base / run[k])
    cell: Any = str(base / d["cell"])
    if d.get("set"):
        from ..cell import load_cell
        from ..fields import set_fields

        sets = d["set"] if isinstance(d["set"], list) else [d["set"]]
        cell = set_fields(load_cell(cell), [str(x) for x in sets])
    kwargs = {
        "cell": cell,
        "vary": vary,
        "analysis": d.get("analysis", "rest"),
        "points": d.get("points", "grid"),
        "keep_sum": d.get("keep_sum") or None,
        "options": d.get("options") or None,
        "seed": d.get("seed"),
    }
    return kwargs, run
