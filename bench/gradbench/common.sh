# Shared by run.sh and ci.sh (sourced; `here` is this folder).

# The GradBench folder (with run.sh, evals/, tools/): $GRADBENCH_DIR, else the first
# shared/gradbench found going up from the repository.
gradbench_dir() {
    if [ -n "${GRADBENCH_DIR:-}" ]; then
        [ -x "$GRADBENCH_DIR/run.sh" ] || { echo "GRADBENCH_DIR=$GRADBENCH_DIR has no run.sh" >&2; return 1; }
        echo "$GRADBENCH_DIR"; return
    fi
    local d
    d=$(cd "$here/../.." && pwd)
    while [ "$d" != / ]; do
        d=$(dirname "$d")
        [ -x "$d/shared/gradbench/run.sh" ] && { echo "$d/shared/gradbench"; return; }
    done
    echo "GradBench not found: set GRADBENCH_DIR to the folder holding its run.sh, evals/ and tools/" >&2
    return 1
}

# The evals symdiff has an objective for: one per .sd file here.
evals_with_objectives() {
    for f in "$here"/*.sd; do basename "$f" .sd; done
}

# The arguments EVAL runs with for KIND (ci or bench), from sizes.txt; empty for the defaults.
eval_sizes() {
    awk -v e="$1" -v k="$2" '$1 == e && $2 == k { for (i = 3; i <= NF; i++) printf "%s ", $i }' "$here/sizes.txt"
}
