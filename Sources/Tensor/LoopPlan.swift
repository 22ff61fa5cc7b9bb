import Expr

/// The plan of a loop program for tensor expressions, one for every language that writes loops
/// (C, Swift, JavaScript; `LoopDialect` spells it): one function computes every root (a value,
/// its gradient, its Hessian) in one pass over the shared tensor graph, each node once, as loops
/// over row-major arrays. Sizes are arguments; the caller owns every array: the inputs, the
/// outputs, and a workspace of `NAME_workspace(sizes)` doubles for the intermediate nodes, so
/// the hot path allocates nothing. Products are loop nests ordered so that the innermost loop
/// runs along the last axis of the operands (contiguous memory); inverses and determinants go
/// through an LU factorization with partial pivoting in the workspace.
struct LoopPlan {
    /// The size arguments, sorted, and their locals.
    let sizeNames: [String]
    /// The variables (sorted by name), which are the input arguments.
    let variables: [Tensor]
    /// Names and helpers the body uses.
    var writer: LoopWriter
    /// The statements of the function's body, after the workspace's arrays are laid out.
    let body: [String]
    /// Where each intermediate node starts in the workspace (a whole-number expression).
    let offsets: [String]
    /// The doubles of scratch (factorizations, the weighted Gram product's rows) after the nodes.
    let scratch: String

    /// The plan for `roots`, each copied at the end into the output named by `outputs`.
    init(_ roots: [Tensor], outputs: [String], dialect: LoopDialect) throws(NumPyProgramError) {
        var w = LoopWriter(dialect: dialect)
        let roots = LoopGraph.prepared(roots)
        let all = Tensor.postorder(roots)
        let readers = Self.readers(all)
        w.views = Self.views(all, roots: roots, readers: readers)
        let packings = Self.unreadPackings(all, roots: roots, readers: readers)
        (sizeNames, variables) = Self.arguments(all)
        for o in outputs { w.locals.used.insert(o) }
        for s in sizeNames { w.sizes[s] = w.fresh(Identifier.clean(s)) }
        for v in variables { w.names[v] = w.fresh(Identifier.clean(v.variableName!)) }
        var body: [String] = []
        var offset: [String] = []
        // Each node's array starts where the one before it ends (short expressions: Swift's
        // type checker is slow on long sums).
        var previous = "work"
        let nodes = all.filter { w.names[$0] == nil && !w.views.contains($0) && !packings.contains($0) }
        for t in nodes {
            let local = w.fresh("t\(w.names.count)")
            w.names[t] = local
            body.append(dialect.workspaceArray(local, at: previous == "work" ? "work" : dialect.offset(previous, by: offset.last!)))
            offset.append(try w.count(t))
            previous = local
        }
        for group in RowBlocking.groups(RowBlocking.scheduled(nodes, views: w.views), views: w.views) {
            guard let rows = group.size else {
                body += try w.statements(for: group.members[0].tensor, into: w.names[group.members[0].tensor]!)
                continue
            }
            body += try w.rowBlocks(group.members, rows: rows)
        }
        var scratch = "0"
        // Each inverse and determinant factors a copy of its operand (n*n) with n pivots; a
        // weighted Gram product keeps its n weights and a block of scaled rows.
        for t in all {
            switch t.kind {
            case .inverse, .determinant, .logDeterminant:
                scratch = "\(try w.count(t.operands[0])) + \(try w.size(t.operands[0].shape[0])) + " + scratch
            case let .einsum(e):
                guard dialect.hasGramKernel, let gram = WeightedGram(e, operands: t.operands) else { continue }
                let n = try w.size(gram.matrix.shape[0]), d = try w.size(gram.matrix.shape[1])
                scratch = "\(n) + \(LoopPlan.gramRows)*(\(d)) + " + scratch
            default: continue
            }
        }
        for (root, output) in zip(roots, outputs) {
            body.append(dialect.copy(w.names[root]!, into: output, count: try w.count(root)))
        }
        body.insert(dialect.workspaceArray("scratch", at: previous == "work" ? "work" : dialect.offset(previous, by: offset.last!)), at: nodes.count)
        (writer, self.body, offsets, self.scratch) = (w, body, offset, scratch)
    }

    /// The workspace's doubles: the nodes, then the scratch (`scratch_count`).
    var workspace: String { (offsets + ["scratch_count"]).joined(separator: " + ") }

    /// The views (`LoopGraph.isView`) that are never stored: matrices and arrays of higher order
    /// that only elementwise nodes read, which read the viewed array in place.
    static func views(_ all: [Tensor], roots: [Tensor], readers: [Tensor: [Tensor]]) -> Set<Tensor> {
        Set(all.filter { t in
            t.order >= 2 && LoopGraph.isView(t) && !roots.contains(t)
                && readers[t, default: []].allSatisfy { $0.template != nil && $0.shape == t.shape }
        })
    }

    /// The lowertri packings that no loop reads: a product steps through the packed entries'
    /// rows and columns instead (`LoopWriter.einsumLoops`), so the p×d×d array of zeros and
    /// ones (4 MB at d = 32) is never written.
    static func unreadPackings(_ all: [Tensor], roots: [Tensor], readers: [Tensor: [Tensor]]) -> Set<Tensor> {
        Set(all.filter { t in
            t.kind == .lowerPacking && !roots.contains(t) && readers[t, default: []].allSatisfy { reader in
                guard case let .einsum(e) = reader.kind else { return false }
                return zip(reader.operands, e.inputs).allSatisfy { $0.0 != t || Set($0.1).count == 3 }
            }
        })
    }

    /// The nodes of `all` that read each node.
    private static func readers(_ all: [Tensor]) -> [Tensor: [Tensor]] {
        var readers: [Tensor: [Tensor]] = [:]
        for t in all { for o in t.operands { readers[o, default: []].append(t) } }
        return readers
    }

    /// The function's arguments: the size names (sorted), then the variables (sorted by name).
    static func arguments(_ all: [Tensor]) -> (sizes: [String], variables: [Tensor]) {
        var sizeNames = Set<String>()
        for t in all { for s in t.shape { sizeNames.formUnion(s.names) } }
        for case let .window(_, offset) in all.map(\.kind) { sizeNames.formUnion(offset.names) }
        for case let .pad(_, offset) in all.map(\.kind) { sizeNames.formUnion(offset.names) }
        for case let .iota(start) in all.map(\.kind) { sizeNames.formUnion(start.names) }
        return (sizeNames.sorted(), all.filter { $0.variableName != nil }.sorted { $0.variableName! < $1.variableName! })
    }

    /// Rows of a weighted Gram product scaled at a time: 128 rows of d doubles stay in cache
    /// while every tile of the result is accumulated over them.
    static let gramRows = 128
}
