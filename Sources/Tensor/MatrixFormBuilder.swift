import Expr

/// Builds the matrix notation of a tensor graph, node by node in creation order (no
/// recursion over the graph): each node's form from its operands' forms.
struct MatrixFormBuilder {
    private var memo: [Tensor: MatrixForm] = [:]

    /// The form of `root`.
    mutating func form(of root: Tensor) -> MatrixForm {
        for t in root.postorder where memo[t] == nil { memo[t] = build(t) }
        return memo[root]!
    }

    static func role(of t: Tensor) -> MatrixForm.Role {
        switch t.order {
        case 0: return .scalar
        case 1: return .column
        default: return .matrix
        }
    }

    private func build(_ t: Tensor) -> MatrixForm {
        if t.order > 2 { return MatrixForm(.indexNotation(IndexNotation.text(of: t)), .matrix) }
        let role = MatrixFormBuilder.role(of: t)
        let operands = t.operands.map { memo[$0]! }
        switch t.kind {
        case let .variable(name, symmetric):
            return MatrixForm(.name(name), role, symmetric: symmetric)
        case .identity:
            return .call("eye", [.size(t.shape[0])], role)
        case .lowerPacking:
            return MatrixForm(.indexNotation(IndexNotation.text(of: t)), .matrix)
        case let .iota(start):
            return .call("range", [.size(start), .size(start + t.shape[0] - .one)], role)
        case let .literal(entries):
            let columns = t.order == 2 ? t.shape[1].intValue! : 1
            let rows = entries.count / max(columns, 1)
            let forms = entries.map { MatrixFormBuilder.scalarForm($0) }
            return MatrixForm(.literal((0..<rows).map { r in Array(forms[r * columns..<(r + 1) * columns]) }), role)
        case let .pointwise(template):
            if t.operands.isEmpty { return constantForm(template, t) }
            if !t.isScalar && t.operands.allSatisfy(\.isScalar) {
                // A scalar used at every entry: `s*ones(n)`.
                let scalar = TemplateForm(args: operands, argIsScalar: t.operands.map { _ in true }, role: .scalar).form(of: template)
                return .product([scalar, .call("ones", t.shape.map(MatrixForm.size), role)], role)
            }
            if let v = MatrixFormBuilder.softmaxArgument(template, t.operands) { return .call("softmax", [memo[v]!], role) }
            return TemplateForm(args: operands, argIsScalar: t.operands.map(\.isScalar), role: role, operands: t.operands).form(of: template)
        case let .einsum(spec):
            return EinsumNotation(spec: spec, operands: t.operands, forms: operands, shape: t.shape).form()
                ?? MatrixForm(.indexNotation(IndexNotation.text(of: t)), role)
        case let .reduce(reduction, axis):
            let name = reduction.rawValue
            if t.operands[0].order == 1 { return .call(name, operands, role) }
            return .call(name, operands, role, keywords: [("dim", .number(Rational(axis + 1)))])
        case let .window(axis, offset):
            var items = Array(repeating: MatrixForm(.all, .scalar), count: t.order)
            var base = operands[0]
            if case let .index(inner, innerItems) = base.kind, case .all = innerItems[axis].kind {
                // A window of a window along another axis: one index, `X[1:2, 1:2]`.
                base = inner
                items = innerItems
            }
            items[axis] = MatrixForm(.range(.size(offset + .one), .size(offset + t.shape[axis])), .scalar)
            return MatrixForm(.index(base, items), role)
        case let .pad(axis, offset):
            var keywords: [(String, MatrixForm)] = []
            if axis > 0 { keywords.append(("dim", .number(Rational(axis + 1)))) }
            return .call("embed", [operands[0], .size(offset + .one), .size(t.shape[axis])], role, keywords: keywords)
        case .inverse:
            return .call("inv", operands, role)
        case .determinant:
            return .call("det", operands, role)
        case .logDeterminant:
            return .call("logdet", operands, role)
        }
    }

