import Expr
import Parser

/// What the shape axes of a value mean, for the rules of `*` and for messages: a vector is a
/// column unless transposed (`x'`) or taken as a row of a matrix (`A[i, :]`).
enum Form: Equatable {
    case scalar, column, row, matrix

    var axisCount: Int { self == .scalar ? 0 : self == .matrix ? 2 : 1 }
}

/// An index bound by a sum (or max, min, logsumexp) over a range: `sum(i, lo, hi, body)`.
struct Binder: Equatable {
    /// The syntax node of the reduction: the index's identity and its label.
    let id: Int
    let name: String
    /// How many binders enclose this one: free indices are ordered by it, outermost first.
    let depth: Int
    let lo: Size
    let hi: Size
    var count: Size { hi - lo + .one }
}

/// A value while an expression is built: its tensor, whose axes are the free indices it
/// depends on (outermost first) followed by its own axes.
struct Indexed {
    var tensor: Tensor
    var free: [Binder] = []
    var form: Form
    /// Built from numbers and scalar names only: its transpose is an error (`f'`).
    var plainScalar = false
    /// The value as a size, when it is one (a whole number, a size name, `n - 1`).
    var size: Size?
    /// An index variable plus an offset (`i`, `i + 1`): what an index position may be.
    var index: (binder: Binder, offset: Size)?

    /// The sizes of the value's own axes.
    var shape: [Size] { Array(tensor.shape.suffix(form.axisCount)) }
}

/// Turns a `TensorSyntax` tree into a tensor expression: resolves names against the
/// declarations, checks and infers shapes (finding sizes the declarations leave out), and
/// applies the matrix rules of each operator. Walks the syntax nodes in order (children first).
struct SyntaxBuilder {
    let syntax: TensorSyntax
    let declarations: TensorDeclarations
    var unifier = SizeUnifier()
    var results: [Indexed?]
    /// For each node, the binders in scope: (name, id of the reduction node).
    var scopes: [[(String, Int)]]
    /// Nodes that name an index where a reduction binds it (`i` in `sum(i, …)`).
    var binderNames: Set<Int> = []
    /// Undeclared names used as sizes, with where.
    var sizeUses: [String: Range<Int>] = [:]
    /// Templates of table functions by name and argument count.
    var functionTemplates: [String: Expr] = [:]
    /// Names that stand for expressions (a session's values).
    var bindings: [String: TensorExpression] = [:]

    static let reductions: Set<String> = ["sum", "max", "min", "logsumexp"]

    init(syntax: TensorSyntax, declarations: TensorDeclarations) {
        self.syntax = syntax
        self.declarations = declarations
        results = Array(repeating: nil, count: syntax.nodes.count)
        scopes = Array(repeating: [], count: syntax.nodes.count)
        for i in syntax.nodes.indices.reversed() {
            let node = syntax.nodes[i]
            for (position, child) in node.children.enumerated() {
                scopes[child] = scopes[i]
                if isBindingReduction(i), position == 3, case let .name(n) = syntax.nodes[node.children[0]].kind {
                    scopes[child].append((n, i))
                }
            }
            if isBindingReduction(i) { binderNames.insert(node.children[0]) }
        }
    }

    /// `sum(i, lo, hi, body)` and its kin: four arguments, the first a name.
    func isBindingReduction(_ i: Int) -> Bool {
        let node = syntax.nodes[i]
        guard case let .call(name, keywords) = node.kind, SyntaxBuilder.reductions.contains(name),
              node.children.count == 4, keywords.allSatisfy({ $0 == nil }),
              case .name = syntax.nodes[node.children[0]].kind else { return false }
        return true
    }

    mutating func build() throws(Diagnostic) -> (tensor: Tensor, form: Form) {
        for i in syntax.nodes.indices where !binderNames.contains(i) {
            results[i] = try build(i)
        }
        let root = value(syntax.root)
        var tensor = unifier.resolve(root.tensor)
        // An undeclared name used as a size somewhere is that size everywhere (`n` in
        // `sum(i, 1, n, i/n)`), not a scalar variable.
        if tensor.variables.contains(where: { sizeUses[$0.variableName!] != nil }) {
            tensor = Tensor.rewrittenBottomUp([tensor]) { t in
                if case let .variable(name, _) = t.kind, t.isScalar, sizeUses[name] != nil { return .scalar(.symbol(name)) }
                return t
            }[0]
        }
        return (tensor, root.form)
    }

    /// The value of node `i`, with sizes found since it was built filled in.
    func value(_ i: Int) -> Indexed {
        var v = results[i]!
        if !unifier.isEmpty {
            v.tensor = unifier.resolve(v.tensor)
            v.free = v.free.map(resolve)
            v.size = v.size.map(unifier.resolve)
        }
        return v
    }

