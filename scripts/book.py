"""The problem book: jupytext sources in docs/problems/ → teacher and student notebooks.

Each problem is one plain-text jupytext "percent" file, ``docs/problems/pNN_slug.py``. From it
this module makes two notebooks:

* the **teacher** version: every cell, executed (outputs and inline PNG figures kept);
* the **student** version: the cells tagged ``solution`` removed, each removed code cell replaced
  by a code cell ``# Your solution here``; question, physics and ``check`` cells kept; not
  executed.

Usable as a module (``problems``, ``to_notebook``, ``execute``, ``build``) and as a program::

    .venv/bin/python scripts/book.py build OUT_DIR [--jobs N] [--only p01 ...]
    .venv/bin/python scripts/book.py student OUT_DIR

``build`` writes ``OUT_DIR/teacher/<stem>.ipynb`` and ``OUT_DIR/student/<stem>.ipynb``, prints
one line per notebook with its execution time (kernel start included) and exits 1 if any
notebook failed. Notebooks run with the repository root as working directory, in a kernel of
the interpreter that runs this script (``.venv``'s python: jupyter_client starts the
``python3`` kernel with ``sys.executable``), ``jobs`` kernels at a time, all driven from one
asyncio loop of this process (no interpreter start-up per notebook besides its kernel's).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS_DIR = Path("docs") / "problems"
SOLUTION_TAG = "solution"
CHECK_TAG = "check"
PLACEHOLDER = "# Your solution here"
#: matplotlib's inline backend (from matplotlib-inline, an ipykernel dependency): every figure a
#: cell shows becomes an ``image/png`` output. Set explicitly so that an ``MPLBACKEND=Agg``
#: inherited from a test run or a headless shell does not swallow the figures.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def problems(root: Path | str = ROOT) -> list[Path]:
    """The problem sources ``docs/problems/p*.py`` under ``root``, sorted by name."""
    return sorted((Path(root) / PROBLEMS_DIR).glob("p*.py"))


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def to_notebook(path: Path | str, *, student: bool) -> nbformat.NotebookNode:
    """Read a jupytext source as a notebook: the teacher's (every cell) or the student's.

    The student's version drops every cell tagged ``solution``; in place of each dropped code
    cell it puts an empty-looking code cell ``# Your solution here``; dropped markdown cells
    (worked reasoning) leave nothing behind. Both come from the same file."""
    nb = jupytext.read(Path(path), fmt="py:percent")
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata.setdefault("vrest_book", {})
    nb.metadata["vrest_book"].update(
        {"source": Path(path).name, "version": "student" if student else "teacher"}
    )
    if not student:
        return nb
    cells = []
    for cell in nb.cells:
        if SOLUTION_TAG not in _tags(cell):
            cells.append(cell)
        elif cell.cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(PLACEHOLDER))
    nb.cells = cells
    return nb


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env["MPLBACKEND"] = INLINE_BACKEND
    env.pop("PYTHONWARNINGS", None)
    return env


def _format_error(nb: nbformat.NotebookNode, exc: BaseException) -> str:
    """The failing cell's source and its traceback (ANSI colours removed)."""
    text = _ANSI.sub("", str(exc))
    failing = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                failing = (index, cell, out)
    head = f"{type(exc).__name__}"
    if failing is not None:
        index, cell, out = failing
        tb = _ANSI.sub("", "\n".join(out.get("traceback", [])))
        return f"{head} in cell {index}:\n{cell.source}\n---\n{tb or text}"
    return f"{head}: {text}"


def _client(nb: nbformat.NotebookNode, cwd: Path | str, timeout: int):
    from nbclient import NotebookClient

    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    )


def _copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def execute(
    nb: nbformat.NotebookNode, cwd: Path | str = ROOT, timeout: int = 60
) -> tuple[nbformat.NotebookNode, float]:
    """Execute ``nb`` (a copy) in a fresh python3 kernel of this interpreter, working directory
    ``cwd``; ``timeout`` seconds per cell. Returns (executed notebook, seconds, kernel start
    included). A failing cell raises nbclient's ``CellExecutionError`` (the partially executed
    notebook is the ``nb`` attribute of the exception)."""
    nb = _copy(nb)
    start = time.perf_counter()
    try:
        _client(nb, cwd, timeout).execute(env=_kernel_env(), cwd=str(cwd))
    except Exception as exc:
        exc.nb = nb  # type: ignore[attr-defined]
        raise
    return nb, time.perf_counter() - start


