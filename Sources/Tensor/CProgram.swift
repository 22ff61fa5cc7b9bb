import Expr

/// C for tensor expressions: one function computes every root (a value, its gradient, its
/// Hessian) in one pass over the shared tensor graph, each node once, as loops over row-major
/// arrays. Sizes are arguments; the caller owns every array: the inputs, the outputs, and a
/// workspace of `NAME_workspace(sizes)` doubles for the intermediate nodes, so the hot path
/// allocates nothing. Products are loop nests ordered so that the innermost loop runs along
/// the last axis of the operands (contiguous memory); inverses and determinants go through an
/// LU factorization with partial pivoting in the workspace.
public struct CProgram {
    /// The function's name.
    public var name = "f"

    /// A writer of C functions called `name`.
    public init(name: String = "f") {
        self.name = name
    }

    /// A file to compile and load at run time: besides `name` and `name_workspace`, entry points
    /// of one signature whatever the expression, `long name_entry_workspace(const long *sizes)`
    /// and `void name_entry(const long *sizes, const double *const *inputs, double *const *outputs,
    /// double *work)`, the sizes and inputs in the orders given here, the outputs in the roots'.
    public struct Loadable: Sendable {
        /// The C source.
        public let source: String
        /// The size names, in the order of the `sizes` array.
        public let sizeNames: [String]
        /// The variables' names, in the order of the `inputs` array.
        public let inputNames: [String]
    }

    /// The loadable file for `roots`.
    public func loadable(_ roots: [Tensor]) throws(NumPyProgramError) -> Loadable {
        let outputs = roots.indices.map { "out\($0)" }
        let (sizeNames, variables) = Self.arguments(Tensor.postorder(roots))
        var source = try file(roots, outputs: outputs, header: "Loaded at run time.")
        let sizes = sizeNames.indices.map { "sizes[\($0)]" }
        let call = sizes + variables.indices.map { "inputs[\($0)]" } + outputs.indices.map { "outputs[\($0)]" } + ["work"]
        source += "\n/* The same with sizes, inputs and outputs as arrays, for a caller that loads this file. */\n"
        source += "long \(name)_entry_workspace(const long *sizes)\n{\n    (void)sizes;\n    return \(name)_workspace(\(sizes.joined(separator: ", ")));\n}\n\n"
        source += "void \(name)_entry(const long *sizes, const double *const *inputs, double *const *outputs, double *work)\n{\n"
        source += "    (void)sizes; (void)inputs;\n    \(name)(\(call.joined(separator: ", ")));\n}\n"
        return Loadable(source: source, sizeNames: sizeNames, inputNames: variables.map { $0.variableName! })
    }

    /// The function's arguments: the size names (sorted), then the variables (sorted by name).
    private static func arguments(_ all: [Tensor]) -> (sizes: [String], variables: [Tensor]) {
        var sizeNames = Set<String>()
        for t in all { for s in t.shape { sizeNames.formUnion(s.names) } }
        for case let .window(_, offset) in all.map(\.kind) { sizeNames.formUnion(offset.names) }
        for case let .pad(_, offset) in all.map(\.kind) { sizeNames.formUnion(offset.names) }
        for case let .iota(start) in all.map(\.kind) { sizeNames.formUnion(start.names) }
        return (sizeNames.sorted(), all.filter { $0.variableName != nil }.sorted { $0.variableName! < $1.variableName! })
    }

