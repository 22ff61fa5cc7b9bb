import Expr

/// Trigonometric functions of `atan`: `atan(tan(w))` differs from `w` by a multiple of pi, and
/// `sin(2*atan(v))` is the rational `2*v/(1 + v^2)`.
extension SimplificationRule {
    /// `atan(tan(w))` is `w` up to a multiple of pi, so a function of period pi does not see the
    /// difference: `sin(2*atan(tan(x))) = sin(2*x)`, `cos(atan(tan(x)))^2 = cos(x)^2`,
    /// `tan(atan(tan(x))) = tan(x)`. `sin(atan(tan(x)))` alone has period 2*pi and stays.
    public static let periodicAtanTan = SimplificationRule(
        name: "periodic-atan-tan", summary: "atan(tan(w)) = w up to a multiple of pi, under a function of period pi", kinds: [.calls, .powers, .products]
    ) { e in
        guard case .mul = e.head else { return withoutAtanTan(e) }
        // `double-angle` builds `sin(2*atan(tan(x)))` inside a product whose factors were done.
        var changed = false
        let factors = e.children.map { f in
            guard let g = withoutAtanTan(f) else { return f }
            changed = true
            return g
        }
        return changed ? .product([.number(e.coefficient)] + factors) : nil
    }

    /// `sin(2*atan(v)) = 2*v/(1 + v^2)` in a product that already divides by a power of
    /// `1 + v^2`, where the two meet: the derivative of `sin(atan(u))^2`.
    public static let doubleAngleAtan = SimplificationRule(
        name: "double-angle-atan", summary: "identity used: sin(2*atan(v)) = 2*v/(1 + v^2)", kinds: .products
    ) { e in
        guard case .mul = e.head else { return nil }
        for (i, f) in e.children.enumerated() {
            guard let argument = f.argument(of: .sin) else { continue }
            let (k, inner) = argument.splitCoefficient()
            guard k == Rational(2), let v = inner.argument(of: .atan) else { continue }
            let onePlusSquare = Expr.sum([.one, .power(v, .two)])
            guard e.children.contains(where: { $0.asPower.base == onePlusSquare }) else { continue }
            var rest = e.children
            rest.remove(at: i)
            return .product([.number(e.coefficient), .two, v, .power(onePlusSquare, .minusOne)] + rest)
        }
        return nil
    }
}

/// `f(k*atan(tan(w)))` as `f(k*w)` where f has period pi there (tan, cot; sin, cos, sec, csc with
/// k even), and `f(atan(tan(w)))^n` as `f(w)^n` for n even; nil for anything else.
private func withoutAtanTan(_ e: Expr) -> Expr? {
    switch e.head {
    case let .function(f):
        guard e.children.count == 1 else { return nil }
        let (k, inner) = e.children[0].splitCoefficient()
        guard let w = inner.argument(of: .atan)?.argument(of: .tan), let n = k.intValue else { return nil }
        guard [FunctionID.tan, .cot].contains(f) || ([FunctionID.sin, .cos, .sec, .csc].contains(f) && n % 2 == 0) else { return nil }
        return .apply(f, [.product([.number(k), w])])
    case .pow:
        let (base, exponent) = e.asPower
        guard case let .function(f) = base.head, [FunctionID.sin, .cos, .sec, .csc].contains(f),
              let n = exponent.rationalValue?.intValue, n % 2 == 0,
              let w = base.argument(of: f)?.argument(of: .atan)?.argument(of: .tan) else { return nil }
        return .power(.apply(f, [w]), exponent)
    default:
        return nil
    }
}
