import Expr

/// Trigonometric and hyperbolic forms: quotients named (`tan`, `tanh`), hyperbolic sums and
/// differences as exponentials, exact values at rational multiples of pi.
extension SimplificationRule {
    /// `sin(u)/cos(u) = tan(u)` and `cos(u)/sin(u) = cot(u)` inside a product, power by power:
    /// `sin(x)^3/cos(x)^2 = sin(x)*tan(x)^2`; likewise `csc(u)/cot(u) = sec(u)` and
    /// `sec(u)/tan(u) = csc(u)`.
    public static let sinOverCos = SimplificationRule(
        name: "sin-over-cos", summary: "sin(u)/cos(u) = tan(u), cos(u)/sin(u) = cot(u), csc(u)/cot(u) = sec(u), sec(u)/tan(u) = csc(u)", kinds: .products
    ) { e in
        namedQuotients(e, [(.sin, .cos, .tan), (.cos, .sin, .cot), (.csc, .cot, .sec), (.sec, .tan, .csc)])
    }

    /// `sinh(u)/cosh(u) = tanh(u)` (and `cosh(u)/sinh(u) = 1/tanh(u)`) inside a product.
    public static let sinhOverCosh = SimplificationRule(
        name: "sinh-over-cosh", summary: "sinh(u)/cosh(u) = tanh(u)", kinds: .products
    ) { e in
        namedQuotients(e, [(.sinh, .cosh, .tanh), (.cosh, .sinh, nil)])
    }

    /// `cosh(u) + sinh(u) = exp(u)` and `cosh(u) - sinh(u) = exp(-u)` between two terms of a
    /// sum that agree otherwise: `x*cosh(x) - x*sinh(x) = x*exp(-x)`.
    public static let hyperbolicExponential = SimplificationRule(
        name: "hyperbolic-exp", summary: "cosh(u) + sinh(u) = exp(u), cosh(u) - sinh(u) = exp(-u)", kinds: .sums
    ) { e in
        guard e.hasFactorCall(of: .cosh), e.hasFactorCall(of: .sinh) else { return nil }
        var terms = e.termList
        for i in terms.indices {
            guard let (u, rest) = withoutFactor(terms[i], .cosh) else { continue }
            let partner = Expr.product([rest, .apply(.sinh, [u])])
            for j in terms.indices where j != i {
                let sign: Expr
                if terms[j] == partner { sign = .one } else if terms[j] == -partner { sign = .minusOne } else { continue }
                terms[i] = .product([rest, .apply(.exp, [.product([sign, u])])])
                terms.remove(at: j)
                return .sum(terms)
            }
        }
        return nil
    }

    /// `1 - tanh(u)^2 = 1/cosh(u)^2` as a factor of a product with other factors, none of them
    /// `tanh(u)`: `2*x*(1 - tanh(x^2)^2)` is `2*x/cosh(x^2)^2`, the chain rule's form in a table
    /// of derivatives. Alone (`1 - tanh(x)^2`, `-2*(1 - tanh(x)^2)^2`) or beside a polynomial in
    /// a tanh (`-2*tanh(x)*(1 - tanh(x)^2)`) the factor stays, as the `1 - tanh²` family writes it.
    public static let sechSquared = SimplificationRule(
        name: "sech-squared", summary: "1 - tanh(u)^2 = 1/cosh(u)^2", kinds: .products
    ) { e in
        guard case .mul = e.head, e.children.count >= 2 else { return nil }
        var factors = e.children
        var changed = false
        for i in factors.indices {
            let (base, exponent) = factors[i].asPower
            // A factor that is, or is a polynomial in, a tanh makes the product the family's.
            guard let u = base.oneMinusTanhSquaredArgument else { continue }
            let t = Expr.apply(.tanh, [u])
            guard !factors.contains(where: { f in
                f.asPower.base != base && f.asPower.base.termList.contains { $0.factorList.contains { $0.asPower.base == t } }
            }) else { continue }
            factors[i] = .power(.apply(.cosh, [u]), .product([.integer(-2), exponent]))
            changed = true
        }
        return changed ? .product([.number(e.coefficient)] + factors) : nil
    }

    /// Exact values of the trigonometric functions at rational multiples of pi whose
    /// denominator divides 12 and gives a value in square roots of 2 and 3 (multiples of pi/4
    /// and pi/6): `sin(pi/6) = 1/2`, `cos(pi/4) = sqrt(2)/2`, `tan(pi/3) = sqrt(3)`.
    public static let exactValues = SimplificationRule(
        name: "exact-value", summary: "exact values at multiples of pi/4 and pi/6", kinds: .calls, acceptance: .always
    ) { e in
        guard case let .function(f) = e.head, e.children.count == 1, let sixths = quarterOrSixthTurn(e.children[0]) else { return nil }
        return exactTrigonometricValue(f, twelfths: sixths)
    }
}

