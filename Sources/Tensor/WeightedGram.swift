/// A product of the form `X'*diag(s)*X`: one matrix `X` (n×d) twice, its rows summed with
/// weights that are a product of vectors over the rows and scalars. The result is symmetric,
/// so code writers compute it as one product with half the work (C: the upper triangle,
/// mirrored) or route it to a matrix library (NumPy: `X.T @ (s[:, None] * X)`), where the
/// general loop nest or `einsum` would not see the symmetry or the shared rows.
struct WeightedGram {
    /// The operand that is `X`.
    let matrix: Tensor
    /// The operands that weight the rows (vectors along them) or the whole (scalars).
    let weights: [Tensor]

    /// The pattern in `product` over `operands`, or nil: two operands are the same matrix with
    /// labels `[a, b]` and `[a, c]`, the result's labels are `b` and `c` (either order), and every
    /// other operand has labels `[a]` or none.
    init?(_ product: Einsum, operands: [Tensor]) {
        guard product.output.count == 2, product.output[0] != product.output[1] else { return nil }
        let matrices = operands.indices.filter { operands[$0].order == 2 }
        guard matrices.count == 2, operands[matrices[0]] == operands[matrices[1]] else { return nil }
        let first = product.inputs[matrices[0]], second = product.inputs[matrices[1]]
        let row = first[0]
        guard second[0] == row, first[1] != row, second[1] != row, first[1] != second[1],
              Set([first[1], second[1]]) == Set(product.output) else { return nil }
        var weights: [Tensor] = []
        for k in operands.indices where !matrices.contains(k) {
            guard product.inputs[k].allSatisfy({ $0 == row }), operands[k].order <= 1 else { return nil }
            weights.append(operands[k])
        }
        matrix = operands[matrices[0]]
        self.weights = weights
    }
}
