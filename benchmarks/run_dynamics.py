#!/usr/bin/env python3
"""vrest vs Myokit (CVODES) on the pump–leak time course, in one run (called by run.py).

Cases (see benchmarks/README.md and benchmarks/peers.md):

* ``myokit_e2e``       one cell, 3 h, pump blocked at 10 s, whole process: ``myokit_pumpleak.py
                       --leak ghk --hours 3`` vs ``vrest rundown benchmarks/cells/
                       myokit_default_ghk.toml --hours 3 --json`` (goal: vrest ≥ 1.5× faster).
* ``myokit_solve``     the solve alone: vrest ``atp_cut(cell, hours=3, log_s=1)`` in process
                       (no imports, 10 801 samples) vs Myokit's own ``run_s`` (``sim.run``, 10 800
                       samples) (goal: vrest within 5× of CVODES, i.e. ratio ≥ 0.2).
* ``myokit_agree_*``   every 1 s sample of the 3 h run, GHK and linear leaks: max |ΔV| (goal
                       < 0.1 mV) and max |Δc| over Na⁺, K⁺, Cl⁻ (goal < 0.01 mM), from the peer's
                       CSV.
* ``myokit_1000``      1000 cells (r ~ U(5, 20) µm, leak scale ~ U(0.5, 2), GHK even / linear
                       odd, same seed), whole process: ``benchmarks/myokit_1000.py`` vs
                       ``benchmarks/vrest_1000.py`` (vrest.dynamics.batch.simulate_many, one
                       batch with both leak models) (goal: vrest ≥ 2× faster); agreement over
                       every cell and log time.

The Myokit side needs ``.venv-peers`` (``benchmarks/setup_peers.sh``) and the peer scripts'
folder, ``../shared/peers`` beside the repository (or ``$PEERS_DIR``); without them these cases
are reported as ``not available``. Standalone: ``python benchmarks/run_dynamics.py [--quick]``
prints the cases as JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CELLS = {
    "ghk": "benchmarks/cells/myokit_default_ghk.toml",
    "linear": "benchmarks/cells/myokit_default_linear.toml",
}
GOAL_E2E = 1.5
GOAL_SOLVE = 0.2  # Myokit run_s / vrest solve ≥ 0.2: vrest within 5× of CVODES
GOAL_DV_MV = 0.1
GOAL_DC_MM = 0.01
GOAL_1000 = 2.0
TIMEOUT_S = 300


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def peers() -> tuple[Path | None, Path | None, str]:
    """(the peers' python, the peer scripts' folder, why not) resolved from the repository
    root: ``.venv-peers/bin/python`` and ``$PEERS_DIR`` or ``../shared/peers``."""
    py = ROOT / ".venv-peers" / "bin" / "python"
    d = Path(os.environ.get("PEERS_DIR") or (ROOT.parent / "shared" / "peers")).resolve()
    if not py.exists():
        return None, None, f"{py.relative_to(ROOT)} missing (run bash benchmarks/setup_peers.sh)"
    if not (d / "myokit_pumpleak.py").exists():
        return None, None, f"peer scripts not found in {d} (set PEERS_DIR)"
    return py, d, ""


def run_json(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, Any]:
    """Wall time (s) of the whole process and its stdout parsed as JSON."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {(p.stderr or p.stdout)[-600:]}")
    return wall, json.loads(p.stdout)


def repeat(cmd: list[str], n: int, env: dict[str, str] | None = None) -> tuple[list[float], list]:
    """1 warm-up run, then n timed runs: (wall times, parsed outputs)."""
    run_json(cmd, env)
    times, outs = [], []
    for _ in range(n):
        w, o = run_json(cmd, env)
        times.append(w)
        outs.append(o)
    return times, outs


def summary(times: list[float], what: str, **extra: Any) -> dict[str, Any]:
    return {
        "what": what,
        "median_s": statistics.median(times),
        "best_s": min(times),
        "worst_s": max(times),
        "repeats": len(times),
        "all_s": times,
    } | extra


