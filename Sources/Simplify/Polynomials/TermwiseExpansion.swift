import Expr

/// Expansion through expressions, for the rare region whose exponents do not pack (more than 63
/// generators, or degrees past 2^31): the terms of sums are multiplied pair by pair and merged
/// by the canonical constructors, node by node, children first.
struct TermwiseExpansion {
    let limits: PolynomialLimits

    /// The value of the last of `order` (a region's nodes, children first), with atoms read
    /// through `effective`.
    func expand(_ order: [Expr], _ effective: (Expr) -> Expr) throws(PolynomialError) -> Expr {
        var values = ExprMap<Expr>(capacity: order.count)
        for e in order {
            let kids = e.children.map { c -> Expr in
                let v = effective(c)
                return values[v] ?? v
            }
            values[e] = try expandLocal(e.rebuilt(with: kids))
        }
        return values[order.last!]!
    }

    /// Distribution at one node whose children are already expanded.
    private func expandLocal(_ e: Expr) throws(PolynomialError) -> Expr {
        switch e.head {
        case .mul:
            let sums = e.children.filter(\.isSum)
            if sums.isEmpty { return e }
            // The other factors (with the coefficient) are one monomial that joins the first sum's terms.
            let monomial = Expr.product(e.children.filter { !$0.isSum }, coefficient: e.coefficient)
            var result = terms(of: sums[0]).map { Expr.product([monomial, $0]) }
            for s in sums.dropFirst() { result = try multiply(result, terms(of: s)) }
            return .sum(result)
        case .pow:
            guard case .add = e.children[0].head, let n = e.children[1].rationalValue?.intValue, n > 1 else { return e }
            if n > limits.maximumWork { throw .tooMuchWork(limit: limits.maximumWork) }
            // Binary powering keeps the number of multiplications logarithmic.
            var result: [Expr] = [.one]
            var square = terms(of: e.children[0])
            var k = n
            while k > 0 {
                if k & 1 == 1 { result = try multiply(result, square) }
                k >>= 1
                if k > 0 { square = try multiply(square, square) }
            }
            return .sum(result)
        default:
            return e
        }
    }

    private func terms(of e: Expr) -> [Expr] {
        guard case let .add(c) = e.head else { return [e] }
        return c.isZero ? e.children : e.children + [.number(c)]
    }

    /// The terms of (sum a)*(sum b), like terms merged.
    private func multiply(_ a: [Expr], _ b: [Expr]) throws(PolynomialError) -> [Expr] {
        let (count, overflow) = a.count.multipliedReportingOverflow(by: b.count)
        if overflow || count > limits.maximumWork { throw .tooMuchWork(limit: limits.maximumWork) }
        var products: [Expr] = []
        products.reserveCapacity(count)
        for x in a { for y in b { products.append(.product([x, y])) } }
        let result = terms(of: .sum(products))
        if result.count > limits.maximumTerms { throw .tooManyTerms(limit: limits.maximumTerms) }
        return result
    }
}
