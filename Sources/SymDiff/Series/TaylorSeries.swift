/// The Taylor polynomial of an expression at a point, in one or several variables, with exact
/// coefficients and the order of what is left out: `1 - x^2/6 + x^4/120 + O(x^6)`.
///
/// The remainder's order is the total degree of the first term left out that is not zero (terms
/// that vanish are looked past, a few orders beyond the one asked for), or the order to which the
/// series is known to be zero beyond that; nil when the polynomial is the expression itself.
public struct TaylorSeries: Sendable {
    /// The expansion variables and the point's coordinates, in the order given.
    public let point: [(variable: Expr, value: Expr)]
    /// The highest total degree kept.
    public let order: Int
    /// The homogeneous parts of degree 0, 1, …, `order`, in powers of `x - a` (zero where a
    /// degree has no terms).
    public let parts: [Expr]
    /// The total degree of the O term, or nil when nothing is left out.
    public let remainder: Int?
    /// The terms as printed, in rising degree: each a coefficient times powers of `x_i - a_i`,
    /// held unexpanded (`5*(x - 1)`), within a degree in the order of the variables.
    public let terms: [Expr]

    /// The polynomial without the O term.
    public var polynomial: Expr { .sum(parts) }

    /// The expansion of `e` at `point` up to total degree `order`. Coordinates of the point may
    /// be symbolic but must not contain the expansion variables.
    public static func expand(_ e: Expr, at point: [(variable: Expr, value: Expr)], order: Int) throws(SeriesError) -> TaylorSeries {
        precondition(!point.isEmpty && order >= 0)
        let single = point.count == 1
        let directions = point.indices.map { Expr.symbol("h\($0)\u{2032}series") }
        var variables: [Expr: TruncatedSeries] = [:]
        var substitution: [Expr: Expr] = [:]
        for (i, p) in point.enumerated() {
            let h = single ? Expr.one : directions[i]
            variables[p.variable] = TruncatedSeries(low: 0, terms: [p.value, h], precision: nil)
            substitution[p.variable] = p.value + h * SeriesExpander.t
        }
        let normalize: (Expr) -> Expr = { c in
            let expanded = (try? c.expanded(maximumTerms: 20_000)) ?? c
            return Simplifier().simplify(expanded)
        }
        // Look past vanishing terms: a few orders beyond the one asked for.
        var extra = max(2, min(order + 1, 6))
        for _ in 0..<4 {
            let limit = order + 1 + extra
            let expander = SeriesExpander(variables: variables, substitution: substitution, limit: limit, normalize: normalize)
            let s: TruncatedSeries
            do throws(SeriesError) { s = try expander.series(of: e) } catch {
                if error.needsMoreTerms { extra *= 2; continue }
                throw error
            }
            if let v = s.valuation, v < 0, !s.isZeroToKnownOrder {
                let start = single ? " (its Laurent series starts at \(Expr.power(point[0].variable - point[0].value, .integer(v))))" : ""
                throw SeriesError("\(e) has no Taylor series at \(pointText(point)): it has a pole there\(start)")
            }
            if let p = s.precision, p <= order {
                extra += order + 1 - p + 2
                continue
            }
            let h = single ? [point[0].variable - point[0].value] : point.map { $0.variable - $0.value }
            var parts: [Expr] = [], terms: [Expr] = []
            for k in 0...order {
                let c = s.coefficient(k)
                if single {
                    let t = term(Simplifier().simplify(c), h[0], k)
                    parts.append(t)
                    terms.append(t)
                } else {
                    let monomials = Self.monomials(of: (try? c.expanded()) ?? c, in: directions, at: h)
                    parts.append(.sum(monomials))
                    terms += monomials
                }
            }
            var remainder = s.precision
            for k in (order + 1)..<max(order + 1, s.knownEnd) where !s.coefficient(k).isZero {
                remainder = k
                break
            }
            return TaylorSeries(point: point, order: order, parts: parts, remainder: remainder, terms: terms.filter { !$0.isZero })
        }
        throw SeriesError("the series of \(e) at \(pointText(point)) cancels beyond the orders tried; the terms up to order \(order) could not be found")
    }

