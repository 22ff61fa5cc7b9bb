import Expr

/// Writes a generalized product in matrix notation: the operands are joined pair by pair, each
/// join being one of the forms of matrix algebra (`A*B`, `A'*v`, `u*v'`, `u .* v`,
/// `diag(v)*A`, `trace(A*B)`, `sum(A .* B)`, `diag(A*B')`), with transposes on the operands
/// as the labels require. Nil when a step would need an array of order 3 (index notation then).
struct EinsumNotation {
    let spec: Einsum
    let operands: [Tensor]
    let forms: [MatrixForm]
    let shape: [Size]

    /// One partial result: its form, with rows labelled `labels[0]` and columns `labels[1]`
    /// (a vector is a column labelled `labels[0]`).
    struct Piece {
        var form: MatrixForm
        var labels: [Int]
    }

    func form() -> MatrixForm? {
        var sizes: [Int: Size] = [:]
        for (axis, l) in spec.output.enumerated() { sizes[l] = shape[axis] }
        for (k, labels) in spec.inputs.enumerated() {
            for (axis, l) in labels.enumerated() { sizes[l] = operands[k].shape[axis] }
        }
        let pieces = spec.inputs.indices.map { Piece(form: forms[$0], labels: spec.inputs[$0]) }
        let output = spec.output
        if let k = operands.firstIndex(where: { if case .lowerPacking = $0.kind { return true } else { return false } }) {
            return packingForm(k, pieces, output, sizes)
        }
        return EinsumNotation.plan(pieces, output: output, sizes: sizes)
    }

    /// The matrix notation of `pieces` joined into the `output` labels, or nil.
    static func plan(_ start: [Piece], output: [Int], sizes: [Int: Size]) -> MatrixForm? {
        guard start.allSatisfy({ $0.labels.count <= 2 }) else { return nil }
        var pieces = start

        func isNeeded(_ l: Int, besides i: Int) -> Bool {
            output.contains(l) || pieces.indices.contains { $0 != i && pieces[$0].labels.contains(l) }
        }
        // Diagonals and sums that involve one operand only.
        for i in pieces.indices {
            let labels = pieces[i].labels
            if labels.count == 2 && labels[0] == labels[1] {
                let a = labels[0]
                pieces[i] = isNeeded(a, besides: i)
                    ? Piece(form: .call("diag", [pieces[i].form], .column), labels: [a])
                    : Piece(form: .call("trace", [pieces[i].form], .scalar), labels: [])
            }
            var summed = pieces[i].labels.filter { !isNeeded($0, besides: i) }
            // A summed axis of one entry cut from an array is that entry: `w[2]`.
            for l in summed where sizes[l]?.intValue == 1 {
                if let entry = EinsumNotation.entry(pieces[i], label: l) {
                    pieces[i] = entry
                    summed.removeAll { $0 == l }
                }
            }
            if summed.isEmpty { continue }
            if summed.count == pieces[i].labels.count {
                pieces[i] = Piece(form: .call("sum", [pieces[i].form], .scalar), labels: [])
            } else {
                let axis = pieces[i].labels.firstIndex(of: summed[0])!
                let kept = pieces[i].labels.filter { $0 != summed[0] }
                pieces[i] = Piece(form: .call("sum", [pieces[i].form], .column, keywords: [("dim", .number(Rational(axis + 1)))]), labels: kept)
            }
        }
        // Try each first join, finish greedily, keep the result with the fewest transposes
        // (`x'*A*x` rather than `x'*A'*x`).
        var best: (cost: Int, form: MatrixForm)?
        var firsts: [(Int, Int)?] = [nil]
        if pieces.count > 1 {
            // Only first joins as good as the best by kind (sharing a label, result order).
            let all = EinsumNotation.candidates(pieces, output, sizes)
            guard let top = all.first else { return nil }
            // The search costs a greedy run per first join: long chains take the best one only.
            firsts = pieces.count <= 6 ? all.filter { $0.0.prefix(2) == top.0.prefix(2) }.map { $0.1 } : [top.1]
        }
        for first in firsts {
            guard let piece = EinsumNotation.greedy(pieces, first: first, output: output, sizes: sizes),
                  let form = EinsumNotation.arrange(piece, output: output, sizes: sizes) else { continue }
            let cost = form.transposeCount
            if best == nil || cost < best!.cost { best = (cost, form) }
        }
        return best?.form
    }

