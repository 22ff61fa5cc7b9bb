import Expr

/// Rational normalization through the polynomial kernel: a node read as a quotient of
/// polynomials over its generators (`RationalExpression`), cancelled, and written with its
/// numerator multiplied out over its denominator's factors. Tried only where a fraction has a
/// sum below the line, and within `Simplifier.rationalLimits`, so it stays cheap and bounded.
extension SimplificationRule {
    /// A fraction inside a fraction written as one: `1/(1/x + 1/y) = x*y/(x + y)`. A
    /// readability rule: kept when no larger.
    public static let compoundFraction = SimplificationRule(
        name: "compound-fraction", summary: "a fraction inside a fraction written as one fraction",
        kinds: [.powers, .products], acceptance: .notLarger
    ) { e in
        guard e.isCompoundFraction || (e.isProduct && e.children.contains(where: \.isCompoundFraction)) else { return nil }
        return normalizedFraction(e)
    }

    /// Fractions with sums below the line over one common denominator, cancelled:
    /// `1/(x - 1) - 2/(x^2 - 1) = 1/(x + 1)`.
    public static let together = SimplificationRule(
        name: "together", summary: "fractions over a common denominator, common factors cancelled", kinds: .sums
    ) { e in
        guard e.children.filter(\.hasSumBelowTheLine).count >= 2 else { return nil }
        return normalizedFraction(e)
    }

    /// The fractions of a sum that share a sum below the line put over it, the other terms left:
    /// `1/(x - 2) - x/(x - 2)^2 + 3 = 3 - 2/(x - 2)^2`. What `together` gives when the terms
    /// without that denominator would only lengthen the numerator.
    public static let togetherFractions = SimplificationRule(
        name: "together-fractions", summary: "fractions with a common denominator combined, other terms left", kinds: .sums
    ) { e in
        guard case .add = e.head else { return nil }
        // Terms grouped by their first sum below the line.
        var groups: [Expr: [Int]] = [:]
        var order: [Expr] = []
        for (i, t) in e.children.enumerated() {
            guard let below = t.factorList.first(where: \.isSumDenominator)?.children[0] else { continue }
            if groups[below] == nil { order.append(below) }
            groups[below, default: []].append(i)
        }
        let combined = order.map { groups[$0]! }.filter { $0.count >= 2 }
        // With every term in one group, this is `together`.
        guard !combined.isEmpty, combined.map(\.count).reduce(0, +) < e.children.count || e.isConstantSum else { return nil }
        var terms = e.children
        var replaced = Set<Int>()
        for group in combined {
            guard let fraction = normalizedFraction(.sum(group.map { e.children[$0] })) else { continue }
            terms[group[0]] = fraction
            replaced.formUnion(group.dropFirst())
        }
        guard !replaced.isEmpty else { return nil }
        let kept = terms.enumerated().filter { !replaced.contains($0.offset) }.map(\.element)
        if case let .add(c) = e.head { return .sum(kept + [.number(c)]) }
        return nil
    }

    /// Common factors of numerator and denominator cancelled: `(x^2 - 1)/(x - 1) = x + 1`,
    /// `exp(-a)*(exp(a + b) + exp(a + c))/(exp(a) + exp(b) + exp(c)) = (exp(b) + exp(c))/(…)`.
    public static let cancel = SimplificationRule(
        name: "cancel", summary: "common factors of numerator and denominator cancelled", kinds: .products
    ) { e in
        guard e.mayCancel else { return nil }
        return normalizedFraction(e)
    }
}

extension SimplificationRule {
    /// The names of the rules that put fractions over cleared, cancelled denominators.
    static let rationalNormalization: Set<String> = [compoundFraction.name, together.name, togetherFractions.name, cancel.name]
}

extension Simplifier {
    /// The bounds of one rational normalization inside simplification: small, since it is tried
    /// at every node that might gain from it.
    static let rationalLimits = PolynomialLimits(maximumTerms: 100, maximumGenerators: 16)
}

/// `e` as one cancelled fraction, numerator multiplied out over the denominator's factors;
/// nil when a limit is reached.
func normalizedFraction(_ e: Expr) -> Expr? {
    do throws(PolynomialError) {
        var r = try RationalExpression(e, limits: Simplifier.rationalLimits)
        try r.cancel()
        return r.factoredDenominatorExpression
    } catch {
        return nil
    }
}

extension Expr {
    /// A negative integer power of a sum: a sum below the line.
    var isSumDenominator: Bool {
        guard case .pow = head, children[0].isSum, let k = children[1].rationalValue?.intValue else { return false }
        return k < 0
    }

    /// A sum with a nonzero constant term (`x + 3`).
    var isConstantSum: Bool {
        if case let .add(c) = head { return !c.isZero }
        return false
    }

    /// A term with a sum below the line (`x/(x + 1)`, `1/(x + 1)^2`).
    var hasSumBelowTheLine: Bool { factorList.contains(where: \.isSumDenominator) }

    /// `1/(a + b/c)`: a sum below the line that holds a fraction itself.
    var isCompoundFraction: Bool {
        guard isSumDenominator else { return false }
        return children[0].children.contains { t in
            t.factorList.contains { ($0.asPower.exponent.rationalValue?.isNegative ?? false) }
        }
    }

    /// A product where a factor above the line may share a divisor with a sum below it: another
    /// sum, a factor of one of the sum's terms, or an exponential beside exponentials.
    var mayCancel: Bool {
        guard case .mul = head else { return false }
        guard let below = children.first(where: \.isSumDenominator)?.children[0] else { return false }
        var parts: [Expr] = []
        var exponentials = false
        for t in below.children {
            for f in t.factorList {
                let b = f.asPower.base
                if b.argument(of: .exp) != nil { exponentials = true } else { parts.append(b) }
            }
        }
        return children.contains { f in
            let (b, k) = f.asPower
            guard k.rationalValue.map({ !$0.isNegative }) ?? true else { return false }
            return b.isSum || parts.contains(b) || (exponentials && b.argument(of: .exp) != nil)
        }
    }
}
