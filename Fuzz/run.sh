#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for a given number of seconds:
# ExpressionFuzz (parse, differentiate, simplify, print, parse again) and ScriptFuzz (the statement
# language of the REPL and scripts).
#   bash Fuzz/run.sh [SECONDS]        (default 60 per target)
# FUZZ_SEED=N fixes libFuzzer's seed and FUZZ_RUNS=N the number of inputs (CI uses both, so
# its run is the same on every machine, bounded by SECONDS as well). A crash (a
# failed round trip, a trap, a memory error) fails the script; a slow input (timeout) fails it
# too unless FUZZ_SLOW_IS_WARNING=1, which CI sets so that machine speed cannot decide a landing.
# Seeds come from Fuzz/corpus/<target>/ (committed); what fuzzing adds goes to
# Fuzz/corpus-work/<target>/ (not committed); crashes to Fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
swift build -c release --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld 2>&1 \
    | grep -v "Cannot export local symbol" | tail -3
mkdir -p crashes
status=0
for target in ExpressionFuzz ScriptFuzz; do
    name="$(echo "${target%Fuzz}" | tr 'A-Z' 'a-z')"
    mkdir -p "corpus-work/$name"
    echo "fuzzing $target for ${seconds}s (seeds corpus/$name, new units corpus-work/$name)"
    # SWIFT_BACKTRACE=enable=no: the runtime's backtracer reads memory AddressSanitizer
    # flags, which hid the real failure behind a report about the backtracer.
    SWIFT_BACKTRACE=enable=no ./.build-fuzz/release/"$target" "corpus-work/$name" "corpus/$name" -max_total_time="$seconds" -max_len=512 -timeout=20 \
        -rss_limit_mb=4096 -artifact_prefix=crashes/ -print_final_stats=1 ${FUZZ_SEED:+-seed=$FUZZ_SEED} ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} 2>&1 \
        | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|INFO: (Loaded|seed))" || true
    if compgen -G "crashes/crash-*" >/dev/null || compgen -G "crashes/leak-*" >/dev/null; then
        echo "fuzzing $target found crashes:"; ls crashes/
        status=1
    elif compgen -G "crashes/*-*" >/dev/null; then
        echo "fuzzing $target found slow inputs:"; ls crashes/
        [ "${FUZZ_SLOW_IS_WARNING:-0}" = "1" ] || status=1
    fi
done
exit $status
