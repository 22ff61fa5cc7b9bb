#!/usr/bin/env bash
# CI: every eval with a .sd file here, at its small CI size (sizes.txt), answered by symdiff and
# checked by GradBench against the hand-written C++ reference. No timing. Exit status 1 when an
# answer is wrong or a step fails, so a change that breaks a derivative fails the build.
#
#   bash bench/gradbench/ci.sh
#
# Uses the debug binary of the work tree (built here if needed; SYMDIFF_BIN to use another) and
# an empty cache, so every kernel is derived and compiled by the code under test. Needs a C and a
# C++ compiler and Python 3; GradBench's run.sh installs nlohmann-json3-dev (apt), numpy and
# pydantic (pip) when missing, and this script SciPy (pip) for gmm. GRADBENCH_DIR: see common.sh.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/common.sh"

gb=$(gradbench_dir) || exit 2
if [ -z "${SYMDIFF_BIN:-}" ]; then
    (cd "$root" && swift build --product symdiff 2>&1 | tail -1) || { echo "[gradbench-ci] error: the build failed" >&2; exit 2; }
    export SYMDIFF_BIN="$root/.build/debug/symdiff"
fi
SYMDIFF_CACHE=$(mktemp -d)
export SYMDIFF_CACHE
trap 'rm -rf "$SYMDIFF_CACHE"' EXIT

# GradBench's gmm eval imports SciPy (its naive check of the objective); run.sh installs only
# numpy and pydantic.
if [ -f "$here/gmm.sd" ] && ! python3 -c 'import scipy' 2>/dev/null; then
    python3 -m pip install -q scipy || { echo "[gradbench-ci] error: pip install scipy failed (gmm needs it)" >&2; exit 2; }
fi

status=0
for e in $(evals_with_objectives); do
    # shellcheck disable=SC2086  # sizes are separate arguments
    if bash "$gb/run.sh" "$e" "python3 $here/tool.py" $(eval_sizes "$e" ci) --min-runs 1 --min-seconds 0; then
        echo "[gradbench-ci] $e: every answer valid"
    else
        echo "[gradbench-ci] $e: FAILED (lines above)"
        status=1
    fi
done
exit $status
