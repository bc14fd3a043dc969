"""``vrest.sweep(cell, {"K.c_out": …}, analysis="rest")``: run a sweep, get an xarray Dataset.

The Dataset has one dimension per varied field (or one ``point`` dimension for
``points="list"``), each result field a variable with ``units`` and ``long_name`` attributes,
the varied values as coordinates (with their units), and the sweep's description in its
attributes (analysis, fingerprint, seed, links, engine). ``ds.vrest.plot()`` draws it: V
against one field with each E_i beside it, or a heatmap with contours over two.
Units: the working units of each field; results as in :mod:`vrest.sweep.compute`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .spec import SweepSpec, field_unit, make_spec


def sweep(
    cell: Any,
    vary: Mapping[str, Any],
    *,
    analysis: str = "rest",
    points: str = "grid",
    keep_sum: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
    seed: Any = None,
    engine: str = "inprocess",
    scheduler: str | None = None,
    workers: int | None = None,
    store: str | os.PathLike | None = None,
    chunk_size: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> Any:
    """Vary fields of ``cell`` and run ``analysis`` at every point; returns an xarray Dataset.

    ``vary``: dotted name → values (numbers in working units, texts with units, or a range
    ``"1:100:log:50"``); ``"model"`` and ``"cell"`` are categorical axes. ``points``: "grid"
    (the product) or "list" (zipped). ``keep_sum``: follower → driver, e.g.
    ``{"Na.c_out": "K.c_out"}`` (K⁺ replaces Na⁺ at constant sum). ``analysis``: "rest",
    "noise" (``options`` go to :func:`vrest.noise`, ``method`` default "lna"; ``seed`` is the
    master seed, each point gets its own from it) or "rundown" (``options`` go to
    :func:`vrest.dynamics.atp_cut`). ``engine``: "inprocess" or "dask" (a LocalCluster on
    127.0.0.1 with ``workers`` processes, or the cluster at ``scheduler``). ``store``: a Zarr
    directory written chunk by chunk; rerunning with the same store resumes.
    """
    from ..errors import VrestInputError
    from .compute import compute_chunk
    from .engine import run

    if analysis == "noise" and seed is None:
        if store is not None:
            raise VrestInputError(
                "seed", None, "a master seed with a store, so that a rerun resumes the same sweep"
            )
        from ..noise._rng import resolve_seed

        seed = resolve_seed(None)  # fresh entropy, recorded in the Dataset
    spec = make_spec(
        cell, vary, points=points, keep_sum=keep_sum, analysis=analysis, options=options,
        seed=seed,
    )  # fmt: skip
    _check_size(spec, store)
    from .compute import fast_rest

    if chunk_size is None and engine == "inprocess" and store is None and fast_rest(spec):
        chunk_size = min(spec.size, FAST_CHUNK)  # one compiled call, parallel inside
    stats: dict[str, Any] = {}
    t = time.perf_counter()
    flat = run(
        spec, compute_chunk, engine=engine, scheduler=scheduler, workers=workers,
        store=store, chunk_size=chunk_size, progress=progress, stats=stats,
    )  # fmt: skip
    stats.setdefault("wall_s", time.perf_counter() - t)
    return to_dataset(spec, flat, engine=engine, stats=stats)


#: Points per chunk of an in-process vectorized rest sweep (the solver is parallel inside).
FAST_CHUNK = 2_000_000
#: Results kept in memory at most: this many bytes, or half the machine's free memory if less.
MAX_MEMORY_BYTES = 8 * 2**30


def _check_size(spec: SweepSpec, store: Any) -> None:
    """Refuse a sweep whose results cannot fit: in memory (the Dataset is built there) or, with
    a store, on its disk; say how large and what to do."""
    import shutil

    from ..errors import VrestInputError

    nbytes = spec.size * len(spec.output_fields()) * 8
    try:
        free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        free = MAX_MEMORY_BYTES
    limit = min(MAX_MEMORY_BYTES, free / 2)
    shape = " × ".join(str(n) for n in spec.shape)
    if nbytes > limit:
        raise VrestInputError(
            "vary", shape,
            f"a smaller grid: {spec.size:.3g} points × {len(spec.output_fields())} fields need "
            f"{nbytes / 2**30:.3g} GiB in memory (limit here {limit / 2**30:.3g} GiB); split it "
            "into several sweeps, each with its own store",
        )  # fmt: skip
    if store is not None:
        target = os.path.abspath(os.fspath(store))
        probe = target
        while not os.path.exists(probe) and os.path.dirname(probe) != probe:
            probe = os.path.dirname(probe)
        disk = shutil.disk_usage(probe).free
        if nbytes > 0.9 * disk:
            raise VrestInputError(
                "store", os.fspath(store),
                f"a disk with room for {nbytes / 2**30:.3g} GiB of results "
                f"({disk / 2**30:.3g} GiB free there)",
            )  # fmt: skip


def to_dataset(spec: SweepSpec, flat: Mapping[str, np.ndarray], **info: Any) -> Any:
    """The labeled Dataset of a finished (or partial: NaN where missing) sweep."""
    import xarray as xr

    from .. import __version__

    coords: dict[str, Any] = {}
    for a in spec.axes:
        vals = [_label(v) for v in a.values] if a.categorical else np.asarray(a.values)
        attrs = {"units": a.unit} if a.unit else {}
        if spec.points == "list":
            coords[a.name] = ("point", vals, attrs)
        else:
            coords[a.name] = (a.name, vals, attrs)
    if spec.points == "list":
        coords["point"] = np.arange(spec.size)
    for follower, driver, total in spec.keep_sum:
        dims = ("point",) if spec.points == "list" else (driver,)
        drv = np.asarray(next(a.values for a in spec.axes if a.name == driver))
        coords[follower] = (dims, total - drv, {"units": field_unit(follower),
                                               "long_name": f"{total:g} − {driver}"})  # fmt: skip
    data = {}
    for name, unit, long_name, _ in spec.output_fields():
        arr = np.asarray(flat[name]).reshape(spec.shape)
        data[name] = (spec.dims, arr, {"units": unit, "long_name": long_name})
    stats = info.get("stats", {})
    attrs = {
        "analysis": spec.analysis,
        "cell": spec.cell.name,
        "points": spec.points,
        "fingerprint": spec.fingerprint(),
        "seed": -1 if spec.seed is None else int(spec.seed),
        "keep_sum": json.dumps([list(k) for k in spec.keep_sum]),
        "options": json.dumps(dict(spec.options), default=str),
        "engine": str(info.get("engine", "")),
        "vrest_version": __version__,
        "model": spec.cell.model,
        "description": json.dumps(spec.describe()["axes"], default=str),
        "stats": json.dumps({k: v for k, v in stats.items()}, default=str),
    }
    return xr.Dataset(data, coords=coords, attrs=attrs)


def _label(v: Any) -> str:
    if hasattr(v, "name"):
        return v.name or "cell"
    return str(v)
