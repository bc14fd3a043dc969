#!/usr/bin/env python3
"""Sweeps: ``vrest.sweep`` vs Python loops over ``vrest.solve_rest`` and over NEURON, and a noise
ensemble on a local Dask cluster with 1 and 2 workers, side by side in one run.

Cases (see benchmarks/README.md, "Sweeps"):

* ``rest_chord``, ``rest_ghk``  a rest sweep of 10⁶ points (K.c_out × Na.c_out, 1000 × 1000, every
                   result field) of a chord cell (examples/cells/chapter_neuron.toml) and of a GHK
                   cell (examples/cells/frog_muscle.toml): ``vrest.sweep(cell, vary)`` end to end
                   in process (the Dataset included), and ``vrest.sweep.rest_vec.rest_points``
                   alone. Against a Python loop of ``vrest.solve_rest(cell.with_ion(...))`` and,
                   for the GHK cell, a loop of scipy ``brentq`` on NEURON's summed ``h.ghk``
                   currents (the balance pump's term included). Both loops are far too slow for
                   10⁶ points: they run on a random sample of the grid (``--sample``, 2000) and
                   are extrapolated linearly to the whole grid (said so in the table). On the
                   sample, the sweep's values are compared with solve_rest's (every field) and
                   the GHK V with NEURON's.
* ``noise_dask``   ``vrest.sweep(examples/cells/chapter_noise.toml, {"K80.count": 16 values},
                   analysis="noise", options={"method": "exact", ...}, seed=1, engine="dask",
                   workers=1 or 2, chunk_size=1)``: one task per point, sized to ~0.5–1 s; the
                   cluster's start-up, the sweep (first task sent to last result), the per-task
                   overhead (all from the sweep's own stats, ``ds.attrs["stats"]``), and the
                   scaling T1/T2; an in-process run (Numba threads) for reference.

    .venv-bench/bin/python benchmarks/run_sweep.py [--quick] [--strict] [--out DIR]

writes ``benchmarks/results/sweep_latest.json`` and ``sweep_latest.md`` (atomically) and prints the
tables; ``bash benchmarks/run.sh`` runs it after ``run_noise.py``. NEURON is imported only in the
main process, and only for the GHK loop (the Dask workers are spawned processes that re-import
this file: everything runs under ``if __name__ == "__main__":``).
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # benchmarks/_common.py, beside this file
from _common import ROOT, time_repeats
from _common import fmt_time as _t
from _common import timing_summary as summary

CHORD_CELL = "examples/cells/chapter_neuron.toml"
GHK_CELL = "examples/cells/frog_muscle.toml"
NOISE_CELL = "examples/cells/chapter_noise.toml"
#: The two varied fields of the rest sweeps (mM), a linear grid of --n-axis values each.
K_OUT = (1.0, 50.0)
NA_OUT = (60.0, 180.0)
SEED_SAMPLE = 20240613

#: The noise ensemble: K80.count values (the channel count of chapter_noise.toml's K⁺ channels),
#: and the options of vrest.noise at each point (one Dask task per point, ~0.5–1 s each here).
NOISE_COUNTS = (80, 155)  # 16 values, evenly spaced (--noise-values)
NOISE_OPTIONS = {"method": "exact", "cells": 25, "duration": 20000.0, "record": "summary"}
NOISE_OPTIONS_QUICK = NOISE_OPTIONS | {"cells": 10, "duration": 10000.0}
NOISE_SEED = 1

GOAL_LOOP = 1000.0  # solve_rest loop (extrapolated) / vrest.sweep
GOAL_NEURON = 300.0  # NEURON h.ghk + brentq loop (extrapolated) / vrest.sweep (GHK cell)
GOAL_AGREE_MV = 1e-9  # max |ΔV| on the sample, mV
GOAL_SCALING = 1.6  # T(1 worker) / T(2 workers): 0.8 × linear on 2 cores


log = common.logger("sweep")
#: A goal row; a NaN measurement counts as not measured.
_goal = functools.partial(common.goal, nan_unmeasured=True)


# --------------------------------------------------------------------------------------------
# rest sweeps


def solve_rest_loop(vrest: Any, cell: Any, kk: list[float], nn: list[float]) -> dict[str, Any]:
    """One pass of the plain loop over the sample: a cell per point (``Cell.with_ion``, the
    fastest public way; ``vrest.set_fields`` gives the same cells ~10 % slower), then
    ``vrest.solve_rest``; timed in two parts. Warnings are off (solve_rest warns about
    ill-conditioned g ↔ P conversions at some points); a point it cannot solve is None."""
    from vrest.errors import SolverError, VrestInputError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        cells = [cell.with_ion("K", c_out=k).with_ion("Na", c_out=n) for k, n in zip(kk, nn)]
        t1 = time.perf_counter()
        res = []
        for c in cells:
            try:
                res.append(vrest.solve_rest(c))
            except (SolverError, VrestInputError):
                res.append(None)
        t2 = time.perf_counter()
    return {"build_s": t1 - t0, "solve_s": t2 - t1, "total_s": t2 - t0, "results": res}


def neuron_loop(h: Any, cell: Any, kk: list[float], nn: list[float]) -> dict[str, Any]:
    """One pass over the sample with NEURON: per point, scipy ``brentq`` (xtol 1e-12, as
    run.py's ghk_voltage case) on the net current Σ P_i·h.ghk(v, c_in, c_out, z) (mA/cm² per
    cm/s, outward +) of the cell's ions, with K.c_out and Na.c_out of the point, plus the
    balance pump's current −s·min(I_Na, 0), s = (n_na − n_k)/n_na (vrest's steady state of a
    GHK cell with a balance pump at its own temperature). ``h.celsius`` is the cell's."""
    from scipy.optimize import brentq

    h.celsius = cell.celsius
    g = h.ghk
    s = 0.0
    if cell.pump is not None:
        s = (cell.pump.n_na - cell.pump.n_k) / cell.pump.n_na
    k_ion, na_ion = cell.ions["K"], cell.ions["Na"]
    pk, kin, kz = k_ion.P, k_ion.c_in, k_ion.z
    pna, nain, naz = na_ion.P, na_ion.c_in, na_ion.z
    fixed = [(i.P, i.c_in, i.c_out, i.z) for nm, i in cell.ions.items() if nm not in ("K", "Na")]
    eps4 = 4 * np.finfo(float).eps
    out: list[float] = []
    evals = 0
    t0 = time.perf_counter()
    for k, na in zip(kk, nn):

        def net(v: float, k: float = k, na: float = na) -> float:
            ina = pna * g(v, nain, na, naz)
            tot = pk * g(v, kin, k, kz) + ina
            for p, a, b, z in fixed:
                tot += p * g(v, a, b, z)
            return tot - s * min(ina, 0.0)

        v, r = brentq(net, -200.0, 200.0, xtol=1e-12, rtol=eps4, full_output=True)
        out.append(v)
        evals += r.function_calls
    total = time.perf_counter() - t0
    return {"total_s": total, "V": out, "mean_function_calls": evals / max(len(kk), 1)}


