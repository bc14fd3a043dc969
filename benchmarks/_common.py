"""Report plumbing shared by the benchmark scripts (run.py, run_noise.py, run_sweep.py).

Light on purpose: the standard library only (vrest is imported lazily, for its atomic writer), so
that the Dask workers that re-import run_sweep.py pay nothing for it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SCHEMA_VERSION = 1

MET = {True: "✅ yes", False: "❌ no", None: "—"}


def logger(tag: str) -> Callable[[str], None]:
    """A progress logger that writes ``[tag] msg`` lines on stderr."""

    def log(msg: str) -> None:
        print(f"[{tag}] {msg}", file=sys.stderr, flush=True)

    return log


# --------------------------------------------------------------------------------------------
# timing


def time_repeats(fn: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    """Wall time (s) of ``repeats`` calls of ``fn`` (GC off, as timeit does); last result."""
    times = []
    out = None
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            out = None  # free the previous result before the next call
            t0 = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t0)
    finally:
        if gc_was:
            gc.enable()
    return times, out


def timing_summary(times: list[float]) -> dict[str, Any]:
    return {
        "median_s": statistics.median(times),
        "best_s": min(times),
        "worst_s": max(times),
        "repeats": len(times),
        "all_s": times,
    }


# --------------------------------------------------------------------------------------------
# machine


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else ``platform.processor()``."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip() or platform.processor()
    except OSError:
        pass
    return platform.processor()


def machine_base() -> dict[str, Any]:
    """CPU count, affinity and model, platform and Python version."""
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    return {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": affinity,
        "cpu_model": cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def module_versions(names: Iterable[str]) -> dict[str, Any]:
    """``__version__`` of each module (imported here), None when it does not import."""
    versions: dict[str, Any] = {}
    for mod in names:
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:
            versions[mod] = None
    return versions


def numba_threads() -> int | None:
    """Numba's thread count (vrest's compiled loops run in parallel); None when numba is not
    loaded."""
    nb = sys.modules.get("numba")
    try:
        return None if nb is None else int(nb.get_num_threads())
    except Exception:
        return None


# --------------------------------------------------------------------------------------------
# goals


def goal(key: str, title: str, measured: float | None, op: str, value: float, unit: str,
         detail: str, *, nan_unmeasured: bool = False) -> dict[str, Any]:  # fmt: skip
    """A goal row: ``measured op value``, met True/False, None when not measured (with
    ``nan_unmeasured``, a NaN counts as not measured; else it is not met)."""
    met = None
    if measured is not None and not (nan_unmeasured and math.isnan(measured)):
        met = {">=": measured >= value, ">": measured > value, "<=": measured <= value}[op]
    return {
        "goal": key,
        "title": title,
        "measured": measured,
        "op": op,
        "value": value,
        "unit": unit,
        "met": met,
        "detail": detail,
    }


def goal_cells(g: dict[str, Any], measured_fmt: str = ".3g", value_fmt: str = ".3g") -> list[str]:
    """A goal's markdown table cells: title, measured, target, met?, how."""
    if g["measured"] is None:
        meas = "not available"
    elif g["unit"] == "×":
        meas = f"{g['measured']:.3g}×"
    elif g["unit"] == "rel":
        meas = f"{g['measured']:.2g} rel."
    else:
        meas = f"{g['measured']:{measured_fmt}} {g['unit']}"
    op = g["op"].replace(">=", "≥").replace("<=", "≤")
    unit = "×" if g["unit"] == "×" else ("" if g["unit"] == "rel" else f" {g['unit']}")
    target = f"{op} {g['value']:{value_fmt}}" + unit
    return [g["title"], meas, target, MET[g["met"]], g["detail"].replace("|", "/")]


def goal_summary(goals: list[dict[str, Any]]) -> dict[str, Any]:
    return {g["goal"]: {"met": g["met"], "measured": g["measured"]} for g in goals}


# --------------------------------------------------------------------------------------------
# markdown


def fmt_time(s: float | None) -> str:
    if s is None:
        return "—"
    if s >= 1.0:
        return f"{s:.3g} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    return f"{s * 1e6:.3g} µs"


def md_table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """The lines of a markdown table."""
    return [
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] * len(head)) + "|",
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


# --------------------------------------------------------------------------------------------
# command line and report


def add_common_arguments(ap: argparse.ArgumentParser) -> None:
    """``--out`` and ``--strict``, the same in every script."""
    ap.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a goal is not met")


def report_head(command: str, argv: list[str] | None) -> dict[str, Any]:
    """The first keys of every report: schema, UTC time stamp, command, its arguments."""
    return {
        "schema_version": SCHEMA_VERSION,
        "timestamp_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command,
        "argv": sys.argv[1:] if argv is None else argv,
    }


def atomic_write(path: Path, text: str) -> None:
    try:
        from vrest._io import atomic_write_text
    except ImportError:  # vrest missing: the same thing by hand
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        return
    atomic_write_text(path, text)


def write_report(
    out: Path,
    stem: str,
    report: dict[str, Any],
    md: str,
    log: Callable[[str], None],
    default: Callable[[Any], Any] = str,
) -> None:
    """``out/stem.json`` and ``out/stem.md`` (atomically); the markdown on stdout."""
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / f"{stem}.json", json.dumps(report, indent=1, default=default) + "\n")
    atomic_write(out / f"{stem}.md", md)
    print(md)
    log(f"wrote {out / f'{stem}.json'} and {stem}.md in {report['total_wall_s']:.1f} s")


def exit_code(strict: bool, met: Iterable[bool | None]) -> int:
    """1 when ``strict`` and a goal is not met, else 0."""
    return 1 if (strict and any(m is False for m in met)) else 0


def finish_goal_report(
    args: argparse.Namespace,
    stem: str,
    report: dict[str, Any],
    goals: list[dict[str, Any]],
    t_start: float,
    markdown: Callable[[dict[str, Any]], str],
    log: Callable[[str], None],
) -> int:
    """Ends ``report`` with its goals, their summary and the total wall time since ``t_start``,
    writes it (``args.out/stem.json`` and ``.md``) and returns the exit code (``args.strict``)."""
    report |= {
        "goals": goals,
        "summary": goal_summary(goals),
        "total_wall_s": time.perf_counter() - t_start,
    }
    write_report(args.out, stem, report, markdown(report), log)
    return exit_code(args.strict, (g["met"] for g in goals))
