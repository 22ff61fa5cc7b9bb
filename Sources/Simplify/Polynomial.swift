import Expr

/// A polynomial with exact coefficients over a few variables, as a map from exponent vectors to
/// coefficients: the fast path of expansion when every term is a monomial (`3*x^2*y`), which
/// multiplies exponent vectors instead of building and interning every intermediate product.
struct Polynomial {
    let variables: [Expr]
    var terms: [[Int]: Rational]

    /// The polynomial of a list of terms, or nil when a term is not a monomial in symbols.
    init?(terms list: [Expr], variables: [Expr]) {
        self.variables = variables
        terms = [:]
        for t in list {
            guard let (c, exponents) = Polynomial.monomial(t, variables) else { return nil }
            terms[exponents, default: .zero] += c
        }
    }

    private init(variables: [Expr], terms: [[Int]: Rational]) {
        self.variables = variables
        self.terms = terms
    }

    /// The symbols of `terms` when all are monomials, in structural order.
    static func variables(of list: [Expr]) -> [Expr]? {
        var seen = Set<Expr>()
        for t in list {
            let factors: [Expr]
            switch t.head {
            case .number: continue
            case .mul: factors = t.children
            default: factors = [t]
            }
            for f in factors {
                let (b, e) = f.asPower
                guard case .symbol = b.head, let k = e.rationalValue?.intValue, k > 0 else { return nil }
                seen.insert(b)
            }
        }
        return seen.sorted { Expr.structuralCompare($0, $1) < 0 }
    }

    private static func monomial(_ t: Expr, _ variables: [Expr]) -> (Rational, [Int])? {
        var exponents = [Int](repeating: 0, count: variables.count)
        let factors: [Expr]
        let c: Rational
        switch t.head {
        case let .number(r): return (r, exponents)
        case let .mul(k): c = k; factors = t.children
        default: c = .one; factors = [t]
        }
        for f in factors {
            let (b, e) = f.asPower
            guard let i = variables.firstIndex(of: b), let k = e.rationalValue?.intValue, k > 0 else { return nil }
            exponents[i] += k
        }
        return (c, exponents)
    }

    func times(_ other: Polynomial, limit: Int) throws(ExpansionError) -> Polynomial {
        // Bound the work before doing it: few terms can still mean huge coefficients and
        // many products (repeated squaring of x + 1). A product of coefficients costs about
        // (words of a) * (words of b), so that is what each pair of terms counts.
        let (pairs, overflow) = terms.count.multipliedReportingOverflow(by: other.terms.count)
        let (products, overflow2) = pairs.multipliedReportingOverflow(by: coefficientWords * other.coefficientWords)
        let workLimit = limit * 5
        if overflow || overflow2 || products > workLimit { throw .tooMuchWork(limit: workLimit) }
        var result: [[Int]: Rational] = [:]
        result.reserveCapacity(min(limit, terms.count * other.terms.count))
        for (ea, ca) in terms {
            for (eb, cb) in other.terms {
                var e = ea
                for i in e.indices { e[i] += eb[i] }
                result[e, default: .zero] += ca * cb
            }
            if result.count > limit { throw .tooManyTerms(limit: limit) }
        }
        return Polynomial(variables: variables, terms: result.filter { !$0.value.isZero })
    }

    /// 64-bit words in the largest coefficient (at least 1).
    private var coefficientWords: Int {
        1 + (terms.values.map(\.bitWidth).max() ?? 0) / 64
    }

    /// The terms as expressions.
    var expressions: [Expr] {
        terms.map { exponents, c in
            .product([.number(c)] + zip(variables, exponents).compactMap { v, k in k == 0 ? nil : .power(v, .integer(k)) })
        }
    }
}
