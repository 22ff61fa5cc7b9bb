import Expr

/// Exponentials merged with logarithms, and the sign function met by its own argument.
extension SimplificationRule {
    /// `exp(a + k*log(b)) = b^k*exp(a)` for rational k: `exp(x + log(y))` is `y*exp(x)`.
    public static let expLog = SimplificationRule(
        name: "exp-log", summary: "exp(a + log(b)) = b*exp(a)", kinds: .calls
    ) { e in
        guard let u = e.argument(of: .exp) else { return nil }
        var kept: [Expr] = []
        var pulled: [Expr] = []
        for t in u.termList {
            let (k, rest) = t.splitCoefficient()
            if let b = rest.argument(of: .log) {
                pulled.append(.power(b, .number(k)))
            } else {
                kept.append(t)
            }
        }
        guard !pulled.isEmpty else { return nil }
        return .product(pulled + [.apply(.exp, [.sum(kept)])])
    }

    /// `u*sign(u) = abs(u)` and `abs(u)*sign(u) = u` inside a product (both hold at u = 0 too).
    public static let signAbs = SimplificationRule(
        name: "sign-abs", summary: "u*sign(u) = abs(u), abs(u)*sign(u) = u", kinds: .products
    ) { e in
        guard case .mul = e.head, let i = e.children.firstIndex(where: { $0.argument(of: .sign) != nil }) else { return nil }
        let u = e.children[i].children[0]
        var factors = e.children
        factors.remove(at: i)
        if let j = factors.firstIndex(of: .apply(.abs, [u])) {
            factors[j] = u
        } else if let j = factors.firstIndex(where: { $0.asPower.base == u && ($0.integerExponent ?? 0) > 0 }) {
            factors[j] = .product([.apply(.abs, [u]), .power(u, .integer(factors[j].integerExponent! - 1))])
        } else {
            return nil
        }
        return .product([.number(e.coefficient)] + factors)
    }
}