    /// A product with the lower-triangular packing: `lowertri(v, d)` where the packed labels
    /// meet a vector, `lowerentries(M)` where they are the output.
    private func packingForm(_ k: Int, _ start: [Piece], _ output: [Int], _ sizes: [Int: Size]) -> MatrixForm? {
        var pieces = start
        let pack = pieces.remove(at: k)
        let (p, r, c) = (pack.labels[0], pack.labels[1], pack.labels[2])
        let d = MatrixForm.size(sizes[r]!)
        if let v = pieces.firstIndex(where: { $0.labels == [p] }), !output.contains(p),
           !pieces.indices.contains(where: { $0 != v && pieces[$0].labels.contains(p) }) {
            let matrix = Piece(form: .call("lowertri", [pieces[v].form, d], .matrix), labels: [r, c])
            pieces.remove(at: v)
            pieces.append(matrix)
            return EinsumNotation.plan(pieces, output: output, sizes: sizes)
        }
        guard output == [p], !pieces.contains(where: { $0.labels.contains(p) }),
              let matrix = EinsumNotation.plan(pieces, output: [r, c], sizes: sizes) else { return nil }
        return .call("lowerentries", [matrix], .column)
    }

    /// The joins possible among `pieces`, best first: those sharing a label, then those
    /// holding the output's first label (so chains read from the left).
    static func candidates(_ pieces: [Piece], _ output: [Int], _ sizes: [Int: Size]) -> [([Int], (Int, Int))] {
        let counts = labelCounts(pieces)
        var found: [([Int], (Int, Int))] = []
        for i in pieces.indices {
            for j in pieces.indices where j > i {
                let keep = kept(counts, pieces[i], pieces[j], output)
                guard let labels = joinedLabels(pieces[i].labels, pieces[j].labels, keep: keep) else { continue }
                let shares = pieces[i].labels.contains(where: pieces[j].labels.contains)
                let first = output.first.map { pieces[i].labels.contains($0) || pieces[j].labels.contains($0) } ?? false
                // Elementwise products of vectors first, so `diag(u .* v)` stays one diagonal.
                found.append(([shares ? 0 : 1, labels.count, first ? 0 : 1, i, j], (i, j)))
            }
        }
        return found.sorted { $0.0.lexicographicallyPrecedes($1.0) }
    }

