import Expr

/// Gradients, Jacobians and Hessians by reverse accumulation over the shared graph.
///
/// One backward sweep visits every distinct node once, children after parents, and sends each
/// child its adjoint contribution `adjoint(node) * ∂node/∂child`. Products pass partials built
/// from prefix and suffix products, so a product of k factors costs O(k), not O(k²): the
/// gradient's size grows like the function's own (the cheap-gradient principle), e.g. O(n)
/// nodes for the gradient of prod_i sin(x_i).
public struct ReverseAccumulation {
    /// The reverse accumulation.
    public init() {}

    /// ∂f/∂v for each variable `v`, in order.
    public func gradient(of f: Expr, withRespectTo variables: [Expr]) -> [Expr] {
        // One walk of f serves the check for piecewise and the sweep.
        let graph = IndexedGraph([f], visiting: nil)
        if graph.order.contains(where: \.isPiecewise) { return ForwardDerivatives.gradient(of: f, withRespectTo: variables) }
        let sweep = adjoints(over: graph)
        return variables.map { sweep.adjoint(of: $0) }
    }

    /// The adjoints of one backward sweep: ∂f/∂node for every node of `f`.
    private struct Sweep {
        /// The nodes of `f`, children before parents, with their children's positions.
        let graph: IndexedGraph
        /// The contributions each node received, by position; an adjoint is their sum, built
        /// when asked for.
        let parts: Contributions

        func adjoint(of v: Expr) -> Expr {
            guard let p = graph.position(of: v) else { return .zero }
            return adjoint(at: p)
        }

        func adjoint(at p: Int) -> Expr { parts.has(p) ? parts.total(p) : .zero }
    }

    /// Local partials by node, kept across sweeps.
    private final class PartialsCache {
        // Unchecked: only the sweep touches it, one call at a time; the runtime check cost 5% of a Hessian.
        @exclusivity(unchecked) private var map: ExprMap<[Expr]>
        init(capacity: Int) { map = ExprMap(capacity: capacity) }

        func of(_ node: Expr, _ compute: (Expr) -> [Expr]) -> [Expr] {
            if let known = map[node] { return known }
            let partials = compute(node)
            map[node] = partials
            return partials
        }
    }

    /// `needed(child)` false means nothing asked for lies below `child`: the sweep sends it no
    /// contribution, so its whole subgraph is skipped.
    ///
    /// `partials`, when given, keeps each node's local partials for the next sweep: the rows of
    /// a Hessian sweep over the same nodes again and again, and a product's partials (its
    /// prefix and suffix products) are the same every time.
    private func adjoints(of f: Expr, needed: ((Expr) -> Bool)? = nil, partials: PartialsCache? = nil) -> Sweep {
        // Children left out by `needed` have position -1: nothing asked for lies below them.
        adjoints(over: IndexedGraph([f], visiting: needed), partials: partials)
    }

