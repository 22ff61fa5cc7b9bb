import Expr

/// A sparse multivariate polynomial with exact rational coefficients over numbered generators
/// (variables, or any subexpressions treated as variables; see `PolynomialView` for the link
/// with expressions).
///
/// Terms are kept sorted by decreasing monomial in the graded lexicographic order with
/// generator 0 first (`x^2 + x*y + y^2 + x + 1` for x before y), no two with the same monomial and
/// none with a zero coefficient, so equal polynomials have equal term lists. Exponents are packed
/// (`Monomial`); the layout widens by itself when a product's degree needs wider fields.
public struct Polynomial: Sendable {
    var layout: MonomialLayout
    /// Decreasing monomials, nonzero coefficients.
    var terms: [Term]

    struct Term: Sendable {
        var monomial: Monomial
        var coefficient: Rational
    }

    init(layout: MonomialLayout, terms: [Term]) {
        self.layout = layout
        self.terms = terms
        assert(isCanonical, "polynomial terms out of order or zero")
    }

    var isCanonical: Bool {
        !terms.contains { $0.coefficient.isZero } && zip(terms, terms.dropFirst()).allSatisfy { $0.monomial > $1.monomial }
    }

    /// The zero polynomial in `generatorCount` generators.
    public init(generatorCount: Int) {
        self.init(constant: .zero, generatorCount: generatorCount)
    }

    /// The constant `value` in `generatorCount` generators.
    public init(constant value: Rational, generatorCount: Int) {
        precondition(generatorCount <= MonomialLayout.maximumGenerators, "too many generators")
        layout = MonomialLayout(generatorCount: generatorCount, degreeBound: 0)!
        terms = value.isZero ? [] : [Term(monomial: .zero, coefficient: value)]
    }

    /// The polynomial `Σ coefficient * Π generator_i^exponents[i]` (like terms added). Throws
    /// when there are too many generators or the degree is beyond what packs.
    public init(terms list: [(exponents: [Int], coefficient: Rational)], generatorCount: Int) throws(PolynomialError) {
        let degree = list.map { $0.exponents.reduce(0, +) }.max() ?? 0
        guard generatorCount <= MonomialLayout.maximumGenerators else { throw .tooManyGenerators(limit: MonomialLayout.maximumGenerators) }
        guard let layout = MonomialLayout(generatorCount: generatorCount, degreeBound: degree) else {
            throw .degreeTooHigh(limit: MonomialLayout.largestDegree(generatorCount: generatorCount))
        }
        var sum = TermAccumulator(capacity: list.count)
        for (exponents, c) in list {
            precondition(exponents.count == generatorCount && exponents.allSatisfy { $0 >= 0 }, "exponents must be one non-negative integer per generator")
            sum.add(layout.monomial(exponents), c)
        }
        self.init(layout: layout, terms: sum.sortedTerms())
    }

    /// Generator `index` as a polynomial in `generatorCount` generators.
    public static func generator(_ index: Int, of generatorCount: Int) -> Polynomial {
        var exponents = [Int](repeating: 0, count: generatorCount)
        exponents[index] = 1
        return try! Polynomial(terms: [(exponents, .one)], generatorCount: generatorCount)
    }

    /// Number of generators.
    public var generatorCount: Int { layout.generatorCount }

    /// The terms, highest first: exponents (one per generator) and coefficient.
    public var termList: [(exponents: [Int], coefficient: Rational)] {
        terms.map { (layout.exponents($0.monomial), $0.coefficient) }
    }

    /// Number of terms.
    public var termCount: Int { terms.count }

    /// True for the zero polynomial.
    public var isZero: Bool { terms.isEmpty }

    /// True for a constant (zero included).
    public var isConstant: Bool { terms.isEmpty || (terms.count == 1 && terms[0].monomial == .zero) }

    /// The value of a constant polynomial, else nil.
    public var constantValue: Rational? {
        if terms.isEmpty { return .zero }
        return isConstant ? terms[0].coefficient : nil
    }

    /// The total degree; 0 for constants (and for zero).
    public var degree: Int { terms.first?.monomial.degree(layout) ?? 0 }

