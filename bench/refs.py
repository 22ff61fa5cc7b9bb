#!/usr/bin/env python3
"""In-process reference timings (SymEngine, CasADi) and a numeric cross-check.

Run by bench.py as a separate process so that a missing or crashing reference never takes the
harness down. Every mode prints exactly one JSON object on stdout; on failure it is
{"error": "..."}.

    refs.py symengine-lines FILE --wrt x --runs N     d/dx of every line of FILE
    refs.py symengine-large FILE --wrt x --runs N     d/dx of one (large) expression
    refs.py casadi-lines    FILE --wrt x --runs N     CasADi SX jacobian of every line
    refs.py check FILE SYMDIFF_OUT --wrt x --sample N numeric check of symdiff's derivatives

The input syntax is symdiff's: `^` is power (right-associative, as Python's `**`), decimals are
exact, `e` and `pi` are constants, and sigmoid(t) = 1/(1+exp(-t)), softplus(t) = log(1+exp(t)).
SymEngine has neither sigmoid nor softplus, so they are rewritten textually before timing.
"""
import argparse
import gc
import json
import math
import re
import statistics
import sys
import time
from fractions import Fraction

_FUNC = re.compile(r"(sigmoid|softplus)\(")
_DECIMAL = re.compile(r"(?<![\w.])(\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?![\w.])")


def _expand_helpers(s: str) -> str:
    """sigmoid(A) -> (1/(1+exp(-(A)))), softplus(A) -> log(1+exp(A)), with balanced parentheses."""
    out = []
    i = 0
    n = len(s)
    while i < n:
        m = _FUNC.match(s, i)
        if m and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] == "_")):
            j = k = m.end()
            depth = 1
            while depth:
                if k >= n:
                    raise ValueError("unbalanced parentheses in: " + s[:80])
                c = s[k]
                if c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                k += 1
            arg = _expand_helpers(s[j:k - 1])
            if m.group(1) == "sigmoid":
                out.append("(1/(1+exp(-(" + arg + "))))")
            else:
                out.append("log(1+exp(" + arg + "))")
            i = k
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def to_python_syntax(s: str, exact: bool = True) -> str:
    """symdiff syntax -> SymEngine/Python syntax (the same expression)."""
    s = s.strip().replace("^", "**")
    s = _expand_helpers(s)
    if exact:  # symdiff reads decimals as exact rationals; so does the reference then
        s = _DECIMAL.sub(lambda m: "(" + str(Fraction(m.group(1))) + ")", s)
    return s


def _read_lines(path):
    with open(path) as f:
        return [l for l in f.read().splitlines() if l.strip()]


def _ms(t):
    return t * 1e3


def symengine_timings(lines, wrt, runs, with_str, expand=False):
    import symengine as se
    x = se.Symbol(wrt)
    texts = [to_python_syntax(l) for l in lines]
    parse_diff, diff_only, str_t = [], [], []
    out_bytes = 0
    for r in range(runs + 1):  # the first run is a warm-up and is not counted
        gc.collect()
        t0 = time.perf_counter()
        exprs = [se.sympify(t) for t in texts]
        t1 = time.perf_counter()
        if expand:
            ders = [se.expand(e.diff(x)) for e in exprs]
        else:
            ders = [e.diff(x) for e in exprs]
        t2 = time.perf_counter()
        if with_str:
            strs = [str(d) for d in ders]
            t3 = time.perf_counter()
            out_bytes = sum(len(s) + 1 for s in strs)
            del strs
        else:
            t3 = t2
        if r:
            parse_diff.append(t2 - t0)
            diff_only.append(t2 - t1)
            str_t.append(t3 - t2)
        del exprs, ders
    res = {
        "tool": "symengine " + se.__version__,
        "runs": runs,
        "parse_diff_ms": _ms(statistics.median(parse_diff)),
        "diff_ms": _ms(statistics.median(diff_only)),
    }
    if with_str:
        res["str_ms"] = _ms(statistics.median(str_t))
        res["parse_diff_str_ms"] = _ms(statistics.median([a + b for a, b in zip(parse_diff, str_t)]))
        res["out_bytes"] = out_bytes
    return res


