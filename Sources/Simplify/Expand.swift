import Expr

/// Why an expansion was refused.
public enum ExpansionError: Error, Equatable, CustomStringConvertible {
    case tooManyTerms(limit: Int)
    /// Multiplying out would take more than `limit` word products of coefficients (a power such as
    /// (x + 1)^(10^17) has few terms per step but astronomically many steps' worth of work).
    case tooMuchWork(limit: Int)

    public var description: String {
        switch self {
        case let .tooManyTerms(limit): return "the expansion has more than \(limit) terms"
        case let .tooMuchWork(limit): return "the expansion needs more than \(limit) products of terms (counted in 64-bit words of their coefficients)"
        }
    }
}

extension Expr {
    /// Products of sums multiplied out and positive integer powers of sums expanded
    /// (`(x + 1)^2 = x^2 + 2*x + 1`), everywhere in the expression. Function arguments are
    /// expanded too. Throws when an intermediate sum passes `maximumTerms` terms.
    public func expanded(maximumTerms: Int = 200_000) throws(ExpansionError) -> Expr {
        var memo: [Expr: Expr] = [:]
        for e in postorder {
            let kids = e.children.map { memo[$0]! }
            let rebuilt = kids.isEmpty ? e : e.rebuilt(with: kids)
            memo[e] = try Expansion(limit: maximumTerms).expandLocal(rebuilt)
        }
        return memo[self]!
    }
}

extension Expr {
    /// Expansion of the sums and products at the top of the expression only, leaving function
    /// arguments as they are; nil when there is nothing to multiply out. Cheap enough to try at
    /// every node during simplification.
    func expandedShallow(maximumTerms: Int) -> Expr? {
        guard needsExpansion else { return nil }
        var memo = ExprMap<Expr>()
        let expansion = Expansion(limit: maximumTerms)
        // Children first, through sums, products and powers only.
        var order: [Expr] = []
        var stack: [(Expr, Bool)] = [(self, false)]
        while let (e, visited) = stack.popLast() {
            if memo[e] != nil { continue }
            switch e.head {
            case .add, .mul, .pow:
                if visited {
                    order.append(e)
                    memo[e] = e
                } else {
                    stack.append((e, true))
                    for c in e.children where memo[c] == nil { stack.append((c, false)) }
                }
            default:
                memo[e] = e
            }
        }
        for e in order {
            let kids = e.children.map { memo[$0] ?? $0 }
            let rebuilt = e.rebuilt(with: kids)
            guard let expanded = try? expansion.expandLocal(rebuilt) else { return nil }
            memo[e] = expanded
        }
        return memo[self]
    }

    /// True when a product holds a sum, or a sum is raised to a power ≥ 2, outside function calls.
    var needsExpansion: Bool {
        var stack: [Expr] = [self]
        var budget = 200
        while let e = stack.popLast(), budget > 0 {
            budget -= 1
            switch e.head {
            case .mul:
                for f in e.children {
                    if case .add = f.head { return true }
                    if case .pow = f.head, case .add = f.children[0].head, let n = f.children[1].rationalValue?.intValue, n > 1 { return true }
                }
                stack.append(contentsOf: e.children)
            case .pow:
                if case .add = e.children[0].head, let n = e.children[1].rationalValue?.intValue, n > 1 { return true }
                stack.append(e.children[0])
            case .add:
                stack.append(contentsOf: e.children)
            default: break
            }
        }
        return false
    }
}

/// Distribution at one node whose children are already expanded.
struct Expansion {
    let limit: Int

    func expandLocal(_ e: Expr) throws(ExpansionError) -> Expr {
        switch e.head {
        case .mul:
            // Only the sums are multiplied out; the other factors (with the coefficient) are
            // one monomial that joins the first sum's terms.
            let sums = e.children.filter(\.isSum)
            if sums.isEmpty { return e }
            let monomial = Expr.product(e.children.filter { !$0.isSum }, coefficient: e.coefficient)
            var result = terms(of: sums[0]).map { Expr.product([monomial, $0]) }
            for s in sums.dropFirst() {
                result = try multiply(result, terms(of: s))
            }
            return .sum(result)
        case .pow:
            guard case .add = e.children[0].head, let n = e.children[1].rationalValue?.intValue, n > 1 else { return e }
            let baseTerms = terms(of: e.children[0])
            if let vars = Polynomial.variables(of: baseTerms), let base = Polynomial(terms: baseTerms, variables: vars) {
                // Fast path: a polynomial in symbols, powered on exponent vectors.
                var result = Polynomial(terms: [.one], variables: vars)!
                var square = base
                var k = n
                while k > 0 {
                    if k & 1 == 1 { result = try result.times(square, limit: limit) }
                    k >>= 1
                    if k > 0 { square = try square.times(square, limit: limit) }
                }
                return .sum(result.expressions)
            }
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
    private func multiply(_ a: [Expr], _ b: [Expr]) throws(ExpansionError) -> [Expr] {
        let (count, overflow) = a.count.multipliedReportingOverflow(by: b.count)
        if overflow || count > limit * 4 { throw .tooManyTerms(limit: limit) }
        var products: [Expr] = []
        products.reserveCapacity(count)
        for x in a { for y in b { products.append(.product([x, y])) } }
        let merged = Expr.sum(products)
        let result: [Expr]
        if case let .add(c) = merged.head { result = c.isZero ? merged.children : merged.children + [.number(c)] } else { result = [merged] }
        if result.count > limit { throw .tooManyTerms(limit: limit) }
        return result
    }
}