    func resolve(_ b: Binder) -> Binder {
        Binder(id: b.id, name: b.name, depth: b.depth, lo: unifier.resolve(b.lo), hi: unifier.resolve(b.hi))
    }

    /// The source text of node `i`, shortened for messages.
    func text(_ i: Int) -> String {
        let t = syntax.text(of: i)
        return t.count > 32 ? String(t.prefix(29)) + "…" : t
    }

    func node(_ i: Int) -> TensorSyntax.Node { syntax.nodes[i] }

    private mutating func build(_ i: Int) throws(Diagnostic) -> Indexed {
        let n = node(i)
        switch n.kind {
        case let .number(text):
            let r: Rational
            do { r = try Rational.parse(decimal: Substring(text)) } catch {
                throw Diagnostic("bad-number", "malformed or too large number '\(text.prefix(40))'", at: n.range)
            }
            return Indexed(tensor: .scalar(.number(r)), form: .scalar, plainScalar: true,
                           size: r.isInteger ? Size(.number(r)) : nil)
        case let .name(name):
            return try resolveName(name, i)
        case let .call(name, keywords):
            if isBindingReduction(i) { return try reduction(name, i) }
            return try call(name, keywords, i)
        case let .binary(op):
            return try binary(op, i)
        case .negate:
            var v = value(n.children[0])
            v.tensor = -v.tensor
            v.size = v.size.map { Size(-$0.expr) }
            v.index = nil
            return v
        case .plus:
            return value(n.children[0])
        case .transpose:
            return try transpose(i)
        case let .index(items):
            return try index(items, i)
        case let .literal(rows):
            return try literal(rows, i)
        }
    }

    // MARK: - Names

    private mutating func resolveName(_ name: String, _ i: Int) throws(Diagnostic) -> Indexed {
        if let (_, id) = scopes[i].last(where: { $0.0 == name }) {
            let b = binder(id)
            let values = Tensor.iota(start: b.lo, count: b.count)
            return Indexed(tensor: values, free: [b], form: .scalar, index: (b, Size(0)))
        }
        if let bound = bindings[name] { return try boundValue(bound, name, i) }
        if let shape = declarations[name] {
            let sizes = shape.sizes.map(unifier.resolve)
            let t = Tensor.variable(name, shape: sizes, symmetric: shape.symmetric)
            switch shape.kind {
            case .scalar: return Indexed(tensor: t, form: .scalar, plainScalar: true, size: .named(name))
            case .vector: return Indexed(tensor: t, form: .column)
            case .matrix: return Indexed(tensor: t, form: .matrix)
            }
        }
        if let constant = Parser.constants[name] {
            return Indexed(tensor: .scalar(constant), form: .scalar, plainScalar: true)
        }
        if FunctionTable.lookup(name) != nil || Builtins.names.contains(name) {
            throw Diagnostic("function-without-call", "'\(name)' is a function: call it as \(name)(...)", at: node(i).range)
        }
        if declarations.sizeNames.contains(name) {
            return Indexed(tensor: .scalar(.symbol(name)), form: .scalar, plainScalar: true, size: .named(name))
        }
        // An undeclared name is a scalar variable, as in the scalar language.
        return Indexed(tensor: .variable(name, shape: []), form: .scalar, plainScalar: true, size: .named(name))
    }

    /// A name bound to an expression: its tensor with the form it has (a row stays a row).
    /// Its variables fix the unknown sizes of the same names here: in `loss + norm2(w)^2`, with
    /// `loss` over `X*w`, the `w` of `norm2` has the length `loss`'s `w` has.
    private mutating func boundValue(_ bound: TensorExpression, _ name: String, _ i: Int) throws(Diagnostic) -> Indexed {
        let t = bound.tensor
        for v in t.variables {
            guard let declared = declarations[v.variableName!], declared.sizes.count == v.order else { continue }
            for (a, b) in zip(declared.sizes, v.shape) { _ = unifier.unify(a, b) }
        }
        switch t.order {
        case 0:
            // A whole number (or a size expression) can be used as a size: `k = 3`, `ones(k)`.
            let size = t.constantValue.flatMap { c in (c.rationalValue.map(\.isInteger) ?? !c.freeSymbols.isEmpty) ? Size(c) : nil }
            return Indexed(tensor: t, form: .scalar, plainScalar: true, size: size)
        case 1: return Indexed(tensor: t, form: bound.isRow ? .row : .column)
        case 2: return Indexed(tensor: t, form: .matrix)
        default:
            throw Diagnostic("high-order-value", "\(name) holds an array of order \(t.order) (\(ShapeText.describe(t.shape))), which cannot be used in an expression",
                             at: node(i).range)
        }
    }

