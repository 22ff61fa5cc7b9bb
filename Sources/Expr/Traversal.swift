/// Whole-graph passes: every distinct node once, children before parents, without recursion,
/// so 10^5-deep expressions pass and shared subexpressions cost once.
extension Expr {
    /// The distinct subexpressions of `roots`, each once, every node after its children.
    public static func postorder(_ roots: [Expr]) -> [Expr] { postorder(roots, visiting: nil) }

    /// The distinct subexpressions of `roots`, children first, leaving out every child for which
    /// `visiting` is false (and all below it that nothing else reaches).
    public static func postorder(_ roots: [Expr], visiting: ((Expr) -> Bool)?) -> [Expr] {
        // The written-out size bounds the distinct count; capped, as shared graphs write out
        // far larger than they are.
        let bound = roots.reduce(0) { min($0 &+ $1.node.treeSize, 4096) }
        // The roots keep every node visited alive, so the walk reads them unretained: the
        // only reference counted per node is the one `order` keeps.
        var seen = NodePositions(capacity: bound)
        var order: [Expr] = []
        order.reserveCapacity(bound)
        // (node, index of the next child to visit)
        var stack: [(Unmanaged<Node>, Int)] = []
        stack.reserveCapacity(min(roots.reduce(0) { max($0, $1.node.height) }, 256))
        for root in roots where seen.insert(.passUnretained(root.node)) == nil {
            stack.append((.passUnretained(root.node), 0))
            while let (top, i) = stack.last {
                let next: Unmanaged<Node>? = top._withUnsafeGuaranteedRef { node in
                    i < node.children.count ? node.unretainedChild(i) : nil
                }
                guard let child = next else {
                    order.append(Expr(top.takeUnretainedValue()))
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].1 = i + 1
                if seen.insert(child) != nil { continue }
                if let visiting, !visiting(Expr(child.takeUnretainedValue())) {
                    continue
                }
                stack.append((child, 0))
            }
        }
        return order
    }

    /// The distinct subexpressions of `self`, children first, `self` last.
    public var postorder: [Expr] { Expr.postorder([self]) }

    /// The same kind of node over new children, through the canonical constructors.
    public func rebuilt(with newChildren: [Expr]) -> Expr {
        switch head {
        case .number, .symbol, .constant, .undefined: return self
        // The number goes in without a concatenated copy of the children; one child and a
        // number take the two-operand shortcut, as `sum` and `product` of the pair would.
        case let .add(c):
            if c.isZero { return .sum(newChildren) }
            if newChildren.count == 1, let s = Expr.sumOfTwo(newChildren[0], .number(c)) { return s }
            var builder = SumBuilder(capacity: newChildren.count + 1)
            for t in newChildren { builder.add(t) }
            builder.add(.number(c))
            return builder.build()
        case let .mul(c):
            if c.isOne { return .product(newChildren) }
            if newChildren.count == 1, let p = Expr.productOfTwo(.number(c), newChildren[0]) { return p }
            return .product(newChildren, times: c)
        case .pow: return .power(newChildren[0], newChildren[1])
        case let .function(f): return .apply(f, newChildren)
        }
    }

    /// Applies `transform` to every node bottom-up: each node is rebuilt from its transformed
    /// children and then passed to `transform`. Memoized per node.
    public func rewrittenBottomUp(_ transform: (Expr) -> Expr) -> Expr {
        Expr.rewrittenBottomUp([self], transform)[0]
    }

    /// `rewrittenBottomUp` over several roots sharing one memo.
    /// `order` may pass `postorder(roots)` when the caller already has it.
    public static func rewrittenBottomUp(_ roots: [Expr], order known: [Expr]? = nil, _ transform: (Expr) -> Expr) -> [Expr] {
        let order = known ?? postorder(roots)
        var memo = ExprMap<Expr>(capacity: order.count)
        for e in order {
            if Cancellation.isRequested { return roots }
            let kids = e.children
            var rebuiltNode = e
            // A new child list only from the first child that changed: most nodes keep theirs.
            if let first = kids.indices.first(where: { memo[kids[$0]]! != kids[$0] }) {
                var newKids = kids
                for i in first..<kids.count { newKids[i] = memo[kids[i]]! }
                rebuiltNode = e.rebuilt(with: newKids)
            }
            memo[e] = transform(rebuiltNode)
        }
        return roots.map { memo[$0]! }
    }

    /// `self` rebuilt through the canonical constructors at every node: the simplifier's held
    /// forms (`2*(x + 1)`) become canonical again (`2*x + 2`). What the printed text of any
    /// expression parses back to.
    public var canonicalized: Expr {
        let order = postorder
        var memo = ExprMap<Expr>(capacity: order.count)
        for e in order {
            if Cancellation.isRequested { return self }
            memo[e] = e.children.isEmpty ? e : e.rebuilt(with: e.children.map { memo[$0]! })
        }
        return memo[self]!
    }

    /// `self` with every occurrence of a key of `replacements` replaced by its value.
    public func substituting(_ replacements: [Expr: Expr]) -> Expr {
        rewrittenBottomUp { replacements[$0] ?? $0 }
    }

    /// The names of the variables in `self`, sorted.
    public var freeSymbols: [String] {
        var names: [String] = []
        for e in postorder { if case let .symbol(n) = e.head { names.append(n) } }
        return names.sorted()
    }

    /// True when `symbol` occurs in `self`.
    public func contains(_ symbol: Expr) -> Bool {
        postorder.contains(symbol)
    }
}
