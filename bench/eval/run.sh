#!/usr/bin/env bash
# Compiled evaluation against hand-written Swift and the reference systems (ns per point).
# Usage: bash bench/eval/run.sh [--json OUT] [POINTS]
#   --json OUT  also write every figure to OUT as JSON (EvalBench's rows and refs.py's)
set -euo pipefail
json=""
if [ "${1:-}" = --json ]; then json=$(realpath -m "$2"); shift 2; fi
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
workloads="${SYMDIFF_WORKLOADS:-$root/../shared/workloads}"
points="${1:-100000}"
swift build -c release --scratch-path .build-evalbench 2>&1 | tail -1
./.build-evalbench/release/EvalBench "$workloads" "$points" ${json:+"$json.evalbench"}
# The reference systems on the same task, in the same run (skipped when Python lacks them).
echo "reference systems (value + gradient):"
python3 refs.py "$workloads" "$points" ${json:+"$json.refs"} || echo "(refs.py failed; pip install sympy symengine casadi numpy)"
if [ -n "$json" ]; then
    python3 - "$json" <<'PY'
import json, os, sys
out = sys.argv[1]
parts = {}
for key in ("evalbench", "refs"):
    path = out + "." + key
    parts[key] = json.load(open(path)) if os.path.exists(path) else None
    if os.path.exists(path):
        os.remove(path)
json.dump(parts, open(out, "w"), indent=1)
PY
fi
