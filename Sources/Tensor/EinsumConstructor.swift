import Expr

extension Tensor {
    /// The generalized product of `operands` (see `Einsum`): `inputs[k]` labels the axes of
    /// operand k, `output` the result's axes. `sizes` gives the size of each output label that
    /// no operand has (a broadcast); the others are read from the operands.
    ///
    /// Canonical form (so that equal products are one node and results stay small):
    /// - a product of products is one product (`(A*B)*C` and `A*(B*C)` are one node, and a
    ///   transpose is a relabeling, so `(A*B)'` is `B'*A'` by construction);
    /// - an identity whose label is summed over renames that label (`eye(n)*A` is `A`,
    ///   `diag(u)*v` is `u .* v`, `trace(eye(n))` is `n`);
    /// - scalars, numeric factors and the numeric content of sums move out in front
    ///   (`X'*(2*u - 2*v)` is `2*(X'*(u - v))`);
    /// - a label summed over that no operand has multiplies by its size;
    /// - a product whose operands all have the output's labels is elementwise (`u .* v`);
    /// - a symmetric matrix is used in one orientation (`S'` is `S`);
    /// - operands are in the canonical order and labels numbered by first appearance.
    public static func einsum(_ operands: [Tensor], _ inputs: [[Int]], output: [Int], sizes: [Int: Size] = [:]) -> Tensor {
        var builder = EinsumBuilder(sizes: sizes)
        for (t, labels) in zip(operands, inputs) { builder.note(t, labels) }
        return builder.build(operands, inputs, output: output)
    }
}

/// The working state of one canonical product.
private struct EinsumBuilder {
    var sizes: [Int: Size]
    var factors: [(tensor: Tensor, labels: [Int])] = []
    var scalars: [Tensor] = []
    var coefficient: Expr = .one
    var deltas: [(Int, Int)] = []
    /// Every label that was used, and the ones merged into another (by an identity).
    var seen: Set<Int> = []
    var merged: Set<Int> = []
    var nextLabel = 0

    init(sizes: [Int: Size]) {
        self.sizes = sizes
        for l in sizes.keys { seen.insert(l); nextLabel = max(nextLabel, l + 1) }
    }

    mutating func note(_ t: Tensor, _ labels: [Int]) {
        assert(labels.count == t.order, "one label per axis")
        for (axis, l) in labels.enumerated() {
            if let known = sizes[l] {
                assert(known.isEqual(to: t.shape[axis]), "label \(l) has sizes \(known) and \(t.shape[axis])")
            } else {
                sizes[l] = t.shape[axis]
            }
            seen.insert(l)
            nextLabel = max(nextLabel, l + 1)
        }
    }

    mutating func build(_ operands: [Tensor], _ inputs: [[Int]], output: [Int]) -> Tensor {
        var work = Array(zip(operands, inputs).reversed())
        while let (t, labels) = work.popLast() {
            if t.isScalar {
                if let c = t.constantValue { coefficient = coefficient * c } else { scalars.append(t) }
                continue
            }
            switch t.kind {
            case let .einsum(spec):
                // Inline: the inner output labels become this product's labels; the inner summed
                // labels get fresh ones.
                var map: [Int: Int] = [:]
                for (p, l) in spec.output.enumerated() { map[l] = labels[p] }
                for (operand, innerLabels) in zip(t.operands, spec.inputs) {
                    var mapped: [Int] = []
                    for l in innerLabels {
                        if map[l] == nil { map[l] = nextLabel; nextLabel += 1 }
                        mapped.append(map[l]!)
                    }
                    note(operand, mapped)
                    work.append((operand, mapped))
                }
            case .identity:
                deltas.append((labels[0], labels[1]))
            case let .pointwise(template) where t.operands.isEmpty:
                coefficient = coefficient * template
            case let .pointwise(template):
                if let (content, rest) = EinsumBuilder.splitContent(template, t) {
                    if let c = content.constantValue { coefficient = coefficient * c } else { scalars.append(content) }
                    work.append((rest, labels))
                } else if case .mul = template.head, template.children.count > 1 {
                    // An elementwise product is a product over the same labels: `sum(x .* r)`
                    // is `x'*r`, and `X'*diag(u .* v)*X` keeps its factors apart.
                    for f in template.children.reversed() {
                        work.append((Tensor.pointwise(f, t.operands, shape: t.shape), labels))
                    }
                } else {
                    factors.append((t, labels))
                }
            default:
                factors.append((t, labels))
            }
        }
        cancelInverses(output: output)
        applyDeltas(output: output)
        squeezeElementwise(output: output)
        // A summed label that no operand has any more: the sum adds `size` equal terms.
        let present = Set(factors.flatMap(\.labels)).union(output)
        for l in seen.subtracting(present).subtracting(merged).sorted() {
            coefficient = coefficient * sizes[l]!.expr
        }
        let shape = output.map { sizes[$0]! }
        let core = EinsumBuilder.core(factors, output: output, shape: shape)
        if coefficient == .one && scalars.isEmpty { return core }
        var template = coefficient * Tensor.placeholder(0)
        for k in scalars.indices { template = template * Tensor.placeholder(k + 1) }
        return Tensor.pointwise(template, [core] + scalars, shape: shape)
    }