def _agreement(ds_flat: dict[str, np.ndarray], units: dict[str, str], ref: list[Any],
               names: list[str]) -> dict[str, Any]:  # fmt: skip
    """Per field over the sample: max |Δ| (and for the currents and conductances, max |Δ|/|ref|);
    NaN = NaN counts as equal, a NaN on one side only as a mismatch."""
    per: dict[str, Any] = {}
    for name in names:
        ours = ds_flat[name]
        theirs = np.array([math.nan if r is None else r[name] for r in ref])
        both_nan = np.isnan(ours) & np.isnan(theirs)
        one_nan = np.isnan(ours) ^ np.isnan(theirs)
        m = ~both_nan & ~one_nan
        d = np.abs(ours[m] - theirs[m])
        scale = np.abs(theirs[m])
        rel = np.divide(d, scale, out=np.zeros_like(d), where=scale > 0)
        per[name] = {
            "unit": units[name],
            "max_abs": float(d.max()) if d.size else None,
            "max_rel": float(rel.max()) if d.size else None,
            "nan_both": int(both_nan.sum()),
            "nan_mismatch": int(one_nan.sum()),
        }
    mv = [v["max_abs"] for v in per.values() if v["unit"] == "mV" and v["max_abs"] is not None]
    other = [
        v["max_rel"]
        for k, v in per.items()
        if v["unit"] != "mV" and k != "net_current" and v["max_rel"] is not None
    ]
    return {
        "fields": per,
        "max_abs_mV_all_potentials": max(mv) if mv else None,
        "max_abs_V_mV": per["V"]["max_abs"],
        "max_rel_currents_conductances": max(other) if other else None,
        "max_abs_net_current_pA": per.get("net_current", {}).get("max_abs"),
        "nan_mismatches": sum(v["nan_mismatch"] for v in per.values()),
    }


