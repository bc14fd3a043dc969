"""Writing and summarizing a sweep Dataset: netCDF or CSV written atomically (never half a
file), and a short text or JSON summary of each result field's range."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np


def write_results(ds: Any, path: str | Path) -> Path:
    """``ds`` to ``path`` (.nc: netCDF 3 via SciPy; .csv: one row per point), atomically."""
    from .._io import atomic_write

    p = Path(path)
    if p.suffix == ".csv":
        text = ds.to_dataframe().reset_index().to_csv(index=False)
        return atomic_write(p, lambda f: f.write(text.encode()), binary=True)
    flat = ds.copy()
    flat.attrs = {k: (json.dumps(v) if isinstance(v, dict | list) else v)
                  for k, v in ds.attrs.items()}  # fmt: skip
    data = flat.to_netcdf(engine="scipy")  # bytes in memory: the file appears whole or not
    return atomic_write(p, lambda f: f.write(bytes(data)), binary=True)


def summary_text(ds: Any, as_dict: bool = False) -> Any:
    """Each result field's min and max (with units), the grid, and the sweep's identity."""
    fields = {}
    for name, v in ds.data_vars.items():
        vals = np.asarray(v.values, dtype=float)
        ok = np.isfinite(vals)
        fields[name] = {
            "units": v.attrs.get("units", ""),
            "min": float(vals[ok].min()) if ok.any() else None,
            "max": float(vals[ok].max()) if ok.any() else None,
            "missing": int((~ok).sum()),
        }
    d = {
        "analysis": ds.attrs.get("analysis"),
        "cell": ds.attrs.get("cell"),
        "dims": {k: int(n) for k, n in ds.sizes.items()},
        "points": int(np.prod(list(ds.sizes.values()))),
        "fingerprint": ds.attrs.get("fingerprint"),
        "seed": ds.attrs.get("seed"),
        "engine": ds.attrs.get("engine"),
        "stats": json.loads(ds.attrs.get("stats", "{}")),
        "fields": fields,
    }
    if as_dict:
        return d
    lines = [
        f"vrest sweep: {d['analysis']} of {d['cell']} over "
        + " × ".join(f"{k} ({n})" for k, n in d["dims"].items()) + f" = {d['points']} points",
    ]
    for name, f in fields.items():
        if f["min"] is None:
            lines.append(f"  {name:<18} (no finite values)")
            continue
        miss = f", {f['missing']} missing" if f["missing"] else ""
        lines.append(f"  {name:<18} {f['min']:.6g} … {f['max']:.6g} {f['units']}{miss}")
    return "\n".join(lines)
