#!/usr/bin/env bash
# Compiled evaluation against hand-written Swift and the reference systems (ns per point).
# Usage: bash bench/eval/run.sh [POINTS]
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
workloads="${SYMDIFF_WORKLOADS:-$root/../shared/workloads}"
swift build -c release --scratch-path .build-evalbench 2>&1 | tail -1
./.build-evalbench/release/EvalBench "$workloads" "${1:-100000}"
# The reference systems on the same task, in the same run (skipped when Python lacks them).
echo "reference systems (value + gradient):"
python3 refs.py "$workloads" "${1:-100000}" || echo "(refs.py failed; pip install sympy symengine casadi numpy)"
