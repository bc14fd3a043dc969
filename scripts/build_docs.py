#!/usr/bin/env python3
"""Build the vrest documentation site (Sphinx + myst-nb + Furo), fully offline.

    python scripts/build_docs.py OUT_DIR [--book EXECUTED_BOOK_DIR] [--jobs N]

1. copies ``docs/site`` (the hand-written pages) to a build source folder — nothing generated
   is written into the git tree;
2. adds the generated pages there: the CLI reference from ``vrest.cli.build_parser()``, the
   benchmark tables from ``benchmarks/results/*.json`` (rendered by the benchmark runners' own
   ``markdown()``), the validation table (``docs/site/validation_cases.py``, computed now),
   the design notes, and the problem book: the executed teacher notebooks under ``problems/``
   with an index page (titles from each notebook's first ``# `` heading) and the student
   notebooks as downloads;
3. copies MathJax 2.7 from the ``jupyter-server-mathjax`` wheel into ``_static/mathjax`` (no CDN);
4. runs ``sphinx-build -W --keep-going -b html`` into OUT_DIR and exits non-zero on any warning.

``--book DIR`` takes a folder with ``teacher/*.ipynb`` and ``student/*.ipynb`` already executed
(the test run's ``executed_book`` fixture); without it the book is built (executed) here by
``scripts/book.py``. Notebooks are never executed by Sphinx.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "docs" / "site"


class DocsBuildError(RuntimeError):
    """The site did not build: sphinx-build's output (every warning) is the message."""


