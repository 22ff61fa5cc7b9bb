import Foundation

/// Computes the truncated series of an expression in the hidden variable t, where each expansion
/// variable x_i stands for `a_i + h_i·t` (one variable: `a + t`). Sums, products, powers and
/// quotients are series arithmetic; a function of one argument is composed with the argument's
/// series using the function's own derivatives at the argument's constant term (small: one
/// function of one symbol); only functions of several arguments fall back to differentiating the
/// whole subexpression in t.
struct SeriesExpander {
    /// The series each expansion variable stands for.
    let variables: [Expr: TruncatedSeries]
    /// What each variable is replaced by for the fallback (`a + h·t` with t written out).
    let substitution: [Expr: Expr]
    /// Coefficients are computed for exponents below this.
    let limit: Int
    /// Brings a coefficient to its normal form, so that zero is recognised.
    let normalize: (Expr) -> Expr

    /// The symbol that stands for t where it must be written out.
    static let t = Expr.symbol("t\u{2032}series")

    /// The series of `e`, node by node in creation order.
    func series(of e: Expr) throws(SeriesError) -> TruncatedSeries {
        var memo: [Expr: TruncatedSeries] = [:]
        for node in e.postorder {
            memo[node] = try seriesOfNode(node, children: node.children.map { memo[$0]! }).normalized(limit: limit, normalize)
        }
        return memo[e]!
    }

    private func seriesOfNode(_ node: Expr, children: [TruncatedSeries]) throws(SeriesError) -> TruncatedSeries {
        switch node.head {
        case .number, .constant: return .constant(node)
        case .symbol: return variables[node] ?? .constant(node)
        case .undefined: throw SeriesError("the expression is undefined (it divides by zero)")
        default: break
        }
        // A node whose arguments are all constants is a constant (exact values already applied).
        if children.allSatisfy(isConstant) {
            if !node.freeSymbols.isEmpty || node.evaluate(at: [:]).isFinite { return .constant(node) }
            throw SeriesError("\(node) is not finite")
        }
        switch node.head {
        case let .add(c):
            return children.reduce(.constant(.number(c)), +)
        case let .mul(c):
            var product = TruncatedSeries.constant(.number(c))
            for s in children { product = .multiply(product, s, limit: limit) }
            return product
        case .pow:
            return try power(node, base: children[0], exponent: children[1])
        case let .function(f):
            if children.count == 1 { return try compose(f, node: node, children[0]) }
            try checkSmooth(f, at: children.map { $0.coefficient(0) }, node: node)
            return try byDerivatives(node)
        default:
            return try byDerivatives(node)
        }
    }

    private func isConstant(_ s: TruncatedSeries) -> Bool {
        s.precision == nil && s.terms.count <= 1 && (s.terms.isEmpty || s.low == 0)
    }

    private func constantValue(_ s: TruncatedSeries) -> Expr { s.terms.first ?? .zero }

    // MARK: - Powers

    private func power(_ node: Expr, base: TruncatedSeries, exponent: TruncatedSeries) throws(SeriesError) -> TruncatedSeries {
        guard isConstant(exponent) else {
            // b^g = exp(g·log(b)).
            let logBase = try compose(FunctionID.log, node: .apply(FunctionID.log, [node.children[0]]), base)
            return try compose(FunctionID.exp, node: node, .multiply(exponent, logBase, limit: limit))
        }
        let g = constantValue(exponent)
        guard let p = g.rationalValue else {
            let logBase = try compose(FunctionID.log, node: .apply(FunctionID.log, [node.children[0]]), base)
            return try compose(FunctionID.exp, node: node, logBase.scaled(by: g))
        }
        if p.isInteger, let n = p.intValue { return try integerPower(base, n, of: node) }
        return try rationalPower(base, p, of: node)
    }

    private func integerPower(_ base: TruncatedSeries, _ n: Int, of node: Expr) throws(SeriesError) -> TruncatedSeries {
        var b = n < 0 ? try reciprocal(base, of: node) : base
        var k = n.magnitude
        var result = TruncatedSeries.constant(.one)
        while k > 0 {
            if k & 1 == 1 { result = .multiply(result, b, limit: limit).normalized(limit: limit, normalize) }
            k >>= 1
            if k > 0 { b = .multiply(b, b, limit: limit).normalized(limit: limit, normalize) }
        }
        return result
    }

