"""The polynomial kernel against its references, in one run, alternating rounds:

  expand  `symdiff --wrt x --file large_pow20.txt --expand` (d/dx (x+y+z+w+1)^20, 8,855 terms),
          whole process, against SymEngine's in-process parse + diff + expand of the same
          (bench/refs.py symengine-large --expand);
  cancel  `cancelled()` of the derivative of a quotient of two random polynomials of degree 10
          in x, y, z, in-process (PolyBench: parse and differentiate untimed, then cancel),
          against SymPy's `cancel` of SymPy's derivative of the same quotient.

Each round times every side once (medians over repetitions inside the round), the expand sides
in alternating order; the figures are medians over rounds with their range, and each ratio
(reference / symdiff) is the median of the rounds' own ratios, with their range. SymPy's results are
checked against symdiff's: the same rational function, with the same denominator up to a
constant factor.

Usage: python3 bench/poly/run.py [--rounds N] [--quick] [--no-build] [--json OUT]
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
from bench import time_process, refs  # noqa: E402

OUT = os.path.join(ROOT, "bench", "out")
SCRATCH = os.path.join(HERE, ".build-polybench")


def build():
    # The bench package reaches the repository through bench/out/symdiff (see Package.swift).
    os.makedirs(OUT, exist_ok=True)
    link = os.path.join(OUT, "symdiff")
    if not os.path.islink(link):
        os.symlink(os.path.relpath(ROOT, OUT), link)
    # SwiftPM does not always recompile a dependent package's target when the library's
    # interface changes (a default argument's struct gained a field: a crash); PolyBench is one
    # small file, so it is always compiled afresh.
    os.utime(os.path.join(HERE, "Sources", "PolyBench", "main.swift"))
    for product in ["PolyBench", "symdiff"]:
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", SCRATCH, "--product", product],
                       cwd=HERE, check=True, stdout=subprocess.DEVNULL)


def random_polynomial(rng, degree, terms):
    """`terms` distinct monomials of total degree at most `degree` in x, y, z, coefficients in ±1..9."""
    monomials = set()
    while len(monomials) < terms:
        e, left = [0, 0, 0], rng.randint(0, degree)
        for i in rng.sample(range(3), 3):
            e[i] = rng.randint(0, left)
            left -= e[i]
        monomials.add(tuple(e))
    out = []
    for m in sorted(monomials, reverse=True):
        c = rng.choice([i for i in range(-9, 10) if i])
        factors = "*".join(v if k == 1 else "%s^%d" % (v, k) for v, k in zip("xyz", m) if k)
        out.append("%d*%s" % (c, factors) if factors else str(c))
    return "(" + " + ".join(out) + ")"


def cases(quick):
    """(name, quotient) pairs: coprime numerator and denominator, and ones sharing a cubic factor."""
    rng = random.Random(20240601)
    sizes = [10, 30] if quick else [10, 30, 60]
    result = [("deg10-%dterms" % n, "%s/%s" % (random_polynomial(rng, 10, n), random_polynomial(rng, 10, n))) for n in sizes]
    for n in sizes[:2]:
        g = random_polynomial(rng, 3, 5)
        result.append(("deg10-%dterms-common-cubic" % n, "(%s*%s)/(%s*%s)" % (random_polynomial(rng, 7, n), g, random_polynomial(rng, 7, n), g)))
    return result


def sympy_cancel(quotient, repetitions):
    import sympy
    x = sympy.Symbol("x")
    d = sympy.diff(sympy.sympify(quotient.replace("^", "**")), x)
    times = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        r = sympy.cancel(d)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), r


def same_up_to_normalization(ours_text, theirs):
    """The same rational function, denominators equal up to a constant factor."""
    import sympy
    ours = sympy.sympify(ours_text.replace("^", "**"))
    p1, q1 = sympy.fraction(ours)
    p2, q2 = sympy.fraction(theirs)
    if sympy.expand(p1 * q2 - p2 * q1) != 0:
        return False
    ratio = sympy.cancel(q1 / q2)
    return ratio.is_number and ratio != 0


def spread(values):
    return "%.3g [%.3g-%.3g]" % (statistics.median(values), min(values), max(values))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="fewer cases and repetitions")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--json", metavar="OUT", help="also write every round's figures to OUT as JSON")
    a = ap.parse_args()
    if not a.no_build:
        build()
    workloads = os.environ.get("SYMDIFF_WORKLOADS") or os.path.join(ROOT, "..", "shared", "workloads")
    pow20 = os.path.join(workloads, "large_pow20.txt")
    symdiff = os.path.join(SCRATCH, "release", "symdiff")
    poly_bench = os.path.join(SCRATCH, "release", "PolyBench")
    os.makedirs(OUT, exist_ok=True)
    case_list = cases(a.quick)
    case_file = os.path.join(OUT, "poly-cases.txt")
    with open(case_file, "w") as f:
        for name, q in case_list:
            f.write("%s\t%s\tx\n" % (name, q))
    runs = 10 if a.quick else 30
    reps = 3 if a.quick else 5
    expand = {"symdiff": [], "symengine": []}
    cancel = {name: {"symdiff": [], "sympy": []} for name, _ in case_list}
    results, agree = {}, {}
    # A missing reference leaves its figures out (and says so); symdiff's side still runs.
    missing = {}
    try:
        import sympy  # noqa: F401
    except ImportError:
        missing["SymPy"] = "not installed (pip install sympy)"
    print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
    for r in range(a.rounds):
        # Which side goes first alternates: a slow spell of the machine that catches one round
        # catches both of its sides, and the per-round ratio is what is compared.
        for side in (["symdiff", "symengine"] if r % 2 == 0 else ["symengine", "symdiff"]):
            if side == "symdiff":
                ms, _, _ = time_process([symdiff, "--wrt", "x", "--file", pow20, "--expand"], runs, 3)
                expand["symdiff"].append(ms)
            else:
                se = refs("symengine-large", pow20, "--wrt", "x", "--runs", str(runs), "--expand")
                if "error" in se:
                    missing["SymEngine"] = "%s (pip install symengine)" % se["error"]
                else:
                    expand["symengine"].append(se["parse_diff_ms"])
        out = subprocess.run([poly_bench, case_file, str(reps)], check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            row = json.loads(line)
            cancel[row["name"]]["symdiff"].append(row["median_ms"])
            results[row["name"]] = row["result"]
        for name, q in case_list:
            if "SymPy" in missing:
                agree[name] = None
                continue
            ms, theirs = sympy_cancel(q, 1)
            cancel[name]["sympy"].append(ms)
            if r == 0:
                agree[name] = same_up_to_normalization(results[name], theirs)
        print("round %d done" % (r + 1), file=sys.stderr)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rounds": a.rounds, "expand_ms": expand, "missing": missing,
                       "cancel_ms": {name: dict(cancel[name], same_result=agree[name]) for name, _ in case_list}},
                      f, indent=1)
    for system, reason in missing.items():
        print("note: %s %s: its figures are left out" % (system, reason))
    print("== expand: d/dx (x+y+z+w+1)^20, 8,855 terms; median [range] over %d rounds, ms ==" % a.rounds)
    ratios = [e / s for s, e in zip(expand["symdiff"], expand["symengine"])]
    ratio = statistics.median(ratios) if ratios else None
    if ratio is None:
        print("symdiff --expand (whole process) %s   SymEngine: not measured" % spread(expand["symdiff"]))
    else:
        print("symdiff --expand (whole process) %s   SymEngine expand (in-process) %s   SymEngine/symdiff %s (median of the rounds' ratios)  %s"
              % (spread(expand["symdiff"]), spread(expand["symengine"]), spread(ratios), "MET" if ratio >= 1 else "NOT MET"))
    print("== cancel: derivative of a quotient of degree-10 polynomials in x, y, z; in-process, ms ==")
    for name, _ in case_list:
        ratios = [p / s for s, p in zip(cancel[name]["symdiff"], cancel[name]["sympy"])]
        if not ratios:
            print("%-28s symdiff %s   SymPy: not measured" % (name, spread(cancel[name]["symdiff"])))
            continue
        print("%-28s symdiff %s   SymPy %s   SymPy/symdiff %s  %s   %s" % (
            name, spread(cancel[name]["symdiff"]), spread(cancel[name]["sympy"]), spread(ratios),
            "MET (>= 10x)" if statistics.median(ratios) >= 10 else "NOT MET (< 10x)",
            "same result" if agree[name] else "RESULTS DIFFER"))


if __name__ == "__main__":
    main()
