/// Canonical constructors: the only way nodes come to exist. Each returns its operands' value
/// in the canonical form stated at `Head` (asserted of every new node in debug builds).
extension Expr {
    // MARK: - Leaves

    /// The exact number `value`.
    public static func number(_ value: Rational) -> Expr { Expr(Node.intern(.number(value), [])) }
    /// The integer `value`.
    public static func integer(_ value: Int) -> Expr { number(Rational(value)) }
    /// The variable called `name`.
    public static func symbol(_ name: String) -> Expr { Expr(Node.intern(.symbol(name), [])) }

    /// The number 0.
    public static let zero = integer(0)
    /// The number 1.
    public static let one = integer(1)
    /// The number -1.
    public static let minusOne = integer(-1)
    /// The number 2.
    public static let two = integer(2)
    /// The number 1/2.
    public static let half = number(.half)
    /// The constant π.
    public static let pi = Expr(Node.intern(.constant(.pi), []))
    /// Euler's number e (powers of it are `exp`).
    public static let e = Expr(Node.intern(.constant(.e), []))
    /// The value of an undefined operation such as `1/0`.
    public static let undefined = Expr(Node.intern(.undefined, []))

    // MARK: - Sums

    /// The canonical sum of `terms`.
    public static func sum(_ terms: [Expr]) -> Expr {
        if terms.count == 2, let pair = sumOfTwo(terms[0], terms[1]) { return pair }
        var builder = SumBuilder(capacity: terms.count)
        for t in terms { builder.add(t) }
        return builder.build()
    }

    /// `c*(sum)` held as a product instead of distributed: the factored form the simplifier
    /// produces (`(x + 1)/2`). Rebuilding it through `product` distributes it again.
    public static func scaledSum(_ sum: Expr, by c: Rational) -> Expr {
        guard case .add = sum.head, !c.isOne, !c.isZero else { return product([number(c), sum]) }
        return Expr(Node.intern(.mul(c), sum))
    }

    /// The numeric coefficient: 3 for `3*x*y`, the value for a number, 1 otherwise. Unlike
    /// `splitCoefficient` it builds nothing.
    public var coefficient: Rational {
        switch head {
        case let .number(r): return r
        case let .mul(c): return c
        default: return .one
        }
    }

    /// Splits `3*x*y` into `(3, x*y)`; a non-product is `(1, self)`, a number `(value, 1)`.
    public func splitCoefficient() -> (Rational, Expr) {
        switch head {
        case let .number(r): return (r, .one)
        case let .mul(c):
            if c.isOne { return (c, self) }
            if children.count == 1 { return (c, children[0]) }
            return (c, Expr(Node.intern(.mul(.one), children)))
        default: return (.one, self)
        }
    }

    // MARK: - Products

    /// The exponents a product collects for one base: usually one, so no array is built.
    private enum Exponents {
        case one(Expr)
        case several([Expr])

        /// Adds the exponent in `b` (always one) to `a`, growing `a`'s list in place.
        static func merge(_ a: inout Exponents, _ b: Exponents) {
            guard case let .one(e) = b else { preconditionFailure("one exponent is added at a time") }
            switch a {
            case let .one(first): a = .several([first, e])
            case var .several(list):
                a = .one(e)  // releases the list, so the append below does not copy it
                list.append(e)
                a = .several(list)
            }
        }
    }

    /// The canonical product of `factors`.
    public static func product(_ factors: [Expr]) -> Expr {
        if factors.count == 2, let pair = productOfTwo(factors[0], factors[1]) { return pair }
        return product(factors, times: .one)
    }

