#!/usr/bin/env bash
# Derivation time and size of the logistic loss in matrix form against the scalar engine.
# Usage: bash bench/matrix/run.sh
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
workloads="${SYMDIFF_WORKLOADS:-$root/../shared/workloads}"
swift build -c release --scratch-path .build-tensorbench 2>&1 | tail -1
./.build-tensorbench/release/TensorBench "$workloads"
# Evaluation: the emitted NumPy beside hand-written NumPy and JAX (skipped with a note without it).
swift build -c release --package-path "$root" --scratch-path "$root/.build-tensorbench-cli" --product symdiff 2>&1 | tail -1
python3 evaluate.py "$root/.build-tensorbench-cli/release/symdiff"
