#!/usr/bin/env bash
# Create/refresh the benchmark environment .venv-bench at the repo root (idempotent).
#   bash benchmarks/setup.sh
# Installs NEURON (the peer) and vrest itself (editable) into .venv-bench.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-bench"
PY="${PYTHON:-python3}"
# Pins known to work together here (Python 3.11, Debian 12): neuron 9.0.x wants numpy < 2.4.
NEURON_SPEC="${NEURON_SPEC:-neuron==9.0.*}"
NUMPY_SPEC="${NUMPY_SPEC:-numpy<2.4}"
# scipy: brentq for the NEURON side of the GHK-voltage comparison.
SCIPY_SPEC="${SCIPY_SPEC:-scipy>=1.10}"
STAMP="$VENV/.bench-setup-ok"

if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PY" -c "import venv, ensurepip" >/dev/null 2>&1; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "setup.sh: python venv module missing; installing python3-venv" >&2
            apt-get install -y python3-venv >&2
        else
            echo "setup.sh: '$PY -m venv' is unavailable; install python3-venv" >&2
            exit 1
        fi
    fi
    echo "setup.sh: creating $VENV" >&2
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    rm -f "$STAMP"
fi

# Skip the (slow) pip step when nothing relevant changed since the last successful setup.
want="$NEURON_SPEC|$NUMPY_SPEC|$SCIPY_SPEC|$(cksum < "$ROOT/pyproject.toml")"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
    && NEURON_MODULE_OPTIONS=-nogui "$VENV/bin/python" -c "import neuron, scipy, vrest" \
        >/dev/null 2>&1 \
    && [ -x "$VENV/bin/vrest" ]; then
    echo "setup.sh: $VENV is up to date" >&2
    exit 0
fi

echo "setup.sh: installing $NEURON_SPEC, $NUMPY_SPEC, $SCIPY_SPEC and vrest (editable)" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$NEURON_SPEC" "$NUMPY_SPEC" "$SCIPY_SPEC" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$NUMPY_SPEC" -e "$ROOT" >&2
NEURON_MODULE_OPTIONS=-nogui "$VENV/bin/python" -c "import neuron, numpy, scipy, vrest" >&2
echo "$want" > "$STAMP"
echo "setup.sh: done" >&2