    /// The canonical product of `factors` times `c`, by the general path (no two-operand shortcut).
    static func product(_ factors: [Expr], times c: Rational) -> Expr {
        var coefficient = c
        var exponents = SmallMap<Exponents>()
        exponents.reserve(factors.count)
        var expArguments: [Expr] = []
        func addFactor(_ f: Expr) {
            let (base, exponent) = f.asPower
            if case .function(FunctionID.exp) = base.head {
                expArguments.append(exponent == .one ? base.children[0] : product([exponent, base.children[0]]))
                return
            }
            exponents.update(base, .one(exponent), Exponents.merge)
        }
        for f in factors {
            switch f.head {
            case .undefined: return .undefined
            case let .number(r):
                if r.isZero { return .zero }
                coefficient *= r
            case let .mul(c):
                coefficient *= c
                for g in f.children { addFactor(g) }
            default: addFactor(f)
            }
        }
        var built: [Expr] = []
        built.reserveCapacity(exponents.count + 1)
        // Set when a factor comes out with another base than the one it was collected under
        // ((x^(1/2))^2 = x), so that bases may repeat and need one more merging pass.
        var mayRepeat = false
        func take(_ p: Expr, base: Expr?) {
            switch p.head {
            case let .number(r): coefficient *= r
            case let .mul(c):
                coefficient *= c
                built.append(contentsOf: p.children)
                mayRepeat = true
            default:
                if p.asPower.base != base { mayRepeat = true }
                built.append(p)
            }
        }
        for (base, list) in exponents.entries {
            switch list {
            case let .one(exponent):
                if exponent == .one && base.isProduct {
                    // A held product (see `product(_:keeping:)`) stays whole. It is a base of
                    // its own, distinct from the other collected bases.
                    built.append(base)
                    continue
                }
                take(power(base, exponent), base: base)
            case let .several(list):
                take(power(base, sum(list)), base: base)
            }
        }
        if !expArguments.isEmpty {
            // exp(a)*exp(b) = exp(a + b), unless the merged sum would grow large: the chain rule
            // through exp(-exp(-exp(…))) would otherwise rebuild an ever longer sum at every level.
            let terms = expArguments.reduce(0) { $0 + ($1.isSum ? $1.children.count + 1 : 1) }
            if expArguments.count == 1 || terms <= maximumMergedExpTerms {
                // No collected base is an exponential, so a merged exp(…) cannot repeat one;
                // what it may simplify to (exp(log(x)) = x) can.
                let merged = apply(FunctionID.exp, [sum(expArguments)])
                take(merged, base: merged.head == .function(FunctionID.exp) ? merged : nil)
            } else {
                var multiplicity = SmallMap<Rational>()
                for a in expArguments { multiplicity.update(a, .one, +=) }
                for (a, k) in multiplicity.entries {
                    take(apply(FunctionID.exp, [k.isOne ? a : product([number(k), a])]), base: nil)
                }
            }
        }
        if built.contains(where: { $0.head == .undefined }) { return .undefined }
        if mayRepeat && built.count > 1 && hasRepeatedBase(built) {
            // A merged power produced a base that is already there ((1/x)^(1/2)^2 = 1/x next to x):
            // one more pass merges it.
            return product(built + [number(coefficient)])
        }
        if coefficient.isZero { return .zero }
        if built.isEmpty { return number(coefficient) }
        if built.count == 1 {
            if coefficient.isOne { return built[0] }
            // A number times a single sum is distributed: 2*(x + 1) = 2*x + 2.
            if built[0].isSum { return multiple(of: built[0], by: coefficient) }
        }
        built.sortMergingRuns(by: factorPrecedes)
        return Expr(Node.intern(.mul(coefficient), built))
    }

    private static func hasRepeatedBase(_ factors: [Expr]) -> Bool {
        var bases = SmallMap<Bool>()
        for f in factors {
            let before = bases.count
            bases.update(f.asPower.base, true) { _, _ in }
            if bases.count == before { return true }
        }
        return false
    }

