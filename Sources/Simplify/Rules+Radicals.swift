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

    /// The numeric coefficient and the square roots of numbers and of pi in a product, gathered
    /// into one: `sqrt(2)*x/(2*sqrt(pi))` is `x/sqrt(2*pi)`.
    public static let oneRadical = SimplificationRule(
        name: "one-radical", summary: "numeric factors gathered under one square root", kinds: .products
    ) { e in
        guard case let .mul(c) = e.head else { return nil }
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
