"""The documentation site (docs/site, built by scripts/build_docs.py).

* every ```python block of every page runs (one namespace per page, in order, from the
  repository root, matplotlib's Agg backend), and every ``vrest ...`` command shown in a
  ```console or ```bash block runs through the CLI and exits 0 — so the guide cannot show code
  that does not work; a block marked ``<!-- not run: REASON -->`` just above it is exempt;
* each validation row (docs/site/validation_cases.py, the table of the Validation page) lies
  within its stated tolerance of the literature number;
* the site builds with ``sphinx-build -W`` from the problem book that the test session executed
  once (the ``executed_book`` fixture), with the CLI reference covering every subcommand;
* in headless Chromium, offline (the ``page`` fixture fails on any request off the loopback
  interface): the home page and a guide page render, their math is typeset by the bundled
  MathJax, their figures load, and a problem page shows its figure.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "site"
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
NOT_RUN = re.compile(r"^<!--\s*not run:\s*(?P<why>.*?)\s*-->$")


def _load(name: str, path: Path):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def blocks(text: str) -> list[dict]:
    """The fenced code blocks of a markdown page: language, code, first line, and the reason
    given in a ``<!-- not run: ... -->`` comment just above the fence (or None)."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m["fence"], m["info"].strip()
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            j += 1
        prev = next((ln.strip() for ln in reversed(lines[:i]) if ln.strip()), "")
        why = NOT_RUN.match(prev)
        out.append({
            "lang": info.split()[0] if info else "",
            "code": "\n".join(lines[i + 1 : j]),
            "line": i + 2,
            "not_run": why["why"] if why else None,
        })  # fmt: skip
        i = j + 1
    return out


#: the browser fixtures' helpers (tests/browser/conftest.py: ``serve``), by path: two conftest
#: modules share the name "conftest", so a plain import could find the other one
BROWSER = _load("vrest_browser_conftest_helpers", Path(__file__).with_name("conftest.py"))
PAGES = sorted(SITE.rglob("*.md"))
PY_PAGES = [p for p in PAGES if any(b["lang"] == "python" for b in blocks(p.read_text()))]
CLI_PAGES = [
    p
    for p in PAGES
    if any(
        b["lang"] in ("console", "bash") and "vrest " in b["code"] and b["not_run"] is None
        for b in blocks(p.read_text())
    )
]


def _id(p: Path) -> str:
    return str(p.relative_to(SITE))


def test_the_guide_has_code_to_run() -> None:
    """The scan finds the pages (a broken fence pattern must not make the tests vacuous)."""
    names = {_id(p) for p in PY_PAGES}
    assert {"index.md", "getting-started.md", "guide/nernst.md", "guide/ghk.md"} <= names
    assert len(PY_PAGES) >= 15, names
    assert "getting-started.md" in {_id(p) for p in CLI_PAGES}


