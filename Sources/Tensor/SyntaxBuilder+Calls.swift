import Expr
import Parser

/// The functions of the tensor language that are not entries of the scalar function table.
public enum Builtins {
    /// Every builtin name (`max` and `min` of two arguments are the table's, elementwise).
    public static let names: Set<String> = [
        "sum", "dot", "norm2", "norm1", "trace", "det", "logdet", "inv", "diag", "softmax", "logsumexp",
        "ones", "zeros", "eye", "transpose", "range", "embed", "size", "length", "max", "min", "lowertri", "lowerentries",
    ]
}

extension SyntaxBuilder {
    mutating func call(_ name: String, _ keywords: [String?], _ i: Int) throws(Diagnostic) -> Indexed {
        let n = node(i)
        let positional = zip(n.children, keywords).filter { $0.1 == nil }.map(\.0)
        var dim: Int?
        for (child, key) in zip(n.children, keywords) {
            guard let key else { continue }
            guard key == "dim", ["sum", "max", "min", "logsumexp", "embed"].contains(name) else {
                throw Diagnostic("unknown-keyword", "\(name) has no argument '\(key)'", at: node(child).range)
            }
            guard let k = value(child).size?.intValue, k == 1 || k == 2 else {
                throw Diagnostic("bad-dim", "dim is 1 (down the columns) or 2 (along the rows)", at: node(child).range)
            }
            dim = k
        }
        func arity(_ count: ClosedRange<Int>) throws(Diagnostic) {
            guard count.contains(positional.count) else {
                let expected = count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) or \(count.upperBound)"
                throw Diagnostic("arity", "\(name) takes \(expected) argument\(count.upperBound == 1 ? "" : "s"), got \(positional.count)", at: n.range)
            }
        }
        switch name {
        case "max" where positional.count == 2, "min" where positional.count == 2:
            return try tableFunction(name, positional, i)
        case "sum", "max", "min", "logsumexp":
            try arity(1...1)
            return try reduceAll(name, positional[0], dim: dim, i)
        case "dot":
            try arity(2...2)
            return try dot(positional[0], positional[1], i)
        case "norm2", "norm1":
            try arity(1...1)
            let v = value(positional[0])
            let entries = name == "norm2" ? v.tensor : v.tensor.applying(FunctionID.abs)
            let squares = name == "norm2" ? Tensor.pointwise(.power(Tensor.placeholder(0), .two), [entries], shape: entries.shape) : entries
            var summed = sumOwnAxes(Indexed(tensor: squares, free: v.free, form: v.form))
            if name == "norm2" { summed.tensor = summed.tensor.applying(FunctionID.sqrt) }
            return summed
        case "trace":
            try arity(1...1)
            try requireSquare(positional[0], value(positional[0]), "take the trace of")
            let v = value(positional[0])
            let free = v.free.map(\.id)
            return Indexed(tensor: .einsum([v.tensor], [free + [-1, -1]], output: free), free: v.free, form: .scalar)
        case "det", "logdet", "inv":
            try arity(1...1)
            let m = positional[0]
            try requireSquare(m, value(m), name == "inv" ? "invert" : "take \(name) of")
            let v = value(m)
            guard v.free.isEmpty else {
                throw Diagnostic("indexed-matrix-function", "\(name) of a matrix that depends on the index \(v.free[0].name) is not supported", at: n.range)
            }
            let t: Tensor = name == "inv" ? .inverse(v.tensor) : name == "det" ? .determinant(v.tensor) : .logDeterminant(v.tensor)
            return Indexed(tensor: t, form: name == "inv" ? .matrix : .scalar)
        case "diag":
            try arity(1...1)
            return try diag(positional[0], i)
        case "softmax":
            try arity(1...1)
            let v = value(positional[0])
            guard v.form == .column || v.form == .row else {
                throw Diagnostic("not-a-vector", "softmax takes a vector, not \(describe(positional[0], v))", at: n.range, notes: declarationNote(positional[0]))
            }
            let lse = Tensor.reduce(.logSumExp, v.tensor, axis: v.free.count)
            let spread = broadcast(Indexed(tensor: lse, free: v.free, form: .scalar), to: v.free, axes: v.shape)
            let t = Tensor.pointwise(Expr.apply(FunctionID.exp, [Tensor.placeholder(0) - Tensor.placeholder(1)]), [v.tensor, spread], shape: v.tensor.shape)
            return Indexed(tensor: t, free: v.free, form: v.form)
        case "ones", "zeros", "eye":
            try arity(name == "eye" ? 1...1 : 1...2)
            var sizes: [Size] = []
            for c in positional { sizes.append(try size(c, what: "the size of \(name)")) }
            if name == "eye" { return Indexed(tensor: .identity(sizes[0]), form: .matrix) }
            let t = Tensor.constant(name == "ones" ? .one : .zero, shape: sizes)
            return Indexed(tensor: t, form: sizes.count == 1 ? .column : .matrix)
        case "transpose":
            try arity(1...1)
            var v = value(positional[0])
            if v.form == .matrix {
                let free = v.free.map(\.id)
                v.tensor = .einsum([v.tensor], [free + [-1, -2]], output: free + [-2, -1])
            } else if v.form == .column { v.form = .row } else if v.form == .row { v.form = .column }
            v.size = nil
            v.index = nil
            return v
        case "range":
            try arity(2...2)
            let lo = try size(positional[0], what: "the first value of a range")
            let hi = try size(positional[1], what: "the last value of a range")
            return Indexed(tensor: .iota(start: lo, count: hi - lo + .one), form: .column)
        case "lowertri":
            try arity(2...2)
            return try lowerTriangular(positional[0], positional[1], i)
        case "lowerentries":
            try arity(1...1)
            try requireSquare(positional[0], value(positional[0]), "take the entries below the diagonal of")
            let m = value(positional[0])
            let free = m.free.map(\.id)
            let t = Tensor.einsum([m.tensor, .lowerPacking(m.shape[0])], [free + [-2, -3], [-1, -2, -3]], output: free + [-1])
            return Indexed(tensor: t, free: m.free, form: .column)
        case "embed":
            try arity(3...3)
            return try embed(positional, dim: dim ?? 1, i)
        case "size", "length":
            try arity(name == "size" ? 2...2 : 1...1)
            let v = value(positional[0])
            var axis = 0
            if name == "size" {
                guard let k = value(positional[1]).size?.intValue, (1...2).contains(k) else {
                    throw Diagnostic("bad-dim", "size(X, k) takes k = 1 or 2", at: node(positional[1]).range)
                }
                axis = k - 1
            }
            guard axis < v.shape.count else {
                throw Diagnostic("not-an-array", "\(text(positional[0])) has no axis \(axis + 1)", at: n.range, notes: declarationNote(positional[0]))
            }
            let s = unifier.resolve(v.shape[axis])
            return Indexed(tensor: .scalar(s.expr), form: .scalar, plainScalar: true, size: s)
        default:
            if FunctionTable.lookup(name) != nil { return try tableFunction(name, positional, i) }
            let candidates = FunctionTable.names + Builtins.names.sorted()
            let hint = closestName(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
            throw Diagnostic("unknown-function", "unknown function '\(name)'\(hint)", at: n.operatorRange,
                             notes: ["write \(name)*(...) for a product"])
        }
    }