def bench_rest(key: str, cell_file: str, args: Any, h: Any, nrn_version: str | None) -> dict:
    import vrest
    from vrest.sweep import rest_vec

    row: dict[str, Any] = {"case": key, "cell_file": cell_file, "status": "ok"}
    cell = vrest.load_cell(ROOT / cell_file)
    K = np.linspace(*K_OUT, args.n_axis)
    Na = np.linspace(*NA_OUT, args.n_axis)
    vary = {"K.c_out": K, "Na.c_out": Na}
    n = K.size * Na.size
    fast = rest_vec.supports(cell, list(vary))
    row |= {
        "cell": cell.name,
        "model": cell.model,
        "pump": None if cell.pump is None else cell.pump.mode,
        "n_points": n,
        "grid": {"K.c_out_mM": [*K_OUT, args.n_axis], "Na.c_out_mM": [*NA_OUT, args.n_axis]},
        "fast_path": fast,
    }
    log(f"{key}: {cell.name} ({cell.model}), {n:,} points, rest_vec.supports = {fast}")

    def run_sweep() -> Any:
        return vrest.sweep(cell, vary, analysis="rest", engine="inprocess")

    t0 = time.perf_counter()
    ds = run_sweep()  # the first call loads (or compiles) the compiled kernel
    first = time.perf_counter() - t0
    ds = None
    log(f"{key}: vrest.sweep first call {first:.2f} s; {args.repeats} timed calls")
    sweep_t, ds = time_repeats(run_sweep, args.repeats)
    names = list(ds.data_vars)
    ds_stats = json.loads(ds.attrs.get("stats", "{}"))
    units = {k: ds[k].attrs.get("units", "") for k in names}
    flat_all = {k: ds[k].values.reshape(-1) for k in names}
    nan_points = int(np.isnan(flat_all["V"]).sum())
    ds = None

    KK, NN = np.meshgrid(K, Na, indexing="ij")
    fields = {"K.c_out": KK.reshape(-1), "Na.c_out": NN.reshape(-1)}
    log(f"{key}: rest_points alone, {args.repeats} calls")
    rp_t, rp = time_repeats(lambda: rest_vec.rest_points(cell, fields), args.repeats)
    same_as_sweep = all(np.array_equal(rp[k], flat_all[k], equal_nan=True) for k in names)
    rp = None

    rng = np.random.default_rng(SEED_SAMPLE)
    idx = np.sort(rng.choice(n, size=min(args.sample, n), replace=False))
    kk = fields["K.c_out"][idx].tolist()
    nn = fields["Na.c_out"][idx].tolist()
    sample_flat = {k: v[idx] for k, v in flat_all.items()}
    flat_all = None

    log(f"{key}: solve_rest loop, {args.repeats_loop} passes over {idx.size} sampled points")
    passes = [solve_rest_loop(vrest, cell, kk, nn) for _ in range(args.repeats_loop)]
    # the reference values: vrest's own one-point path (set_fields + solve_rest, the same cells
    # and numbers as the loop's with_ion + solve_rest), untimed
    ref = [
        rest_vec.rest_point_reference(cell, {"K.c_out": k, "Na.c_out": v}) for k, v in zip(kk, nn)
    ]
    loop_total = [p["total_s"] for p in passes]
    per_point = statistics.median(loop_total) / idx.size
    sweep_med = statistics.median(sweep_t)
    rp_med = statistics.median(rp_t)
    row |= {
        "sweep": summary(sweep_t)
        | {
            "first_call_s": first,
            "what": "vrest.sweep(cell, {'K.c_out': K, 'Na.c_out': Na}) in process: every "
            "result field, the xarray Dataset included",
            "fields": names,
            "stats": ds_stats,
            "nan_points": nan_points,
        },
        "rest_points": summary(rp_t)
        | {
            "what": "vrest.sweep.rest_vec.rest_points(cell, {name: flat array}) alone",
            "identical_to_sweep": same_as_sweep,
        },
        "loop": {
            "what": "for each point: vrest.solve_rest(cell.with_ion('K', c_out=k)"
            ".with_ion('Na', c_out=na)) (warnings off)",
            "sample": int(idx.size),
            "seed": SEED_SAMPLE,
            "passes": len(passes),
            "total_s": loop_total,
            "build_s": [p["build_s"] for p in passes],
            "solve_s": [p["solve_s"] for p in passes],
            "per_point_s": per_point,
            "solve_only_per_point_s": statistics.median(p["solve_s"] for p in passes) / idx.size,
            "extrapolated_s": per_point * n,
            "failed_points": sum(r is None for r in passes[-1]["results"]),
        },
        "ratio_loop": per_point * n / sweep_med,
        "ratio_loop_rest_points": per_point * n / rp_med,
        "agreement_solve_rest": _agreement(sample_flat, units, ref, names),
    }
    if cell.model == "ghk":
        row["neuron"] = bench_neuron(key, cell, kk, nn, n, sample_flat, args, h, nrn_version)
        if row["neuron"].get("status") == "ok":
            row["ratio_neuron"] = row["neuron"]["extrapolated_s"] / sweep_med
            row["ratio_neuron_rest_points"] = row["neuron"]["extrapolated_s"] / rp_med
    return row


