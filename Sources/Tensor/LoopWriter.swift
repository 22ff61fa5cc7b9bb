import Expr

/// Names and the text of nodes while a loop program is written, in one dialect.
struct LoopWriter {
    let dialect: LoopDialect
    var names: [Tensor: String] = [:]
    var sizes: [String: String] = [:]
    var locals: LocalNames
    var calls: FunctionCalls
    var needsLU = false
    var needsGram = false
    var computed = ComputedElementwise()
    /// Views that are not stored (`LoopPlan.views`): an elementwise node reads the viewed array.
    var views: Set<Tensor> = []

    init(dialect: LoopDialect) {
        self.dialect = dialect
        locals = LocalNames(used: ["work", "scratch", "scratch_count", "rows_from", "rows_to", "power"], reserved: dialect.reserved)
        calls = FunctionCalls(target: dialect.functionTarget, libraryPrefix: dialect.libraryPrefix)
    }

    mutating func fresh(_ base: String) -> String { locals.fresh(base) }

    func size(_ s: Size) throws(NumPyProgramError) -> String {
        try integer(s.expr)
    }

    /// A size as a whole-number expression: sums and products of whole numbers and size names,
    /// a division by a whole number (exact for sizes such as d*(d - 1)/2) last.
    func integer(_ e: Expr) throws(NumPyProgramError) -> String {
        switch e.head {
        case let .number(q) where q.isInteger: return "\(q)"
        case let .symbol(name):
            guard let local = sizes[name] else { throw NumPyProgramError(description: "the size \(name) is not an argument") }
            return local
        case let .add(c) where c.denominator == 1:
            let parts = try e.children.map { x throws(NumPyProgramError) in try integer(x) } + (c.isZero ? [] : ["\(c)"])
            return "(" + parts.joined(separator: " + ") + ")"
        case let .mul(c):
            let parts = try e.children.map { x throws(NumPyProgramError) in try integer(x) }
            let product = "(\(c.numerator)*" + parts.joined(separator: "*") + ")"
            return c.denominator == 1 ? product : "(\(product)/\(c.denominator))"
        case .pow:
            guard case let .number(q) = e.children[1].head, q.isInteger, let k = q.intValue, k >= 1, k <= 4 else { break }
            let base = try integer(e.children[0])
            return "(" + Array(repeating: base, count: k).joined(separator: "*") + ")"
        default: break
        }
        throw NumPyProgramError(description: "the size \(e) is not a whole-number expression of the size arguments")
    }

    /// The number of entries of `t`.
    mutating func count(_ t: Tensor) throws(NumPyProgramError) -> String {
        if t.shape.isEmpty { return "1" }
        return try t.shape.map { s throws(NumPyProgramError) in "(\(try size(s)))" }.joined(separator: "*")
    }

    /// The row-major position of `indices` in an array of `shape`.
    func position(_ indices: [String], _ shape: [Size]) throws(NumPyProgramError) -> String {
        guard !indices.isEmpty else { return "0" }
        var text = indices[0]
        for k in 1..<indices.count { text = "(\(text))*(\(try size(shape[k]))) + \(indices[k])" }
        return text
    }

    /// Loops over `extents` (sizes) with loop variables `indices`, around `body`; the first
    /// only over `rows` when they have an end.
    func loops(_ indices: [String], _ extents: [String], _ body: [String], rows: (from: String, to: String?) = ("0", nil)) -> [String] {
        var lines = body
        for (k, (i, n)) in zip(indices, extents).enumerated().reversed() {
            let (from, to) = k == 0 ? (rows.from, rows.to ?? n) : ("0", n)
            lines = [dialect.loop(i, from: from, to: to)] + lines.map { "    " + $0 } + ["}"]
        }
        return lines
    }

    /// Rows of a run taken at a time: 64 rows of a matrix stay in cache while every member
    /// of the run goes over them.
    static let rowBlock = 64