    /// `inv(A)*A` and `A*inv(A)` summed over a label no other operand has are the identity:
    /// the pair becomes one identity between the outer labels (merged like any other).
    private mutating func cancelInverses(output: [Int]) {
        var changed = true
        while changed {
            changed = false
            search: for i in factors.indices {
                guard case .inverse = factors[i].tensor.kind else { continue }
                let a = factors[i].tensor.operands[0]
                for j in factors.indices where j != i && factors[j].tensor == a {
                    let (inv, m) = (factors[i].labels, factors[j].labels)
                    guard inv[0] != inv[1], m[0] != m[1] else { continue }
                    let match: (x: Int, y: Int, shared: Int)
                    if inv[1] == m[0] { match = (inv[0], m[1], inv[1]) }  // inv(A)*A
                    else if m[1] == inv[0] { match = (m[0], inv[1], inv[0]) }  // A*inv(A)
                    else { continue }
                    let (x, y, shared) = match
                    let elsewhere = output.contains(shared) || factors.indices.contains { $0 != i && $0 != j && factors[$0].labels.contains(shared) }
                    if elsewhere { continue }
                    factors.remove(at: max(i, j))
                    factors.remove(at: min(i, j))
                    merged.insert(shared)
                    deltas.append((x, y))
                    changed = true
                    break search
                }
            }
        }
    }

    /// A summed axis of length 1 that only one elementwise operand has is dropped inside it:
    /// the sum of one entry is that entry, taken from each argument (`(A + B)[2, :]` summed
    /// over its one row is `A[2, :] + B[2, :]`).
    private mutating func squeezeElementwise(output: [Int]) {
        for i in factors.indices {
            let (t, labels) = factors[i]
            guard case let .pointwise(template) = t.kind, !t.operands.isEmpty else { continue }
            let squeezed = labels.indices.filter { axis in
                let l = labels[axis]
                return sizes[l]?.intValue == 1 && !output.contains(l) && labels.filter({ $0 == l }).count == 1
                    && !factors.indices.contains { $0 != i && factors[$0].labels.contains(l) }
            }
            if squeezed.isEmpty { continue }
            let axes = Array(0..<t.order)
            let kept = axes.filter { !squeezed.contains($0) }
            let args = t.operands.map { $0.isScalar ? $0 : Tensor.einsum([$0], [axes], output: kept) }
            factors[i] = (Tensor.pointwise(template, args, shape: kept.map { t.shape[$0] }), kept.map { labels[$0] })
            merged.formUnion(squeezed.map { labels[$0] })
        }
    }

    /// Removes identities whose labels can be merged: δ[a,b] with b summed renames b to a.
    private mutating func applyDeltas(output: [Int]) {
        var pending = deltas
        while !pending.isEmpty {
            let (a, b) = pending.removeFirst()
            if a == b { continue }
            let aOut = output.contains(a), bOut = output.contains(b)
            if aOut && bOut {
                factors.append((Tensor.identity(sizes[a]!), [a, b]))
                continue
            }
            let (from, to) = bOut ? (a, b) : (b, a)
            merged.insert(from)
            func rename(_ l: Int) -> Int { l == from ? to : l }
            for i in factors.indices { factors[i].labels = factors[i].labels.map(rename) }
            for i in pending.indices { pending[i] = (rename(pending[i].0), rename(pending[i].1)) }
        }
    }

    /// The factor in front of an elementwise operand: its numeric coefficient, the numeric
    /// content of a sum, and factors that are scalars. Nil when there is none.
    static func splitContent(_ template: Expr, _ t: Tensor) -> (Tensor, Tensor)? {
        let args = t.operands
        func isScalarOnly(_ e: Expr) -> Bool {
            e.postorder.allSatisfy { node in Tensor.placeholderIndex(node).map { args[$0].isScalar } ?? true }
        }
        if isScalarOnly(template) {
            // A scalar used at every entry: the scalar times ones.
            return (Tensor.pointwise(template, args, shape: []), Tensor.ones(t.shape))
        }
        switch template.head {
        case let .mul(c):
            var scalarFactors: [Expr] = c.isOne ? [] : [.number(c)]
            var rest: [Expr] = []
            for f in template.children {
                if isScalarOnly(f) { scalarFactors.append(f) } else { rest.append(f) }
            }
            if scalarFactors.isEmpty { return nil }
            return (Tensor.pointwise(.product(scalarFactors), args, shape: []),
                    Tensor.pointwise(.product(rest), args, shape: t.shape))
        case .add:
            guard let content = numericContent(template), !content.isOne else { return nil }
            return (Tensor.scalar(.number(content)),
                    Tensor.pointwise(ContentNormalization.dividedSum(template, by: content), args, shape: t.shape))
        default:
            return nil
        }
    }

