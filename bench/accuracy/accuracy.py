#!/usr/bin/env python3
"""Accuracy of symdiff's numbers on the functions of machine learning, in bits of error.

For each expression (written as a textbook writes it) and its gradient, inputs are sampled across
magnitudes (1e-300 to 1e300, both signs) and in the region where the function changes regime;
every output is compared with a 100-digit reference computed by mpmath from an exact formula
written out by hand here (not from symdiff's output). Columns:

  written  symdiff's interpreter without the stable rewrites (the textbook gradient as written):
           what symdiff computed before them
  Tape     symdiff's interpreter (`symdiff eval --grad`), through bench/accuracy's AccuracyEval
  native   the emitted C compiled (`symdiff eval --grad --native`)
  NumPy    the file `symdiff emit --lang numpy --grad` writes, run on arrays
  naive    the same formula written directly in NumPy, as a user would without care
  JAX      JAX's own function where it has one (jax.nn.log_sigmoid, logsumexp, ...), gradient by
           jax.grad, in float64

Error of a value c against the true value t, in ulps: |c - t| / ulp(t), ulp(t) the spacing of
doubles at t (subnormal spacing below 2.2e-308); in bits, as Herbie counts it: log2(1 + ulps), so
a correctly rounded result has at most 0.58 bits of error and a result that is off in every digit
about 64. Each cell gives the mean and maximum in bits over the points. Only points where t is a
finite double count; a NaN or inf there counts as a failure (column "bad"). The target: under 2
ulps (1.58 bits) at every point, no bad values.

Usage: python3 accuracy.py --symdiff PATH --eval PATH [--points N] [--markdown]
       python3 accuracy.py --write-sample FILE [--points N]   (the fixed sample the tests read)
"""
import argparse
import json
import math
import random
import subprocess
import sys
import warnings

import mpmath as mp
import numpy as np

mp.mp.dps = 100


# ---------------------------------------------------------------------------------------------
# Exact references (mpmath, 100 digits), each from a formula without cancellation.

def m_sigmoid(z):
    return 1 / (1 + mp.exp(-z))


def m_softplus(z):
    return mp.log1p(mp.exp(z)) if z < 0 else z + mp.log1p(mp.exp(-z))


def m_dsigmoid(z):
    e = mp.exp(-abs(z))
    return e / (1 + e) ** 2


def m_lse(zs):
    # log1p: the other terms may be far below 1e-100, where 1 + them rounds to 1 at 100 digits.
    k = zs.index(max(zs))
    return zs[k] + mp.log1p(sum(mp.exp(z - zs[k]) for i, z in enumerate(zs) if i != k))


def m_softmax(zs, i):
    m = max(zs)
    return mp.exp(zs[i] - m) / sum(mp.exp(z - m) for z in zs)


def m_phi(z):
    """The normal CDF. mpmath's erfc fails beyond about 1e9; there the asymptotic series
    exp(-z^2/2)/(|z|*sqrt(2*pi))*(1 - 1/z^2 + 3/z^4) is exact to 1e-50 and more."""
    if abs(z) < 10 ** 6:
        return mp.erfc(-z / mp.sqrt(2)) / 2
    tail = mp.exp(-z * z / 2) / (abs(z) * mp.sqrt(2 * mp.pi)) * (1 - 1 / z ** 2 + 3 / z ** 4)
    return 1 - tail if z > 0 else tail


SQRT2PI = mp.sqrt(2 * mp.pi)


def ref_sigmoid(z):
    return [m_sigmoid(z), m_dsigmoid(z)]


def ref_log_sigmoid(z):
    return [-m_softplus(-z), m_sigmoid(-z)]


def ref_softplus(z):
    return [m_softplus(z), m_sigmoid(z)]


def ref_bce(z, y):
    # y*softplus(-z) + (1-y)*softplus(z); d/dz = (1-y)*sigmoid(z) - y*sigmoid(-z); d/dy = -z.
    return [y * m_softplus(-z) + (1 - y) * m_softplus(z), (1 - y) * m_sigmoid(z) - y * m_sigmoid(-z), -z]


def ref_cross_entropy(z1, z2, z3):
    zs = [z1, z2, z3]
    # -log(softmax_1) = log(1 + exp(z2 - z1) + exp(z3 - z1)), without cancelling logsumexp against z1.
    value = mp.log1p(mp.exp(z2 - z1) + mp.exp(z3 - z1))
    return [value, -(m_softmax(zs, 1) + m_softmax(zs, 2)), m_softmax(zs, 1), m_softmax(zs, 2)]


def ref_logsumexp(z1, z2):
    return [m_lse([z1, z2]), m_softmax([z1, z2], 0), m_softmax([z1, z2], 1)]


def ref_tanh(z):
    return [mp.tanh(z), 1 / mp.cosh(z) ** 2]