@pytest.mark.parametrize("page", PY_PAGES, ids=_id)
def test_python_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Every ```python block of ``page`` runs, in order, in one namespace, from the repository
    root; a block asserts the numbers its text claims."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    (ROOT / "out" / "docs").mkdir(parents=True, exist_ok=True)
    ns: dict = {"__name__": "__docs__"}
    ran = 0
    for b in blocks(page.read_text()):
        if b["lang"] != "python":
            continue
        if b["not_run"] is not None:
            assert b["not_run"], f"{_id(page)}:{b['line']}: 'not run' needs a reason"
            compile(b["code"], f"{page}:{b['line']}", "exec")  # still valid Python
            continue
        try:
            exec(compile(b["code"], f"{page}:{b['line']}", "exec"), ns)
        finally:
            plt.close("all")
        ran += 1
    capsys.readouterr()
    assert ran >= 1


def _commands(page: Path) -> list[tuple[int, list[str]]]:
    """The ``vrest`` commands shown in the page's console/bash blocks (``$ `` prompts and
    ``.venv/bin/`` prefixes removed), with the block's line."""
    cmds = []
    for b in blocks(page.read_text()):
        if b["lang"] not in ("console", "bash") or b["not_run"] is not None:
            continue
        for raw in b["code"].splitlines():
            line = raw.strip()
            if b["lang"] == "console":
                if not line.startswith("$ "):
                    continue  # program output
                line = line[2:]
            line = line.split(" #", 1)[0].strip()
            words = shlex.split(line)
            if words and words[0] in ("vrest", ".venv/bin/vrest"):
                cmds.append((b["line"], words[1:]))
    return cmds


@pytest.mark.parametrize("page", CLI_PAGES, ids=_id)
def test_cli_commands_run(page: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``vrest ...`` command shown on ``page`` exits 0, each in under 5 s (in process)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    (ROOT / "out" / "docs").mkdir(parents=True, exist_ok=True)
    cmds = _commands(page)
    assert cmds
    for line, args in cmds:
        t0 = time.perf_counter()
        code, _out, err = cli(*args)
        took = time.perf_counter() - t0
        assert code == 0, f"{_id(page)}:{line}: vrest {shlex.join(args)} → {code}: {err}"
        # a documented command must be quick to try: 5 s (the first call may pay an import or a
        # numba cache load); starting a local Dask cluster (worker processes that import vrest)
        # is allowed 20 s on the shared 2-core machine
        limit = 20.0 if "--engine" in args and "dask" in args else 5.0
        assert took < limit, f"{_id(page)}:{line}: vrest {shlex.join(args)} took {took:.1f} s"


def test_not_run_blocks_give_a_reason() -> None:
    for page in PAGES:
        for b in blocks(page.read_text()):
            if b["not_run"] is not None:
                assert len(b["not_run"]) > 5, f"{_id(page)}:{b['line']}"


# ---- validation against the literature ------------------------------------------------------
VALIDATION = _load("vrest_docs_validation_cases", SITE / "validation_cases.py")


@pytest.mark.parametrize("case", VALIDATION.CASES, ids=lambda c: c.quantity[:50])
def test_validation_row_within_tolerance(case) -> None:
    """vrest's value lies within the row's tolerance of the published number (each tolerance
    is justified in the row: the source's rounding, a measured scatter, ...)."""
    value = case.value()
    assert abs(value - case.expected) <= case.tol, (
        f"{case.quantity}: vrest {value:g} {case.unit}, {case.source} {case.expected:g} ± "
        f"{case.tol:g} ({case.why})"
    )
    assert case.source and case.why


# ---- the built site -------------------------------------------------------------------------
@pytest.fixture(scope="session")
def docs_site(executed_book, tmp_path_factory):
    """The site built once from the session's executed problem book: (folder, build info)."""
    book_dir, report = executed_book
    assert not report["failed"], f"problem notebooks failed: {report['failed']}"
    build_docs = _load("vrest_build_docs_script", ROOT / "scripts" / "build_docs.py")
    out = tmp_path_factory.mktemp("site")
    t0 = time.perf_counter()
    try:
        info = build_docs.build(out, book=book_dir, jobs=1)
    except build_docs.DocsBuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    info["build_s"] = time.perf_counter() - t0
    print(f"\ndocs site built in {info['build_s']:.1f} s ({info})")
    return out, info


def test_site_builds_with_every_page(docs_site, executed_book) -> None:
    """-W build succeeded (the fixture); every hand-written page, the generated CLI reference
    (every subcommand), the tables and every executed problem are there; nothing points to a
    CDN."""
    site, info = docs_site
    from vrest.cli import build_parser

    for page in PAGES:
        html = site / _id(page).replace(".md", ".html")
        assert html.exists(), html
    cli_html = (site / "cli.html").read_text()
    subs = next(a for a in build_parser()._actions if hasattr(a, "choices") and a.choices)
    for name in subs.choices:
        assert f'id="vrest-{name}"' in cli_html, name
    assert "--uncertainty" in cli_html and "--keep-sum" in cli_html
    n_book = len(list((executed_book[0] / "teacher").glob("*.ipynb")))
    assert info["problems"] == n_book >= 1
    for nb in (executed_book[0] / "teacher").glob("*.ipynb"):
        assert (site / "problems" / f"{nb.stem}.html").exists(), nb.stem
    assert (site / "_static" / "mathjax" / "MathJax.js").exists()
    validation = (site / "validation.html").read_text()
    assert f"{len(VALIDATION.CASES)} of {len(VALIDATION.CASES)} numbers within" in validation
    assert "Channel noise" in (site / "benchmarks.html").read_text()
    for html in site.rglob("*.html"):
        text = html.read_text()
        remote = re.findall(r'(?:src|href)="(https?://[^"]+)"', text)
        remote = [u for u in remote if re.search(r"\.(js|css|woff2?|ttf)(\?|$)", u)]
        assert not remote, f"{html.relative_to(site)} loads {remote}"


@pytest.fixture(scope="session")
def docs_url(docs_site):
    site, _ = docs_site

    def cmd(port: int) -> list[str]:
        return [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
                "--directory", str(site)]  # fmt: skip

    yield from BROWSER.serve(cmd, "/index.html", "docs-server.log")


def _typeset(page) -> None:
    """Wait until MathJax 2 has typeset the page (its queue is empty)."""
    page.wait_for_function(
        "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue"
        " && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0"
        " && document.querySelectorAll('.MathJax_Processing').length === 0",
        timeout=30_000,
    )
    # the first typeset may be queued after the load event: wait for its output as well
    page.wait_for_function("() => document.querySelectorAll('.MathJax, .MathJax_Display').length")


def _check_math(page, min_display: int) -> None:
    n_src = page.locator("div.math").count()
    n_display = page.locator(".MathJax_Display").count()
    errors = page.locator(".MathJax_Error, .merror, [data-mjx-error]").count()
    assert n_src >= min_display and n_display >= n_src, (n_src, n_display)
    assert errors == 0
    # typeset, not raw TeX: the visible text holds no \frac
    assert "\\frac" not in page.locator("article").inner_text()
    # a rendered equation has a real size
    box = page.locator(".MathJax_Display").first.bounding_box()
    assert box and box["height"] > 15 and box["width"] > 50


def _check_images(page, min_images: int) -> None:
    sizes = page.eval_on_selector_all(
        "article img", "els => els.map(e => [e.currentSrc, e.complete, e.naturalWidth])"
    )
    assert len(sizes) >= min_images, sizes
    broken = [s for s in sizes if not (s[1] and s[2] > 0)]
    assert not broken, broken


def test_home_page_renders(page, docs_url, shot_dir) -> None:
    page.goto(docs_url + "index.html", wait_until="load")
    assert "vrest" in page.title()
    assert page.locator("h1").first.inner_text().startswith("vrest")
    _typeset(page)
    _check_math(page, 1)
    _check_images(page, 1)
    # the sidebar lists the chapters
    nav = page.locator(".sidebar-tree").inner_text()
    for title in ("Getting started", "User guide", "Cell files", "Problem book", "Validation"):
        assert title in nav, title
    page.screenshot(path=shot_dir / "docs-home.png", full_page=False)


def test_guide_page_renders_math_and_figure(page, docs_url, shot_dir) -> None:
    page.goto(docs_url + "guide/ghk.html", wait_until="load")
    _typeset(page)
    _check_math(page, 2)
    _check_images(page, 1)
    page.locator(".MathJax_Display").first.scroll_into_view_if_needed()
    page.screenshot(path=shot_dir / "docs-guide-ghk.png", full_page=False)
    page.goto(docs_url + "guide/noise.html", wait_until="load")
    _typeset(page)
    _check_math(page, 2)
    _check_images(page, 1)
    page.locator("article img").first.scroll_into_view_if_needed()
    page.screenshot(path=shot_dir / "docs-guide-noise.png", full_page=False)


def test_problem_page_shows_its_figure(page, docs_url, docs_site, shot_dir) -> None:
    site, _ = docs_site
    index = (site / "problems" / "index.html").read_text()
    assert ".ipynb" in index  # the student notebooks to download
    pages = sorted((site / "problems").glob("p*.html"))
    assert pages
    with_figure = [p for p in pages if "<img" in p.read_text()]
    assert with_figure, "no problem page has a figure"
    target = with_figure[0].name
    page.goto(docs_url + f"problems/{target}", wait_until="load")
    _check_images(page, 1)
    page.locator("article img").first.scroll_into_view_if_needed()
    page.screenshot(path=shot_dir / "docs-problem.png", full_page=False)
    # the student notebook downloads from the index
    page.goto(docs_url + "problems/index.html", wait_until="load")
    link = page.locator("a.download").first
    href = link.get_attribute("href")
    assert href and href.endswith(".ipynb")
    import json
    import urllib.request

    with urllib.request.urlopen(docs_url + "problems/" + href, timeout=10) as r:
        nb = json.loads(r.read())
    assert nb["cells"] and "nbformat" in nb
