import Expr

/// An expression read as a quotient of polynomials over its generators (symbols and the
/// subexpressions treated as variables; see `GeneratorTable`): the form in which common
/// denominators, cancellation and factoring are done.
///
/// Conversion is one walk over the sums, products and integer powers, children first, with the
/// denominator kept as a product of distinct primitive polynomials. It is cheap for what it
/// does; when it is not worth doing (too many generators, or a product or power past
/// `limits`), it stops with a `PolynomialError` before the large work, so a caller can try it
/// with tight limits and fall back.
public struct RationalExpression: Sendable {
    /// The expressions generator `i` stands for, in structural order.
    public let generators: [Expr]
    var fraction: FactoredFraction
    /// What the conversion left of `limits.maximumTotalWork`, for cancelling and multiplying out.
    var budget: WorkBudget

    /// `e` as numerator over factored denominator (not yet cancelled). With
    /// `splittingExponentials`, `exp(a + b)` is read as `exp(a)*exp(b)` so that exponentials of
    /// sums cancel against their parts. All the work of the conversion and of what follows on
    /// this value (cancelling, multiplying the denominator out) draws on one budget,
    /// `limits.maximumTotalWork`.
    public init(_ e: Expr, limits: PolynomialLimits = PolynomialLimits(), splittingExponentials: Bool = true) throws(PolynomialError) {
        var budget = WorkBudget(limits)
        var table = GeneratorTable(splittingExponentials: splittingExponentials)
        // Pass 1: the nodes of the rational part, children first, and its atoms.
        var order: [Expr] = []
        var atoms: [Expr] = []
        var seen = ExprMap<Bool>()
        func visit(_ c: Expr) -> Bool {
            if seen[c] != nil { return false }
            seen[c] = true
            if c.isRationalNode { return true }
            if !c.isNumber { atoms.append(c) }
            return false
        }
        if visit(e) {
            var stack: [(Expr, Int)] = [(e, 0)]
            while let (node, i) = stack.last {
                if i < node.children.count {
                    stack[stack.count - 1].1 = i + 1
                    if visit(node.children[i]) { stack.append((node.children[i], 0)) }
                } else {
                    stack.removeLast()
                    order.append(node)
                }
            }
        }
        for a in atoms { table.register(a) }
        table.seal()
        let maximum = min(limits.maximumGenerators, MonomialLayout.maximumGenerators)
        if table.generators.count > maximum { throw .tooManyGenerators(limit: maximum) }
        generators = table.generators
        let n = generators.count
        // Pass 2: each node as a fraction, from its children's.
        var fractions = ExprMap<FactoredFraction>(capacity: order.count + atoms.count)
        for a in atoms {
            guard let exponents = table.exponents(of: a) else { throw .degreeTooHigh(limit: MonomialLayout.largestDegree(generatorCount: n)) }
            var numerator = [Int](repeating: 0, count: n), denominator = numerator
            for (i, k) in exponents {
                if k > 0 { numerator[i] += k } else { denominator[i] -= k }
            }
            try budget.spend(n)
            var f = FactoredFraction(try Polynomial(terms: [(numerator, .one)], generatorCount: n))
            for (i, k) in denominator.enumerated() where k > 0 { f.divide(byPowerOf: .generator(i, of: n), k) }
            fractions[a] = f
        }
        func constant(_ r: Rational) -> FactoredFraction { FactoredFraction(Polynomial(constant: r, generatorCount: n)) }
        func value(_ c: Expr) -> FactoredFraction { c.rationalValue.map(constant) ?? fractions[c]! }
        for node in order {
            let f: FactoredFraction
            switch node.head {
            case let .add(c):
                f = try .sum(node.children.map(value) + [constant(c)], &budget)
            case let .mul(c):
                f = try .product([constant(c)] + node.children.map(value), &budget)
            default:
                f = try value(node.children[0]).power(node.children[1].rationalValue!.intValue!, &budget)
            }
            fractions[node] = f
        }
        fraction = value(e)
        self.budget = budget
    }

    /// The numerator polynomial.
    public var numerator: Polynomial { fraction.numerator }

    /// The denominator as distinct primitive polynomials with their multiplicities.
    public var denominatorFactors: [(polynomial: Polynomial, multiplicity: Int)] {
        fraction.factors.map { ($0.polynomial, $0.multiplicity) }
    }

    /// The denominator multiplied out.
    public func denominator() throws(PolynomialError) -> Polynomial {
        var spare = budget
        return try fraction.denominator(&spare)
    }

    /// True when the expression is identically zero as a rational function of its generators.
    public var isZero: Bool { fraction.numerator.isZero }

    /// Divides numerator and denominator by their greatest common divisor.
    public mutating func cancel() throws(PolynomialError) { try fraction.cancel(&budget) }

    /// `c * P / Q` with P and Q multiplied out, integer coefficients without a common factor and
    /// Q's leading coefficient positive: SymPy's `cancel` form once `cancel()` has run.
    public func quotientExpression() throws(PolynomialError) -> Expr {
        let (cn, p) = fraction.numerator.contentAndPrimitivePart
        let (cd, q) = try denominator().contentAndPrimitivePart
        let c = cn / cd
        let top = p.expression(generators: generators)
        if q.isConstant { return .product([.number(c), top]) }
        return .product([.number(c), top, .power(q.expression(generators: generators), .minusOne)])
    }

    /// The numerator multiplied out over the denominator's factors as powers (`together`'s
    /// form), the numerator's rational content in front: `(x + 2)/(3*x^2)`.
    public var factoredDenominatorExpression: Expr {
        let (c, p) = fraction.numerator.contentAndPrimitivePart
        if fraction.factors.isEmpty { return fraction.numerator.expression(generators: generators) }
        var factors = [Expr.number(c), p.expression(generators: generators)]
        for f in fraction.factors {
            factors.append(.power(f.polynomial.expression(generators: generators), .integer(-f.multiplicity)))
        }
        return .product(factors)
    }
}

extension Expr {
    /// A sum, a product, or an integer power of something other than a number: the nodes a
    /// rational function is built from.
    var isRationalNode: Bool {
        switch head {
        case .add, .mul: return true
        case .pow: return !children[0].isNumber && children[1].rationalValue?.intValue != nil
        default: return false
        }
    }
}
