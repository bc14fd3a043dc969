"""Sweep results on disk: a Zarr (v3) directory store written chunk by chunk, resumable.

Layout of a store at ``path``::

    path/zarr.json          group metadata; its attributes identify the sweep (below)
    path/<field>/           one 1-D array per output field, length ``size``, zarr chunks of
                            exactly ``chunk_size`` points (so sweep chunk k is zarr chunk k)
    path/chunk_done/        uint8 array, one element per sweep chunk, zarr chunk size 1: the
                            completion markers

Group attributes: ``vrest_sweep`` (format version), ``fingerprint`` (the sweep's hash),
``shape``, ``size``, ``chunk_size``, ``n_chunks``, ``fields`` (name, unit, long_name, dtype of
each output), ``units``, ``long_names``, ``created`` (UTC, ISO 8601) and ``vrest_version``.
Each field array also carries ``units`` and ``long_name``, and every array names its dimension
(``point`` or ``chunk``), so ``xarray.open_zarr`` reads the store as flat arrays too.

What a marker means: ``chunk_done[k] == 1`` says that every field's values for the points of
chunk k, ``[k·chunk_size, min((k+1)·chunk_size, size))``, are fully written. The order is
fixed: the store's metadata first (group, then arrays), then a chunk's data, then its marker.
Zarr's local store writes each chunk file atomically (a temporary file moved into place), and
each sweep chunk is whole zarr chunks of its own (no two sweep chunks share a zarr chunk), so a
process killed at any moment leaves every chunk either marked and complete, or unmarked (its
data absent, stale or partly written across fields, and never read as a result). Points of
unmarked chunks read as NaN in :func:`open_results`.

A store is never deleted or overwritten by vrest: a path that holds anything else (a file, a
non-empty directory that is not a vrest sweep store, or the store of a different sweep) is
refused with a :class:`~vrest.errors.VrestInputError`.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import VrestInputError

#: Format version of the store layout (the group attribute ``vrest_sweep``).
STORE_FORMAT = 1
#: Name of the completion-marker array (no output field may have this name).
DONE = "chunk_done"

_EXPECTED = "a store written by this sweep (or a new path)"


def _vrest_version() -> str:
    try:
        from .. import __version__

        return str(__version__)
    except ImportError:  # pragma: no cover - during a partial import of vrest
        return "unknown"


def n_chunks(size: int, chunk_size: int) -> int:
    """Number of chunks of ``chunk_size`` points that cover ``size`` points."""
    return -(-size // chunk_size)


def chunk_bounds(k: int, size: int, chunk_size: int) -> tuple[int, int]:
    """Flat point range ``[start, stop)`` of chunk ``k``."""
    return k * chunk_size, min((k + 1) * chunk_size, size)


def field_table(spec: Any) -> list[dict[str, str]]:
    """The spec's output fields as dicts (name, unit, long_name, dtype), names checked."""
    out = []
    for name, unit, long_name, dtype in spec.output_fields():
        name = str(name)
        if not name or "/" in name or name.startswith((".", "__")) or name == DONE:
            raise VrestInputError(
                "output field name", name, f"a plain name without '/' (and not {DONE!r})"
            )
        out.append(
            {
                "name": name,
                "unit": str(unit),
                "long_name": str(long_name),
                "dtype": np.dtype(dtype).str,
            }
        )
    if len({f["name"] for f in out}) != len(out):
        raise VrestInputError("output fields", [f["name"] for f in out], "distinct names")
    return out


def _fill(dtype: np.dtype) -> Any:
    return np.nan if dtype.kind in "fc" else 0


def describe(attrs: dict[str, Any]) -> str:
    """A one-line description of a stored sweep, for error messages."""
    names = ", ".join(f["name"] for f in attrs.get("fields", []))
    fp = str(attrs.get("fingerprint", "?"))
    return (
        f"fingerprint {fp[:12]}…, shape {tuple(attrs.get('shape', ()))}, "
        f"fields {names or '?'}, created {attrs.get('created', '?')}"
    )