def _base(key: str, title: str, goal: dict[str, Any]) -> dict[str, Any]:
    return {"case": key, "title": title, "goal": goal, "met": None, "ratio": None}


def _na(base: dict[str, Any], why: str) -> dict[str, Any]:
    return base | {"status": "not available", "reason": why, "agreement": None}


def _err(base: dict[str, Any], exc: Exception) -> dict[str, Any]:
    return base | {"status": "error", "reason": f"{type(exc).__name__}: {exc}", "agreement": None}


# --------------------------------------------------------------------------------------------
def bench_e2e(py: Path | None, pdir: Path | None, why: str, args) -> dict[str, Any]:
    base = _base(
        "myokit_e2e",
        "Pump–leak cell, 3 h after a pump block, end to end (process), vs Myokit",
        {"metric": "ratio", "op": ">=", "value": GOAL_E2E},
    )
    if py is None:
        return _na(base, why)
    vexe = Path(sys.executable).parent / "vrest"
    if not vexe.exists():
        return _na(base, f"no console script {vexe}")
    mcmd = [str(py), str(pdir / "myokit_pumpleak.py"), "--leak", "ghk", "--hours", "3"]
    vcmd = [str(vexe), "rundown", CELLS["ghk"], "--hours", "3", "--block-at", "10", "--json"]
    try:
        log(f"myokit_e2e: 1 warm-up + {args.repeats_e2e} runs each, Myokit and vrest")
        pt, pout = repeat(mcmd, args.repeats_e2e)
        vt, _ = repeat(vcmd, args.repeats_e2e)
    except Exception as exc:  # report, do not crash the whole run
        return _err(base, exc)
    ratio = statistics.median(pt) / statistics.median(vt)
    return base | {
        "status": "ok",
        "vrest": summary(vt, " ".join(["vrest", *vcmd[1:]]) + " (subprocess)"),
        "peer": summary(
            pt,
            "python myokit_pumpleak.py --leak ghk --hours 3 (subprocess, .venv-peers)",
            name="Myokit",
            compile_s=[o["compile_s"] for o in pout],
            run_s=[o["run_s"] for o in pout],
            version=pout[0]["version"],
            sundials=pout[0]["sundials"],
        ),
        "ratio": ratio,
        "ratio_best": min(pt) / min(vt),
        "met": ratio >= GOAL_E2E,
        "agreement": None,
    }


def bench_solve(py: Path | None, e2e: dict[str, Any], args) -> dict[str, Any]:
    base = _base(
        "myokit_solve",
        "Pump–leak cell, 3 h, the solve alone (10,800 samples), vs Myokit's run_s",
        {"metric": "ratio", "op": ">=", "value": GOAL_SOLVE},
    )
    try:
        import vrest
        from vrest.dynamics import atp_cut
    except ImportError as exc:
        return _na(base, f"vrest.dynamics: {exc}")
    try:
        cell = vrest.load_cell(ROOT / CELLS["ghk"])
        atp_cut(cell, hours=3, block_at_s=10, log_s=1)  # warm-up (SciPy imported here)
        times, inner = [], []
        for _ in range(args.repeats_dyn_solve):
            t0 = time.perf_counter()
            tc = atp_cut(cell, hours=3, block_at_s=10, log_s=1)
            times.append(time.perf_counter() - t0)
            inner.append(tc.stats.get("wall_s"))
    except Exception as exc:
        return _err(base, exc)
    vs = summary(
        times,
        "vrest.dynamics.atp_cut(cell, hours=3, log_s=1) in process: rest analysis, BDF solve, "
        "10,801 samples, result",
        integration_only_s=inner,
        steps=tc.stats.get("steps"),
        nfev=tc.stats.get("nfev"),
    )
    if e2e.get("status") != "ok" or py is None:
        return base | {
            "status": "ok",
            "vrest": vs,
            "agreement": None,
            "note": "Myokit not available: vrest's time only",
        }
    run_s = e2e["peer"]["run_s"]
    ratio = statistics.median(run_s) / vs["median_s"]
    return base | {
        "status": "ok",
        "vrest": vs,
        "peer": summary(
            run_s, "Myokit's reported run_s (sim.run: CVODES + 10,800 samples)", name="Myokit"
        ),
        "ratio": ratio,
        "ratio_best": min(run_s) / vs["best_s"],
        "met": ratio >= GOAL_SOLVE,
        "agreement": None,
    }