    /// A function of the scalar table, entry by entry.
    private mutating func tableFunction(_ name: String, _ args: [Int], _ i: Int) throws(Diagnostic) -> Indexed {
        let key = "\(name)/\(args.count)"
        let template: Expr
        if let known = functionTemplates[key] {
            template = known
        } else {
            // The scalar parser checks the arity and fills in defaults, as for a scalar call.
            let names = args.indices.map { "a\($0)" }
            do {
                let parsed = try Parser().parse("\(name)(\(names.joined(separator: ", ")))")
                var map: [Expr: Expr] = [:]
                for (k, v) in names.enumerated() { map[.symbol(v)] = Tensor.placeholder(k) }
                template = parsed.replacingLeaves(map)
            } catch {
                throw Diagnostic(error.id, error.message, at: node(i).range, notes: error.notes)
            }
            functionTemplates[key] = template
        }
        return try elementwise(template, args.map { ($0, value($0)) }, operation: i, verb: "combine")
    }

    /// `v` summed over its own axes.
    func sumOwnAxes(_ v: Indexed) -> Indexed {
        let free = v.free.map(\.id)
        let t = Tensor.einsum([v.tensor], [free + SyntaxBuilder.axisLabels(v.form.axisCount)], output: free)
        return Indexed(tensor: t, free: v.free, form: .scalar)
    }

    private func reduceAll(_ name: String, _ arg: Int, dim: Int?, _ i: Int) throws(Diagnostic) -> Indexed {
        let v = value(arg)
        if let dim {
            guard dim <= v.form.axisCount else {
                throw Diagnostic("bad-dim", "\(text(arg)) has no axis \(dim)", at: node(i).range)
            }
        }
        if v.form == .scalar { return v }
        let axes: [Int] = dim.map { [v.free.count + $0 - 1] } ?? Array(v.free.count..<(v.free.count + v.form.axisCount))
        var t = v.tensor
        for axis in axes.reversed() {
            switch name {
            case "sum": t = t.sum(axis: axis)
            case "max": t = .reduce(.max, t, axis: axis)
            case "min": t = .reduce(.min, t, axis: axis)
            default: t = .reduce(.logSumExp, t, axis: axis)
            }
        }
        let form: Form = v.form == .matrix && dim != nil ? .column : .scalar
        return Indexed(tensor: t, free: v.free, form: form)
    }