@contextlib.asynccontextmanager
async def _kernel_log():
    """A temporary file for the kernel process's own stderr (its log, not the notebook's
    output): shown only when the notebook fails."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as fh:
        yield fh


def _log_tail(log: Any) -> str:
    log.flush()
    log.seek(0)
    lines = [ln for ln in log.read().splitlines() if "without encryption" not in ln]
    text = "\n".join(lines)[-3000:]
    return f"\n--- kernel log ---\n{text}" if text.strip() else ""


async def _run_one(
    src: Path, out_dir: Path, cwd: Path, timeout: int, slots: asyncio.Semaphore
) -> dict[str, Any]:
    """Write one problem's student notebook, then execute and write its teacher notebook."""
    teacher_path = out_dir / "teacher" / f"{src.stem}.ipynb"
    student_path = out_dir / "student" / f"{src.stem}.ipynb"
    record: dict[str, Any] = {
        "source": str(src),
        "teacher": str(teacher_path),
        "student": str(student_path),
        "seconds": None,
        "error": None,
    }
    try:
        nbformat.write(to_notebook(src, student=True), student_path)
        nb = _copy(to_notebook(src, student=False))
    except Exception as exc:  # an unreadable source: report it like a failing notebook
        record["seconds"] = 0.0
        record["error"] = f"{type(exc).__name__} reading {src.name}: {exc}"
        return record
    async with slots, _kernel_log() as log:
        start = time.perf_counter()
        try:
            await _client(nb, cwd, timeout).async_execute(
                env=_kernel_env(), cwd=str(cwd), stderr=log
            )
        except Exception as exc:
            record["error"] = _format_error(nb, exc) + _log_tail(log)
        record["seconds"] = time.perf_counter() - start
    nbformat.write(nb, teacher_path)
    return record


async def _run_all(
    srcs: list[Path], out_dir: Path, cwd: Path, timeout: int, jobs: int
) -> list[dict[str, Any]]:
    slots = asyncio.Semaphore(max(1, jobs))
    return list(await asyncio.gather(*(_run_one(p, out_dir, cwd, timeout, slots) for p in srcs)))


def build(
    out_dir: Path | str,
    *,
    jobs: int = 2,
    only: list[str] | None = None,
    root: Path | str = ROOT,
    timeout: int = 60,
) -> dict[str, Any]:
    """Write every problem's teacher notebook (executed) and student notebook (not executed).

    ``only``: stems or their prefixes (``"p01"``) to build a subset. Notebooks run ``jobs`` at a
    time, each in its own kernel process (started by this process, which drives them all), with
    ``root`` as working directory. A failing notebook does not raise: its error (the failing
    cell's source and traceback) is recorded.

    Returns ``{"notebooks": {stem: {"source", "teacher", "student", "seconds", "error"}},
    "wall_seconds": float, "failed": [stem, ...], "jobs": int}``; ``seconds`` is each notebook's
    execution time (kernel start and every cell), ``wall_seconds`` the whole build's."""
    out_dir = Path(out_dir).resolve()
    root = Path(root).resolve()
    (out_dir / "teacher").mkdir(parents=True, exist_ok=True)
    (out_dir / "student").mkdir(parents=True, exist_ok=True)
    srcs = problems(root)
    if only:
        srcs = [p for p in srcs if any(p.stem.startswith(o) for o in only)]
    start = time.perf_counter()
    work = _run_all(srcs, out_dir, root, timeout, jobs)
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop running here
        records = asyncio.run(work)
    else:  # called from a running loop (e.g. a notebook): use a loop of its own in a thread
        with ThreadPoolExecutor(max_workers=1) as pool:
            records = pool.submit(asyncio.run, work).result()
    notebooks = {Path(r["source"]).stem: r for r in records}
    return {
        "notebooks": notebooks,
        "wall_seconds": time.perf_counter() - start,
        "failed": [stem for stem, r in notebooks.items() if r["error"]],
        "jobs": jobs,
    }


def write_students(out_dir: Path | str, root: Path | str = ROOT) -> list[Path]:
    """Write only the student notebooks, ``OUT_DIR/student/<stem>.ipynb``."""
    target = Path(out_dir) / "student"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for src in problems(root):
        path = target / f"{src.stem}.ipynb"
        nbformat.write(to_notebook(src, student=True), path)
        written.append(path)
    return written


def _print_table(report: dict[str, Any]) -> None:
    width = max([len(s) for s in report["notebooks"]] + [8])
    print(f"{'notebook':<{width}}  seconds  result")
    total = 0.0
    for stem, r in report["notebooks"].items():
        total += r["seconds"] or 0.0
        status = "ok" if not r["error"] else "FAILED"
        print(f"{stem:<{width}}  {r['seconds']:7.1f}  {status}")
    print(
        f"{len(report['notebooks'])} notebooks, {total:.1f} s of execution, "
        f"{report['wall_seconds']:.1f} s wall with {report['jobs']} jobs, "
        f"{len(report['failed'])} failed"
    )
    for stem in report["failed"]:
        print(f"\n=== {stem} ===\n{report['notebooks'][stem]['error']}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="book.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="teacher (executed) and student notebooks")
    b.add_argument("out_dir", type=Path)
    b.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    b.add_argument(
        "--only", action="append", metavar="pNN", help="build only these problems (repeatable)"
    )
    b.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")
    b.add_argument(
        "--root", type=Path, default=ROOT, help="repository root: problems and working directory"
    )
    s = sub.add_parser("student", help="student notebooks only (not executed)")
    s.add_argument("out_dir", type=Path)
    s.add_argument("--root", type=Path, default=ROOT, help="repository root")
    args = parser.parse_args(argv)

    if args.command == "build":
        report = build(
            args.out_dir, jobs=args.jobs, only=args.only, root=args.root, timeout=args.timeout
        )
        if not report["notebooks"]:
            print("no problem matched", file=sys.stderr)
            return 1
        _print_table(report)
        return 1 if report["failed"] else 0
    if args.command == "student":
        for path in write_students(args.out_dir, args.root):
            print(path)
        return 0
    return 2  # not reached: argparse requires a command


if __name__ == "__main__":
    sys.exit(main())