def bench_agree(py: Path | None, pdir: Path | None, why: str, leak: str) -> dict[str, Any]:
    base = _base(
        f"myokit_agree_{leak}",
        f"Pump–leak cell ({'GHK' if leak == 'ghk' else 'linear'} leaks), 3 h: every 1 s sample "
        "vs Myokit",
        {"metric": "agreement", "op": "<", "value": {"V_mV": GOAL_DV_MV, "c_mM": GOAL_DC_MM}},
    )
    if py is None:
        return _na(base, why)
    try:
        import vrest
        from vrest.dynamics import atp_cut

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "peer.csv"
            cmd = [
                str(py),
                str(pdir / "myokit_pumpleak.py"),
                "--leak",
                leak,
                "--hours",
                "3",
                "--csv",
                str(path),
            ]
            run_json(cmd)
            with path.open(newline="") as f:
                rows = list(csv.DictReader(f))
        t_peer = np.array([float(r["engine.time"]) for r in rows]) / 1e3
        peer = {
            "V": np.array([float(r["cell.V"]) for r in rows]),
            "Na": np.array([float(r["ion.Nai"]) for r in rows]),
            "K": np.array([float(r["ion.Ki"]) for r in rows]),
            "Cl": np.array([float(r["ion.Cli"]) for r in rows]),
        }
        tc = atp_cut(vrest.load_cell(ROOT / CELLS[leak]), hours=3, block_at_s=10, log_s=1)
    except Exception as exc:
        return _err(base, exc)
    idx = np.searchsorted(tc.t, t_peer)
    if not np.allclose(tc.t[idx], t_peer, atol=1e-6):
        return _err(base, RuntimeError("the sample times of vrest and Myokit differ"))
    dv = np.abs(tc.V[idx] - peer["V"])
    dc = {x: np.abs(tc.c_in[x][idx] - peer[x]) for x in ("Na", "K", "Cl")}
    max_dc = max(float(d.max()) for d in dc.values())
    worst_c = max(dc, key=lambda x: dc[x].max())
    iv, ic = int(np.argmax(dv)), int(np.argmax(dc[worst_c]))
    agree = {
        "n": len(t_peer),
        "max_abs_V_mV": float(dv.max()),
        "max_abs_c_mM": max_dc,
        "max_abs_c_mM_by_ion": {x: float(d.max()) for x, d in dc.items()},
        "worst_V_at_t_s": float(t_peer[iv]),
        "worst_c": {"ion": worst_c, "t_s": float(t_peer[ic])},
        "table_text": f"max ΔV {dv.max():.2g} mV, max Δc {max_dc:.2g} mM ({len(t_peer):,} samples)",
    }
    met = bool(dv.max() < GOAL_DV_MV and max_dc < GOAL_DC_MM)
    return base | {
        "status": "ok",
        "met": met,
        "agreement": agree,
        "vrest": {"what": f"atp_cut(load_cell('{CELLS[leak]}'), hours=3, log_s=1)"},
        "peer": {"what": f"myokit_pumpleak.py --leak {leak} --hours 3 --csv", "name": "Myokit"},
    }