# ---- the CLI reference ----------------------------------------------------------------------
def _md_escape(text: str) -> str:
    """Text for a markdown table cell or paragraph: no pipes, no stray markup characters."""
    for ch in ("\\", "|", "*", "_", "`", "<", ">", "[", "]", "$"):
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def _option_rows(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    """(names with their metavar, help) of every argument of ``parser`` except ``-h`` and the
    subcommands. The help is expanded by the parser's own formatter, which states defaults."""
    fmt = parser._get_formatter()
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.option_strings:
            metavar = ""
            if action.nargs != 0:
                default_metavar = fmt._get_default_metavar_for_optional(action)
                metavar = " " + fmt._format_args(action, default_metavar)
            names = ", ".join(f"{s}{metavar}" for s in action.option_strings)
        else:
            names = fmt._format_args(action, fmt._get_default_metavar_for_positional(action))
        helptext = fmt._expand_help(action) if action.help else ""
        if action.choices and "{" not in names:
            choices = ", ".join(str(c) for c in action.choices)
            if choices not in helptext:
                helptext = f"{helptext} (one of: {choices})".strip()
        rows.append((names, helptext))
    return rows


def cli_markdown() -> str:
    """The command-line reference page, generated from the parser itself."""
    from vrest.cli import build_parser

    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = [
        "# Command-line reference",
        "",
        "This page is generated from the program's own argument parser "
        "(`vrest.cli.build_parser()`) each time the site is built, so it always matches "
        "`vrest COMMAND --help`. Plain numbers are in the working units (mV, mM, pA, nS, µm, "
        "cm/s, °C); a value may carry its unit instead (`'8 mM'`, `'310 K'`). Bad input prints "
        "one line, `vrest: error: ...`, and exits with status 2.",
        "",
        "```text",
        parser.format_usage().strip(),
        "```",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    for name, sp in subs.choices.items():
        out.append(f"| [`vrest {name}`](#vrest-{name}) | {_md_escape(sp.description or '')} |")
    for name, sp in subs.choices.items():
        out += ["", f"(vrest-{name})=", f"## vrest {name}", ""]
        if sp.description:
            out += [_md_escape(sp.description[0].upper() + sp.description[1:]) + ".", ""]
        out += ["```text", sp.format_usage().strip(), "```", ""]
        out += ["| argument | meaning |", "|---|---|"]
        for names, helptext in _option_rows(sp):
            out.append(f"| `{names}` | {_md_escape(helptext)} |")
        if sp.epilog:
            out += ["", "```text", sp.epilog.strip(), "```"]
    return "\n".join(out) + "\n"


# ---- the benchmark tables -------------------------------------------------------------------
_BENCH = (
    ("run", "latest", "Rest, GHK and time courses against NEURON and Myokit"),
    ("run_noise", "noise_latest", "Channel noise against NEURON and Brian2"),
    ("run_sweep", "sweep_latest", "Sweeps, in process and on a Dask cluster"),
)


def _import_path(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def benchmark_markdown() -> str:
    """The benchmark tables, rendered now from ``benchmarks/results/*.json`` by each runner's own
    ``markdown(report)`` (the function that wrote the ``.md`` beside the JSON)."""
    bench = ROOT / "benchmarks"
    sys.path.insert(0, str(bench))  # the runners import their shared _common module
    try:
        parts = []
        for module, stem, title in _BENCH:
            path = bench / "results" / f"{stem}.json"
            if not path.exists():
                parts.append(
                    f"## {title}\n\nNo results yet: `{path.relative_to(ROOT)}` is missing."
                )
                continue
            report = json.loads(path.read_text(encoding="utf-8"))
            md = _import_path(f"_vrest_bench_{module}", bench / f"{module}.py").markdown(report)
            lines = md.splitlines()
            if lines and lines[0].startswith("# "):
                lines = lines[1:]
            body = "\n".join(lines).strip()
            # the runners mark goals with emoji, which a machine without a colour-emoji font
            # shows as empty boxes: plain words, a goal not met in bold
            body = body.replace("✅ yes", "yes").replace("❌ no", "**no**")
            src = path.relative_to(ROOT)
            parts.append(f"## {title}\n\n*Rendered from `{src}`.*\n\n{body}")
        return "\n\n".join(parts) + "\n"
    finally:
        sys.path.remove(str(bench))


# ---- the validation table -------------------------------------------------------------------
def _minus(text: str) -> str:
    """A number as printed: the minus sign, not a hyphen."""
    return text.replace("-", "−")


def validation_markdown() -> str:
    """The validation table: every literature number, its source, vrest's value computed now,
    the difference and the tolerance the tests hold it to (why that tolerance: the notes)."""
    cases = _import_path("_vrest_validation_cases", SITE / "validation_cases.py")
    rows = cases.evaluate()
    whys: list[str] = []
    out = [
        "| quantity | source | literature | vrest | difference | tolerance | within? |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r["why"] not in whys:
            whys.append(r["why"])
        note = whys.index(r["why"]) + 1
        ok = "yes" if r["ok"] else "**NO**"
        out.append(
            f"| {r['quantity']} | {r['source']} | {_minus(r['expected_text'])} "
            f"| {_minus(r['value_text'])} | {_minus(r['diff_text'])} "
            f"| {r['tol_short']} ({note}) | {ok} |"
        )
    n_ok = sum(r["ok"] for r in rows)
    out += ["", f"{n_ok} of {len(rows)} numbers within their tolerance.", "", "Tolerances:", ""]
    out += [f"{i}. {why}" for i, why in enumerate(whys, 1)]
    return "\n".join(out) + "\n"


# ---- the problem book -----------------------------------------------------------------------
def _nb_title(path: Path) -> str:
    """The notebook's first markdown H1 ('# Title'), else its file name."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = cell.get("source", "")
        text = "".join(src) if isinstance(src, list) else src
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return path.stem


def add_book(src: Path, book: Path | None) -> int:
    """Put the executed teacher notebooks under ``problems/`` with an index page and the
    student notebooks as downloads; returns the number of problems."""
    problems = src / "problems"
    problems.mkdir(exist_ok=True)
    teacher = sorted((book / "teacher").glob("*.ipynb")) if book else []
    student_dir = problems / "student"
    student_dir.mkdir(exist_ok=True)
    lines = [
        "# Problem book",
        "",
        "Computational problems on the resting potential, from the Nernst equation to the "
        "applications. Each page is the **teacher's version**, executed: the problem, the "
        "solution code and its output, figures included. The **student's version** of each "
        "problem (the same notebook with the solutions taken out) is a Jupyter notebook to "
        "download and work through with vrest installed.",
        "",
    ]
    if not teacher:
        lines += ["No problems yet: the problem book was not built.", ""]
    toc = []
    rows = ["| problem | student notebook |", "|---|---|"]
    for nb in teacher:
        shutil.copy2(nb, problems / nb.name)
        student = book / "student" / nb.name if book else None
        dl = ""
        if student is not None and student.exists():
            shutil.copy2(student, student_dir / nb.name)
            dl = f"{{download}}`{nb.name} <student/{nb.name}>`"
        rows.append(f"| [{_md_escape(_nb_title(nb))}]({nb.stem}) | {dl} |")
        toc.append(nb.stem)
    if teacher:
        lines += [*rows, ""]
    lines += ["```{toctree}", ":hidden:", ":maxdepth: 1", "", *toc, "```", ""]
    (problems / "index.md").write_text("\n".join(lines), encoding="utf-8")
    return len(teacher)


def build_book(out: Path, jobs: int) -> Path:
    """Execute the problem book with ``scripts/book.py`` (when no executed book is given)."""
    path = ROOT / "scripts" / "book.py"
    if not path.exists():
        raise SystemExit(f"build_docs: {path} is missing and no --book was given")
    book = _import_path("_vrest_book", path)
    report = book.build(out, jobs=jobs)
    if report["failed"]:
        errors = "\n\n".join(report["notebooks"][s]["error"] for s in report["failed"])
        raise DocsBuildError(f"problem notebooks failed: {report['failed']}\n{errors}")
    return out


# ---- MathJax, bundled -----------------------------------------------------------------------
def mathjax_dir() -> Path:
    """MathJax 2.7's static files, as shipped inside the jupyter-server-mathjax wheel."""
    try:
        import jupyter_server_mathjax
    except ImportError:  # pragma: no cover - an install without the docs extra
        raise SystemExit(
            "build_docs: MathJax is bundled from the jupyter-server-mathjax package: "
            "pip install -e '.[docs]'"
        ) from None
    d = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (d / "MathJax.js").exists():
        raise SystemExit(f"build_docs: no MathJax.js in {d}")
    return d


def _mathjax_unused(folder: str, names: list[str]) -> list[str]:
    """MathJax files the site never loads: other languages' messages (English is built in)
    and the SVG output (the site uses HTML-CSS with the STIX-Web fonts)."""
    d = Path(folder)
    if d.name == "localization":
        return [n for n in names if n != "en"]
    if d.name == "output" and d.parent.name == "jax":
        return [n for n in names if n == "SVG"]
    return []


def prepare_source(src: Path, book: Path | None) -> dict[str, Any]:
    """Copy docs/site to ``src`` and add every generated page and file there."""
    shutil.copytree(
        SITE, src, ignore=shutil.ignore_patterns("__pycache__", "_build", "*.pyc"),
        dirs_exist_ok=True,
    )  # fmt: skip
    gen = src / "_generated"
    gen.mkdir(exist_ok=True)
    (src / "cli.md").write_text(cli_markdown(), encoding="utf-8")
    (gen / "benchmarks.md").write_text(benchmark_markdown(), encoding="utf-8")
    (gen / "validation.md").write_text(validation_markdown(), encoding="utf-8")
    for name in ("design.md", "testing.md"):
        shutil.copy2(ROOT / "docs" / name, gen / name)
    # the figures are referenced as ../figures/... from the source folder's pages: copy them
    # in so that the build does not depend on the source folder's location
    shutil.copytree(ROOT / "docs" / "figures", src / "figures", dirs_exist_ok=True)
    shutil.copytree(mathjax_dir(), src / "_static" / "mathjax", ignore=_mathjax_unused)
    n_problems = add_book(src, book)
    return {"problems": n_problems}


def build(
    out_dir: Path, book: Path | None = None, jobs: int = 1, keep_source: bool = False
) -> dict:
    """Build the site into ``out_dir``; returns timings and counts. Raises SystemExit with
    sphinx-build's status when it fails (any warning fails: ``-W``)."""
    out_dir = Path(out_dir).resolve()
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="vrest-docs-"))
    try:
        if book is None:
            book = build_book(tmp / "book", jobs=2)
        src = tmp / "src"
        info = prepare_source(src, Path(book))
        if keep_source:  # for looking at the generated pages
            kept = out_dir.parent / (out_dir.name + "-src")
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(src, kept)
        t1 = time.perf_counter()
        cmd = [
            sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-q",
            "-d", str(tmp / "doctrees"), "-j", str(jobs), str(src), str(out_dir),
        ]  # fmt: skip
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore::DeprecationWarning")
        proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
        if proc.returncode != 0:
            raise DocsBuildError(
                f"sphinx-build exited {proc.returncode}:\n{proc.stdout}{proc.stderr}".strip()
            )
        info.update(prepare_s=t1 - t0, sphinx_s=time.perf_counter() - t1)
        return info
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out_dir", type=Path, help="where the HTML site goes")
    ap.add_argument("--book", type=Path, help="an executed book (teacher/ and student/ notebooks)")
    ap.add_argument("--jobs", "-j", type=int, default=1, help="sphinx-build parallel jobs")
    ap.add_argument("--keep-source", action="store_true", help="keep the generated source beside")
    a = ap.parse_args(argv)
    if a.book is not None and not (a.book / "teacher").is_dir():
        print(f"build_docs: {a.book} has no teacher/ folder", file=sys.stderr)
        return 2
    try:
        info = build(a.out_dir, a.book, a.jobs, a.keep_source)
    except DocsBuildError as exc:
        print(f"build_docs: {exc}", file=sys.stderr)
        return 1
    print(
        f"build_docs: {a.out_dir}/index.html ({info['problems']} problems; prepare "
        f"{info['prepare_s']:.1f} s, sphinx {info['sphinx_s']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
