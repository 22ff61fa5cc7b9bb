#!/usr/bin/env python3
"""Runs the floor program beside symdiff and SymEngine on throughput.txt and prints medians.

    python3 bench/floor/run.py FLOOR SYMDIFF WORKLOAD [--rounds N]

Every command runs once per round, in the same order, for N rounds (whole process, output
discarded); the medians are over the rounds. The floor's derivatives are first checked against
SymEngine's at real points (refs.py check), so its times are those of a program that computes
them.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from bench import refs  # noqa: E402  (bench/bench.py: runs refs.py, returns its JSON or {"error": ...})


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t) * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("floor")
    ap.add_argument("symdiff")
    ap.add_argument("workload")
    ap.add_argument("--rounds", type=int, default=11)
    a = ap.parse_args()
    w = a.workload

    for kind in ("plain", "canonical"):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            subprocess.run([a.floor, w, kind], stdout=f, check=True)
        c = refs("check", w, f.name, "--sample", "200")
        os.unlink(f.name)
        if "error" in c:
            print("check of the %s floor: %s" % (kind, c["error"]))
        else:
            print("check of the %s floor against SymEngine: %d agree, %d disagree, %d skipped of %d sampled lines"
                  % (kind, c["agree"], c["disagree"], c["skipped"], c["checked"]))

    rows = [
        ("symdiff, whole pipeline, one thread per core", [a.symdiff, "--wrt", "x", "--file", w]),
        ("symdiff, whole pipeline, --jobs 1", [a.symdiff, "--wrt", "x", "--jobs", "1", "--file", w]),
        ("symdiff --no-simplify, --jobs 1", [a.symdiff, "--wrt", "x", "--no-simplify", "--jobs", "1", "--file", w]),
        ("floor, plain: parse", [a.floor, w, "plain", "parse"]),
        ("floor, plain: parse+diff", [a.floor, w, "plain", "diff"]),
        ("floor, plain: parse+diff+print", [a.floor, w, "plain", "print"]),
        ("floor, canonical: parse", [a.floor, w, "canonical", "parse"]),
        ("floor, canonical: parse+diff", [a.floor, w, "canonical", "diff"]),
        ("floor, canonical: parse+diff+print", [a.floor, w, "canonical", "print"]),
    ]
    for _, cmd in rows:  # warm-up: page cache, binaries
        timed(cmd)
    times = {name: [] for name, _ in rows}
    for _ in range(a.rounds):
        for name, cmd in rows:
            times[name].append(timed(cmd))
    se = refs("symengine-lines", w, "--wrt", "x", "--runs", "5")

    print("\nwhole process, one thread unless stated, median of %d alternating rounds" % a.rounds)
    base = statistics.median(times[rows[1][0]])
    for name, _ in rows:
        m = statistics.median(times[name])
        print("%-50s %8.1f ms   %5.2f of symdiff --jobs 1" % (name, m, m / base))
    if "error" in se:
        print("SymEngine: %s" % se["error"])
    else:
        print("%-50s %8.1f ms   (in-process)" % ("SymEngine parse+diff", se["parse_diff_ms"]))
        print("%-50s %8.1f ms   (in-process)" % ("SymEngine parse+diff+str", se["parse_diff_str_ms"]))
        print("target for symdiff's first row: <= %.1f ms (SymEngine parse+diff / 2)" % (se["parse_diff_ms"] / 2))


if __name__ == "__main__":
    main()
