import Expr

/// Roots of numbers: perfect powers pulled out, numeric square roots gathered under one radical.
extension SimplificationRule {
    /// Perfect powers leave a root of a number: `sqrt(8) = 2*sqrt(2)`, `12^(1/3)` stays,
    /// `24^(1/3) = 2*3^(1/3)`, `(9/8)^(1/2) = 3*sqrt(2)/4`.
    public static let radical = SimplificationRule(
        name: "radical", summary: "perfect powers taken out of roots of numbers", kinds: .powers, acceptance: .always
    ) { e in
        guard case .pow = e.head, let b = e.children[0].rationalValue, !b.isNegative,
              let r = e.children[1].rationalValue, !r.isInteger,
              let (n, d) = b.smallParts, let p = r.numerator.asInt, let q = r.denominator.asInt, q <= 12 else { return nil }
        let (s, restN) = perfectPowerPart(n, q)
        let (t, restD) = perfectPowerPart(d, q)
        guard s > 1 || t > 1, let outside = Rational(s, t).power(p) else { return nil }
        return .product([.number(outside), .power(.number(Rational(restN, restD)), .number(r))])
    }

    /// The number content of a sum or product under a square root taken out of it, and gathered
    /// with the numbers outside: `1/(3*sqrt(x^2/9 + 1)) = 1/sqrt(x^2 + 9)`,
    /// `7/(2*sqrt(7*x)) = sqrt(7)/(2*sqrt(x))`.
    public static let radicalContent = SimplificationRule(
        name: "radical-content", summary: "number content taken out of square roots", kinds: [.powers, .products]
    ) { e in
        var changed = false
        let factors: [Expr] = (e.isProduct ? e.children : [e]).map { f in
            guard let split = contentSplitRoot(f) else { return f }
            changed = true
            return split
        }
        guard changed else { return nil }
        let split = Expr.product([.number(e.isProduct ? e.coefficient : .one)] + factors)
        return oneRadical.apply(split) ?? split
    }

    /// The numeric coefficient and the square roots of numbers and of pi in a product, gathered
    /// into one: `sqrt(2)*x/(2*sqrt(pi))` is `x/sqrt(2*pi)`.
    public static let oneRadical = SimplificationRule(
        name: "one-radical", summary: "numeric factors gathered under one square root", kinds: .products
    ) { e in
        guard case let .mul(c) = e.head, e.children.contains(where: \.isSquareRootOfANumberOrPi) else { return nil }
        var radicals = 0
        var square = c * c
        var piPower = 0
        var rest: [Expr] = []
        for f in e.children {
            let (base, exponent) = f.asPower
            if let h = exponent.rationalValue, h.magnitude == .half {
                if let b = base.rationalValue, !b.isNegative {
                    square *= h.isNegative ? b.reciprocal : b
                    radicals += 1
                    continue
                }
                if base == .pi {
                    piPower += h.isNegative ? -1 : 1
                    radicals += 1
                    continue
                }
            }
            rest.append(f)
        }
        guard radicals >= 2 || (radicals == 1 && !c.magnitude.isOne), let (n, d) = square.smallParts else { return nil }
        let (s, top) = perfectPowerPart(n, 2)
        let (t, bottom) = perfectPowerPart(d, 2)
        let sign = Rational(c.isNegative ? -1 : 1)
        let inside = Expr.product([.number(Rational(top)), piPower > 0 ? .pi : .one])
        let under = Expr.product([.number(Rational(bottom)), piPower < 0 ? .pi : .one])
        return .product([.number(sign * Rational(s, t)), .power(inside, .half), .power(under, .number(-.half))] + rest)
    }
}

extension Expr {
    /// `sqrt(c)` or `1/sqrt(c)` for a number c or pi: what `one-radical` gathers.
    var isSquareRootOfANumberOrPi: Bool {
        guard case .pow = head, children[1].rationalValue?.magnitude == .half else { return false }
        return children[0].rationalValue != nil || children[0] == .pi
    }
}

/// `n` as `(s, rest)` with `n = s^q * rest` and `s` the largest q-th power root found by trial
/// division by the primes up to 1000 (enough for the numbers that print; a larger prime
/// factor stays inside).
func perfectPowerPart(_ n: Int, _ q: Int) -> (Int, Int) {
    guard n > 1, q >= 2 else { return (1, n) }
    var rest = n, outside = 1, inside = 1, p = 2
    while p <= 1000 && p * p <= rest {
        var count = 0
        while rest % p == 0 {
            rest /= p
            count += 1
        }
        for _ in 0..<(count / q) { outside *= p }
        for _ in 0..<(count % q) { inside *= p }
        p += p == 2 ? 1 : 2
    }
    return (outside, inside * rest)
}

/// `(g*u)^(±1/2)` as `g^(±1/2)*u^(±1/2)` for the positive number content g of a sum or product
/// u (`sqrt(4*x + 8) = 2*sqrt(x + 2)`); nil when there is none to take out.
private func contentSplitRoot(_ f: Expr) -> Expr? {
    guard case .pow = f.head, let k = f.children[1].rationalValue, k.magnitude == .half else { return nil }
    let base = f.children[0]
    let g: Rational
    switch base.head {
    case .add: g = rationalContent(base.termList.map(\.coefficient))
    case let .mul(c): g = c.magnitude
    default: return nil
    }
    guard !g.isOne, !g.isZero else { return nil }
    let primitive = Expr.product([.number(g.reciprocal), base])
    return .product([.power(.number(g), .number(k)), .power(primitive, .number(k))])
}
