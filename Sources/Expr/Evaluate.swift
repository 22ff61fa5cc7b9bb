import Glibc

extension Expr {
    /// The value in double precision with the variables bound by `values` (a missing variable
    /// is NaN). Walks the shared graph once, children first; NaN marks values outside the real
    /// domain. This is the reference evaluator; compiled evaluation is faster.
    public func evaluate(at values: [String: Double]) -> Double {
        let order = postorder
        var memo = ExprMap<Double>(capacity: order.count)
        for e in order {
            let v: Double
            switch e.head {
            case let .number(r): v = r.doubleValue
            case let .symbol(name): v = values[name] ?? .nan
            case let .constant(c): v = c.value
            case .undefined: v = .nan
            case let .add(c): v = e.children.reduce(c.doubleValue) { $0 + memo[$1]! }
            case let .mul(c): v = e.children.reduce(c.doubleValue) { $0 * memo[$1]! }
            case .pow:
                let b = memo[e.children[0]]!, p = memo[e.children[1]]!
                // Principal powers: a negative base with a fractional exponent is complex, so NaN.
                v = Glibc.pow(b, p)
            case let .function(f): v = f.spec.evaluate(e.children.map { memo[$0]! })
            }
            memo[e] = v
        }
        return memo[self]!
    }
}