def ref_gelu(z):
    return [z * m_phi(z), m_phi(z) + z * mp.exp(-z * z / 2) / SQRT2PI]


def ref_normal_cdf(z):
    return [m_phi(z), mp.exp(-z * z / 2) / SQRT2PI]


def ref_logistic(z, y):
    return [m_softplus(-y * z), -y * m_sigmoid(-y * z), -z * m_sigmoid(-y * z)]


def ref_normal(x, mu, s):
    d = x - mu
    return [-d * d / (2 * s * s) - mp.log(s) - mp.log(2 * mp.pi) / 2, -d / (s * s), d / (s * s), d * d / s ** 3 - 1 / s]


# ---------------------------------------------------------------------------------------------
# Naive NumPy: the formula as written, derivatives by the textbook.

def n_sigmoid(z):
    s = 1 / (1 + np.exp(-z))
    return [s, s * (1 - s)]


def n_log_sigmoid(z):
    s = 1 / (1 + np.exp(-z))
    return [np.log(s), 1 - s]


def n_softplus(z):
    e = np.exp(z)
    return [np.log(1 + e), e / (1 + e)]


def n_bce(z, y):
    s = 1 / (1 + np.exp(-z))
    return [-(y * np.log(s) + (1 - y) * np.log(1 - s)), s - y, np.log(1 - s) - np.log(s)]


def n_cross_entropy(z1, z2, z3):
    e = [np.exp(z1), np.exp(z2), np.exp(z3)]
    total = e[0] + e[1] + e[2]
    return [-np.log(e[0] / total), e[0] / total - 1, e[1] / total, e[2] / total]


def n_logsumexp(z1, z2):
    e1, e2 = np.exp(z1), np.exp(z2)
    return [np.log(e1 + e2), e1 / (e1 + e2), e2 / (e1 + e2)]


def n_tanh(z):
    t = np.tanh(z)
    return [t, 1 - t * t]


def n_gelu(z):
    from scipy.special import erf
    return [z / 2 * (1 + erf(z / math.sqrt(2))), (1 + erf(z / math.sqrt(2))) / 2 + z * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)]


def n_normal_cdf(z):
    from scipy.special import erfc
    return [0.5 * erfc(-z / math.sqrt(2)), np.exp(-z * z / 2) / math.sqrt(2 * math.pi)]


def n_logistic(z, y):
    e = np.exp(-y * z)
    return [np.log(1 + e), -y * e / (1 + e), -z * e / (1 + e)]


def n_normal(x, mu, s):
    d = x - mu
    return [-d * d / (2 * s * s) - np.log(s) - np.log(2 * np.pi) / 2, -d / (s * s), d / (s * s), d * d / s ** 3 - 1 / s]


# ---------------------------------------------------------------------------------------------
# JAX's own functions (None where JAX has none).

def jax_functions():
    try:
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        from jax.scipy.stats import norm
    except Exception as error:  # noqa: BLE001 - any failure means no JAX column
        return {}, f"JAX unavailable ({error})"
    nn = jax.nn
    return {
        "sigmoid": nn.sigmoid,
        "log-sigmoid": nn.log_sigmoid,
        "softplus": nn.softplus,
        # optax.sigmoid_binary_cross_entropy's formula, from JAX's log_sigmoid.
        "BCE": lambda z, y: -(y * nn.log_sigmoid(z) + (1 - y) * nn.log_sigmoid(-z)),
        "cross-entropy": lambda z1, z2, z3: -nn.log_softmax(jnp.stack([z1, z2, z3]))[0],
        "logsumexp": lambda z1, z2: jax.scipy.special.logsumexp(jnp.stack([z1, z2])),
        "tanh": jnp.tanh,
        "GELU": lambda z: nn.gelu(z, approximate=False),
        "normal CDF": norm.cdf,
        "logistic loss": lambda z, y: nn.softplus(-y * z),
        "normal log-density": lambda x, mu, s: norm.logpdf(x, mu, s),
    }, None


def run_jax(function, arity, columns):
    import jax
    import jax.numpy as jnp
    args = [jnp.asarray(c, dtype=jnp.float64) for c in columns]
    outputs = [np.asarray(jax.vmap(function)(*args))]
    for k in range(arity):
        outputs.append(np.asarray(jax.vmap(jax.grad(function, argnums=k))(*args)))
    return outputs


# ---------------------------------------------------------------------------------------------
# Cases and sampling.

class Case:
    def __init__(self, name, expression, variables, reference, naive, samplers):
        self.name, self.expression, self.variables = name, expression, variables
        self.reference, self.naive, self.samplers = reference, naive, samplers

    def outputs(self):
        return ["value"] + [f"d/d{v}" for v in self.variables]