    /// The highest exponent of generator `i`.
    public func degree(in i: Int) -> Int {
        terms.reduce(0) { max($0, $1.monomial.exponent(i, layout)) }
    }

    /// The coefficient of the highest term (graded lexicographic); zero for zero.
    public var leadingCoefficient: Rational { terms.first?.coefficient ?? .zero }

    /// True when generator `i` occurs.
    public func contains(generator i: Int) -> Bool {
        terms.contains { $0.monomial.exponent(i, layout) != 0 }
    }

    /// The value at `point` (one value per generator).
    public func evaluate(at point: [Rational]) -> Rational {
        precondition(point.count == generatorCount)
        var sum = Rational.zero
        for t in terms {
            var v = t.coefficient
            for (i, x) in point.enumerated() {
                let e = t.monomial.exponent(i, layout)
                if e != 0 { v = v * (x.power(e) ?? Polynomial.slowPower(x, e)) }
            }
            sum += v
        }
        return sum
    }

    /// `x^e` by repeated squaring, for values past `Rational.power`'s size limit.
    static func slowPower(_ x: Rational, _ e: Int) -> Rational {
        var result = Rational.one, square = x, k = e
        while k > 0 {
            if k & 1 == 1 { result *= square }
            k >>= 1
            if k > 0 { square *= square }
        }
        return result
    }
}

extension MonomialLayout {
    /// The highest total degree any layout for `generatorCount` generators holds.
    static func largestDegree(generatorCount: Int) -> Int {
        for bits in widths.reversed() where (generatorCount + 1) * bits <= Monomial.bitCount { return (1 << (bits - 1)) - 1 }
        return 0
    }
}

extension Polynomial: Equatable {
    /// Same generators count and same terms (whatever the packing).
    public static func == (a: Polynomial, b: Polynomial) -> Bool {
        guard a.generatorCount == b.generatorCount, a.terms.count == b.terms.count else { return false }
        let (x, y) = Polynomial.aligned(a, b)
        return zip(x.terms, y.terms).allSatisfy { $0.monomial == $1.monomial && $0.coefficient == $1.coefficient }
    }
}

// MARK: - Layouts

extension Polynomial {
    /// The same polynomial packed in `target` (as many generators, fields at least as wide).
    func repacked(to target: MonomialLayout) -> Polynomial {
        if target == layout { return self }
        // Widening keeps the order: every field keeps its value and place in the sequence.
        return Polynomial(layout: target, terms: terms.map { Term(monomial: layout.repack($0.monomial, to: target), coefficient: $0.coefficient) })
    }

    /// Both polynomials in one layout wide enough for total degree `degree` (at least their own).
    static func aligned(_ a: Polynomial, _ b: Polynomial, degree: Int = 0) -> (Polynomial, Polynomial) {
        precondition(a.generatorCount == b.generatorCount, "polynomials over different generators")
        if a.layout == b.layout && degree <= a.layout.maximumDegree { return (a, b) }
        let bound = max(degree, a.layout.maximumDegree, b.layout.maximumDegree)
        guard let layout = MonomialLayout(generatorCount: a.generatorCount, degreeBound: bound) else {
            preconditionFailure("degree \(degree) beyond every layout; callers check with `widened`")
        }
        return (a.repacked(to: layout), b.repacked(to: layout))
    }

    /// Both polynomials in one layout for results up to total degree `degree`, or a typed error
    /// when no layout holds that degree.
    static func widened(_ a: Polynomial, _ b: Polynomial, degree: Int) throws(PolynomialError) -> (Polynomial, Polynomial) {
        guard MonomialLayout(generatorCount: a.generatorCount, degreeBound: degree) != nil else {
            throw .degreeTooHigh(limit: MonomialLayout.largestDegree(generatorCount: a.generatorCount))
        }
        return aligned(a, b, degree: degree)
    }
}

// MARK: - Ring operations

extension Polynomial {
    /// The sum (one merge of the sorted terms).
    public static func + (a: Polynomial, b: Polynomial) -> Polynomial { combined(a, b, negatingSecond: false) }
    /// The difference.
    public static func - (a: Polynomial, b: Polynomial) -> Polynomial { combined(a, b, negatingSecond: true) }

