import Expr
import Glibc

extension Polynomial {
    /// The product, refused before any work when it would take more than `limits.maximumWork`
    /// coefficient word products, or during the work when it passes `limits.maximumTerms` terms.
    public func multiplied(by other: Polynomial, limits: PolynomialLimits) throws(PolynomialError) -> Polynomial {
        precondition(generatorCount == other.generatorCount, "polynomials over different generators")
        if isZero || other.isZero { return Polynomial(generatorCount: generatorCount) }
        let (a, b) = try Polynomial.widened(self, other, degree: degree + other.degree)
        // Few terms can still mean huge coefficients: a product of coefficients costs about
        // (words of a) * (words of b), so that is what each pair of terms counts.
        let (pairs, o1) = a.terms.count.multipliedReportingOverflow(by: b.terms.count)
        let (work, o2) = pairs.multipliedReportingOverflow(by: a.coefficientWords * b.coefficientWords)
        if o1 || o2 || work > limits.maximumWork { throw .tooMuchWork(limit: limits.maximumWork) }
        if a.terms.count == 1 { return b.timesTerm(a.terms[0].monomial, a.terms[0].coefficient) }
        if b.terms.count == 1 { return a.timesTerm(b.terms[0].monomial, b.terms[0].coefficient) }
        var sum = TermAccumulator(capacity: min(pairs, 1 << 14))
        for s in a.terms {
            for t in b.terms { sum.add(s.monomial * t.monomial, s.coefficient * t.coefficient) }
            if sum.count > limits.maximumTerms { throw .tooManyTerms(limit: limits.maximumTerms) }
            if Cancellation.isRequested { throw .cancelled }
        }
        return Polynomial(layout: a.layout, terms: sum.sortedTerms())
    }

    /// 64-bit words in the largest coefficient (at least 1).
    var coefficientWords: Int {
        1 + terms.reduce(0) { max($0, $1.coefficient.bitWidth) } / 64
    }

    /// `self^n` for `n >= 0`, by the multinomial theorem or by repeated multiplication, whichever
    /// takes fewer coefficient products; refused up front when that is more than
    /// `limits.maximumWork` (counted in coefficient words), or when a result passes
    /// `limits.maximumTerms` terms.
    public func power(_ n: Int, limits: PolynomialLimits) throws(PolynomialError) -> Polynomial {
        precondition(n >= 0, "negative power of a polynomial")
        if n == 0 { return Polynomial(constant: .one, generatorCount: generatorCount) }
        if n == 1 || isZero { return self }
        // Each of the n factors costs at least one product.
        if terms.count > 1 && n > limits.maximumWork { throw .tooMuchWork(limit: limits.maximumWork) }
        let (degreeBound, overflow) = degree.multipliedReportingOverflow(by: n)
        guard !overflow, let wide = MonomialLayout(generatorCount: generatorCount, degreeBound: max(degreeBound, layout.maximumDegree)) else {
            throw .degreeTooHigh(limit: MonomialLayout.largestDegree(generatorCount: generatorCount))
        }
        let base = repacked(to: wide)
        if terms.count == 1 {
            let t = base.terms[0]
            guard let c = t.coefficient.power(n) else { throw .tooMuchWork(limit: limits.maximumWork) }
            return Polynomial(layout: wide, terms: [Term(monomial: t.monomial.power(n), coefficient: c)])
        }
        let cost = PowerCost(base, n)
        if min(cost.multinomial, cost.sequential) * Double(cost.words) > Double(limits.maximumWork) {
            throw .tooMuchWork(limit: limits.maximumWork)
        }
        if cost.multinomial > cost.sequential {
            var result = base
            for _ in 1..<n { result = try result.multiplied(by: base, limits: limits) }
            return result
        }
        let sum: TermAccumulator
        if let small = base.smallIntegerCoefficients, cost.fitsInWords(n) {
            sum = try base.multinomialPower(n, coefficients: small, limits: limits)
        } else {
            sum = try base.multinomialPower(n, coefficients: base.terms.map(\.coefficient), limits: limits)
        }
        return Polynomial(layout: wide, terms: sum.sortedTerms())
    }

    /// The coefficients as `Int`s when all are integers of at most 31 bits.
    private var smallIntegerCoefficients: [Int]? {
        var result: [Int] = []
        result.reserveCapacity(terms.count)
        for t in terms {
            guard let v = t.coefficient.intValue, v.magnitude < 1 << 31 else { return nil }
            result.append(v)
        }
        return result
    }

