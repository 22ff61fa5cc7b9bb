import Expr

/// One rewrite that lowering applies so compiled programs compute a textbook form in a way that
/// does not overflow, underflow or cancel (`log(sigmoid(u))` as `-softplus(-u)`). The rewritten
/// form has the same value in exact arithmetic; only the program changes, never the symbolic
/// result a user sees. Each rule's comment in `StableRewrite.all` names the error it removes.
public struct StableRewrite: Sendable {
    /// The stable name tests and notes refer to (`log-sigmoid`).
    public let name: String
    /// The rewritten node, or nil when the rule does not apply.
    let apply: @Sendable (Expr) -> Expr?
}

/// Expressions as compiled programs compute them: every node that a stable rewrite matches
/// replaced by its stable form, bottom-up over the shared graph (each node once, no recursion).
///
/// At each node the rules are tried in the order of `StableRewrite.all`, each first on the node
/// as written (so `log(exp(a)/(exp(a) + exp(b)))` is seen whole, before its quotient is rewritten)
/// and then on the node rebuilt from its rewritten children (so `log(1 - sigmoid(u))` meets
/// `log-sigmoid` once its argument has become `sigmoid(-u)`). A rule's result is stabilized in
/// turn, to a bounded depth.
public struct StableForms {
    /// The roots in their stable forms, in the order given.
    public let roots: [Expr]
    /// The names of the rules that fired, in the order they first did.
    public let applied: [String]
    /// For every node of the stable roots that replaced a node of the given ones, that node:
    /// what messages name (the user's `log(sigmoid(z))`, not `-softplus(-z)`).
    public let origins: [Expr: Expr]

    /// How deep a rule's result is stabilized again (rules shrink their patterns; this only
    /// guards against a cycle between two rules).
    static let depthLimit = 8

    /// Stabilizes `roots` with `rules` (all of them by default).
    public init(_ roots: [Expr], rules: [StableRewrite] = StableRewrite.all) {
        var state = Pass(rules: rules)
        let order = Expr.postorder(roots)
        for e in order { state.stabilize(e, depth: 0) }
        self.roots = roots.map { state.memo[$0]! }
        self.applied = state.applied
        var origins: [Expr: Expr] = [:]
        for e in order where !e.children.isEmpty {
            let s = state.memo[e]!
            if s != e, origins[s] == nil { origins[s] = e }
        }
        self.origins = origins
    }

    /// `f` in the stable form a program differentiates when it computes derivatives of `f`: the
    /// derivative of `-softplus(-u)` is `sigmoid(-u)`, where the derivative of `log(sigmoid(u))`
    /// as written divides by a sigmoid that may have underflowed. The printed derivative is
    /// still the textbook one; only what programs compute changes.
    public static func forDerivatives(_ f: Expr) -> Expr {
        StableForms([f], rules: StableRewrite.differentiable).roots[0]
    }

    /// Whether no rule fired: the roots are the given ones.
    public var isUnchanged: Bool { applied.isEmpty }

    private struct Pass {
        let rules: [StableRewrite]
        var memo = ExprMap<Expr>()
        var applied: [String] = []

        init(rules: [StableRewrite]) { self.rules = rules }

        /// Sets `memo[e]`; every child of `e` already has its entry.
        mutating func stabilize(_ e: Expr, depth: Int) {
            if memo[e] != nil { return }
            let kids = e.children
            var rebuilt = e
            if let first = kids.indices.first(where: { memo[kids[$0]]! != kids[$0] }) {
                var newKids = kids
                for i in first..<kids.count { newKids[i] = memo[kids[i]]! }
                rebuilt = e.rebuilt(with: newKids)
            }
            guard depth < StableForms.depthLimit, !kids.isEmpty, let (rule, result) = firstRule(e, rebuilt) else {
                _ = memo.insert(e, rebuilt)
                return
            }
            if !applied.contains(rule) { applied.append(rule) }
            // The result is made of nodes already stabilized (the operands the rule kept) and new
            // ones, which are stabilized now, children first.
            for n in newNodes(of: result) { stabilize(n, depth: depth + 1) }
            _ = memo.insert(e, memo[result]!)
        }

        /// The nodes of `e` without an entry yet, children first (a rule's result is small, and
        /// the walk stops at nodes already stabilized).
        private func newNodes(of e: Expr) -> [Expr] {
            var order: [Expr] = []
            var seen = Set<Expr>()
            var stack: [(Expr, Int)] = []
            if memo[e] == nil { stack.append((e, 0)); seen.insert(e) }
            while let (top, i) = stack.last {
                let kids = top.children
                if i == kids.count {
                    order.append(top)
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].1 = i + 1
                let child = kids[i]
                if memo[child] == nil, seen.insert(child).inserted { stack.append((child, 0)) }
            }
            return order
        }

        private func firstRule(_ written: Expr, _ rebuilt: Expr) -> (String, Expr)? {
            for rule in rules {
                if let r = rule.apply(written), r != written { return (rule.name, r) }
                if rebuilt != written, let r = rule.apply(rebuilt), r != rebuilt { return (rule.name, r) }
            }
            return nil
        }
    }
}