    /// How many pieces have each label.
    static func labelCounts(_ pieces: [Piece]) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for p in pieces { for l in Set(p.labels) { counts[l, default: 0] += 1 } }
        return counts
    }

    /// The labels still needed after joining `p` and `q`: in the output or in another piece.
    static func kept(_ counts: [Int: Int], _ p: Piece, _ q: Piece, _ output: [Int]) -> (Int) -> Bool {
        { l in output.contains(l) || counts[l, default: 0] - (p.labels.contains(l) ? 1 : 0) - (q.labels.contains(l) ? 1 : 0) > 0 }
    }

    /// Joins pieces until one is left: `first` first, then always the best candidate.
    static func greedy(_ start: [Piece], first: (Int, Int)?, output: [Int], sizes: [Int: Size]) -> Piece? {
        var pieces = start
        var next = first
        while pieces.count > 1 {
            guard let (i, j) = next ?? candidates(pieces, output, sizes).first?.1,
                  let joined = join(pieces[i], pieces[j], keep: kept(labelCounts(pieces), pieces[i], pieces[j], output), sizes: sizes)
            else { return nil }
            next = nil
            pieces.remove(at: j)
            pieces.remove(at: i)
            pieces.append(joined)
        }
        return pieces[0]
    }

    /// The labels of `p` joined with `q` (see `join`), or nil when the join needs order 3.
    static func joinedLabels(_ p: [Int], _ q: [Int], keep: (Int) -> Bool) -> [Int]? {
        if p.isEmpty { return q }
        if q.isEmpty { return p }
        let shared = Set(p).intersection(q)
        if shared.isEmpty { return p.count == 1 && q.count == 1 ? [p[0], q[0]] : nil }
        if p.count == 1 && q.count == 1 { return keep(p[0]) ? [p[0]] : [] }
        if p.count == 1 || q.count == 1 {
            let (v, m) = p.count == 1 ? (p, q) : (q, p)
            let s = v[0]
            let other = m.first { $0 != s }!
            if keep(s) { return m[0] == s ? [s, other] : [other, s] }
            return [other]
        }
        if shared.count == 1 {
            let s = shared.first!
            if keep(s) { return nil }
            return [p.first { $0 != s }!, q.first { $0 != s }!]
        }
        let kept = p.filter(keep)
        return kept.count == 2 ? p : kept
    }

    /// `v[k:k]` with its axis `label` dropped: `v[k]`. Nil when the piece is not such a window.
    static func entry(_ piece: Piece, label: Int) -> Piece? {
        guard case let .index(base, items) = piece.form.kind, let axis = piece.labels.firstIndex(of: label),
              case let .range(lo, hi) = items[axis].kind, MatrixFormPrinter().print(lo) == MatrixFormPrinter().print(hi) else { return nil }
        var newItems = items
        newItems[axis] = lo
        var labels = piece.labels
        labels.remove(at: axis)
        switch labels.count {
        case 0: return Piece(form: MatrixForm(.index(base, newItems), .scalar), labels: labels)
        case 1 where axis == 0 && items.count == 2:
            // `A[2, :]` reads as a row; the piece is a column.
            return Piece(form: MatrixForm(.transpose(MatrixForm(.index(base, newItems), .row)), .column), labels: labels)
        case 1: return Piece(form: MatrixForm(.index(base, newItems), .column), labels: labels)
        default: return Piece(form: MatrixForm(.index(base, newItems), .matrix), labels: labels)
        }
    }

    /// The last piece with its axes in the output's order, repeated along output labels it
    /// lacks.
    private static func arrange(_ piece: Piece, output: [Int], sizes: [Int: Size]) -> MatrixForm? {
        let role: MatrixForm.Role = output.count == 0 ? .scalar : output.count == 1 ? .column : .matrix
        if piece.labels == output { return piece.form }
        if output.count == 2 && piece.labels == [output[1], output[0]] { return piece.form.transposed }
        guard Set(piece.labels).isSubset(of: output) else { return nil }
        switch (piece.labels.count, output.count) {
        case (0, _):
            return .product([piece.form, .call("ones", output.map { .size(sizes[$0]!) }, role)], role)
        case (1, 2):
            let a = piece.labels[0]
            if output[0] == a {
                return .product([piece.form, MatrixForm.call("ones", [.size(sizes[output[1]]!)], .column).transposed], role)
            }
            return .product([.call("ones", [.size(sizes[output[0]]!)], .column), piece.form.transposed], role)
        default:
            return nil
        }
    }

    /// `p` joined with `q`, keeping the labels in `keep` and summing the shared others.
    static func join(_ p: Piece, _ q: Piece, keep: (Int) -> Bool, sizes: [Int: Size]) -> Piece? {
        if p.labels.isEmpty { return Piece(form: .product([p.form, q.form], q.form.role), labels: q.labels) }
        if q.labels.isEmpty { return Piece(form: .product([q.form, p.form], p.form.role), labels: p.labels) }
        let shared = Set(p.labels).intersection(q.labels)
        if shared.isEmpty {
            guard p.labels.count == 1 && q.labels.count == 1 else { return nil }
            return Piece(form: .product([p.form, q.form.transposed], .matrix), labels: [p.labels[0], q.labels[0]])
        }
        if p.labels.count == 1 && q.labels.count == 1 {
            let s = p.labels[0]
            if keep(s) { return Piece(form: .hadamard([p.form, q.form], .column), labels: [s]) }
            return Piece(form: .product([p.form.transposed, q.form], .scalar), labels: [])
        }
        if p.labels.count == 1 || q.labels.count == 1 {
            let (v, m) = p.labels.count == 1 ? (p, q) : (q, p)
            let s = v.labels[0]
            let other = m.labels.first { $0 != s }!
            if keep(s) {
                let diag = MatrixForm.call("diag", [v.form], .matrix)
                return m.labels[0] == s
                    ? Piece(form: .product([diag, m.form], .matrix), labels: [s, other])
                    : Piece(form: .product([m.form, diag], .matrix), labels: [other, s])
            }
            let rows = m.labels[1] == s ? m.form : m.form.transposed
            return Piece(form: .product([rows, v.form], .column), labels: [other])
        }
        // Two matrices.
        if shared.count == 1 {
            let s = shared.first!
            if keep(s) { return nil }
            let left = p.labels[1] == s ? p.form : p.form.transposed
            let right = q.labels[0] == s ? q.form : q.form.transposed
            let a = p.labels.first { $0 != s }!, b = q.labels.first { $0 != s }!
            return Piece(form: .product([left, right], .matrix), labels: [a, b])
        }
        let aligned = q.labels == p.labels ? q.form : q.form.transposed
        let kept = p.labels.filter(keep)
        switch kept.count {
        case 2:
            return Piece(form: .hadamard([p.form, aligned], .matrix), labels: p.labels)
        case 0:
            if q.labels == p.labels { return Piece(form: .call("sum", [.hadamard([p.form, q.form], .matrix)], .scalar), labels: []) }
            return Piece(form: .call("trace", [.product([p.form, q.form], .matrix)], .scalar), labels: [])
        default:
            let k = kept[0]
            let left = p.labels[0] == k ? p.form : p.form.transposed
            let right = q.labels[0] == k ? q.form : q.form.transposed
            return Piece(form: .call("diag", [.product([left, right.transposed], .matrix)], .column), labels: [k])
        }
    }
}

extension MatrixForm {
    /// The number of transposes written in the form: the measure a printed product minimizes.
    var transposeCount: Int {
        switch kind {
        case let .transpose(inner): return 1 + inner.transposeCount
        case let .product(fs), let .hadamard(fs): return fs.reduce(0) { $0 + $1.transposeCount }
        case let .sum(terms): return terms.reduce(0) { $0 + $1.0.transposeCount }
        case let .negate(inner): return inner.transposeCount
        case let .quotient(a, b, _), let .power(a, b, _): return a.transposeCount + b.transposeCount
        case let .call(_, args, _): return args.reduce(0) { $0 + $1.transposeCount }
        default: return 0
        }
    }
}