/// For each (numerator function, denominator function, quotient function), `num(u)^a*den(u)^-b`
/// with a, b > 0 becomes `quot(u)^m` times what is left (m = min(a, b)); a nil quotient
/// function is written `1/quot'(u)` for the first pair's function.
private func namedQuotients(_ e: Expr, _ pairs: [(FunctionID, FunctionID, FunctionID?)]) -> Expr? {
    guard case .mul = e.head else { return nil }
    // Every quotient needs a call below the line: one scan before any pair is tried.
    let below: [FunctionID] = e.children.compactMap { f in
        guard case .pow = f.head, case let .function(g) = f.children[0].head,
              f.children[1].rationalValue?.isNegative ?? false else { return nil }
        return g
    }
    if below.isEmpty { return nil }
    var factors = e.children
    var changed = false
    for (top, bottom, quotient) in pairs where below.contains(bottom) {
        for i in factors.indices {
            guard let u = factors[i].asPower.base.argument(of: top), let a = factors[i].integerExponent, a > 0 else { continue }
            guard let j = factors.firstIndex(where: { $0.asPower.base.argument(of: bottom) == u && ($0.integerExponent ?? 0) < 0 }),
                  let b = factors[j].integerExponent.map({ -$0 }) else { continue }
            let m = min(a, b)
            let named: Expr = quotient.map { .power(.apply($0, [u]), .integer(m)) } ?? .power(.apply(pairs[0].2!, [u]), .integer(-m))
            factors[i] = .power(.apply(top, [u]), .integer(a - m))
            factors[j] = .product([.power(.apply(bottom, [u]), .integer(m - b)), named])
            changed = true
        }
    }
    return changed ? .product([.number(e.coefficient)] + factors) : nil
}

/// `term` as `(u, rest)` when it is `rest * f(u)` with `f(u)` to the first power.
func withoutFactor(_ term: Expr, _ f: FunctionID) -> (Expr, Expr)? {
    let factors = term.factorList
    guard let i = factors.firstIndex(where: { $0.argument(of: f) != nil }) else { return nil }
    var rest = factors
    rest.remove(at: i)
    return (factors[i].children[0], .product([.number(term.coefficient)] + rest))
}

/// `u = k*pi/12` with k a multiple of 2 or 3 (a multiple of pi/6 or pi/4): k mod 24.
private func quarterOrSixthTurn(_ u: Expr) -> Int? {
    let r: Rational
    if u == .pi {
        r = .one
    } else if case let .mul(c) = u.head, u.children == [.pi] {
        r = c
    } else {
        return nil
    }
    guard let k = (r * Rational(12)).intValue, k % 2 == 0 || k % 3 == 0 else { return nil }
    return ((k % 24) + 24) % 24
}

/// sin(k*pi/12) for k a multiple of 2 or 3, as an exact expression.
private func exactSine(twelfths k: Int) -> Expr {
    let k = ((k % 24) + 24) % 24
    if k >= 12 { return -exactSine(twelfths: k - 12) }
    if k > 6 { return exactSine(twelfths: 12 - k) }
    switch k {
    case 0: return .zero
    case 2: return .half
    case 3: return .product([.half, .power(.two, .half)])
    case 4: return .product([.half, .power(.integer(3), .half)])
    default: return .one   // 6: pi/2
    }
}

/// The exact value of `f(k*pi/12)` for the six trigonometric functions, or nil where it is
/// undefined (tan(pi/2)) or `f` is another function.
private func exactTrigonometricValue(_ f: FunctionID, twelfths k: Int) -> Expr? {
    let sine = exactSine(twelfths: k)
    let cosine = exactSine(twelfths: k + 6)
    func quotient(_ a: Expr, _ b: Expr) -> Expr? { b.isZero ? nil : a / b }
    switch f {
    case .sin: return sine
    case .cos: return cosine
    case .tan: return quotient(sine, cosine)
    case .cot: return quotient(cosine, sine)
    case .sec: return quotient(.one, cosine)
    case .csc: return quotient(.one, sine)
    default: return nil
    }
}

extension Expr {
    /// `u` when `self` is `1 - tanh(u)^2`.
    var oneMinusTanhSquaredArgument: Expr? {
        guard case let .add(c) = head, c.isOne, children.count == 1, children[0].coefficient.isMinusOne else { return nil }
        let square = children[0].factorList
        guard square.count == 1, square[0].integerExponent == 2 else { return nil }
        return square[0].asPower.base.argument(of: .tanh)
    }
}