    /// A run of nodes over `rows` rows, block by block: what sums over the rows zeroed first,
    /// then each member over the block's rows in turn.
    mutating func rowBlocks(_ members: [RowBlocking.Member], rows: Size) throws(NumPyProgramError) -> [String] {
        var lines: [String] = []
        let n = try size(rows)
        var inner = [dialect.integerConstant("rows_to", dialect.minimum("rows_from + \(Self.rowBlock)", n))]
        for m in members {
            let local = names[m.tensor]!
            if case let .einsum(e) = m.tensor.kind, let label = m.rowLabel {
                let loops = try einsumLoops(e, m.tensor, local, rows: (label, "rows_from", "rows_to"))
                if !loops.assigns { lines.append(dialect.zero(local, count: try count(m.tensor))) }
                inner += loops.lines
            } else {
                inner += try statements(for: m.tensor, into: local, from: "rows_from", to: "rows_to")
            }
        }
        return lines + [dialect.loop("rows_from", to: n, step: Self.rowBlock)] + inner.map { "    " + $0 } + ["}"]
    }

    /// The statements that compute `t` into `local` (an elementwise node or a reduction only
    /// at its rows `from` up to `to` when they are given).
    mutating func statements(for t: Tensor, into local: String, from: String = "0", to: String? = nil) throws(NumPyProgramError) -> [String] {
        let ops = t.operands.map { names[$0] ?? "" }  // a view has no array of its own
        let axes = (0..<t.order).map { "a\($0)" }
        let extents = try t.shape.map { s throws(NumPyProgramError) in try size(s) }
        let here = try position(axes, t.shape)
        switch t.kind {
        case .variable: return []
        case .identity:
            return loops(axes, extents, ["\(local)[\(here)] = \(dialect.indicator("a0", "a1"));"])
        case let .iota(start):
            return loops(axes, extents, ["\(local)[a0] = \(dialect.double("(\(try size(start)) + a0)"));"])
        case let .literal(entries):
            return try entries.enumerated().map { k, e throws(NumPyProgramError) in "\(local)[\(k)] = \(try scalar(e, operands: [], index: ""));" }
        case let .pointwise(template):
            if t.operands.contains(where: views.contains) { return try elementwiseOverViews(template, t, local, rows: (from, to)) }
            var operands = t.operands.map { $0.isScalar ? "\(names[$0]!)[0]" : "\(names[$0]!)[e]" }
            var template = template
            if let reused = computed.reusing(template, reads: operands, shape: t.shape) { (template, operands) = reused }
            computed.record(template, reads: operands, shape: t.shape, as: "\(local)[e]")
            // Rows of a matrix or higher are runs of entries: rows from..<to are entries
            // from*(row length)..<to*(row length).
            let row = t.order > 1 ? try t.shape.dropFirst().map { s throws(NumPyProgramError) in "(\(try size(s)))" }.joined(separator: "*") : nil
            var (start, end) = (from, to ?? "")
            if let row, to != nil { start = "\(from)*\(row)" }
            if let to, let row { end = "\(to)*\(row)" }
            if to == nil { end = try count(t) }
            let steps = operands.map { $0.hasSuffix("[e]") ? $0.dropLast(3) + "[e - 1]" : $0 }
            let entry = try elementwiseEntry(template, operands, before: steps, local, first: "e > \(start)")
            return entry.enclosing([dialect.loop("e", from: start, to: end)] + entry.body.map { "    " + $0 } + ["}"], dialect)
        case let .einsum(e):
            return try einsum(e, t, local)
        case let .reduce(reduction, axis):
            let input = t.operands[0]
            var inAxes = axes
            inAxes.insert("r", at: axis)
            let inExtents = try input.shape.map { s throws(NumPyProgramError) in try size(s) }
            let source = "\(ops[0])[\(try position(inAxes, input.shape))]"
            func entry(_ r: String) throws(NumPyProgramError) -> String {
                inAxes[axis] = r
                return "\(ops[0])[\(try position(inAxes, input.shape))]"
            }
            // Four running extrema, each starting at the first entry and taking each entry of
            // its own that is smaller (larger), then the four in turn: NaN entries after the
            // first are skipped, as a test `r == 0 || x < m` skips them, but with a select
            // (`minsd`) where that test is a branch taken at random along short rows (k-means'
            // k distances of a point), and four independent chains along long ones.
            let better = reduction == .min ? "<" : ">"
            func take(_ m: String, _ x: String) -> String { "\(m) = \(x) \(better) \(m) ? \(x) : \(m);" }
            let n = inExtents[axis]
            let four = try (0..<4).map { u throws(NumPyProgramError) in take("m\(u)", try entry(u == 0 ? "r" : "r + \(u)")) }
            let extremum = [dialect.doubles(["m0", "m1", "m2", "m3"], "m"), dialect.integer("r", "0")]
                + dialect.loop(while: "r + 4 <= \(n)", step: "r += 4", four)
                + dialect.loop(while: "r < \(n)", step: "r += 1", [take("m0", try entry("r"))])
                + ["m = m0;", take("m", "m1"), take("m", "m2"), take("m", "m3")]
            var body = [dialect.doubles(["m"], "0.0"), dialect.when("\(n) > 0", "m = \(try entry("0"));")] + dialect.block(extremum)
            if reduction == .logSumExp {
                body += [dialect.doubles(["s"], "0.0")] + loops(["r"], [inExtents[axis]], ["s += \(dialect.library("exp"))(\(source) - m);"])
                    + ["m += \(dialect.library("log"))(s);"]
            }
            // A block of its own: a scalar result has no loop around it to scope m and s.
            return dialect.block(loops(axes, extents, body + ["\(local)[\(here)] = m;"], rows: (from, to)))
        case let .window(axis, offset):
            var inAxes = axes
            inAxes[axis] = "(\(try size(offset)) + a\(axis))"
            return loops(axes, extents, ["\(local)[\(here)] = \(ops[0])[\(try position(inAxes, t.operands[0].shape))];"])
        case let .pad(axis, offset):
            let input = t.operands[0]
            var outAxes = axes
            outAxes[axis] = "(\(try size(offset)) + a\(axis))"
            let inExtents = try input.shape.map { s throws(NumPyProgramError) in try size(s) }
            return [dialect.zero(local, count: try count(t))]
                + loops(axes, inExtents, ["\(local)[\(try position(outAxes, t.shape))] = \(ops[0])[\(try position(axes, input.shape))];"])
        case .inverse:
            needsLU = true
            return ["symdiff_inverse(\(extents[0]), \(ops[0]), \(local), scratch);"]
        case .determinant, .logDeterminant:
            needsLU = true
            let n = try size(t.operands[0].shape[0])
            let log = t.kind == .logDeterminant ? 1 : 0
            return ["\(local)[0] = symdiff_determinant(\(n), \(ops[0]), scratch, \(log));"]
        case .lowerPacking:
            // The 0/1 tensor (p, r, c): 1 where packed entry p sits, column by column below
            // the diagonal (LowerPacking.positions).
            let d = extents[1]
            let place = loops(["c"], [d], [dialect.loop("r", from: "c + 1", to: d), "    \(local)[(p*\(d) + r)*\(d) + c] = 1.0;", "    p += 1;", "}"])
            return [dialect.zero(local, count: try count(t))] + dialect.block([dialect.integer("p", "0")] + place)
        }
    }