    /// The terms of `self^n` from the multinomial theorem:
    /// (t_1 + … + t_s)^n = Σ n!/(k_1!…k_s!) t_1^k_1 … t_s^k_s over k_1 + … + k_s = n.
    /// The compositions are enumerated depth first, largest k first, keeping per level the
    /// partial products of coefficients, binomials C(r, k) and monomials, so each composition
    /// costs a few products (SymEngine expands powers of sums this way too). The layout must
    /// hold degree n * degree; `C` is `Int` when every partial product is known to fit.
    private func multinomialPower<C: ExactCoefficient>(_ n: Int, coefficients: [C], limits: PolynomialLimits) throws(PolynomialError) -> TermAccumulator {
        let s = terms.count
        let stride = n + 1
        // coefficients[j]^k at j * stride + k, monomials[j]^k likewise.
        var coefficientPowers: [C] = []
        var monomialPowers: [Monomial] = []
        coefficientPowers.reserveCapacity(s * stride)
        monomialPowers.reserveCapacity(s * stride)
        for (j, c) in coefficients.enumerated() {
            var p = C.one, m = Monomial.zero
            coefficientPowers.append(p)
            monomialPowers.append(m)
            // Up to the n-th power and no further (with Int, the next one might overflow).
            for _ in 0..<n {
                p = p * c
                m = m * terms[j].monomial
                coefficientPowers.append(p)
                monomialPowers.append(m)
            }
        }
        var k = [Int](repeating: 0, count: s)              // the choice at each level
        var remaining = [Int](repeating: 0, count: s + 1)  // what is left before each level
        var binomial = [C](repeating: .one, count: s)      // C(remaining[j], k[j])
        var coefficient = [C](repeating: .one, count: s + 1)
        var monomial = [Monomial](repeating: .zero, count: s + 1)
        var sum = TermAccumulator(capacity: 1024)
        remaining[0] = n
        k[0] = n
        var j = 0
        var emitted = 0
        while true {
            // Descend from level j, taking everything that remains at each new level.
            while true {
                remaining[j + 1] = remaining[j] - k[j]
                coefficient[j + 1] = coefficient[j] * binomial[j] * coefficientPowers[j * stride + k[j]]
                monomial[j + 1] = monomial[j] * monomialPowers[j * stride + k[j]]
                if remaining[j + 1] == 0 { break }
                j += 1
                k[j] = remaining[j]
                binomial[j] = .one
            }
            sum.add(monomial[j + 1], coefficient[j + 1].rational)
            emitted += 1
            if emitted & 4095 == 0 && sum.count > limits.maximumTerms { throw .tooManyTerms(limit: limits.maximumTerms) }
            if emitted & 63 == 0 && Cancellation.isRequested { throw .cancelled }
            // Back to the deepest level that can take one less; the last level has no choice.
            while j >= 0 && (j == s - 1 || k[j] == 0) { j -= 1 }
            if j < 0 { break }
            // C(r, k - 1) = C(r, k) * k / (r - k + 1)
            binomial[j] = binomial[j] * C(k[j]) / C(remaining[j] - k[j] + 1)
            k[j] -= 1
        }
        if sum.count > limits.maximumTerms { throw .tooManyTerms(limit: limits.maximumTerms) }
        return sum
    }
}

/// What the multinomial expansion computes with: `Int` when the products are known to fit,
/// `Rational` otherwise.
protocol ExactCoefficient {
    static var one: Self { get }
    init(_ value: Int)
    static func * (a: Self, b: Self) -> Self
    /// Exact division (the binomial coefficients' recurrence divides exactly).
    static func / (a: Self, b: Self) -> Self
    var rational: Rational { get }
}

extension Int: ExactCoefficient {
    static var one: Int { 1 }
    var rational: Rational { Rational(self) }
}

extension Rational: ExactCoefficient {
    var rational: Rational { self }
}

/// Estimated coefficient products of `base^n` by the multinomial theorem (one per composition
/// of n into as many parts as the base has terms) and by multiplying by the base n - 1 times
/// (the terms of each power, bounded by the compositions and by the monomials of its degree,
/// times the base's terms), with the coefficient words of the result.
private struct PowerCost {
    var multinomial: Double
    var sequential: Double
    var words: Int

    init(_ base: Polynomial, _ n: Int) {
        let s = base.terms.count
        let generators = (0..<base.generatorCount).filter { base.contains(generator: $0) }.count
        let d = base.degree
        // C(n + s - 1, s - 1) compositions.
        var multinomial = 1.0
        for i in 1..<s { multinomial = multinomial * Double(n + i) / Double(i) }
        self.multinomial = multinomial
        // The k-th power has at most C(k + s - 1, s - 1) terms, and at most C(k*d + g, g) (the
        // monomials of its degree in the g generators that occur); only which way is cheaper
        // matters, so the sum stops once it passes the multinomial count.
        var compositions = Double(s)
        var sequential = 0.0
        var k = 1
        while k < n && sequential <= multinomial {
            if k > 1 { compositions = compositions * Double(k + s - 1) / Double(k) }
            var monomials = 1.0
            for i in 0..<generators { monomials = monomials * Double(k * d + i + 1) / Double(i + 1) }
            sequential += min(compositions, monomials) * Double(s)
            k += 1
        }
        self.sequential = sequential
        let bits = base.terms.reduce(0) { max($0, $1.coefficient.bitWidth) }
        let (scaled, overflow) = n.multipliedReportingOverflow(by: bits + (Int.bitWidth - base.terms.count.leadingZeroBitCount))
        words = overflow ? Int.max / 2 : 1 + scaled / 64
        coefficientMagnitudeSum = base.terms.reduce(0) { $0 + $1.coefficient.magnitude.doubleValue }
    }

    /// Σ |c_i| of the base: every partial product of the multinomial expansion is at most its
    /// n-th power, and the binomials at most 2^n.
    private var coefficientMagnitudeSum: Double

    /// True when every partial product of the n-th power's expansion fits in 62 bits.
    func fitsInWords(_ n: Int) -> Bool {
        Double(n) * log2(max(coefficientMagnitudeSum, 2)) < 60 && n < 56
    }
}
