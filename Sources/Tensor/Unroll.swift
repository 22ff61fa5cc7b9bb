import Expr

/// Why an expression cannot be written out entry by entry.
public enum UnrollError: Error, Equatable, CustomStringConvertible {
    /// A size has no number.
    case unknownSize(String)
    /// The written-out expression would be too large.
    case tooLarge(String)
    /// Unrolling was stopped through its `Cancellation` (Ctrl-C, the time limit).
    case stopped(Cancellation.Reason)

    /// The message for a person.
    public var description: String {
        switch self {
        case let .unknownSize(name): return "unrolling needs a number for the size \(name)"
        case let .tooLarge(what): return "unrolling \(what) is too large"
        case let .stopped(reason): return reason == .timeLimit ? "unrolling ran out of time" : "unrolling was interrupted"
        }
    }
}

/// An expression written out entry by entry in the scalar engine: the entries in row-major order.
public struct UnrolledTensor: Sendable {
    /// The sizes of the axes.
    public let shape: [Int]
    /// The entries, row-major, each a scalar expression.
    public let entries: [Expr]

    /// The only entry of a scalar.
    public var scalar: Expr? { shape.isEmpty ? entries[0] : nil }
}

extension Tensor {
    /// The scalar symbol for an entry of a variable: `w_3`, `X_1_2` (indices from 1); the
    /// entries of a symmetric matrix below the diagonal are those above it (`S_2_1` is `S_1_2`).
    public static func entrySymbol(_ name: String, _ indices: [Int], symmetric: Bool = false) -> Expr {
        if indices.isEmpty { return .symbol(name) }
        let ordered = symmetric && indices.count == 2 ? [min(indices[0], indices[1]), max(indices[0], indices[1])] : indices
        return .symbol(name + ordered.map { "_\($0 + 1)" }.joined())
    }

    /// The largest matrix whose inverse or determinant is written out (by cofactors).
    public static let maximumUnrolledDeterminant = 5

    /// `self` written out in the scalar engine with numeric `sizes`: each entry a scalar
    /// expression of the variables' entries (`entrySymbol`). This ties the tensor layer to the
    /// scalar engine: derivatives of the unrolled expression must equal the unrolled derivatives.
    public func unrolled(sizes: [String: Int]) throws(UnrollError) -> UnrolledTensor {
        var numeric: [String: Size] = [:]
        for (name, n) in sizes { numeric[name] = Size(n) }
        let concrete = substitutingSizes(numeric)
        var memo: [Tensor: UnrolledTensor] = [:]
        for t in concrete.postorder {
            try Unroller.checkpoint()
            var shape: [Int] = []
            for s in t.shape {
                guard let n = s.intValue else { throw .unknownSize(s.names.first ?? s.description) }
                shape.append(n)
            }
            guard shape.reduce(1, *) <= 1_000_000 else { throw .tooLarge("an array of \(shape.reduce(1, *)) entries") }
            memo[t] = UnrolledTensor(shape: shape, entries: try Unroller.entries(of: t, shape: shape, memo))
        }
        return memo[concrete]!
    }
}

/// The entry-by-entry rules of each kind of node.
enum Unroller {
    static func entries(of t: Tensor, shape: [Int], _ memo: [Tensor: UnrolledTensor]) throws(UnrollError) -> [Expr] {
        let count = shape.reduce(1, *)
        let operands = t.operands.map { memo[$0]! }
        switch t.kind {
        case let .variable(name, symmetric):
            return (0..<count).map { Tensor.entrySymbol(name, indices(of: $0, shape), symmetric: symmetric) }
        case .identity:
            return (0..<count).map { let ij = indices(of: $0, shape); return ij[0] == ij[1] ? .one : .zero }
        case .lowerPacking:
            var out = Array(repeating: Expr.zero, count: count)
            let d = shape[1]
            for (p, (r, c)) in LowerPacking.positions(d).enumerated() { out[(p * d + r) * d + c] = .one }
            return out
        case let .iota(start):
            guard let first = start.intValue else { throw .unknownSize(start.description) }
            return (0..<count).map { .integer(first + $0) }
        case let .literal(entries):
            return entries
        case let .pointwise(template):
            return (0..<count).map { e in
                var map: [Expr: Expr] = [:]
                for (k, operand) in operands.enumerated() {
                    map[Tensor.placeholder(k)] = operand.shape.isEmpty ? operand.entries[0] : operand.entries[e]
                }
                return template.replacingLeaves(map)
            }
        case let .einsum(spec):
            return try einsum(spec, operands, shape)
        case let .reduce(reduction, axis):
            let a = operands[0]
            let outer = a.shape[..<axis].reduce(1, *), length = a.shape[axis], inner = a.shape[(axis + 1)...].reduce(1, *)
            var out: [Expr] = []
            for o in 0..<outer {
                for i in 0..<inner {
                    let run = (0..<length).map { a.entries[(o * length + $0) * inner + i] }
                    switch reduction {
                    case .max: out.append(run.dropFirst().reduce(run[0]) { Expr.apply(FunctionID.max, [$0, $1]) })
                    case .min: out.append(run.dropFirst().reduce(run[0]) { Expr.apply(FunctionID.min, [$0, $1]) })
                    case .logSumExp: out.append(Expr.apply(FunctionID.log, [.sum(run.map { Expr.apply(FunctionID.exp, [$0]) })]))
                    }
                }
            }
            return out
        case let .window(axis, offset), let .pad(axis, offset):
            guard let start = offset.intValue else { throw .unknownSize(offset.description) }
            var padding = false
            if case .pad = t.kind { padding = true }
            let a = operands[0]
            let (small, big) = padding ? (a.shape, shape) : (shape, a.shape)
            var out = Array(repeating: Expr.zero, count: count)
            let outer = small[..<axis].reduce(1, *), inner = small[(axis + 1)...].reduce(1, *)
            for o in 0..<outer {
                for j in 0..<small[axis] {
                    for i in 0..<inner {
                        let s = (o * small[axis] + j) * inner + i
                        let b = (o * big[axis] + j + start) * inner + i
                        if padding { out[b] = a.entries[s] } else { out[s] = a.entries[b] }
                    }
                }
            }
            return out
        case .inverse, .determinant, .logDeterminant:
            let n = operands[0].shape[0]
            guard n <= Tensor.maximumUnrolledDeterminant else {
                throw .tooLarge("the inverse or determinant of a \(n)×\(n) matrix (at most \(Tensor.maximumUnrolledDeterminant)×\(Tensor.maximumUnrolledDeterminant))")
            }
            let m = (0..<n).map { i in (0..<n).map { j in operands[0].entries[i * n + j] } }
            let det = determinant(m)
            switch t.kind {
            case .determinant: return [det]
            case .logDeterminant: return [Expr.apply(FunctionID.log, [Expr.apply(FunctionID.abs, [det])])]
            default:
                let inverseDet = Expr.power(det, .minusOne)
                var out: [Expr] = []
                for i in 0..<n {
                    for j in 0..<n { out.append(cofactor(m, row: j, column: i) * inverseDet) }
                }
                return out
            }
        }
    }

