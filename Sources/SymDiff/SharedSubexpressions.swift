/// Several expressions written with their common parts named once: every subexpression that is
/// used more than once (by two parents, or as an expression and inside another) and is not tiny
/// becomes a definition `t1 = …`, and everything after it refers to it by name. What Maxima's
/// `optimize` and SymPy's `cse` print; for derivatives of sums over data it is the difference
/// between megabytes of repeated text and a page.
public struct SharedSubexpressions {
    /// The named subexpressions in the order they must be computed, each in terms of earlier ones.
    public let definitions: [(name: String, value: Expr)]
    /// The expressions in terms of the names, in the order given.
    public let expressions: [Expr]

    /// Subexpressions written out with fewer nodes than this stay inline (`x^2` is shorter than
    /// a name and its definition).
    public static let minimumNamedSize = 4

    /// Names the subexpressions of `roots` used more than once.
    public init(_ roots: [Expr]) {
        let graph = IndexedGraph(roots)
        let order = graph.order
        var uses = [Int](repeating: 0, count: order.count)
        for p in order.indices {
            for k in order[p].children.indices where graph.childPosition(p, k) >= 0 { uses[graph.childPosition(p, k)] += 1 }
        }
        for root in roots { if let p = graph.position(of: root) { uses[p] += 1 } }
        let prefix = SharedSubexpressions.prefix(avoiding: order)
        var outer: [Expr] = []
        outer.reserveCapacity(order.count)
        var definitions: [(name: String, value: Expr)] = []
        for (p, node) in order.enumerated() {
            let kids = node.children
            var inner = node
            if !kids.isEmpty {
                let newKids = kids.indices.map { outer[graph.childPosition(p, $0)] }
                if newKids != kids { inner = SharedSubexpressions.rebuilt(node, with: newKids) }
            }
            if uses[p] >= 2, !kids.isEmpty, node.node.treeSize >= SharedSubexpressions.minimumNamedSize {
                let name = "\(prefix)\(definitions.count + 1)"
                definitions.append((name, inner))
                outer.append(.symbol(name))
            } else {
                outer.append(inner)
            }
        }
        self.definitions = definitions
        expressions = roots.map { outer[graph.position(of: $0)!] }
    }

    /// True when writing `roots` with shared subexpressions is much shorter than writing each out:
    /// they are large written out and write out to many times their distinct nodes.
    public static func isMuchSmaller(_ roots: [Expr]) -> Bool {
        let written = roots.reduce(0) { min($0 &+ $1.node.treeSize, Int.max / 2) }
        guard written > 10_000 else { return false }
        return written > 4 * Expr.postorder(roots).count
    }

    /// `node` over new children, keeping the simplifier's held `c*(sum)` form where the sum is
    /// still a sum.
    private static func rebuilt(_ node: Expr, with kids: [Expr]) -> Expr {
        if case let .mul(c) = node.head, kids.count == 1, case .add = kids[0].head {
            return Expr.scaledSum(kids[0], by: c)
        }
        return node.rebuilt(with: kids)
    }

    /// `t`, or `t_`, `t__`, … when a variable is already called `t1`, `t2`, ….
    private static func prefix(avoiding order: [Expr]) -> String {
        var taken: Set<String> = []
        for e in order { if case let .symbol(name) = e.head { taken.insert(name) } }
        var candidate = "t"
        while taken.contains(where: { name in
            name.hasPrefix(candidate) && name.count > candidate.count && name.dropFirst(candidate.count).allSatisfy { $0.isASCII && $0.isNumber }
        }) {
            candidate += "_"
        }
        return candidate
    }
}