    /// The file for `roots`, each written to an output array named by `outputs`.
    public func file(_ roots: [Tensor], outputs: [String], header: String) throws(NumPyProgramError) -> String {
        var w = Writer()
        let all = Tensor.postorder(roots)
        let (sizeNames, variables) = Self.arguments(all)
        for s in sizeNames { w.sizes[s] = w.fresh(Identifier.clean(s)) }
        for v in variables { w.names[v] = w.fresh(Identifier.clean(v.variableName!)) }
        var body: [String] = []
        var offset: [String] = []
        let nodes = all.filter { w.names[$0] == nil }
        for t in nodes {
            let local = w.fresh("t\(w.names.count)")
            w.names[t] = local
            body.append("double *\(local) = work\(offset.isEmpty ? "" : " + " + offset.joined(separator: " + "));")
            offset.append(try w.count(t))
        }
        for group in RowBlocking.groups(nodes) {
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
                guard let gram = WeightedGram(e, operands: t.operands) else { continue }
                let n = try w.size(gram.matrix.shape[0]), d = try w.size(gram.matrix.shape[1])
                scratch = "\(n) + \(Self.gramRows)*(\(d)) + " + scratch
            default: continue
            }
        }
        let workspace = (offset + ["scratch_count"]).joined(separator: " + ")
        for (root, output) in zip(roots, outputs) {
            body.append("memcpy(\(output), \(w.names[root]!), sizeof(double)*(\(try w.count(root))));")
        }
        let sizeParameters = sizeNames.map { "long \(w.sizes[$0]!)" }
        let inputs = variables.map { "const double *\(w.names[$0]!)" }
        let outs = outputs.map { "double *\($0)" }
        var out = "/*\n" + header.split(separator: "\n", omittingEmptySubsequences: false).map { " * " + $0 }.joined(separator: "\n")
        out += "\n * Arrays are row-major; the caller allocates them, and the workspace of \(name)_workspace(sizes) doubles.\n"
        out += " * Generated by symdiff emit.\n */\n#include <math.h>\n#include <string.h>\n\n"
        for helper in w.calls.definitions { out += helper + "\n\n" }
        if w.needsLU { out += Self.luHelpers + "\n\n" }
        if w.needsGram { out += Self.gramHelper + "\n\n" }
        let sizeList = sizeParameters.isEmpty ? "void" : sizeParameters.joined(separator: ", ")
        out += "/* Doubles of workspace \(name) needs at these sizes. */\nlong \(name)_workspace(\(sizeList))\n{\n"
        for s in sizeNames { out += "    (void)\(w.sizes[s]!);\n" }
        out += "    const long scratch_count = \(scratch);\n    return \(workspace);\n}\n\n"
        out += "void \(name)(\((sizeParameters + inputs + outs + ["double *work"]).joined(separator: ", ")))\n{\n"
        out += "    double *scratch = work + \(offset.isEmpty ? "0" : offset.joined(separator: " + "));\n    (void)scratch;\n"
        for line in body { out += "    " + line + "\n" }
        out += "}\n"
        return out
    }

    /// LU with partial pivoting in place (pivots as doubles), and what inverses and
    /// determinants need from it.
    static let luHelpers = """
        /* LU factorization with partial pivoting of the n×n matrix a, in place; piv[k] the row
           swapped with row k. Returns the sign of the permutation, or 0 for a singular matrix. */
        static int symdiff_lu(long n, double *a, double *piv)
        {
            int sign = 1;
            for (long k = 0; k < n; k++) {
                long p = k;
                for (long i = k + 1; i < n; i++) if (fabs(a[i*n + k]) > fabs(a[p*n + k])) p = i;
                piv[k] = (double)p;
                if (a[p*n + k] == 0.0) return 0;
                if (p != k) {
                    sign = -sign;
                    for (long j = 0; j < n; j++) { double t = a[k*n + j]; a[k*n + j] = a[p*n + j]; a[p*n + j] = t; }
                }
                for (long i = k + 1; i < n; i++) {
                    double m = a[i*n + k] /= a[k*n + k];
                    for (long j = k + 1; j < n; j++) a[i*n + j] -= m*a[k*n + j];
                }
            }
            return sign;
        }

        /* out = inv(a) for the n×n matrix a, using scratch of n*n + n doubles; NAN entries when
           a is singular. */
        static void symdiff_inverse(long n, const double *a, double *out, double *scratch)
        {
            double *lu = scratch, *piv = scratch + n*n;
            memcpy(lu, a, sizeof(double)*n*n);
            if (symdiff_lu(n, lu, piv) == 0) { for (long k = 0; k < n*n; k++) out[k] = NAN; return; }
            for (long c = 0; c < n; c++) {
                double *x = out;
                for (long i = 0; i < n; i++) x[i*n + c] = (i == c);
                for (long k = 0; k < n; k++) { long p = (long)piv[k]; if (p != k) { double t = x[k*n + c]; x[k*n + c] = x[p*n + c]; x[p*n + c] = t; } }
                for (long i = 0; i < n; i++) for (long j = 0; j < i; j++) x[i*n + c] -= lu[i*n + j]*x[j*n + c];
                for (long i = n - 1; i >= 0; i--) {
                    for (long j = i + 1; j < n; j++) x[i*n + c] -= lu[i*n + j]*x[j*n + c];
                    x[i*n + c] /= lu[i*n + i];
                }
            }
        }

        /* det(a) (log = 0) or log|det(a)| (log = 1) of the n×n matrix a, with scratch of n*n + n doubles. */
        static double symdiff_determinant(long n, const double *a, double *scratch, int log_abs)
        {
            double *lu = scratch, *piv = scratch + n*n;
            memcpy(lu, a, sizeof(double)*n*n);
            int sign = symdiff_lu(n, lu, piv);
            if (sign == 0) return log_abs ? -INFINITY : 0.0;
            double r = log_abs ? 0.0 : (double)sign;
            for (long k = 0; k < n; k++) { if (log_abs) r += log(fabs(lu[k*n + k])); else r *= lu[k*n + k]; }
            return r;
        }
        """

    /// Rows of a weighted Gram product scaled at a time: 128 rows of d doubles stay in cache
    /// while every tile of the result is accumulated over them.
    static let gramRows = 128

    /// `x'*diag(w)*x` for the n×d row-major x. Symmetric, so only the tiles on and above the
    /// diagonal are computed, each 4×4 block of entries in registers while the rows stream
    /// past; rows are taken in blocks, scaled once into `scaled`; the lower triangle is mirrored.
    static let gramHelper = """
        /* o[u*d + v] += sum over rows of s[u]*r[v], u, v < 4: one 4×4 tile of x'*diag(w)*x, its
           16 sums in registers; s and r step through the rows (scaled and plain) d apart. */
        static void symdiff_gram_tile(long rows, long d, const double *s, const double *r, double *o)
        {
            double a00 = 0.0, a01 = 0.0, a02 = 0.0, a03 = 0.0,
                   a10 = 0.0, a11 = 0.0, a12 = 0.0, a13 = 0.0,
                   a20 = 0.0, a21 = 0.0, a22 = 0.0, a23 = 0.0,
                   a30 = 0.0, a31 = 0.0, a32 = 0.0, a33 = 0.0;
            for (long i = 0; i < rows; i++, s += d, r += d) {
                const double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3];
                a00 += s0*r0; a01 += s0*r1; a02 += s0*r2; a03 += s0*r3;
                a10 += s1*r0; a11 += s1*r1; a12 += s1*r2; a13 += s1*r3;
                a20 += s2*r0; a21 += s2*r1; a22 += s2*r2; a23 += s2*r3;
                a30 += s3*r0; a31 += s3*r1; a32 += s3*r2; a33 += s3*r3;
            }
            o[0*d + 0] += a00; o[0*d + 1] += a01; o[0*d + 2] += a02; o[0*d + 3] += a03;
            o[1*d + 0] += a10; o[1*d + 1] += a11; o[1*d + 2] += a12; o[1*d + 3] += a13;
            o[2*d + 0] += a20; o[2*d + 1] += a21; o[2*d + 2] += a22; o[2*d + 3] += a23;
            o[3*d + 0] += a30; o[3*d + 1] += a31; o[3*d + 2] += a32; o[3*d + 3] += a33;
        }

        /* out = x'*diag(w)*x for the n×d row-major x, with scaled of \(gramRows)*d doubles: the
           upper triangle in 4×4 tiles over blocks of \(gramRows) rows (scaled by w once), mirrored. */
        static void symdiff_gram(long n, long d, const double *x, const double *w, double *out, double *scaled)
        {
            memset(out, 0, sizeof(double)*d*d);
            for (long i0 = 0; i0 < n; i0 += \(gramRows)) {
                const long rows = n - i0 < \(gramRows) ? n - i0 : \(gramRows);
                const double *xb = x + i0*d;
                for (long i = 0; i < rows; i++) for (long j = 0; j < d; j++) scaled[i*d + j] = w[i0 + i]*xb[i*d + j];
                for (long j = 0; j < d; j += 4) {
                    for (long k = j; k < d; k += 4) {
                        if (k + 4 <= d) { symdiff_gram_tile(rows, d, scaled + j, xb + k, out + j*d + k); continue; }
                        for (long i = 0; i < rows; i++)
                            for (long u = j; u < j + 4 && u < d; u++)
                                for (long v = k; v < d; v++) out[u*d + v] += scaled[i*d + u]*xb[i*d + v];
                    }
                }
            }
            for (long j = 0; j < d; j++) for (long k = j + 1; k < d; k++) out[k*d + j] = out[j*d + k];
        }
        """

    /// Names and the text of nodes while a file is written.
    private struct Writer {
        var names: [Tensor: String] = [:]
        var sizes: [String: String] = [:]
        var used: Set<String> = ["work", "scratch", "scratch_count", "rows_from", "rows_to"]
        var calls = FunctionCalls(target: "c", libraryPrefix: "")
        var needsLU = false
        var needsGram = false

        mutating func fresh(_ base: String) -> String {
            var name = base
            var k = 1
            while used.contains(name) || Identifier.cReserved.contains(name) {
                k += 1
                name = "\(base)_\(k)"
            }
            used.insert(name)
            return name
        }

        func size(_ s: Size) throws(NumPyProgramError) -> String {
            try integer(s.expr)
        }

        /// A size as integer C: sums and products of whole numbers and size names, a division
        /// by a whole number (exact for sizes such as d*(d - 1)/2) last.
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

        /// The number of entries of `t`, as C.
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

        /// Loops over `extents` (C sizes) with loop variables `indices`, around `body`.
        func loops(_ indices: [String], _ extents: [String], _ body: [String]) -> [String] {
            var lines = body
            for (i, n) in zip(indices, extents).reversed() {
                lines = ["for (long \(i) = 0; \(i) < \(n); \(i)++) {"] + lines.map { "    " + $0 } + ["}"]
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
            for m in members where m.rowLabel != nil {
                lines.append("memset(\(names[m.tensor]!), 0, sizeof(double)*(\(try count(m.tensor))));")
            }
            let n = try size(rows)
            var inner = ["const long rows_to = rows_from + \(Self.rowBlock) < \(n) ? rows_from + \(Self.rowBlock) : \(n);"]
            for m in members {
                let local = names[m.tensor]!
                if case let .einsum(e) = m.tensor.kind, let label = m.rowLabel {
                    inner += try einsumLoops(e, m.tensor, local, rows: (label, "rows_from", "rows_to"))
                } else {
                    inner += try statements(for: m.tensor, into: local, from: "rows_from", to: "rows_to")
                }
            }
            return lines + ["for (long rows_from = 0; rows_from < \(n); rows_from += \(Self.rowBlock)) {"] + inner.map { "    " + $0 } + ["}"]
        }

        /// The statements that compute `t` into `local` (an elementwise node only at the entries
        /// `from` up to `to` when they are given).
        mutating func statements(for t: Tensor, into local: String, from: String = "0", to: String? = nil) throws(NumPyProgramError) -> [String] {
            let ops = t.operands.map { names[$0]! }
            let axes = (0..<t.order).map { "a\($0)" }
            let extents = try t.shape.map { s throws(NumPyProgramError) in try size(s) }
            let here = try position(axes, t.shape)
            switch t.kind {
            case .variable: return []
            case .identity:
                return loops(axes, extents, ["\(local)[\(here)] = (a0 == a1);"])
            case let .iota(start):
                return loops(axes, extents, ["\(local)[a0] = (double)(\(try size(start)) + a0);"])
            case let .literal(entries):
                return try entries.enumerated().map { k, e throws(NumPyProgramError) in "\(local)[\(k)] = \(try scalar(e, operands: [], index: ""));" }
            case let .pointwise(template):
                let operands = t.operands.map { $0.isScalar ? "\(names[$0]!)[0]" : "\(names[$0]!)[e]" }
                var end = to ?? ""
                if to == nil { end = try count(t) }
                return ["for (long e = \(from); e < \(end); e++) \(local)[e] = \(try scalar(template, operands: operands, index: "e"));"]
            case let .einsum(e):
                return try einsum(e, t, local)
            case let .reduce(reduction, axis):
                let input = t.operands[0]
                var inAxes = axes
                inAxes.insert("r", at: axis)
                let inExtents = try input.shape.map { s throws(NumPyProgramError) in try size(s) }
                let source = "\(ops[0])[\(try position(inAxes, input.shape))]"
                let inner: [String]
                switch reduction {
                case .max: inner = ["if (r == 0 || \(source) > m) m = \(source);"]
                case .min: inner = ["if (r == 0 || \(source) < m) m = \(source);"]
                case .logSumExp: inner = ["if (r == 0 || \(source) > m) m = \(source);"]
                }
                var body = ["double m = 0.0;"] + loops(["r"], [inExtents[axis]], inner)
                if reduction == .logSumExp {
                    body += ["double s = 0.0;"] + loops(["r"], [inExtents[axis]], ["s += exp(\(source) - m);"]) + ["m += log(s);"]
                }
                // A block of its own: a scalar result has no loop around it to scope m and s.
                return ["{"] + loops(axes, extents, body + ["\(local)[\(here)] = m;"]).map { "    " + $0 } + ["}"]
            case let .window(axis, offset):
                var inAxes = axes
                inAxes[axis] = "(\(try size(offset)) + a\(axis))"
                return loops(axes, extents, ["\(local)[\(here)] = \(ops[0])[\(try position(inAxes, t.operands[0].shape))];"])
            case let .pad(axis, offset):
                let input = t.operands[0]
                var outAxes = axes
                outAxes[axis] = "(\(try size(offset)) + a\(axis))"
                let inExtents = try input.shape.map { s throws(NumPyProgramError) in try size(s) }
                return ["memset(\(local), 0, sizeof(double)*(\(try count(t))));"]
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
                return ["memset(\(local), 0, sizeof(double)*(\(try count(t))));", "{", "    long p = 0;",
                        "    for (long c = 0; c < \(d); c++) for (long r = c + 1; r < \(d); r++) \(local)[(p++*\(d) + r)*\(d) + c] = 1.0;", "}"]
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
            if let gram = WeightedGram(e, operands: t.operands) { return try weightedGram(gram, local) }
            return ["memset(\(local), 0, sizeof(double)*(\(try count(t))));"] + (try einsumLoops(e, t, local))
        }

        /// The loops of a product, adding into `local`; with `rows`, that label outermost and
        /// looped from `rows.from` up to `rows.to` only (one block of a run over the rows).
        mutating func einsumLoops(_ e: Einsum, _ t: Tensor, _ local: String, rows: (label: Int, from: String, to: String)? = nil)
            throws(NumPyProgramError) -> [String]
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
            let labels = extent.keys.filter { !packed.contains($0) }.sorted { (depth[$0] ?? 0, $0) < (depth[$1] ?? 0, $1) }
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
                body = ["long \(i) = \(start(last - 1));", "for (; \(i) + 4 <= \(n); \(i) += 4) {"] + steps.map { "    " + $0 } + ["}",
                        "for (; \(i) < \(n); \(i)++) s0 += \(try product(last));"]
                for k in stride(from: last - 2, through: summed, by: -1) {
                    let i = variable(labels[k])
                    body = ["for (long \(i) = \(start(k)); \(i) < \(end(k)); \(i)++) {", "    const double p\(k + 1) = \(try product(k + 1));"]
                        + body.map { "    " + $0 } + ["}"]
                }
                body = ["double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;"] + body + ["\(target) += p\(summed)*((s0 + s1) + (s2 + s3));"]
            } else if packing == nil, last == 2, !e.output.contains(labels[0]) {
                // X'*v: the summed rows four at a time, so each entry of the result is loaded and
                // stored once per four rows; then the remaining rows one at a time.
                let i = variable(labels[0]), j = variable(labels[1])
                let weights = try (0..<4).map { u throws(NumPyProgramError) in "q\(u) = \(try product(1, step(i, u)))" }
                let terms = try (0..<4).map { u throws(NumPyProgramError) in "q\(u)*\(try product(2, step(i, u), outer: false))" }
                let four = ["const double " + weights.joined(separator: ", ") + ";",
                            "for (long \(j) = 0; \(j) < \(extent[labels[1]]!); \(j)++) \(target) += \(terms.joined(separator: " + "));"]
                let remainder = ["const double p1 = \(try product(1));",
                                 "for (long \(j) = 0; \(j) < \(extent[labels[1]]!); \(j)++) \(target) += \(try product(2));"]
                body = ["long \(i) = \(start(0));", "for (; \(i) + 4 <= \(end(0)); \(i) += 4) {"] + four.map { "    " + $0 } + ["}",
                        "for (; \(i) < \(end(0)); \(i)++) {"] + remainder.map { "    " + $0 } + ["}"]
                return ["{", "    const double p0 = \(try product(0));"] + body.map { "    " + $0 } + ["}"]
            } else {
                body = ["\(target) += p\(last);"]
            }
            for k in stride(from: summed - 1, through: 0, by: -1) {
                let i = variable(labels[k])
                var loop = "for (long \(i) = \(start(k)); \(i) < \(end(k)); \(i)++) {"
                if let (_, entry) = packing, entry[0] == labels[k] {
                    let (r, c, d) = (variable(entry[1]), variable(entry[2]), extent[entry[1]]!)
                    loop = "for (long \(i) = 0, \(r) = 1, \(c) = 0; \(i) < \(extent[labels[k]]!); \(i)++, \(r) = \(r) + 1 < \(d) ? \(r) + 1 : ++\(c) + 1) {"
                }
                body = [loop, "    const double p\(k + 1) = \(try product(k + 1));"] + body.map { "    " + $0 } + ["}"]
            }
            return ["{", "    const double p0 = \(try product(0));"] + body.map { "    " + $0 } + ["}"]
        }

        /// `X'*diag(s)*X`: the row weights into the scratch, then the symmetric product.
        mutating func weightedGram(_ gram: WeightedGram, _ local: String) throws(NumPyProgramError) -> [String] {
            needsGram = true
            let n = try size(gram.matrix.shape[0]), d = try size(gram.matrix.shape[1])
            let factors = gram.weights.map { $0.order == 0 ? "\(names[$0]!)[0]" : "\(names[$0]!)[e]" }
            return ["for (long e = 0; e < \(n); e++) scratch[e] = \(factors.isEmpty ? "1.0" : factors.joined(separator: "*"));",
                    "symdiff_gram(\(n), \(d), \(names[gram.matrix]!), scratch, \(local), scratch + \(n));"]
        }

        /// A scalar expression (a pointwise template over `#k`, or a size) as C.
        mutating func scalar(_ e: Expr, operands: [String], index: String) throws(NumPyProgramError) -> String {
            switch e.head {
            case let .number(q):
                if q.isInteger { return "\(q).0" }
                return "(\(q.numerator).0/\(q.denominator).0)"
            case let .symbol(name):
                if let k = Tensor.placeholderIndex(e) { return operands[k] }
                if let local = sizes[name] { return "(double)\(local)" }
                throw NumPyProgramError(description: "\(name) is not an argument")
            case let .constant(c): return c == .pi ? "M_PI" : "M_E"
            case let .add(c):
                var parts = try e.children.map { x throws(NumPyProgramError) in try scalar(x, operands: operands, index: index) }
                if !c.isZero { parts.append(try scalar(.number(c), operands: [], index: index)) }
                return "(" + parts.joined(separator: " + ") + ")"
            case let .mul(c):
                var parts = try e.children.map { x throws(NumPyProgramError) in try scalar(x, operands: operands, index: index) }
                if c != Rational(1) { parts.insert(try scalar(.number(c), operands: [], index: index), at: 0) }
                return "(" + parts.joined(separator: "*") + ")"
            case .pow:
                let base = try scalar(e.children[0], operands: operands, index: index)
                if case let .number(q) = e.children[1].head, q == Rational(2) { return "(\(base)*\(base))" }
                if case let .number(q) = e.children[1].head, q == Rational(-1) { return "(1.0/\(base))" }
                if case let .number(q) = e.children[1].head, q == Rational(1, 2) { return "sqrt(\(base))" }
                return "pow(\(base), \(try scalar(e.children[1], operands: operands, index: index)))"
            case let .function(id):
                let arguments = try e.children.map { x throws(NumPyProgramError) in try scalar(x, operands: operands, index: index) }
                do throws(FunctionCalls.Missing) { return try calls.call(id.spec, arguments) } catch {
                    throw NumPyProgramError(description: "\(error.function) has no C code")
                }
            case .undefined:
                return "NAN"
            }
        }
    }
}

/// Names in emitted code.
enum Identifier {
    /// `length(w)` as `length_w`: letters, digits and single underscores, starting with a letter.
    static func clean(_ s: String) -> String {
        let mapped = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        let joined = mapped.split(separator: "_").joined(separator: "_")
        return joined.first?.isLetter == true ? joined : "s_" + joined
    }

    /// C's keywords and the names of the math library a local would hide.
    static let cReserved: Set<String> = ["auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
                                          "extern", "float", "for", "goto", "if", "int", "long", "register", "return", "short", "signed",
                                          "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
                                          "exp", "log", "sin", "cos", "tan", "sqrt", "pow", "fabs", "e", "m", "s", "r"]
}