def bench_1000(py: Path | None, pdir: Path | None, why: str, args) -> dict[str, Any]:
    n = args.cells
    base = _base(
        "myokit_1000",
        f"{n:,} pump–leak cells (r 5–20 µm, leak ×0.5–2, GHK/linear), 3 h, end to end "
        "(process), vs Myokit",
        {"metric": "ratio", "op": ">=", "value": GOAL_1000},
    )
    if py is None:
        return _na(base, why)
    try:
        from vrest.dynamics.batch import simulate_many  # noqa: F401
    except ImportError as exc:
        return _na(base, f"vrest.dynamics.batch: {exc}")
    mcmd = [str(py), "benchmarks/myokit_1000.py", "--cells", str(n), "--peers-dir", str(pdir)]
    vcmd = [sys.executable, "benchmarks/vrest_1000.py", "--cells", str(n)]
    try:
        log(f"myokit_1000: 1 warm-up + {args.repeats_e2e} runs each, Myokit and vrest, {n} cells")
        pt, pout = repeat(mcmd, args.repeats_e2e)
        vt, vout = repeat(vcmd, args.repeats_e2e)
        _, ps = run_json([*mcmd, "--samples"])  # the agreement runs (not timed)
        _, vs = run_json([*vcmd, "--samples"])
    except Exception as exc:
        return _err(base, exc)
    if not np.allclose(ps["t_s"], vs["t_s"]):
        return _err(base, RuntimeError(f"log times differ: {ps['t_s']} vs {vs['t_s']}"))
    a, b = ps["samples"], vs["samples"]
    dv = np.abs(np.asarray(a["V_mV"]) - np.asarray(b["V_mV"]))
    dc = max(float(np.abs(np.asarray(a[x]) - np.asarray(b[x])).max()) for x in ("Nai", "Ki", "Cli"))
    ratio = statistics.median(pt) / statistics.median(vt)
    agree = {
        "n": int(dv.size),
        "max_abs_V_mV": float(dv.max()),
        "max_abs_c_mM": dc,
        "worst_cell": int(np.unravel_index(np.argmax(dv), dv.shape)[0]),
        "table_text": f"max ΔV {dv.max():.2g} mV, max Δc {dc:.2g} mM ({n:,} cells × "
        f"{len(ps['t_s'])} times)",
    }
    return base | {
        "status": "ok",
        "vrest": summary(
            vt,
            f"python benchmarks/vrest_1000.py --cells {n} (subprocess): build {n} vrest.Cell, "
            "simulate_many (Rodas4, one batch)",
            build_s=[o["build_s"] for o in vout],
            solve_s=[o["solve_s"] for o in vout],
            stats=vout[-1]["stats"],
        ),
        "peer": summary(
            pt,
            f"python benchmarks/myokit_1000.py --cells {n} (subprocess, .venv-peers): compile "
            f"once, {n} × (reset, set_constant, run)",
            name="Myokit",
            compile_s=[o["compile_s"] for o in pout],
            solve_s=[o["solve_s"] for o in pout],
        ),
        "ratio": ratio,
        "ratio_best": min(pt) / min(vt),
        "met": ratio >= GOAL_1000,
        "agreement": agree,
    }


def bench_dynamics(args) -> list[dict[str, Any]]:
    """Every Myokit case, in the order of the table."""
    py, pdir, why = peers()
    if py is None:
        log(f"Myokit cases not available: {why}")
    e2e = bench_e2e(py, pdir, why, args)
    return [
        e2e,
        bench_solve(py, e2e, args),
        bench_agree(py, pdir, why, "ghk"),
        bench_agree(py, pdir, why, "linear"),
        bench_1000(py, pdir, why, args),
    ]


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--repeats-e2e", type=int, default=5, help="whole-process runs (Myokit)")
    ap.add_argument("--repeats-dyn-solve", type=int, default=7, help="in-process vrest solves")
    ap.add_argument("--cells", type=int, default=1000, help="cells of the many-cell case")
    ap.add_argument("--no-dynamics", action="store_true", help="skip the Myokit cases")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_arguments(ap)
    ap.add_argument("--quick", action="store_true", help="2 runs each")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeats_e2e, args.repeats_dyn_solve = 2, 3
    print(json.dumps(bench_dynamics(args), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
