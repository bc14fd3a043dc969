#!/usr/bin/env bash
# One command for the whole benchmark suite (vrest vs NEURON, vs Myokit for time courses, vs
# NEURON and Brian2 for channel noise, and sweeps vs loops over solve_rest and NEURON):
#   bash benchmarks/run.sh [run.py options, e.g. --quick] [--no-noise] [--no-sweep]
# 1. benchmarks/setup.sh: create/refresh .venv-bench (NEURON + vrest, editable);
# 2. benchmarks/setup_peers.sh: create/refresh .venv-peers (Myokit + CVODES, Brian2, vrest);
#    idempotent. If it cannot (e.g. system packages missing and not root), the run goes on and
#    the Myokit and Brian2 cases are reported as "not available";
# 3. benchmarks/run.py with .venv-bench/bin/python -> benchmarks/results/latest.{json,md}
#    (it runs the Myokit peer scripts as subprocesses with .venv-peers/bin/python);
# 4. benchmarks/run_noise.py with .venv-bench/bin/python -> benchmarks/results/noise_latest.{json,md}
#    (channel noise vs NEURON and Brian2; it gets --quick, --strict and --out of the options;
#    --no-noise skips it);
# 5. benchmarks/run_sweep.py with .venv-bench/bin/python -> benchmarks/results/sweep_latest.{json,md}
#    (10⁶-point rest sweeps vs loops over solve_rest and NEURON, a noise ensemble on 1 and 2 Dask
#    workers; it gets --quick, --strict and --out of the options; --no-sweep skips it);
# 6. benchmarks/update_readme.py: copy the tables into README.md between the bench markers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

run_args=()
noise_args=()
noise=1
sweep=1
while [ "$#" -gt 0 ]; do
    case "$1" in
        --no-noise) noise=0 ;;
        --no-sweep) sweep=0 ;;
        --quick | --strict | -h | --help) run_args+=("$1"); noise_args+=("$1") ;;
        --out)
            run_args+=("$1" "${2-}"); noise_args+=("$1" "${2-}")
            [ "$#" -gt 1 ] && shift ;;
        --out=*) run_args+=("$1"); noise_args+=("$1") ;;
        *) run_args+=("$1") ;;
    esac
    shift
done

bash benchmarks/setup.sh
bash benchmarks/setup_peers.sh \
    || echo "run.sh: setup_peers.sh failed; the Myokit and Brian2 cases will say 'not available'" >&2
export NEURON_MODULE_OPTIONS="${NEURON_MODULE_OPTIONS:--nogui}"
status=0
.venv-bench/bin/python benchmarks/run.py ${run_args[@]+"${run_args[@]}"} || status=$?
if [ "$noise" = 1 ]; then
    .venv-bench/bin/python benchmarks/run_noise.py ${noise_args[@]+"${noise_args[@]}"} \
        || status=$?
fi
if [ "$sweep" = 1 ]; then
    # noise_args: exactly the options run_sweep.py shares with run_noise.py
    .venv-bench/bin/python benchmarks/run_sweep.py ${noise_args[@]+"${noise_args[@]}"} \
        || status=$?
fi
.venv-bench/bin/python benchmarks/update_readme.py
exit "$status"