    /// 1/b = t^-v · (1/b0) · 1/(1 + r), by the recurrence d_n = -(1/b0)·Σ b_k d_(n-k).
    private func reciprocal(_ b: TruncatedSeries, of node: Expr) throws(SeriesError) -> TruncatedSeries {
        guard let v = b.valuation else { throw SeriesError("division by zero in \(node)") }
        if b.isZeroToKnownOrder {
            throw SeriesError("the divisor in \(node) is zero to the order computed", needsMoreTerms: true)
        }
        let b0 = b.coefficient(v)
        let inverse = normalize(.power(b0, .minusOne))
        let count: Int
        let precision: Int?
        if let p = b.precision {
            precision = min(p - 2 * v, limit)
            count = precision! + v
        } else if b.terms.count == 1 {
            return TruncatedSeries(low: -v, terms: [inverse], precision: nil)
        } else {
            precision = limit
            count = limit + v
        }
        var d: [Expr] = []
        for n in 0..<max(0, count) {
            if n == 0 { d.append(inverse); continue }
            var parts: [Expr] = []
            for k in 1...n where !b.coefficient(v + k).isZero && !d[n - k].isZero { parts.append(b.coefficient(v + k) * d[n - k]) }
            d.append(normalize(-inverse * .sum(parts)))
        }
        return TruncatedSeries(low: -v, terms: d, precision: precision)
    }

    /// b^p for a non-integer rational p: t^(v·p) · b0^p · (1 + r)^p by the binomial series.
    private func rationalPower(_ b: TruncatedSeries, _ p: Rational, of node: Expr) throws(SeriesError) -> TruncatedSeries {
        guard let v = b.valuation else { return TruncatedSeries(low: 0, terms: [], precision: nil) }
        if b.isZeroToKnownOrder {
            throw SeriesError("the base of \(node) is zero to the order computed", needsMoreTerms: true)
        }
        let shift = Rational(v) * p
        guard shift.isInteger, let vp = shift.intValue else {
            throw SeriesError("\(node) has no Taylor series here: its base vanishes to order \(v), and the power \(p) of that is a fractional power of the variable")
        }
        let b0 = b.coefficient(v)
        if b0.freeSymbols.isEmpty, b0.evaluate(at: [:]) < 0, p.denominator % 2 == 0 {
            throw SeriesError("\(node) is not real here: the base is negative near the point")
        }
        let scale = normalize(.power(b0, .number(p)))
        // r = b/(b0·t^v) - 1, which starts at t^1.
        let unit = b.shifted(by: -v).scaled(by: normalize(.power(b0, .minusOne)))
        let r = unit + .constant(.minusOne)
        var coefficients: [Expr] = []
        var binomial = Rational.one
        for k in 0..<max(1, limit - vp) {
            if k > 0 { binomial = binomial * (p - Rational(k - 1)) / Rational(k) }
            coefficients.append(.number(binomial))
        }
        return try substitute(coefficients, into: r).scaled(by: scale).shifted(by: vp)
    }

    // MARK: - Functions

    /// f(u0 + r) = Σ f^(k)(u0)/k! · r^k.
    private func compose(_ f: FunctionID, node: Expr, _ u: TruncatedSeries) throws(SeriesError) -> TruncatedSeries {
        if u.low < 0, u.terms.contains(where: { !$0.isZero }), (u.valuation ?? 0) < 0 {
            throw SeriesError("\(node) has no Taylor series here: its argument grows without bound near the point")
        }
        if let p = u.precision, p <= 0 {
            throw SeriesError("the argument of \(node) is not known to the order needed", needsMoreTerms: true)
        }
        let u0 = u.coefficient(0)
        let r = u + .constant(-u0)
        let y = Expr.symbol("y\u{2032}series")
        try checkSmooth(f, at: [u0], node: node)
        var derivative = Expr.apply(f, [y])
        var coefficients: [Expr] = []
        var factorial = Rational.one
        let terms = max(1, limit)
        for k in 0..<terms {
            if k > 0 {
                derivative = Simplifier().simplify(derivative.derivative(withRespectTo: y))
                factorial = factorial * Rational(k)
            }
            let value = normalize(derivative.substituting([y: u0]) * .number(factorial.reciprocal))
            if case .undefined = value.head { throw notAnalytic(f, node, u0, order: k) }
            // Beyond 1e12 is a pole that rounding moved off its exact place (sec(3*pi/2)).
            if value.freeSymbols.isEmpty, !(abs(value.evaluate(at: [:])) < 1e12) { throw notAnalytic(f, node, u0, order: k) }
            coefficients.append(value)
        }
        return try substitute(coefficients, into: r)
    }

