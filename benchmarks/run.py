#!/usr/bin/env python3
"""vrest vs NEURON (and vs Myokit for time courses), side by side, in one run.

Run it through ``bash benchmarks/run.sh`` (which sets up ``.venv-bench`` first), or directly with
``.venv-bench/bin/python benchmarks/run.py [--n 1000000] [--quick]``.

Cases (see benchmarks/README.md):

* ``nernst``       vrest.nernst on N points (one vectorized call) vs NEURON ``h.nernst`` called N
                   times from a Python loop; same inputs; speed ratio and numerical agreement.
* ``ghk_current``  vrest.ghk_current_density × 1e-3 (µA/cm² → mA/cm² at P = 1 cm/s) vs
                   ``h.ghk(v, ci, co, z)`` (mA/cm² per cm/s); same as above.
* ``ghk_voltage``  vrest.ghk_voltage vs brentq on Σ P·h.ghk (agreement only).
* ``solve_rest``   vrest.solve_rest(vrest.load_cell(...)): median µs per call (goal < 1 ms).
* ``cli_rest``     ``vrest rest examples/cells/chapter_neuron.toml`` end to end (goal < 1 s).
* ``myokit_*``     the pump–leak time course vs Myokit (CVODES): one cell end to end, the solve
                   alone, agreement at every sample, 1000 cells end to end
                   (benchmarks/run_dynamics.py; needs .venv-peers, else "not available").

Results go to benchmarks/results/latest.json (atomically) and latest.md; a summary table is
printed on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # benchmarks/_common.py, beside this file
import run_dynamics  # benchmarks/run_dynamics.py, beside this file
from _common import ROOT, time_repeats, timing_summary
from _common import fmt_time as _fmt_time

os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")  # no DISPLAY warning on stdout

import numpy as np

CELL_FILE = "examples/cells/chapter_neuron.toml"

#: Temperatures (°C) of the N-point comparisons; the points are split in equal blocks because
#: NEURON's temperature is the global h.celsius.
TEMPERATURES = (6.3, 20.0, 25.0, 37.0)
#: Ion templates for the random physiological inputs: name → (z, (lo, hi) c_in, (lo, hi) c_out,
#: log-uniform?). Valences +1, −1, +2, −2.
ION_RANGES: dict[str, tuple[int, tuple[float, float], tuple[float, float], bool]] = {
    "K": (1, (100.0, 160.0), (2.0, 12.0), False),
    "Na": (1, (5.0, 25.0), (120.0, 160.0), False),
    "Cl": (-1, (4.0, 60.0), (90.0, 130.0), False),
    "Ca": (2, (2e-5, 2e-3), (0.5, 3.0), True),
    "Mg": (2, (0.3, 1.0), (0.5, 2.0), False),
    "HPO4": (-2, (1.0, 5.0), (0.5, 1.5), False),
}
SEED_POINTS = 20240611
SEED_GHKV = 20240612

GOAL_RATIO = 50.0
GOAL_SOLVE_US = 1000.0
GOAL_CLI_S = 1.0


log = common.logger("bench")


# --------------------------------------------------------------------------------------------
# inputs, timing and agreement helpers


def make_points(n: int, seed: int = SEED_POINTS) -> dict[str, np.ndarray]:
    """N random physiological (c_in, c_out, z, V, celsius) points, sorted in temperature blocks.

    V is uniform in [−120, 60] mV, except 1 % exactly 0 mV and 1 % with |V| < 1e-3 mV (the
    removable singularity of the GHK current)."""
    rng = np.random.default_rng(seed)
    names = list(ION_RANGES)
    kind = rng.integers(0, len(names), n)
    ci = np.empty(n)
    co = np.empty(n)
    z = np.empty(n, dtype=np.int64)
    for k, name in enumerate(names):
        zk, (ilo, ihi), (olo, ohi), logu = ION_RANGES[name]
        m = kind == k
        cnt = int(m.sum())
        if logu:
            ci[m] = np.exp(rng.uniform(math.log(ilo), math.log(ihi), cnt))
        else:
            ci[m] = rng.uniform(ilo, ihi, cnt)
        co[m] = rng.uniform(olo, ohi, cnt)
        z[m] = zk
    v = rng.uniform(-120.0, 60.0, n)
    special = rng.permutation(n)[: max(2, n // 50)]
    half = len(special) // 2
    v[special[:half]] = 0.0
    v[special[half:]] = rng.uniform(-1e-3, 1e-3, len(special) - half)
    celsius = np.repeat(np.asarray(TEMPERATURES), -(-n // len(TEMPERATURES)))[:n]
    return {"c_in": ci, "c_out": co, "z": z, "V": v, "celsius": celsius}


def temperature_blocks(p: dict[str, np.ndarray]) -> list[tuple[float, list, list, list, list]]:
    """Per-temperature Python lists (the natural input of a Python loop over NEURON)."""
    blocks = []
    for t in TEMPERATURES:
        m = p["celsius"] == t
        cols = (p[k][m].tolist() for k in ("c_in", "c_out", "z", "V"))
        blocks.append((t, *cols))
    return blocks


def agreement(ours: np.ndarray, peer: np.ndarray, inputs: dict[str, np.ndarray]) -> dict[str, Any]:
    """max abs and max relative difference (relative to |peer|; exact zeros skipped), plus the
    inputs of the worst points."""
    ours = np.asarray(ours, dtype=float)
    peer = np.asarray(peer, dtype=float)
    d = np.abs(ours - peer)
    nz = peer != 0
    rel = np.zeros_like(d)
    rel[nz] = d[nz] / np.abs(peer[nz])
    i_abs = int(np.argmax(d))
    i_rel = int(np.argmax(rel))
    out: dict[str, Any] = {
        "n": int(d.size),
        "max_abs": float(d[i_abs]),
        "max_rel": float(rel[i_rel]),
        "median_rel": float(np.median(rel)),
        "identical_fraction": float(np.mean(d == 0)),
        "worst_rel_point": {k: _py(v[i_rel]) for k, v in inputs.items()}
        | {"vrest": float(ours[i_rel]), "neuron": float(peer[i_rel])},
        "worst_abs_point": {k: _py(v[i_abs]) for k, v in inputs.items()}
        | {"vrest": float(ours[i_abs]), "neuron": float(peer[i_abs])},
    }
    return out


def _py(x: Any) -> Any:
    return x.item() if hasattr(x, "item") else x


# --------------------------------------------------------------------------------------------
# cases


def _kernel_time(modname: str, attr: str, call: Callable[[Any], Any], repeats: int):
    """Median time of a private, unchecked vrest kernel (diagnostic only: how much of the public
    call is input validation). None when the private name is gone."""
    try:
        fn = getattr(importlib.import_module(modname), attr)
    except (ImportError, AttributeError):
        return None
    times, _ = time_repeats(lambda: call(fn), repeats)
    return {"what": f"{modname}.{attr} (private kernel, no validation)"} | timing_summary(times)


# NEURON is timed two ways (same points, same values):
#  * "bound": f = h.nernst looked up once, list comprehension over Python floats — the fastest
#    plain-Python loop, and the headline comparison;
#  * "naive": for i in range(n): out[i] = h.nernst(...) — attribute looked up on every call,
#    results stored in a NumPy array; how such loops are usually written (the ~1.1 s per 10⁶
#    calls quoted in the issue).


def bench_nernst(p, blocks, h, vrest, args) -> list[dict[str, Any]]:
    ci, co, z, t = p["c_in"], p["c_out"], p["z"], p["celsius"]
    n = ci.size
    log(f"nernst: vrest, {args.repeats_vrest} repeats of one call on {n} points")
    vt, ours = time_repeats(lambda: vrest.nernst(ci, co, z, celsius=t), args.repeats_vrest)
    kern = _kernel_time("vrest.nernst", "_nernst", lambda k: k(ci, co, z, t), args.repeats_vrest)
    f = h.nernst

    def bound() -> list[float]:
        out: list[float] = []
        for temp, bci, bco, bz, _ in blocks:
            h.celsius = temp
            out += [f(a, b, c) for a, b, c in zip(bci, bco, bz, strict=True)]
        return out

    def naive() -> np.ndarray:
        out = np.empty(n)
        off = 0
        for temp, bci, bco, bz, _ in blocks:
            h.celsius = temp
            for j in range(len(bci)):
                out[off + j] = h.nernst(bci[j], bco[j], bz[j])
            off += len(bci)
        return out

    log(f"nernst: NEURON, {args.repeats_peer} repeats of {n} calls (bound f = h.nernst)")
    pt, theirs = time_repeats(bound, args.repeats_peer)
    log(f"nernst: NEURON, {args.repeats_naive} repeats of {n} calls (naive h.nernst loop)")
    nt, theirs_naive = time_repeats(naive, args.repeats_naive)
    agree = agreement(ours, np.asarray(theirs), {"c_in": ci, "c_out": co, "z": z, "celsius": t})
    same = bool(np.array_equal(np.asarray(theirs), theirs_naive))
    title = f"Nernst potential, {n:,} points (mV)"
    ours_desc = "vrest.nernst(c_in, c_out, z, celsius=T) on arrays (one call)"
    return [
        _speed_case(
            "nernst",
            title + ", NEURON bound loop",
            ours_desc,
            "f = h.nernst; [f(ci, co, z) for ...] over Python floats (h.celsius per T block)",
            "mV",
            vt,
            pt,
            agree,
        )
        | {"vrest_kernel": kern},
        _speed_case(
            "nernst_naive_loop",
            title + ", NEURON naive loop",
            ours_desc,
            "for i in range(n): out[i] = h.nernst(ci[i], co[i], z[i]) (h.celsius per T block)",
            "mV",
            vt,
            nt,
            agree | {"naive_loop_values_identical_to_bound": same},
        ),
    ]


def _ghk_breakdown(ours, theirs, p, h) -> dict[str, Any]:
    """Where the GHK-current differences come from. NEURON's efun(x) = x/(e^x − 1) switches to
    the series 1 − x/2 for |x| < 1e-4 (x = zFV/RT; relative error ≈ x²/12 ≤ 1e-9) and uses
    exp(x) − 1 (not expm1) just above it; vrest uses expm1 throughout. Near V = E the current is
    a difference of two nearly equal terms, so any rounding is amplified (conditioning, not
    disagreement). Elsewhere they agree to ~1e-13 relative (NEURON's exp(x) − 1 loses about
    eps/|x| for small |x|), ~1e-14 for |x| > 0.1."""
    v, z, t = p["V"], p["z"], p["celsius"]
    x = np.abs(z * v / (1e3 * h.R * (t + 273.15) / h.FARADAY))
    e_rev = 1e3 * h.R * (t + 273.15) / (z * h.FARADAY) * np.log(p["c_out"] / p["c_in"])
    d = np.abs(ours - theirs)
    rel = d / np.abs(theirs)
    band = x < 1e-4
    near_e = ~band & (np.abs(v - e_rev) <= 1.0)
    rest = ~band & ~near_e

    def stats(m: np.ndarray) -> dict[str, Any]:
        if not m.any():
            return {"n": 0, "max_rel": None, "max_abs": None}
        return {"n": int(m.sum()), "max_rel": float(rel[m].max()), "max_abs": float(d[m].max())}

    return {
        "neuron_efun_series_band": stats(band) | {"definition": "|zFV/RT| < 1e-4"},
        "near_reversal": stats(near_e) | {"definition": "|V - E| <= 1 mV (outside the band)"},
        "elsewhere": stats(rest),
    }


def bench_ghk_current(p, blocks, h, vrest, args) -> list[dict[str, Any]]:
    v, ci, co, z, t = p["V"], p["c_in"], p["c_out"], p["z"], p["celsius"]
    n = v.size
    log(f"ghk_current: vrest, {args.repeats_vrest} repeats of one call on {n} points")
    vt, ours = time_repeats(
        lambda: vrest.ghk_current_density(v, ci, co, z, P=1.0, celsius=t), args.repeats_vrest
    )
    kern = _kernel_time("vrest.ghk", "_ghk_j", lambda k: k(v, ci, co, z, t), args.repeats_vrest)
    g = h.ghk

    def bound() -> list[float]:
        out: list[float] = []
        for temp, bci, bco, bz, bv in blocks:
            h.celsius = temp
            out += [g(a, b, c, d) for a, b, c, d in zip(bv, bci, bco, bz, strict=True)]
        return out

    def naive() -> np.ndarray:
        out = np.empty(n)
        off = 0
        for temp, bci, bco, bz, bv in blocks:
            h.celsius = temp
            for j in range(len(bci)):
                out[off + j] = h.ghk(bv[j], bci[j], bco[j], bz[j])
            off += len(bci)
        return out

    log(f"ghk_current: NEURON, {args.repeats_peer} repeats of {n} calls (bound g = h.ghk)")
    pt, theirs = time_repeats(bound, args.repeats_peer)
    log(f"ghk_current: NEURON, {args.repeats_naive} repeats of {n} calls (naive h.ghk loop)")
    nt, theirs_naive = time_repeats(naive, args.repeats_naive)
    # vrest: µA/cm² at P = 1 cm/s; NEURON: mA/cm² per (cm/s). Same sign (outward positive).
    agree = agreement(
        np.asarray(ours) * 1e-3,
        np.asarray(theirs),
        {"V": v, "c_in": ci, "c_out": co, "z": z, "celsius": t},
    )
    agree["breakdown"] = _ghk_breakdown(np.asarray(ours) * 1e-3, np.asarray(theirs), p, h)
    rest = agree["breakdown"]["elsewhere"]
    agree["table_note"] = f"{rest['max_rel']:.2g} rel. away from V≈0 and V≈E"
    same = bool(np.array_equal(np.asarray(theirs), theirs_naive))
    title = f"GHK current density, {n:,} points (mA/cm² per cm/s)"
    ours_desc = "vrest.ghk_current_density(V, c_in, c_out, z, P=1, celsius=T) × 1e-3, one call"
    return [
        _speed_case(
            "ghk_current",
            title + ", NEURON bound loop",
            ours_desc,
            "g = h.ghk; [g(v, ci, co, z) for ...] over Python floats (h.celsius per T block)",
            "mA/cm² per (cm/s)",
            vt,
            pt,
            agree,
        )
        | {"vrest_kernel": kern},
        _speed_case(
            "ghk_current_naive_loop",
            title + ", NEURON naive loop",
            ours_desc,
            "for i in range(n): out[i] = h.ghk(v[i], ci[i], co[i], z[i]) (h.celsius per T block)",
            "mA/cm² per (cm/s)",
            vt,
            nt,
            agree | {"naive_loop_values_identical_to_bound": same},
        ),
    ]


def _speed_case(key, title, ours_desc, peer_desc, unit, vt, pt, agree) -> dict[str, Any]:
    vs, ps = timing_summary(vt), timing_summary(pt)
    ratio = ps["median_s"] / vs["median_s"]
    return {
        "case": key,
        "title": title,
        "status": "ok",
        "vrest": vs | {"what": ours_desc},
        "peer": ps | {"what": peer_desc, "name": "NEURON"},
        "ratio": ratio,
        "ratio_best": ps["best_s"] / vs["best_s"],
        "goal": {"metric": "ratio", "op": ">=", "value": GOAL_RATIO},
        "met": ratio >= GOAL_RATIO,
        "agreement": agree | {"unit": unit},
    }


def _ghkv_cases(n_random: int) -> list[dict[str, Any]]:
    cases = []
    base_ci = {"K": 140.0, "Na": 10.0, "Cl": 10.0, "Ca": 1e-4}
    base_co = {"K": 5.0, "Na": 145.0, "Cl": 110.0, "Ca": 2.0}
    for t in (6.3, 20.0, 37.0):
        for P in (
            {"K": 1.0, "Na": 0.05, "Cl": 0.45},
            {"K": 1.0, "Na": 0.04},
            {"K": 1.0, "Na": 20.0, "Cl": 0.45},
            {"K": 1.0, "Na": 0.05, "Cl": 0.45, "Ca": 0.01},
        ):
            cases.append(
                {
                    "P": P,
                    "c_in": {k: base_ci[k] for k in P},
                    "c_out": {k: base_co[k] for k in P},
                    "celsius": t,
                }
            )
    rng = np.random.default_rng(SEED_GHKV)
    for i in range(n_random):
        ions = ["K", "Na", "Cl"] + (["Ca"] if i % 4 == 3 else [])
        P, ci, co = {}, {}, {}
        for name in ions:
            _, (ilo, ihi), (olo, ohi), logu = ION_RANGES[name]
            P[name] = float(10 ** rng.uniform(-2.5, 0.5)) if name != "K" else 1.0
            lo, hi = (math.log(ilo), math.log(ihi)) if logu else (ilo, ihi)
            x = float(rng.uniform(lo, hi))
            ci[name] = math.exp(x) if logu else x
            co[name] = float(rng.uniform(olo, ohi))
        t = float(rng.choice(TEMPERATURES))
        cases.append({"P": P, "c_in": ci, "c_out": co, "celsius": t})
    return cases


def bench_ghk_voltage(h, vrest, args) -> dict[str, Any]:
    from scipy.optimize import brentq

    zmap = {"K": 1, "Na": 1, "Cl": -1, "Ca": 2}
    cases = _ghkv_cases(args.ghkv_random)
    log(f"ghk_voltage: {len(cases)} cases, vrest.ghk_voltage vs brentq on NEURON h.ghk")
    diffs, rows = [], []
    t_ours = t_peer = 0.0
    for c in cases:
        t0 = time.perf_counter()
        ours = vrest.ghk_voltage(c["P"], c["c_in"], c["c_out"], celsius=c["celsius"])
        t1 = time.perf_counter()
        h.celsius = c["celsius"]
        terms = [(p, c["c_in"][k], c["c_out"][k], zmap[k]) for k, p in c["P"].items()]

        def net(v: float, terms=terms) -> float:
            return sum(p * h.ghk(v, a, b, z) for p, a, b, z in terms)

        theirs = brentq(net, -200.0, 200.0, xtol=1e-12, rtol=4 * np.finfo(float).eps)
        t2 = time.perf_counter()
        t_ours += t1 - t0
        t_peer += t2 - t1
        diffs.append(abs(ours - theirs))
        rows.append(c | {"vrest_mV": ours, "neuron_mV": theirs})
    d = np.asarray(diffs)
    worst = int(np.argmax(d))
    vals = np.asarray([r["neuron_mV"] for r in rows])
    return {
        "case": "ghk_voltage",
        "title": f"GHK voltage, {len(cases)} cases (mV)",
        "status": "ok",
        "vrest": {"what": "vrest.ghk_voltage(P, c_in, c_out, celsius=T)", "total_s": t_ours},
        "peer": {
            "what": "scipy brentq (xtol 1e-12) on Σ P·h.ghk(v, ci, co, z)",
            "name": "NEURON",
            "total_s": t_peer,
        },
        "ratio": None,
        "goal": None,
        "met": None,
        "agreement": {
            "unit": "mV",
            "n": len(cases),
            "max_abs": float(d.max()),
            "max_rel": float((d / np.abs(vals)).max()),
            "median_abs": float(np.median(d)),
            "worst_case": rows[worst],
            "n_with_Ca": sum("Ca" in r["P"] for r in rows),
        },
        "cases_head": rows[:12],
    }


def _find_rest_api(vrest) -> tuple[Any, Any, str]:
    """(load_cell, solve_rest, where): the public ``vrest.load_cell``/``vrest.solve_rest``, else
    the same functions from their modules (``vrest.cell``/``vrest.rest``) while they are not yet
    exported; (None, None, reason) when neither exists."""
    top = getattr(vrest, "load_cell", None), getattr(vrest, "solve_rest", None)
    if all(top):
        return *top, "vrest"
    try:
        lc = importlib.import_module("vrest.cell").load_cell
        sr = importlib.import_module("vrest.rest").solve_rest
    except (ImportError, AttributeError) as exc:
        return None, None, f"vrest has no load_cell/solve_rest ({type(exc).__name__}: {exc})"
    return lc, sr, "vrest.cell/vrest.rest (not exported by the package yet)"


def bench_solve_rest(vrest, args) -> dict[str, Any]:
    base = {
        "case": "solve_rest",
        "title": "vrest.solve_rest(cell), one full rest analysis",
        "ratio": None,
        "goal": {"metric": "median_us_per_call", "op": "<", "value": GOAL_SOLVE_US},
        "met": None,
        "agreement": None,
    }
    load_cell, solve_rest, where = _find_rest_api(vrest)
    if load_cell is None or solve_rest is None:
        return base | {"status": "not available", "reason": where}
    path = ROOT / CELL_FILE
    if not path.exists():
        return base | {"status": "not available", "reason": f"{CELL_FILE} does not exist"}
    try:
        t0 = time.perf_counter()
        cell = load_cell(path)
        t_load = time.perf_counter() - t0
        res = solve_rest(cell)  # warm-up (and a failure shows here, not in the timing)
        t0 = time.perf_counter()
        for _ in range(5):
            solve_rest(cell)
        est = (time.perf_counter() - t0) / 5
        number = max(1, min(100_000, int(args.solve_target_s / max(est, 1e-7))))
        log(f"solve_rest: {args.repeats_solve} × {number} calls (~{est * 1e6:.1f} µs each)")
        times, _ = time_repeats(
            lambda: [solve_rest(cell) for _ in range(number)], args.repeats_solve
        )
    except Exception as exc:  # the API is new: report, do not crash the whole run
        return base | {"status": "error", "reason": f"{type(exc).__name__}: {exc}"}
    per_call = [t / number * 1e6 for t in times]
    med = statistics.median(per_call)
    return base | {
        "status": "ok",
        "vrest": {
            "what": (
                f"vrest.solve_rest(vrest.load_cell('{CELL_FILE}'))"
                if where == "vrest"
                else f"vrest.rest.solve_rest(vrest.cell.load_cell('{CELL_FILE}'))"
            ),
            "median_us": med,
            "best_us": min(per_call),
            "worst_us": max(per_call),
            "calls_per_repeat": number,
            "repeats": len(per_call),
            "load_cell_ms": t_load * 1e3,
            "api_from": where,
        },
        "title": base["title"] + ("" if where == "vrest" else " [from vrest.rest]"),
        "met": med < GOAL_SOLVE_US,
        "result_repr": repr(res)[:400],
    }


def bench_cli(args) -> dict[str, Any]:
    base = {
        "case": "cli_rest",
        "title": f"CLI `vrest rest {CELL_FILE}` end to end",
        "ratio": None,
        "goal": {"metric": "median_wall_s", "op": "<", "value": GOAL_CLI_S},
        "met": None,
        "agreement": None,
    }
    exe = Path(sys.executable).parent / "vrest"
    if not exe.exists():
        return base | {"status": "not available", "reason": f"no console script {exe}"}
    if not (ROOT / CELL_FILE).exists():
        return base | {"status": "not available", "reason": f"{CELL_FILE} does not exist"}
    cmd = [str(exe), "rest", CELL_FILE]
    env = dict(os.environ)
    times, last = [], None
    log(f"cli_rest: 1 warm-up + {args.repeats_cli} runs of {' '.join(cmd)}")
    for i in range(args.repeats_cli + 1):
        t0 = time.perf_counter()
        try:
            last = subprocess.run(
                cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
            )
        except subprocess.TimeoutExpired:
            return base | {"status": "error", "reason": "timed out after 120 s"}
        dt_s = time.perf_counter() - t0
        if last.returncode != 0:
            err = (last.stderr or last.stdout).strip()
            status = "not available" if "No module named 'vrest.cli'" in err else "error"
            return base | {
                "status": status,
                "reason": f"exit {last.returncode}: {err[-600:]}",
            }
        if i > 0:
            times.append(dt_s)
    med = statistics.median(times)
    return base | {
        "status": "ok",
        "vrest": {
            "what": " ".join(["vrest", "rest", CELL_FILE]) + " (subprocess, .venv-bench script)",
            "median_s": med,
            "best_s": min(times),
            "worst_s": max(times),
            "runs": len(times),
            "all_s": times,
        },
        "met": med < GOAL_CLI_S,
        "stdout_head": last.stdout[:800] if last else "",
    }


# --------------------------------------------------------------------------------------------
# machine info, constants, output


def machine_info(h, nrn_version: str, vrest) -> dict[str, Any]:
    return common.machine_base() | {
        "python_impl": platform.python_implementation(),
        "numpy": np.__version__,
        "scipy": common.module_versions(["scipy"])["scipy"],
        "neuron": nrn_version,
        "vrest": getattr(vrest, "__version__", "?"),
        "vrest_path": str(Path(vrest.__file__).parent),
    }


#: NEURON < 9 could switch to its legacy units (nrnunit_use_legacy(1)); NEURON 9 cannot.
LEGACY = {"FARADAY": 96485.309, "R": 8.31441}


def constants_info(h, vrest) -> dict[str, Any]:
    rf_ours = vrest.R / vrest.F
    rf_nrn = h.R / h.FARADAY
    return {
        "vrest": {"F": vrest.F, "R": vrest.R},
        "neuron": {"FARADAY": h.FARADAY, "R": h.R},
        "rel_diff_F": h.FARADAY / vrest.F - 1.0,
        "rel_diff_R": h.R / vrest.R - 1.0,
        "rel_diff_RT_over_F": rf_nrn / rf_ours - 1.0,
        "neuron_legacy_units": LEGACY
        | {
            "rel_diff_RT_over_F": (LEGACY["R"] / LEGACY["FARADAY"]) / rf_ours - 1.0,
            "note": "NEURON < 9 with nrnunit_use_legacy(1) (not available in NEURON 9); "
            "computed, not measured",
        },
    }


def _fmt_goal(goal: dict[str, Any] | None) -> str:
    if not goal:
        return "—"
    if goal["metric"] == "ratio":
        return f"≥ {goal['value']:g}×"
    if goal["metric"] == "median_us_per_call":
        return f"< {goal['value'] / 1000:g} ms/call"
    if goal["metric"] == "agreement":
        v = goal["value"]
        return f"ΔV < {v['V_mV']:g} mV, Δc < {v['c_mM']:g} mM"
    return f"< {goal['value']:g} s"


def _row(c: dict[str, Any]) -> list[str]:
    met = common.MET[c.get("met")]
    a = c.get("agreement")
    agree = "—"
    if a and a.get("table_text"):
        agree = a["table_text"]
    elif a:
        agree = f"max abs {a['max_abs']:.2g} {a['unit']}, max rel {a['max_rel']:.2g}"
        if a.get("table_note"):
            agree += f" ({a['table_note']})"
    if c["status"] != "ok":
        why = c.get("reason", "").splitlines()[-1] if c.get("reason") else ""
        why = why.replace("|", "/")[:90]
        return [c["title"], f"{c['status']}: {why}", "—", "—", _fmt_goal(c["goal"]), "—", "—"]
    v, p = c.get("vrest", {}), c.get("peer")
    if c["case"] == "solve_rest":
        vtime = f"{v['median_us']:.3g} µs/call"
    elif c["case"] == "cli_rest":
        vtime = _fmt_time(v["median_s"])
    elif "median_s" in v:
        vtime = _fmt_time(v["median_s"])
    elif "total_s" in v:
        vtime = f"{_fmt_time(v['total_s'])} total"
    else:
        vtime = "—"
    if p is None or not ({"median_s", "total_s"} & set(p)):
        ptime = "—"
    elif "median_s" in p:
        ptime = _fmt_time(p["median_s"])
    else:
        ptime = f"{_fmt_time(p['total_s'])} total"
    ratio = f"{c['ratio']:.3g}×" if c.get("ratio") else "—"
    if ptime != "—" and p.get("name") and p["name"] != "NEURON":
        ptime += f" ({p['name']})"
    return [c["title"], vtime, ptime, ratio, _fmt_goal(c["goal"]), met, agree]


def _myokit_text(cases: list[dict[str, Any]]) -> str:
    for c in cases:
        p = c.get("peer") or {}
        if p.get("name") == "Myokit" and p.get("version"):
            return f"Myokit {p['version']} (SUNDIALS {p.get('sundials', '?')}), "
    return ""


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    head = ["case", "vrest", "peer", "ratio", "goal", "met?", "agreement"]
    lines = [
        "# vrest vs NEURON and Myokit benchmarks",
        "",
        f"Measured {report['timestamp_utc']} on {m['cpu_count']} CPU(s) ({m['cpu_model']}), "
        f"Python {m['python']}, NumPy {m['numpy']}, NEURON {m['neuron']}, "
        f"{_myokit_text(report['cases'])}vrest {m['vrest']}; "
        f"times are medians of repeats; `bash benchmarks/run.sh`.",
        "",
        *common.md_table(head, map(_row, report["cases"])),
    ]
    k = report["constants"]
    lines += [
        "",
        f"Constants: NEURON FARADAY = {k['neuron']['FARADAY']!r}, R = {k['neuron']['R']!r}; "
        f"vrest F = {k['vrest']['F']!r}, R = {k['vrest']['R']!r} "
        f"(relative difference in RT/F: {k['rel_diff_RT_over_F']:.2g}; NEURON's legacy units "
        f"would differ by {k['neuron_legacy_units']['rel_diff_RT_over_F']:.2g}).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="points per N-point case")
    ap.add_argument("--repeats-vrest", type=int, default=11)
    ap.add_argument("--repeats-peer", type=int, default=5, help="NEURON bound-loop repeats")
    ap.add_argument("--repeats-naive", type=int, default=3, help="NEURON naive-loop repeats")
    ap.add_argument("--repeats-solve", type=int, default=7)
    ap.add_argument("--solve-target-s", type=float, default=0.2, help="seconds per solve repeat")
    ap.add_argument("--repeats-cli", type=int, default=5)
    ap.add_argument("--ghkv-random", type=int, default=200, help="random GHK-voltage cases")
    ap.add_argument("--quick", action="store_true", help="n=1e5, fewer repeats (smoke run)")
    common.add_common_arguments(ap)
    run_dynamics.add_arguments(ap)
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.repeats_peer, args.repeats_naive, args.repeats_vrest = 100_000, 2, 1, 5
        args.repeats_cli, args.ghkv_random, args.solve_target_s = 2, 40, 0.05
        args.repeats_e2e, args.repeats_dyn_solve = 2, 3

    t_start = time.perf_counter()
    from neuron import __version__ as nrn_version
    from neuron import h

    import vrest

    log(f"NEURON {nrn_version}, vrest {vrest.__version__} from {Path(vrest.__file__).parent}")
    p = make_points(args.n)
    blocks = temperature_blocks(p)
    cases = [
        *bench_nernst(p, blocks, h, vrest, args),
        *bench_ghk_current(p, blocks, h, vrest, args),
        bench_ghk_voltage(h, vrest, args),
        bench_solve_rest(vrest, args),
        bench_cli(args),
        *([] if args.no_dynamics else run_dynamics.bench_dynamics(args)),
    ]
    report = common.report_head("bash benchmarks/run.sh", argv) | {
        "config": {
            "n_points": args.n,
            "temperatures_celsius": list(TEMPERATURES),
            "ion_ranges_mM": {
                k: {"z": z, "c_in": ci, "c_out": co, "log_uniform_c_in": lg}
                for k, (z, ci, co, lg) in ION_RANGES.items()
            },
            "V_mV": "uniform [-120, 60]; 1% exactly 0, 1% |V| < 1e-3",
            "seed_points": SEED_POINTS,
            "seed_ghk_voltage": SEED_GHKV,
            "repeats": {
                "vrest": args.repeats_vrest,
                "neuron_bound_loop": args.repeats_peer,
                "neuron_naive_loop": args.repeats_naive,
                "solve_rest": args.repeats_solve,
                "cli": args.repeats_cli,
                "myokit_whole_process": args.repeats_e2e,
                "vrest_solve_in_process": args.repeats_dyn_solve,
            },
            "myokit_cells": args.cells,
            "timer": "time.perf_counter, GC disabled during timed calls; medians reported",
        },
        "machine": machine_info(h, nrn_version, vrest),
        "constants": constants_info(h, vrest),
        "cases": cases,
        "summary": {
            c["case"]: {"status": c["status"], "met": c.get("met"), "ratio": c.get("ratio")}
            for c in cases
        },
        "total_wall_s": time.perf_counter() - t_start,
    }
    common.write_report(args.out, "latest", report, markdown(report), log, default=_py)
    return common.exit_code(args.strict, (c.get("met") for c in cases))


if __name__ == "__main__":
    sys.exit(main())
