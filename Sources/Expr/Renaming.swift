extension Expr {
    /// `self` with its variables renamed by `names` (a name not in it stays), node for node: no
    /// canonical constructor runs, so the simplifier's held forms (`2*(x + 1)`) stay held.
    /// Only for a renaming that keeps the names' order: the structural order compares a name
    /// only with other names, so such a renaming keeps every sum and product in canonical order.
    public func renamingSymbols(_ names: [String: String]) -> Expr {
        let order = postorder
        var memo = ExprMap<Expr>(capacity: order.count)
        for e in order {
            switch e.head {
            case let .symbol(name):
                memo[e] = names[name].map(Expr.symbol) ?? e
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