def bench_neuron(key, cell, kk, nn, n, sample_flat, args, h, nrn_version) -> dict[str, Any]:
    if h is None:
        return {"status": "not available", "reason": "NEURON does not import"}
    if cell.pump is not None and cell.pump.mode != "balance":
        return {"status": "not available", "reason": f"pump mode {cell.pump.mode}"}
    if "K" not in cell.ions or "Na" not in cell.ions:
        return {"status": "not available", "reason": "the cell has no K⁺ or no Na⁺"}
    log(f"{key}: NEURON h.ghk + brentq loop, {args.repeats_loop} passes over {len(kk)} points")
    passes = [neuron_loop(h, cell, kk, nn) for _ in range(args.repeats_loop)]
    v_nrn = np.asarray(passes[-1]["V"])
    d = np.abs(sample_flat["V"] - v_nrn)
    per_point = statistics.median(p["total_s"] for p in passes) / len(kk)
    return {
        "status": "ok",
        "what": "scipy.optimize.brentq(net, -200, 200, xtol=1e-12) per point, net(v) = "
        "Σ P_i·h.ghk(v, c_in, c_out, z) − s·min(P_Na·h.ghk_Na, 0), s = (n_na − n_k)/n_na",
        "neuron": nrn_version,
        "total_s": [p["total_s"] for p in passes],
        "mean_function_calls": passes[-1]["mean_function_calls"],
        "per_point_s": per_point,
        "extrapolated_s": per_point * n,
        "agreement_V": {
            "max_abs_mV": float(np.nanmax(d)),
            "median_abs_mV": float(np.nanmedian(d)),
            "worst": {
                "K.c_out": kk[int(np.nanargmax(d))],
                "Na.c_out": nn[int(np.nanargmax(d))],
                "vrest_mV": float(sample_flat["V"][int(np.nanargmax(d))]),
                "neuron_mV": float(v_nrn[int(np.nanargmax(d))]),
            },
        },
    }


# --------------------------------------------------------------------------------------------
# noise ensemble on a local Dask cluster


def _noise_run(vrest: Any, cell: Any, vary: dict, opts: dict, engine: str, workers: int | None,
               chunk_size: int | None, scheduler: Any = None) -> dict[str, Any]:  # fmt: skip
    kw: dict[str, Any] = {"engine": engine}
    if engine == "dask":
        kw |= {"workers": workers, "chunk_size": chunk_size, "scheduler": scheduler}
    t0 = time.perf_counter()
    ds = vrest.sweep(cell, vary, analysis="noise", options=opts, seed=NOISE_SEED, **kw)
    wall = time.perf_counter() - t0
    st = json.loads(ds.attrs.get("stats", "{}"))
    n_points = int(ds["sigma_V"].size)
    return {
        "engine": engine,
        "workers": workers,
        "cluster": "none" if engine != "dask" else ("warm" if scheduler else "started by sweep"),
        "wall_s": wall,
        "stats": st,
        "startup_s": st.get("startup_s"),
        "run_s": st.get("run_s"),
        "compute_s": st.get("compute_s"),
        "overhead_per_task_s": st.get("overhead_per_task_s"),
        "n_tasks": st.get("chunks_computed"),
        "compute_per_point_s": st["compute_s"] / n_points if st.get("compute_s") else None,
        "sigma_V": ds["sigma_V"].values.tolist(),
    }


def _warm_worker(cell_file: str) -> float:
    """Runs on each worker of the warm cluster: imports vrest.noise and the sweep's modules and
    loads the compiled noise kernel (one tiny run), what a cold worker does inside its first
    task. Returns seconds."""
    t0 = time.perf_counter()
    import vrest
    import vrest.sweep.compute
    import vrest.sweep.engine
    from vrest.noise import noise

    noise(vrest.load_cell(cell_file), "exact", cells=1, duration=10.0, seed=1, record="summary")
    return time.perf_counter() - t0


