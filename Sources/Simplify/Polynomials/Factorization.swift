import BigInt
import Expr

extension Polynomial {
    /// `self = content * Π factors[i].polynomial ^ factors[i].multiplicity`, each factor with
    /// integer coefficients without a common factor and a positive leading coefficient.
    ///
    /// The factors are the generators dividing every term, then the square-free decomposition
    /// (each factor without repeated factors, pairwise coprime, factors of equal multiplicity
    /// multiplied together), then, for factors in one generator, the linear factors of their
    /// rational roots. Not a complete factorization into irreducibles. Throws `tooMuchWork` when
    /// the work passes `limits.maximumTotalWork`.
    public func factorization(limits: PolynomialLimits = PolynomialLimits()) throws(PolynomialError) -> (content: Rational, factors: [(polynomial: Polynomial, multiplicity: Int)]) {
        var budget = WorkBudget(limits)
        return try factorization(&budget)
    }

    /// `factorization(limits:)` drawing on a budget shared with other steps.
    func factorization(_ budget: inout WorkBudget) throws(PolynomialError) -> (content: Rational, factors: [(polynomial: Polynomial, multiplicity: Int)]) {
        if isConstant { return (constantValue!, []) }
        let n = generatorCount
        var factors: [(polynomial: Polynomial, multiplicity: Int)] = []
        let (_, primitive) = try budget.contentAndPrimitivePart(self)
        let m = primitive.monomialContent
        for i in 0..<n {
            let e = m.exponent(i, primitive.layout)
            if e > 0 { factors.append((.generator(i, of: n), e)) }
        }
        for (f, k) in try primitive.dividingTerms(by: m).squareFreeFactors(&budget) {
            for g in try f.splittingRationalRoots(&budget) { factors.append((g, k)) }
        }
        // The leading coefficient of a product is the product of the leading coefficients.
        var leading = Rational.one
        for (f, k) in factors { leading = leading * Polynomial.slowPower(f.leadingCoefficient, k) }
        return (leadingCoefficient / leading, factors)
    }

    /// The square-free decomposition of a primitive polynomial with no monomial content:
    /// the content with respect to one generator first (recursively), then Yun's algorithm on
    /// the primitive part in that generator (D. Y. Y. Yun, "On square-free decomposition
    /// algorithms", SYMSAC 1976), where gcd(f, f') holds each repeated factor once less.
    func squareFreeFactors(_ budget: inout WorkBudget) throws(PolynomialError) -> [(Polynomial, Int)] {
        guard !isConstant, let v = (0..<generatorCount).first(where: { contains(generator: $0) }) else { return [] }
        var result: [(Polynomial, Int)] = []
        let content = try self.content(withRespectTo: v, &budget)
        var f = self
        if !content.isConstant {
            result += try content.squareFreeFactors(&budget)
            f = try budget.exactQuotient(f, content)!
        }
        let derivative = f.derivative(withRespectTo: v)
        let (_, b0, c0) = try Polynomial.gcd(f, derivative, &budget)
        var b = b0
        var d = c0 - b.derivative(withRespectTo: v)
        var i = 1
        while !b.isConstant {
            let (a, bNext, dQuotient) = try Polynomial.gcd(b, d, &budget)
            if !a.isConstant { result.append((a, i)) }
            b = bNext
            d = dQuotient - b.derivative(withRespectTo: v)
            i += 1
        }
        return result
    }

    /// The gcd of the coefficients when `self` is read as a polynomial in generator `v` whose
    /// coefficients are polynomials in the others: a polynomial without `v`.
    func content(withRespectTo v: Int, _ budget: inout WorkBudget) throws(PolynomialError) -> Polynomial {
        var groups: [Int: [Term]] = [:]
        for t in terms {
            let e = t.monomial.exponent(v, layout)
            groups[e, default: []].append(Term(monomial: t.monomial.removing(v, layout), coefficient: t.coefficient))
        }
        var g: Polynomial? = nil
        for key in groups.keys.sorted() {
            var list = groups[key]!
            list.sort { $0.monomial > $1.monomial }
            let coefficient = Polynomial(layout: layout, terms: list)
            if let known = g {
                g = try Polynomial.gcd(known, coefficient, &budget).gcd
            } else {
                g = try budget.contentAndPrimitivePart(coefficient).primitive
            }
            if g!.isConstant { break }
        }
        return g ?? Polynomial(constant: .one, generatorCount: generatorCount)
    }

    /// `self` (square-free, primitive) as the linear factors `q*x - p` of its rational roots
    /// p/q and what remains, when it is a polynomial in one generator x of degree ≥ 2; else
    /// `[self]`. Candidates are ±p/q with p dividing the constant term and q the leading
    /// coefficient (both below 2^40 so that their divisors are quick to list).
    func splittingRationalRoots(_ budget: inout WorkBudget) throws(PolynomialError) -> [Polynomial] {
        let present = (0..<generatorCount).filter { contains(generator: $0) }
        guard present.count == 1, degree >= 2, let x = present.first,
              let low = terms.last?.coefficient.intValue, let high = leadingCoefficient.intValue,
              low.magnitude < 1 << 40, high.magnitude < 1 << 40 else { return [self] }
        // Trial division up to the square roots.
        try budget.spend(Int(Double(low.magnitude).squareRoot()) + Int(Double(high.magnitude).squareRoot()))
        let ps = Polynomial.divisors(low.magnitude), qs = Polynomial.divisors(high.magnitude)
        if ps.count * qs.count > 4096 { return [self] }
        var rest = self
        var found: [Polynomial] = []
        var candidates = Set<Rational>()
        for p in ps { for q in qs { candidates.insert(Rational(Int(p), Int(q))) } }
        for r in candidates.sorted() {
            for root in [r, -r] where rest.degree >= 1 {
                var point = [Rational](repeating: .zero, count: generatorCount)
                point[x] = root
                try budget.spend(rest.termCount * rest.degree)
                guard rest.evaluate(at: point).isZero else { continue }
                // q*x - p for root p/q.
                var exponents = [Int](repeating: 0, count: generatorCount)
                exponents[x] = 1
                let q = Rational(big: root.denominator, 1), p = Rational(big: root.numerator, 1)
                let linear = try! Polynomial(terms: [(exponents, q), ([Int](repeating: 0, count: generatorCount), -p)], generatorCount: generatorCount)
                found.append(linear)
                rest = try budget.exactQuotient(rest, linear)!
            }
        }
        if !rest.isConstant { found.append(rest.contentAndPrimitivePart.primitive) }
        return found
    }

    /// The positive divisors of n > 0, by trial division up to its square root.
    private static func divisors(_ n: UInt) -> [UInt] {
        var small: [UInt] = [], large: [UInt] = []
        var d: UInt = 1
        while d * d <= n {
            if n % d == 0 {
                small.append(d)
                if d * d != n { large.append(n / d) }
            }
            d += 1
        }
        return small + large.reversed()
    }
}