    /// A product as a loop nest: the output zeroed, then every label looped over, labels that
    /// are later axes of the operands innermost (contiguous memory there). Each factor is
    /// multiplied in at the outermost loop where all its labels are bound (`X'*diag(s)*X`
    /// multiplies the row's weights once per row, not once per entry). Innermost labels that
    /// are summed over add into four local sums (independent chains, in registers), the
    /// factors bound outside them multiplied in once. `X'*diag(s)*X` itself is one symmetric
    /// product (`symdiff_gram`).
    mutating func einsum(_ e: Einsum, _ t: Tensor, _ local: String) throws(NumPyProgramError) -> [String] {
        if dialect.hasGramKernel, let gram = WeightedGram(e, operands: t.operands) { return try weightedGram(gram, local) }
        let loops = try einsumLoops(e, t, local)
        return (loops.assigns ? [] : [dialect.zero(local, count: try count(t))]) + loops.lines
    }

    /// The loops of a product, adding into `local` (or, with `assigns`, setting each entry of
    /// it once: the array need not be zeroed first); with `rows`, that label outermost and
    /// looped from `rows.from` up to `rows.to` only (one block of a run over the rows).
    mutating func einsumLoops(_ e: Einsum, _ t: Tensor, _ local: String, rows: (label: Int, from: String, to: String)? = nil)
        throws(NumPyProgramError) -> (lines: [String], assigns: Bool)
    {
        var extent: [Int: String] = [:]
        var depth: [Int: Int] = [:]
        for (operand, labels) in zip(t.operands, e.inputs) {
            for (axis, label) in labels.enumerated() {
                if extent[label] == nil { extent[label] = try size(operand.shape[axis]) }
                depth[label] = max(depth[label] ?? 0, axis)
            }
        }
        for (axis, label) in e.output.enumerated() where extent[label] == nil { extent[label] = try size(t.shape[axis]) }
        // A lowertri packing (entry p, row r, column c; 1 where entry p sits) is not looped
        // over densely: the loop over its packed entries steps its row and column along,
        // column by column (LowerPacking.positions), and it contributes no factor.
        let packing = zip(t.operands, e.inputs).first { $0.0.kind == .lowerPacking && Set($0.1).count == 3 }
        let packed = packing.map { Set($0.1.dropFirst()) } ?? []
        // The packed entries innermost: each step reads entries r and c of rows already in
        // cache, where outermost every packed entry would stream all the other operands again.
        let labels = extent.keys.filter { !packed.contains($0) }.sorted { (depth[$0] ?? 0, $0) < (depth[$1] ?? 0, $1) }
            .sorted { $0 != packing?.1[0] && $1 == packing?.1[0] }
            .sorted { $0 == rows?.label && $1 != rows?.label }
        func variable(_ label: Int) -> String { "l\(label)" }
        func loopIndex(_ label: Int) -> Int {
            labels.firstIndex(of: packed.contains(label) ? packing!.1[0] : label)!
        }
        // Where the loop over labels[k] starts and ends.
        func start(_ k: Int) -> String { k == 0 ? rows?.from ?? "0" : "0" }
        func end(_ k: Int) -> String { k == 0 ? rows?.to ?? extent[labels[0]]! : extent[labels[k]]! }
        // The factors bound at each depth: depth k has the first k labels.
        var atDepth = Array(repeating: [(operand: Tensor, labels: [Int])](), count: labels.count + 1)
        for (operand, inputs) in zip(t.operands, e.inputs) {
            if let packing, operand == packing.0, inputs == packing.1 { continue }
            atDepth[inputs.map { loopIndex($0) + 1 }.max() ?? 0].append((operand, inputs))
        }
        // A factor's entry, loop variables read as `substitutes` say (unrolled steps: l + 1, ...).
        func entry(_ factor: (operand: Tensor, labels: [Int]), _ substitutes: [String: String]) throws(NumPyProgramError) -> String {
            let indices = factor.labels.map { substitutes[variable($0)] ?? variable($0) }
            return "\(names[factor.operand]!)[\(try position(indices, factor.operand.shape))]"
        }
        let target = "\(local)[\(try position(e.output.map(variable), t.shape))]"
        // The first label of the innermost run of labels that are summed over (labels.count: none).
        // With a packing there is none: the packed loop steps its row and column one entry at a
        // time, which four unrolled entries (or X'*v's four rows) would not.
        var summed = labels.count
        while packing == nil, summed > 0, !e.output.contains(labels[summed - 1]) { summed -= 1 }
        // Whether the loop over labels[k] skips a zero factor (see below).
        func skipsZeros(_ k: Int) -> Bool { k + 1 < labels.count && !atDepth[k + 1].isEmpty }
        // Each entry of the result is set once when the loops outside the innermost sums are
        // the result's axes, each once, and none of them skips a zero factor: `P*C'` stores
        // each dot product, where adding it would zero the n-by-k array in a pass of its own
        // and read every entry back. (A block of rows summed over adds to the blocks before it.)
        let keepsRows = rows.map { e.output.contains($0.label) } ?? true
        let assigns = packing == nil && keepsRows && !(0..<summed).contains(where: skipsZeros)
            && Set(e.output).count == e.output.count
            && labels[..<summed].allSatisfy(e.output.contains) && e.output.allSatisfy(labels[..<summed].contains)
        let update = assigns ? "=" : "+="
        // p0 holds the factors of no label; inside the loop over labels[k], p(k+1) those bound
        // there, times p(k) (from 1 again inside the summed run, whose total is multiplied by p(summed)).
        func product(_ k: Int, _ substitutes: [String: String] = [:], outer: Bool = true) throws(NumPyProgramError) -> String {
            let fresh = k == 0 || k == summed + 1 && summed < labels.count || !outer
            let all = try (fresh ? [] : ["p\(k - 1)"]) + atDepth[k].map { f throws(NumPyProgramError) in try entry(f, substitutes) }
            return all.isEmpty ? "1.0" : all.joined(separator: "*")
        }
        func step(_ i: String, _ u: Int) -> [String: String] { u == 0 ? [:] : [i: "\(i) + \(u)"] }
        let last = labels.count
        var body: [String]
        if summed < last {
            // The innermost loop in steps of four into four sums, then the remainder.
            let i = variable(labels[last - 1])
            let n = end(last - 1)
            let steps = try (0..<4).map { u throws(NumPyProgramError) in
                "s\(u) += \(try product(last, step(i, u)));"
            }
            body = [dialect.integer(i, start(last - 1))] + dialect.loop(while: "\(i) + 4 <= \(n)", step: "\(i) += 4", steps)
                + dialect.loop(while: "\(i) < \(n)", step: "\(i) += 1", ["s0 += \(try product(last));"])
            for k in stride(from: last - 2, through: summed, by: -1) {
                let i = variable(labels[k])
                body = [dialect.loop(i, from: start(k), to: end(k)), "    " + dialect.constant("p\(k + 1)", try product(k + 1))]
                    + body.map { "    " + $0 } + ["}"]
            }
            body = [dialect.doubles(["s0", "s1", "s2", "s3"], "0.0")] + body + ["\(target) \(update) p\(summed)*((s0 + s1) + (s2 + s3));"]
        } else if packing == nil, last == 2, !e.output.contains(labels[0]) {
            // X'*v: the summed rows four at a time, so each entry of the result is loaded and
            // stored once per four rows; then the remaining rows one at a time.
            let i = variable(labels[0]), j = variable(labels[1])
            let weights = try (0..<4).map { u throws(NumPyProgramError) in dialect.constant("q\(u)", try product(1, step(i, u))) }
            let terms = try (0..<4).map { u throws(NumPyProgramError) in "q\(u)*\(try product(2, step(i, u), outer: false))" }
            let four = weights + [dialect.loop(j, to: extent[labels[1]]!), "    \(target) += \(terms.joined(separator: " + "));", "}"]
            let remainder = [dialect.constant("p1", try product(1)),
                             dialect.loop(j, to: extent[labels[1]]!), "    \(target) += \(try product(2));", "}"]
            body = [dialect.integer(i, start(0))] + dialect.loop(while: "\(i) + 4 <= \(end(0))", step: "\(i) += 4", four)
                + dialect.loop(while: "\(i) < \(end(0))", step: "\(i) += 1", remainder)
            return (dialect.block([dialect.constant("p0", try product(0))] + body), false)
        } else {
            body = ["\(target) \(update) p\(last);"]
        }
        for k in stride(from: summed - 1, through: 0, by: -1) {
            let i = variable(labels[k])
            var inner = [dialect.constant("p\(k + 1)", try product(k + 1))]
            // A zero factor of the loops inside adds nothing: skipped, as the reference BLAS
            // skips a zero entry in its rank-one updates (`dger`), so a mask with one 1 per
            // row costs a pass over the mask, not one over the mask times the other operand.
            // (An infinite or NaN entry of the other operands then no longer turns the sum
            // into NaN there.)
            if skipsZeros(k) { inner.append(dialect.when("p\(k + 1) == 0.0", "continue;")) }
            inner += body
            if let (_, entryLabels) = packing, entryLabels[0] == labels[k] {
                // Column by column, the rows below the diagonal; the packed entry follows from
                // them (column c starts at c*(d - 1) - c*(c - 1)/2), so the loop over the rows
                // carries nothing from step to step (a compiler may vectorize it).
                let (r, c, d) = (variable(entryLabels[1]), variable(entryLabels[2]), extent[entryLabels[1]]!)
                let first = locals.fresh("\(i)_start")
                // The factors that read only the column are multiplied once per column.
                let byColumn = atDepth[k + 1].filter { !$0.labels.contains(entryLabels[0]) && !$0.labels.contains(entryLabels[1]) }
                let columnFactor = "pc\(k + 1)"
                let columnProduct = try (["p\(k)"] + byColumn.map { f throws(NumPyProgramError) in try entry(f, [:]) }).joined(separator: "*")
                let byRow = try atDepth[k + 1].filter { f in !byColumn.contains { $0 == f } }.map { f throws(NumPyProgramError) in try entry(f, [:]) }
                let rowProduct = ([columnFactor] + byRow).joined(separator: "*")
                let column = [dialect.loop(c, to: d), "    " + dialect.integerConstant(first, "\(c)*(\(d) - 1) - \(c)*(\(c) - 1)/2 - \(c) - 1"),
                              "    " + dialect.constant(columnFactor, columnProduct)]
                let rows = ["    " + dialect.loop(r, from: "\(c) + 1", to: d), "        " + dialect.integerConstant(i, "\(first) + \(r)")]
                if k == last - 1, !e.output.contains(entryLabels[0]), !e.output.contains(entryLabels[1]) {
                    // The rows are summed into one entry: in a local, times the column's factors
                    // once, added to the entry once per column (without a store each step).
                    body = column + ["    " + dialect.doubles(["s0"], "0.0")] + rows
                        + ["        s0 += \(byRow.isEmpty ? "1.0" : byRow.joined(separator: "*"));", "    }", "    \(target) += \(columnFactor)*s0;", "}"]
                } else {
                    inner[0] = dialect.constant("p\(k + 1)", rowProduct)
                    body = column + rows + inner.map { "        " + $0 } + ["    }", "}"]
                }
            } else {
                body = [dialect.loop(i, from: start(k), to: end(k))] + inner.map { "    " + $0 } + ["}"]
            }
        }
        return (dialect.block([dialect.constant("p0", try product(0))] + body), assigns)
    }

