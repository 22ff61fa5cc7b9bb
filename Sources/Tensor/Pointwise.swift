import Expr

extension Tensor {
    private static let placeholders: [Expr] = (0..<64).map { Expr.symbol("#\($0)") }

    /// The placeholder for operand `k` of an elementwise template: `#k`. The lexer never reads
    /// `#`, so a placeholder cannot clash with a name the user writes.
    public static func placeholder(_ k: Int) -> Expr {
        k < placeholders.count ? placeholders[k] : .symbol("#\(k)")
    }

    /// The operand number of a placeholder symbol, or nil.
    static func placeholderIndex(_ e: Expr) -> Int? {
        guard case let .symbol(name) = e.head, name.first == "#" else { return nil }
        return Int(name.dropFirst())
    }

    /// The elementwise expression `template` (over `#0`, `#1`, … for `arguments`) with result
    /// shape `shape`. Each argument the template uses has the shape `shape` or is a scalar (used
    /// at every entry); arguments it does not use are dropped whatever their shape.
    ///
    /// Canonical form: elementwise arguments are merged into the template (so all elementwise
    /// algebra is the scalar engine's, and `y .* y` is `y.^2`), repeated arguments are one
    /// placeholder, unused ones are dropped, and the arguments are in the canonical order.
    /// `#0` over one argument of the same shape is that argument.
    public static func pointwise(_ template: Expr, _ arguments: [Tensor], shape: [Size]) -> Tensor {
        var args: [Tensor] = []
        var slots: [Tensor: Int] = [:]
        func slot(_ t: Tensor) -> Expr {
            if let i = slots[t] { return placeholder(i) }
            args.append(t)
            slots[t] = args.count - 1
            return placeholder(args.count - 1)
        }
        var replacements: [Expr: Expr] = [:]
        var changed = false
        for (k, a) in arguments.enumerated() {
            if case let .pointwise(inner) = a.kind {
                var innerMap: [Expr: Expr] = [:]
                for (j, operand) in a.operands.enumerated() { innerMap[placeholder(j)] = slot(operand) }
                replacements[placeholder(k)] = inner.replacingLeaves(innerMap)
                changed = true
            } else {
                let p = slot(a)
                if p != placeholder(k) { changed = true }
                replacements[placeholder(k)] = p
            }
        }
        var t = ContentNormalization.apply(changed ? template.replacingLeaves(replacements) : template)
        // Drop unused arguments and put the rest in the canonical order.
        let used = Set(t.postorder.compactMap(placeholderIndex))
        let kept = args.indices.filter { used.contains($0) }.sorted { precedes(args[$0], args[$1]) }
        if kept != Array(args.indices) {
            var renumber: [Expr: Expr] = [:]
            for (newIndex, oldIndex) in kept.enumerated() { renumber[placeholder(oldIndex)] = placeholder(newIndex) }
            t = t.replacingLeaves(renumber)
            args = kept.map { args[$0] }
        }
        assert(args.allSatisfy { $0.isScalar || $0.shape.count == shape.count }, "elementwise arguments must match the shape or be scalars")
        if args.count == 1, t == placeholder(0), args[0].shape == shape { return args[0] }
        if let product = hadamardOfProduct(t, args, shape: shape) { return product }
        let symmetric = shape.count == 2 && args.allSatisfy { $0.isScalar || $0.node.isSymmetric }
        return TensorNode.intern(.pointwise(t), args, shape: shape, symmetric: symmetric)
    }

    /// An elementwise product with a generalized product among its factors is one generalized
    /// product (`A .* (a*b')` is the product of `a`, `A`, `b` over shared labels), the form the
    /// product constructor gives to the elementwise factors of its own operands.
    private static func hadamardOfProduct(_ t: Expr, _ args: [Tensor], shape: [Size]) -> Tensor? {
        // Two array factors at least: a scalar times a product is how the product constructor
        // writes its coefficient, and must stay elementwise.
        func isArray(_ f: Expr) -> Bool { f.postorder.contains { placeholderIndex($0).map { !args[$0].isScalar } ?? false } }
        guard !shape.isEmpty, case let .mul(c) = t.head, t.children.filter(isArray).count >= 2,
              t.children.contains(where: { f in placeholderIndex(f).map { k in
                  if case .einsum = args[k].kind { return args[k].shape == shape } else { return false } } ?? false })
        else { return nil }
        let labels = Array(0..<shape.count)
        var operands: [Tensor] = [.scalar(.number(c))]
        var inputs: [[Int]] = [[]]
        for f in t.children {
            if let k = placeholderIndex(f), args[k].shape == shape {
                operands.append(args[k])
                inputs.append(labels)
            } else {
                let factor = pointwise(f, args, shape: shape)
                operands.append(factor)
                inputs.append(factor.isScalar ? [] : labels)
            }
        }
        return einsum(operands, inputs, output: labels)
    }

