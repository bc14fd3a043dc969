#!/usr/bin/env bash
# One command for the whole benchmark suite (vrest vs NEURON):
#   bash benchmarks/run.sh [run.py options, e.g. --quick]
# 1. benchmarks/setup.sh: create/refresh .venv-bench (NEURON + vrest, editable);
# 2. benchmarks/run.py with .venv-bench/bin/python -> benchmarks/results/latest.{json,md};
# 3. benchmarks/update_readme.py: copy the table into README.md between the bench markers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash benchmarks/setup.sh
export NEURON_MODULE_OPTIONS="${NEURON_MODULE_OPTIONS:--nogui}"
.venv-bench/bin/python benchmarks/run.py "$@"
.venv-bench/bin/python benchmarks/update_readme.py
