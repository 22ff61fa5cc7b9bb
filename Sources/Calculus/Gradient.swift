import Expr

/// Gradients, Jacobians and Hessians by reverse accumulation over the shared graph.
///
/// One backward sweep visits every distinct node once, children after parents, and sends each
/// child its adjoint contribution `adjoint(node) * ∂node/∂child`. Products pass partials built
/// from prefix and suffix products, so a product of k factors costs O(k), not O(k²): the
/// gradient's size grows like the function's own (the cheap-gradient principle), e.g. O(n)
/// nodes for the gradient of prod_i sin(x_i).
public struct ReverseAccumulation {
    public init() {}

    /// ∂f/∂v for each variable `v`, in order.
    public func gradient(of f: Expr, withRespectTo variables: [Expr]) -> [Expr] {
        let sweep = adjoints(of: f)
        return variables.map { sweep.adjoint(of: $0) }
    }

    /// The adjoints of one backward sweep: ∂f/∂node for every node of `f`.
    private struct Sweep {
        /// The nodes of `f`, children before parents.
        let order: [Expr]
        /// `slot[node]` indexes `parts`; after the sweep each slot holds one adjoint, except for
        /// leaves, whose contributions are summed when asked for.
        let slot: ExprMap<Int>
        let parts: Contributions

        func adjoint(of v: Expr) -> Expr {
            guard let i = slot[v] else { return .zero }
            return parts.total(i)
        }
    }

    /// Local partials by node, kept across sweeps.
    private final class PartialsCache {
        private var map: ExprMap<[(Expr, Expr)]>
        init(capacity: Int) { map = ExprMap(capacity: capacity) }

        func of(_ node: Expr, _ compute: (Expr) -> [(Expr, Expr)]) -> [(Expr, Expr)] {
            if let known = map[node] { return known }
            let partials = compute(node)
            map[node] = partials
            return partials
        }
    }

    /// The contributions each slot receives, as linked lists in flat arrays: most nodes
    /// receive one contribution, so a list per node would cost an allocation for nothing.
    private struct Contributions {
        private var items: [Expr] = []
        private var next: [Int] = []
        private var first: [Int] = []
        private var last: [Int] = []

        /// Room for `nodes` slots and about twice as many contributions, so a sweep rarely
        /// grows its arrays.
        init(nodes: Int) {
            items.reserveCapacity(2 * nodes)
            next.reserveCapacity(2 * nodes)
            first.reserveCapacity(nodes)
            last.reserveCapacity(nodes)
        }

        /// A new slot holding `value`; its index.
        mutating func newSlot(_ value: Expr) -> Int {
            first.append(items.count)
            last.append(items.count)
            items.append(value)
            next.append(-1)
            return first.count - 1
        }

        mutating func append(_ value: Expr, to slot: Int) {
            next[last[slot]] = items.count
            last[slot] = items.count
            items.append(value)
            next.append(-1)
        }

        /// The sum of the slot's contributions, in the order they came.
        func total(_ slot: Int) -> Expr {
            let head = first[slot]
            if next[head] < 0 { return items[head] }
            var terms: [Expr] = []
            var k = head
            while k >= 0 {
                terms.append(items[k])
                k = next[k]
            }
            return Expr.sum(terms)
        }

        /// Replaces the slot's contributions with their total and returns it.
        mutating func settle(_ slot: Int) -> Expr {
            let value = total(slot)
            let head = first[slot]
            items[head] = value
            next[head] = -1
            last[slot] = head
            return value
        }
    }

