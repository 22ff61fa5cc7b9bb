#!/usr/bin/env python3
"""Gradients and Hessians of many variables through the command line, whole process, beside
CasADi's whole process (Python start, import, building the SX expression from the same text,
the derivative, printing it), in alternating rounds of one run.

    python3 bench/cli_multi.py [--bin PATH] [--workloads DIR] [--rounds N] [--json OUT]

Prints, per job, the median wall time of each side with the range over the rounds, the ratio
CasADi/symdiff (above 1: symdiff is faster), the median CPU time of each (user + system, all
threads), the bytes each prints, and symdiff's target.
Needs `pip install casadi`; without it the CasADi column stays empty.
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from refs import to_python_syntax  # noqa: E402

ROOT = os.path.dirname(HERE)

# (job, symdiff command, workload file, CasADi operation, target in ms, target in output bytes)
JOBS = [
    ("grad Rosenbrock-1000", "grad", "multi_rosenbrock_1000.txt", "gradient", 30, None),
    ("hessian Rosenbrock-1000", "hessian", "multi_rosenbrock_1000.txt", "hessian", 60, None),
    ("hessian logistic-100", "hessian", "multi_logreg_100.txt", "hessian", 1000, 10_000_000),
]

# CasADi's side as one Python program: the same text, each function as CasADi writes it.
CASADI = r"""
import sys, casadi as ca
text, op = open(sys.argv[1]).read().strip(), sys.argv[2]
names = sys.argv[3].split(",")
syms = {n: ca.SX.sym(n) for n in names}
ns = dict(syms)
for fn in ["sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sinh", "cosh"]:
    ns[fn] = getattr(ca, fn)
ns["pi"], ns["e"] = ca.pi, ca.exp(1)
f = eval(sys.argv[4], {"__builtins__": {}}, ns)
x = ca.vertcat(*[syms[n] for n in names])
result = ca.gradient(f, x) if op == "gradient" else ca.hessian(f, x)[0]
sys.stdout.write(str(result) + "\n")
"""


def variables(text):
    """The variable names of a workload in natural order (x2 before x10)."""
    functions = {"sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sinh", "cosh", "sigmoid", "softplus", "pi", "e"}
    names = set(re.findall(r"[A-Za-z_]\w*", text)) - functions
    key = lambda n: (re.sub(r"\d+$", "", n), int(re.search(r"\d*$", n).group() or -1), n)
    return sorted(names, key=key)


def timed(command):
    """Wall time and CPU time (user + system, every thread) of one whole process (output
    discarded), and its exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def output_size(command):
    return len(subprocess.run(command, capture_output=True).stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "symdiff"))
    ap.add_argument("--workloads", default=os.environ.get("SYMDIFF_WORKLOADS", os.path.join(ROOT, "..", "shared", "workloads")))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--json", metavar="OUT", help="also write every round's figures to OUT as JSON")
    args = ap.parse_args()
    results = {}
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"no symdiff binary at {args.bin}: build it with swift build -c release")
    try:
        import casadi  # noqa: F401
        have_casadi = True
    except ImportError:
        print("note: casadi is not installed (pip install casadi); its column stays empty")
        have_casadi = False

    print(f"{'job':24} {'symdiff ms (range)':>20} {'CasADi ms (range)':>20} {'ratio':>6} {'CPU ms sd/ca':>13} "
          f"{'symdiff bytes':>14} {'CasADi bytes':>13}  target")
    for name, command, workload, op, target_ms, target_bytes in JOBS:
        path = os.path.join(args.workloads, workload)
        text = open(path).read().strip()
        ours = [args.bin, command, "--file", path]
        theirs = [sys.executable, "-c", CASADI, path, op, ",".join(variables(text)), to_python_syntax(text, exact=False)]
        times = {"symdiff": [], "casadi": []}
        cpu = {"symdiff": [], "casadi": []}
        # Alternating rounds, so a passing load falls on both sides alike.
        for _ in range(args.rounds):
            t, c, status = timed(ours)
            if status != 0:
                sys.exit(f"symdiff failed on {name}: {' '.join(ours)}")
            times["symdiff"].append(t)
            cpu["symdiff"].append(c)
            if have_casadi:
                t, c, status = timed(theirs)
                if status == 0:
                    times["casadi"].append(t)
                    cpu["casadi"].append(c)

        def cell(ts):
            if not ts:
                return "-"
            return f"{statistics.median(ts) * 1e3:.1f} ({min(ts) * 1e3:.0f}-{max(ts) * 1e3:.0f})"

        ratio = "-"
        if times["casadi"]:
            ratio = f"{statistics.median(times['casadi']) / statistics.median(times['symdiff']):.2f}"
        our_bytes = output_size(ours)
        their_bytes = output_size(theirs) if have_casadi else 0
        met = statistics.median(times["symdiff"]) * 1e3 < target_ms and (target_bytes is None or our_bytes < target_bytes)
        goal = f"< {target_ms} ms" + (f", < {target_bytes // 1_000_000} MB" if target_bytes else "")
        cpus = "/".join(f"{statistics.median(cpu[k]) * 1e3:.0f}" if cpu[k] else "-" for k in ("symdiff", "casadi"))
        print(f"{name:24} {cell(times['symdiff']):>20} {cell(times['casadi']):>20} {ratio:>6} {cpus:>13} {our_bytes:>14,} {their_bytes:>13,}  "
              f"{goal}: {'met' if met else 'NOT met'}")
        results[name] = {"wall_s": times, "cpu_s": cpu, "symdiff_bytes": our_bytes,
                         "casadi_bytes": their_bytes if have_casadi else None,
                         "target_ms": target_ms, "target_bytes": target_bytes}
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rounds": args.rounds, "casadi": have_casadi, "jobs": results}, f, indent=1)
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores "
          "(wall times grow with it; CPU times much less)")


if __name__ == "__main__":
    main()
