"""What one chunk of a sweep computes: the analysis at each of its points.

``rest``: the vectorized solver of :mod:`vrest.sweep.rest_vec` when the cell and the varied
fields allow it (leaks with a fixed or balance pump; concentrations, conductances,
permeabilities, temperature, pump current); otherwise each point goes through the dotted-name
grammar and :func:`vrest.solve_rest` (the same numbers, ~1000× slower). Categorical axes
(``model``, ``cell``) split a chunk into groups, each solved its own way.
``ness``: :func:`vrest.dynamics.solve_ness` per point (the concentrations transporters and
pumps settle to). ``noise``: :func:`vrest.noise` per point with the point's own seed
(``method`` "lna" by default; options are passed on). ``rundown``:
:func:`vrest.dynamics.atp_cut` per point, the K⁺ half-time. Every result field has a unit
and a long name (:func:`output_fields`).
Units: mV, pA, nS, ms, min.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

NOISE_FIELDS = [
    ("sigma_V", "mV", "standard deviation of V"),
    ("sigma_V_se", "mV", "statistical error of sigma_V"),
    ("mean_V", "mV", "mean V"),
    ("lna_sigma_V", "mV", "sigma_V of the linear-noise approximation"),
    ("V_rest", "mV", "deterministic rest"),
    ("thermal_sigma_V", "mV", "thermal kT/C noise"),
    ("tau_m", "ms", "membrane time constant at rest"),
    ("seed", "", "seed of this point"),
]
NESS_FIELDS = [
    ("V", "mV", "V at the true NESS (every flux balanced)"),
    ("i_pump", "pA", "pump current at the NESS"),
    ("settle_s", "s", "time the cell takes to settle there"),
]
RUNDOWN_FIELDS = [
    ("t_half_K", "min", "time to lose half the K⁺ gradient after an ATP cut"),
    ("V_start", "mV", "V at the start of the run"),
    ("V_end", "mV", "V at the end of the run"),
]


def _cells(spec: Any) -> list:
    a = next((a for a in spec.axes if a.name == "cell"), None)
    return list(a.values) if a is not None else [spec.cell]


def output_fields(spec: Any) -> list[tuple[str, str, str, str]]:
    """(name, unit, long name, dtype) of every result field of ``spec``'s analysis."""
    if spec.analysis == "noise":
        return [(n, u, d, "int64" if n == "seed" else "float64") for n, u, d in NOISE_FIELDS]
    if spec.analysis == "rundown":
        return [(n, u, d, "float64") for n, u, d in RUNDOWN_FIELDS]
    if spec.analysis == "ness":
        ions = {i for c in _cells(spec) for i in c.ions}
        per_ion = [(f"c_in_{i}", "mM", f"[{i}]in at the NESS") for i in sorted(ions)]
        per_ion += [(f"E_{i}", "mV", f"Nernst potential of {i} at the NESS") for i in sorted(ions)]
        return [(n, u, d, "float64") for n, u, d in NESS_FIELDS + per_ion]
    from .rest_vec import output_fields as rest_fields

    seen: dict[str, tuple[str, str]] = {}
    for c in _cells(spec):
        for name, unit, long_name in rest_fields(c):
            seen.setdefault(name, (unit, long_name))
    return [(n, u, d, "float64") for n, (u, d) in seen.items()]


def _assignments(values: dict[str, Any], i: int) -> list[str]:
    return [f"{k}={v[i]!r}" if isinstance(v[i], str) else f"{k}={float(v[i])!r}"
            for k, v in values.items() if k not in ("model", "cell")]  # fmt: skip


def _point_cell(spec: Any, values: dict[str, Any], i: int) -> Any:
    from ..fields import set_fields

    cell = values["cell"][i] if "cell" in values else spec.cell
    if "model" in values:
        cell = replace(cell, model=values["model"][i])
    return set_fields(cell, _assignments(values, i))


def compute_chunk(spec: Any, start: int, stop: int) -> dict[str, np.ndarray]:
    """The analysis at flat points [start, stop): one array per output field."""
    n = stop - start
    if spec.analysis == "rest":  # the common case: one vectorized call, no copies
        fast = _rest_direct(spec, start, stop)
        if fast is not None:
            return fast
    fields = spec.output_fields()
    out = {name: np.full(n, np.nan) if dt == "float64" else np.zeros(n, dtype=dt)
           for name, _, _, dt in fields}  # fmt: skip
    values = spec.point_values(start, stop)
    if spec.analysis == "rest":
        _rest(spec, values, out, n)
    elif spec.analysis == "noise":
        _noise(spec, values, out, n, spec.seeds(start, stop))
    elif spec.analysis == "ness":
        _ness(spec, values, out, n)
    else:
        _rundown(spec, values, out, n)
    return out


