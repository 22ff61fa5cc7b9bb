/// Runs of nodes that go over the rows of one size together: elementwise functions of arrays
/// whose first axis has that size, reductions of their other axes (`min(D, dim=2)`), and
/// products whose operands have that size as their first axis (`X*w` row by row, `X'*v` summed
/// over the rows, `sum(v)`). Run block by block of rows, one after another
/// inside each block, they read a block of `X` while it is in cache, where node by node each
/// would stream the whole of `X` again (the logistic gradient: one pass over `X` instead of two).
struct RowBlocking {
    /// A node of a run, and how it meets the rows.
    struct Member {
        let tensor: Tensor
        /// For a product, the label of the rows (forced outermost); nil for an elementwise node.
        let rowLabel: Int?
        /// Whether the rows are summed over, so the value is complete only after the last row.
        let accumulates: Bool
    }

    /// Consecutive nodes: a run over `size` rows when `size` is set (two or more members), else
    /// one node computed as usual.
    struct Group {
        let size: Size?
        let members: [Member]
    }

    /// `nodes` (in an order where operands come first) in groups, in the same order.
    /// `views` are read in place (`LoopPlan.views`): a member reads a view's array.
    static func groups(_ nodes: [Tensor], views: Set<Tensor> = []) -> [Group] {
        var groups: [Group] = []
        var run: [Member] = []
        var size: Size?
        func close() {
            if run.count >= 2 { groups.append(Group(size: size, members: run)) } else { groups += run.map { Group(size: nil, members: [$0]) } }
            run = []
            size = nil
        }
        for t in nodes {
            guard let (rows, member) = member(t) else {
                close()
                groups.append(Group(size: nil, members: [Member(tensor: t, rowLabel: nil, accumulates: false)]))
                continue
            }
            if let s = size, !s.isEqual(to: rows) || !readsRowByRow(member, run, views: views) { close() }
            if size == nil { size = rows }
            run.append(member)
        }
        close()
        return groups
    }

    /// `nodes` (operands first) in an order that keeps runs together: after each node, a node
    /// whose operands are all computed and that can join the run so far comes next, before the
    /// others in their given order. The value of a loss (a scalar after its sum) then no longer
    /// splits the run of its gradient from the run that computed the residuals, so the rows a
    /// gradient reads again are still in cache.
    static func scheduled(_ nodes: [Tensor], views: Set<Tensor>) -> [Tensor] {
        let listed = Set(nodes)
        // What a node waits for: its operands in the list (for a view, the array it views).
        let waits = Dictionary(uniqueKeysWithValues: nodes.map { t in
            (t, t.operands.flatMap { views.contains($0) ? $0.operands : [$0] }.filter(listed.contains))
        })
        let members = Dictionary(uniqueKeysWithValues: nodes.map { ($0, member($0)) })
        var pending = nodes, done: Set<Tensor> = [], order: [Tensor] = []
        var run: [Member] = []
        var size: Size?
        while !pending.isEmpty {
            let ready = pending.indices.filter { waits[pending[$0]]!.allSatisfy(done.contains) }
            let joining = size.flatMap { s in
                ready.first { i in
                    guard let (rows, m) = members[pending[i]]! else { return false }
                    return rows.isEqual(to: s) && readsRowByRow(m, run, views: views)
                }
            }
            let t = pending.remove(at: joining ?? ready[0])
            if let (rows, m) = members[t]! {
                if joining == nil { (run, size) = ([], rows) }
                run.append(m)
            } else {
                (run, size) = ([], nil)
            }
            done.insert(t)
            order.append(t)
        }
        return order
    }

    /// Whether `member` reads what the run has computed only at the row it is at: values of
    /// earlier members that are complete row by row, indexed by the row.
    private static func readsRowByRow(_ member: Member, _ run: [Member], views: Set<Tensor>) -> Bool {
        for (k, operand) in member.tensor.operands.enumerated() {
            let isView = views.contains(operand)
            let read = isView ? operand.operands[0] : operand
            guard let producer = run.first(where: { $0.tensor == read }) else { continue }
            if producer.accumulates { return false }
            switch member.tensor.kind {
            case let .einsum(e): if e.inputs[k].first != member.rowLabel { return false }
            // An elementwise node's operands have its shape (its rows); a view must keep the
            // rows of the array it views as its own.
            default: if isView && LoopGraph.viewAxes(operand).first != 0 { return false }
            }
        }
        return true
    }

    /// The size of the rows `t` goes over and how, or nil when it cannot go row by row.
    private static func member(_ t: Tensor) -> (Size, Member)? {
        switch t.kind {
        case .pointwise:
            guard t.order >= 1 else { return nil }
            return (t.shape[0], Member(tensor: t, rowLabel: nil, accumulates: false))
        case let .reduce(_, axis):
            guard axis > 0, t.order >= 1 else { return nil }
            return (t.shape[0], Member(tensor: t, rowLabel: nil, accumulates: false))
        case let .einsum(e):
            // A lowertri packing's loop steps its row and column from the first packed entry on,
            // so it does not start at a block's first row.
            guard WeightedGram(e, operands: t.operands) == nil, !t.operands.contains(where: { $0.kind == .lowerPacking })
            else { return nil }
            for (operand, labels) in zip(t.operands, e.inputs) where !labels.isEmpty {
                let row = labels[0]
                // Every operand with the label has it first, and once; the result likewise or not at all.
                let first = zip(t.operands, e.inputs).allSatisfy { _, l in !l.dropFirst().contains(row) }
                guard first, !e.output.dropFirst().contains(row) else { continue }
                return (operand.shape[0], Member(tensor: t, rowLabel: row, accumulates: e.output.first != row))
            }
            return nil
        default:
            return nil
        }
    }
}
