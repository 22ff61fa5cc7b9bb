import Expr

/// Small readings of canonical nodes that several rules share.
extension Expr {
    /// The factors of a term without its coefficient: `[x, sin(x)]` for `3*x*sin(x)`, `[x]` for
    /// `x`, none for a number.
    var factorList: [Expr] {
        switch head {
        case .mul: return children
        case .number: return []
        default: return [self]
        }
    }

    /// The terms of a sum with its constant as a number term; `[self]` for anything else.
    var termList: [Expr] {
        guard case let .add(c) = head else { return [self] }
        return c.isZero ? children : children + [.number(c)]
    }

    /// The integer exponent of a power (1 for a non-power), or nil for another exponent.
    var integerExponent: Int? { asPower.exponent.rationalValue?.intValue }

    /// True when `self` prints with a leading minus: a negative number, a product with a
    /// negative coefficient, or a sum most of whose terms are negative (half of them, the first
    /// among them). Of `u` and `-u`, the one that does not is the one to write.
    var readsNegated: Bool {
        switch head {
        case let .number(r): return r.isNegative
        case let .mul(c): return c.isNegative
        case let .add(c):
            var negative = c.isNegative ? 1 : 0
            var positive = c.isNegative || c.isZero ? 0 : 1
            for t in children {
                if t.coefficient.isNegative { negative += 1 } else { positive += 1 }
            }
            return negative > positive || (negative == positive && children[0].coefficient.isNegative)
        default: return false
        }
    }

    /// The argument when `self` is a call of `f` with one argument.
    func argument(of f: FunctionID) -> Expr? {
        if case .function(f) = head, children.count == 1 { return children[0] }
        return nil
    }

    /// True when some factor of some term of `self` (a sum or a product) is a call of `f` or
    /// `g`, possibly raised to a power: the cheap test before a rule about them, tried at every
    /// node, so it allocates nothing.
    func hasFactorCall(of f: FunctionID, or g: FunctionID? = nil) -> Bool {
        func isCall(_ factor: Expr) -> Bool {
            let base: Expr
            if case .pow = factor.head { base = factor.children[0] } else { base = factor }
            guard case let .function(h) = base.head else { return false }
            return h == f || h == g
        }
        func termHasCall(_ t: Expr) -> Bool {
            if case .mul = t.head { return t.children.contains(where: isCall) }
            return isCall(t)
        }
        if case .add = head { return children.contains(where: termHasCall) }
        return termHasCall(self)
    }
}

/// The product of `factors`, keeping a number times a single sum as a held product (the
/// canonical constructor would distribute it, undoing a factorization).
func heldProduct(_ factors: [Expr]) -> Expr {
    let p = Expr.product(factors)
    if case .add = p.head {
        // product distributed c*(sum): find the number and the sum and hold them.
        let numbers = factors.compactMap(\.rationalValue)
        let rest = factors.filter { !$0.isNumber }
        if rest.count == 1, case .add = rest[0].head {
            let c = numbers.reduce(Rational.one, *)
            return unevaluatedProduct(.number(c), rest[0])
        }
    }
    return p
}