    /// The content of a sum, negative when every term is: `-2*a - 4*b` is `-2*(a + 2*b)`.
    static func numericContent(_ sum: Expr) -> Rational? {
        guard let content = ContentNormalization.sumContent(sum) else { return nil }
        guard case let .add(c) = sum.head else { return nil }
        let negative = sum.children.allSatisfy(\.coefficient.isNegative) && (c.isZero || c.isNegative)
        return negative ? -content : content
    }

    /// The product of the remaining factors in canonical form.
    static func core(_ factors: [(tensor: Tensor, labels: [Int])], output: [Int], shape: [Size]) -> Tensor {
        if factors.isEmpty { return Tensor.ones(shape) }
        let oriented = factors.map(orientSymmetric(output: output))
        if oriented.count == 1, oriented[0].labels == output { return oriented[0].tensor }
        if oriented.count > 1, oriented.allSatisfy({ $0.labels == output }) {
            let product = Expr.product(oriented.indices.map(Tensor.placeholder))
            return Tensor.pointwise(product, oriented.map(\.tensor), shape: shape)
        }
        let canonical = canonicalForm(oriented, output: output)
        var symmetric = false
        if output.count == 2 {
            let transposed = canonicalForm(oriented, output: [output[1], output[0]])
            symmetric = transposed.tensors == canonical.tensors && transposed.spec == canonical.spec
        }
        return TensorNode.intern(.einsum(canonical.spec), canonical.tensors, shape: shape, symmetric: symmetric)
    }

    /// A symmetric matrix's labels in the order that reads first (output labels by position,
    /// then the others): `S[b, a]` and `S[a, b]` are the same entries.
    private static func orientSymmetric(output: [Int]) -> ((tensor: Tensor, labels: [Int])) -> (tensor: Tensor, labels: [Int]) {
        return { factor in
            guard factor.tensor.node.isSymmetric, factor.labels.count == 2 else { return factor }
            let (a, b) = (factor.labels[0], factor.labels[1])
            let pa = output.firstIndex(of: a) ?? Int.max, pb = output.firstIndex(of: b) ?? Int.max
            return pa > pb ? (factor.tensor, [b, a]) : factor
        }
    }

    /// Sorts the factors canonically and numbers the labels: output labels 0, 1, … in order,
    /// the others by first appearance. A symmetric factor between two summed labels is then
    /// turned to read the lower number first, and the numbering done once more.
    static func canonicalForm(_ factors: [(tensor: Tensor, labels: [Int])], output: [Int]) -> (tensors: [Tensor], spec: Einsum) {
        var (tensors, inputs) = numbered(factors, output: output)
        var reoriented = false
        for (k, t) in tensors.enumerated() where t.node.isSymmetric && inputs[k].count == 2 && inputs[k][0] > inputs[k][1] {
            inputs[k].swapAt(0, 1)
            reoriented = true
        }
        if reoriented { (tensors, inputs) = numbered(Array(zip(tensors, inputs)), output: Array(0..<output.count)) }
        return (tensors, Einsum(inputs: inputs, output: Array(0..<output.count)))
    }

    private static func numbered(_ factors: [(tensor: Tensor, labels: [Int])], output: [Int]) -> ([Tensor], [[Int]]) {
        func pattern(_ labels: [Int]) -> [Int] { labels.map { output.firstIndex(of: $0) ?? -1 } }
        let sorted = factors.sorted { x, y in
            if x.tensor != y.tensor { return Tensor.precedes(x.tensor, y.tensor) }
            return pattern(x.labels).lexicographicallyPrecedes(pattern(y.labels))
        }
        var numbers: [Int: Int] = [:]
        for (i, l) in output.enumerated() { numbers[l] = i }
        var next = output.count
        let inputs = sorted.map { factor in
            factor.labels.map { l -> Int in
                if let n = numbers[l] { return n }
                numbers[l] = next
                next += 1
                return next - 1
            }
        }
        return (sorted.map(\.tensor), inputs)
    }
}
