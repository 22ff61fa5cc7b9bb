#!/usr/bin/env bash
# symdiff benchmark: the single entry point.
#   bash bench/run.sh            install what is missing, build, run all three benchmarks
#   bash bench/run.sh --quick    the same with few repetitions (smoke test, ~1 min)
# Other arguments go to bench.py (e.g. --only throughput, --no-casadi).
# Environment:
#   SYMDIFF_WORKLOADS  workloads folder (default: ../shared/workloads relative to the repo root)
#   BENCH_NO_INSTALL=1 do not apt-get / pip install anything
#   BENCH_NO_BUILD=1   use the existing .build-bench/release/symdiff as it is
#   BENCH_REV=<commit> build and benchmark that commit from a clean `git archive` export
#                      (scratch path .build-bench-rev) instead of the work tree
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
WORKLOADS="${SYMDIFF_WORKLOADS:-$ROOT/../shared/workloads}"
SCRATCH="$ROOT/.build-bench"
BIN="$SCRATCH/release/symdiff"
PY="${PYTHON:-python3}"

say() { printf '[bench] %s\n' "$*" >&2; }
warn() { printf '[bench] WARNING: %s\n' "$*" >&2; }

if [ ! -d "$WORKLOADS" ]; then
    echo "[bench] error: workloads folder '$WORKLOADS' not found; set SYMDIFF_WORKLOADS" >&2
    exit 2
fi
command -v "$PY" >/dev/null || { echo "[bench] error: $PY not found" >&2; exit 2; }

# ---- references: each install may fail on its own; the
# benchmark then runs without that reference
if [ "${BENCH_NO_INSTALL:-0}" != 1 ]; then
    apt_pkgs=()
    command -v hyperfine >/dev/null || apt_pkgs+=(hyperfine)
    command -v ginsh >/dev/null || apt_pkgs+=(ginac-tools)
    if [ ${#apt_pkgs[@]} -gt 0 ]; then
        if command -v apt-get >/dev/null; then
            say "apt-get install ${apt_pkgs[*]}"
            SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
            $SUDO apt-get update -qq >/dev/null 2>&1 || warn "apt-get update failed"
            for p in "${apt_pkgs[@]}"; do
                $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null 2>&1 \
                    || warn "apt-get install $p failed: $(case "$p" in
                        hyperfine) echo 'timing falls back to a Python loop' ;;
                        *) echo 'ginsh column will be empty' ;;
                    esac)"
            done
        else
            warn "no apt-get: cannot install ${apt_pkgs[*]}"
        fi
    fi
    for mod in symengine sympy casadi; do
        if ! "$PY" -c "import $mod" 2>/dev/null; then
            say "pip install $mod"
            "$PY" -m pip install -q "$mod" >/dev/null 2>&1 \
                || warn "pip install $mod failed: its column will be empty"
        fi
    done
fi

# ---- what to build: the work tree as it is, or (BENCH_REV=<commit>) a clean export of a commit,
# for when Sources/ is being edited and does not compile at the moment. `git archive` only reads.
SRC="$ROOT"
if [ -n "${BENCH_REV:-}" ]; then
    rev="$(git -C "$ROOT" rev-parse --short "$BENCH_REV")" || { echo "[bench] error: unknown BENCH_REV $BENCH_REV" >&2; exit 2; }
    SRC="$HERE/out/src-$rev"
    SCRATCH="$ROOT/.build-bench-rev"
    BIN="$SCRATCH/release/symdiff"
    rm -rf "$SRC" && mkdir -p "$SRC"
    git -C "$ROOT" archive --format=tar "$rev" | tar -x -C "$SRC" || { echo "[bench] error: git archive $rev failed" >&2; exit 2; }
    [ -f "$ROOT/Package.resolved" ] && cp "$ROOT/Package.resolved" "$SRC/"
    say "building commit $rev from a clean export in bench/out/src-$rev"
fi

# ---- build the binary in our own scratch path (never touches .build)
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    say "building: swift build -c release --scratch-path $(basename "$SCRATCH")"
    mkdir -p "$HERE/out"
    built=0
    for attempt in 1 2 3; do  # Sources/ may be edited while we build: retry that case only
        if (cd "$SRC" && swift build -c release --scratch-path "$SCRATCH" \
                >"$HERE/out/build.log" 2>&1); then
            built=1; break
        fi
        grep -q 'was modified during the build' "$HERE/out/build.log" || break
        say "a source file changed during the build; retrying"
        sleep 5
    done
    if [ $built != 1 ]; then
        grep -E 'error' "$HERE/out/build.log" | head -20 >&2
        echo "[bench] error: build failed (full log: bench/out/build.log);" \
             "BENCH_NO_BUILD=1 benchmarks the binary already in .build-bench" >&2
        exit 1
    fi
fi
[ -x "$BIN" ] || { echo "[bench] error: no binary at $BIN" >&2; exit 1; }

cd "$ROOT"
if [ -n "${BENCH_REV:-}" ]; then
    say "benchmarking commit $rev (clean export)"
else
    say "benchmarking the work tree: commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- Sources 2>/dev/null || echo ' + uncommitted changes in Sources/')"
fi
exec "$PY" "$HERE/bench.py" --symdiff "$BIN" --workloads "$WORKLOADS" "$@"
