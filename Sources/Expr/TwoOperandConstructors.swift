/// Shortcuts of the canonical constructors for two operands.
///
/// Most sums and products the passes build have two operands (`a + b`, `u' * cos(u)`, `2*(sum)`,
/// a product times a new factor). These give the same node as the general constructors in
/// Constructors.swift without collecting every term or factor into maps and sorting again: they
/// merge two sorted lists, insert one element, or rescale. Anything that might merge exponents,
/// join exponentials or distribute differently returns nil and takes the general path.
/// `ConstructorShortcutTests` checks that both paths agree.
extension Expr {
    /// A term that a sum keeps as it is: not a number, sum, `c*(sum)` or undefined.
    var isPlainTerm: Bool {
        switch head {
        case .number, .add, .undefined: return false
        case .mul: return !(children.count == 1 && children[0].isSum)
        default: return true
        }
    }

    /// Whether two plain terms differ only in their coefficients (`2*x*y` and `x*y`).
    static func sameRest(_ a: Expr, _ b: Expr) -> Bool {
        switch (a.isProduct, b.isProduct) {
        case (false, false): return a == b
        case (true, true): return a.children == b.children
        case (true, false): return a.children.count == 1 && a.children[0] == b
        case (false, true): return b.children.count == 1 && b.children[0] == a
        }
    }

    static func sumOfTwo(_ a: Expr, _ b: Expr) -> Expr? {
        if case let .number(x) = a.head, case let .number(y) = b.head { return number(x + y) }
        if a.isSum || b.isSum {
            guard a.isSum || a.isPlainTerm || a.isNumber, b.isSum || b.isPlainTerm || b.isNumber else { return nil }
            return mergingSums(a, b)
        }
        if a.isPlainTerm {
            if b.isPlainTerm {
                if sameRest(a, b) { return nil }
                return Expr(termPrecedes(b, a) ? Node.intern(.add(.zero), b, a) : Node.intern(.add(.zero), a, b))
            }
            if case let .number(r) = b.head { return r.isZero ? a : Expr(Node.intern(.add(r), a)) }
        } else if b.isPlainTerm, case let .number(r) = a.head {
            return r.isZero ? b : Expr(Node.intern(.add(r), b))
        }
        return nil
    }

    /// `a + b` where each is a sum, a number or a plain term: one merge of their sorted terms, adding the
    /// coefficients of like terms where they meet (the term order ignores coefficients, so like
    /// terms always meet).
    static func mergingSums(_ a: Expr, _ b: Expr) -> Expr {
        var constant = Rational.zero
        func terms(_ e: Expr) -> [Expr] {
            switch e.head {
            case let .add(c):
                constant += c
                return e.children
            case let .number(r):
                constant += r
                return []
            default:
                return [e]
            }
        }
        let x = terms(a), y = terms(b)
        var merged: [Expr] = []
        merged.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        while i < x.count && j < y.count {
            let c = termCompare(x[i], y[j])
            if c < 0 {
                merged.append(x[i]); i += 1
            } else if c > 0 {
                merged.append(y[j]); j += 1
            } else {
                let sum = x[i].coefficient + y[j].coefficient
                if !sum.isZero { merged.append(withCoefficient(x[i], sum)) }
                i += 1; j += 1
            }
        }
        merged += x[i...]
        merged += y[j...]
        if merged.isEmpty { return number(constant) }
        if merged.count == 1 && constant.isZero { return merged[0] }
        return Expr(Node.intern(.add(constant), merged))
    }

    /// A factor that a product keeps as it is: not a number, product, exponential or undefined.
    var isPlainFactor: Bool {
        switch head {
        case .number, .mul, .undefined: return false
        case .function(FunctionID.exp): return false
        case .pow: return children[0].head != .function(FunctionID.exp)
        default: return true
        }
    }

