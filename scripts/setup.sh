#!/usr/bin/env bash
# Set up vrest in ./.venv (idempotent): a virtual environment with vrest (editable) and its test
# tools. Needs only python3 >= 3.11; on Debian without python3-venv it installs that package
# when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "vrest needs Python >= 3.11 (found $("$PY" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
  if ! "$PY" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing python3-venv (Debian) ..." >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$PY" -m venv .venv
    else
      echo "python3 cannot create a virtual environment: install python3-venv (apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
fi
# reinstall only when the project's metadata changed
stamp=.venv/.vrest-installed
want=$(cat pyproject.toml | "$PY" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! .venv/bin/python -c 'import vrest' 2>/dev/null; then
  .venv/bin/python -m pip install --disable-pip-version-check -q -e '.[test]'
  echo "$want" > "$stamp"
fi
# the browser tests (explorer, documentation site) drive Debian's Chromium with Playwright; never
# `playwright install` (it downloads a browser). As root on Debian, install it when missing.
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium (Debian) for the browser tests ..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: no chromium found; the browser tests will fail (apt-get install chromium)" >&2
  fi
fi
# compile the numba kernels (channel noise, sweeps) once: numba caches them next to the sources, so a
# user's first `vrest noise` pays no compile; idempotent and quick once cached
.venv/bin/python -m vrest.warm >&2
