"""Browser-test fixtures: Debian's Chromium driven by Playwright, fully offline.

Shared by the explorer's browser tests and the documentation-site test. Chromium is
``/usr/bin/chromium`` (``CHROMIUM_PATH`` overrides); ``playwright install`` is never run, because
it downloads a browser. Every page aborts any request that leaves the loopback interface and the
test fails if one was made, so the pages are proven to work offline. Screenshots (and a
``FAILED-<test>.png`` on failure) go to ``out/test-artifacts/`` (``VREST_ARTIFACTS`` overrides).
Flags and pitfalls follow the measured webapp recipe: ``launch_persistent_context`` with a fresh
profile, no background networking.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("VREST_ARTIFACTS", ROOT / "out" / "test-artifacts"))


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (tiny reuse race: callers retry)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until ``url`` answers 200, or fail if ``proc`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"server not ready at {url} after {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group started for ``proc`` (then SIGKILL after 10 s)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def serve(cmd_for_port, health_path: str, log_name: str, cwd: Path = ROOT) -> Iterator[str]:
    """Start ``cmd_for_port(port)`` on a free loopback port; yield its base URL; stop it after.

    ``health_path`` must answer HTTP 200 once the server is ready. The server's output goes to
    ``ARTIFACTS/log_name``.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    logfile = ARTIFACTS / log_name
    proc = None
    for attempt in range(3):
        port = free_port()
        with open(logfile, "w") as log:
            proc = subprocess.Popen(
                cmd_for_port(port), cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
                env=dict(os.environ, PYTHONUNBUFFERED="1"),
            )
        try:
            wait_http(f"http://127.0.0.1:{port}{health_path}", proc)
            break
        except RuntimeError:
            stop(proc)
            if attempt == 2:
                raise RuntimeError(
                    f"server failed to start:\n{logfile.read_text()[-2000:]}"
                ) from None
        except BaseException:
            stop(proc)
            raise
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """One headless Chromium for the session (fresh profile, 1280×900 viewport)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup.sh as root, or "
                    "apt-get install chromium, or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900}, accept_downloads=True,
        )
        ctx.set_default_timeout(30_000)
        yield ctx
        ctx.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture
def page(browser_context, request):
    """A fresh page that may reach only 127.0.0.1/localhost (or file:// URLs)."""
    external: list[str] = []
    errors: list[str] = []

    def only_loopback(route):
        url = route.request.url
        if url.startswith("http") and urlparse(url).hostname not in ("127.0.0.1", "localhost"):
            external.append(url)
            return route.abort()
        return route.continue_()

    pg = browser_context.new_page()
    pg.route("**/*", only_loopback)
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=ARTIFACTS / f"FAILED-{request.node.name}.png", full_page=True)
    pg.close()
    if errors:
        print("\nbrowser console errors:", *errors, sep="\n  ")
    assert not external, f"page tried to reach the internet: {external}"


@pytest.fixture
def shot_dir() -> Path:
    """Where screenshots go (kept as test artifacts, and looked at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def explorer_url():
    """The explorer (``src/vrest/explorer/app.py``) served by Streamlit on loopback."""
    app = ROOT / "src" / "vrest" / "explorer" / "app.py"

    def cmd(port: int) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", str(app),
            "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
            "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
        ]

    yield from serve(cmd, "/_stcore/health", "explorer-server.log")