    private mutating func dot(_ l: Int, _ r: Int, _ i: Int) throws(Diagnostic) -> Indexed {
        var (a, b) = (value(l), value(r))
        let isVector: (Form) -> Bool = { $0 == .column || $0 == .row }
        guard (isVector(a.form) && isVector(b.form)) || (a.form == .matrix && b.form == .matrix) else {
            throw Diagnostic("shape-mismatch", "dot takes two vectors or two matrices, not \(describe(l, a)) and \(describe(r, b))", at: node(i).range)
        }
        if isVector(a.form) { a.form = .column; b.form = .column }
        results[l] = a
        results[r] = b
        let product = try elementwise(Tensor.placeholder(0) * Tensor.placeholder(1), [(l, a), (r, b)], operation: i, verb: "take the dot product of")
        return sumOwnAxes(product)
    }

    private func diag(_ arg: Int, _ i: Int) throws(Diagnostic) -> Indexed {
        let v = value(arg)
        let free = v.free.map(\.id)
        switch v.form {
        case .column, .row:
            let t = Tensor.einsum([v.tensor, .identity(v.shape[0])], [free + [-1], [-1, -2]], output: free + [-1, -2])
            return Indexed(tensor: t, free: v.free, form: .matrix)
        case .matrix:
            guard v.shape[0].isEqual(to: v.shape[1]) || unifier.resolve(v.shape[0]).isEqual(to: unifier.resolve(v.shape[1])) else {
                throw Diagnostic("not-square", "diag of \(describe(arg, v)): the matrix is not square", at: node(i).range)
            }
            return Indexed(tensor: .einsum([v.tensor], [free + [-1, -1]], output: free + [-1]), free: v.free, form: .column)
        case .scalar:
            throw Diagnostic("not-an-array", "diag takes a vector or a square matrix, not \(describe(arg, v))", at: node(i).range, notes: declarationNote(arg))
        }
    }

    /// `lowertri(v, d)`: the strictly lower-triangular d×d matrix with the entries of `v`
    /// below the diagonal, column by column (the packing of GradBench's `gmm`).
    private mutating func lowerTriangular(_ arg: Int, _ sizeNode: Int, _ i: Int) throws(Diagnostic) -> Indexed {
        let v = value(arg)
        guard v.form == .column || v.form == .row else {
            throw Diagnostic("not-a-vector", "lowertri takes a vector of the entries below the diagonal, not \(describe(arg, v))", at: node(i).range,
                             notes: declarationNote(arg))
        }
        let d = try size(sizeNode, what: "the size of lowertri")
        guard unifier.unify(v.shape[0], Tensor.packedCount(d)) else {
            throw Diagnostic("shape-mismatch", "lowertri(v, \(d)) needs \(Tensor.packedCount(d)) entries, but \(describe(arg, v)) has \(unifier.resolve(v.shape[0]))",
                             at: node(i).range)
        }
        let u = value(arg)
        let free = u.free.map(\.id)
        let t = Tensor.einsum([u.tensor, .lowerPacking(d)], [free + [-1], [-1, -2, -3]], output: free + [-2, -3])
        return Indexed(tensor: t, free: u.free, form: .matrix)
    }

    /// `embed(v, k, n)`: `v` placed at positions k, k + 1, … of a zero vector of length n (along
    /// axis `dim` of a matrix).
    private mutating func embed(_ args: [Int], dim: Int, _ i: Int) throws(Diagnostic) -> Indexed {
        let v = value(args[0])
        guard v.form != .scalar, dim <= v.form.axisCount else {
            throw Diagnostic("not-an-array", "embed places a vector or matrix, not \(describe(args[0], v))", at: node(i).range)
        }
        let start = try size(args[1], what: "the position of embed")
        let length = try size(args[2], what: "the length of embed")
        let axis = v.free.count + dim - 1
        let offset = start - .one
        if let room = (offset + v.tensor.shape[axis]).constantDifference(to: length), room < 0 {
            throw Diagnostic("out-of-range", "embed places \(v.tensor.shape[axis]) entries from position \(start) into a length of only \(length)", at: node(i).range)
        }
        return Indexed(tensor: .pad(v.tensor, axis: axis, offset: offset, length: length), free: v.free, form: v.form)
    }
}
