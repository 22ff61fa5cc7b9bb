import Expr

/// Even powers of `csc` and `sec` written through `cot` and `tan` where the sum holds both, so
/// that the terms meet: `cot(u)^2 + csc(u)^2 = 2*cot(u)^2 + 1`.
extension SimplificationRule {
    /// `csc(u)^2 = 1 + cot(u)^2` and `sec(u)^2 = 1 + tan(u)^2` in every term of a sum that also
    /// holds `cot(u)` (`tan(u)`), the binomial multiplied out: the second derivative of `csc(x)` is
    /// `csc(x)*(2*cot(x)^2 + 1)`, the third of `cot(2*x)` is `-48*cot(2*x)^4 - 64*cot(2*x)^2 - 16`.
    /// Odd powers keep one factor (`csc(u)^3 = csc(u)*(1 + cot(u)^2)`). Bounded: sums of at most
    /// eight terms, powers up to the sixth.
    public static let reciprocalSquares = SimplificationRule(
        name: "reciprocal-squares", summary: "identity used: csc(u)^2 = 1 + cot(u)^2, sec(u)^2 = 1 + tan(u)^2", kinds: .sums
    ) { e in
        guard case .add = e.head, e.children.count <= 8, e.hasFactorCall(of: .csc, or: .sec) else { return nil }
        if e.hasFactorCall(of: .csc), e.hasFactorCall(of: .cot), let rewritten = throughPartner(e, .csc, .cot) { return rewritten }
        if e.hasFactorCall(of: .sec), e.hasFactorCall(of: .tan) { return throughPartner(e, .sec, .tan) }
        return nil
    }
}

/// `e` with each `reciprocal(u)^n` (n ≥ 2) in a term whose sum also holds `partner(u)^k` (k ≥ 2) replaced by
/// `reciprocal(u)^(n mod 2)*(1 + partner(u)^2)^(n div 2)`, that binomial multiplied out over the
/// rest of the term (one such power per term); nil when no term has one.
private func throughPartner(_ e: Expr, _ reciprocal: FunctionID, _ partner: FunctionID) -> Expr? {
    let terms = e.termList
    // The arguments u for which some term holds a power partner(u)^k, k ≥ 2: the powers the
    // binomial's terms can meet (a lone `cot(u)` next to `csc(u)^2` rarely gets shorter).
    var partnerArguments: [Expr] = []
    for t in terms {
        for f in t.factorList {
            guard case .pow = f.head, let k = f.children[1].rationalValue?.intValue, k >= 2,
                  let u = f.children[0].argument(of: partner), !partnerArguments.contains(u) else { continue }
            partnerArguments.append(u)
        }
    }
    if partnerArguments.isEmpty { return nil }
    var changed = false
    var out: [Expr] = []
    for t in terms {
        let factors = t.factorList
        guard let i = factors.firstIndex(where: { f in
            let (base, exponent) = f.asPower
            guard let u = base.argument(of: reciprocal), partnerArguments.contains(u),
                  let n = exponent.rationalValue?.intValue else { return false }
            return n >= 2 && n <= 6
        }) else {
            out.append(t)
            continue
        }
        let (base, exponent) = factors[i].asPower
        let n = exponent.rationalValue!.intValue!
        var rest = factors
        rest[i] = .power(base, .integer(n % 2))
        let restProduct = Expr.product([.number(t.coefficient)] + rest)
        // (1 + p^2)^k multiplied out by the binomial theorem; the rest of the term stays as it is.
        let k = n / 2
        var binomial = 1
        for j in 0...k {
            out.append(.product([.integer(binomial), restProduct, .power(.apply(partner, [base.children[0]]), .integer(2 * j))]))
            binomial = binomial * (k - j) / (j + 1)
        }
        changed = true
    }
    return changed ? .sum(out) : nil
}