    // MARK: - Held products
    //
    // The chain rule through a deep composition multiplies a new factor onto the inner
    // derivative at every level; flattening the inner product each time would copy all its
    // factors at every level (quadratic). These constructors keep such a product whole, as one
    // factor of the new product: a held product. What they guarantee, and `CanonicalForm`
    // asserts:
    // - a product factor of a product is held: it has at least `heldProductThreshold` factors,
    //   or holds a product itself (so every chain of held products ends in a large one);
    // - apart from that, the new product is canonical: nonzero coefficient, no number among its
    //   factors, distinct bases in the structural order, a held product being a base of its own
    //   (a power of it, `P^(1/2)` beside `P`, goes to the general path, which merges them);
    // - the held product keeps its own coefficient: `3 * (2*s1*…*s16)` is `3` over the held
    //   `2*s1*…*s16`, not `6*s1*…*s16`, and its value is the product of both.
    // The general `product(_:)` flattens a held product's own factors again, but keeps the
    // products it holds whole, so a held product stays held through later arithmetic. Held
    // products are not the canonical form of their value: rebuilding them through `product(_:)`
    // (as `canonicalized` does) gives a different node of the same value.

    /// `factor * big` where `big` is a large product kept as one factor instead of being flattened.
    /// Either operand may be the large one: the reverse sweep multiplies large adjoints by
    /// small partials as often as the other way round. When both are large, both are kept.
    public static func product(_ factor: Expr, keeping big: Expr) -> Expr {
        product(factor, holding: big, where: \.isLargeProduct)
    }

    /// `factor * chain` for a product built up one factor at a time (the prefix and suffix
    /// products of the reverse sweep): a product that already holds a large one is kept whole
    /// too, so each step adds one pair instead of re-collecting factors up to the threshold.
    public static func product(_ factor: Expr, chainingOnto chain: Expr) -> Expr {
        product(factor, holding: chain, where: \.isLargeOrHoldingProduct)
    }

    /// `factor * a * b` for two chains (`product(_:chainingOnto:)`): one node holding both when
    /// both are held and `factor` is a plain factor, instead of a node for `a * b` and another
    /// for `factor` times it (the reverse sweep's prefix and suffix products meeting a
    /// factor's own partial).
    public static func product(_ factor: Expr, chainingOnto a: Expr, and b: Expr) -> Expr {
        let base = factor.asPower.base
        guard a.isLargeOrHoldingProduct, b.isLargeOrHoldingProduct, a != b, factor.isPlainFactor, base != a, base != b else {
            return product(factor, chainingOnto: product(a, chainingOnto: b))
        }
        var factors = factorPrecedes(b, a) ? [b, a] : [a, b]
        factors.insert(factor, at: factors.insertionIndex(of: factor))
        return Expr(Node.intern(.mul(.one), factors))
    }

    /// A large product, or one that holds a large product (only held products have a product
    /// among their factors).
    var isLargeOrHoldingProduct: Bool {
        isProduct && (children.count >= Expr.heldProductThreshold || children.contains(where: \.isProduct))
    }

    private static func product(_ factor: Expr, holding big: Expr, where isHeld: (Expr) -> Bool) -> Expr {
        let factorIsLarge = isHeld(factor)
        guard isHeld(big) else {
            return factorIsLarge ? product(big, holding: factor, where: isHeld) : product([factor, big])
        }
        if factor.isZero || big.head == .undefined || factor.head == .undefined { return product([factor, big]) }
        if factorIsLarge {
            if factor == big { return product([factor, big]) }
            return Expr(factorPrecedes(big, factor) ? Node.intern(.mul(.one), big, factor) : Node.intern(.mul(.one), factor, big))
        }
        switch factor.head {
        case let .number(c):
            return c.isOne ? big : Expr(Node.intern(.mul(c), big))
        case .mul:
            break
        default:
            // A power of `big` is merged with it by the general path.
            if factor.asPower.base == big { return product([factor, big]) }
            return Expr(factorPrecedes(factor, big) ? Node.intern(.mul(.one), factor, big) : Node.intern(.mul(.one), big, factor))
        }
        // `big` joins the factor's own factors (sorted already) at its place, found by binary
        // search. A held product among them stays one factor, with its own coefficient.
        let c = factor.coefficient
        let factors = factor.children
        let at = factors.insertionIndex(of: big)
        // Factors are ordered by base first, so a power of `big` would sit next to its place.
        if at > 0 && factors[at - 1].asPower.base == big || at < factors.count && factors[at].asPower.base == big {
            return product([factor, big])
        }
        return Expr(Node.intern(.mul(c), factors.inserting(big, at: at)))
    }

