import Expr

/// The operations of matrix algebra over the canonical constructors. Vectors have no
/// orientation here: a vector on the left of a product is read as a row (`v*A` is `v'*A`).
/// The parser tracks rows and columns for its shape messages and printing.
extension Tensor {
    /// Entry-by-entry sum (a scalar is used at every entry).
    public static func + (a: Tensor, b: Tensor) -> Tensor { elementwise(a, b, placeholder(0) + placeholder(1)) }
    /// Entry-by-entry difference (a scalar is used at every entry).
    public static func - (a: Tensor, b: Tensor) -> Tensor { elementwise(a, b, placeholder(0) - placeholder(1)) }
    public static prefix func - (a: Tensor) -> Tensor { a.scaled(by: .minusOne) }

    /// `a .* b`.
    public static func hadamard(_ a: Tensor, _ b: Tensor) -> Tensor { elementwise(a, b, placeholder(0) * placeholder(1)) }
    /// `a ./ b`.
    public static func quotient(_ a: Tensor, _ b: Tensor) -> Tensor { elementwise(a, b, placeholder(0) / placeholder(1)) }
    /// `a .^ b`.
    public static func power(_ a: Tensor, _ b: Tensor) -> Tensor { elementwise(a, b, .power(placeholder(0), placeholder(1))) }

    /// The matrix product, with a scalar on either side scaling and a vector on the left read
    /// as a row: `A*B`, `A*v`, `v*A` (= `v'*A`), `u*v` (= `u'*v`, the dot product).
    public static func matrixProduct(_ a: Tensor, _ b: Tensor) -> Tensor {
        if a.isScalar || b.isScalar { return hadamard(a, b) }
        precondition(a.order <= 2 && b.order <= 2, "matrix product of vectors and matrices")
        let left = a.order == 2 ? [0, 2] : [2]
        let right = b.order == 2 ? [2, 1] : [2]
        var output: [Int] = []
        if a.order == 2 { output.append(0) }
        if b.order == 2 { output.append(1) }
        return einsum([a, b], [left, right], output: output)
    }

    /// `u*v'`: the matrix of products `u[i]*v[j]`.
    public static func outer(_ u: Tensor, _ v: Tensor) -> Tensor {
        einsum([u, v], [[0], [1]], output: [0, 1])
    }

    /// The transpose of a matrix (a vector or scalar is returned unchanged).
    public var transposed: Tensor {
        order == 2 ? Tensor.einsum([self], [[1, 0]], output: [0, 1]) : self
    }

    /// The sum of every entry.
    public func sum() -> Tensor { Tensor.einsum([self], [Array(0..<order)], output: []) }

    /// The sum along one axis.
    public func sum(axis: Int) -> Tensor {
        var output = Array(0..<order)
        output.remove(at: axis)
        return Tensor.einsum([self], [Array(0..<order)], output: output)
    }

    /// `sum(a .* b)`: the dot product of vectors, the Frobenius product of matrices.
    public static func dot(_ a: Tensor, _ b: Tensor) -> Tensor {
        let labels = Array(0..<a.order)
        return einsum([a, b], [labels, labels], output: [])
    }

    /// The trace of a square matrix.
    public var trace: Tensor { Tensor.einsum([self], [[0, 0]], output: []) }

    /// `diag(v)`, the diagonal matrix of a vector, or `diag(A)`, the diagonal of a square matrix.
    public var diagonal: Tensor {
        if order == 1 { return Tensor.einsum([self, .identity(shape[0])], [[0], [0, 1]], output: [0, 1]) }
        return Tensor.einsum([self], [[0, 0]], output: [0])
    }

    /// The Euclidean norm of a vector, the Frobenius norm of a matrix.
    public var norm2: Tensor { Tensor.dot(self, self).applying(FunctionID.sqrt) }

    /// The sum of absolute values.
    public var norm1: Tensor { applying(FunctionID.abs).sum() }

    /// `log(sum(exp(v)))` of every entry, evaluated stably.
    public var logSumExp: Tensor {
        if order == 0 { return self }
        var t = self
        while t.order > 1 { t = Tensor.reduce(.logSumExp, t, axis: t.order - 1) }
        return Tensor.reduce(.logSumExp, t, axis: 0)
    }

    /// `exp(v - logsumexp(v))`: the softmax of a vector, stable for large entries.
    public var softmax: Tensor {
        let lse = logSumExp
        return Tensor.pointwise(Expr.apply(FunctionID.exp, [Tensor.placeholder(0) - Tensor.placeholder(1)]), [self, lse], shape: shape)
    }

    /// The largest entry.
    public var maximum: Tensor { reducedCompletely(.max) }
    /// The smallest entry.
    public var minimum: Tensor { reducedCompletely(.min) }

    private func reducedCompletely(_ r: Reduction) -> Tensor {
        var t = self
        while t.order > 0 { t = Tensor.reduce(r, t, axis: t.order - 1) }
        return t
    }
}
