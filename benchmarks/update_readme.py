#!/usr/bin/env python3
"""Copy the benchmark tables from benchmarks/results/ into the repository README.

Replaces whatever lies between the lines ``<!-- bench:start -->`` and ``<!-- bench:end -->`` in
README.md (atomically: temp file in the same folder, then os.replace) with the table of
latest.md and, when they exist, the channel-noise tables of noise_latest.md (run_noise.py) and
the sweep tables of sweep_latest.md (run_sweep.py) below it. When README.md, the markers or
latest.md are missing it prints a note and changes nothing (exit status 0).

    python benchmarks/update_readme.py [--readme README.md] [--results benchmarks/results/latest.md]
                                       [--noise-results benchmarks/results/noise_latest.md]
                                       [--sweep-results benchmarks/results/sweep_latest.md]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vrest._io import atomic_write_text

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def table_block(md: str) -> str:
    """The 'Measured ...' line and the markdown table of latest.md."""
    lines = md.splitlines()
    measured = [ln for ln in lines if ln.startswith("Measured ")]
    table = [ln for ln in lines if ln.startswith("|")]
    return "\n".join([*table, "", *measured[:1]]).strip()


def noise_block(md: str) -> str:
    """Everything of noise_latest.md (or sweep_latest.md) below its '# ' title: the bold
    heading lines, the tables and the 'Measured ...' line."""
    lines = md.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def splice(readme: str, block: str) -> str | None:
    """README text with ``block`` between the markers, or None when the markers are unusable."""
    i = readme.find(START)
    j = readme.find(END, i + len(START)) if i >= 0 else -1
    if i < 0 or j < 0:
        return None
    return readme[: i + len(START)] + "\n" + block + "\n" + readme[j:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--readme", type=Path, default=ROOT / "README.md")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "latest.md")
    ap.add_argument(
        "--noise-results",
        type=Path,
        default=ROOT / "benchmarks" / "results" / "noise_latest.md",
        help="channel-noise tables (run_noise.py), appended when the file exists",
    )
    ap.add_argument(
        "--sweep-results",
        type=Path,
        default=ROOT / "benchmarks" / "results" / "sweep_latest.md",
        help="sweep tables (run_sweep.py), appended when the file exists",
    )
    a = ap.parse_args(argv)
    if not a.results.exists():
        print(f"update_readme: {a.results} not found; run benchmarks/run.py first", file=sys.stderr)
        return 0
    if not a.readme.exists():
        print(f"update_readme: {a.readme} does not exist yet; nothing updated", file=sys.stderr)
        return 0
    block = table_block(a.results.read_text(encoding="utf-8"))
    if not block:
        print(f"update_readme: no table in {a.results}; nothing updated", file=sys.stderr)
        return 0
    for extra_md in (a.noise_results, a.sweep_results):
        if extra_md.exists():
            extra = noise_block(extra_md.read_text(encoding="utf-8"))
            if extra:
                block += "\n\n" + extra
    old = a.readme.read_text(encoding="utf-8")
    new = splice(old, block)
    if new is None:
        print(
            f"update_readme: {a.readme} has no '{START}' ... '{END}' markers; nothing updated",
            file=sys.stderr,
        )
        return 0
    if new == old:
        print(f"update_readme: {a.readme} already up to date", file=sys.stderr)
        return 0
    atomic_write_text(a.readme, new)
    print(f"update_readme: updated the benchmark table in {a.readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
