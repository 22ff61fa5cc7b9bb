#!/usr/bin/env bash
# Cheap CPU profile of one workload with perf (sampling, call graphs), demangled.
#   bash bench/profile.sh                 throughput.txt
#   bash bench/profile.sh large_prod300   any workload file name, with or without .txt
# Uses the binary bench/run.sh built (.build-bench/release/symdiff, or $SYMDIFF_BIN); needs perf
# (apt-get install linux-perf). Prints the top functions by inclusive and by self time.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
WORKLOADS="${SYMDIFF_WORKLOADS:-$ROOT/../shared/workloads}"
BIN="${SYMDIFF_BIN:-$ROOT/.build-bench/release/symdiff}"
NAME="${1:-throughput}"; NAME="${NAME%.txt}"
FILE="$WORKLOADS/$NAME.txt"
[ -x "$BIN" ] || { echo "no binary at $BIN: run bench/run.sh first" >&2; exit 1; }
[ -f "$FILE" ] || { echo "no workload $FILE" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf not found (apt-get install linux-perf)" >&2; exit 1; }
DEMANGLE=cat
command -v swift >/dev/null && DEMANGLE="swift demangle --simplified"
mkdir -p "$HERE/out"
DATA="$HERE/out/perf_$NAME.data"
perf record -q -F 4000 -g -o "$DATA" "$BIN" --wrt x --file "$FILE" >/dev/null
for mode in children no-children; do
    echo "== $NAME: top functions, $( [ $mode = children ] && echo 'inclusive (with callees)' || echo 'self' ) =="
    perf report -i "$DATA" --$mode --sort symbol --stdio 2>/dev/null \
        | grep -E '^ +[0-9]' | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\[.\]$/) $i = ""; print }' | sed 's/ - -$//' | $DEMANGLE | cut -c1-140 | head -25 || true
    echo
done