    /// The terms of `c`, a polynomial in the directions, each as its coefficient times powers of
    /// `h[i]`, ordered by their exponents (x^2 before x*y before y^2).
    private static func monomials(of c: Expr, in directions: [Expr], at h: [Expr]) -> [Expr] {
        var found: [(exponents: [Int], term: Expr)] = []
        // Degree 0 is the constant; higher degrees are sums of monomials with no constant.
        if !directions.contains(where: c.contains) { return [c] }
        for t in c.isSum ? c.children : [c] {
            let (r, rest) = t.splitCoefficient()
            var exponents = Array(repeating: 0, count: directions.count)
            var others: [Expr] = []
            for f in rest.isProduct ? rest.children : [rest] {
                let (base, power) = f.asPower
                if let i = directions.firstIndex(of: base), let k = power.rationalValue?.intValue {
                    exponents[i] += k
                } else if f != .one {
                    others.append(f)
                }
            }
            var factors = others
            for (i, k) in exponents.enumerated() where k > 0 { factors.append(.power(h[i], .integer(k))) }
            let product = Expr.product(factors)
            found.append((exponents, product.isSum && others.isEmpty ? .scaledSum(product, by: r) : .number(r) * product))
        }
        return found.sorted { $0.exponents.lexicographicallyPrecedes($1.exponents, by: >) }.map(\.term)
    }

    /// `c·h^k`, with a numeric coefficient of `x - a` kept outside: `5*(x - 1)`, not `5*x - 5`.
    private static func term(_ c: Expr, _ h: Expr, _ k: Int) -> Expr {
        let hk = Expr.power(h, .integer(k))
        guard hk.isSum else { return c * hk }
        let (r, rest) = c.splitCoefficient()
        return rest == .one ? .scaledSum(hk, by: r) : c * hk
    }

    /// The series as text in `format`: terms in rising degree, then the O term.
    public func text(_ format: OutputFormat = .infix) -> String {
        switch format {
        case .json:
            let terms = terms.map { JSONPrinter().print($0) }.joined(separator: ",")
            let o = remainderExpr.map { JSONPrinter().print($0) } ?? "null"
            return "{\"terms\":[\(terms)],\"order\":\(order),\"remainder\":\(o)}"
        case .infix, .latex:
            var text = ""
            for term in terms {
                // A lone x - a stays in parentheses: `1 + (x - 1)`, not `1 + x - 1`.
                let printed = format.print(term)
                append(term.isSum && !text.isEmpty ? (format == .latex ? "\\left(\(printed)\\right)" : "(\(printed))") : printed, to: &text)
            }
            if let o = remainderExpr {
                let inner = format.print(o)
                append(format == .latex ? "O\\left(\(inner)\\right)" : "O(\(inner))", to: &text)
            }
            return text.isEmpty ? "0" : text
        }
    }

    /// What the O term is of: `(x - a)^k`, or in several variables the distance to the point to
    /// the power k, `(x^2 + y^2)^(k/2)`.
    public var remainderExpr: Expr? {
        guard let k = remainder else { return nil }
        if point.count == 1 { return .power(point[0].variable - point[0].value, .integer(k)) }
        let squares = Expr.sum(point.map { .power($0.variable - $0.value, .two) })
        return .power(squares, .number(Rational(k, 2)))
    }

    /// Joins terms with ` + `, or ` - ` before a term printed with a leading minus.
    private func append(_ term: String, to text: inout String) {
        if text.isEmpty { text = term } else if term.hasPrefix("-") { text += " - " + term.dropFirst() } else { text += " + " + term }
    }
}

private func pointText(_ point: [(variable: Expr, value: Expr)]) -> String {
    point.map { "\($0.variable)=\($0.value)" }.joined(separator: ",")
}
