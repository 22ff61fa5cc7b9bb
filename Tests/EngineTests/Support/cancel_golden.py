"""Writes cancel_golden.tsv: SymPy's `cancel` and `sqf_list` of a fixed set of rational
functions, the reference that PolynomialGoldenTests compares the kernel's results with.

Usage: python3 Tests/EngineTests/Support/cancel_golden.py   (SymPy 1.14; rerun when cases change)

Columns: id, expression, SymPy cancel(expression), SymPy sqf_list of the cancelled numerator and
of its denominator as `content; factor^multiplicity; ...`. Everything is written in symdiff's
syntax (`^` for powers).
"""
import os
import random

import sympy

HERE = os.path.dirname(os.path.abspath(__file__))
x, y, z, t = sympy.symbols("x y z t")

HAND = [
    "(x^2 - 1)/(x - 1)",
    "(x^2 - 1)/(1 - x)",
    "(2*x + 4)/(6*x^2)",
    "1/x + 1/y",
    "1/(1/x + 1/y)",
    "x/(x + 1) + y",
    "(x*y + x)/(y^2 - 1)",
    "(x^3 - y^3)/(x^2 - y^2)",
    "(x^4 - 1)/(x^2 + 1)",
    "(6*x^2 + 5*x + 1)/(4*x^2 - 1)",
    "((x + 1)^3*(y - 2)^2)/((x + 1)*(y - 2)^3)",
    "(x^2 + 2*x*y + y^2)/(x^2 - y^2)",
    "1/(x - 1) - 1/(x + 1)",
    "1/(x^2 - 1) + 1/(x + 1)^2",
    "(x/2 + 1/3)/(x/4 - 1/6)",
    "(x^6 - 1)/(x^4 - 1)",
    "(x*z - y*z + x^2 - x*y)/(z^2 + 2*x*z + x^2)",
    "sin(x)/sin(x)^2 + 1",
    "(sin(x)^2 - 1)/(sin(x) + 1)",
    "(sqrt(x) + 1)/(x - 1)",
    "(x - 1)/(sqrt(x) - 1)",
    "(exp(2*x) - 1)/(exp(x) - 1)",
    "(x^2 - 2)/(x - sqrt(2))",
    "2*x^3 - 2*x",
    "(x^2 + 2*x + 1)*(y - 1)^2",
    "x^4 - 1",
    "12*x^5 - 12*x^4 - 24*x^3 + 24*x^2",
    "(x + y)^3*(x - y)^2*z",
    "(t^2 - 1)^3/(t^3 - t)",
    "(4*x^4 - 4*x^2 + 1)/(2*x^3 - x)",
]


def random_polynomial(rng, degree, terms, variables):
    s = 0
    for _ in range(terms):
        m = 1
        left = rng.randint(0, degree)
        for v in rng.sample(variables, len(variables)):
            k = rng.randint(0, left)
            left -= k
            m *= v ** k
        s += rng.choice([-5, -3, -2, -1, 1, 2, 3, 4, 7]) * m
    return s


def random_cases():
    """Quotients with a planted common factor, and derivatives of quotients."""
    rng = random.Random(7)
    cases = []
    for i in range(14):
        variables = [x, y, z][: 1 + i % 3]
        g = random_polynomial(rng, 2 + i % 3, 3, variables)
        a = random_polynomial(rng, 3 + i % 4, 4, variables)
        b = random_polynomial(rng, 3 + i % 4, 4, variables)
        # Multiplied out, so that the common factor is hidden (SymPy would cancel a visible one).
        cases.append("(%s)/(%s)" % (sympy.expand(a * g), sympy.expand(b * g)))
    for i in range(8):
        variables = [x, y, z][: 1 + i % 3]
        a = random_polynomial(rng, 4, 5, variables)
        b = random_polynomial(rng, 4, 5, variables)
        cases.append(str(sympy.diff(a / b, x)))
    return [c.replace("**", "^") for c in cases]


def text(e):
    return str(e).replace("**", "^")


def sqf(p):
    content, factors = sympy.sqf_list(p) if p.free_symbols else (p, [])
    return "; ".join([text(content)] + ["(%s)^%d" % (text(f), k) for f, k in factors])


def main():
    rows = []
    for i, case in enumerate(HAND + random_cases()):
        e = sympy.sympify(case.replace("^", "**"))
        c = sympy.cancel(e)
        n, d = sympy.fraction(c)
        rows.append("\t".join(["case-%02d" % i, case, text(c), sqf(sympy.expand(n)), sqf(sympy.expand(d))]))
    with open(os.path.join(HERE, "cancel_golden.tsv"), "w") as f:
        f.write("# Written by cancel_golden.py with SymPy %s; columns: id, expression, cancel, sqf of numerator, sqf of denominator\n" % sympy.__version__)
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