def read_attrs(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The sweep attributes of the store at ``path``; None when ``path`` does not exist or is an
    empty directory (a place where a new store may be created). Anything else that is not a
    vrest sweep store is refused."""
    p = Path(path)
    if not p.exists():
        return None
    if not p.is_dir():
        raise VrestInputError("store", str(path), _EXPECTED, "it is a file, not a directory")
    meta = p / "zarr.json"
    if not meta.is_file():
        if any(p.iterdir()):
            raise VrestInputError(
                "store",
                str(path),
                _EXPECTED,
                "it is a non-empty directory that is not a vrest sweep store",
            )
        return None
    try:
        doc = json.loads(meta.read_text())
        attrs = doc.get("attributes", {}) if doc.get("node_type") == "group" else {}
    except (OSError, ValueError, AttributeError):
        attrs = {}
    if not isinstance(attrs, dict) or attrs.get("vrest_sweep") != STORE_FORMAT:
        raise VrestInputError(
            "store", str(path), _EXPECTED, "it is a Zarr store that vrest did not write"
        )
    return attrs


def check_store(
    path: str | os.PathLike[str], spec: Any, chunk_size: int | None
) -> dict[str, Any] | None:
    """Check that the store at ``path`` may receive ``spec``'s results.

    Returns the existing store's attributes (a resume: same fingerprint; when ``chunk_size`` is
    None the store's chunk size is used) or None (no store yet). Refuses a foreign store, a
    different chunk size and anything that is not a store; never modifies ``path``."""
    attrs = read_attrs(path)
    if attrs is None:
        return None
    if attrs.get("fingerprint") != spec.fingerprint():
        raise VrestInputError(
            "store", str(path), _EXPECTED, f"it holds a different sweep: {describe(attrs)}"
        )
    fields = field_table(spec)
    if (
        tuple(attrs.get("shape", ())) != tuple(int(n) for n in spec.shape)
        or attrs.get("size") != int(spec.size)
        or [f["name"] for f in attrs.get("fields", [])] != [f["name"] for f in fields]
    ):
        raise VrestInputError(
            "store",
            str(path),
            _EXPECTED,
            f"its fingerprint matches but its shape or fields do not: {describe(attrs)}",
        )
    if chunk_size is not None and int(chunk_size) != attrs.get("chunk_size"):
        raise VrestInputError(
            "chunk_size",
            chunk_size,
            f"{attrs.get('chunk_size')}, the chunk size of the store at {path}",
            "a resumed sweep keeps its chunks; leave chunk_size out to use the store's",
        )
    return attrs


def create_or_open(path: str | os.PathLike[str], spec: Any, chunk_size: int) -> dict[str, Any]:
    """Create the store for ``spec`` at ``path`` (metadata first: the group and its attributes,
    then the empty arrays), or complete and reopen an existing store of the same sweep (arrays
    missing after an interrupted creation are created). Returns the group attributes."""
    import zarr

    attrs = check_store(path, spec, chunk_size)
    fields = field_table(spec)
    size = int(spec.size)
    if attrs is None:
        attrs = {
            "vrest_sweep": STORE_FORMAT,
            "fingerprint": spec.fingerprint(),
            "shape": [int(n) for n in spec.shape],
            "size": size,
            "chunk_size": int(chunk_size),
            "n_chunks": n_chunks(size, chunk_size),
            "fields": fields,
            "units": {f["name"]: f["unit"] for f in fields},
            "long_names": {f["name"]: f["long_name"] for f in fields},
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "vrest_version": _vrest_version(),
        }
        Path(path).mkdir(parents=True, exist_ok=True)
        zarr.create_group(store=str(path), attributes=attrs, zarr_format=3)
    group = zarr.open_group(store=str(path), mode="r+", zarr_format=3)
    existing = set(group.array_keys())
    cs = int(attrs["chunk_size"])
    for f in fields:
        dt = np.dtype(f["dtype"])
        if f["name"] in existing:
            _check_array(group[f["name"]], path, f["name"], (size,), (cs,), dt)
            continue
        group.create_array(
            f["name"],
            shape=(size,),
            chunks=(max(cs, 1),),
            dtype=dt,
            fill_value=_fill(dt),
            dimension_names=("point",),
            attributes={"units": f["unit"], "long_name": f["long_name"]},
        )
    nk = n_chunks(size, cs)
    if DONE in existing:
        _check_array(group[DONE], path, DONE, (nk,), (1,), np.dtype("u1"))
    else:
        group.create_array(
            DONE,
            shape=(nk,),
            chunks=(1,),
            dtype="u1",
            fill_value=0,
            dimension_names=("chunk",),
            attributes={"long_name": "chunk written completely (1) or not (0)"},
        )
    return attrs


def _check_array(arr: Any, path: Any, name: str, shape: tuple, chunks: tuple, dt: Any) -> None:
    if tuple(arr.shape) != shape or tuple(arr.chunks) != chunks or arr.dtype != dt:
        raise VrestInputError(
            "store",
            str(path),
            _EXPECTED,
            f"its array {name!r} has shape {arr.shape}, chunks {arr.chunks}, dtype {arr.dtype}, "
            f"not {shape}, {chunks}, {dt}",
        )


def done_mask(path: str | os.PathLike[str]) -> np.ndarray:
    """Completion markers of the store at ``path`` as a bool array (one per chunk)."""
    import zarr

    return np.asarray(zarr.open_array(store=os.path.join(path, DONE), mode="r")[:]) == 1


class ChunkWriter:
    """Writes whole sweep chunks into an existing store (used on the workers).

    :meth:`write` writes every field's slice first and the chunk's marker last, and skips a chunk
    whose marker is already set (by a duplicate run of the same task), so each chunk's data is
    stored once and never overwritten once marked."""

    def __init__(self, path: str | os.PathLike[str], names: list[str]) -> None:
        import zarr

        self.path = str(path)
        self._done = zarr.open_array(store=os.path.join(self.path, DONE), mode="r+")
        self._arrays = {
            n: zarr.open_array(store=os.path.join(self.path, n), mode="r+") for n in names
        }

    def is_done(self, k: int) -> bool:
        return bool(self._done[k] == 1)

    def write(self, k: int, start: int, arrays: dict[str, np.ndarray]) -> bool:
        """Store chunk ``k`` (points from ``start``); False if it was already marked done."""
        if self.is_done(k):
            return False
        for name, arr in self._arrays.items():
            values = arrays[name]
            arr[start : start + len(values)] = values
        self._done[k] = 1
        return True


def read_fields(
    path: str | os.PathLike[str], attrs: dict[str, Any], done: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Every field of the store, with the points of unmarked chunks set to NaN (integer fields
    become float64 when any chunk is missing, so that NaN can mark the gaps)."""
    import zarr

    if done is None:
        done = done_mask(path)
    size, cs = int(attrs["size"]), int(attrs["chunk_size"])
    point_done = np.repeat(done, cs)[:size] if size else np.zeros(0, dtype=bool)
    complete = bool(point_done.all())
    out: dict[str, np.ndarray] = {}
    for f in attrs["fields"]:
        try:
            arr = zarr.open_array(store=os.path.join(path, f["name"]), mode="r")
        except FileNotFoundError:  # interrupted while creating the store: nothing written yet
            out[f["name"]] = np.full(size, np.nan)
            continue
        values = np.asarray(arr[:])
        if not complete:
            if values.dtype.kind not in "fc":
                values = values.astype(np.float64)
            values[~point_done] = np.nan
        out[f["name"]] = values
    return out


def open_results(path: str | os.PathLike[str]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Read a finished or partial sweep store.

    Returns ``(fields, attrs)``: ``fields`` maps each output name to its flat array (length
    ``attrs["size"]``, C order of ``attrs["shape"]``), with NaN at the points of chunks not
    marked done (integer fields are then float64); ``attrs`` are the store's group attributes
    (``shape`` as a tuple) plus ``chunks_done`` (bool per chunk) and ``complete`` (bool)."""
    attrs = read_attrs(path)
    if attrs is None:
        raise VrestInputError("store", str(path), "an existing vrest sweep store")
    attrs = dict(attrs)
    attrs["shape"] = tuple(attrs["shape"])
    try:
        done = done_mask(path)
    except FileNotFoundError:  # interrupted while creating the store: nothing written yet
        done = np.zeros(n_chunks(int(attrs["size"]), int(attrs["chunk_size"])), dtype=bool)
    fields = read_fields(path, attrs, done)
    attrs["chunks_done"] = done
    attrs["complete"] = bool(done.all())
    return fields, attrs
