"""The rows of the generated tables, from the benches' JSON over several runs (bench/figures.py).

Every figure is read once per run; a cell shows the median over the runs and, where it moves, the
range. A ratio is computed within each run (both sides measured in it) and then summarised the
same way. Targets are judged from the medians here, never typed.
"""
import importlib.util
import os
import re
import statistics
import sys

import figures_format as fmt
from figures_markers import markdown_table

# The GradBench targets and row names, shared with run.sh's table (loaded by path: bench/gradbench
# is not a package).
_TARGETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gradbench", "targets.py")
_spec = importlib.util.spec_from_file_location("gradbench_targets", _TARGETS)
targets = sys.modules["gradbench_targets"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(targets)


class Runs:
    """The benches' figures of every run: `per_run[i][bench]` is that bench's parsed JSON (or log
    text) in run i, absent when it failed; `failures[bench]` says why; `installed[reference]`
    whether a reference system could be used at all."""

    def __init__(self, per_run, failures, installed):
        self.per_run, self.failures, self.installed = per_run, failures, installed

    def values(self, bench, get):
        """`get(json)` in each run, None where the bench failed or the figure is absent."""
        out = []
        for run in self.per_run:
            try:
                v = get(run[bench])
            except (KeyError, IndexError, TypeError, ZeroDivisionError, StopIteration):
                v = None
            out.append(None if isinstance(v, dict) and "error" in v else v)
        return out

    def missing(self, bench):
        """Why a bench's cells are empty."""
        reason = self.failures.get(bench)
        return "not measured (%s failed: %s)" % (bench, reason) if reason else "not measured"

    def reference(self, key, label, values, show=None):
        """A reference's cell: `LABEL figure`, or `LABEL not installed`."""
        if not self.installed.get(key, True):
            return "%s %s" % (label, fmt.NOT_INSTALLED)
        if not fmt.present(values):
            return "%s -" % label
        return "%s %s" % (label, (show or fmt.times)(values))


def ratios(numerators, denominators):
    """Run by run numerator / denominator, None where either is missing."""
    return [n / d if n is not None and d else None for n, d in zip(numerators, denominators)]


def rounds_median(values):
    """A bench's own figure of one run from its rounds: the median over them."""
    values = fmt.present(values or [])
    return statistics.median(values) if values else None


def rounds_ratio(numerators, denominators):
    """A bench's ratio of one run: the median of its rounds' own ratios."""
    return rounds_median(ratios(numerators or [], denominators or []))


# ------------------------------------------------------------------ bench.py: start-up, throughput, large

def startup_rows(runs):
    sd = runs.values("bench", lambda r: r["startup"]["symdiff"] / 1e3)
    ginsh = runs.values("bench", lambda r: r["startup"]["ginsh"] / 1e3)
    r = ratios(sd, ginsh)
    return [["one-shot `symdiff 'x^2 + sin(x)' --wrt x`, whole process (the default release build)",
             fmt.times(sd) if fmt.present(sd) else runs.missing("bench"),
             runs.reference("ginsh", "ginsh", ginsh),
             "%s; %s" % (fmt.ratio(r), fmt.target(fmt.median(r), lambda v: v <= 1, "no slower"))]]


def throughput_rows(runs):
    t = lambda key: runs.values("bench", lambda r: r["throughput"][key] / 1e3)
    se = lambda key: runs.values("bench", lambda r: r["throughput"]["symengine"][key] / 1e3)
    sd, sd1 = t("symdiff"), t("symdiff_1")
    pd, pds = se("parse_diff_ms"), se("parse_diff_str_ms")
    if runs.installed.get("symengine", True):
        reference = "SymEngine parse + diff in-process %s; with printing %s" % (fmt.times(pd), fmt.times(pds))
        r = ratios(pd, sd)
        verdict = "%s (target 2x faster: %s); %s" % (
            fmt.speed(r, "than parse + diff"), fmt.verdict(None if fmt.median(r) is None else fmt.median(r) >= 2),
            fmt.speed(ratios(pds, sd), "than parse + diff + print"))
    else:
        reference, verdict = "SymEngine " + fmt.NOT_INSTALLED, "-"
    return [["d/dx of 2000 expressions (`throughput.txt`), whole process with simplify and print, one thread per core",
             "%s; `--jobs 1`: %s" % (fmt.times(sd), fmt.times(sd1)) if fmt.present(sd) else runs.missing("bench"),
             reference, verdict]]


def nested_sin_rows(runs):
    row = lambda r: r["large"]["large_nested_sin1000.txt"]
    sd = runs.values("bench", lambda r: row(r)["symdiff"] / 1e3)
    out = fmt.median(runs.values("bench", lambda r: row(r)["out_bytes"]))
    se = runs.values("bench", lambda r: row(r)["symengine"]["parse_diff_str_ms"] / 1e3)
    return [["d/dx of sin nested 1000 deep, whole process with printing (%s)" % fmt.size_bytes(out),
             fmt.times(sd) if fmt.present(sd) else runs.missing("bench"),
             runs.reference("symengine", "SymEngine with printing", se),
             fmt.speed(ratios(se, sd))]]


# ------------------------------------------------------------------ bench/poly

def expand_rows(runs):
    sd = runs.values("poly", lambda r: rounds_median(r["expand_ms"]["symdiff"]) / 1e3)
    se = runs.values("poly", lambda r: rounds_median(r["expand_ms"]["symengine"]) / 1e3)
    r = runs.values("poly", lambda r: rounds_ratio(r["expand_ms"]["symengine"], r["expand_ms"]["symdiff"]))
    return [["`--expand` of d/dx (x+y+z+w+1)^20 (8,855 monomials), whole process (`bench/poly/run.py`, alternating rounds)",
             fmt.times(sd) if fmt.present(sd) else runs.missing("poly"),
             runs.reference("symengine", "SymEngine expand in-process", se),
             "%s; %s" % (fmt.speed(r), fmt.target(fmt.median(r), lambda v: v >= 1, "no slower"))]]


def cancel_rows(runs):
    names = []
    for run in runs.per_run:
        for name in (run.get("poly") or {}).get("cancel_ms", {}):
            if name not in names:
                names.append(name)
    if not names:
        return [["`cancelled()` of the derivative of a quotient of two degree-10 polynomials in x, y, z",
                 runs.missing("poly"), "-", "-"]]
    sd, sp, rs, same = [], [], [], []
    for name in names:
        cell = lambda r: r["cancel_ms"][name]
        sd.append(fmt.times(runs.values("poly", lambda r: rounds_median(cell(r)["symdiff"]) / 1e3)))
        sp.append(fmt.times(runs.values("poly", lambda r: rounds_median(cell(r)["sympy"]) / 1e3)))
        rs.append(runs.values("poly", lambda r: rounds_ratio(cell(r)["sympy"], cell(r)["symdiff"])))
        same += [s for s in runs.values("poly", lambda r: cell(r)["same_result"]) if s is not None]
    terms = ", ".join(re.sub(r"deg10-(\d+)terms$", r"\1", n) for n in names if n.endswith("terms"))
    lowest = min((fmt.median(r) for r in rs if fmt.median(r) is not None), default=None)
    agreement = ("results equal to SymPy's up to a constant factor" if same and all(same)
                 else "RESULTS DIFFER from SymPy's" if same else "results not checked")
    if not runs.installed.get("sympy", True):
        reference = "SymPy " + fmt.NOT_INSTALLED
    else:
        reference = "SymPy `cancel` " + "; ".join(sp)
    return [["`cancelled()` of the derivative of a quotient of two degree-10 polynomials in x, y, z "
             "(%s terms each; then sharing a cubic factor), in-process, same run" % terms,
             "; ".join(sd), reference,
             "%s; %s; %s" % (", ".join(fmt.speed(r) for r in rs),
                                   fmt.target(lowest, lambda v: v >= 10, "10x"), agreement)]]


# ------------------------------------------------------------------ bench/w3.py

W3_NAMES = {
    "multi_rosenbrock_10.txt": "Rosenbrock-10",
    "multi_rosenbrock_100.txt": "Rosenbrock-100",
    "multi_rosenbrock_1000.txt": "Rosenbrock-1000",
    "multi_logreg_100.txt": "the logistic loss (100 weights)",
    "multi_softmax_ce_15.txt": "the softmax cross-entropy (15 inputs)",
    "multi_mlp_tanh_41.txt": "the two-layer tanh network (41 weights)",
    "multi_prodsin_50.txt": "the product of 50 sines",
    "multi_prodsin_200.txt": "the product of 200 sines",
}


def w3_rows(runs):
    files = []
    for run in runs.per_run:
        for f in (run.get("w3") or {}).get("workloads", {}):
            if f not in files:
                files.append(f)
    if not files:
        return [["gradient / sparse Hessian of the W3 workloads, built in-process (`bench/w3.py`)",
                 runs.missing("w3"), "-", "-"]]
    rows = []
    for i, f in enumerate(files):
        w = lambda r: r["workloads"][f]
        get = lambda key: runs.values("w3", lambda r: rounds_median(w(r)[key]) / 1e3)
        sg, sh, cg, ch = get("symdiff_grad_ms"), get("symdiff_hess_ms"), get("casadi_grad_ms"), get("casadi_hess_ms")
        rg = runs.values("w3", lambda r: rounds_ratio(w(r)["casadi_grad_ms"], w(r)["symdiff_grad_ms"]))
        rh = runs.values("w3", lambda r: rounds_ratio(w(r)["casadi_hess_ms"], w(r)["symdiff_hess_ms"]))
        size = lambda key: fmt.median(runs.values("w3", lambda r: w(r)[key]))
        nodes = (size("grad_nodes"), size("hess_nodes"))
        instructions = (size("casadi_grad_instructions"), size("casadi_hess_instructions"))
        what = "gradient / sparse Hessian of %s" % W3_NAMES.get(f, f)
        if i == 0:
            what += ", built in-process from a cold pool (`bench/w3.py`, alternating rounds)"
        if not runs.installed.get("casadi", True):
            rows.append([what, "%s / %s, %s / %s nodes" % (fmt.times(sg), fmt.times(sh), fmt.count(nodes[0]), fmt.count(nodes[1])),
                         "CasADi " + fmt.NOT_INSTALLED, "-"])
            continue
        fast = fmt.median(rg), fmt.median(rh)
        smaller = [n / i for n, i in zip(nodes, instructions) if n is not None and i]
        met = None if None in fast or not smaller else min(fast) >= 1 and max(smaller) <= 1
        rows.append([what,
                     "%s / %s, %s / %s nodes" % (fmt.times(sg), fmt.times(sh), fmt.count(nodes[0]), fmt.count(nodes[1])),
                     "CasADi %s / %s, %s / %s instructions" % (fmt.times(cg), fmt.times(ch), fmt.count(instructions[0]),
                                                              fmt.count(instructions[1])),
                     "%s / %s; size %s / %s of CasADi's; target no slower, no larger: %s" % (
                         fmt.speed(rg), fmt.speed(rh), *("%.2f" % s for s in smaller), fmt.verdict(met))
                     if len(smaller) == 2 else "%s / %s" % (fmt.speed(rg), fmt.speed(rh))])
    return rows


# ------------------------------------------------------------------ bench/cli_multi.py

CLI_WHAT = {
    "grad Rosenbrock-1000": "`symdiff grad --file` of Rosenbrock-1000",
    "hessian Rosenbrock-1000": "`symdiff hessian --file` of Rosenbrock-1000",
    "hessian logistic-100": "`symdiff hessian --file` of the logistic loss (100 weights)",
}


def cli_multi_rows(runs):
    jobs = []
    for run in runs.per_run:
        for j in (run.get("cli_multi") or {}).get("jobs", {}):
            if j not in jobs:
                jobs.append(j)
    if not jobs:
        return [["`symdiff grad` / `hessian` through the command line (`bench/cli_multi.py`)", runs.missing("cli_multi"), "-", "-"]]
    rows = []
    for i, j in enumerate(jobs):
        job = lambda r: r["jobs"][j]
        wall = lambda side: runs.values("cli_multi", lambda r: rounds_median(job(r)["wall_s"][side]))
        cpu = lambda side: runs.values("cli_multi", lambda r: rounds_median(job(r)["cpu_s"][side]))
        sd, ca = wall("symdiff"), wall("casadi")
        sd_bytes = fmt.median(runs.values("cli_multi", lambda r: job(r)["symdiff_bytes"]))
        ca_bytes = fmt.median(runs.values("cli_multi", lambda r: job(r)["casadi_bytes"]))
        target_ms = fmt.median(runs.values("cli_multi", lambda r: job(r)["target_ms"]))
        target_bytes = fmt.median(runs.values("cli_multi", lambda r: job(r)["target_bytes"]))
        m = fmt.median(sd)
        met = None if m is None or target_ms is None else (
            m * 1e3 < target_ms and (target_bytes is None or (sd_bytes or 0) < target_bytes))
        goal = "under %s" % fmt.time_text(target_ms / 1e3) + (" and %s" % fmt.size_bytes(target_bytes) if target_bytes else "")
        what = CLI_WHAT.get(j, j) + ", whole process"
        if i == 0:
            what += " (`bench/cli_multi.py`, alternating rounds; CPU time in brackets)"
        reference = (runs.reference("casadi", "CasADi whole process (Python start, build, print)", ca)
                     + ("" if not fmt.present(ca) else " [%s CPU], prints %s" % (fmt.times(cpu("casadi")), fmt.size_bytes(ca_bytes))))
        rows.append([what, "%s [%s CPU], prints %s" % (fmt.times(sd), fmt.times(cpu("symdiff")), fmt.size_bytes(sd_bytes)),
                     reference,
                     "%s; target %s: %s" % (fmt.speed(ratios(ca, sd)) if fmt.present(ca) else "-", goal, fmt.verdict(met))])
    return rows


# ------------------------------------------------------------------ bench/eval

EVAL_NAMES = {"rosenbrock-100": "Rosenbrock-100", "logistic-100": "the logistic loss (100 weights)"}


def _eval_row(r, name):
    return next(row for row in r["evalbench"]["rows"] if row["name"] == name)


def _eval_ref(r, name, system):
    return next(row["ns"] for row in r["refs"] if row["workload"] == name and system.lower() in row["system"].lower())


EVAL_REFERENCES = [("symengine", "SymEngine LLVM Lambdify", "SymEngine Lambdify (llvm"),
                   ("casadi", "CasADi Function", "CasADi"), ("sympy", "SymPy lambdify", "SymPy")]


def eval_rows(runs):
    rows = []
    costs = []
    for i, name in enumerate(EVAL_NAMES):
        get = lambda key: runs.values("eval", lambda r: _eval_row(r, name)[key] * 1e-9)
        tv, hv, tg, hg = get("tape_value_ns"), get("hand_value_ns"), get("tape_gradient_ns"), get("hand_gradient_ns")
        rv, rg = ratios(tv, hv), ratios(tg, hg)
        within = lambda v: v <= 3
        rows.append(["value of %s per point, batch evaluation without native code%s" % (
                         EVAL_NAMES[name], " (`bench/eval/run.sh`; ratios symdiff / reference, below 1: symdiff faster)" if i == 0 else ""),
                     fmt.times(tv) if fmt.present(tv) else runs.missing("eval"),
                     "hand-written Swift %s" % fmt.times(hv),
                     "%s; %s" % (fmt.ratio(rv), fmt.target(fmt.median(rv), within, "within 3x of hand-written"))])
        refs, shown = ["hand-written Swift %s" % fmt.times(hg)], ["%s, %s" % (fmt.ratio(rg), fmt.target(fmt.median(rg), within, "within 3x"))]
        for key, label, system in EVAL_REFERENCES:
            ns = runs.values("eval", lambda r: _eval_ref(r, name, system) * 1e-9)
            refs.append(runs.reference(key, label, ns))
            shown.append(fmt.ratio(ratios(tg, ns)) if fmt.present(ns) else "-")
        rows.append(["value + gradient of %s per point, batch evaluation" % EVAL_NAMES[name],
                     fmt.times(tg) if fmt.present(tg) else runs.missing("eval"), "; ".join(refs), "; ".join(shown)])
        costs.append((name, ratios(tg, tv)))
    worst = max((fmt.median(c) for _, c in costs if fmt.median(c) is not None), default=None)
    rows.append(["gradient cost / value cost (batch evaluation)",
                 ", ".join("%s (%s)" % (fmt.ratio(c), EVAL_NAMES[n].split(" (")[0]) for n, c in costs),
                 "-", fmt.target(worst, lambda v: v <= 4, "at most 4")])
    return rows


# ------------------------------------------------------------------ bench/native

def _native_row(r, workload, what):
    return next(row for row in r["rows"] if row["workload"] == workload and row["what"] == what)


def native_rows(runs):
    rows = []
    for i, (workload, what) in enumerate([("rosenbrock-100", "value"), ("rosenbrock-100", "value+grad"),
                                          ("logistic-100", "value"), ("logistic-100", "value+grad")]):
        get = lambda key: runs.values("native", lambda r: _native_row(r, workload, what)[key] * 1e-9)
        native, hand, se = get("native_ns"), get("hand_ns"), get("symengine_ns")
        rh, rs = ratios(native, hand), ratios(native, se)
        label = "value" if what == "value" else "value + gradient"
        rows.append(["%s of %s per point, native code%s" % (
                         label, EVAL_NAMES[workload], " (`--native`, `bench/native/run.sh`; ratios symdiff / reference)" if i == 0 else ""),
                     fmt.times(native) if fmt.present(native) else runs.missing("native"),
                     "hand-written C (gcc -O2) %s; %s" % (fmt.times(hand), runs.reference("symengine", "SymEngine LLVM Lambdify", se)),
                     "%s, %s; %s" % (fmt.ratio(rh), fmt.target(fmt.median(rh), lambda v: v <= 1.2, "within 1.2x"),
                                     "%s, %s" % (fmt.ratio(rs), fmt.target(fmt.median(rs), lambda v: v <= 1, "no slower"))
                                     if fmt.present(rs) else "-")])
    builds = [(w, runs.values("native", lambda r: _native_row(r, w, "value+grad")["build_s"])) for w in EVAL_NAMES]
    rows.append(["building the native code (emit + gcc + dlopen), first use; cached afterwards",
                 ", ".join("%s (%s gradient)" % (fmt.times(b), EVAL_NAMES[w].split(" (")[0]) for w, b in builds), "-", "-"])
    return rows


# ------------------------------------------------------------------ bench/matrix (TensorBench's text)

MATRIX_TIMES = re.compile(r"^\s*(parse \+ gradient \+ Hessian[^:]*): median ([\d.]+) µs")
MATRIX_SIZES = re.compile(r"size with n = (\S+), d = (\S+): gradient (\d+) tensor nodes, Hessian (\d+) tensor nodes")
MATRIX_SCALAR = re.compile(r"scalar engine.*: gradient ([\d.]+) ms \((\d+) nodes\), sparse Hessian ([\d.]+) ms \((\d+) nodes\)")


def matrix_figures(log):
    """TensorBench's figures from its printed lines: {what: seconds}, sizes, the scalar engine's."""
    figures = {"times": {}, "sizes": [], "scalar": None}
    for line in log.splitlines():
        if m := MATRIX_TIMES.match(line):
            figures["times"][m.group(1)] = float(m.group(2)) * 1e-6
        elif m := MATRIX_SIZES.search(line):
            figures["sizes"].append((m.group(1), m.group(2), int(m.group(3)), int(m.group(4))))
        elif m := MATRIX_SCALAR.search(line):
            figures["scalar"] = {"gradient_s": float(m.group(1)) * 1e-3, "gradient_nodes": int(m.group(2)),
                                 "hessian_s": float(m.group(3)) * 1e-3, "hessian_nodes": int(m.group(4))}
    return figures


COLD = "parse + gradient + Hessian + print, cold"


def matrix_rows(runs):
    cold = runs.values("matrix", lambda r: r["times"][COLD])
    scalar = runs.values("matrix", lambda r: r["scalar"]["hessian_s"])
    sizes = runs.values("matrix", lambda r: r["sizes"])
    independent = all(len({(g, h) for _, _, g, h in s}) == 1 for s in fmt.present(sizes)) if fmt.present(sizes) else None
    m = fmt.median(cold)
    met = None if m is None or independent is None else m < 1e-3 and independent
    return [["gradient + Hessian of the logistic loss in matrix form, parse + derive + print, cold (`bench/matrix/run.sh`)",
             fmt.times(cold) if fmt.present(cold) else runs.missing("matrix"),
             "the scalar engine's sparse Hessian of the same loss over 100 weights %s" % fmt.times(scalar),
             "%s; target under 1 ms, size independent of n and d: %s" % (fmt.speed(ratios(scalar, cold)), fmt.verdict(met))]]


def matrix_block(runs):
    """bench/README's matrix figures: each timing's median over runs with the range."""
    lines = []
    whats = []
    for run in runs.per_run:
        for w in (run.get("matrix") or {}).get("times", {}):
            if w not in whats:
                whats.append(w)
    if not whats:
        return runs.missing("matrix")
    for w in whats:
        lines.append("- %s: %s (median over runs of each run's median of 400)" % (w, fmt.times(runs.values("matrix", lambda r: r["times"][w]))))
    last = fmt.present(runs.values("matrix", lambda r: r["sizes"]))
    for n, d, g, h in (last[-1] if last else []):
        lines.append("- size with n = %s, d = %s: gradient %d tensor nodes, Hessian %d tensor nodes" % (n, d, g, h))
    sg = runs.values("matrix", lambda r: r["scalar"]["gradient_s"])
    sh = runs.values("matrix", lambda r: r["scalar"]["hessian_s"])
    nodes = fmt.median(runs.values("matrix", lambda r: r["scalar"]["hessian_nodes"]))
    lines.append("- scalar engine, the same loss over 100 weights written out: gradient %s, sparse Hessian %s (%s nodes)"
                 % (fmt.times(sg), fmt.times(sh), fmt.count(nodes)))
    lines.append("- scalar Hessian / matrix-form gradient + Hessian (cold): %s"
                 % fmt.speed(ratios(sh, runs.values("matrix", lambda r: r["times"][COLD]))))
    return "\n".join(lines)


# ------------------------------------------------------------------ the README table

SUMMARY_HEADERS = ["what", "symdiff", "reference", "ratio"]
SUMMARY_ROWS = [startup_rows, throughput_rows, nested_sin_rows, expand_rows, cancel_rows, w3_rows, cli_multi_rows,
                eval_rows, native_rows, matrix_rows]


def summary_table(runs):
    rows = []
    for make in SUMMARY_ROWS:
        rows += make(runs)
    return markdown_table(SUMMARY_HEADERS, rows)


# ------------------------------------------------------------------ GradBench (bench/README)

def gradbench_tables(results, rounds):
    """One table per eval: each function and size (the row names its eval and full size), its
    median times per tool and the ratios with their range over rounds, the target judged per row
    by the rule run.sh's table follows (bench/gradbench/targets.py)."""
    if results is None:
        return None
    by_eval = {}
    for row in results.get("rows", []):
        by_eval.setdefault(row["eval"], []).append(row)
    tools = [t for t in ("symdiff", "manual", "jax") if any(t in r["median_ns"] for rs in by_eval.values() for r in rs)]
    out = []
    for eval_name, rows in by_eval.items():
        counted = [targets.observations(eval_name, r["size"]) for r in rows]
        headers = (["function", "size"] + (["observations"] if any(counted) else [])
                   + ["%s ms" % {"jax": "JAX"}.get(t, t) for t in tools] + ["symdiff/manual", "symdiff/JAX", "target"])
        body = []
        for r, n in zip(rows, counted):
            manual, jax = r.get("symdiff_over_manual") or [], r.get("symdiff_over_jax") or []
            verdict = targets.judge(eval_name, r["function"], fmt.median(manual), fmt.median(jax))
            body.append(["`%s`" % r["function"], targets.row_name(eval_name, r["size"])]
                        + ([fmt.count(n)] if any(counted) else [])
                        + [("%.2f" % (r["median_ns"][t] / 1e6)) if r["median_ns"].get(t) else "-" for t in tools]
                        + [fmt.ratio(manual), fmt.ratio(jax) if "jax" in tools else "not installed",
                           verdict.note if verdict.goal is None else "%s: %s" % (verdict.goal, fmt.verdict(verdict.met))])
        out.append(markdown_table(headers, body))
    costs = results.get("costs", {})
    for e, (cold, warm) in sorted(costs.items()):
        if cold:
            total = (cold["derive_ns"] + cold["compile_ns"]) / 1e9
            out.append("One-time cost of `%s`: derive %s + compile %s = %s; from the cache %s (target: under %s: %s)." % (
                e, fmt.time_text(cold["derive_ns"] / 1e9), fmt.time_text(cold["compile_ns"] / 1e9), fmt.time_text(total),
                fmt.time_text((warm["derive_ns"] + warm["compile_ns"]) / 1e9) if warm else "-",
                "%g s" % targets.ONE_TIME_LIMIT_S, fmt.verdict(total < targets.ONE_TIME_LIMIT_S)))
    invalid = results.get("invalid", [])
    out.append("symdiff's answers: %s." % ("every one valid" if not invalid else "INVALID at " + "; ".join(invalid)))
    return "\n\n".join(out)
