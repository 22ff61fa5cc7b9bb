import Expr

/// Rational normalization of expressions through the polynomial kernel. Each reads the
/// expression as a quotient of polynomials over its generators (`RationalExpression`: symbols,
/// calls and other powers, with `exp` of a sum split into factors), at the top level only
/// (function arguments are left as they are, as in SymPy), and throws a `PolynomialError` when
/// a limit is reached or a denominator multiplies out to zero.
extension Expr {
    /// `p/q` in lowest terms, numerator and denominator multiplied out with integer
    /// coefficients and the denominator's leading coefficient positive, a rational factor in
    /// front: `(x^2 - 1)/(x - 1)` is `x + 1`, `(2*x + 4)/(6*x^2)` is `(x + 2)/(3*x^2)`.
    public func cancelled(limits: PolynomialLimits = PolynomialLimits()) throws(PolynomialError) -> Expr {
        if head == .undefined { return self }
        var r = try RationalExpression(self, limits: limits)
        try r.cancel()
        return try r.quotientExpression()
    }

    /// One fraction over a common denominator, the numerator multiplied out and the
    /// denominator a product of powers of the distinct denominators met (no cancellation
    /// beyond that): `1/x + 1/y` is `(x + y)/(x*y)`.
    public func together(limits: PolynomialLimits = PolynomialLimits()) throws(PolynomialError) -> Expr {
        if head == .undefined { return self }
        return try RationalExpression(self, limits: limits).factoredDenominatorExpression
    }

    /// The cancelled form with numerator and denominator factored: numeric content, powers of
    /// generators, square-free factors and, in one variable, the linear factors of rational
    /// roots: `2*x^3 - 2*x` is `2*x*(x - 1)*(x + 1)`. Not a factorization into irreducibles.
    public func factored(limits: PolynomialLimits = PolynomialLimits()) throws(PolynomialError) -> Expr {
        if head == .undefined { return self }
        var r = try RationalExpression(self, limits: limits)
        try r.cancel()
        let top = try r.numerator.factorization(&r.budget)
        var content = top.content
        var factors: [(Expr, Int)] = top.factors.map { ($0.polynomial.expression(generators: r.generators), $0.multiplicity) }
        for (d, k) in r.denominatorFactors {
            let bottom = try d.factorization(&r.budget)
            content = content / Polynomial.slowPower(bottom.content, k)
            factors += bottom.factors.map { ($0.polynomial.expression(generators: r.generators), -$0.multiplicity * k) }
        }
        if factors.isEmpty { return .number(content) }
        if factors.count == 1, factors[0].1 == 1, factors[0].0.isSum {
            // c*(sum) held as a product: the canonical constructor would distribute it.
            return .scaledSum(factors[0].0, by: content)
        }
        return .product([.number(content)] + factors.map { .power($0.0, .integer($0.1)) })
    }
}
