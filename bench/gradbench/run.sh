#!/usr/bin/env bash
# GradBench evals with symdiff, the hand-written C++ reference (`manual`) and JAX in one run: the
# median 'evaluate' time per function and size, the ratios symdiff/manual and symdiff/JAX, and
# symdiff's one-time cost (derive + compile) per eval. Every eval with a .sd file here runs.
#
#   bash bench/gradbench/run.sh [--evals ba,lse] [--runs 10] [--seconds 0.5] [--rounds 1]
#                               [--no-jax] [--pytorch] [--quick]
#
# --runs, --seconds: each evaluation runs at least that many times and that long (GradBench's
#   --min-runs, --min-seconds); the median is reported.
# --rounds N: every tool runs every eval N times, the order of the tools turning each round;
#   the table shows the median over rounds.
# --pytorch: add GradBench's PyTorch tool (installs the CPU build of torch), once per eval at its
#   CI size (its `ba` loops over the observations in Python: minutes at the smallest size).
# --quick: the CI sizes (sizes.txt), 3 runs: a smoke test.
# Environment: GRADBENCH_DIR (default: the shared/gradbench folder found above the repository),
#   SYMDIFF_BIN (a symdiff binary to use as it is; default: build .build-bench/release/symdiff),
#   BENCH_NO_BUILD=1 (use .build-bench/release/symdiff as it is), BENCH_NO_INSTALL=1.
# Output: the table, and bench/out/gradbench/ (each tool's runner output, results.json).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/common.sh"

evals="" runs=10 seconds=0.5 rounds=1 jax=1 pytorch=0 quick=0
while [ $# -gt 0 ]; do
    case "$1" in
        --evals) evals=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --no-jax) jax=0; shift ;;
        --pytorch) pytorch=1; shift ;;
        --quick) quick=1 runs=3 seconds=0; shift ;;
        *) echo "run.sh: unknown option $1 (see the comment at the top)" >&2; exit 64 ;;
    esac
done
[ -n "$evals" ] || evals=$(evals_with_objectives | paste -sd, -)
gb=$(gradbench_dir) || exit 2
out="$root/bench/out/gradbench"
rm -rf "$out" && mkdir -p "$out"
say() { printf '[gradbench] %s\n' "$*" >&2; }

if [ -z "${SYMDIFF_BIN:-}" ]; then
    export SYMDIFF_BIN="$root/.build-bench/release/symdiff"
    if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
        say "building: swift build -c release --scratch-path .build-bench"
        if ! (cd "$root" && swift build -c release --scratch-path .build-bench --product symdiff 2>&1 | tail -3) >&2; then
            echo "[gradbench] error: the build failed" >&2; exit 2
        fi
    fi
fi
[ -x "$SYMDIFF_BIN" ] || { echo "[gradbench] error: no symdiff binary at $SYMDIFF_BIN" >&2; exit 2; }

tools=(symdiff manual)
if [ "$jax" = 1 ]; then
    if python3 -c 'import jax' 2>/dev/null || { [ "${BENCH_NO_INSTALL:-0}" != 1 ] && say "pip install jax" && python3 -m pip install -q jax >/dev/null 2>&1; }; then
        tools+=(jax)
    else
        say "WARNING: JAX is not installed and could not be; its column is left out"
    fi
fi
if [ "$pytorch" = 1 ]; then
    # The CPU build (about 0.2 GB; PyPI's default torch brings CUDA libraries of several GB).
    python3 -c 'import torch' 2>/dev/null || [ "${BENCH_NO_INSTALL:-0}" = 1 ] \
        || python3 -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu >/dev/null 2>&1 \
        || say "WARNING: pip install torch (CPU) failed"
    tools+=(pytorch)
fi

tool_command() {
    case "$1" in
        symdiff) echo "python3 $here/tool.py" ;;
        # GradBench's JAX tool (timed until the result exists), which finds evals it lacks here.
        jax) echo "env PYTHONPATH=python/gradbench:python/gradbench/gradbench/tools/jax:$here/jax python3 jax_blocking.py" ;;
        *) echo "$1" ;;
    esac
}

# The one-time cost, from an empty cache: derive + compile, then the same again (cached).
export SYMDIFF_CACHE="$out/cache" SYMDIFF_GRADBENCH_COSTS="$out/costs.jsonl"
for e in ${evals//,/ }; do
    for pass in cold warm; do
        python3 "$here/tool.py" --prepare "$e" >&2 || say "WARNING: $e does not derive or compile (see above)"
    done
done

for round in $(seq 1 "$rounds"); do
    # Turn the order each round so that no tool always runs first.
    shift_by=$(( (round - 1) % ${#tools[@]} ))
    order=("${tools[@]:$shift_by}" "${tools[@]:0:$shift_by}")
    for e in ${evals//,/ }; do
        if [ "$quick" = 1 ]; then sizes=$(eval_sizes "$e" ci); else sizes=$(eval_sizes "$e" bench); fi
        for t in "${order[@]}"; do
            say "round $round: $e with $t"
            tool_sizes=$sizes tool_runs=$runs tool_seconds=$seconds
            # GradBench's PyTorch ba loops over the observations in Python (minutes at the
            # smallest size): PyTorch runs once, at the CI sizes.
            [ "$t" = pytorch ] && tool_sizes=$(eval_sizes "$e" ci) tool_runs=1 tool_seconds=0
            # shellcheck disable=SC2086  # sizes are separate arguments
            bash "$gb/run.sh" "$e" "$(tool_command "$t")" $tool_sizes --min-runs "$tool_runs" --min-seconds "$tool_seconds" \
                > "$out/$e.$t.$round.txt" 2> "$out/$e.$t.$round.err" \
                || say "$e with $t: exit status $? (failures are in the table's notes; stderr in $out/$e.$t.$round.err)"
        done
    done
done

python3 "$here/report.py" "$out" --evals "$evals" --tools "$(IFS=,; echo "${tools[*]}")" --rounds "$rounds" \
    --settings "--min-runs $runs --min-seconds $seconds"