def casadi_timings(lines, wrt, runs):
    import casadi as ca
    names = sorted(set(re.findall(r"[A-Za-z_]\w*", " ".join(lines))))
    funcs = {
        "sin": ca.sin, "cos": ca.cos, "tan": ca.tan, "asin": ca.asin, "acos": ca.acos,
        "atan": ca.atan, "sinh": ca.sinh, "cosh": ca.cosh, "tanh": ca.tanh, "exp": ca.exp,
        "log": ca.log, "sqrt": ca.sqrt, "abs": ca.fabs,
        "sec": lambda t: 1 / ca.cos(t), "csc": lambda t: 1 / ca.sin(t), "cot": lambda t: 1 / ca.tan(t),
        "sigmoid": lambda t: 1 / (1 + ca.exp(-t)), "softplus": lambda t: ca.log(1 + ca.exp(t)),
    }
    ns = dict(funcs, e=math.e, pi=math.pi)
    for n in names:
        if n not in ns:
            ns[n] = ca.SX.sym(n)
    if wrt not in ns:
        ns[wrt] = ca.SX.sym(wrt)
    x = ns[wrt]
    codes = [compile(l.replace("^", "**"), "<expr>", "eval") for l in lines]
    exprs = [eval(c, {"__builtins__": {}}, ns) for c in codes]
    diff_only = []
    for r in range(runs + 1):
        gc.collect()
        t0 = time.perf_counter()
        ders = [ca.jacobian(e, x) for e in exprs]
        t1 = time.perf_counter()
        if r:
            diff_only.append(t1 - t0)
        del ders
    return {"tool": "casadi " + ca.__version__, "runs": runs,
            "diff_ms": _ms(statistics.median(diff_only))}


def check(lines, outs, wrt, sample):
    """Evaluate SymEngine's d/dx and symdiff's printed derivative at a point; count agreements."""
    import symengine as se
    x = se.Symbol(wrt)
    step = max(1, len(lines) // sample)
    idx = list(range(0, len(lines), step))[:sample]
    # Points in the reals; a line is checked at the first one where SymEngine's derivative is a
    # finite real number (complex branches of e.g. (exp(a))^y = exp(a*y) are not compared).
    points = [[0.37, 0.61, 0.83, 0.29, 0.47], [1.3, 2.1, 1.7, 1.1, 2.9], [0.11, 1.9, 0.23, 3.1, 0.7],
              [2.3, 0.45, 3.1, 0.8, 1.4], [0.05, 0.3, 0.6, 0.9, 0.15]]
    agree = disagree = skipped = 0
    bad = []

    def real(v):
        return math.isfinite(v.real) and math.isfinite(v.imag) and abs(v.imag) <= 1e-12 * max(1.0, abs(v.real))

    for i in idx:
        try:
            ref = se.sympify(to_python_syntax(lines[i])).diff(x)
            got = se.sympify(to_python_syntax(outs[i]))
        except Exception:
            skipped += 1
            continue
        syms = sorted(ref.free_symbols | got.free_symbols, key=str)
        verdict = None
        for pt in points:
            subs = {s: pt[k % len(pt)] + 0.01 * (k // len(pt)) for k, s in enumerate(syms)}
            try:
                a = complex(ref.subs(subs).evalf())
                if not real(a):
                    continue
                b = complex(got.subs(subs).evalf())
            except Exception:
                continue
            try:
                verdict = abs(a - b) <= 1e-7 * max(1.0, abs(a), abs(b))
            except OverflowError:  # b is too large to compare: as wrong as can be
                verdict = False
            break
        if verdict is None:
            skipped += 1
        elif verdict:
            agree += 1
        else:
            disagree += 1
            if len(bad) < 5:
                bad.append(i + 1)
    return {"checked": len(idx), "agree": agree, "disagree": disagree, "skipped": skipped,
            "first_bad_lines": bad}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["symengine-lines", "symengine-large", "casadi-lines", "check"])
    ap.add_argument("file")
    ap.add_argument("symdiff_out", nargs="?")
    ap.add_argument("--wrt", default="x")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--expand", action="store_true")
    ap.add_argument("--no-str", action="store_true")
    a = ap.parse_args()
    sys.setrecursionlimit(100000)
    try:
        lines = _read_lines(a.file)
        if a.mode == "symengine-lines":
            res = symengine_timings(lines, a.wrt, a.runs, not a.no_str)
        elif a.mode == "symengine-large":
            res = symengine_timings(lines[:1], a.wrt, a.runs, not a.no_str, expand=a.expand)
        elif a.mode == "casadi-lines":
            res = casadi_timings(lines, a.wrt, a.runs)
        else:
            with open(a.symdiff_out) as f:
                outs = f.read().splitlines()
            res = check(lines, outs, a.wrt, a.sample)
    except Exception as e:  # reported, never raised: the harness goes on with the others
        res = {"error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
