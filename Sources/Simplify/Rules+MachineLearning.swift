import Expr

/// The forms a machine-learning course writes: sigmoid and softplus recognised in their
/// exponential forms, and polynomials in `sigmoid(u)` or `tanh(u)` factored into the
/// `σ(1 - σ)` and `1 - tanh²` families their derivatives belong to.
extension SimplificationRule {
    /// `1/(1 + exp(-u)) = sigmoid(u)`, `exp(u)/(exp(u) + 1) = sigmoid(u)`, and in a product
    /// `exp(-u)*sigmoid(u) = sigmoid(-u) = 1 - sigmoid(u)`: `exp(-x)/(exp(-x) + 1)^2` is
    /// `sigmoid(x)*(1 - sigmoid(x))`. Of `sigmoid(u)` and `sigmoid(-u)` met together, the one
    /// whose argument reads positive is kept and the other written `1 - sigmoid(u)`. A
    /// readability rule: kept when no larger.
    public static let sigmoid = SimplificationRule(
        name: "sigmoid", summary: "1/(1 + exp(-u)) = sigmoid(u), exp(u)/(exp(u) + 1) = sigmoid(u)",
        kinds: [.products, .powers], acceptance: .notLarger
    ) { e in
        if case .pow = e.head {
            guard let (scale, s) = sigmoidPower(e) else { return nil }
            return .product([.number(scale), s])
        }
        guard e.hasFactorCall(of: .sigmoid, or: .exp) || e.children.contains(where: { sigmoidPower($0) != nil }) else { return nil }
        var coefficient = e.coefficient
        var factors = e.children
        var changed = false
        for i in factors.indices {
            guard let (scale, s) = sigmoidPower(factors[i]) else { continue }
            factors[i] = s
            coefficient *= scale
            changed = true
        }
        // exp(-j*q)*sigmoid(q)^k = sigmoid(-q)^j*sigmoid(q)^(k-j): exp(-q)/(1 + exp(-q)) = 1/(exp(q) + 1).
        if let i = factors.firstIndex(where: { $0.argument(of: .exp) != nil }) {
            let w = factors[i].children[0]
            for (j, f) in factors.enumerated() where j != i {
                guard let q = f.asPower.base.argument(of: .sigmoid), let k = f.integerExponent, k > 0 else { continue }
                guard let m = (1...Swift.min(k, 4)).first(where: { Expr.sum([w, .product([.integer($0), q])]).isZero }) else { continue }
                factors[i] = .one
                factors[j] = .product([.power(f.asPower.base, .integer(k - m)), .power(.apply(.sigmoid, [-q]), .integer(m))])
                changed = true
                break
            }
        }
        guard changed else { return nil }
        let p = Expr.product([.number(coefficient)] + factors)
        guard case let .mul(c) = p.head else { return p }
        return .product([.number(c)] + complementedSigmoids(p.children))
    }

    /// `log(exp(u) + 1) = softplus(u)`.
    public static let softplus = SimplificationRule(name: "softplus", summary: "log(1 + exp(u)) = softplus(u)", kinds: .calls) { e in
        guard let u = e.argument(of: .log), case let .add(c) = u.head, c.isOne, u.children.count == 1,
              let v = u.children[0].argument(of: .exp) else { return nil }
        return .apply(.softplus, [v])
    }

    /// A polynomial in `sigmoid(u)` that vanishes at 0 or 1 written with the factors `sigmoid(u)`
    /// and `1 - sigmoid(u)`: `sigmoid(x)*(2*sigmoid(x)^2 - 3*sigmoid(x) + 1)` is
    /// `sigmoid(x)*(1 - sigmoid(x))*(1 - 2*sigmoid(x))`. A readability rule (`Acceptance.readable`).
    public static let sigmoidFamily = SimplificationRule(
        name: "sigmoid-family", summary: "sigmoid(u) and 1 - sigmoid(u) factored out", kinds: [.sums, .products], acceptance: .readable
    ) { e in
        familyFactored(e, .sigmoid)
    }