    static func productOfTwo(_ a: Expr, _ b: Expr) -> Expr? {
        if case let .number(x) = a.head, case let .number(y) = b.head { return number(x * y) }
        if a.isPlainFactor {
            if b.isPlainFactor {
                if a.asPower.base == b.asPower.base { return nil }
                return Expr(factorPrecedes(b, a) ? Node.intern(.mul(.one), b, a) : Node.intern(.mul(.one), a, b))
            }
            if case let .number(r) = b.head { return scaledFactor(a, by: r) }
            if b.isProduct { return inserting(a, into: b) }
        } else if b.isPlainFactor {
            if case let .number(r) = a.head { return scaledFactor(b, by: r) }
            if a.isProduct { return inserting(b, into: a) }
        } else if a.isProduct, b.isProduct {
            return merging(a, b)
        } else if a.isProduct, case let .number(r) = b.head {
            return rescaled(a, by: r)
        } else if b.isProduct, case let .number(r) = a.head {
            return rescaled(b, by: r)
        }
        return nil
    }

    /// `f * product` for a plain factor whose base is none of the product's: the factor goes
    /// in at its sorted place (a binary search), as the reverse sweep's prefix products grow.
    static func inserting(_ f: Expr, into product: Expr) -> Expr? {
        guard case let .mul(c) = product.head else { return nil }
        let factors = product.children
        let low = factors.insertionIndex(of: f)
        // Factors are ordered by base first, so a factor with f's base would sit next to f's place.
        let base = f.asPower.base
        if low > 0 && factors[low - 1].asPower.base == base { return nil }
        if low < factors.count && factors[low].asPower.base == base { return nil }
        return Expr(Node.intern(.mul(c), factors.inserting(f, at: low)))
    }

    /// The product of two products whose factors have no base in common: one merge of their
    /// sorted factor lists. Nil when a base repeats (the merge meets it) or when both have
    /// exponentials, which the general path may join into one.
    static func merging(_ a: Expr, _ b: Expr) -> Expr? {
        guard case let .mul(ca) = a.head, case let .mul(cb) = b.head else { return nil }
        let x = a.children, y = b.children
        func isExp(_ f: Expr) -> Bool { f.head == .function(FunctionID.exp) }
        if x.contains(where: isExp) && y.contains(where: isExp) { return nil }
        var merged: [Expr] = []
        merged.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        while i < x.count && j < y.count {
            let c = structuralCompare(x[i].asPower.base, y[j].asPower.base)
            if c == 0 { return nil }
            if c < 0 {
                merged.append(x[i]); i += 1
            } else {
                merged.append(y[j]); j += 1
            }
        }
        merged += x[i...]
        merged += y[j...]
        return Expr(Node.intern(.mul(ca * cb), merged))
    }

    /// `r * product`: a new coefficient on the same factors.
    static func rescaled(_ product: Expr, by r: Rational) -> Expr? {
        guard case let .mul(c) = product.head else { return nil }
        let k = c * r
        let factors = product.children
        // k times a lone sum is distributed: the general path does that.
        if factors.count == 1 && factors[0].isSum && !k.isOne && !k.isZero { return nil }
        return Expr.product(factors, coefficient: k)
    }

    /// `r * f` for a plain factor `f`; a sum is distributed (`2*(x + 1)` is `2*x + 2`).
    static func scaledFactor(_ f: Expr, by r: Rational) -> Expr? {
        if r.isZero { return .zero }
        if r.isOne { return f }
        guard case let .add(c) = f.head else { return Expr(Node.intern(.mul(r), f)) }
        // Scaling every term by the same number keeps them distinct and in order (the term
        // order ignores coefficients), so nothing is merged or sorted again.
        let terms = f.children.map { t -> Expr in
            guard case let .mul(k) = t.head else { return Expr(Node.intern(.mul(r), t)) }
            let scaled = k * r
            if scaled.isOne && t.children.count == 1 { return t.children[0] }
            return Expr(Node.intern(.mul(scaled), t.children))
        }
        return Expr(Node.intern(.add(c * r), terms))
    }
}