def _groups(values: dict[str, Any], n: int) -> dict[tuple, np.ndarray]:
    """Points grouped by their categorical values (model, cell)."""
    keys = [k for k in ("cell", "model") if k in values]
    if not keys:
        return {(): np.arange(n)}
    groups: dict[tuple, list[int]] = {}
    for i in range(n):
        key = tuple(id(values[k][i]) if k == "cell" else values[k][i] for k in keys)
        groups.setdefault(key, []).append(i)
    return {k: np.array(v) for k, v in groups.items()}


def fast_rest(spec: Any) -> bool:
    """Whether ``spec`` is a rest sweep the vectorized solver takes whole (no categories)."""
    from .rest_vec import supports

    if spec.analysis != "rest" or any(a.categorical for a in spec.axes):
        return False
    names = [a.name for a in spec.axes] + [f for f, _, _ in spec.keep_sum]
    return bool(supports(spec.cell, names))


def _rest_direct(spec: Any, start: int, stop: int) -> dict[str, np.ndarray] | None:
    if not fast_rest(spec):
        return None
    from .rest_vec import rest_points

    res = rest_points(spec.cell, spec.point_values(start, stop))
    n = stop - start
    return {k: (np.broadcast_to(v, (n,)).copy() if len(v) != n else v) for k, v in res.items()}


def _rest(spec: Any, values: dict[str, Any], out: dict, n: int) -> None:
    from .rest_vec import rest_point_reference, rest_points, supports

    numeric = {k: v for k, v in values.items() if k not in ("model", "cell")}
    for _, idx in _groups(values, n).items():
        i0 = int(idx[0])
        cell = values["cell"][i0] if "cell" in values else spec.cell
        if "model" in values:
            cell = replace(cell, model=values["model"][i0])
        if supports(cell, list(numeric)):
            res = rest_points(cell, {k: np.asarray(v)[idx] for k, v in numeric.items()})
            for k, arr in res.items():
                out[k][idx] = arr
            continue
        for i in idx:
            res = rest_point_reference(cell, {k: float(v[i]) for k, v in numeric.items()})
            for k, val in res.items():
                out[k][i] = val


def _noise(spec: Any, values: dict[str, Any], out: dict, n: int, seeds: np.ndarray) -> None:
    from ..noise import noise

    opts = dict(spec.options)
    method = opts.pop("method", "lna")
    for i in range(n):
        cell = _point_cell(spec, values, i)
        r = noise(cell, method, seed=int(seeds[i]), **opts) if method != "lna" else noise(
            cell, "lna"
        )
        d = r.to_dict()
        out["sigma_V"][i] = r.sigma_V
        out["sigma_V_se"][i] = np.nan if d["sigma_V_se_mV"] is None else d["sigma_V_se_mV"]
        out["mean_V"][i] = r.mean_V
        out["lna_sigma_V"][i] = r.lna_sigma_V
        out["V_rest"][i] = r.V_rest
        out["thermal_sigma_V"][i] = r.lna["thermal_sigma_V"]
        out["tau_m"][i] = r.model.tau_m
        out["seed"][i] = seeds[i]


def _rundown(spec: Any, values: dict[str, Any], out: dict, n: int) -> None:
    from ..dynamics import atp_cut

    opts = {"hours": 3.0, "log_s": 10.0} | dict(spec.options)
    for i in range(n):
        tc = atp_cut(_point_cell(spec, values, i), **opts)
        t = tc.half_time("K")
        out["t_half_K"][i] = np.nan if t is None else t / 60.0
        out["V_start"][i] = float(tc.V[0])
        out["V_end"][i] = float(tc.V[-1])


def _ness(spec: Any, values: dict[str, Any], out: dict, n: int) -> None:
    """The true NESS at each point (:func:`vrest.dynamics.solve_ness`, ``options`` passed on):
    the concentrations the cell's transporters, pump and leaks settle to."""
    from ..dynamics import solve_ness
    from ..nernst import nernst

    opts = dict(spec.options)
    for i in range(n):
        cell = _point_cell(spec, values, i)
        r = solve_ness(cell, **opts)
        out["V"][i] = r.V
        out["i_pump"][i] = r.i_pump
        out["settle_s"][i] = r.settle_s
        for ion, c in r.c_in.items():
            out[f"c_in_{ion}"][i] = c
            spec_ion = cell.ions[ion]
            out[f"E_{ion}"][i] = float(nernst(c, spec_ion.c_out, spec_ion.z, celsius=cell.celsius))
