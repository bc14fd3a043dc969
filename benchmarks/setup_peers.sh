#!/usr/bin/env bash
# Create/refresh the peer environment .venv-peers at the repo root (idempotent).
#   bash benchmarks/setup_peers.sh
# Installs Myokit (CVODES peer for the pump-leak time course), Brian2 + Cython (Fox-Lu Langevin
# peer for the channel-noise benchmark, cpp_standalone), scipy, numpy and vrest itself (editable)
# into .venv-peers, and the system packages Myokit and Brian2 need to compile their simulations:
# libsundials-dev (CVODES headers + libraries) and a C/C++ compiler. NEURON lives in
# .venv-bench (benchmarks/setup.sh) and is deliberately not installed here.
# See benchmarks/peers.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-peers"
PY="${PYTHON:-python3}"
# Pins known to work together here (Python 3.11, Debian 12, SUNDIALS 6.4.1):
# myokit 1.39.2, brian2 2.9.0, Cython 3.x, numpy 2.3.5, scipy 1.17.1. brian2 2.9.0 does not
# import with numpy 2.4 (np.ndarray.ptp is gone), hence numpy<2.4.
MYOKIT_SPEC="${MYOKIT_SPEC:-myokit==1.39.*}"
BRIAN2_SPEC="${BRIAN2_SPEC:-brian2==2.9.0}"
CYTHON_SPEC="${CYTHON_SPEC:-cython}"
NUMPY_SPEC="${NUMPY_SPEC:-numpy<2.4}"
SCIPY_SPEC="${SCIPY_SPEC:-scipy>=1.10}"
STAMP="$VENV/.peers-setup-ok"

# --- system packages: only what is missing, only as root, one apt-get update ----------------
missing=()
dpkg_has() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
command -v dpkg-query >/dev/null 2>&1 || dpkg_has() { return 0; }   # not Debian: just check below
dpkg_has libsundials-dev || missing+=(libsundials-dev)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
# Myokit builds Python C extensions: the interpreter's Python.h must exist.
pyinc="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null || true)"
[ -n "$pyinc" ] && [ -f "$pyinc/Python.h" ] || missing+=(python3-dev)
if ! "$PY" -c "import venv, ensurepip" >/dev/null 2>&1 && [ ! -x "$VENV/bin/python" ]; then
    missing+=(python3-venv)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup_peers.sh: installing system packages: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update >&2
        apt-get install -y --no-install-recommends "${missing[@]}" >&2
    else
        echo "setup_peers.sh: missing system packages: ${missing[*]}" >&2
        echo "setup_peers.sh: run as root: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

# --- the venv -------------------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    echo "setup_peers.sh: creating $VENV" >&2
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    rm -f "$STAMP"
fi

# Skip the (slow) pip step when nothing relevant changed since the last successful setup.
want="$MYOKIT_SPEC|$BRIAN2_SPEC|$CYTHON_SPEC|$NUMPY_SPEC|$SCIPY_SPEC|$(cksum < "$ROOT/pyproject.toml")"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
    && "$VENV/bin/python" -c "import brian2, Cython, myokit, numpy, scipy, vrest" >/dev/null 2>&1
then
    echo "setup_peers.sh: $VENV is up to date" >&2
    exit 0
fi

echo "setup_peers.sh: installing $MYOKIT_SPEC, $BRIAN2_SPEC, $CYTHON_SPEC, $NUMPY_SPEC," \
    "$SCIPY_SPEC and vrest (editable)" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$MYOKIT_SPEC" "$BRIAN2_SPEC" "$CYTHON_SPEC" "$NUMPY_SPEC" "$SCIPY_SPEC" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$NUMPY_SPEC" -e "$ROOT" >&2
# Check the imports, and that Myokit can compile against SUNDIALS (a tiny CVODES simulation).
"$VENV/bin/python" - >&2 <<'EOF'
import brian2, Cython, myokit, numpy, scipy, vrest
m, p, _ = myokit.load("example")
s = myokit.Simulation(m, p)
s.run(10, log=myokit.LOG_NONE)
print("setup_peers.sh: myokit", myokit.__version__, "sundials", myokit.Sundials.version(),
      "brian2", brian2.__version__, "Cython", Cython.__version__, "numpy", numpy.__version__,
      "scipy", scipy.__version__, "vrest", getattr(vrest, "__version__", "?"))
EOF
echo "$want" > "$STAMP"
echo "setup_peers.sh: done" >&2
