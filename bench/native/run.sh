#!/usr/bin/env bash
# Native evaluation against the Tape, hand-written C and SymEngine's LLVM Lambdify, in one run.
# Usage: bash bench/native/run.sh [--json OUT] [POINTS]  (needs a C compiler; pip install symengine numpy)
#   --json OUT  also write every figure to OUT as JSON
set -euo pipefail
json=""
if [ "${1:-}" = --json ]; then json=$(realpath -m "$2"); shift 2; fi
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
workloads="${SYMDIFF_WORKLOADS:-$root/../shared/workloads}"
points="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc="${CC:-gcc}"
"$cc" -O2 -shared -fPIC -o "$work/hand.so" hand.c -lm
python3 symengine_bench.py "$workloads" "$points" "$work/symengine.json" || echo '{"available": false, "reason": "symengine_bench.py failed"}' > "$work/symengine.json"
swift build -c release --scratch-path .build-nativebench 2>&1 | tail -1
# A fresh cache, so the build time of the native code is measured too.
./.build-nativebench/release/NativeBench "$workloads" "$points" "$work/hand.so" "$work/symengine.json" "$work/cache" ${json:+"$json"}
