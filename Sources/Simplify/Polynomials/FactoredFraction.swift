import Expr

/// A quotient `numerator / Π factor^multiplicity` whose denominator is kept as a product of
/// distinct primitive polynomials (integer coefficients without a common factor, positive
/// leading coefficient). Common denominators are then found by comparing factors, as SymPy's
/// `together` does, instead of by multiplying whole denominators and computing gcds.
struct FactoredFraction: Sendable {
    struct Factor: Sendable {
        var polynomial: Polynomial
        var multiplicity: Int
    }

    var numerator: Polynomial
    var factors: [Factor] = []

    init(_ numerator: Polynomial, factors: [Factor] = []) {
        self.numerator = numerator
        self.factors = factors
    }

    /// `Π_i parts[i]`.
    static func product(_ parts: [FactoredFraction], _ budget: inout WorkBudget) throws(PolynomialError) -> FactoredFraction {
        var result = parts[0]
        for p in parts.dropFirst() {
            result.numerator = try budget.product(result.numerator, p.numerator)
            for f in p.factors { result.divide(byPowerOf: f.polynomial, f.multiplicity) }
        }
        return result
    }

    /// `Σ_i parts[i]` over the least common denominator of the factors.
    static func sum(_ parts: [FactoredFraction], _ budget: inout WorkBudget) throws(PolynomialError) -> FactoredFraction {
        var common: [Factor] = []
        for p in parts {
            for f in p.factors {
                if let i = common.firstIndex(where: { $0.polynomial == f.polynomial }) {
                    common[i].multiplicity = max(common[i].multiplicity, f.multiplicity)
                } else {
                    common.append(f)
                }
            }
        }
        var numerators: [Polynomial] = []
        var powers: [[Int: Polynomial]] = Array(repeating: [:], count: common.count)
        for p in parts {
            var n = p.numerator
            if n.isZero { continue }
            for (i, f) in common.enumerated() {
                let missing = f.multiplicity - (p.factors.first { $0.polynomial == f.polynomial }?.multiplicity ?? 0)
                if missing == 0 { continue }
                if powers[i][missing] == nil { powers[i][missing] = try budget.power(f.polynomial, missing) }
                n = try budget.product(n, powers[i][missing]!)
            }
            numerators.append(n)
        }
        try budget.spend(numerators.reduce(0) { $0 + $1.termCount })
        let numerator = Polynomial.sum(numerators, generatorCount: parts[0].numerator.generatorCount)
        if numerator.termCount > budget.limits.maximumTerms { throw .tooManyTerms(limit: budget.limits.maximumTerms) }
        return FactoredFraction(numerator, factors: numerator.isZero ? [] : common)
    }

    /// `self^n` for any integer n (a negative one through `reciprocal`).
    func power(_ n: Int, _ budget: inout WorkBudget) throws(PolynomialError) -> FactoredFraction {
        if n >= 0 {
            var r = FactoredFraction(try budget.power(numerator, n))
            r.factors = factors.map { Factor(polynomial: $0.polynomial, multiplicity: $0.multiplicity * n) }.filter { $0.multiplicity > 0 }
            return r
        }
        return try reciprocal(&budget).power(-n, &budget)
    }

    /// `1 / self`: the factors move to the numerator, the numerator becomes one factor (or one
    /// per generator when it is a monomial).
    func reciprocal(_ budget: inout WorkBudget) throws(PolynomialError) -> FactoredFraction {
        if numerator.isZero { throw .divisionByZero }
        var r = FactoredFraction(try FactoredFraction.product(of: factors, numerator.generatorCount, &budget))
        try r.divide(by: numerator, &budget)
        return r
    }

    /// Divides by the polynomial `p` (nonzero): its content goes to the numerator, its primitive
    /// part joins the factors.
    mutating func divide(by p: Polynomial, _ budget: inout WorkBudget) throws(PolynomialError) {
        let (c, primitive) = try budget.contentAndPrimitivePart(p)
        numerator = numerator.scaled(by: c.reciprocal)
        if primitive.isConstant { return }
        if primitive.termCount == 1 {
            // A monomial: one factor per generator, so that x^2*y and x*y^3 share x and y.
            for (i, e) in primitive.termList[0].exponents.enumerated() where e > 0 {
                divide(byPowerOf: Polynomial.generator(i, of: p.generatorCount), e)
            }
            return
        }
        divide(byPowerOf: primitive, 1)
    }

    /// Divides by `f^m` for a primitive `f`.
    mutating func divide(byPowerOf f: Polynomial, _ m: Int) {
        if let i = factors.firstIndex(where: { $0.polynomial == f }) {
            factors[i].multiplicity += m
        } else {
            factors.append(Factor(polynomial: f, multiplicity: m))
        }
    }

    /// Takes out of the numerator and the factors every common divisor: the gcd of the
    /// numerator with each factor in turn, as long as one is left (a factor that shares a
    /// divisor g with the numerator splits into g and its cofactor). The numerator only
    /// shrinks, so this ends; afterwards numerator and denominator are coprime.
    mutating func cancel(_ budget: inout WorkBudget) throws(PolynomialError) {
        var work = factors
        var done: [Factor] = []
        while let f = work.popLast() {
            if numerator.isZero { break }
            let (g, n, cofactor) = try Polynomial.gcd(numerator, f.polynomial, &budget)
            if g.isConstant {
                done.append(f)
                continue
            }
            numerator = n
            if f.multiplicity > 1 { work.append(Factor(polynomial: g, multiplicity: f.multiplicity - 1)) }
            // f = g * cofactor: the cofactor keeps f's multiplicity.
            let (c, rest) = try budget.contentAndPrimitivePart(cofactor)
            numerator = numerator.scaled(by: Polynomial.slowPower(c, f.multiplicity).reciprocal)
            if !rest.isConstant { work.append(Factor(polynomial: rest, multiplicity: f.multiplicity)) }
        }
        factors = numerator.isZero ? [] : Self.merged(done)
    }

    /// Equal factors joined.
    private static func merged(_ list: [Factor]) -> [Factor] {
        var result: [Factor] = []
        for f in list {
            if let i = result.firstIndex(where: { $0.polynomial == f.polynomial }) {
                result[i].multiplicity += f.multiplicity
            } else {
                result.append(f)
            }
        }
        return result
    }

    /// The denominator multiplied out.
    func denominator(_ budget: inout WorkBudget) throws(PolynomialError) -> Polynomial {
        try FactoredFraction.product(of: factors, numerator.generatorCount, &budget)
    }

    /// `Π f.polynomial ^ f.multiplicity` multiplied out.
    private static func product(of factors: [Factor], _ generatorCount: Int, _ budget: inout WorkBudget) throws(PolynomialError) -> Polynomial {
        var d = Polynomial(constant: .one, generatorCount: generatorCount)
        for f in factors { d = try budget.product(d, try budget.power(f.polynomial, f.multiplicity)) }
        return d
    }
}
