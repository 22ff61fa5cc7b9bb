#!/usr/bin/env bash
# Accuracy of the Tape, native code and emitted NumPy on ML expressions, in ulps against mpmath.
# Usage: bash bench/accuracy/run.sh [POINTS] [--markdown]   (pip install mpmath numpy scipy jax)
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
swift build -c release --scratch-path .build-accuracy 2>&1 | tail -1
symdiff="${SYMDIFF_BIN:-$root/.build/release/symdiff}"
if [ ! -x "$symdiff" ]; then (cd "$root" && swift build -c release --product symdiff 2>&1 | tail -1); fi
python3 accuracy.py --symdiff "$symdiff" --eval ./.build-accuracy/release/AccuracyEval --points "${1:-1000}" "${@:2}"
