#!/usr/bin/env python3
"""Building symbolic gradients and Hessians of the W3 workloads, side by side in one run:
symdiff in-process (bench/eval's EvalBench, release build) against CasADi's SX graphs.

    python3 bench/w3.py [--workloads DIR] [--rounds N] [--json OUT]

Reports median milliseconds and result sizes: symdiff's distinct nodes after sharing, CasADi's
instruction counts of a Function computing the same outputs. The Hessian on both sides is sparse:
symdiff's `hessianEntries` (nonzero entries of the upper triangle), CasADi's structurally sparse SX.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from refs import to_python_syntax  # noqa: E402

ROOT = os.path.dirname(HERE)
BIN = os.path.join(HERE, "eval", ".build-evalbench", "release", "EvalBench")


def casadi_build(text, names):
    import casadi as ca
    syms = {n: ca.SX.sym(n) for n in names}
    ns = dict(syms)
    for fn in ["sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sinh", "cosh", "asin", "acos", "atan", "fabs"]:
        ns[fn] = getattr(ca, fn)
    ns["abs"] = ca.fabs
    ns["pi"] = ca.pi
    ns["e"] = ca.exp(1)
    f = eval(to_python_syntax(text, exact=False), {"__builtins__": {}}, ns)
    x = ca.vertcat(*[syms[n] for n in names])
    # One untimed gradient and Hessian first, as EvalBench warms up before timing.
    ca.hessian(f, x)

    def timed(build):
        # At least 3 repetitions, then more until 100 ms of timed builds or 1000 repetitions: the
        # same rule as EvalBench's, so short builds get enough samples for a stable median.
        times = []
        while len(times) < 3 or (sum(times) < 0.1 and len(times) < 1000):
            t0 = time.perf_counter()
            result = build()
            times.append(time.perf_counter() - t0)
        return result, times

    g, g_times = timed(lambda: ca.gradient(f, x))
    h, h_times = timed(lambda: ca.hessian(f, x)[0])
    gi = ca.Function("g", [x], [g]).n_instructions()
    hi = ca.Function("h", [x], [h]).n_instructions()
    return statistics.median(g_times) * 1e3, statistics.median(h_times) * 1e3, gi, hi


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workloads", default=os.environ.get("SYMDIFF_WORKLOADS", os.path.join(ROOT, "..", "shared", "workloads")))
    ap.add_argument("--rounds", type=int, default=7, help="alternating rounds per workload (median reported)")
    ap.add_argument("--only", default="", help="run only the workloads whose file name contains this")
    ap.add_argument("--json", metavar="OUT", help="also write every round's figures to OUT as JSON")
    a = ap.parse_args()
    results = {}
    manifest = json.load(open(os.path.join(a.workloads, "manifest.json")))
    tasks = [t for t in manifest["tasks"] if t["workload"] == "W3" and t["op"] == "grad" and a.only in t["file"]]
    print("%-26s %10s %10s %7s  %10s %10s %7s  %9s %9s  %9s %9s" % (
        "workload", "grad sd", "grad ca", "ca/sd", "hess sd", "hess ca", "ca/sd",
        "nodes g", "instr g", "nodes H", "instr H"))
    for t in tasks:
        text = open(os.path.join(a.workloads, t["file"])).read().strip()
        # Rounds alternate the two sides, each round swapping which goes first, so a machine
        # that speeds up or slows down during the run affects both alike. Times are medians
        # over the rounds; each ratio is the median of the rounds' own ratios (a paired
        # comparison: a slow spell that one round catches on both sides cancels out).
        sd_g, sd_h, ca_g, ca_h = [], [], [], []
        gi = hi = 0
        sd = {}
        for r in range(a.rounds):
            def ours():
                out = subprocess.run([BIN, a.workloads, "build", t["file"]] + t["vars"], capture_output=True, text=True, timeout=600)
                return json.loads(out.stdout.strip().splitlines()[-1])

            def theirs():
                try:
                    return casadi_build(text, t["vars"])
                except Exception as ex:  # a reference that fails leaves its columns empty
                    print("note: casadi failed on %s: %s" % (t["file"], ex))
                    return float("nan"), float("nan"), 0, 0
            if r % 2 == 0:
                sd = ours()
                cg, ch, gi, hi = theirs()
            else:
                cg, ch, gi, hi = theirs()
                sd = ours()
            sd_g.append(sd["grad_ms"]); sd_h.append(sd["hess_ms"])
            ca_g.append(cg); ca_h.append(ch)
        g, h = statistics.median(sd_g), statistics.median(sd_h)
        cg, ch = statistics.median(ca_g), statistics.median(ca_h)
        rg = statistics.median([c / s for c, s in zip(ca_g, sd_g)])
        rh = statistics.median([c / s for c, s in zip(ca_h, sd_h)])
        print("%-26s %8.2fms %8.2fms %7.2f  %8.1fms %8.1fms %7.2f  %9d %9d  %9d %9d" % (
            t["file"], g, cg, rg, h, ch, rh, sd["grad_nodes"], gi, sd["hess_nodes"], hi))
        results[t["file"]] = {"symdiff_grad_ms": sd_g, "symdiff_hess_ms": sd_h, "casadi_grad_ms": ca_g,
                              "casadi_hess_ms": ca_h, "grad_nodes": sd["grad_nodes"], "hess_nodes": sd["hess_nodes"],
                              "casadi_grad_instructions": gi, "casadi_hess_instructions": hi}
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rounds": a.rounds, "workloads": results}, f, indent=1)
    print("ratios ca/sd (median of the rounds' ratios) above 1: symdiff is faster; targets: no slower than CasADi, sizes no larger")


if __name__ == "__main__":
    main()
