import Expr

extension Tensor {
    /// The distinct nodes of `roots`, each once, every node after its operands. Iterative, so
    /// deep graphs pass.
    public static func postorder(_ roots: [Tensor]) -> [Tensor] {
        var seen: Set<Tensor> = []
        var order: [Tensor] = []
        var stack: [(Tensor, Int)] = []
        for root in roots where seen.insert(root).inserted {
            stack.append((root, 0))
            while let (top, i) = stack.last {
                if i < top.operands.count {
                    stack[stack.count - 1].1 = i + 1
                    let child = top.operands[i]
                    if seen.insert(child).inserted { stack.append((child, 0)) }
                } else {
                    order.append(top)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    /// The distinct nodes of `self`, operands first, `self` last.
    public var postorder: [Tensor] { Tensor.postorder([self]) }

    /// The number of distinct nodes: the size of the expression as a graph.
    public var nodeCount: Int { postorder.count }

    /// The same operation over new operands, through the canonical constructors; sizes and
    /// size names in the node's own data are mapped by `sizes`.
    func rebuilt(with newOperands: [Tensor], sizes: [Expr: Expr] = [:]) -> Tensor {
        func mapped(_ s: Size) -> Size { s.substituting(sizes) }
        let shape = self.shape.map(mapped)
        switch kind {
        case let .variable(name, symmetric): return .variable(name, shape: shape, symmetric: symmetric)
        case .identity: return .identity(shape[0])
        case .lowerPacking: return .lowerPacking(shape[1])
        case let .iota(start): return .iota(start: mapped(start), count: shape[0])
        case let .literal(entries): return .literal(entries, shape: shape)
        case let .pointwise(template):
            return .pointwise(sizes.isEmpty ? template : template.replacingLeaves(sizes), newOperands, shape: shape)
        case let .einsum(spec):
            var extra: [Int: Size] = [:]
            for (i, l) in spec.output.enumerated() { extra[l] = shape[i] }
            return .einsum(newOperands, spec.inputs, output: spec.output, sizes: extra)
        case let .reduce(r, axis): return .reduce(r, newOperands[0], axis: axis)
        case let .window(axis, offset): return .window(newOperands[0], axis: axis, offset: mapped(offset), length: shape[axis])
        case let .pad(axis, offset): return .pad(newOperands[0], axis: axis, offset: mapped(offset), length: shape[axis])
        case .inverse: return .inverse(newOperands[0])
        case .determinant: return .determinant(newOperands[0])
        case .logDeterminant: return .logDeterminant(newOperands[0])
        }
    }

    /// Applies `transform` to every node bottom-up: each node is rebuilt from its transformed
    /// operands, then passed to `transform`. Memoized per node, iterative. Stopped through the
    /// thread's `Cancellation`, it returns `roots` as they are.
    public static func rewrittenBottomUp(_ roots: [Tensor], sizes: [Expr: Expr] = [:], _ transform: (Tensor) -> Tensor = { $0 }) -> [Tensor] {
        var memo: [Tensor: Tensor] = [:]
        for t in postorder(roots) {
            if Cancellation.isRequested { return roots }
            let operands = t.operands.map { memo[$0]! }
            let rebuiltNode = (operands == t.operands && sizes.isEmpty) ? t : t.rebuilt(with: operands, sizes: sizes)
            memo[t] = transform(rebuiltNode)
        }
        return roots.map { memo[$0]! }
    }

    /// `self` with size names replaced (`n` by `5`, or an unknown size by the one it was
    /// found equal to).
    public func substitutingSizes(_ sizes: [String: Size]) -> Tensor {
        var map: [Expr: Expr] = [:]
        for (name, size) in sizes { map[.symbol(name)] = size.expr }
        return Tensor.rewrittenBottomUp([self], sizes: map)[0]
    }

    /// The size names the expression depends on, sorted.
    public var sizeNames: [String] {
        var names: Set<String> = []
        for t in postorder {
            for s in t.shape { names.formUnion(s.names) }
            switch t.kind {
            case let .pointwise(template):
                for name in template.freeSymbols where !name.hasPrefix("#") { names.insert(name) }
            case let .iota(start): names.formUnion(start.names)
            case let .window(_, offset), let .pad(_, offset): names.formUnion(offset.names)
            default: break
            }
        }
        return names.sorted()
    }

    /// The variables of the expression, in the canonical order.
    public var variables: [Tensor] {
        postorder.filter { $0.variableName != nil }.sorted(by: Tensor.precedes)
    }
}
