/// The check of the canonical form stated at `Head`, run by `Node.intern` on every new node in
/// debug builds (through `assert`, so release builds never evaluate it). Like symengine's
/// `is_canonical`, it names the rule a node breaks, so a constructor that builds a wrong node
/// stops where it builds it instead of giving a wrong answer later.
enum CanonicalForm {
    /// Stops with the rule that `node` breaks; true otherwise. Meant for `assert`.
    static func check(_ node: Node) -> Bool {
        if let rule = violation(node.head, node.children) {
            assertionFailure("non-canonical \(node.head) node over \(node.children.map(\.description)): \(rule)")
        }
        return true
    }

    /// The rule of the canonical form that `head` over `children` breaks, or nil. Reads the
    /// nodes and compares them; builds nothing.
    static func violation(_ head: Head, _ children: [Expr]) -> String? {
        if children.contains(where: { $0.head == .undefined }) { return "an undefined operand makes the whole undefined" }
        switch head {
        case .number, .symbol, .constant, .undefined:
            return children.isEmpty ? nil : "a leaf has no children"
        case let .add(c): return sumViolation(c, children)
        case let .mul(c): return productViolation(c, children)
        case .pow: return children.count == 2 ? powerViolation(children[0], children[1]) : "a power has two children"
        case let .function(f):
            return f.spec.arity.accepts(children.count) ? nil : "\(f.name) takes \(f.spec.arity.full) arguments"
        }
    }

    private static func sumViolation(_ c: Rational, _ terms: [Expr]) -> String? {
        if terms.isEmpty || (terms.count == 1 && c.isZero) { return "a sum has two terms, or one and a constant" }
        for t in terms {
            if t.isNumber { return "numbers are folded into the constant" }
            if t.isSum { return "sums are flattened" }
            if t.isScaledSum { return "a held c*(sum) joins a sum term by term" }
        }
        for i in terms.indices.dropFirst() where Expr.termCompare(terms[i - 1], terms[i]) >= 0 {
            return Expr.termCompare(terms[i - 1], terms[i]) == 0
                ? "like terms are merged" : "terms are sorted by Expr.termPrecedes"
        }
        return nil
    }

    private static func productViolation(_ c: Rational, _ factors: [Expr]) -> String? {
        if c.isZero { return "a zero coefficient makes the product 0" }
        if factors.isEmpty || (factors.count == 1 && c.isOne) { return "a product has two factors, or one and a coefficient" }
        if factors.count == 1 && factors[0].isSum {
            // Only `Expr.scaledSum` holds a number times one sum; nothing else builds it.
            return nil
        }
        for f in factors {
            if f.isNumber { return "numbers are folded into the coefficient" }
            if f.isProduct && !f.isLargeOrHoldingProduct {
                return "only a held product (large, or holding one) is a factor of a product"
            }
        }
        for i in factors.indices.dropFirst() {
            let order = Expr.structuralCompare(factors[i - 1].asPower.base, factors[i].asPower.base)
            if order >= 0 { return order == 0 ? "factors with one base are merged" : "factors are sorted by Expr.factorPrecedes" }
        }
        return nil
    }

    private static func powerViolation(_ base: Expr, _ exponent: Expr) -> String? {
        let n = exponent.rationalValue
        if let n, n.isZero || n.isOne { return "u^0 and u^1 are folded" }
        switch base.head {
        case let .number(b):
            if b.isOne || b.isZero && n != nil { return "powers of 0 and 1 are folded" }
        case .constant(.e):
            return "e^u is exp(u)"
        case .pow:
            let inner = base.children[1].rationalValue
            if n?.isInteger == true { return "(u^a)^k = u^(a*k) for an integer k" }
            if let a = inner, !a.isInteger, a > Rational(-1), a <= .one { return "(u^a)^b = u^(a*b) for -1 < a <= 1" }
            if let a = inner?.intValue, a % 2 == 0 { return "(u^(2k))^b = |u|^(2k*b)" }
        case .mul:
            if n?.isInteger == true { return "(c*u*v)^k is distributed over the factors" }
        case .function(FunctionID.exp):
            return "exp(u)^k = exp(k*u)"
        case .function(FunctionID.abs):
            if let k = n?.intValue, k % 2 == 0 { return "|u|^(2k) = u^(2k)" }
        default:
            break
        }
        return nil
    }
}

extension Expr {
    /// A number times one sum held as a product, `(x + 1)/2`: see `Expr.scaledSum`.
    var isScaledSum: Bool { isProduct && children.count == 1 && children[0].isSum }
}