    /// `X'*diag(s)*X`: the row weights into the scratch, then the symmetric product.
    mutating func weightedGram(_ gram: WeightedGram, _ local: String) throws(NumPyProgramError) -> [String] {
        needsGram = true
        let n = try size(gram.matrix.shape[0]), d = try size(gram.matrix.shape[1])
        let factors = gram.weights.map { $0.order == 0 ? "\(names[$0]!)[0]" : "\(names[$0]!)[e]" }
        return [dialect.loop("e", to: n), "    scratch[e] = \(factors.isEmpty ? "1.0" : factors.joined(separator: "*"));", "}",
                "symdiff_gram(\(n), \(d), \(names[gram.matrix]!), scratch, \(local), scratch + \(n));"]
    }

    /// An elementwise node some of whose operands are views: loops over its axes, each view
    /// read in the array it views at the entry it repeats (`v[a0]` of `v*ones(m)'`), the others
    /// at the node's own entry `e`.
    mutating func elementwiseOverViews(_ template: Expr, _ t: Tensor, _ local: String, rows: (from: String, to: String?)) throws(NumPyProgramError) -> [String] {
        let axes = (0..<t.order).map { "a\($0)" }
        let last = axes.last!
        var reads: [String] = [], steps: [String] = []
        for operand in t.operands {
            guard views.contains(operand) else {
                let read = operand.isScalar ? "\(names[operand]!)[0]" : "\(names[operand]!)[e]"
                reads.append(read)
                steps.append(operand.isScalar ? read : "\(names[operand]!)[e - 1]")
                continue
            }
            let source = operand.operands[0]
            let indices = LoopGraph.viewAxes(operand).map { axes[$0] }
            reads.append("\(names[source]!)[\(try position(indices, source.shape))]")
            steps.append("\(names[source]!)[\(try position(indices.map { $0 == last ? "(\(last) - 1)" : $0 }, source.shape))]")
        }
        var template = template
        var stepped = Dictionary(zip(reads, steps), uniquingKeysWith: { first, _ in first })
        if let reused = computed.reusing(template, reads: reads, shape: t.shape) {
            (template, reads) = reused
            for read in reads where stepped[read] == nil { stepped[read] = read.hasSuffix("[e]") ? read.dropLast(3) + "[e - 1]" : read }
        }
        computed.record(template, reads: reads, shape: t.shape, as: "\(local)[e]")
        let entry = try elementwiseEntry(template, reads, before: reads.map { stepped[$0]! }, local, first: "\(last) > 0")
        let extents = try t.shape.map { s throws(NumPyProgramError) in try size(s) }
        return entry.enclosing(loops(axes, extents, [dialect.integerConstant("e", try position(axes, t.shape))] + entry.body, rows: rows), dialect)
    }

