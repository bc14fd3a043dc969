#!/usr/bin/env python3
"""Channel noise: vrest vs NEURON and Brian2, side by side on the same model, in one run.

The model is the peers' (``neuron_noise.py``, ``brian2_noise.py``; vrest reads it from
``benchmarks/cells/noise_peer.toml``): 100 independent spherical cells, r = 5 µm, C = 1 µF/cm²,
a leak of 0.3 mS/cm² at −50 mV and 1000 voltage-independent two-state K⁺ channels per cell
(γ = 10 pS, α = 0.1 /ms opening, β = 0.4 /ms closing, E_K = −90 mV); 1000 ms, dt = 10 µs, V
recorded every 0.1 ms, the first 20 ms discarded.

Engines (each a row of the table):

* ``neuron_markov``     NEURON, exact: ``neuron_noise.py --mode markov`` (KSChan single-channel
                        mode, fixed dt), run with ``.venv-bench/bin/python``.
* ``neuron_langevin``   NEURON, Fox–Lu Langevin: ``neuron_noise.py --mode langevin`` (an NMODL
                        mechanism; the first run includes nrnivmodl).
* ``brian2_cpp``        Brian2, Fox–Lu Langevin: ``brian2_noise.py --target cpp_standalone``, run
                        with ``.venv-peers/bin/python``; the first run includes code generation and
                        the C++ build, later runs reuse the build (the warm figure).
* ``vrest_exact``, ``vrest_langevin``: ``vrest.noise(cell, method=...)`` in process (its
                        ``timing["simulate_s"]``: the compiled loop alone) and ``vrest noise
                        CELL --method ... --json`` as a process (end to end).
* ``vrest_lna``         ``vrest.noise(cell, method="lna")``: the linear-noise std(V), no sampling.

Every whole process is timed with ``time.perf_counter`` around ``subprocess`` (one first run, then
``--repeats`` runs; the minimum is reported, every run is in the JSON), and its peak memory is the
``ru_maxrss`` that ``os.wait4`` returns for it (the largest process of its tree: for a first run
that compiles, that can be the compiler). Goals are checked and marked met / not met; a side that
is missing is ``not available`` and its goals are ``—``.

The peer scripts are resolved like the Myokit ones (``$PEERS_DIR`` or ``../shared/peers`` beside
the repository) and copied into ``benchmarks/.work/noise_peers/`` (git-ignored), because they
build next to themselves (``nrn_build/``, ``b2_standalone/``) and the shared folder is read-only.

    .venv-bench/bin/python benchmarks/run_noise.py [--quick] [--repeats 3] [--strict]

writes ``benchmarks/results/noise_latest.json`` and ``noise_latest.md`` (atomically) and prints
the tables; ``bash benchmarks/run.sh`` runs it after ``run.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # benchmarks/_common.py, beside this file
from _common import ROOT
from _common import fmt_time as _t
from _common import goal as _goal
from _common import goal_cells as _goal_cells

WORK = ROOT / "benchmarks" / ".work" / "noise_peers"
CELL_FILE = "benchmarks/cells/noise_peer.toml"
PEER_SCRIPTS = ("neuron_noise.py", "brian2_noise.py")
TIMEOUT_S = 600

#: The peers' model (their defaults, passed explicitly so that a change of default shows).
MODEL: dict[str, float] = {
    "nch": 1000,  # two-state K⁺ channels per cell
    "gamma_pS": 10.0,
    "alpha_per_ms": 0.1,  # opening
    "beta_per_ms": 0.4,  # closing
    "r_um": 5.0,
    "gL_mS_cm2": 0.3,
    "EL_mV": -50.0,
    "EK_mV": -90.0,
    "cm_uF_cm2": 1.0,
}
#: The run (times in ms); --quick shortens it.
RUN_FULL = {"cells": 100, "duration_ms": 1000.0, "dt_ms": 0.01, "record_dt_ms": 0.1,
            "burn_ms": 20.0, "seed": 1}  # fmt: skip
RUN_QUICK = RUN_FULL | {"cells": 20, "duration_ms": 200.0}

GOAL_EXACT_SIM = 10.0  # NEURON markov simulation / vrest exact simulate_s
GOAL_EXACT_E2E = 1.0  # NEURON markov process / vrest CLI process: ahead (> 1)
GOAL_NS_TRANSITION = 15.0  # vrest exact, ns per channel transition
GOAL_NS_CELL_STEP = 5.0  # vrest Langevin, ns per cell-step
GOAL_LANGEVIN_E2E = 2.0  # Brian2 cpp_standalone warm process / vrest Langevin CLI process
#: std(V) agreement: within AGREE_SE standard errors of the sample std (at least AGREE_MIN_REL).
AGREE_SE = 4.0
AGREE_MIN_REL = 0.015


log = common.logger("noise")


# --------------------------------------------------------------------------------------------
# the model's deterministic rest and linear-noise (LNA) prediction


def theory(run: dict[str, Any]) -> dict[str, Any]:
    """V*, the LNA std(V), the expected number of channel transitions and the standard error of
    a pooled sample std(V) of this run, from the model parameters alone.

    x* = α/(α+β); V* = (g_L E_L + g_K x* E_K)/(g_L + g_K x*); with k = (g_L + g_K x*)/C and
    c = g_K (V* − E_K)/C, var V = c² x*(1−x*)/N / (k (k + α + β)). The sample std over a total
    time T (cells × (duration − burn)) has a relative standard error of about
    √(∫ρ(t)² dt / (2T)), with the LNA autocorrelation ρ(t) = (λe^{−k|t|} − k e^{−λ|t|})/(λ − k),
    λ = α + β."""
    m = MODEL
    area = 4.0 * math.pi * (m["r_um"] * 1e-4) ** 2  # cm²
    C = m["cm_uF_cm2"] * 1e-6 * area  # F
    gL = m["gL_mS_cm2"] * 1e-3 * area  # S
    gK = m["nch"] * m["gamma_pS"] * 1e-12  # S, all channels open
    a, b, n = m["alpha_per_ms"], m["beta_per_ms"], m["nch"]
    xs = a / (a + b)
    v_star = (gL * m["EL_mV"] + gK * xs * m["EK_mV"]) / (gL + gK * xs)
    k = (gL + gK * xs) / C * 1e-3  # 1/ms
    c = gK * (v_star - m["EK_mV"]) / C * 1e-3  # mV/ms
    lam = a + b
    sigma = math.sqrt(c * c * xs * (1 - xs) / n / (k * (k + lam)))
    int_rho2 = (2.0 / (lam - k) ** 2) * (
        lam**2 / (2 * k) + k**2 / (2 * lam) - 2 * lam * k / (lam + k)
    )
    t_total = run["cells"] * (run["duration_ms"] - run["burn_ms"])
    rel_se = math.sqrt(int_rho2 / (2.0 * t_total))
    rate = n * (a * (1 - xs) + b * xs)  # transitions per ms per cell at stationarity
    steps = round(run["duration_ms"] / run["dt_ms"])
    return {
        "area_um2": area * 1e8,
        "C_pF": C * 1e12,
        "gL_nS": gL * 1e9,
        "gK_max_nS": gK * 1e9,
        "x_star": xs,
        "V_star_mV": v_star,
        "lna_sigma_V_mV": sigma,
        "k_per_ms": k,
        "transitions_per_ms_per_cell": rate,
        "transitions_expected": run["cells"] * run["duration_ms"] * rate,
        "steps": steps,
        "cell_steps": run["cells"] * steps,
        "autocorr_int_rho2_ms": int_rho2,
        "sigma_rel_standard_error": rel_se,
        "sigma_rel_tolerance": max(AGREE_MIN_REL, AGREE_SE * rel_se),
    }


# --------------------------------------------------------------------------------------------
# processes


def run_proc(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` from the repository root: its wall time (perf_counter around start and reap),
    its peak RSS (``os.wait4``'s ru_maxrss: the largest process of its tree), its stdout, and
    stdout parsed as JSON (the whole of it, else its last line that parses as a JSON object;
    None if none). Raises on failure."""
    with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe)
        timer = threading.Timer(TIMEOUT_S, p.kill)
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(), fe.read()
    if p.returncode != 0:
        tail = (err.strip() or out.strip())[-800:]
        raise RuntimeError(f"exit {p.returncode} of {' '.join(map(str, cmd))}: {tail}")
    parsed = None
    try:  # the whole of stdout (an indented JSON object), else its last JSON line
        parsed = json.loads(out)
    except json.JSONDecodeError:
        pass
    for line in [] if isinstance(parsed, dict) else reversed(out.splitlines()):
        if line.lstrip().startswith("{"):
            try:
                parsed = json.loads(line)
                break
            except json.JSONDecodeError:
                continue
    return {"wall_s": wall, "peak_rss_MiB": ru.ru_maxrss / 1024.0, "json": parsed, "stdout": out}