    /// The sweep over `graph`, the nodes of one function (see `adjoints(of:needed:partials:)`).
    private func adjoints(over graph: IndexedGraph, partials: PartialsCache? = nil) -> Sweep {
        let order = graph.order
        var parts = Contributions(nodes: order.count)
        parts.append(.one, to: order.count - 1)
        for p in order.indices.reversed() {
            if Cancellation.isRequested { break }
            guard parts.has(p) else { continue }
            let node = order[p]
            if node.children.isEmpty { continue }
            let single = parts.single(p)
            let adjoint = single == nil ? parts.settle(p) : []
            if single == nil && adjoint.isEmpty { continue }
            /// Sends a contribution to the node at position `q` (-1: left out).
            func send(_ contribution: ScaledTerm, toPosition q: Int) {
                if q >= 0 { parts.append(contribution, to: q) }
            }
            /// Sends a contribution to child `k` of this node.
            func send(_ contribution: ScaledTerm, toChild k: Int) {
                send(contribution, toPosition: graph.childPosition(p, k))
            }
            switch node.head {
            case .add:
                // Every partial of a sum is 1: the adjoint passes through unchanged. Several
                // contributions bound for several children are summed once here rather than
                // once by each child.
                if let single {
                    for k in node.children.indices { send(single, toChild: k) }
                } else if adjoint.count == 1 || node.children.count == 1 {
                    for k in node.children.indices {
                        for t in adjoint { send(t, toChild: k) }
                    }
                } else if let whole = Contributions.summed(adjoint) {
                    for k in node.children.indices { send(whole, toChild: k) }
                }
                continue
            case let .mul(c) where node.children.count == 1:
                // c*u: the adjoint passes to u rescaled, nothing built.
                if let single { send(single.scaled(by: c), toChild: 0) }
                for t in adjoint { send(t.scaled(by: c), toChild: 0) }
                continue
            case let .mul(c) where partials == nil && node.children.count > 4:
                // A long product: each factor's partial is prefix * suffix. For a factor that is
                // a function of one argument, this share of its adjoint goes straight on to the
                // argument as f' * prefix * suffix: one node where the general path builds
                // prefix * suffix and then its product with f' (a product of sines: 4n nodes
                // instead of 5n). Adjoints add up, so a factor with other parents still gets
                // their share the usual way.
                if let one = single ?? (adjoint.count == 1 ? adjoint[0] : nil) {
                    let (prefix, suffix) = prefixAndSuffixProducts(node.children, coefficient: c)
                    for (k, child) in node.children.enumerated() {
                        let q = graph.childPosition(p, k)
                        if q < 0 { continue }
                        let outer = one.term == .one ? prefix[k] : Expr.product(one.term, chainingOnto: prefix[k])
                        if case let .function(f) = child.head, child.children.count == 1 {
                            let inner = f.spec.partials(child.children)[0]
                            if inner.isZero { continue }
                            let term = suffix[k] == .one ? Expr.product(inner, chainingOnto: outer)
                                : Expr.product(inner, chainingOnto: outer, and: suffix[k])
                            send(ScaledTerm(coefficient: one.coefficient, term: term), toPosition: graph.childPosition(q, 0))
                        } else {
                            let partial = suffix[k] == .one ? outer : Expr.product(outer, chainingOnto: suffix[k])
                            send(ScaledTerm(coefficient: one.coefficient, term: partial), toPosition: q)
                        }
                    }
                    continue
                }
            case .pow:
                if let single, let exponent = node.children[1].rationalValue {
                    // d(u^p)/du = p * u^(p-1), the number kept with the coefficient: (u - v)^2
                    // sends (2, u - v), not the distributed 2*u - 2*v.
                    let rest = Expr.power(node.children[0], .number(exponent - .one))
                    if !rest.isLargeProduct {
                        send(single.scaled(by: exponent).times(rest), toChild: 0)
                        continue
                    }
                }
            default: break
            }
            let local = partials?.of(node, localPartials) ?? localPartials(node)
            if let one = single ?? (adjoint.count == 1 ? adjoint[0] : nil) {
                for (k, partial) in local.enumerated() where !partial.isZero { send(one.times(partial), toChild: k) }
                continue
            }
            guard let whole = Contributions.summed(adjoint) else { continue }
            for (k, partial) in local.enumerated() where !partial.isZero { send(whole.times(partial), toChild: k) }
        }
        return Sweep(graph: graph, parts: parts)
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
        if f.containsPiecewise { return ForwardDerivatives.hessianEntries(of: f, withRespectTo: variables) }
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
            if Cancellation.isRequested { break }
            Cancellation.report(.hessianRows, done: i, of: variables.count)
            let sweep = adjoints(of: g[i], needed: { (lastVariable[$0] ?? -1) >= i }, partials: partials)
            var row: [HessianEntry] = []
            for (q, node) in sweep.graph.order.enumerated() {
                guard case .symbol = node.head, let j = position[node], j >= i else { continue }
                let value = sweep.adjoint(at: q)
                if !value.isZero { row.append(HessianEntry(row: i, column: j, value: value)) }
            }
            entries += row.sorted { $0.column < $1.column }
        }
        return entries
    }

    /// ∂node/∂child for each child, in child order (a child that occurs twice gets two entries);
    /// a power with a numeric exponent leaves out the exponent's.
    private func localPartials(_ node: Expr) -> [Expr] {
        let kids = node.children
        switch node.head {
        case .add:
            return kids.map { _ in .one }
        case let .mul(c):
            return productPartials(kids, coefficient: c)
        case .pow:
            let (b, p) = (kids[0], kids[1])
            var out: [Expr] = [.product([p, .power(b, p - 1)])]
            if !p.isNumber { out.append(.product([node, .apply(FunctionID.log, [b])])) }
            return out
        case let .function(f):
            return Array(f.spec.partials(kids).prefix(kids.count))
        case .number, .symbol, .constant, .undefined:
            return []
        }
    }

    /// prefix[i] = c * factors[0..<i] and suffix[i] = factors[(i+1)...], each built from the
    /// previous one: the partial for factor i is prefix[i] * suffix[i].
    private func prefixAndSuffixProducts(_ factors: [Expr], coefficient c: Rational) -> (prefix: [Expr], suffix: [Expr]) {
        var prefix: [Expr] = [.number(c)]
        prefix.reserveCapacity(factors.count)
        for f in factors.dropLast() { prefix.append(.product(f, chainingOnto: prefix.last!)) }
        var suffix: [Expr] = [.one]
        suffix.reserveCapacity(factors.count)
        for f in factors.dropFirst().reversed() { suffix.append(.product(f, chainingOnto: suffix.last!)) }
        suffix.reverse()
        return (prefix, suffix)
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
        let (prefix, suffix) = prefixAndSuffixProducts(factors, coefficient: c)
        return (0..<k).map { i in .product(prefix[i], chainingOnto: suffix[i]) }
    }
}

private extension Expr {
    /// Whether this node is a call of `piecewise`.
    var isPiecewise: Bool { if case .function(.piecewise) = head { true } else { false } }
}

/// One entry of a symmetric Hessian: ∂²f/∂x_row∂x_column.
public struct HessianEntry: Sendable, Equatable {
    /// The first variable's index.
    public let row: Int
    /// The second variable's index (at least `row`).
    public let column: Int
    /// The second derivative.
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
