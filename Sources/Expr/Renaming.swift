extension Expr {
    /// `self` with each variable of `from` replaced by the one at the same place in `to`, node
    /// for node: no canonical constructor runs, so the simplifier's held forms (`2*(x + 1)`) stay
    /// held. Only for a renaming that keeps the names' order: the structural order compares a
    /// name only with other names, so such a renaming keeps every sum and product in canonical
    /// order. `from` is searched linearly: it is for the few variables of a small expression.
    /// `order` may pass `postorder` when the caller already has it.
    public func renamingSymbols(from: [Expr], to: [Expr], order known: [Expr]? = nil) -> Expr {
        let order = known ?? postorder
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

/// One expression renamed many times (a simplified pattern, once per entry that shares it):
/// its nodes in postorder with each child's place, found once, so that each renaming is a walk
/// over an array with no lookups.
public struct RenamingPlan {
    private let order: [Expr]
    /// For each node, its children's places in `order`.
    private let childPlaces: [[Int]]
    /// For each node, its place in `from` when it is one of those variables, else -1.
    private let variable: [Int]

    /// The plan for renaming `e`'s variables `from`.
    public init(_ e: Expr, from: [Expr]) {
        order = e.postorder
        var place = ExprMap<Int>(capacity: order.count)
        for (i, n) in order.enumerated() { place[n] = i }
        childPlaces = order.map { n in n.children.map { place[$0]! } }
        variable = order.map { n in from.firstIndex { $0.node === n.node } ?? -1 }
    }

    /// The expression with `from[k]` renamed `to[k]`, node for node, as
    /// `renamingSymbols(from:to:)` does.
    public func renamed(to: [Expr]) -> Expr {
        var out: [Expr] = []
        out.reserveCapacity(order.count)
        for (i, n) in order.enumerated() {
            if variable[i] >= 0 { out.append(to[variable[i]]); continue }
            let places = childPlaces[i]
            if places.isEmpty { out.append(n); continue }
            let kids = n.children
            var changed = false
            for (j, p) in places.enumerated() where out[p].node !== kids[j].node { changed = true; break }
            out.append(changed ? Expr(Node.intern(n.head, places.map { out[$0] })) : n)
        }
        return out[out.count - 1]
    }
}
