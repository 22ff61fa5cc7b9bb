import Expr

/// The tensor graph as a loop program computes it: products rearranged so that no loop repeats
/// work and no array is written only to be read back in another order. Four rewrites, each the
/// same value in exact arithmetic and all but the second also in floating point (the same sums
/// in the same order; the second groups a sum differently, `Σi b[i]*(Σl a[i, l])`):
///
/// - A product that sums over some labels and repeats its result along others
///   (`ones(n)*sum(C.^2, dim=2)'`: rows of C summed, then repeated n times) sums first and
///   repeats afterwards. As one loop nest it would sum k·d entries n times over.
/// - A product of several operands sums an operand alone over the labels that only it has
///   (`diag(sum(H, dim=1))*C` with the rows of H summed: the column sums of H first, then
///   multiplied by C, not every row of H times C).
/// - A product one of whose operands only repeats or reorders another array (`v*ones(m)'`,
///   `A'`) reads that array directly (`LoopGraph.isView`), so the repetition is never stored.
///
/// - A product's elementwise operand that is the negative of another elementwise node reads
///   that node, times -1 (`negationsShared`).
///
/// What remains of a repetition is read in place by the elementwise nodes that use it
/// (`LoopPlan.views`): `pow(t*ones(m)', ones(n)*j')` reads `t[row]` and `j[column]`.
enum LoopGraph {
    /// `roots` rewritten; the result has one root for each of `roots`, in order.
    static func prepared(_ roots: [Tensor]) -> [Tensor] {
        var memo: [Tensor: Tensor] = [:]
        for t in Tensor.postorder(roots) {
            var node = over(t, t.operands.map { memo[$0]! })
            if case let .einsum(e) = node.kind {
                node = composed(e, node)
                if case let .einsum(e) = node.kind { node = reducedFirst(e, node) }
                if case let .einsum(e) = node.kind { node = summedBeforeRepeating(e, node) }
            }
            memo[t] = node
        }
        return negationsShared(roots.map { memo[$0]! })
    }

    /// `roots` with each elementwise operand of a product that is the negative of another
    /// elementwise node over the same operands, one with a positive constant term, replaced by
    /// that node and a factor -1. The derivative of a minimum is a mask `1 - heaviside(D - m)`,
    /// one 1 per row, that also appears negated (`heaviside(D - m) - 1`, a -1 almost
    /// everywhere): in the product with the mask itself, the loops skip the rows' zeros
    /// (`LoopWriter.einsumLoops`), and the negated array is not computed. Of the two forms the
    /// one with the positive constant is kept: for the mask of a maximum or minimum it is the
    /// indicator of the extremum.
    private static func negationsShared(_ roots: [Tensor]) -> [Tensor] {
        let all = Tensor.postorder(roots)
        var elementwise: [[Tensor]: [Tensor]] = [:]
        for t in all where t.template != nil && !t.operands.isEmpty { elementwise[t.operands, default: []].append(t) }
        var memo: [Tensor: Tensor] = [:]
        func rebuilt(_ t: Tensor) -> Tensor { over(t, t.operands.map { memo[$0]! }) }
        for t in all {
            var node = rebuilt(t)
            if case let .einsum(e) = t.kind, !t.operands.contains(where: { $0.kind == .lowerPacking }) {
                var operands = node.operands, inputs = e.inputs
                for k in t.operands.indices {
                    guard let template = t.operands[k].template, !t.operands[k].operands.isEmpty,
                          let negated = elementwise[t.operands[k].operands]?.first(where: { $0.template == Expr.product([.minusOne, template]) }),
                          case let .add(constant) = negated.template!.head, !constant.isZero, !constant.isNegative else { continue }
                    operands[k] = rebuilt(negated)
                    operands.append(Tensor.scalar(.minusOne))
                    inputs.append([])
                }
                if operands.count > t.operands.count {
                    node = TensorNode.intern(.einsum(Einsum(inputs: inputs, output: e.output)), operands, shape: t.shape,
                                             symmetric: t.node.isSymmetric)
                }
            }
            memo[t] = node
        }
        return roots.map { memo[$0]! }
    }

