import Expr

extension Tensor {
    /// A named input of shape `shape` (`[]` scalar, `[n]` vector, `[m, n]` matrix).
    public static func variable(_ name: String, shape: [Size], symmetric: Bool = false) -> Tensor {
        TensorNode.intern(.variable(name, symmetric: symmetric), [], shape: shape, symmetric: symmetric)
    }

    /// `eye(n)`.
    public static func identity(_ n: Size) -> Tensor {
        TensorNode.intern(.identity, [], shape: [n, n], symmetric: true)
    }

    /// The packing of a strictly lower-triangular `d`×`d` matrix, column by column (see
    /// `TensorKind.lowerPacking`).
    public static func lowerPacking(_ d: Size) -> Tensor {
        TensorNode.intern(.lowerPacking, [], shape: [packedCount(d), d, d])
    }

    /// `d*(d - 1)/2`: the entries below the diagonal of a `d`×`d` matrix.
    public static func packedCount(_ d: Size) -> Size { Size(d.expr * (d.expr - 1) / 2) }

    /// The strictly lower-triangular matrix whose entries below the diagonal are `v`, column by
    /// column (`lowertri([a, b, c], 3)` has `a`, `b` in column 1 and `c` in column 2).
    public static func lowerTriangular(_ v: Tensor, _ d: Size) -> Tensor {
        einsum([v, lowerPacking(d)], [[0], [0, 1, 2]], output: [1, 2])
    }

    /// The vector `start, start + 1, …, start + count - 1`.
    public static func iota(start: Size, count: Size) -> Tensor {
        TensorNode.intern(.iota(start: start), [], shape: [count])
    }

    /// A constant array with exact entries in row-major order.
    public static func literal(_ entries: [Expr], shape: [Size]) -> Tensor {
        if let first = entries.first, entries.allSatisfy({ $0 == first }) { return constant(first, shape: shape) }
        var symmetric = false
        if shape.count == 2, let n = shape[0].intValue, shape[1].intValue == n {
            symmetric = (0..<n).allSatisfy { i in (0..<n).allSatisfy { j in entries[i * n + j] == entries[j * n + i] } }
        }
        return TensorNode.intern(.literal(entries), [], shape: shape, symmetric: symmetric)
    }

    /// The reduction of axis `axis` by max, min or log-sum-exp.
    public static func reduce(_ reduction: Reduction, _ operand: Tensor, axis: Int) -> Tensor {
        precondition(axis < operand.order, "no such axis")
        var shape = operand.shape
        let length = shape.remove(at: axis)
        if length.intValue == 1 {
            // One entry: the reduction is that entry.
            var labels = Array(0..<operand.order)
            labels.remove(at: axis)
            return einsum([operand], [Array(0..<operand.order)], output: labels)
        }
        if let c = operand.constantValue {
            return constant(reduction == .logSumExp ? c + Expr.apply(FunctionID.log, [length.expr]) : c, shape: shape)
        }
        return TensorNode.intern(.reduce(reduction, axis: axis), [operand], shape: shape)
    }

    /// Entries `offset ..< offset + length` (zero-based) of axis `axis`.
    public static func window(_ operand: Tensor, axis: Int, offset: Size, length: Size) -> Tensor {
        if offset.intValue == 0 && length.isEqual(to: operand.shape[axis]) { return operand }
        var shape = operand.shape
        shape[axis] = length
        if let c = operand.constantValue { return constant(c, shape: shape) }
        switch operand.kind {
        case let .window(innerAxis, innerOffset) where innerAxis == axis:
            return window(operand.operands[0], axis: axis, offset: innerOffset + offset, length: length)
        case let .pad(innerAxis, innerOffset) where innerAxis == axis && innerOffset == offset
            && operand.operands[0].shape[axis].isEqual(to: length):
            return operand.operands[0]
        case let .einsum(spec):
            // Entries of a product are products of entries: the window moves to the operands
            // with that label (`(x*x')[1, 2]` is `x[1]*x[2]`).
            let label = spec.output[axis]
            let operands = zip(spec.inputs, operand.operands).map { labels, t in
                labels.indices.reduce(t) { u, j in labels[j] == label ? window(u, axis: j, offset: offset, length: length) : u }
            }
            var sizes: [Int: Size] = [:]
            for (k, l) in spec.output.enumerated() { sizes[l] = shape[k] }
            return einsum(operands, spec.inputs, output: spec.output, sizes: sizes)
        case let .pointwise(template):
            return pointwise(template, operand.operands.map { $0.isScalar ? $0 : window($0, axis: axis, offset: offset, length: length) }, shape: shape)
        default:
            return TensorNode.intern(.window(axis: axis, offset: offset), [operand], shape: shape)
        }
    }

    /// `operand` placed at `offset` along axis `axis` of a zero array whose axis has length `length`.
    public static func pad(_ operand: Tensor, axis: Int, offset: Size, length: Size) -> Tensor {
        if offset.intValue == 0 && length.isEqual(to: operand.shape[axis]) { return operand }
        var shape = operand.shape
        shape[axis] = length
        if operand.isZero { return zeros(shape) }
        return TensorNode.intern(.pad(axis: axis, offset: offset), [operand], shape: shape)
    }

    /// The inverse of a square matrix.
    public static func inverse(_ a: Tensor) -> Tensor {
        precondition(a.order == 2, "inverse of a matrix")
        switch a.kind {
        case .inverse: return a.operands[0]
        case .identity: return a
        default: return TensorNode.intern(.inverse, [a], shape: a.shape, symmetric: a.node.isSymmetric)
        }
    }

    /// The determinant of a square matrix.
    public static func determinant(_ a: Tensor) -> Tensor {
        precondition(a.order == 2, "determinant of a matrix")
        if case .identity = a.kind { return scalar(.one) }
        return TensorNode.intern(.determinant, [a], shape: [])
    }

    /// `log|det(A)|` of a square matrix.
    public static func logDeterminant(_ a: Tensor) -> Tensor {
        precondition(a.order == 2, "log-determinant of a matrix")
        if case .identity = a.kind { return scalar(.zero) }
        if case .inverse = a.kind { return logDeterminant(a.operands[0]).scaled(by: .minusOne) }
        return TensorNode.intern(.logDeterminant, [a], shape: [])
    }
}

/// The order of the packed entries of a strictly lower-triangular matrix: column by column,
/// top to bottom (the packing of the Cholesky factors in GradBench's `gmm`).
enum LowerPacking {
    /// (row, column) of each packed entry, zero-based.
    static func positions(_ d: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for c in 0..<d { for r in (c + 1)..<max(d, c + 1) { out.append((r, c)) } }
        return out
    }
}

extension Tensor {
    /// A scalar expression of the scalar engine as a scalar tensor: its names become scalar
    /// variables, except `sizeNames`, which stay sizes. How a session's scalar values stand in
    /// tensor expressions.
    public static func scalar(expression e: Expr, sizeNames: Set<String> = []) -> Tensor {
        var arguments: [Tensor] = []
        var map: [Expr: Expr] = [:]
        for name in e.freeSymbols where !sizeNames.contains(name) {
            map[.symbol(name)] = placeholder(arguments.count)
            arguments.append(.variable(name, shape: []))
        }
        return pointwise(e.replacingLeaves(map), arguments, shape: [])
    }
}
