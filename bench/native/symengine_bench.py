"""SymEngine's Lambdify with the LLVM backend on the native benchmark's workloads.

Usage: python3 symengine_bench.py WORKLOADS_DIR POINTS OUT.json
Writes ns per point (median of 7) for the value and for value + gradient of Rosenbrock-100 and
of the logistic loss with 100 weights, and the outputs at a check point, so the caller can verify
that every implementation computes the same numbers. When SymEngine or its LLVM backend is
missing, the file says so instead.
"""
import json
import math
import sys
import time


def main():
    workloads, points, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    result = {"available": False}
    try:
        import numpy as np
        import symengine as se
    except ImportError as error:
        result["reason"] = f"not installed ({error}); pip install symengine numpy"
        json.dump(result, open(out_path, "w"))
        return
    result["version"] = se.__version__
    try:
        x = se.symbols("t0 t1")
        se.Lambdify(list(x), [x[0] * x[1]], backend="llvm")
    except Exception as error:  # the wheel was built without LLVM
        result["reason"] = f"SymEngine {se.__version__} has no LLVM backend ({error})"
        json.dump(result, open(out_path, "w"))
        return
    result["available"] = True

    n = 100
    xs = se.symbols(" ".join(f"x{i}" for i in range(1, n + 1)))
    rosen = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1))
    data = json.load(open(f"{workloads}/logreg_100_data.json"))
    a = [[float(v) for v in row] for row in data["A"]]
    ws = se.symbols(" ".join(f"w{i}" for i in range(1, n + 1)))
    # SymEngine has no softplus: log(1 + exp(z)), the textbook form.
    logistic = sum(se.log(1 + se.exp(sum(c * w for c, w in zip(row, ws)))) for row in a)

    rng = np.random.default_rng(20240601)
    sample = rng.uniform(-1, 1, size=(points, n))
    check = np.array([0.9 * math.sin(i + 1) for i in range(n)])
    for name, f, variables in (("rosenbrock-100", rosen, xs), ("logistic-100", logistic, ws)):
        gradient = [f.diff(v) for v in variables]
        entry = {}
        for what, exprs in (("value", [f]), ("gradient", [f] + gradient)):
            start = time.perf_counter()
            program = se.Lambdify(list(variables), exprs, backend="llvm", cse=True)
            entry[what + "_build_s"] = time.perf_counter() - start
            times = []
            for _ in range(7):
                start = time.perf_counter()
                program(sample)
                times.append(time.perf_counter() - start)
            times.sort()
            entry[what] = times[3] * 1e9 / points
            entry[what + "_check"] = [float(v) for v in np.ravel(program(check))]
        result[name] = entry
    json.dump(result, open(out_path, "w"))


main()