    /// `v` when the elementwise node is `exp(v - logsumexp(v))` of a vector: `softmax(v)`.
    static func softmaxArgument(_ template: Expr, _ operands: [Tensor]) -> Tensor? {
        guard operands.count == 2 else { return nil }
        for (k, v) in operands.enumerated() where v.order == 1 {
            let lse = operands[1 - k]
            guard case .reduce(.logSumExp, 0) = lse.kind, lse.operands[0] == v else { continue }
            let expected = Expr.apply(FunctionID.exp, [Tensor.placeholder(k) - Tensor.placeholder(1 - k)])
            if template == expected { return v }
        }
        return nil
    }

    /// `c` times an array of ones: `ones(n, d)`, `zeros(n)`, `2*ones(n)`, or the scalar itself.
    private func constantForm(_ value: Expr, _ t: Tensor) -> MatrixForm {
        let scalar = MatrixFormBuilder.scalarForm(value)
        if t.isScalar { return scalar }
        let role = MatrixFormBuilder.role(of: t)
        let sizes = t.shape.map(MatrixForm.size)
        if value == .zero { return .call("zeros", sizes, role) }
        let ones = MatrixForm.call("ones", sizes, role)
        return value == .one ? ones : .product([scalar, ones], role)
    }

    /// A scalar expression without placeholders (a number, a size, a constant expression).
    static func scalarForm(_ e: Expr) -> MatrixForm {
        TemplateForm(args: [], argIsScalar: [], role: .scalar).form(of: e)
    }
}

/// The matrix notation of an elementwise template: `+`, `-`, `*` and `/` between scalars,
/// `.*`, `./`, `.^` where an array is involved, functions by name.
struct TemplateForm {
    let args: [MatrixForm]
    let argIsScalar: [Bool]
    let role: MatrixForm.Role
    /// The operands behind `args`, to write `exp(v - logsumexp(v))` as `softmax(v)`.
    var operands: [Tensor] = []

    func form(of template: Expr) -> MatrixForm {
        var memo: [Expr: MatrixForm] = [:]
        for e in template.postorder { memo[e] = build(e, memo) }
        return memo[template]!
    }

    private func isScalar(_ e: Expr) -> Bool {
        e.postorder.allSatisfy { node in Tensor.placeholderIndex(node).map { argIsScalar[$0] } ?? true }
    }

    private func role(_ e: Expr) -> MatrixForm.Role { isScalar(e) ? .scalar : role }

    private func build(_ e: Expr, _ memo: [Expr: MatrixForm]) -> MatrixForm {
        switch e.head {
        case let .number(r):
            return r.isNegative ? MatrixForm(.negate(.number(r.magnitude)), .scalar) : .number(r)
        case .symbol:
            if let k = Tensor.placeholderIndex(e) { return args[k] }
            return MatrixForm(.size(e), .scalar)
        case let .constant(c):
            return MatrixForm(.constant(c), .scalar)
        case .undefined:
            return MatrixForm(.name("undefined"), .scalar)
        case let .function(f):
            if !operands.isEmpty, f == FunctionID.exp, let v = softmaxArgument(e.children[0]) { return .call("softmax", [args[v]], role) }
            return .call(f.name, e.children.map { memo[$0]! }, role(e))
        case let .add(c):
            var parts: [(MatrixForm, Bool)] = e.children.map { term in
                let k = term.coefficient
                return (k.isNegative ? product(-k, term, memo) : memo[term]!, k.isNegative)
            }
            if !c.isZero {
                let constant = (MatrixForm.number(c.magnitude), c.isNegative)
                if !c.isNegative && parts.allSatisfy(\.1) { parts.insert(constant, at: 0) } else { parts.append(constant) }
            }
            // A positive term first: `W*x - y`, not `-y + W*x`.
            if parts[0].1, let i = parts.firstIndex(where: { !$0.1 }) { parts.insert(parts.remove(at: i), at: 0) }
            return MatrixForm(.sum(parts), role(e))
        case let .mul(c):
            if c.isNegative { return MatrixForm(.negate(product(-c, e, memo)), role(e)) }
            return product(c, e, memo)
        case .pow:
            let (base, exponent) = (e.children[0], e.children[1])
            let elementwise = !isScalar(e)
            if exponent == .half { return .call("sqrt", [memo[base]!], role(e)) }
            if let r = exponent.rationalValue, r.isNegative {
                let positive = r == .minusOne ? memo[base]! : power(memo[base]!, .number(-r), elementwise, role(e))
                return MatrixForm(.quotient(.number(.one), positive, elementwise: elementwise), role(e))
            }
            return power(memo[base]!, memo[exponent]!, elementwise, role(e))
        }
    }

