import Glibc

extension FunctionTable {
    static let exponential: [FunctionSpec] = [
        FunctionSpec(name: "exp", latex: "\\exp", printing: .enclosed(open: "e^{", close: "}"), ruleText: "d/du exp(u) = exp(u)", sign: .positive,
                     numeric: .unary { Glibc.exp($0) }, partials: { [call(.exp, $0[0])] },
                     special: expSpecial, code: .library("exp")),
        FunctionSpec(name: "expm1", latex: "\\operatorname{expm1}", ruleText: "d/du expm1(u) = exp(u)", sign: .ofArgument,
                     numeric: .unary { Glibc.expm1($0) }, partials: { [call(.exp, $0[0])] },
                     special: undoing(.log1p, { a in a[0].isZero ? .zero : nil }), code: .library("expm1"),
                     computes: { e in
                         // exp(u) - 1
                         guard case let .add(c) = e.head, c.isMinusOne, e.children.count == 1 else { return nil }
                         return e.children[0].argument(of: .exp).map { [$0] }
                     }),
        FunctionSpec(name: "log", latex: "\\ln", ruleText: "d/du log(u) = 1/u", domain: "log of a non-positive number",
                     numeric: .unary { Glibc.log($0) }, partials: { [1 / $0[0]] },
                     special: logSpecial, code: .library("log")),
        FunctionSpec(name: "log1p", latex: "\\operatorname{log1p}", ruleText: "d/du log1p(u) = 1/(1 + u)", sign: .ofArgument,
                     domain: "log1p of a number at or below -1",
                     numeric: .unary { Glibc.log1p($0) }, partials: { [1 / (1 + $0[0])] },
                     special: undoing(.expm1, { a in a[0].isZero ? .zero : nil }), code: .library("log1p"),
                     computes: { e in
                         // log(1 + u)
                         guard let sum = e.argument(of: .log), case let .add(c) = sum.head, c.isOne, sum.children.count == 1 else { return nil }
                         return [sum.children[0]]
                     }),
        FunctionSpec(name: "log2", latex: "\\log_2", ruleText: "d/du log2(u) = 1/(u*log(2))", domain: "log of a non-positive number",
                     numeric: .unary { Glibc.log2($0) }, partials: { [1 / ($0[0] * call(.log, .two))] },
                     special: { a in a[0] == .one ? .zero : a[0] == .two ? .one : nil }, code: .library("log2")),
        FunctionSpec(name: "log10", latex: "\\log_{10}", ruleText: "d/du log10(u) = 1/(u*log(10))", domain: "log of a non-positive number",
                     numeric: .unary { Glibc.log10($0) }, partials: { [1 / ($0[0] * call(.log, num(10)))] },
                     special: { a in a[0] == .one ? .zero : a[0] == num(10) ? .one : nil }, code: .library("log10")),
        // Always rewritten to the power u^(1/2); compiled programs call sqrt for that power.
        FunctionSpec(name: "sqrt", latex: "\\sqrt", printing: .enclosed(open: "\\sqrt{", close: "}"), ruleText: "d/du sqrt(u) = 1/(2*sqrt(u))", domain: "square root of a negative number",
                     numeric: .unary { $0.squareRoot() }, partials: { [rsqrt($0[0]) / 2] },
                     special: { a in .power(a[0], .half) }, code: .library("sqrt"),
                     computes: { e in
                         guard case .pow = e.head, e.children[1] == .half else { return nil }
                         return [e.children[0]]
                     }),
        FunctionSpec(name: "cbrt", latex: "\\sqrt[3]", printing: .enclosed(open: "\\sqrt[3]{", close: "}"), ruleText: "d/du cbrt(u) = 1/(3*cbrt(u)^2)", sign: .ofArgument,
                     numeric: .unary { Glibc.cbrt($0) }, partials: { [1 / (3 * sq(call(.cbrt, $0[0])))] },
                     special: cbrtSpecial,
                     code: .library("cbrt", [
                         // math.cbrt is new in Python 3.11.
                         "python": .helper("cbrt", definition: "def cbrt(z):\n    return math.copysign(abs(z) ** (1.0 / 3.0), z)"),
                     ])),
        FunctionSpec(name: "erf", latex: "\\operatorname{erf}", ruleText: "d/du erf(u) = 2/sqrt(pi)*exp(-u^2)",
                     numeric: .unary { Glibc.erf($0) }, partials: { [2 * rsqrt(.pi) * call(.exp, -sq($0[0]))] },
                     special: odd(.erf),
                     code: .library("erf", [
                         "numpy": .helper("erf", definition: "# NumPy has no erf; math.erf elementwise.\nerf = np.vectorize(math.erf, otypes=[float])"),
                         "js": .helper("erf", definition: """
                             /**
                              * The error function, to about 1e-15 (JavaScript's Math has none). For |z| < 3 the series
                              * 2/sqrt(pi)*exp(-z^2)*sum_k (2z^2)^k z/(1*3*...*(2k+1)), whose terms are all positive (no
                              * cancellation); beyond, 1 - erfc(z) with erfc from its continued fraction.
                              */
                             function erf(z) {
                               const a = Math.abs(z);
                               if (a === Infinity) return Math.sign(z);
                               if (a >= 3) {
                                 let f = a;
                                 for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
                                 return Math.sign(z) * (1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f));
                               }
                               let term = a, sum = a;
                               for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
                                 term *= (2 * a * a) / (2 * k + 1);
                                 sum += term;
                               }
                               return Math.sign(z) * (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
                             }
                             """),
                     ])),
    ]
}

/// exp(0) = 1, exp(log(u)) = u, exp(c*log(u)) = u^c.
private let expSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if u.isZero { return .one }
    if let v = u.argument(of: .log) { return v }
    if case let .mul(c) = u.head, u.children.count == 1, let v = u.children[0].argument(of: .log) {
        return .power(v, .number(c))
    }
    return nil
}

/// log(1) = 0, log(e) = 1, log(exp(u)) = u (u real); under assumptions that make every factor
/// positive, log(u*v) = log(u) + log(v) and log(u^k) = k*log(u).
private let logSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if u == .one { return .zero }
    if u == .e { return .one }
    if let v = u.argument(of: .exp) { return v }
    guard !Assumptions.current.isEmpty else { return nil }
    if case let .mul(c) = u.head, !c.isNegative, u.children.allSatisfy(\.isKnownPositive) {
        return .sum(u.children.map { Expr.apply(.log, [$0]) } + (c.isOne ? [] : [Expr.apply(.log, [.number(c)])]))
    }
    if case .pow = u.head, u.children[0].isKnownPositive, !u.children[0].isNumber {
        return u.children[1] * Expr.apply(.log, [u.children[0]])
    }
    return nil
}

/// Exact cube roots of rationals, cbrt(u^3) = u.
private let cbrtSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if let r = u.rationalValue {
        if let root = r.magnitude.root(3) { return .number(r.isNegative ? -root : root) }
        return nil
    }
    if case .pow = u.head, u.children[1] == .integer(3) { return u.children[0] }
    return nil
}
