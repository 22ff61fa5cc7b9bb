import Expr
import Parser

extension SyntaxBuilder {
    // MARK: - Free indices

    /// The free indices of `values` together, outermost first.
    func union(_ values: [Indexed]) -> [Binder] {
        var all: [Binder] = []
        for v in values { for b in v.free where !all.contains(where: { $0.id == b.id }) { all.append(b) } }
        return all.sorted { $0.depth < $1.depth }
    }

    /// Labels for a value's own axes: -1, -2, … (free indices are labelled by their binder).
    static func axisLabels(_ count: Int) -> [Int] { (0..<count).map { -($0 + 1) } }

    /// `v` with axes `free` followed by `axes` own axes (it has none when it is a scalar):
    /// repeated along free indices it does not depend on and along axes it lacks.
    func broadcast(_ v: Indexed, to free: [Binder], axes shape: [Size]) -> Tensor {
        let own = SyntaxBuilder.axisLabels(v.form.axisCount)
        let input = v.free.map(\.id) + own
        let output = free.map(\.id) + SyntaxBuilder.axisLabels(shape.count)
        if input == output || (v.tensor.isScalar && free.isEmpty) { return v.tensor }
        var sizes: [Int: Size] = [:]
        for b in free { sizes[b.id] = b.count }
        for (k, s) in shape.enumerated() { sizes[-(k + 1)] = s }
        return .einsum([v.tensor], [input], output: output, sizes: sizes)
    }

    // MARK: - Elementwise

    /// The common shape of values combined entry by entry (scalars fit any shape).
    mutating func commonForm(_ values: [(node: Int, value: Indexed)], operation i: Int, verb: String) throws(Diagnostic) -> (Form, [Size]) {
        var form = Form.scalar
        var shape: [Size] = []
        var first: (Int, Indexed)?
        for (n, v) in values where v.form != .scalar {
            guard let (firstNode, firstValue) = first else {
                first = (n, v)
                form = v.form
                shape = v.shape
                continue
            }
            if v.form != form {
                let note = (form == .row || form == .column) && (v.form == .row || v.form == .column)
                    ? ["one is a row and the other a column: transpose one of them"] : []
                throw Diagnostic("shape-mismatch", "cannot \(verb) \(describe(firstNode, firstValue)) and \(describe(n, v)): their shapes differ",
                                 at: node(i).operatorRange, notes: note)
            }
            for (axis, s) in v.shape.enumerated() where !unifier.unify(shape[axis], s) {
                throw Diagnostic("shape-mismatch", "cannot \(verb) \(describe(firstNode, firstValue)) and \(describe(n, v)): sizes \(unifier.resolve(shape[axis])) and \(unifier.resolve(s)) differ",
                                 at: node(i).operatorRange)
            }
        }
        return (form, shape.map(unifier.resolve))
    }

    /// The values combined by `template` (over `#0`, `#1`, … in the order of `values`) entry by entry.
    mutating func elementwise(_ template: Expr, _ values: [(node: Int, value: Indexed)], operation i: Int, verb: String) throws(Diagnostic) -> Indexed {
        let (form, shape) = try commonForm(values, operation: i, verb: verb)
        let refreshed = values.map { value($0.node) }
        let free = union(refreshed)
        let args = refreshed.map { broadcast($0, to: free, axes: $0.form == .scalar ? [] : shape) }
        let fullShape = free.map(\.count) + shape
        let tensor = Tensor.pointwise(template, args, shape: fullShape)
        return Indexed(tensor: tensor, free: free, form: form, plainScalar: refreshed.allSatisfy(\.plainScalar))
    }

    // MARK: - Operators

