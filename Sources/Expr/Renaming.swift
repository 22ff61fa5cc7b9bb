extension Expr {
    /// `self` with each variable of `from` replaced by the one at the same place in `to`, node
    /// for node: no canonical constructor runs, so the simplifier's held forms (`2*(x + 1)`) stay
    /// held. Only for a renaming that keeps the names' order: the structural order compares a
    /// name only with other names, so such a renaming keeps every sum and product in canonical
    /// order. `from` is searched linearly: it is for the few variables of a small expression.
    public func renamingSymbols(from: [Expr], to: [Expr]) -> Expr {
        let order = postorder
        var memo = ExprMap<Expr>(capacity: order.count)
        for e in order {
            switch e.head {
            case .symbol:
                var renamed = e
                for k in from.indices where from[k].node === e.node { renamed = to[k]; break }
                memo[e] = renamed
            case .number, .constant, .undefined:
                memo[e] = e
            default:
                let kids = e.children
                let renamed = kids.map { memo[$0]! }
                memo[e] = renamed == kids ? e : Expr(Node.intern(e.head, renamed))
            }
        }
        return memo[self]!
    }
}