    /// A polynomial in `tanh(u)` that vanishes at 1 and -1 written with the factor
    /// `1 - tanh(u)^2`: `8*tanh(x)*(tanh(x)^2 - 1)` is `-8*tanh(x)*(1 - tanh(x)^2)`, and
    /// `-6*tanh(x)^4 + 8*tanh(x)^2 - 2` is `-2*(1 - tanh(x)^2)*(1 - 3*tanh(x)^2)`. A readability
    /// rule (`Acceptance.readable`).
    public static let tanhFamily = SimplificationRule(
        name: "tanh-family", summary: "1 - tanh(u)^2 factored out", kinds: [.sums, .products], acceptance: .readable
    ) { e in
        familyFactored(e, .tanh)
    }
}

/// `(c*exp(v) + c)^-k` as `(c^-k, sigmoid(-v)^k)`, or nil for any other node.
func sigmoidPower(_ e: Expr) -> (Rational, Expr)? {
    guard case .pow = e.head, let n = e.children[1].rationalValue?.intValue, n < 0,
          case let .add(c) = e.children[0].head, e.children[0].children.count == 1 else { return nil }
    let t = e.children[0].children[0]
    let (a, rest) = t.splitCoefficient()
    guard a == c, let v = rest.argument(of: .exp), let scale = c.power(n) else { return nil }
    return (scale, .power(.apply(.sigmoid, [-v]), .integer(-n)))
}

/// `factors` with `sigmoid(-p)` written `1 - sigmoid(p)` wherever `sigmoid(p)` is a factor too
/// and `p` is the argument that reads positive.
private func complementedSigmoids(_ factors: [Expr]) -> [Expr] {
    let arguments = factors.compactMap { $0.asPower.base.argument(of: .sigmoid) }
    guard arguments.count >= 2 else { return factors }
    return factors.map { f in
        guard let q = f.asPower.base.argument(of: .sigmoid), q.readsNegated, arguments.contains(-q) else { return f }
        return .power(.sum([.one, -Expr.apply(.sigmoid, [-q])]), f.asPower.exponent)
    }
}

/// The sigmoid or tanh family's factorization of a sum, or of the sum factors of a product.
private func familyFactored(_ e: Expr, _ f: FunctionID) -> Expr? {
    switch e.head {
    case .add:
        guard e.hasFactorCall(of: f) else { return nil }
        return factoredInFamily(e, f)
    case .mul:
        var changed = false
        var factors: [Expr] = [.number(e.coefficient)]
        for g in e.children {
            if case .add = g.head, !g.isFamilyFactor, g.hasFactorCall(of: f), let h = factoredInFamily(g, f) {
                factors.append(h)
                changed = true
            } else {
                factors.append(g)
            }
        }
        return changed ? heldProduct(factors) : nil
    default:
        return nil
    }
}

/// `sum` read as a polynomial in `f(u)` for some `u`, with the family's factors taken out:
/// `s^a*(1 - s)^b*Q(s)` for sigmoid, `t^a*(1 - t^2)^b*Q(t)` for tanh (b ≥ 1); nil when no such
/// factor divides it. Terms with powers of sums hide the polynomial (`(t^2 - 1)^2 - t^2*(1 - t^2)`,
/// what repeated differentiation builds): such a sum is read again multiplied out.
private func factoredInFamily(_ sum: Expr, _ f: FunctionID) -> Expr? {
    let calls = FamilyProbe.candidates(sum, f)
    if calls.isEmpty { return nil }
    if let factored = factoredAsWritten(sum, f, calls) { return factored }
    guard sum.node.treeSize <= FamilyPolynomial.maximumExpandedTerms * 4,
          sum.termList.contains(where: { $0.factorList.contains { $0.asPower.base.isSum } }),
          let expanded = try? sum.expanded(maximumTerms: FamilyPolynomial.maximumExpandedTerms),
          expanded != sum, expanded.isSum else { return nil }
    return factoredAsWritten(expanded, f, calls)
}

/// The first of `calls` whose family factor divides `sum` as its terms are written.
private func factoredAsWritten(_ sum: Expr, _ f: FunctionID, _ calls: [Expr]) -> Expr? {
    var tried: [Expr] = []
    for t in sum.termList {
        for g in t.factorList {
            let s = g.asPower.base
            guard s.argument(of: f) != nil, calls.contains(s), !tried.contains(s) else { continue }
            tried.append(s)
            if let factored = FamilyPolynomial(sum, in: s)?.factored(tanh: f == .tanh) { return factored }
        }
    }
    return nil
}

