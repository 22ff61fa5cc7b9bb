/// Several expressions written with their common parts named once: every subexpression that is
/// used more than once (by two parents, or as an expression and inside another) and is not short
/// becomes a definition `t1 = …`, and everything after it refers to it by name. What Maxima's
/// `optimize` and SymPy's `cse` print; for derivatives of sums over data it is the difference
/// between megabytes of repeated text and a page.
public struct SharedSubexpressions {
    /// The named subexpressions in the order they must be computed, each in terms of earlier ones.
    public let definitions: [(name: String, value: Expr)]
    /// The expressions in terms of the names, in the order given.
    public let expressions: [Expr]

    /// Subexpressions written out (in terms of the names before them) with fewer nodes than this
    /// stay inline: `x^2` or `0.6*t1*(1 - t1)` is hardly longer than a name and its definition.
    public static let minimumNamedSize = 8

    /// Names the subexpressions of `roots` used more than once; the roots are rewritten in terms
    /// of the names on up to `threads` threads.
    public init(_ roots: [Expr], threads: Int = 1) {
        let graph = IndexedGraph(roots)
        let order = graph.order
        var uses = [Int](repeating: 0, count: order.count)
        for p in order.indices {
            for k in order[p].children.indices where graph.childPosition(p, k) >= 0 { uses[graph.childPosition(p, k)] += 1 }
        }
        for root in roots { if let p = graph.position(of: root) { uses[p] += 1 } }
        // Sizes as written in terms of the names before them: `0.6*t17*t18` is short however
        // large t17 is.
        var size = [Int](repeating: 1, count: order.count)
        var named: [Int] = []
        for p in order.indices where !order[p].children.isEmpty {
            var s = 1
            for k in order[p].children.indices {
                let c = graph.childPosition(p, k)
                s = min(s + (c < 0 ? 1 : size[c]), Int.max / 2)
            }
            if uses[p] >= 2 && s >= SharedSubexpressions.minimumNamedSize {
                named.append(p)
                s = 1
            }
            size[p] = s
        }
        let prefix = SharedSubexpressions.prefix(avoiding: order)
        var names = ExprMap<Expr>(capacity: named.count)
        for (k, p) in named.enumerated() { names[order[p]] = .symbol("\(prefix)\(k + 1)") }
        let shared = Names(names)
        // A definition is its node over its children in terms of the names.
        let bodies = Array(named.map { order[$0].children }.joined())
        var rewritten = ExprMap<Expr>(capacity: bodies.count)
        for (e, r) in zip(bodies, shared.rewrite(bodies)) { rewritten[e] = r }
        definitions = named.enumerated().map { k, p in
            let node = order[p]
            return ("\(prefix)\(k + 1)", SharedSubexpressions.rebuilt(node, with: node.children.map { names[$0] ?? rewritten[$0]! }))
        }
        expressions = SharedSubexpressions.inRuns(roots, threads: threads) { shared.rewrite($0) }
    }

    /// `transform` applied to contiguous runs of `list` on up to `threads` threads, in order.
    private static func inRuns(_ list: [Expr], threads: Int, _ transform: @escaping @Sendable ([Expr]) -> [Expr]) -> [Expr] {
        let runs = min(threads * 4, list.count / 64)
        guard threads > 1, runs > 1 else { return transform(list) }
        let bounds = (0...runs).map { $0 * list.count / runs }
        let results = ResultSlots<[Expr]>(count: runs)
        Parallel.forEach(runs, threads: threads) { k in results[k] = transform(Array(list[bounds[k]..<bounds[k + 1]])) }
        // A run left out when the work was cancelled stays as it was.
        return (0..<runs).flatMap { results[$0] ?? Array(list[bounds[$0]..<bounds[$0 + 1]]) }
    }

    /// The names of the shared subexpressions, read by several threads at once.
    private final class Names: @unchecked Sendable {
        let map: ExprMap<Expr>
        init(_ map: ExprMap<Expr>) { self.map = map }

        /// `exprs` with every named subexpression (a whole expression too) replaced by its name.
        func rewrite(_ exprs: [Expr]) -> [Expr] {
            var memo = ExprMap<Expr>()
            for e in Expr.postorder(exprs, visiting: { self.map[$0] == nil }) {
                if Cancellation.isRequested { return exprs }
                if let name = map[e] {
                    memo[e] = name
                    continue
                }
                let kids = e.children
                let newKids = kids.map { map[$0] ?? memo[$0]! }
                memo[e] = newKids == kids ? e : SharedSubexpressions.rebuilt(e, with: newKids)
            }
            return exprs.map { map[$0] ?? memo[$0]! }
        }
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