def _warm_cluster_run(vrest: Any, cell: Any, vary: dict, opts: dict, w: int) -> dict[str, Any]:
    """The same sweep on a LocalCluster started here (as the sweep starts its own: 127.0.0.1,
    single-threaded worker processes, vrest's worker environment) whose workers have already
    imported vrest.noise and loaded its kernel; passed to the sweep as ``scheduler=client``."""
    import logging

    from distributed import Client, LocalCluster

    try:
        from vrest.sweep.engine import WORKER_ENV as env
    except ImportError:
        env = {"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    t0 = time.perf_counter()
    cluster = LocalCluster(
        n_workers=w, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, env=dict(env), silence_logs=logging.ERROR,
    )  # fmt: skip
    client = Client(cluster, set_as_default=False)
    try:
        client.wait_for_workers(w, timeout=60)
        t_start = time.perf_counter() - t0
        t1 = time.perf_counter()
        per_worker = client.run(_warm_worker, str(ROOT / NOISE_CELL))
        t_warm = time.perf_counter() - t1
        r = _noise_run(vrest, cell, vary, opts, "dask", w, 1, scheduler=client)
    finally:
        client.close(timeout=10)
        cluster.close(timeout=10)
    return r | {"cluster_start_s": t_start, "worker_warmup_s": t_warm,
                "worker_warmup_each_s": sorted(per_worker.values())}  # fmt: skip


def _spin(n: int) -> float:
    """Pure-Python CPU work (no I/O, no memory traffic); returns its wall time."""
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i
    return time.perf_counter() - t0


def cpu_probe(n: int = 8_000_000) -> dict[str, Any]:
    """How much of the machine's two cores this run gets right now (the machine may be shared):
    the same pure-Python loop in 1 process, then in 2 processes at once; ``throughput`` =
    2·t(1)/t(2) is 2.0 on two idle cores and about 1.0 when something else keeps one core busy.
    Taken just before each pair of Dask runs, to read their scaling against."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=mp.get_context("spawn")) as ex:
        list(ex.map(_spin, [n // 10, n // 10]))  # start both processes
        t1 = statistics.median(ex.submit(_spin, n).result() for _ in range(3))
        t0 = time.perf_counter()
        list(ex.map(_spin, [n, n]))
        t2 = time.perf_counter() - t0
    return {"one_s": t1, "two_s": t2, "throughput": 2 * t1 / t2,
            "load_average": list(os.getloadavg())}  # fmt: skip


def bench_noise(args: Any) -> dict[str, Any]:
    import vrest

    row: dict[str, Any] = {"case": "noise_dask", "cell_file": NOISE_CELL, "status": "ok"}
    cell = vrest.load_cell(ROOT / NOISE_CELL)
    counts = [round(x) for x in np.linspace(*NOISE_COUNTS, args.noise_values)]
    opts = dict(NOISE_OPTIONS_QUICK if args.quick else NOISE_OPTIONS)
    if args.noise_cells:
        opts["cells"] = args.noise_cells
    if args.noise_duration:
        opts["duration"] = args.noise_duration
    vary = {"K80.count": counts}
    row |= {"cell": cell.name, "vary": vary, "options": opts, "seed": NOISE_SEED}
    import distributed  # imported once here, so that no run's start-up includes the import

    row["dask"] = distributed.__version__
    # warm-up: compiles (or loads) the noise kernel and writes Numba's disk cache, which the
    # workers then load; then the in-process run, for reference
    log("noise: warm-up (one point in process)")
    _noise_run(vrest, cell, {"K80.count": counts[:1]}, opts | {"duration": 100.0},
               "inprocess", None, None)  # fmt: skip
    log(f"noise: in process, {len(counts)} points")
    row["inprocess"] = _noise_run(vrest, cell, vary, opts, "inprocess", None, None)
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    warm: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    probes = []
    for rep in range(args.repeats_dask):
        order = (1, 2) if rep % 2 == 0 else (2, 1)  # alternate, against drifting load
        probes.append(cpu_probe())
        log(f"noise: CPU probe: 2-process throughput {probes[-1]['throughput']:.2f} (ideal 2)")
        for w in order:
            log(f"noise: dask, {w} worker(s), {len(counts)} tasks (repeat {rep + 1})")
            runs[w].append(_noise_run(vrest, cell, vary, opts, "dask", w, 1) | {"repeat": rep})
        if not args.no_warm_cluster:
            for w in order:
                log(f"noise: dask, warm cluster of {w} worker(s) (repeat {rep + 1})")
                warm[w].append(_warm_cluster_run(vrest, cell, vary, opts, w) | {"repeat": rep})
    best = {w: min(rs, key=lambda r: r["run_s"]) for w, rs in runs.items()}
    ref = row["inprocess"]["sigma_V"]
    every = [r for rs in (*runs.values(), *warm.values()) for r in rs]
    row |= {
        "dask_runs": {str(w): rs for w, rs in runs.items()},
        "best": {str(w): b for w, b in best.items()},
        "scaling_T1_over_T2": best[1]["run_s"] / best[2]["run_s"],
        "scaling_wall_T1_over_T2": best[1]["wall_s"] / best[2]["wall_s"],
        "compute_inflation_2_vs_1": best[2]["compute_s"] / best[1]["compute_s"],
        "identical_results": all(r["sigma_V"] == ref for r in every),
        "cpu_probes": probes,
        "cpu_throughput_best": max(p["throughput"] for p in probes) if probes else None,
    }
    if warm[1] and warm[2]:
        wb = {w: min(rs, key=lambda r: r["run_s"]) for w, rs in warm.items()}
        row |= {
            "warm_runs": {str(w): rs for w, rs in warm.items()},
            "warm_best": {str(w): b for w, b in wb.items()},
            "warm_scaling_T1_over_T2": wb[1]["run_s"] / wb[2]["run_s"],
        }
    return row


# --------------------------------------------------------------------------------------------
# goals, report


def goals(rest: list[dict[str, Any]], noise: dict[str, Any] | None) -> list[dict[str, Any]]:
    out = []
    for r in rest:
        label = f"{r.get('cell', r['case'])} ({r.get('model', '?')})"
        if r["status"] != "ok":
            out.append(_goal(f"{r['case']}_loop", f"{label}: sweep vs solve_rest loop", None,
                             ">=", GOAL_LOOP, "×", r.get("reason", "")))  # fmt: skip
            continue
        n, lp = r["n_points"], r["loop"]
        out.append(
            _goal(
                f"{r['case']}_vs_solve_rest_loop",
                f"{label}: vrest.sweep, {n:,} points, vs a solve_rest loop (extrapolated)",
                r["ratio_loop"],
                ">=",
                GOAL_LOOP,
                "×",
                f"{_t(lp['extrapolated_s'])} (= {lp['per_point_s'] * 1e6:.0f} µs/point × {n:,}, "
                f"measured on {lp['sample']} points) / {_t(r['sweep']['median_s'])}",
            )
        )
        a = r["agreement_solve_rest"]
        out.append(
            _goal(
                f"{r['case']}_agree_solve_rest",
                f"{label}: sweep = solve_rest on the {lp['sample']} sampled points",
                a["max_abs_mV_all_potentials"],
                "<=",
                GOAL_AGREE_MV,
                "mV",
                f"max |Δ| over every mV field (V {_g(a['max_abs_V_mV'])} mV); currents and "
                f"conductances max rel {_g(a['max_rel_currents_conductances'])}; "
                f"{a['nan_mismatches']} NaN mismatches",
            )
        )
        nr = r.get("neuron")
        if nr is not None:
            ok = nr.get("status") == "ok"
            out.append(
                _goal(
                    f"{r['case']}_vs_neuron_loop",
                    f"{label}: vrest.sweep, {n:,} points, vs a NEURON h.ghk + brentq loop "
                    "(extrapolated)",
                    r.get("ratio_neuron"),
                    ">=",
                    GOAL_NEURON,
                    "×",
                    f"{_t(nr['extrapolated_s'])} (= {nr['per_point_s'] * 1e6:.1f} µs/point × "
                    f"{n:,}, measured on {lp['sample']} points) / {_t(r['sweep']['median_s'])}"
                    if ok
                    else nr.get("reason", ""),
                )
            )
            out.append(
                _goal(
                    f"{r['case']}_agree_neuron",
                    f"{label}: V of the sweep = NEURON's on the sampled points",
                    nr["agreement_V"]["max_abs_mV"] if ok else None,
                    "<=",
                    GOAL_AGREE_MV,
                    "mV",
                    f"median |ΔV| {_g(nr['agreement_V']['median_abs_mV'])} mV" if ok else "",
                )
            )
    if noise is not None:
        ok = noise["status"] == "ok"
        detail = noise.get("reason", "")
        if ok:
            b1, b2 = noise["best"]["1"], noise["best"]["2"]
            detail = (
                f"sweep time (first task sent → last result, stats run_s) {_t(b1['run_s'])} / "
                f"{_t(b2['run_s'])}, best of {len(noise['dask_runs']['1'])}; cluster start-up "
                f"not included; compute per point ×{noise['compute_inflation_2_vs_1']:.2f} with "
                "2 workers"
            )
            if noise.get("warm_scaling_T1_over_T2"):
                detail += f"; warm cluster: {noise['warm_scaling_T1_over_T2']:.3g}×"
        out.append(
            _goal(
                "noise_dask_scaling",
                "Noise ensemble on a local Dask cluster: T(1 worker) / T(2 workers)",
                noise.get("scaling_T1_over_T2"),
                ">=",
                GOAL_SCALING,
                "×",
                detail,
            )
        )
    return out


def machine_info() -> dict[str, Any]:
    versions = common.module_versions(
        ("numpy", "scipy", "numba", "xarray", "dask", "distributed", "vrest")
    )
    return common.machine_base() | {"numba_threads": common.numba_threads(), **versions}


def _g(x: float | None) -> str:
    return "—" if x is None else f"{x:.2g}"


def _goal_cells(g: dict[str, Any]) -> list[str]:
    return common.goal_cells(g, measured_fmt=".2g", value_fmt="g")


def _rest_rows(r: dict[str, Any]) -> list[list[str]]:
    label = f"{r.get('cell', r['case'])} ({r.get('model', '?')})"
    if r["status"] != "ok":
        why = (r.get("reason") or "").strip().splitlines()
        return [[label, f"{r['status']}: {(why[-1] if why else '')[:90]}", *["—"] * 5]]
    lp, sw, rp = r["loop"], r["sweep"], r["rest_points"]
    loop_cell = (
        f"solve_rest loop: {_t(statistics.median(lp['total_s']))} on {lp['sample']} points "
        f"({lp['per_point_s'] * 1e6:.0f} µs/point)"
    )
    rows = [
        [
            label,
            f"{_t(sw['median_s'])} (first call {_t(sw['first_call_s'])})",
            _t(rp["median_s"]),
            loop_cell,
            f"{_t(lp['extrapolated_s'])} (extrapolated)",
            f"{r['ratio_loop']:.3g}× ({r['ratio_loop_rest_points']:.3g}×)",
            f"max \\|ΔV\\| {_g(r['agreement_solve_rest']['max_abs_V_mV'])} mV",
        ]
    ]
    nr = r.get("neuron")
    if nr is not None and nr.get("status") == "ok":
        rows.append(
            [
                label,
                "″",
                "″",
                f"NEURON h.ghk + brentq loop: {_t(statistics.median(nr['total_s']))} on "
                f"{lp['sample']} points ({nr['per_point_s'] * 1e6:.1f} µs/point, "
                f"{nr['mean_function_calls']:.1f} evaluations)",
                f"{_t(nr['extrapolated_s'])} (extrapolated)",
                f"{r['ratio_neuron']:.3g}× ({r['ratio_neuron_rest_points']:.3g}×)",
                f"max \\|ΔV\\| {_g(nr['agreement_V']['max_abs_mV'])} mV",
            ]
        )
    elif nr is not None:
        rows.append([label, "″", "″", f"NEURON loop {nr['status']}: {nr.get('reason', '')}",
                     "—", "—", "—"])  # fmt: skip
    return rows


def _noise_rows(x: dict[str, Any]) -> list[list[str]]:
    if x["status"] != "ok":
        why = (x.get("reason") or "").strip().splitlines()
        return [["—", f"{x['status']}: {(why[-1] if why else '')[:90]}", *["—"] * 6]]
    ip = x["inprocess"]
    rows = [
        [
            "in process (Numba threads)",
            f"{ip['stats'].get('n_chunks')} chunk(s) of {ip['stats'].get('chunk_size')} points",
            "—",
            _t(ip["run_s"]),
            _t(ip["wall_s"]),
            _t(ip["compute_per_point_s"]),
            "—",
        ]
    ]
    for label, key in (("", "best"), (", warm", "warm_best")):
        for w in ("1", "2"):
            b = x.get(key, {}).get(w)
            if b is None:
                continue
            start = _t(b["startup_s"])
            if key == "warm_best":
                start = (f"({_t(b['cluster_start_s'])} + worker warm-up "
                         f"{_t(b['worker_warmup_s'])}, before the sweep)")  # fmt: skip
            rows.append(
                [
                    f"Dask LocalCluster{label}, {w} worker{'s' if w != '1' else ''}",
                    f"{b['n_tasks']} tasks of 1 point",
                    start,
                    _t(b["run_s"]),
                    _t(b["wall_s"]),
                    _t(b["compute_per_point_s"]),
                    _t(b["overhead_per_task_s"]),
                ]
            )
    return rows


def markdown(report: dict[str, Any]) -> str:
    m, cfg = report["machine"], report["config"]
    rhead = ["cell", "vrest.sweep, end to end", "rest_points alone", "loop, measured on a sample",
             "loop, whole grid", "ratio (rest_points)", "agreement on the sample"]  # fmt: skip
    nhead = ["engine", "tasks", "cluster start-up", "sweep (first task → last result)",
             "end to end", "compute per point", "overhead per task"]  # fmt: skip
    ghead = ["goal", "measured", "target", "met?", "how"]
    n = cfg["n_axis"] ** 2
    lines = [
        "# Sweeps: vrest.sweep vs loops over solve_rest and NEURON; Dask scaling",
        "",
        f"**Rest sweeps, {n:,} points** (K.c_out {K_OUT[0]:g}–{K_OUT[1]:g} mM × Na.c_out "
        f"{NA_OUT[0]:g}–{NA_OUT[1]:g} mM, {cfg['n_axis']} × {cfg['n_axis']}, every result field; "
        f"in process, {m['numba_threads']} Numba threads). The loops are too slow for the whole "
        f"grid: they run on {cfg['sample']} random points of it and are extrapolated linearly.",
        "",
        *common.md_table(rhead, [c for r in report["rest"] for c in _rest_rows(r)]),
    ]
    x = report.get("noise")
    if x is not None:
        opts = x.get("options", {})
        vals = x.get("vary", {}).get("K80.count", [])
        lines += [
            "",
            f"**Noise ensemble on a local Dask cluster** ({NOISE_CELL}: K80.count "
            f"{vals[0] if vals else '?'}–{vals[-1] if vals else '?'}, {len(vals)} points; "
            f"vrest.noise method {opts.get('method')}, {opts.get('cells')} cells × "
            f"{opts.get('duration', 0):g} ms per point, seed {NOISE_SEED}; one task per point; "
            f"Dask rows: the best of {cfg['repeats_dask']} run(s) by sweep time; times from the "
            "sweep's own stats, end to end = the whole `vrest.sweep` call, cluster start and "
            "close included).",
            "",
            *common.md_table(nhead, _noise_rows(x)),
        ]
        if x.get("status") == "ok":
            probes = ", ".join(f"{p['throughput']:.2f}" for p in x["cpu_probes"])
            lines += [
                "",
                "The machine is shared: compute per point with 2 workers is "
                f"×{x['compute_inflation_2_vs_1']:.2f} that with 1 (1.00 when each worker has a "
                "core of its own), and a pure-Python loop in 2 processes at once ran at "
                f"{probes} × the speed of one (ideal 2.00), measured before each pair of runs. "
                "σ_V is "
                + ("identical" if x["identical_results"] else "**not** identical")
                + " in process and on 1 or 2 workers (each point has its own seed). Warm: a "
                "cluster started beforehand whose workers have imported vrest and loaded the "
                "compiled noise kernel, passed as `scheduler=client`; a cold worker does that "
                "in its first task, inside the sweep time.",
            ]
    lines += [
        "",
        *common.md_table(ghead, map(_goal_cells, report["goals"])),
        "",
        f"Measured {report['timestamp_utc']} on {m['cpu_count']} CPU(s) ({m['cpu_model']}), "
        f"Python {m['python']}, NumPy {m['numpy']}, Numba {m['numba']}, Dask "
        f"{m['distributed']}, NEURON {report.get('neuron') or '—'}, vrest {m['vrest']}; "
        f"load average {report['load_average'][0]:.2f} at the start; vrest times are medians "
        f"of {cfg['repeats']} calls after a first one, loop times medians of "
        f"{cfg['repeats_loop']} passes; `.venv-bench/bin/python benchmarks/run_sweep.py`.",
        "",
    ]
    return "\n".join(lines)


def _failed(case: str, exc: BaseException) -> dict[str, Any]:
    import traceback

    log(f"{case}: error: {type(exc).__name__}: {exc}")
    return {"case": case, "status": "error", "reason": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc()[-3000:]}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n-axis", type=int, default=1000, help="values per varied field")
    ap.add_argument("--sample", type=int, default=2000, help="points of the timed loops")
    ap.add_argument("--repeats", type=int, default=5, help="timed vrest calls after the first")
    ap.add_argument("--repeats-loop", type=int, default=3, help="passes of each loop")
    ap.add_argument("--noise-values", type=int, default=16, help="K80.count values")
    ap.add_argument("--noise-cells", type=int, default=None, help="cells per noise point")
    ap.add_argument("--noise-duration", type=float, default=None, help="ms per noise point")
    ap.add_argument("--repeats-dask", type=int, default=3, help="runs per worker count")
    ap.add_argument("--no-warm-cluster", action="store_true",
                    help="skip the runs on a pre-started, pre-warmed cluster")  # fmt: skip
    ap.add_argument("--skip-rest", action="store_true")
    ap.add_argument("--skip-noise", action="store_true")
    ap.add_argument("--quick", action="store_true",
                    help="300 × 300 points, 300 sampled, 8 noise points, 1 run each")  # fmt: skip
    common.add_common_arguments(ap)
    args = ap.parse_args(argv)
    if args.quick:
        args.n_axis, args.sample, args.repeats, args.repeats_loop = 300, 300, 2, 1
        args.noise_values, args.repeats_dask = 8, 1
    t_start = time.perf_counter()
    load0 = os.getloadavg()
    os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")
    h, nrn_version = None, None
    try:
        from neuron import __version__ as nrn_version
        from neuron import h
    except ImportError as exc:
        log(f"NEURON does not import ({exc}); the NEURON loop is 'not available'")
    rest: list[dict[str, Any]] = []
    if not args.skip_rest:
        for key, f in (("rest_chord", CHORD_CELL), ("rest_ghk", GHK_CELL)):
            try:
                rest.append(bench_rest(key, f, args, h, nrn_version))
            except Exception as exc:  # the API is new: report, do not crash the run
                rest.append(_failed(key, exc))
    noise = None
    if not args.skip_noise:
        try:
            noise = bench_noise(args)
        except Exception as exc:
            noise = _failed("noise_dask", exc)
    gl = goals(rest, noise)
    report = common.report_head(".venv-bench/bin/python benchmarks/run_sweep.py", argv) | {
        "config": {
            "n_axis": args.n_axis,
            "K.c_out_mM": K_OUT,
            "Na.c_out_mM": NA_OUT,
            "sample": args.sample,
            "seed_sample": SEED_SAMPLE,
            "repeats": args.repeats,
            "repeats_loop": args.repeats_loop,
            "repeats_dask": args.repeats_dask,
            "noise_values": args.noise_values,
            "timer": "time.perf_counter (GC off for the vrest calls); medians of the vrest "
            "calls and of the loop passes; the Dask rows: the run with the smallest sweep time",
        },
        "machine": machine_info(),
        "neuron": nrn_version,
        "load_average": list(load0),
        "load_average_end": list(os.getloadavg()),
        "rest": rest,
        "noise": noise,
    }
    return common.finish_goal_report(args, "sweep_latest", report, gl, t_start, markdown, log)


if __name__ == "__main__":
    sys.exit(main())