def across(regime):
    """A sampler: 35% log-uniform magnitudes 1e-300..1e300, 15% 1e-20..10, 50% uniform in `regime`
    (where the function turns), both signs."""
    low, high = regime

    def sample(rng):
        r = rng.random()
        if r < 0.35:
            return rng.choice([-1, 1]) * 10 ** rng.uniform(-300, 300)
        if r < 0.5:
            return rng.choice([-1, 1]) * 10 ** rng.uniform(-20, 1)
        return rng.uniform(low, high)
    return sample


def choices(values):
    return lambda rng: rng.choice(values)


def positive(low, high):
    return lambda rng: 10 ** rng.uniform(low, high)


LOGITS = across((-800, 800))
CASES = [
    Case("sigmoid", "sigmoid(z)", ["z"], ref_sigmoid, n_sigmoid, [across((-60, 60))]),
    Case("log-sigmoid", "log(sigmoid(z))", ["z"], ref_log_sigmoid, n_log_sigmoid, [across((-800, 800))]),
    Case("softplus", "log(1 + exp(z))", ["z"], ref_softplus, n_softplus, [across((-800, 800))]),
    Case("BCE", "-(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))", ["z", "y"], ref_bce, n_bce,
         [across((-800, 800)), choices([0.0, 1.0, 0.25])]),
    Case("cross-entropy", "-log(exp(z1)/(exp(z1) + exp(z2) + exp(z3)))", ["z1", "z2", "z3"], ref_cross_entropy, n_cross_entropy,
         [LOGITS, LOGITS, LOGITS]),
    Case("logsumexp", "log(exp(z1) + exp(z2))", ["z1", "z2"], ref_logsumexp, n_logsumexp, [LOGITS, LOGITS]),
    Case("tanh", "tanh(z)", ["z"], ref_tanh, n_tanh, [across((-40, 40))]),
    Case("GELU", "gelu(z)", ["z"], ref_gelu, n_gelu, [across((-40, 40))]),
    # The normal distribution function as users write it; its lower tail down to the subnormals.
    Case("normal CDF", "0.5*erfc(-z/sqrt(2))", ["z"], ref_normal_cdf, n_normal_cdf, [across((-40, 10))]),
    Case("logistic loss", "log(1 + exp(-y*z))", ["z", "y"], ref_logistic, n_logistic, [across((-800, 800)), choices([-1.0, 1.0])]),
    Case("normal log-density", "-(x - mu)^2/(2*s^2) - log(s) - log(2*pi)/2", ["x", "mu", "s"], ref_normal, n_normal,
         [across((-10, 10)), across((-10, 10)), positive(-10, 10)]),
]


def sample_points(case, count, seed=2024):
    rng = random.Random(f"{seed}-{case.name}")
    return [[float(s(rng)) for s in case.samplers] for _ in range(count)]


def references(case, points):
    """Per point, per output: the exact value (mpf), or None where it is not a finite double."""
    out = []
    for p in points:
        values = case.reference(*[mp.mpf(x) for x in p])
        row = []
        for v in values:
            f = float(v)
            row.append(v if math.isfinite(f) else None)
        out.append(row)
    return out


def ulps(computed, exact):
    t = float(exact)
    if computed is None or not math.isfinite(computed):
        return math.inf
    spacing = math.ulp(t) if t != 0 else 5e-324
    return float(abs(mp.mpf(computed) - exact) / spacing)


def bits(ulp_error):
    """Herbie's measure: log2 of one more than the error in ulps."""
    return math.log2(1 + ulp_error)


def score(values, refs, output):
    """(mean bits, max bits, max ulps, bad) of one column on one output: values[point][output]."""
    errors, bad = [], 0
    for row, ref in zip(values, refs):
        exact = ref[output]
        if exact is None:
            continue
        c = row[output]
        e = ulps(c, exact)
        if math.isinf(e):
            bad += 1
        else:
            errors.append(e)
    if not errors:
        return (math.nan, math.nan, math.nan, bad)
    return (sum(bits(e) for e in errors) / len(errors), bits(max(errors)), max(errors), bad)


# ---------------------------------------------------------------------------------------------
# The columns.

