#!/usr/bin/env bash
# One command for the whole benchmark suite (vrest vs NEURON, and vs Myokit for time courses):
#   bash benchmarks/run.sh [run.py options, e.g. --quick]
# 1. benchmarks/setup.sh: create/refresh .venv-bench (NEURON + vrest, editable);
# 2. benchmarks/setup_peers.sh: create/refresh .venv-peers (Myokit + CVODES, vrest); idempotent.
#    If it cannot (e.g. system packages missing and not root), the run goes on and the Myokit
#    cases are reported as "not available";
# 3. benchmarks/run.py with .venv-bench/bin/python -> benchmarks/results/latest.{json,md}
#    (it runs the Myokit peer scripts as subprocesses with .venv-peers/bin/python);
# 4. benchmarks/update_readme.py: copy the table into README.md between the bench markers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash benchmarks/setup.sh
bash benchmarks/setup_peers.sh \
    || echo "run.sh: setup_peers.sh failed; the Myokit cases will say 'not available'" >&2
export NEURON_MODULE_OPTIONS="${NEURON_MODULE_OPTIONS:--nogui}"
.venv-bench/bin/python benchmarks/run.py "$@"
.venv-bench/bin/python benchmarks/update_readme.py