    /// The statements of one entry inside a loop over the entries, and a running value the
    /// loop needs declared around it (`power`), if any.
    struct Entry {
        let body: [String]
        let running: Bool

        /// `loop` with the running value declared before it, in a block of its own.
        func enclosing(_ loop: [String], _ dialect: LoopDialect) -> [String] {
            running ? dialect.block([dialect.doubles(["power"], "0.0")] + loop) : loop
        }
    }

    /// The statement that sets `local[e]` to `template` over `operands` (read one entry earlier
    /// as `before` says) inside a loop over the entries, where `first` is false at the loop's
    /// first entry. A power whose exponent steps by one from entry to entry over the same base
    /// (the powers t^(j-1) of a polynomial, a row of bases against a column of exponents) is the
    /// entry before times the base: one multiplication where `pow` takes some fifty times as
    /// long. Only from a non-negative exponent on (0^-1*0 is not 0^0); the first entry of each
    /// loop starts from `pow`. The running power stays in a local: read back from the array,
    /// each step would wait for the store before it (the arrays may alias, as far as a
    /// compiler knows), twice as long a chain.
    mutating func elementwiseEntry(_ template: Expr, _ operands: [String], before: [String], _ local: String, first: String) throws(NumPyProgramError) -> Entry {
        let whole = try scalar(template, operands: operands, index: "e")
        guard case .pow = template.head, let b = Tensor.placeholderIndex(template.children[0]),
              let x = Tensor.placeholderIndex(template.children[1]), operands[x] != before[x] else {
            return Entry(body: ["\(local)[e] = \(whole);"], running: false)
        }
        let (base, exponent) = (operands[b], operands[x])
        let steps = "\(first) && \(exponent) == \(before[x]) + 1.0 && \(before[x]) >= 0.0 && \(base) == \(before[b])"
        let body = dialect.when(steps, ["power = power*\(base);"], otherwise: ["power = \(whole);"]) + ["\(local)[e] = power;"]
        return Entry(body: body, running: true)
    }

    /// A scalar expression (a pointwise template over `#k`, or a size) in the dialect.
    mutating func scalar(_ e: Expr, operands: [String], index: String) throws(NumPyProgramError) -> String {
        try ScalarSpelling(dialect).text(e, operands: operands, sizes: sizes, calls: &calls)
    }
}
