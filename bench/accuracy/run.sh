#!/usr/bin/env bash
# Accuracy of the Tape, native code and emitted NumPy on ML expressions, in ulps against mpmath.
# Usage: bash bench/accuracy/run.sh [POINTS] [--markdown]   (pip install mpmath numpy scipy jax)
# CONFIG=debug builds without optimization (the same floating-point operations, quicker to build).
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
config="${CONFIG:-release}"
swift build -c "$config" --scratch-path .build-accuracy 2>&1 | tail -1
symdiff="${SYMDIFF_BIN:-$root/.build/$config/symdiff}"
if [ ! -x "$symdiff" ]; then (cd "$root" && swift build -c "$config" --product symdiff 2>&1 | tail -1); fi
python3 accuracy.py --symdiff "$symdiff" --eval "./.build-accuracy/$config/AccuracyEval" --points "${1:-1000}" "${@:2}"
