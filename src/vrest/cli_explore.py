"""``vrest explore``: serve the browser explorer (a Streamlit page) on this machine.

    vrest explore [--port N] [--host 127.0.0.1] [--no-browser]

Runs ``python -m streamlit run …/explorer/app.py`` bound to 127.0.0.1 (only this machine can
reach it; another address must be asked for with ``--host``), headless, without usage
statistics and without a file watcher; prints the address once the page answers, opens it in
the default browser unless ``--no-browser`` (or no display), and runs until Ctrl+C. Wired
into :mod:`vrest.cli` by ``add_parser(sub)``.
"""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from .errors import VrestInputError

DEFAULT_PORT = 8501
#: Seconds to wait for the page to answer before giving up.
START_TIMEOUT_S = 60.0
APP = Path(__file__).resolve().parent / "explorer" / "app.py"


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``explore`` subcommand to the subparsers object ``sub`` of vrest's parser."""
    from .cli import _Formatter

    text = "serve the browser explorer on this machine (Streamlit) and print its address"
    p = sub.add_parser("explore", help=text, description=text, formatter_class=_Formatter)
    p.add_argument("--port", default=str(DEFAULT_PORT),
                   help=f"TCP port, 1–65535 (default {DEFAULT_PORT})")  # fmt: skip
    p.add_argument(
        "--host", default="127.0.0.1",
        help="address to bind (default 127.0.0.1: this machine only; 0.0.0.0 exposes the "
        "explorer to the network)",
    )  # fmt: skip
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(func=cmd_explore)
    return p


def _port(text: str) -> int:
    try:
        port = int(text)
    except (TypeError, ValueError):
        port = -1
    if not 1 <= port <= 65535:
        raise VrestInputError("--port", text, "a TCP port number from 1 to 65535")
    return port


def _host(text: str) -> str:
    if text == "localhost":
        return "127.0.0.1"
    try:
        ipaddress.ip_address(text)
    except ValueError:
        raise VrestInputError(
            "--host", text, "an IP address of this machine, e.g. 127.0.0.1 (the default)"
        ) from None
    return text


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            raise VrestInputError(
                "--port", port, f"a free port on {host}", exc.strerror or str(exc)
            ) from None


def command(host: str, port: int) -> list[str]:
    """The Streamlit command line that serves the explorer."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        f"--server.address={host}", f"--server.port={port}",
        "--server.headless=true",  # no e-mail prompt; vrest opens the browser itself
        "--browser.gatherUsageStats=false",  # no telemetry
        "--server.fileWatcherType=none",
        "--client.toolbarMode=viewer",  # no developer menu on a projected page
        "--client.showErrorDetails=none",
    ]  # fmt: skip


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _wait_ready(url: str, proc: subprocess.Popen) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def _has_display() -> bool:
    """A graphical browser can open here (on Linux without a display, webbrowser would start
    a text browser in this terminal instead)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cmd_explore(args: argparse.Namespace) -> int:
    port, host = _port(args.port), _host(args.host)
    if importlib.util.find_spec("streamlit") is None or importlib.util.find_spec("altair") is None:
        raise VrestInputError(
            "explore", "streamlit", "the explorer's packages: pip install 'vrest[explore]'",
            "streamlit or altair is not installed",
        )  # fmt: skip
    _check_free(host, port)
    if not ipaddress.ip_address(host).is_loopback:
        print(f"vrest: warning: binding to {host}: other machines can reach the explorer",
              file=sys.stderr)  # fmt: skip
    url = f"http://{_url_host(host)}:{port}/"
    signal.signal(signal.SIGTERM, _interrupt)  # a SIGTERM stops the server too
    proc = subprocess.Popen(
        command(host, port), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )  # fmt: skip
    try:
        if not _wait_ready(url, proc):
            proc.terminate()
            proc.wait(timeout=10)
            raise VrestInputError("explore", url, "a Streamlit server that starts",
                                  "it did not answer; see the messages above")  # fmt: skip
        print(f"vrest explorer: {url}  (Ctrl+C stops it)", flush=True)
        if not args.no_browser and _has_display():
            import webbrowser

            webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0