    /// The zero-based indices of entry `e` of an array of `shape`.
    static func indices(of e: Int, _ shape: [Int]) -> [Int] {
        var rest = e
        var out = Array(repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            out[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return out
    }

    private static func einsum(_ spec: Einsum, _ operands: [UnrolledTensor], _ shape: [Int]) throws(UnrollError) -> [Expr] {
        var sizes: [Int: Int] = [:]
        for (axis, l) in spec.output.enumerated() { sizes[l] = shape[axis] }
        for (k, labels) in spec.inputs.enumerated() {
            for (axis, l) in labels.enumerated() { sizes[l] = operands[k].shape[axis] }
        }
        let labels = sizes.keys.sorted()
        let extents = labels.map { sizes[$0]! }
        guard extents.reduce(1, *) <= 4_000_000 else { throw .tooLarge("a product over \(extents.reduce(1, *)) index combinations") }
        let position = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let outStrides = TensorValue.strides(of: shape)
        let operandStrides = operands.map { TensorValue.strides(of: $0.shape) }
        var terms = Array(repeating: [Expr](), count: shape.reduce(1, *))
        var index = Array(repeating: 0, count: labels.count)
        iterate: while true {
            if (index.last ?? 0) == 0 { try checkpoint() }
            var factors: [Expr] = []
            var zero = false
            for (k, operand) in operands.enumerated() {
                var offset = 0
                for (axis, l) in spec.inputs[k].enumerated() { offset += index[position[l]!] * operandStrides[k][axis] }
                let entry = operand.entries[offset]
                if entry.isZero { zero = true; break }
                factors.append(entry)
            }
            if !zero {
                var out = 0
                for (axis, l) in spec.output.enumerated() { out += index[position[l]!] * outStrides[axis] }
                terms[out].append(.product(factors))
            }
            var axis = labels.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < extents[axis] { continue iterate }
                index[axis] = 0
                axis -= 1
            }
            break
        }
        return terms.map { Expr.sum($0) }
    }

    /// Throws when the thread's `Cancellation` asks the work to stop.
    static func checkpoint() throws(UnrollError) {
        if Cancellation.isRequested, let reason = Cancellation.current?.reason { throw .stopped(reason) }
    }

    /// The determinant by cofactor expansion along the first row.
    static func determinant(_ m: [[Expr]]) -> Expr {
        let n = m.count
        if n == 0 { return .one }
        if n == 1 { return m[0][0] }
        var terms: [Expr] = []
        for j in 0..<n where !m[0][j].isZero {
            let term = m[0][j] * determinant(minor(m, row: 0, column: j))
            terms.append(j % 2 == 0 ? term : -term)
        }
        return .sum(terms)
    }

    static func cofactor(_ m: [[Expr]], row: Int, column: Int) -> Expr {
        let d = determinant(minor(m, row: row, column: column))
        return (row + column) % 2 == 0 ? d : -d
    }

    private static func minor(_ m: [[Expr]], row: Int, column: Int) -> [[Expr]] {
        m.indices.filter { $0 != row }.map { i in m[i].indices.filter { $0 != column }.map { m[i][$0] } }
    }
}
