import Expr

/// The limits of one normalization and the work it has left. Products, powers, contents, exact
/// divisions and the modular gcd's evaluations all draw on one budget, counted in coefficient
/// word operations, so that many steps each within the limits cannot add up to a hang (a
/// continued fraction 3000 deep has Fibonacci coefficients whose contents alone take seconds).
struct WorkBudget {
    let limits: PolynomialLimits
    private(set) var left: Int

    init(_ limits: PolynomialLimits) {
        self.limits = limits
        left = limits.maximumTotalWork
    }

    mutating func spend(_ operations: Int) throws(PolynomialError) {
        if Cancellation.isRequested { throw .cancelled }
        let (rest, overflow) = left.subtractingReportingOverflow(operations)
        left = overflow ? -1 : rest
        if left < 0 { throw .tooMuchWork(limit: limits.maximumTotalWork) }
    }

    /// `a * b`, charged for its pairs of coefficient words.
    mutating func product(_ a: Polynomial, _ b: Polynomial) throws(PolynomialError) -> Polynomial {
        try spend(Self.cost(a.termCount, b.termCount, a.coefficientWords * b.coefficientWords))
        return try a.multiplied(by: b, limits: limits)
    }

    /// `a^n`, charged for the size of the result (its own limits bound the work on the way).
    mutating func power(_ a: Polynomial, _ n: Int) throws(PolynomialError) -> Polynomial {
        let r = try a.power(n, limits: limits)
        try spend(Self.cost(r.termCount, r.coefficientWords, 1))
        return r
    }

    /// `p.contentAndPrimitivePart`, charged for gcds of its coefficients: a few dozen steps for
    /// a machine word; for big integers about 90 division steps per word, each over all words
    /// and allocating (Fibonacci numbers, the worst case, take 1.44 steps per bit).
    mutating func contentAndPrimitivePart(_ p: Polynomial) throws(PolynomialError) -> (content: Rational, primitive: Polynomial) {
        let w = p.coefficientWords
        try spend(Self.cost(p.termCount, w == 1 ? 32 : w * w, w == 1 ? 1 : 512))
        return p.contentAndPrimitivePart
    }

    /// `a.exactQuotient(dividingBy: b)`, charged for the products it may subtract.
    mutating func exactQuotient(_ a: Polynomial, _ b: Polynomial) throws(PolynomialError) -> Polynomial? {
        try spend(Self.cost(a.termCount, b.termCount, a.coefficientWords * b.coefficientWords))
        return a.exactQuotient(dividingBy: b)
    }

    /// x * y * z, saturating.
    static func cost(_ x: Int, _ y: Int, _ z: Int) -> Int {
        let (xy, o1) = x.multipliedReportingOverflow(by: y)
        let (xyz, o2) = xy.multipliedReportingOverflow(by: z)
        return o1 || o2 ? Int.max : xyz
    }
}