    /// `needed(child)` false means nothing asked for lies below `child`: the sweep sends it no
    /// contribution, so its whole subgraph is skipped.
    ///
    /// `partials`, when given, keeps each node's local partials for the next sweep: the rows of
    /// a Hessian sweep over the same nodes again and again, and a product's partials (its
    /// prefix and suffix products) are the same every time.
    private func adjoints(of f: Expr, needed: ((Expr) -> Bool)? = nil, partials: PartialsCache? = nil) -> Sweep {
        let order = Expr.postorder([f], visiting: needed)
        var slot = ExprMap<Int>(capacity: order.count)
        var parts = Contributions(nodes: order.count)
        slot[f] = parts.newSlot(.one)
        for node in order.reversed() {
            guard let i = slot[node] else { continue }
            if node.children.isEmpty { continue }
            let adjoint = parts.settle(i)
            if adjoint.isZero { continue }
            func send(_ contribution: Expr, to child: Expr) {
                if let needed, !needed(child) { return }
                if let j = slot[child] {
                    parts.append(contribution, to: j)
                } else {
                    slot[child] = parts.newSlot(contribution)
                }
            }
            if node.isSum {
                // Every partial of a sum is 1: the adjoint passes through unchanged.
                for child in node.children { send(adjoint, to: child) }
                continue
            }
            if case .pow = node.head, let p = node.children[1].rationalValue, let r = adjoint.rationalValue {
                // r * d(u^p)/du = (r*p) * u^(p-1): the two numbers meet first, so a sum u^(p-1)
                // is scaled once instead of twice (the same node either way).
                let rest = Expr.power(node.children[0], .number(p - .one))
                if !rest.isLargeProduct {
                    send(.product([.number(r * p), rest]), to: node.children[0])
                    continue
                }
            }
            for (child, partial) in partials?.of(node, localPartials) ?? localPartials(node) where !partial.isZero {
                send(partial == .one ? adjoint : adjoint == .one ? partial : Expr.product(adjoint, chainingOnto: partial), to: child)
            }
        }
        return Sweep(order: order, slot: slot, parts: parts)
    }

    /// The Jacobian: row i is the gradient of `functions[i]`.
    public func jacobian(of functions: [Expr], withRespectTo variables: [Expr]) -> [[Expr]] {
        functions.map { gradient(of: $0, withRespectTo: variables) }
    }

    /// The Hessian of `f`, symmetric: each pair (i, j) with j >= i is computed once and mirrored.
    public func hessian(of f: Expr, withRespectTo variables: [Expr]) -> [[Expr]] {
        let n = variables.count
        // Fresh rows: rows copied from one shared row would each be copied again on first write.
        var h = (0..<n).map { _ in [Expr](repeating: .zero, count: n) }
        for entry in hessianEntries(of: f, withRespectTo: variables) {
            h[entry.row][entry.column] = entry.value
            h[entry.column][entry.row] = entry.value
        }
        // A variable listed twice gets the row and column of its first place.
        var first = ExprMap<Int>(capacity: n)
        for (k, v) in variables.enumerated() {
            guard let p = first[v] else { first[v] = k; continue }
            h[k] = h[p]
            for r in 0..<n { h[r][k] = h[r][p] }
        }
        return h
    }

    /// The entries of the Hessian that are not identically zero, upper triangle only
    /// (`row <= column`), row by row: what a large sparse Hessian needs, without an n×n matrix
    /// of zeros. Row i comes from one backward sweep over ∂f/∂x_i, which reads off only the
    /// variables that occur in it, so a sparse Hessian (Rosenbrock's is tridiagonal) costs O(n)
    /// sweeps of O(1) each. A variable listed twice has entries at its first place only.
    public func hessianEntries(of f: Expr, withRespectTo variables: [Expr]) -> [HessianEntry] {
        let g = gradient(of: f, withRespectTo: variables)
        var position = ExprMap<Int>(capacity: variables.count)
        for (k, v) in variables.enumerated() where position[v] == nil { position[v] = k }
        // The last variable (by position) each node depends on: row i needs only the adjoints
        // of nodes that reach a variable at or after position i, which halves a dense Hessian.
        let nodes = Expr.postorder(g)
        var lastVariable = ExprMap<Int>(capacity: nodes.count)
        for node in nodes {
            var last = -1
            if case .symbol = node.head, let k = position[node] { last = k }
            for child in node.children { last = max(last, lastVariable[child] ?? -1) }
            lastVariable[node] = last
        }
        let partials = PartialsCache(capacity: nodes.count)
        var entries: [HessianEntry] = []
        for i in variables.indices where !g[i].isZero && position[variables[i]] == i {
            let sweep = adjoints(of: g[i], needed: { (lastVariable[$0] ?? -1) >= i }, partials: partials)
            var row: [HessianEntry] = []
            for node in sweep.order {
                guard case .symbol = node.head, let j = position[node], j >= i else { continue }
                let value = sweep.adjoint(of: node)
                if !value.isZero { row.append(HessianEntry(row: i, column: j, value: value)) }
            }
            entries += row.sorted { $0.column < $1.column }
        }
        return entries
    }