def stats(values: list[float]) -> dict[str, Any]:
    return {
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
        "n": len(values),
        "all": values,
    }


def peer_dir() -> tuple[Path | None, str, str]:
    """(the working folder with the peer scripts, where they came from, why not): the scripts
    are found in ``$PEERS_DIR`` or ``../shared/peers`` (as run_dynamics.py finds Myokit's) and
    copied to benchmarks/.work/noise_peers/ when new or changed; an earlier copy is used when the
    source folder is gone."""
    src = Path(os.environ.get("PEERS_DIR") or (ROOT.parent / "shared" / "peers")).resolve()
    WORK.mkdir(parents=True, exist_ok=True)
    missing = []
    for name in PEER_SCRIPTS:
        s, d = src / name, WORK / name
        if s.exists():
            if not d.exists() or d.read_bytes() != s.read_bytes():
                shutil.copyfile(s, d)
        elif not d.exists():
            missing.append(name)
    if missing:
        return None, str(src), f"peer scripts {', '.join(missing)} not found in {src} (PEERS_DIR)"
    return WORK, str(src), ""


def peer_args(run: dict[str, Any]) -> list[str]:
    m = MODEL
    pairs = [
        ("--cells", run["cells"]),
        ("--nch", int(m["nch"])),
        ("--gamma", m["gamma_pS"]),
        ("--alpha", m["alpha_per_ms"]),
        ("--beta", m["beta_per_ms"]),
        ("--r", m["r_um"]),
        ("--gL", m["gL_mS_cm2"]),
        ("--EL", m["EL_mV"]),
        ("--EK", m["EK_mV"]),
        ("--duration", run["duration_ms"]),
        ("--dt", run["dt_ms"]),
        ("--burn", run["burn_ms"]),
        ("--record_dt", run["record_dt_ms"]),
        ("--seed", run["seed"]),
    ]
    return [x for k, v in pairs for x in (k, f"{v:g}" if isinstance(v, float) else str(v))]