    /// The array of shape `shape` with every entry `value` (a number or a size expression).
    public static func constant(_ value: Expr, shape: [Size]) -> Tensor {
        TensorNode.intern(.pointwise(value), [], shape: shape, symmetric: shape.count == 2)
    }

    /// A scalar constant.
    public static func scalar(_ value: Expr) -> Tensor { constant(value, shape: []) }

    /// `ones(shape)`.
    public static func ones(_ shape: [Size]) -> Tensor { constant(.one, shape: shape) }

    /// `zeros(shape)`.
    public static func zeros(_ shape: [Size]) -> Tensor { constant(.zero, shape: shape) }

    /// True for an array that is zero everywhere.
    public var isZero: Bool { constantValue == .zero }

    /// `f(self)` elementwise, for a function of the scalar table.
    public func applying(_ function: FunctionID) -> Tensor {
        Tensor.pointwise(Expr.apply(function, [Tensor.placeholder(0)]), [self], shape: shape)
    }

    /// `self` scaled by a number or size expression.
    public func scaled(by c: Expr) -> Tensor {
        Tensor.pointwise(c * Tensor.placeholder(0), [self], shape: shape)
    }

    /// The elementwise combination of `a` and `b` (each of `shape` or scalar) by `template`
    /// over `#0` (for `a`) and `#1` (for `b`).
    static func elementwise(_ a: Tensor, _ b: Tensor, _ template: Expr) -> Tensor {
        let shape = a.isScalar ? b.shape : a.shape
        return pointwise(template, [a, b], shape: shape)
    }
}

extension Expr {
    /// `self` with the leaves that are keys of `map` replaced, all at once: unlike
    /// `substituting`, a node that the constructors fold into a key (`(#0^(1/2))^2` into `#0`)
    /// is not replaced again.
    func replacingLeaves(_ map: [Expr: Expr]) -> Expr {
        if map.isEmpty { return self }
        var memo: [Expr: Expr] = [:]
        for e in postorder {
            if e.children.isEmpty {
                memo[e] = map[e] ?? e
            } else {
                let children = e.children.map { memo[$0]! }
                memo[e] = children == e.children ? e : e.rebuilt(with: children)
            }
        }
        return memo[self]!
    }
}

/// Numeric content of the sums in a product moves into the product's coefficient:
/// `(2*x - 2*a)/(2*s)` is `(x - a)/s`. The scalar constructors distribute a number over a
/// sum, so the derivative of `norm2(x - a)` would otherwise keep `2`s that cancel.
enum ContentNormalization {
    static func apply(_ template: Expr) -> Expr {
        guard case let .mul(c) = template.head else { return template }
        var coefficient = c
        var changed = false
        var factors: [Expr] = []
        for f in template.children {
            let (base, exponent) = f.asPower
            guard let k = exponent.rationalValue?.intValue, base.isSum,
                  let content = sumContent(base), !content.isOne, let scale = content.power(k) else {
                factors.append(f)
                continue
            }
            coefficient = coefficient * scale
            factors.append(.power(dividedSum(base, by: content), exponent))
            changed = true
        }
        return changed ? .product([.number(coefficient)] + factors) : template
    }

    /// The positive rational dividing every coefficient of a sum (numerators' gcd over
    /// denominators' lcm), or nil for big coefficients.
    static func sumContent(_ sum: Expr) -> Rational? {
        guard case let .add(c) = sum.head else { return nil }
        var coefficients = sum.children.map(\.coefficient)
        if !c.isZero { coefficients.append(c) }
        var numerator = 0, denominator = 1
        for r in coefficients {
            guard let (n, d) = r.smallParts else { return nil }
            numerator = gcd(numerator, Swift.abs(n))
            denominator = denominator / gcd(denominator, d) * d
            if denominator > 1 << 40 { return nil }
        }
        return numerator == 0 ? nil : Rational(numerator, denominator)
    }

    /// The sum with every coefficient divided by `content`.
    static func dividedSum(_ sum: Expr, by content: Rational) -> Expr {
        guard case let .add(c) = sum.head else { return sum }
        let k = Expr.number(content.reciprocal)
        return .sum(sum.children.map { .product([k, $0]) } + [.number(c / content)])
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