    /// `t`'s operation over `operands`, interned as it is: the canonical constructors
    /// (`Tensor.rebuilt`) would undo the rewrites of this file.
    private static func over(_ t: Tensor, _ operands: [Tensor]) -> Tensor {
        operands == t.operands ? t : TensorNode.intern(t.kind, operands, shape: t.shape, symmetric: t.node.isSymmetric)
    }

    /// Whether `t` only repeats its one operand along new axes or reorders its axes: every
    /// entry is an entry of the operand.
    static func isView(_ t: Tensor) -> Bool {
        guard case let .einsum(e) = t.kind, t.operands.count == 1, t.operands[0].kind != .lowerPacking else { return false }
        let labels = e.inputs[0]
        return Set(labels).count == labels.count && labels.allSatisfy(e.output.contains)
    }

    /// For the view `t`, the label of each axis of its operand in `t`'s own axes: axis k of
    /// the operand is the axis `axes[k]` of `t`.
    static func viewAxes(_ t: Tensor) -> [Int] {
        guard case let .einsum(e) = t.kind else { return [] }
        return e.inputs[0].map { e.output.firstIndex(of: $0)! }
    }

    /// The product with each operand that is a view replaced by the array it views, when the
    /// labels the view repeats along are still looped over (carried by another operand or kept
    /// in the result): a repeated label that nothing else carries would be a sum over a
    /// constant, which the loops cannot size.
    private static func composed(_ e: Einsum, _ t: Tensor) -> Tensor {
        guard !t.operands.contains(where: { $0.kind == .lowerPacking }) else { return t }
        var operands = t.operands, inputs = e.inputs
        var changed = false
        for k in operands.indices where isView(operands[k]) {
            let view = operands[k], labels = inputs[k]
            let source = viewAxes(view).map { labels[$0] }
            let dropped = Set(labels).subtracting(source)
            let others = inputs.enumerated().filter { $0.offset != k }.flatMap(\.element)
            guard dropped.allSatisfy({ others.contains($0) || e.output.contains($0) }) else { continue }
            operands[k] = view.operands[0]
            inputs[k] = source
            changed = true
        }
        guard changed else { return t }
        return TensorNode.intern(.einsum(Einsum(inputs: inputs, output: e.output)), operands, shape: t.shape, symmetric: t.node.isSymmetric)
    }

    /// The product with each operand that has labels summed over that no other operand has
    /// replaced by its sum over them (the canonical product, so that a sum the graph has
    /// already, `sum(H, dim=1)`, is that node).
    private static func reducedFirst(_ e: Einsum, _ t: Tensor) -> Tensor {
        guard t.operands.count >= 2, !t.operands.contains(where: { $0.kind == .lowerPacking }) else { return t }
        var operands = t.operands, inputs = e.inputs
        var changed = false
        for k in operands.indices {
            let others = Set(inputs.enumerated().filter { $0.offset != k }.flatMap(\.element)).union(e.output)
            let kept = inputs[k].filter(others.contains)
            guard kept.count < inputs[k].count else { continue }
            operands[k] = Tensor.einsum([operands[k]], [inputs[k]], output: kept)
            inputs[k] = kept
            changed = true
        }
        guard changed else { return t }
        return TensorNode.intern(.einsum(Einsum(inputs: inputs, output: e.output)), operands, shape: t.shape, symmetric: t.node.isSymmetric)
    }

    /// The product summed over its summed labels without the labels it only repeats along,
    /// then repeated; `t` itself when it sums nothing or repeats along nothing.
    private static func summedBeforeRepeating(_ e: Einsum, _ t: Tensor) -> Tensor {
        let carried = Set(e.inputs.flatMap { $0 })
        let repeated = e.output.filter { !carried.contains($0) }
        guard !repeated.isEmpty, !carried.isSubset(of: e.output),
              !t.operands.contains(where: { $0.kind == .lowerPacking }) else { return t }
        let kept = e.output.indices.filter { !repeated.contains(e.output[$0]) }
        // The canonical product, so that a sum the graph has already (`sum(H, dim=1)` beside
        // `sum(H, dim=1)*ones(d)'`) is that node and computed once.
        let sums = Tensor.einsum(t.operands, e.inputs, output: kept.map { e.output[$0] })
        return TensorNode.intern(.einsum(Einsum(inputs: [kept.map { e.output[$0] }], output: e.output)), [sums], shape: t.shape,
                                 symmetric: t.node.isSymmetric)
    }
}