    /// `c * factors` for factors taken from one canonical product (distinct bases, sorted, no
    /// numbers): the node is built as it stands. Not for a lone sum with `c != 1`, which the
    /// canonical form distributes.
    public static func product(_ factors: [Expr], coefficient c: Rational) -> Expr {
        if c.isZero { return .zero }
        if factors.isEmpty { return number(c) }
        if factors.count == 1 && c.isOne { return factors[0] }
        return Expr(Node.intern(.mul(c), factors))
    }

    /// A product with enough factors that `product(_:keeping:)` keeps it whole.
    public var isLargeProduct: Bool { isProduct && children.count >= Expr.heldProductThreshold }

    /// Exponentials are merged into one while the merged argument has at most this many terms.
    static let maximumMergedExpTerms = 16

    /// Products with at least this many factors are kept whole by `product(_:keeping:)`.
    public static let heldProductThreshold = 16

    /// Whether the root is a product.
    public var isProduct: Bool { if case .mul = head { return true } else { return false } }
    /// Whether the root is a sum.
    public var isSum: Bool { if case .add = head { return true } else { return false } }
    /// Whether the root is a power.
    public var isPower: Bool { if case .pow = head { return true } else { return false } }

    /// `self` as `(base, exponent)`: `x^2` is `(x, 2)`, `x` is `(x, 1)`.
    public var asPower: (base: Expr, exponent: Expr) {
        if case .pow = head { return (children[0], children[1]) }
        return (self, .one)
    }

    // MARK: - Powers

    /// The canonical power `base ^ exponent`.
    public static func power(_ base: Expr, _ exponent: Expr) -> Expr {
        if base.head == .undefined || exponent.head == .undefined { return .undefined }
        if case let .number(n) = exponent.head {
            if n.isZero { return .one }
            if n.isOne { return base }
        }
        switch base.head {
        case let .number(b):
            if b.isOne { return .one }
            if case let .number(n) = exponent.head { return numericPower(b, n) }
            if b.isZero { return exponent.isPositiveNumber ? .zero : Expr(Node.intern(.pow, base, exponent)) }
        case .constant(.e):
            return apply(FunctionID.exp, [exponent])
        case .pow:
            let inner = base.children[1]
            if let merged = mergedExponent(inner, exponent) { return power(base.children[0], merged) }
            if case let .number(a) = inner.head, let ai = a.intValue, ai % 2 == 0 {
                // (u^(2k))^b = |u|^(2k*b) for real u.
                return power(apply(FunctionID.abs, [base.children[0]]), product([inner, exponent]))
            }
        case let .mul(c):
            if case let .number(n) = exponent.head {
                if n.isInteger {
                    return product(base.children.map { power($0, exponent) } + [numericPower(c, n)])
                }
                if !c.isNegative && !c.isOne, let exact = c.power(n.numerator.asInt() ?? 0).flatMap({ $0.root(n.denominator.asInt() ?? 0) }) {
                    // (4*x)^(1/2) = 2*x^(1/2): exact when the coefficient is positive.
                    return product([number(exact), power(product(base.children), exponent)])
                }
            }
        case let .function(id) where id == FunctionID.exp:
            // (e^u)^k = e^(k*u) for real u.
            return apply(id, [product([base.children[0], exponent])])
        case let .function(id) where id == FunctionID.abs:
            if case let .number(n) = exponent.head, let k = n.intValue, k % 2 == 0 {
                return power(base.children[0], exponent)
            }
        default: break
        }
        return Expr(Node.intern(.pow, base, exponent))
    }

    /// When `(u^a)^b = u^(a*b)` holds for every real `u` (principal powers), the product `a*b`.
    static func mergedExponent(_ a: Expr, _ b: Expr) -> Expr? {
        if case let .number(bn) = b.head, bn.isInteger { return product([a, b]) }
        if case let .number(an) = a.head, an.isInteger == false, an > Rational(-1), an <= .one {
            return product([a, b])
        }
        if case let .number(an) = a.head, an.isOne { return b }
        return nil
    }

