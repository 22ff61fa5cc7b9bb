import Expr
import Parser

extension SyntaxBuilder {
    /// `v[2]`, `v[i]`, `v[i + 1]`, `A[i, j]`, `A[i, :]`, `A[i, i]` (a diagonal), `v[2:n]`.
    /// An index variable's range is cut from the axis as a window, and the axis is then
    /// labelled by the index; a fixed position is a window of one entry, summed away.
    mutating func index(_ items: [TensorSyntax.IndexItem], _ i: Int) throws(Diagnostic) -> Indexed {
        let n = node(i)
        let baseNode = n.children[0]
        let base = value(baseNode)
        guard base.form != .scalar else {
            throw Diagnostic("index-scalar", "\(text(baseNode)) is a scalar and has no entries to index", at: n.operatorRange,
                             notes: declarationNote(baseNode))
        }
        guard items.count == base.form.axisCount else {
            throw Diagnostic("index-count", "\(describe(baseNode, base)) takes \(base.form.axisCount) ind\(base.form.axisCount == 1 ? "ex" : "ices"), got \(items.count)", at: n.operatorRange)
        }
        var t = base.tensor
        var labels: [Int] = []
        var kept: [Int] = []
        var newFree: [Binder] = []
        var cursor = 1
        for (k, item) in items.enumerated() {
            let axis = base.free.count + k
            switch item {
            case .all:
                labels.append(-(k + 1))
                kept.append(k)
            case .range:
                let (loNode, hiNode) = (n.children[cursor], n.children[cursor + 1])
                cursor += 2
                let lo = try size(loNode, what: "the start of a range")
                let hi = try size(hiNode, what: "the end of a range")
                try checkBounds(start: lo, end: hi, axis: axis, &t, baseNode, at: loNode..<hiNode + 1)
                t = .window(t, axis: axis, offset: lo - .one, length: hi - lo + .one)
                labels.append(-(k + 1))
                kept.append(k)
            case .position:
                let positionNode = n.children[cursor]
                cursor += 1
                let p = value(positionNode)
                if let (b, offset) = p.index, p.free.count == 1 {
                    let binder = resolve(b)
                    try checkBounds(start: binder.lo + offset, end: binder.hi + offset, axis: axis, &t, baseNode, at: positionNode..<positionNode + 1)
                    t = .window(t, axis: axis, offset: binder.lo + offset - .one, length: binder.count)
                    labels.append(binder.id)
                    if !newFree.contains(where: { $0.id == binder.id }) { newFree.append(binder) }
                } else if let s = p.size, p.free.isEmpty, s.names.allSatisfy({ declarations.sizeNames.contains($0) || UnknownSizes.isUnknown(.named($0)) }) {
                    try checkBounds(start: s, end: s, axis: axis, &t, baseNode, at: positionNode..<positionNode + 1)
                    t = .window(t, axis: axis, offset: s - .one, length: .one)
                    labels.append(-(100 + k))
                } else {
                    throw Diagnostic("bad-index", "an index is a position (2, n), an index variable with an offset (i, i + 1), a range (2:n) or ':'", at: node(positionNode).range,
                                     notes: ["an index variable is bound by a sum: sum(i, 1, n, \(text(baseNode))[i])"])
                }
            }
        }
        let free = union([base, Indexed(tensor: t, free: newFree, form: .scalar)])
        let input = base.free.map(\.id) + labels
        let output = free.map(\.id) + kept.map { -($0 + 1) }
        let tensor = input == output ? t : Tensor.einsum([t], [input], output: output)
        let form: Form
        switch kept.count {
        case 0: form = .scalar
        case 1: form = base.form == .matrix ? (kept[0] == 0 ? .column : .row) : base.form
        default: form = .matrix
        }
        return Indexed(tensor: tensor, free: free, form: form)
    }

    /// Refuses positions outside `1 ... size` of the axis when that can be shown; an unknown
    /// length indexed from 1 becomes the last position. What cannot be decided with symbolic
    /// sizes (`w[1]` of a vector of length `d`) is checked when values are given.
    private mutating func checkBounds(start: Size, end: Size, axis: Int, _ t: inout Tensor, _ baseNode: Int, at nodes: Range<Int>) throws(Diagnostic) {
        let range = node(nodes.lowerBound).range.lowerBound..<node(nodes.upperBound - 1).range.upperBound
        let length = unifier.resolve(t.shape[axis])
        if let below = Size.one.constantDifference(to: start), below < 0 {
            throw Diagnostic("out-of-range", "the index starts at \(start), before the first entry (1) of \(text(baseNode))", at: range)
        }
        if let room = end.constantDifference(to: length) {
            if room < 0 {
                throw Diagnostic("out-of-range", "the index runs to \(end), past the end of \(text(baseNode)) (\(length))", at: range)
            }
            return
        }
        if UnknownSizes.isUnknown(length), start.intValue == 1, unifier.unify(length, end) {
            t = unifier.resolve(t)
        }
    }
}