def _row(key: str, engine: str, method: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "engine": engine,
        "method": method,
        "status": "ok",
        "e2e_first_s": None,
        "e2e_s": None,
        "inner_first_s": None,
        "inner_s": None,
        "inner_what": None,
        "transitions": None,
        "transitions_estimated": False,
        "ns_per_transition": None,
        "ns_per_cell_step": None,
        "sigma_V_mV": None,
        "mean_V_mV": None,
        "lna_sigma_V_mV": None,
        "peak_rss_MiB": None,
        "peak_rss_first_MiB": None,
        "agreement": None,
    } | extra


def _not_available(row: dict[str, Any], why: str, status: str = "not available") -> dict:
    log(f"{row['key']}: {status}: {why.splitlines()[-1] if why else ''}")
    return row | {"status": status, "reason": why}


def _agreement(sigma: float | None, th: dict[str, Any]) -> dict[str, Any] | None:
    if sigma is None:
        return None
    rel = sigma / th["lna_sigma_V_mV"] - 1.0
    return {
        "sigma_rel_diff_vs_lna": rel,
        "in_standard_errors": rel / th["sigma_rel_standard_error"],
        "tolerance_rel": th["sigma_rel_tolerance"],
        "within": abs(rel) <= th["sigma_rel_tolerance"],
    }


