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
        guard case .mul = e.head else { return e.hasAtanTanCall ? withoutAtanTan(e) : nil }
        guard e.children.contains(where: \.hasAtanTanCall) else { return nil }
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
        guard f == .tan || f == .cot || (f.hasPeriodTwoPi && n % 2 == 0) else { return nil }
        return .apply(f, [.product([.number(k), w])])
    case .pow:
        let (base, exponent) = e.asPower
        guard case let .function(f) = base.head, f.hasPeriodTwoPi,
              let n = exponent.rationalValue?.intValue, n % 2 == 0,
              let w = base.argument(of: f)?.argument(of: .atan)?.argument(of: .tan) else { return nil }
        return .power(.apply(f, [w]), exponent)
    default:
        return nil
    }
}

extension Expr {
    /// A cheap scan that allocates nothing: a call, or a power of one, whose argument is
    /// `atan(tan(w))` times a number. Most nodes fail it at the first test.
    fileprivate var hasAtanTanCall: Bool {
        let base: Expr
        if case .pow = head { base = children[0] } else { base = self }
        guard case .function = base.head, base.children.count == 1 else { return false }
        var argument = base.children[0]
        if case .mul = argument.head, argument.children.count == 1 { argument = argument.children[0] }
        return argument.argument(of: .atan)?.argument(of: .tan) != nil
    }
}

extension FunctionID {
    /// sin, cos, sec and csc: period 2*pi, so their even powers and their values at even
    /// multiples of an angle have period pi.
    fileprivate var hasPeriodTwoPi: Bool { self == .sin || self == .cos || self == .sec || self == .csc }
}