    /// The negation.
    public static prefix func - (a: Polynomial) -> Polynomial {
        Polynomial(layout: a.layout, terms: a.terms.map { Term(monomial: $0.monomial, coefficient: -$0.coefficient) })
    }

    /// One merge of the two sorted term lists.
    private static func combined(_ a: Polynomial, _ b: Polynomial, negatingSecond: Bool) -> Polynomial {
        let (x, y) = aligned(a, b)
        if y.terms.isEmpty { return x }
        if x.terms.isEmpty { return negatingSecond ? -y : y }
        var merged: [Term] = []
        merged.reserveCapacity(x.terms.count + y.terms.count)
        var i = 0, j = 0
        while i < x.terms.count && j < y.terms.count {
            let s = x.terms[i], t = y.terms[j]
            if s.monomial > t.monomial {
                merged.append(s); i += 1
            } else if t.monomial > s.monomial {
                merged.append(negatingSecond ? Term(monomial: t.monomial, coefficient: -t.coefficient) : t); j += 1
            } else {
                let c = negatingSecond ? s.coefficient - t.coefficient : s.coefficient + t.coefficient
                if !c.isZero { merged.append(Term(monomial: s.monomial, coefficient: c)) }
                i += 1; j += 1
            }
        }
        merged += x.terms[i...]
        for t in y.terms[j...] { merged.append(negatingSecond ? Term(monomial: t.monomial, coefficient: -t.coefficient) : t) }
        return Polynomial(layout: x.layout, terms: merged)
    }

    /// `Σ list[i]`, like terms collected in one table (adding one by one would merge the
    /// growing sum again for every summand).
    public static func sum(_ list: [Polynomial], generatorCount: Int) -> Polynomial {
        if list.count <= 2 { return list.reduce(Polynomial(generatorCount: generatorCount), +) }
        let widest = list.max { $0.layout.fieldBits < $1.layout.fieldBits }!.layout
        var sum = TermAccumulator(capacity: list.reduce(0) { $0 + $1.terms.count })
        for p in list {
            for t in p.repacked(to: widest).terms { sum.add(t.monomial, t.coefficient) }
        }
        return Polynomial(layout: widest, terms: sum.sortedTerms())
    }

    /// `c * self`.
    public func scaled(by c: Rational) -> Polynomial {
        if c.isZero { return Polynomial(generatorCount: generatorCount) }
        if c.isOne { return self }
        return Polynomial(layout: layout, terms: terms.map { Term(monomial: $0.monomial, coefficient: $0.coefficient * c) })
    }

    /// `self` times one term; the order of the terms is kept (a monomial order is compatible
    /// with multiplication), so nothing is sorted. The layout must hold the product's degree.
    func timesTerm(_ m: Monomial, _ c: Rational) -> Polynomial {
        Polynomial(layout: layout, terms: terms.map { Term(monomial: $0.monomial * m, coefficient: $0.coefficient * c) })
    }

    /// The product, without limits: for operands whose product is known to be small. Traps
    /// when the product's degree is beyond every layout (2^31 - 1).
    public static func * (a: Polynomial, b: Polynomial) -> Polynomial {
        do {
            return try a.multiplied(by: b, limits: PolynomialLimits(maximumTerms: .max, maximumWork: .max))
        } catch {
            preconditionFailure("polynomial product beyond the packed degree: \(error)")
        }
    }

    /// The derivative with respect to generator `i`.
    public func derivative(withRespectTo i: Int) -> Polynomial {
        var result: [Term] = []
        let one = layout.monomial((0..<generatorCount).map { $0 == i ? 1 : 0 })
        for t in terms {
            let e = t.monomial.exponent(i, layout)
            if e == 0 { continue }
            // Dividing every surviving monomial by x_i keeps their order.
            result.append(Term(monomial: t.monomial / one, coefficient: t.coefficient * Rational(e)))
        }
        return Polynomial(layout: layout, terms: result)
    }
}

extension Polynomial: CustomStringConvertible {
    /// The terms over generators named `x0`, `x1`, … (for messages and debugging).
    public var description: String {
        expression(generators: (0..<generatorCount).map { .symbol("x\($0)") }).description
    }
}
