/// The matrix rules the reverse sweep applies, with stable names for steps and tests.
public struct TensorRule: Sendable, Equatable {
    /// The stable name (`matrix-product`, `inverse`).
    public let name: String
    /// The rule as a formula in differentials.
    public let statement: String

    static let elementwise = TensorRule(name: "elementwise-chain", statement: "d f(U) = f'(U) .* dU (the function table's derivative, entry by entry)")
    static let matrixProduct = TensorRule(name: "matrix-product", statement: "d(A*B) = dA*B + A*dB")
    static let transpose = TensorRule(name: "transpose", statement: "d(A') = (dA)'")
    static let trace = TensorRule(name: "trace", statement: "d trace(A) = trace(dA)")
    static let sum = TensorRule(name: "sum", statement: "d sum(A) = sum(dA)")
    static let diagonal = TensorRule(name: "diag", statement: "d diag(A) = diag(dA)")
    static let product = TensorRule(name: "generalized-product", statement: "d(A*B) = dA*B + A*dB over the product's index sets")
    static let inverse = TensorRule(name: "inverse", statement: "d inv(X) = -inv(X)*dX*inv(X)")
    static let determinant = TensorRule(name: "determinant", statement: "d det(X) = det(X)*trace(inv(X)*dX)")
    static let logDeterminant = TensorRule(name: "log-determinant", statement: "d logdet(X) = trace(inv(X)*dX)")
    static let maximum = TensorRule(name: "max", statement: "d max(v) = dv at the largest entry")
    static let minimum = TensorRule(name: "min", statement: "d min(v) = dv at the smallest entry")
    static let logSumExp = TensorRule(name: "logsumexp", statement: "d logsumexp(v) = softmax(v)'*dv")
    static let index = TensorRule(name: "index", statement: "d v[i] = dv[i]")
    static let indexAdjoint = TensorRule(name: "index-adjoint", statement: "the adjoint of an index places dv back at its entries")
    static let leaf = TensorRule(name: "leaf", statement: "a variable or constant")

    /// The rule that differentiates `t`.
    static func of(_ t: Tensor) -> TensorRule {
        switch t.kind {
        case .variable, .identity, .lowerPacking, .iota, .literal: return .leaf
        case .pointwise: return .elementwise
        case let .einsum(spec): return of(spec)
        case let .reduce(r, _): return r == .max ? .maximum : r == .min ? .minimum : .logSumExp
        case .window: return .index
        case .pad: return .indexAdjoint
        case .inverse: return .inverse
        case .determinant: return .determinant
        case .logDeterminant: return .logDeterminant
        }
    }

    private static func of(_ spec: Einsum) -> TensorRule {
        if spec.inputs.count == 1 {
            let labels = spec.inputs[0]
            if labels.count == 2 && labels[0] == labels[1] { return spec.output.isEmpty ? .trace : .diagonal }
            if spec.output.isEmpty { return .sum }
            if Set(labels) == Set(spec.output) { return .transpose }
            return .sum
        }
        if spec.inputs.count == 2 { return .matrixProduct }
        return .product
    }
}

/// How shapes read in messages: `scalar`, `n`, `n×d`.
enum ShapeText {
    static func describe(_ shape: [Size]) -> String {
        shape.isEmpty ? "a scalar" : shape.map(\.description).joined(separator: "×")
    }
}
