#!/usr/bin/env bash
# Instructions of one evaluation, symdiff against the hand-written C++ reference, counted by
# valgrind: a measure that does not move with the machine's load.
#
#   bash bench/gradbench/count.sh EVAL FUNCTION INPUT.json
#
# INPUT.json is one evaluate message's input, the file the C++ reference reads; for ba1:
#   PYTHONPATH=$GRADBENCH_DIR/python/gradbench python3 -c 'import json, sys
#   from gradbench.evals.ba.run import parse; json.dump(parse(sys.argv[1]), sys.stdout)' \
#     $GRADBENCH_DIR/evals/ba/data/ba1_n49_m7776_p31843.txt > ba1.json
# Both sides are built for x86-64-v3 (valgrind does not run AVX-512 code). symdiff's count is its
# generated function with what it calls (sin, pow, malloc) in one run; the reference's, a run of
# two evaluations less a run of one (its computation is inlined into its main loop).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
[ $# -eq 3 ] || { echo "usage: count.sh EVAL FUNCTION INPUT.json" >&2; exit 64; }
eval_name=$1 function=$2 input=$3
command -v valgrind >/dev/null || { echo "count.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
gb=$(gradbench_dir)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for runs in 1 2; do
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d.update(min_runs=int(sys.argv[2]), min_seconds=0)
json.dump(d, open(sys.argv[3], "w"))' "$input" "$runs" "$work/runs$runs.json"
done
collected() { awk '/Collected/ { print $4 }'; }

export GRADBENCH_MARCH=x86-64-v3 SYMDIFF_CACHE="$work/cache"
python3 "$here/tool.py" --prepare "$eval_name" >/dev/null
python=$(python3 -c 'import sys; print(sys.executable)')  # the interpreter itself, not a launcher script
ours=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='gb_function_*' \
    "$python" "$here/tool.py" --evaluate "$eval_name" "$function" "$work/runs1.json" 2>&1 >/dev/null | collected)

cp -r "$gb/cpp" "$gb/tools" "$work/"
cp /usr/include/nlohmann/json.hpp "$work/cpp/json.hpp"
make -s -C "$work/tools/manual" "bin/$eval_name" CXXFLAGS="-std=c++17 -O3 -march=x86-64-v3 -Wall -Wno-unknown-pragmas -I../../cpp" >/dev/null
reference="$work/tools/manual/bin/$eval_name"
one=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$reference" "$work/runs1.json" "$function" 2>&1 >/dev/null | collected)
two=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$reference" "$work/runs2.json" "$function" 2>&1 >/dev/null | collected)
theirs=$((two - one))
python3 -c 'import sys; ours, theirs = int(sys.argv[3]), int(sys.argv[4])
print(f"{sys.argv[1]} {sys.argv[2]}: symdiff {ours:,} instructions, manual {theirs:,}; symdiff/manual {ours / theirs:.2f}")' \
    "$eval_name" "$function" "$ours" "$theirs"