    mutating func binary(_ op: TensorSyntax.Operator, _ i: Int) throws(Diagnostic) -> Indexed {
        let n = node(i)
        let (l, r) = (n.children[0], n.children[1])
        let (a, b) = (value(l), value(r))
        let x = Tensor.placeholder(0), y = Tensor.placeholder(1)
        var result: Indexed
        switch op {
        case .add, .subtract:
            result = try elementwise(op == .add ? x + y : x - y, [(l, a), (r, b)], operation: i, verb: op == .add ? "add" : "subtract")
            if let p = a.size, let q = b.size { result.size = op == .add ? p + q : p - q }
            if op == .add, b.size?.intValue != nil, let ia = a.index { result.index = (ia.binder, ia.offset + b.size!) }
            if op == .add, a.size?.intValue != nil, let ib = b.index { result.index = (ib.binder, ib.offset + a.size!) }
            if op == .subtract, b.size?.intValue != nil, let ia = a.index { result.index = (ia.binder, ia.offset - b.size!) }
        case .multiply:
            if a.form == .scalar || b.form == .scalar {
                result = try elementwise(x * y, [(l, a), (r, b)], operation: i, verb: "multiply")
                if let p = a.size, let q = b.size { result.size = p * q }
            } else {
                result = try matrixProduct(l, a, r, b, i)
            }
        case .divide:
            guard b.form == .scalar else {
                throw Diagnostic("divide-by-array", "cannot divide by \(describe(r, b)): the divisor of / is a scalar", at: n.operatorRange,
                                 notes: ["use ./ to divide entry by entry, or multiply by inv(...) for a matrix"])
            }
            result = try elementwise(x / y, [(l, a), (r, b)], operation: i, verb: "divide")
            if let p = a.size, let q = b.size?.intValue, q != 0 { result.size = Size(p.expr / Expr.integer(q)) }
        case .power:
            if a.form == .scalar && b.form == .scalar {
                result = try elementwise(.power(x, y), [(l, a), (r, b)], operation: i, verb: "raise")
            } else {
                result = try matrixPower(l, a, r, b, i)
            }
        case .elementwiseProduct:
            result = try elementwise(x * y, [(l, a), (r, b)], operation: i, verb: "multiply")
        case .elementwiseQuotient:
            result = try elementwise(x / y, [(l, a), (r, b)], operation: i, verb: "divide")
        case .elementwisePower:
            result = try elementwise(.power(x, y), [(l, a), (r, b)], operation: i, verb: "raise")
        }
        return result
    }

    /// `a*b` of two arrays, by the rules of matrix algebra on rows and columns.
    private mutating func matrixProduct(_ l: Int, _ a: Indexed, _ r: Int, _ b: Indexed, _ i: Int) throws(Diagnostic) -> Indexed {
        // Labels of a's axes, b's axes, the result's, and the inner sizes that must agree.
        let aLabels: [Int], bLabels: [Int], outLabels: [Int], form: Form
        let inner: (Size, Size)
        switch (a.form, b.form) {
        case (.column, .row):
            (aLabels, bLabels, outLabels, form) = ([-1], [-2], [-1, -2], .matrix)
            inner = (.one, .one)
        case (.row, .column):
            (aLabels, bLabels, outLabels, form) = ([-1], [-1], [], .scalar)
            inner = (a.shape[0], b.shape[0])
        case (.matrix, .column):
            (aLabels, bLabels, outLabels, form) = ([-1, -2], [-2], [-1], .column)
            inner = (a.shape[1], b.shape[0])
        case (.row, .matrix):
            (aLabels, bLabels, outLabels, form) = ([-1], [-1, -2], [-2], .row)
            inner = (a.shape[0], b.shape[0])
        case (.matrix, .matrix):
            (aLabels, bLabels, outLabels, form) = ([-1, -2], [-2, -3], [-1, -3], .matrix)
            inner = (a.shape[1], b.shape[0])
        default:
            let aInner = a.form == .column ? "1" : a.form == .row ? a.shape[0].description : a.shape[1].description
            let bInner = b.form == .row ? "1" : b.shape[0].description
            var notes: [String] = []
            if a.form == .column && b.form == .column {
                notes.append("for vectors: \(text(l))'*\(text(r)) is the dot product, \(text(l)) .* \(text(r)) multiplies entry by entry, \(text(l))*\(text(r))' is the outer product")
            }
            throw Diagnostic("shape-mismatch", "cannot multiply \(describe(l, a)) by \(describe(r, b)): inner sizes \(aInner) and \(bInner) differ",
                             at: node(i).operatorRange, notes: notes)
        }
        guard unifier.unify(inner.0, inner.1) else {
            throw Diagnostic("shape-mismatch", "cannot multiply \(describe(l, a)) by \(describe(r, b)): inner sizes \(unifier.resolve(inner.0)) and \(unifier.resolve(inner.1)) differ",
                             at: node(i).operatorRange)
        }
        let (a, b) = (value(l), value(r))
        let free = union([a, b])
        var sizes: [Int: Size] = [:]
        for f in free { sizes[f.id] = f.count }
        let tensor = Tensor.einsum([a.tensor, b.tensor], [a.free.map(\.id) + aLabels, b.free.map(\.id) + bLabels],
                                   output: free.map(\.id) + outLabels, sizes: sizes)
        return Indexed(tensor: tensor, free: free, form: form)
    }

