import Expr
import Synchronization

/// What one tensor node computes. Axes are positional: a node of shape `[m, n]` has entries
/// `T[i, j]` with `i < m`, `j < n`; a scalar has shape `[]`.
public enum TensorKind: Hashable, Sendable {
    /// A named input: scalar, vector or matrix. `symmetric` for a matrix declared symmetric.
    case variable(String, symmetric: Bool)
    /// The identity matrix `eye(n)` (shape `[n, n]`): the Kronecker delta.
    case identity
    /// The packing of a strictly lower-triangular `d`×`d` matrix into a vector of its
    /// `d*(d - 1)/2` entries, column by column (shape `[d*(d - 1)/2, d, d]`): entry `(p, r, c)`
    /// is 1 when packed entry p is the matrix's entry (r, c). `lowertri(v, d)` is its product
    /// with `v`, `lowerentries(M)` its product with `M`.
    case lowerPacking
    /// The vector `start, start + 1, …` (the values an index runs over), shape `[count]`.
    case iota(start: Size)
    /// A constant array written out: exact entries in row-major order.
    case literal([Expr])
    /// An elementwise expression: `template` is a scalar expression over the placeholders
    /// `#0`, `#1`, … (one per operand, in operand order) and size names. Each operand has the
    /// node's shape or is a scalar, which is then used at every entry (broadcast).
    case pointwise(Expr)
    /// The generalized product: see `Einsum`.
    case einsum(Einsum)
    /// A reduction of one axis by max, min or log-sum-exp.
    case reduce(Reduction, axis: Int)
    /// Entries `offset ..< offset + length` of one axis (length: the node's size there).
    case window(axis: Int, offset: Size)
    /// The operand placed at `offset` along one axis of a zero array (the adjoint of `window`).
    case pad(axis: Int, offset: Size)
    /// The inverse of a square matrix.
    case inverse
    /// The determinant of a square matrix.
    case determinant
    /// `log|det(A)|` of a square matrix.
    case logDeterminant
}

/// The generalized product of Laue, Mitterreiter and Giesen ("A Simple and Efficient Tensor
/// Calculus", AAAI 2020), n-ary: each operand's axes carry labels; the result's entry at
/// `output` labels is the sum, over every other label, of the product of the operands' entries.
///
/// `A*B` is `[[0, 2], [2, 1]] -> [0, 1]`, `A'` is `[[1, 0]] -> [0, 1]`, `trace(A)` is
/// `[[0, 0]] -> []`, `u*v'` is `[[0], [1]] -> [0, 1]`, `sum(A)` is `[[0, 1]] -> []`. A label of
/// the output that no operand has repeats the operands along that axis (broadcast).
public struct Einsum: Hashable, Sendable {
    /// The labels of each operand's axes.
    public let inputs: [[Int]]
    /// The labels of the result's axes, all distinct.
    public let output: [Int]

    /// A product over labelled axes: each operand's axis labels, and the result's.
    public init(inputs: [[Int]], output: [Int]) {
        self.inputs = inputs
        self.output = output
    }
}

/// A nonlinear reduction of one axis.
public enum Reduction: String, Hashable, Sendable {
    case max, min
    /// `log(sum(exp(.)))`, evaluated stably.
    case logSumExp = "logsumexp"
}

/// One interned tensor node. Built only through the canonical constructors on `Tensor`, which
/// return the existing node for an equal (kind, operands, shape): equal subexpressions are one
/// object, and nodes are created after their operands, so creation order is topological.
public final class TensorNode: @unchecked Sendable {
    /// The operation at the root.
    public let kind: TensorKind
    /// The operands.
    public let operands: [Tensor]
    /// The length of each axis.
    public let shape: [Size]
    /// Creation number: operands are created before the nodes that use them.
    public let serial: Int
    /// Longest path to a leaf, counting this node.
    public let height: Int
    /// A matrix known to equal its transpose (declared symmetric, `A'*A`, `inv(S)` of a
    /// symmetric `S`, …).
    public let isSymmetric: Bool
    /// A hash of the structure that is the same in every process (names, numbers and shapes,
    /// never addresses or seeded hashes): the deterministic tie-break of the canonical order.
    let fingerprint: UInt64

    fileprivate init(kind: TensorKind, operands: [Tensor], shape: [Size], serial: Int, isSymmetric: Bool) {
        self.kind = kind
        self.operands = operands
        self.shape = shape
        self.serial = serial
        self.isSymmetric = isSymmetric
        height = (operands.map(\.node.height).max() ?? 0) + 1
        fingerprint = Fingerprint.of(kind: kind, shape: shape, operands: operands)
    }

    private struct Key: Hashable {
        let kind: TensorKind
        let operands: [Tensor]
        let shape: [Size]
    }

    private struct Pool {
        var nodes: [Key: TensorNode] = [:]
        var nextSerial = 0
    }

    private static let pool = Mutex(Pool())

    /// The unique node for (kind, operands, shape). Callers are the canonical constructors.
    static func intern(_ kind: TensorKind, _ operands: [Tensor], shape: [Size], symmetric: Bool = false) -> Tensor {
        let key = Key(kind: kind, operands: operands, shape: shape)
        return Tensor(pool.withLock { pool in
            if let existing = pool.nodes[key] { return existing }
            let node = TensorNode(kind: kind, operands: operands, shape: shape, serial: pool.nextSerial,
                                  isSymmetric: symmetric && shape.count == 2)
            pool.nextSerial += 1
            pool.nodes[key] = node
            return node
        })
    }

    /// How many distinct tensor nodes exist: a measure for tests and statistics.
    public static var internedCount: Int { pool.withLock { $0.nodes.count } }
}

/// A tensor expression: a handle on an interned node; `==` and `hash` are identity.
public struct Tensor: Hashable, Sendable {
    /// The interned node: equal tensors share it.
    public let node: TensorNode

    init(_ node: TensorNode) { self.node = node }

    /// Identity of the interned nodes, which is structural equality.
    public static func == (a: Tensor, b: Tensor) -> Bool { a.node === b.node }
    /// Hashes the node's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(node)) }

    /// The operation at the root.
    public var kind: TensorKind { node.kind }
    /// The operands.
    public var operands: [Tensor] { node.operands }
    /// The sizes of the axes; empty for a scalar.
    public var shape: [Size] { node.shape }
    /// The number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix.
    public var order: Int { node.shape.count }
    /// Whether the tensor has no axes.
    public var isScalar: Bool { node.shape.isEmpty }

    /// The variable's name when this is a variable.
    public var variableName: String? {
        if case let .variable(name, _) = kind { return name }
        return nil
    }

    /// The template when this is an elementwise node.
    public var template: Expr? {
        if case let .pointwise(t) = kind { return t }
        return nil
    }

    /// The constant when this is a constant array (every entry the same number or size expression).
    public var constantValue: Expr? {
        if case let .pointwise(t) = kind, operands.isEmpty { return t }
        return nil
    }
}