    /// `a` when `difference` is `#a - #b` with operand b the logsumexp of the vector operand a.
    private func softmaxArgument(_ difference: Expr) -> Int? {
        guard case let .add(c) = difference.head, c.isZero, difference.children.count == 2 else { return nil }
        for (x, y) in [(difference.children[0], difference.children[1]), (difference.children[1], difference.children[0])] {
            guard let a = Tensor.placeholderIndex(x), case .mul(let k) = y.head, k.isMinusOne, y.children.count == 1,
                  let b = Tensor.placeholderIndex(y.children[0]) else { continue }
            if operands[a].order == 1, case .reduce(.logSumExp, 0) = operands[b].kind, operands[b].operands[0] == operands[a] { return a }
        }
        return nil
    }

    private func power(_ base: MatrixForm, _ exponent: MatrixForm, _ elementwise: Bool, _ role: MatrixForm.Role) -> MatrixForm {
        MatrixForm(.power(base, exponent, elementwise: elementwise), role)
    }

    /// `c` times the factors of `e` (a product, or one factor), written as a fraction:
    /// scalars first, arrays joined by `.*`, negative powers below `/` or `./`.
    private func product(_ c: Rational, _ e: Expr, _ memo: [Expr: MatrixForm]) -> MatrixForm {
        let factors: [Expr]
        if case .mul = e.head { factors = e.children } else { factors = [e] }
        var scalars: [MatrixForm] = [], arrays: [MatrixForm] = []
        var belowScalars: [MatrixForm] = [], belowArrays: [MatrixForm] = []
        let magnitude = c.magnitude
        if let (n, d) = magnitude.smallParts {
            if n != 1 { scalars.append(.number(Rational(n))) }
            if d != 1 { belowScalars.append(.number(Rational(d))) }
        } else if !magnitude.isOne {
            scalars.append(.number(magnitude))
        }
        for f in factors {
            let scalar = isScalar(f)
            if case .pow = f.head, let r = f.children[1].rationalValue, r.isNegative {
                let base = f.children[0]
                let form = r == .minusOne ? memo[base]! : power(memo[base]!, .number(-r), !scalar, role(f))
                if scalar { belowScalars.append(form) } else { belowArrays.append(form) }
            } else if scalar {
                scalars.append(memo[f]!)
            } else {
                arrays.append(memo[f]!)
            }
        }
        let top: MatrixForm
        if arrays.isEmpty {
            top = MatrixForm.product(scalars.isEmpty ? [.number(.one)] : scalars, .scalar)
        } else {
            top = MatrixForm.product(scalars + [MatrixForm.hadamard(arrays, role)], role)
        }
        if belowScalars.isEmpty && belowArrays.isEmpty { return top }
        let elementwise = !belowArrays.isEmpty
        let below = belowArrays.isEmpty ? MatrixForm.product(belowScalars, .scalar)
            : MatrixForm.product(belowScalars + [MatrixForm.hadamard(belowArrays, role)], role)
        return MatrixForm(.quotient(top, below, elementwise: elementwise), arrays.isEmpty && !elementwise ? .scalar : role)
    }
}