def bench_peer(
    key: str,
    engine: str,
    method: str,
    py: Path,
    script: str,
    extra: list[str],
    build: str | None,
    inner_key: str,
    inner_what: str,
    exact: bool,
    pdir: Path | None,
    why: str,
    run: dict[str, Any],
    th: dict[str, Any],
    args,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    row = _row(key, engine, method)
    if pdir is None:
        return _not_available(row, why)
    if not py.exists():
        return _not_available(row, f"{py.relative_to(ROOT)} missing (see benchmarks/setup*.sh)")
    cmd = [str(py), str(pdir / script), *peer_args(run), *extra]
    row["command"] = " ".join([py.relative_to(ROOT).as_posix(), script, *cmd[2:]])
    if build:  # the first run is a cold one: with the peer's own code generation / compilation
        shutil.rmtree(pdir / build, ignore_errors=True)
    try:
        log(f"{key}: first run{' (cold build)' if build else ''} + {args.repeats} runs")
        first = run_proc(cmd, env)
        warm = [run_proc(cmd, env) for _ in range(args.repeats)]
    except Exception as exc:
        msg = f"{type(exc).__name__}: {exc}"
        if "No module named" in msg:
            return _not_available(row, msg)
        return _not_available(row, msg, "error")
    outs = [w["json"] for w in warm]
    if first["json"] is None or any(o is None for o in outs):
        return _not_available(row, "no JSON on stdout: " + first["stdout"][-400:], "error")
    inner = [float(o[inner_key]) for o in outs]
    last = outs[-1]
    row |= {
        "name": last.get("peer"),
        "version": last.get("version"),
        "e2e_first_s": first["wall_s"],
        "e2e_s": stats([w["wall_s"] for w in warm]),
        "inner_first_s": float(first["json"][inner_key]),
        "inner_s": stats(inner),
        "inner_what": inner_what,
        "sigma_V_mV": last["std_V_mV"],
        "mean_V_mV": last["mean_V_mV"],
        "lna_sigma_V_mV": last.get("lna_std_V_mV"),
        "peer_V_star_mV": last.get("chord_V_mV"),
        "peak_rss_MiB": max(w["peak_rss_MiB"] for w in warm),
        "peak_rss_first_MiB": first["peak_rss_MiB"],
        "agreement": _agreement(last["std_V_mV"], th),
        "first_output": first["json"],
        "last_output": last,
    }
    # NEURON markov and the Langevin peers step V with the fixed dt: ns per cell-step
    row["ns_per_cell_step"] = min(inner) / th["cell_steps"] * 1e9
    if exact:  # the peer does not count its transitions: the stationary expectation
        row["transitions"] = th["transitions_expected"]
        row["transitions_estimated"] = True
        row["ns_per_transition"] = min(inner) / th["transitions_expected"] * 1e9
    for extra_key in ("wall_run_s", "wall_total_s", "nrnivmodl_s", "cpp_inner_run_s"):
        if extra_key in last:
            row[f"peer_{extra_key}"] = {
                "first": first["json"].get(extra_key),
                "warm": [o.get(extra_key) for o in outs],
            }
    return row


# --------------------------------------------------------------------------------------------
# vrest


def find_noise_api() -> tuple[Any, Any, str]:
    """(vrest, the noise function, where) or (vrest or None, None, why not)."""
    try:
        import vrest
    except ImportError as exc:
        return None, None, f"vrest does not import: {exc}"
    fn = getattr(vrest, "noise", None)
    if callable(fn):
        return vrest, fn, "vrest.noise"
    if fn is not None:  # vrest.noise is the subpackage: its function, if there is one
        for name in ("noise", "simulate", "simulate_noise"):
            f = getattr(fn, name, None)
            if callable(f):
                return vrest, f, f"vrest.noise.{name}"
    return vrest, None, "not available yet: vrest has no callable vrest.noise"


def _get(res: Any, *names: str) -> Any:
    """The first of ``names`` found as an attribute of ``res`` or a key of its ``to_dict()``."""
    d = None
    for n in names:
        if hasattr(res, n):
            return getattr(res, n)
    if hasattr(res, "to_dict"):
        d = res.to_dict()
        for n in names:
            if n in d:
                return d[n]
    return None


def _simulate_s(res: Any) -> float | None:
    t = _get(res, "timing")
    if isinstance(t, dict):
        v = t.get("simulate_s")
        return None if v is None else float(v)
    return None


def _cli_cmd(method: str, run: dict[str, Any], helptext: str) -> list[str]:
    """The ``vrest noise`` command line; ``--burn`` and ``--no-progress`` when the CLI has them."""
    cmd = [
        str(Path(sys.executable).parent / "vrest"),
        "noise",
        CELL_FILE,
        "--method",
        method,
        "--cells",
        str(run["cells"]),
        "--duration",
        f"{run['duration_ms']:g}ms",
        *(["--dt", f"{run['dt_ms'] * 1000:g}us"] if method == "langevin" else []),
        "--record-dt",
        f"{run['record_dt_ms']:g}ms",
        "--seed",
        str(run["seed"]),
        "--json",
    ]
    if "--burn" in helptext:
        cmd[-1:-1] = ["--burn", f"{run['burn_ms']:g}ms"]
    if "--no-progress" in helptext:
        cmd[-1:-1] = ["--no-progress"]
    return cmd


def bench_vrest(method: str, run: dict[str, Any], th: dict[str, Any], args) -> dict[str, Any]:
    label = {"exact": "exact (channel transitions)", "langevin": "Langevin",
             "lna": "linear-noise approximation (no sampling)"}[method]  # fmt: skip
    row = _row(f"vrest_{method}", "vrest", label)
    vrest, fn, where = find_noise_api()
    if fn is None:
        return _not_available(row, where)
    row["api"] = where
    row["version"] = getattr(vrest, "__version__", "?")
    kw = {
        "method": method,
        "cells": run["cells"],
        "duration": run["duration_ms"],
        "dt": run["dt_ms"],  # Langevin only: vrest refuses a dt for the exact method
        "record_dt": run["record_dt_ms"],
        "burn": run["burn_ms"],
        "seed": run["seed"],
    }
    if method != "langevin":
        del kw["dt"]
    row["call"] = (
        f"{where}(load_cell('{CELL_FILE}'), " + ", ".join(f"{k}={v!r}" for k, v in kw.items()) + ")"
    )
    try:
        cell = vrest.load_cell(ROOT / CELL_FILE)
        log(f"vrest_{method}: first call (may compile) + {args.repeats} calls in process")
        t0 = time.perf_counter()
        res = fn(cell, **kw)
        first_call = time.perf_counter() - t0
        calls, sims = [], []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            res = fn(cell, **kw)
            calls.append(time.perf_counter() - t0)
            sims.append(_simulate_s(res))
    except Exception as exc:  # the API is new: report, do not crash the run
        return _not_available(row, f"{type(exc).__name__}: {exc}", "error")
    sigma = _get(res, "sigma_V")
    lna = _get(res, "lna_sigma_V")
    trans = _get(res, "transitions")
    row |= {
        "call_first_s": first_call,
        "call_s": stats(calls),
        "sigma_V_mV": None if sigma is None else float(sigma),
        "sigma_V_se_mV": _get(res, "sigma_V_se"),
        "mean_V_mV": _get(res, "mean_V"),
        "V_rest_mV": _get(res, "V_rest"),
        "lna_sigma_V_mV": None if lna is None else float(lna),
        "transitions": None if trans is None else int(trans),
        "result": _jsonable(res),
    }
    if method != "lna":
        row["agreement"] = _agreement(row["sigma_V_mV"], th)
    if all(s is not None for s in sims):
        row["inner_s"] = stats(sims)
        row["inner_what"] = f'{where}(...).timing["simulate_s"] (the compiled loop), in process'
        best = min(sims)
        if method == "exact" and row["transitions"]:
            row["ns_per_transition"] = best / row["transitions"] * 1e9
        if method == "langevin":
            row["ns_per_cell_step"] = best / th["cell_steps"] * 1e9
    elif method != "lna":
        row["inner_note"] = 'no timing["simulate_s"] on the result'
    row |= bench_vrest_cli(method, run, args)
    cli_sigma = (row.get("cli_output") or {}).get("sigma_V_mV")
    if cli_sigma is not None and row["sigma_V_mV"] is not None:
        row["cli_sigma_V_equals_in_process"] = float(cli_sigma) == row["sigma_V_mV"]
    return row


def bench_vrest_cli(method: str, run: dict[str, Any], args) -> dict[str, Any]:
    exe = Path(sys.executable).parent / "vrest"
    if not exe.exists():
        return {"cli_status": "not available", "cli_reason": f"no console script {exe}"}
    try:
        helptext = run_proc([str(exe), "noise", "--help"])["stdout"]
    except Exception as exc:
        return {"cli_status": "not available", "cli_reason": f"{type(exc).__name__}: {exc}"}
    cmd = _cli_cmd(method, run, helptext)
    out: dict[str, Any] = {"command": " ".join(["vrest", *cmd[1:]])}
    try:
        log(f"vrest_{method}: CLI first run + {args.repeats} runs")
        first = run_proc(cmd)
        warm = [run_proc(cmd) for _ in range(args.repeats)]
    except Exception as exc:
        return out | {"cli_status": "error", "cli_reason": f"{type(exc).__name__}: {exc}"}
    last = warm[-1]["json"] or {}
    sims = [(w["json"] or {}).get("simulate_s") for w in warm]
    return out | {
        "cli_simulate_s": sims,
        "cli_status": "ok",
        "e2e_first_s": first["wall_s"],
        "e2e_s": stats([w["wall_s"] for w in warm]),
        "peak_rss_MiB": max(w["peak_rss_MiB"] for w in warm),
        "peak_rss_first_MiB": first["peak_rss_MiB"],
        "cli_output": last,
    }


def _jsonable(res: Any) -> Any:
    """The result's ``to_dict()`` without long arrays (kept small for the JSON)."""
    try:
        d = res.to_dict()
    except Exception:
        return repr(res)[:400]

    def small(v: Any) -> Any:
        if hasattr(v, "tolist"):
            v = v.tolist()
        if isinstance(v, dict):
            return {k: small(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return v if len(v) <= 16 else f"<{len(v)} values>"
        return v if isinstance(v, int | float | str | bool | type(None)) else repr(v)[:200]

    return small(d)


# --------------------------------------------------------------------------------------------
# goals


def _by_key(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in rows if r["status"] == "ok"}


def _min(x: dict[str, Any] | None) -> float | None:
    return None if not x else x["min"]


def goals(rows: list[dict[str, Any]], th: dict[str, Any]) -> list[dict[str, Any]]:
    r = _by_key(rows)
    ve, vl = r.get("vrest_exact", {}), r.get("vrest_langevin", {})
    nm, b2 = r.get("neuron_markov", {}), r.get("brian2_cpp", {})

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    b2_ns = b2.get("ns_per_cell_step")
    out = [
        _goal(
            "exact_simulation_vs_neuron",
            "vrest exact vs NEURON markov, the simulation",
            ratio(_min(nm.get("inner_s")), _min(ve.get("inner_s"))),
            ">=",
            GOAL_EXACT_SIM,
            "×",
            "NEURON h.continuerun (wall_run_s) / vrest timing['simulate_s'], minima",
        ),
        _goal(
            "exact_e2e_vs_neuron",
            "vrest exact vs NEURON markov, end to end (process)",
            ratio(_min(nm.get("e2e_s")), _min(ve.get("e2e_s"))),
            ">",
            GOAL_EXACT_E2E,
            "×",
            "neuron_noise.py --mode markov / vrest noise --method exact, whole processes, minima",
        ),
        _goal(
            "exact_ns_per_transition",
            "vrest exact, time per channel transition",
            ve.get("ns_per_transition"),
            "<=",
            GOAL_NS_TRANSITION,
            "ns",
            "simulate_s / transitions"
            + (f" (NEURON markov: {nm['ns_per_transition']:.3g} ns, estimated)" if nm else ""),
        ),
        _goal(
            "langevin_ns_per_cell_step",
            "vrest Langevin, time per cell-step",
            vl.get("ns_per_cell_step"),
            "<=",
            GOAL_NS_CELL_STEP,
            "ns",
            "simulate_s / (cells × steps)"
            + (f" (Brian2 cpp_standalone: {b2_ns:.3g} ns)" if b2_ns is not None else ""),
        ),
        _goal(
            "langevin_e2e_vs_brian2",
            "vrest Langevin vs Brian2 cpp_standalone, end to end, warm",
            ratio(_min(b2.get("e2e_s")), _min(vl.get("e2e_s"))),
            ">=",
            GOAL_LANGEVIN_E2E,
            "×",
            "brian2_noise.py (build reused) / vrest noise --method langevin, whole processes, "
            "minima"
            + (
                f"; vs Brian2's first run (with its build): "
                f"{b2['e2e_first_s'] / _min(vl['e2e_s']):.3g}×"
                if b2 and vl.get("e2e_s")
                else ""
            ),
        ),
    ]
    sampled = [x for x in rows if x["status"] == "ok" and x.get("agreement")]
    if sampled:
        worst = max(sampled, key=lambda x: abs(x["agreement"]["sigma_rel_diff_vs_lna"]))
        tol = th["sigma_rel_tolerance"]
        out.append(
            _goal(
                "sigma_V_agrees_with_lna",
                "std(V) of every engine vs the LNA",
                abs(worst["agreement"]["sigma_rel_diff_vs_lna"]) * 100,
                "<=",
                tol * 100,
                "%",
                f"worst: {worst['key']}; LNA {th['lna_sigma_V_mV']:.5g} mV; tolerance "
                f"max({AGREE_MIN_REL * 100:g} %, {AGREE_SE:g} standard errors of the sample std)",
            )
        )
    vrest_lna = r.get("vrest_lna", {}).get("lna_sigma_V_mV")
    if vrest_lna is None:
        vrest_lna = next((x["lna_sigma_V_mV"] for x in (ve, vl) if x.get("lna_sigma_V_mV")), None)
    if vrest_lna is not None:
        out.append(
            _goal(
                "vrest_lna_formula",
                "vrest's LNA std(V) vs the closed form",
                abs(vrest_lna / th["lna_sigma_V_mV"] - 1.0),
                "<=",
                1e-6,
                "rel",
                f"vrest {vrest_lna:.10g} mV, closed form {th['lna_sigma_V_mV']:.10g} mV",
            )
        )
    v_rest = next((x.get("V_rest_mV") for x in (ve, vl) if x.get("V_rest_mV") is not None), None)
    if v_rest is not None:
        out.append(
            _goal(
                "vrest_V_rest",
                "vrest's deterministic rest vs V* (chord formula)",
                abs(float(v_rest) - th["V_star_mV"]),
                "<=",
                1e-6,
                "mV",
                f"vrest {float(v_rest):.10g} mV, V* {th['V_star_mV']:.10g} mV",
            )
        )
    if ve.get("transitions"):
        dev = ve["transitions"] / th["transitions_expected"] - 1.0
        out.append(
            _goal(
                "vrest_transitions_count",
                "vrest exact: transitions vs the stationary expectation",
                abs(dev) * 100,
                "<=",
                1.0,
                "%",
                f"{ve['transitions']:,} simulated, {th['transitions_expected']:,.0f} expected",
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# report


def machine_info() -> dict[str, Any]:
    versions = common.module_versions(("numpy", "numba", "vrest"))
    return common.machine_base() | {"numba_threads": common.numba_threads(), **versions}


def _engine_cells(x: dict[str, Any]) -> list[str]:
    name = x["engine"] + (f" {x['version']}" if x.get("version") else "")
    if x["status"] != "ok":
        why = (x.get("reason") or "").strip().splitlines()
        why = (why[-1] if why else "").replace("|", "/")[:90]
        return [name, x["method"], f"{x['status']}: {why}", *["—"] * 6]
    e2e = "—"
    if x.get("e2e_s"):
        e2e = f"{_t(x['e2e_s']['min'])} ({_t(x['e2e_first_s'])})"
    elif x.get("cli_status") and x["cli_status"] != "ok":
        e2e = f"CLI {x['cli_status']}"
    inner = _t(_min(x.get("inner_s")))
    if x["key"] == "vrest_lna":
        inner = f"{_t(_min(x.get('call_s')))} per call"
    nst = "—"
    if x.get("ns_per_transition") is not None:
        nst = f"{x['ns_per_transition']:.3g}" + (" (est.)" if x["transitions_estimated"] else "")
    nsc = "—" if x.get("ns_per_cell_step") is None else f"{x['ns_per_cell_step']:.3g}"
    sig = "—"
    if x.get("sigma_V_mV") is not None:
        a = x.get("agreement")
        sig = f"{x['sigma_V_mV']:.4f}" + (
            f" ({a['sigma_rel_diff_vs_lna'] * 100:+.2f} %)" if a else ""
        )
    elif x["key"] == "vrest_lna" and x.get("lna_sigma_V_mV") is not None:
        sig = f"{x['lna_sigma_V_mV']:.4f} (LNA)"
    mean = "—" if x.get("mean_V_mV") is None else f"{float(x['mean_V_mV']):.3f}"
    rss = "—" if x.get("peak_rss_MiB") is None else f"{x['peak_rss_MiB']:.0f} MiB"
    return [name, x["method"], e2e, inner, nst, nsc, sig, mean, rss]


def _threads(n: int | None) -> str:
    return "— threads" if n is None else f"{n} thread{'s' if n != 1 else ''}"


def markdown(report: dict[str, Any]) -> str:
    m, th, run = report["machine"], report["theory"], report["config"]["run"]
    n = report["config"]["repeats"]
    head = ["engine", "method", "end to end, warm (first)", "simulation loop", "ns/transition",
            "ns/cell-step", "std(V) mV (vs LNA)", "mean V mV", "peak RSS"]  # fmt: skip
    ghead = ["goal", "measured", "target", "met?", "how"]
    lines = [
        "# Channel noise: vrest vs NEURON and Brian2",
        "",
        f"**Channel noise, {run['cells']} cells × {MODEL['nch']:g} two-state K⁺ channels, "
        f"{run['duration_ms']:g} ms** (the peers' model: r 5 µm, leak 0.3 mS/cm² at −50 mV, "
        f"γ 10 pS, α 0.1/ms, β 0.4/ms, E_K −90 mV; dt {run['dt_ms'] * 1000:g} µs, V every "
        f"{run['record_dt_ms']:g} ms, first {run['burn_ms']:g} ms dropped). "
        f"V* = {th['V_star_mV']:.3f} mV, LNA std(V) = {th['lna_sigma_V_mV']:.4f} mV, "
        f"{th['transitions_expected']:.3g} channel transitions expected.",
        "",
        *common.md_table(head, map(_engine_cells, report["engines"])),
        "",
        *common.md_table(ghead, map(_goal_cells, report["goals"])),
        "",
        f"Measured {report['timestamp_utc']} on {m['cpu_count']} CPU(s) ({m['cpu_model']}), "
        f"Python {m['python']}, NumPy {m['numpy']}, Numba {m['numba'] or '—'} "
        f"({_threads(m['numba_threads'])} for vrest; the peers run on one), "
        f"vrest {m['vrest']}; "
        f"end to end = whole process, minimum of {n} run{'s' if n != 1 else ''} after a "
        "first one (in brackets; it includes NEURON's nrnivmodl and Brian2's code generation "
        "and C++ build); simulation loop = NEURON's `h.continuerun`, Brian2's C++ run loop, "
        "vrest's `timing['simulate_s']`; NEURON markov's transitions are the stationary "
        "expectation; `.venv-bench/bin/python benchmarks/run_noise.py`.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="20 cells, 200 ms, 1 repeat")
    ap.add_argument("--repeats", type=int, default=3, help="runs after the first one")
    ap.add_argument("--cells", type=int, default=None, help="override the number of cells")
    ap.add_argument("--duration", type=float, default=None, help="override the duration (ms)")
    ap.add_argument("--skip-peers", action="store_true", help="vrest only")
    ap.add_argument("--skip-vrest", action="store_true", help="peers only")
    common.add_common_arguments(ap)
    args = ap.parse_args(argv)
    run = dict(RUN_QUICK if args.quick else RUN_FULL)
    if args.quick:
        args.repeats = min(args.repeats, 1)
    if args.cells:
        run["cells"] = args.cells
    if args.duration:
        run["duration_ms"] = args.duration
    t_start = time.perf_counter()
    th = theory(run)
    log(
        f"{run['cells']} cells, {run['duration_ms']:g} ms: V* {th['V_star_mV']:.4f} mV, "
        f"LNA std(V) {th['lna_sigma_V_mV']:.4f} mV, {th['transitions_expected']:.3g} transitions"
    )
    rows: list[dict[str, Any]] = []
    source = None
    if not args.skip_peers:
        pdir, source, why = peer_dir()
        env = os.environ | {"NEURON_MODULE_OPTIONS": "-nogui"}
        nrn_py = ROOT / ".venv-bench" / "bin" / "python"
        b2_py = ROOT / ".venv-peers" / "bin" / "python"
        shared = {"pdir": pdir, "why": why, "run": run, "th": th, "args": args}
        cont = "h.continuerun (wall_run_s)"
        rows += [
            bench_peer("neuron_markov", "NEURON", "exact (KSChan single-channel, fixed dt)",
                       nrn_py, "neuron_noise.py", ["--mode", "markov"], None, "wall_run_s",
                       cont, True, env=env, **shared),
            bench_peer("neuron_langevin", "NEURON", "Langevin (NMODL, Euler–Maruyama)",
                       nrn_py, "neuron_noise.py", ["--mode", "langevin"], "nrn_build",
                       "wall_run_s", cont, False, env=env, **shared),
            bench_peer("brian2_cpp", "Brian2", "Langevin (cpp_standalone, Euler–Maruyama)",
                       b2_py, "brian2_noise.py", ["--target", "cpp_standalone"],
                       "b2_standalone", "cpp_inner_run_s", "the C++ run loop (cpp_inner_run_s)",
                       False, env=os.environ | {"PYTHONHASHSEED": "0"}, **shared),
        ]  # fmt: skip
    if not args.skip_vrest:
        rows += [bench_vrest(m, run, th, args) for m in ("exact", "langevin", "lna")]
    gl = goals(rows, th)
    report = common.report_head(".venv-bench/bin/python benchmarks/run_noise.py", argv) | {
        "config": {
            "model": MODEL,
            "run": run,
            "cell_file": CELL_FILE,
            "repeats": args.repeats,
            "peer_scripts_from": source,
            "peer_scripts_run_in": str(WORK.relative_to(ROOT)),
            "timer": "time.perf_counter around each whole process (min of the repeats after a "
            "first run); peak RSS from os.wait4 (largest process of the tree); simulation "
            "loop as each engine reports it",
            "agreement": f"|std(V)/LNA − 1| ≤ max({AGREE_MIN_REL}, {AGREE_SE} × the standard "
            "error of a pooled sample std over cells × (duration − burn))",
        },
        "machine": machine_info(),
        "theory": th,
        "engines": rows,
    }
    return common.finish_goal_report(args, "noise_latest", report, gl, t_start, markdown, log)


if __name__ == "__main__":
    sys.exit(main())