    /// `A^k` for a square matrix and a whole number k (`A^-1` is `inv(A)`).
    private mutating func matrixPower(_ l: Int, _ a: Indexed, _ r: Int, _ b: Indexed, _ i: Int) throws(Diagnostic) -> Indexed {
        guard a.form == .matrix else {
            throw Diagnostic("shape-mismatch", "cannot raise \(describe(l, a)) to a power with ^", at: node(i).operatorRange,
                             notes: ["use .^ for powers entry by entry"])
        }
        guard b.form == .scalar, b.free.isEmpty, let k = b.tensor.constantValue?.rationalValue?.intValue else {
            throw Diagnostic("matrix-power", "a matrix power A^k needs a whole number k", at: node(i).operatorRange,
                             notes: ["use .^ for powers entry by entry"])
        }
        try requireSquare(l, a, "raise to a power")
        let a = value(l)
        guard abs(k) <= 64 else { throw Diagnostic("matrix-power", "the power \(k) is too large (at most 64)", at: node(r).range) }
        var base = a
        if k < 0 { base.tensor = .inverse(a.tensor) }
        var result = Indexed(tensor: .identity(a.shape[0]), form: .matrix)
        for _ in 0..<abs(k) {
            result.tensor = result.tensor == .identity(a.shape[0]) ? base.tensor : Tensor.matrixProduct(result.tensor, base.tensor)
        }
        result.free = a.free
        return result
    }

    mutating func requireSquare(_ i: Int, _ v: Indexed, _ what: String) throws(Diagnostic) {
        guard v.form == .matrix else {
            throw Diagnostic("not-a-matrix", "cannot \(what) \(describe(i, v)): it needs a square matrix", at: node(i).range, notes: declarationNote(i))
        }
        guard unifier.unify(v.shape[0], v.shape[1]) else {
            throw Diagnostic("not-square", "cannot \(what) \(describe(i, v)): the matrix is not square", at: node(i).range)
        }
    }

    mutating func transpose(_ i: Int) throws(Diagnostic) -> Indexed {
        let operand = node(i).children[0]
        var v = value(operand)
        switch v.form {
        case .scalar:
            if v.plainScalar {
                throw Diagnostic("transpose-scalar", "\(text(operand)) is a scalar: ' is the transpose, not a derivative", at: node(i).operatorRange,
                                 notes: declarationNote(operand) + ["derivatives are written diff(f, x)"])
            }
        case .column: v.form = .row
        case .row: v.form = .column
        case .matrix:
            let free = v.free.map(\.id)
            v.tensor = .einsum([v.tensor], [free + [-1, -2]], output: free + [-2, -1])
        }
        v.index = nil
        v.size = nil
        return v
    }
}