    /// The binder of the reduction at node `id`, from its bounds.
    func binder(_ id: Int) -> Binder {
        let n = node(id)
        guard case let .name(name) = node(n.children[0]).kind else { preconditionFailure("a binding reduction names its index") }
        let depth = scopes[id].count
        let lo = value(n.children[1]).size ?? Size(0)
        let hi = value(n.children[2]).size ?? Size(0)
        return Binder(id: id, name: name, depth: depth, lo: lo, hi: hi)
    }

    /// `v` as a size; records a name used as one.
    mutating func size(_ i: Int, what: String) throws(Diagnostic) -> Size {
        let v = value(i)
        guard let s = v.size, v.free.isEmpty else {
            throw Diagnostic("bad-size", "\(what) must be a size: a whole number, a size name, or +, -, * of them", at: node(i).range)
        }
        for name in s.names where !name.contains("(") && declarations[name] == nil && sizeUses[name] == nil {
            sizeUses[name] = node(i).range
        }
        if let k = s.intValue, k < 0 {
            throw Diagnostic("bad-size", "\(what) is negative (\(k))", at: node(i).range)
        }
        return s
    }

    // MARK: - Reductions over an index

    private mutating func reduction(_ name: String, _ i: Int) throws(Diagnostic) -> Indexed {
        let n = node(i)
        let lo = try size(n.children[1], what: "the first value of the index")
        let hi = try size(n.children[2], what: "the last value of the index")
        let b = binder(i)
        if let empty = lo.constantDifference(to: hi), empty < -1 || (empty == -1 && name != "sum") {
            throw Diagnostic("empty-range", "the index \(b.name) runs from \(lo) to \(hi): no values", at: n.range)
        }
        let body = value(n.children[3])
        guard let axis = body.free.firstIndex(where: { $0.id == i }) else {
            // The body does not depend on the index: every term is the same.
            var v = body
            switch name {
            case "sum": v.tensor = body.tensor.scaled(by: b.count.expr)
            case "logsumexp": v.tensor = Tensor.pointwise(Tensor.placeholder(0) + Expr.apply(FunctionID.log, [b.count.expr]), [body.tensor], shape: body.tensor.shape)
            default: break
            }
            v.size = nil
            v.index = nil
            return v
        }
        var free = body.free
        free.remove(at: axis)
        let t: Tensor
        switch name {
        case "sum": t = body.tensor.sum(axis: axis)
        case "max": t = .reduce(.max, body.tensor, axis: axis)
        case "min": t = .reduce(.min, body.tensor, axis: axis)
        default: t = .reduce(.logSumExp, body.tensor, axis: axis)
        }
        return Indexed(tensor: t, free: free, form: body.form)
    }

    // MARK: - Literals

    private mutating func literal(_ rows: [Int], _ i: Int) throws(Diagnostic) -> Indexed {
        let n = node(i)
        guard Set(rows).count == 1 else {
            throw Diagnostic("ragged-literal", "the rows of a matrix have different lengths (\(rows.map(String.init).joined(separator: ", ")))", at: n.range)
        }
        var entries: [Expr] = []
        for child in n.children {
            let v = value(child)
            guard v.form == .scalar, v.free.isEmpty, let c = v.tensor.constantValue, c.freeSymbols.isEmpty else {
                throw Diagnostic("literal-entry", "a matrix literal holds numbers", at: node(child).range,
                                 notes: ["declare a name for a matrix of variables: X: matrix(2, 2)"])
            }
            entries.append(c)
        }
        let columns = rows[0], count = rows.count
        if count == 1 && columns == 1 { return Indexed(tensor: .scalar(entries[0]), form: .scalar, plainScalar: true) }
        if count == 1 { return Indexed(tensor: .literal(entries, shape: [Size(columns)]), form: .row) }
        if columns == 1 { return Indexed(tensor: .literal(entries, shape: [Size(count)]), form: .column) }
        return Indexed(tensor: .literal(entries, shape: [Size(count), Size(columns)]), form: .matrix)
    }

    // MARK: - Shapes in messages

    /// `X (n×d)`, `v (n)`, `x' (1×n)`, `s (scalar)`.
    func describe(_ i: Int, _ v: Indexed) -> String {
        "\(text(i)) (\(describe(v)))"
    }

    func describe(_ v: Indexed) -> String {
        let s = v.shape.map { unifier.resolve($0).description }
        switch v.form {
        case .scalar: return "scalar"
        case .column: return s[0]
        case .row: return "1×" + s[0]
        case .matrix: return s.joined(separator: "×")
        }
    }

    /// The note for a name that was never declared but is used as an array.
    func declarationNote(_ i: Int) -> [String] {
        if case let .name(name) = node(i).kind, declarations[name] == nil {
            return ["\(name) is not declared, so it is a scalar: declare it, e.g. \(name): matrix or \(name): vector"]
        }
        return []
    }
}