    /// `b^n` for exact numbers, folding what is exact and leaving the rest symbolic.
    static func numericPower(_ b: Rational, _ n: Rational) -> Expr {
        if b.isZero { return n.isNegative ? .undefined : .zero }
        if let k = n.intValue {
            if let folded = b.power(k) { return number(folded) }
            return Expr(Node.intern(.pow, number(b), number(n)))
        }
        if b.isNegative {
            // Principal powers of negative numbers are complex: left as they are.
            return Expr(Node.intern(.pow, number(b), number(n)))
        }
        // n = p/q: fold exact roots, and pull the integer part out: 2^(3/2) = 2*2^(1/2).
        guard let p = n.numerator.asInt(), let q = n.denominator.asInt() else {
            return Expr(Node.intern(.pow, number(b), number(n)))
        }
        if let r = b.root(q) {
            if let folded = r.power(p) { return number(folded) }
            return Expr(Node.intern(.pow, number(r), integer(p)))
        }
        var whole = p / q, rest = p % q
        if rest < 0 { whole -= 1; rest += q }
        let fraction = Expr(Node.intern(.pow, number(b), number(Rational(rest, q))))
        if whole == 0 { return fraction }
        guard let w = b.power(whole) else { return Expr(Node.intern(.pow, number(b), number(n))) }
        return Expr(Node.intern(.mul(w), fraction))
    }

    // MARK: - Functions

    /// `f(arguments)` after the function's exact values and rewrites.
    public static func apply(_ function: FunctionID, _ arguments: [Expr]) -> Expr {
        if arguments.contains(where: { $0.head == .undefined }) { return .undefined }
        let spec = function.spec
        if let special = spec.special(arguments) { return special }
        return Expr(Node.intern(.function(function), arguments))
    }

    // MARK: - Operators

    /// The canonical sum `a + b`.
    public static func + (a: Expr, b: Expr) -> Expr { sum([a, b]) }
    /// The canonical difference `a + (-1)*b`.
    public static func - (a: Expr, b: Expr) -> Expr { sum([a, product([.minusOne, b])]) }
    public static prefix func - (a: Expr) -> Expr { product([.minusOne, a]) }
    /// The canonical product `a*b`.
    public static func * (a: Expr, b: Expr) -> Expr { product([a, b]) }
    /// The canonical quotient `a*b^(-1)`.
    public static func / (a: Expr, b: Expr) -> Expr { product([a, power(b, .minusOne)]) }
    /// The canonical power `a^b`.
    public static func ^ (a: Expr, b: Expr) -> Expr { power(a, b) }

    /// `f(args)` for the function named `name` (table name or alias), or nil when there is none.
    public static func call(_ name: String, _ arguments: [Expr]) -> Expr? {
        guard let id = FunctionTable.lookup(name) else { return nil }
        return apply(id, arguments)
    }
}

infix operator ^ : PowerPrecedence
precedencegroup PowerPrecedence {
    associativity: right
    higherThan: MultiplicationPrecedence
}

extension Expr: ExpressibleByIntegerLiteral {
    /// An integer written as a literal: `let three: Expr = 3`.
    public init(integerLiteral value: Int) { self = .integer(value) }
}

extension Expr {
    /// The value when this is a number.
    public var rationalValue: Rational? {
        if case let .number(r) = head { return r }
        return nil
    }

    /// Whether the expression is an exact number.
    public var isNumber: Bool { rationalValue != nil }
    /// Whether the expression is a number greater than 0.
    public var isPositiveNumber: Bool { rationalValue.map { !$0.isNegative && !$0.isZero } ?? false }
    /// Whether the expression is the number 0.
    public var isZero: Bool { self == .zero }
}

import BigInt

extension BigInt {
    func asInt() -> Int? { Int(exactly: self) }
}
