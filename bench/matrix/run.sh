#!/usr/bin/env bash
# Derivation time and size of the logistic loss in matrix form against the scalar engine.
# Usage: bash bench/matrix/run.sh
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
workloads="${SYMDIFF_WORKLOADS:-$root/../shared/workloads}"
swift build -c release --scratch-path .build-tensorbench 2>&1 | tail -1
./.build-tensorbench/release/TensorBench "$workloads"