    private func notAnalytic(_ f: FunctionID, _ node: Expr, _ u0: Expr, order k: Int) -> SeriesError {
        let what = k == 0 ? "\(f.name)(\(u0)) is not finite" : "the \(ordinal(k)) derivative of \(f.name) is not finite at \(u0)"
        return SeriesError("\(node) has no Taylor series here: \(what)")
    }

    /// A function with a documented kink (abs, relu, sign, heaviside) has no series where its
    /// derivative jumps.
    private func checkSmooth(_ f: FunctionID, at arguments: [Expr], node: Expr) throws(SeriesError) {
        guard f.spec.convention != nil else { return }
        let shown = arguments.map(\.description).joined(separator: ", ")
        guard arguments.allSatisfy({ $0.freeSymbols.isEmpty }) else {
            throw SeriesError("cannot tell whether \(node) is smooth at the point: \(f.name) has a kink, and its arguments there are \(shown)")
        }
        let values = arguments.map { $0.evaluate(at: [:]) }
        let names = values.indices.map { "y\($0)" }
        let partials = f.spec.partials(names.map(Expr.symbol))
        for i in values.indices {
            let step = 1e-7 * max(1, abs(values[i]))
            var below = values, above = values
            below[i] -= step
            above[i] += step
            func at(_ v: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(names, v).map { ($0, $1) }) }
            let jump = abs(partials[i].evaluate(at: at(below)) - partials[i].evaluate(at: at(above)))
            let gap = abs(f.spec.evaluate(below) - f.spec.evaluate(above))
            if jump > 1e-6 || gap > 1e-3 {
                throw SeriesError("\(node) has no Taylor series here: \(f.name) is not smooth at \(f.name)(\(shown)) (\(f.spec.convention!))")
            }
        }
    }

    /// Σ c_k · r^k for r starting at t^1 or later, truncated at the limit.
    private func substitute(_ coefficients: [Expr], into r: TruncatedSeries) throws(SeriesError) -> TruncatedSeries {
        guard let v = r.valuation else { return .constant(coefficients[0]) }
        if r.isZeroToKnownOrder, let p = r.precision {
            // r is only known to be O(t^p): so is everything after the constant term.
            return TruncatedSeries(low: 0, terms: [coefficients[0]], precision: min(p, limit))
        }
        precondition(v >= 1, "the argument's constant term was taken out")
        var sum = TruncatedSeries.constant(coefficients[0])
        var rk = TruncatedSeries.constant(.one)
        var k = 1
        while k < coefficients.count, k * v < limit {
            rk = TruncatedSeries.multiply(rk, r, limit: limit).normalized(limit: limit, normalize)
            if !coefficients[k].isZero { sum = sum + rk.scaled(by: coefficients[k]) }
            k += 1
        }
        sum.precision = minimum(sum.precision, limit)
        return sum
    }

    // MARK: - Fallback

    /// The coefficients of a node by differentiating it in t: d^k/dt^k at t = 0, over k!.
    private func byDerivatives(_ node: Expr) throws(SeriesError) -> TruncatedSeries {
        var g = node.substituting(substitution)
        var terms: [Expr] = []
        var factorial = Rational.one
        for k in 0..<max(1, limit) {
            if k > 0 {
                g = Simplifier().simplify(g.derivative(withRespectTo: Self.t))
                factorial = factorial * Rational(k)
            }
            let value = normalize(g.substituting([Self.t: .zero]) * .number(factorial.reciprocal))
            if case .undefined = value.head { throw SeriesError("\(node) has no Taylor series here: its \(ordinal(k)) derivative is undefined at the point") }
            let probe = Dictionary(uniqueKeysWithValues: value.freeSymbols.map { ($0, 0.7 + Double($0.count % 5) * 0.11) })
            if !value.evaluate(at: probe).isFinite {
                throw SeriesError("\(node) has no Taylor series here: its \(ordinal(k)) derivative is not finite at the point")
            }
            terms.append(value)
        }
        return TruncatedSeries(low: 0, terms: terms, precision: limit)
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, … for messages (`0th` for the value itself).
func ordinal(_ k: Int) -> String {
    let suffix = (k % 100 >= 11 && k % 100 <= 13) ? "th" : [1: "st", 2: "nd", 3: "rd"][k % 10] ?? "th"
    return "\(k)\(suffix)"
}