    /// (child, ∂node/∂child) for each child; a child that occurs twice gets two entries.
    private func localPartials(_ node: Expr) -> [(Expr, Expr)] {
        let kids = node.children
        switch node.head {
        case .add:
            return kids.map { ($0, .one) }
        case let .mul(c):
            return zip(kids, productPartials(kids, coefficient: c)).map { ($0, $1) }
        case .pow:
            let (b, p) = (kids[0], kids[1])
            var out: [(Expr, Expr)] = [(b, .product([p, .power(b, p - 1)]))]
            if !p.isNumber { out.append((p, .product([node, .apply(FunctionTable.log, [b])]))) }
            return out
        case let .function(f):
            return Array(zip(kids, f.spec.partials(kids)))
        case .number, .symbol, .constant, .undefined:
            return []
        }
    }

    /// c * (product of all factors but the i-th), for each i, from prefix and suffix products.
    private func productPartials(_ factors: [Expr], coefficient c: Rational) -> [Expr] {
        let k = factors.count
        if k == 1 { return [.number(c)] }
        if k == 2 {
            if c.isOne { return [factors[1], factors[0]] }
            return [.product([.number(c), factors[1]]), .product([.number(c), factors[0]])]
        }
        if k <= 4 {
            return (0..<k).map { i in
                var others = factors
                others[i] = .number(c)
                return .product(others)
            }
        }
        var prefix: [Expr] = [.number(c)]
        for f in factors.dropLast() { prefix.append(.product(f, chainingOnto: prefix.last!)) }
        var suffix: [Expr] = [.one]
        for f in factors.dropFirst().reversed() { suffix.append(.product(f, chainingOnto: suffix.last!)) }
        suffix.reverse()
        return (0..<k).map { i in .product(prefix[i], chainingOnto: suffix[i]) }
    }
}

/// One entry of a symmetric Hessian: ∂²f/∂x_row∂x_column.
public struct HessianEntry: Sendable, Equatable {
    public let row: Int
    public let column: Int
    public let value: Expr
}

extension Expr {
    /// The nonzero entries of the Hessian's upper triangle (see `ReverseAccumulation`).
    public func hessianEntries(withRespectTo variables: [Expr]) -> [HessianEntry] {
        ReverseAccumulation().hessianEntries(of: self, withRespectTo: variables)
    }

    /// The gradient with respect to `variables`, by reverse accumulation.
    public func gradient(withRespectTo variables: [Expr]) -> [Expr] {
        ReverseAccumulation().gradient(of: self, withRespectTo: variables)
    }

    /// The Hessian with respect to `variables` (symmetric).
    public func hessian(withRespectTo variables: [Expr]) -> [[Expr]] {
        ReverseAccumulation().hessian(of: self, withRespectTo: variables)
    }

    /// The derivative along `direction`: the gradient dotted with it.
    public func directionalDerivative(withRespectTo variables: [Expr], along direction: [Expr]) -> Expr {
        .sum(zip(gradient(withRespectTo: variables), direction).map { $0 * $1 })
    }

    /// dy/dx on the curve F(x, y) = 0: -F_x / F_y (implicit differentiation).
    public static func implicitDerivative(of relation: Expr, x: Expr, y: Expr) -> Expr {
        let g = relation.gradient(withRespectTo: [x, y])
        return -(g[0] / g[1])
    }
}