def symdiff_columns(eval_binary, points_by_case):
    lines = [json.dumps({"expression": c.expression, "variables": c.variables,
                         "points": [[x.hex() for x in p] for p in points_by_case[c.name]]}) for c in CASES]
    result = subprocess.run([eval_binary], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    columns = ["tape", "native", "written"]
    return {c.name: {**{k: a[k] and [[float(v) for v in row] for row in a[k]] for k in columns}, "note": a.get("note")}
            for c, a in zip(CASES, answers)}


def emitted_numpy(symdiff, case, points):
    code = subprocess.run([symdiff, "emit", case.expression, "--lang", "numpy", "--grad", "--vars", ",".join(case.variables)],
                          capture_output=True, text=True, check=True).stdout
    namespace = {}
    exec(compile(code, f"<{case.name}>", "exec"), namespace)
    x = np.array(points, dtype=float).T
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value, gradient = namespace["f"](x)
    return rows([np.asarray(value)] + [np.asarray(g) for g in gradient])


def rows(columns):
    columns = [np.broadcast_to(np.asarray(c, dtype=float), np.asarray(columns[0]).shape) for c in columns]
    return [[float(c[k]) for c in columns] for k in range(len(columns[0]))]


def naive_numpy(case, points):
    x = np.array(points, dtype=float).T
    with np.errstate(all="ignore"):
        return rows(case.naive(*x))


def fmt(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if math.isinf(v):
        return "inf"
    return f"{v:.2f}" if v < 100 else f"{v:.3g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symdiff", help="the symdiff binary (for emitted NumPy)")
    parser.add_argument("--eval", help="the AccuracyEval binary (Tape and native)")
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    parser.add_argument("--write-sample", metavar="FILE", help="write the fixed sample the tests read, and stop")
    args = parser.parse_args()

    points = {c.name: sample_points(c, args.points) for c in CASES}
    if args.write_sample:
        write_sample(args.write_sample, points)
        return

    ours = symdiff_columns(args.eval, points)
    jax, jax_note = jax_functions()
    header = ["expression", "output", "written", "Tape", "native", "NumPy", "naive", "JAX", "bad (w/T/n/N/naive/JAX)"]
    table = []
    worst = 0.0
    failures = 0
    behind_jax = []
    for case in CASES:
        refs = references(case, points[case.name])
        columns = {
            "written": ours[case.name]["written"],
            "tape": ours[case.name]["tape"],
            "native": ours[case.name]["native"],
            "numpy": emitted_numpy(args.symdiff, case, points[case.name]),
            "naive": naive_numpy(case, points[case.name]),
        }
        if case.name in jax:
            columns["jax"] = rows(run_jax(jax[case.name], len(case.variables), list(zip(*points[case.name]))))
        for k, output in enumerate(case.outputs()):
            cells, bads, tops = [], [], {}
            for name in ["written", "tape", "native", "numpy", "naive", "jax"]:
                if columns.get(name) is None:
                    cells.append("–")
                    bads.append("–")
                    continue
                mean, top, top_ulps, bad = score(columns[name], refs, k)
                tops[name] = (math.inf if bad else top_ulps)
                cells.append(f"{fmt(mean)} / {fmt(top)}")
                bads.append(str(bad))
                if name in ("tape", "native", "numpy"):
                    worst = max(worst, top_ulps if not math.isnan(top_ulps) else 0)
                    failures += bad + (1 if top_ulps >= 2 else 0)
            if "jax" in tops and any(tops[n] > tops["jax"] + 0.5 for n in ("tape", "native", "numpy") if n in tops):
                behind_jax.append(f"{case.name} {output}")
            counted = sum(1 for r in refs if r[k] is not None)
            table.append([case.expression if k == 0 else "", f"{output} ({counted} pts)"] + cells + ["/".join(bads)])
    print_table(header, table, args.markdown)
    print(f"\nmean / max error in bits (log2(1 + ulps)) against mpmath at 100 digits; {args.points} points per expression; "
          f"worst symdiff error {fmt(worst)} ulps ({fmt(bits(worst))} bits); "
          f"{failures} symdiff outputs over 2 ulps or not finite where the true value is")
    print(f"outputs where symdiff's maximum error exceeds JAX's by more than half an ulp: {', '.join(behind_jax) or 'none'}")
    if jax_note:
        print("note:", jax_note)
    for case in CASES:
        if ours[case.name]["note"]:
            print(f"note: no native column for {case.name}: {ours[case.name]['note']}")


def print_table(header, table, markdown):
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in table:
            print("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
        return
    widths = [max(len(r[i]) for r in [header] + table) for i in range(len(header))]
    for row in [header] + table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def write_sample(path, points):
    """Per line: case, expression, variables, the point, then per output the reference as a pair
    of doubles (hi, lo) with hi + lo the exact value to 106 bits (hex), or `-` where it is not a
    finite double."""
    with open(path, "w") as out:
        out.write("# Written by bench/accuracy/accuracy.py --write-sample; references by mpmath at 100 digits.\n")
        for case in CASES:
            refs = references(case, points[case.name])
            for p, ref in zip(points[case.name], refs):
                cells = []
                for exact in ref:
                    if exact is None:
                        cells.append("-")
                        continue
                    hi = float(exact)
                    lo = float(exact - mp.mpf(hi))
                    cells.append(f"{hi.hex()},{lo.hex()}")
                out.write("\t".join([case.name, case.expression, ",".join(case.variables), ",".join(x.hex() for x in p)] + cells) + "\n")


if __name__ == "__main__":
    sys.exit(main())
