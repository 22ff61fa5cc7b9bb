"""The reference systems on the same evaluation task as EvalBench: value and gradient of
Rosenbrock-100 and of the logistic loss with 100 weights, in ns per point (medians of 5), so they
can be read beside symdiff's figures from the same run.

  SymPy lambdify (NumPy, vectorized over the points)
  SymEngine Lambdify (its default backend, and the LLVM backend when the installed build has it)
  CasADi Function over SX graphs, mapped over the points

Usage: python3 bench/eval/refs.py WORKLOADS_DIR [POINTS [JSON_OUT]]   (pip install sympy symengine casadi numpy)
JSON_OUT, when given, receives the rows as JSON too (for bench/figures.py).
"""
import json, sys, time
import numpy as np

workloads = sys.argv[1] if len(sys.argv) > 1 else "../shared/workloads"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
json_out = sys.argv[3] if len(sys.argv) > 3 else None
rows = []  # what JSON_OUT receives: workload, system, ns per point (None when not available)


def read(name):
    # The workload syntax uses ^ for powers; Python spells it **.
    return open(f"{workloads}/{name}").read().strip().replace("^", "**")


def median(body, repetitions=5):
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def points(n, k):
    return np.random.default_rng(20240601).uniform(-1, 1, size=(k, n))


def row(name, label, seconds, k):
    print(f"{name:<16} {label:<32} {seconds * 1e9 / k:10.1f} ns/point  ({k} points)")
    rows.append({"workload": name, "system": label, "ns": seconds * 1e9 / k, "points": k})


def sympy_lambdify(name, text, names):
    import sympy
    symbols = sympy.symbols(names)
    local = dict(zip(names, symbols))
    local.update(sigmoid=lambda t: 1 / (1 + sympy.exp(-t)), softplus=lambda t: sympy.log(1 + sympy.exp(t)))
    f = sympy.sympify(text, locals=local)
    program = sympy.lambdify(symbols, [f] + [sympy.diff(f, s) for s in symbols], "numpy")
    k = min(count, 10_000)  # SymPy's NumPy code is slow enough that fewer points measure it well
    data = points(len(names), k)
    columns = [data[:, j] for j in range(len(names))]
    row(name, "SymPy lambdify (NumPy)", median(lambda: program(*columns), 3), k)


def symengine_lambdify(name, text, names):
    import symengine
    symbols = symengine.symbols(names)
    local = dict(zip(names, symbols))
    local.update(sigmoid=lambda t: 1 / (1 + symengine.exp(-t)), softplus=lambda t: symengine.log(1 + symengine.exp(t)),
                 exp=symengine.exp, log=symengine.log)
    f = eval(text, {"__builtins__": {}}, local)
    outputs = [f] + [f.diff(s) for s in symbols]
    data = points(len(names), count)
    for backend in ["lambda", "llvm"]:
        try:
            program = symengine.Lambdify(symbols, outputs, backend=backend, cse=True)
        except Exception as error:  # the LLVM backend is optional in SymEngine builds
            print(f"{name:<16} SymEngine Lambdify ({backend}): not available ({str(error).splitlines()[0][:60]})")
            rows.append({"workload": name, "system": f"SymEngine Lambdify ({backend}, cse)", "ns": None})
            continue
        k = count if backend == "llvm" else min(count, 10_000)
        row(name, f"SymEngine Lambdify ({backend}, cse)", median(lambda: program(data[:k]), 3), k)


def casadi_function(name, text, names):
    import casadi
    x = casadi.SX.sym("x", len(names))
    local = {n: x[i] for i, n in enumerate(names)}
    local.update(sigmoid=lambda t: 1 / (1 + casadi.exp(-t)), softplus=lambda t: casadi.log(1 + casadi.exp(t)),
                 exp=casadi.exp, log=casadi.log)
    f = eval(text, {"__builtins__": {}}, local)
    k = min(count, 10_000)
    program = casadi.Function("f", [x], [f, casadi.gradient(f, x)]).map(k)
    columns = casadi.DM(points(len(names), k).T)
    row(name, "CasADi Function (SX, map)", median(lambda: program(columns), 3), k)


for name, file, prefix in [("rosenbrock-100", "multi_rosenbrock_100.txt", "x"), ("logistic-100", "multi_logreg_100.txt", "w")]:
    names = [f"{prefix}{i}" for i in range(1, 101)]
    text = read(file)
    for run in (sympy_lambdify, symengine_lambdify, casadi_function):
        try:
            run(name, text, names)
        except ImportError as error:
            print(f"{name:<16} {run.__name__}: not installed ({error})")
            rows.append({"workload": name, "system": run.__name__, "ns": None, "reason": "not installed"})
if json_out:
    json.dump(rows, open(json_out, "w"), indent=1)
