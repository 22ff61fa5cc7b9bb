#!/usr/bin/env bash
# The floor under the throughput benchmark, beside symdiff and SymEngine (see bench/README.md).
# Usage: bash bench/floor/run.sh [ROUNDS]     (needs the bench binary: bash bench/run.sh builds it)
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
workloads="${SYMDIFF_WORKLOADS:-$root/../shared/workloads}"
symdiff="${SYMDIFF_BIN:-$root/.build-bench/release/symdiff}"
[ -x "$symdiff" ] || { echo "error: $symdiff not built; run bash bench/run.sh first (or set SYMDIFF_BIN)" >&2; exit 2; }
python3 -c 'import symengine' 2>/dev/null || python3 -m pip install -q symengine
mkdir -p ../out
# Static like the benchmark's symdiff build, so neither side pays for loading the Swift runtime.
swiftc -O -static-stdlib Floor.swift -o ../out/floor
python3 run.py ../out/floor "$symdiff" "$workloads/throughput.txt" --rounds "${1:-11}"