/// A sum as a polynomial in one expression `s`, with expression coefficients.
private struct FamilyPolynomial {
    let s: Expr
    /// coefficients[k] multiplies s^k.
    var coefficients: [Expr]

    static let maximumDegree = 8
    /// Sums that multiply out to more terms than this are not read again.
    static let maximumExpandedTerms = 32

    init?(_ sum: Expr, in s: Expr) {
        self.s = s
        var parts: [[Expr]] = []
        for t in sum.termList {
            var k = 0
            var rest: [Expr] = [.number(t.coefficient)]
            for g in t.factorList {
                if g.asPower.base == s {
                    guard let n = g.integerExponent, n > 0, n <= FamilyPolynomial.maximumDegree else { return nil }
                    k = n
                } else {
                    rest.append(g)
                }
            }
            while parts.count <= k { parts.append([]) }
            parts[k].append(.product(rest))
        }
        coefficients = parts.map { Expr.sum($0) }
    }

    /// The value at `s = x` for x = 1 or -1 (as expressions, so symbolic coefficients cancel
    /// only when they are equal).
    func value(at x: Int) -> Expr {
        .sum(coefficients.enumerated().map { k, c in k % 2 == 1 && x < 0 ? -c : c })
    }

    /// The quotient by `s - r` (r = 1 or -1), synthetic division; the remainder must be zero.
    func divided(byRoot r: Int) -> FamilyPolynomial {
        var q = self
        let n = coefficients.count - 1
        var b = [Expr](repeating: .zero, count: n)
        var carry = Expr.zero
        for i in stride(from: n, through: 1, by: -1) {
            carry = .sum([coefficients[i], r > 0 ? carry : -carry])
            b[i - 1] = carry
        }
        q.coefficients = b
        return q
    }

    var expression: Expr {
        .sum(coefficients.enumerated().map { k, c in .product([c, .power(s, .integer(k))]) })
    }

    /// `s^a*(1 - s)^b*Q` (sigmoid) or `s^a*(1 - s^2)^b*Q` (tanh) with b ≥ 1, else nil.
    func factored(tanh: Bool) -> Expr? {
        var p = self
        var a = 0
        while p.coefficients.count > 1 && p.coefficients[0].isZero {
            p.coefficients.removeFirst()
            a += 1
        }
        var b = 0
        while p.coefficients.count > (tanh ? 2 : 1) && p.value(at: 1).isZero && (!tanh || p.value(at: -1).isZero) {
            p = p.divided(byRoot: 1)
            if tanh { p = p.divided(byRoot: -1) }
            b += 1
        }
        guard b > 0 else { return nil }
        // (s - 1)^b = (-1)^b*(1 - s)^b, and (s^2 - 1)^b likewise. A quotient that is a sum
        // gives its number content to the coefficient and reads with its constant positive
        // (`-2*(1 - 3*t^2)` rather than `(6*t^2 - 2)`), as the family factor does.
        var quotient = p.expression
        var scale = Rational(b % 2 == 0 ? 1 : -1)
        if quotient.isSum {
            if let (g, primitive) = primitivePart(quotient) {
                scale *= g
                quotient = primitive
            }
            if case let .add(c) = quotient.head, c.isNegative {
                scale = -scale
                quotient = -quotient
            }
        }
        let family: Expr = .sum([.one, -(.power(s, .integer(tanh ? 2 : 1)))])
        return heldProduct([.number(scale), .power(s, .integer(a)), .power(family, .integer(b)), quotient])
    }
}

extension Expr {
    /// `1 - s` or `1 - s^2`: a factor of the families already, nothing to factor in it.
    var isFamilyFactor: Bool {
        guard case let .add(c) = head, c.isOne, children.count == 1, children[0].coefficient.isMinusOne else { return false }
        let rest = children[0].factorList
        return rest.count == 1 && (rest[0].integerExponent ?? 0) <= 2
    }
}
