import Expr

/// A named rewrite: given a node (whose children are already simplified), a candidate
/// replacement or nil. Rules need not make things smaller; the simplifier keeps a candidate
/// only when it lowers the cost, unless the rule says otherwise (`Acceptance`).
public struct SimplificationRule: Sendable {
    /// A stable name that traces and tests refer to.
    public let name: String
    /// What the rule does, in words: the summary of its stage in the steps.
    public let summary: String
    /// The kinds of node the rule rewrites; the simplifier offers it no other.
    public let kinds: NodeKinds
    /// When the simplifier keeps the rule's result.
    public let acceptance: Acceptance
    /// The rewrite: a new expression, or nil when the rule does not apply.
    public let apply: @Sendable (Expr) -> Expr?

    /// A rule with its stable name (as steps print it), what it does in words, the kinds of node
    /// it rewrites, when its result is kept, and its rewrite.
    public init(name: String, summary: String = "", kinds: NodeKinds = .all, acceptance: Acceptance = .smaller,
                apply: @escaping @Sendable (Expr) -> Expr?) {
        self.name = name
        self.summary = summary.isEmpty ? "rule \(name)" : summary
        self.kinds = kinds
        self.acceptance = acceptance
        self.apply = apply
    }

    /// When a rule's result replaces the form it was given.
    public enum Acceptance: Sendable {
        /// When it costs less (`Cost`): most rules.
        case smaller
        /// When it costs no more: a readability rule whose form reads better at the same size
        /// (the `σ(1 - σ)` family, one double-angle policy, one fraction for a compound one).
        case notLarger
        /// When it costs at most a quarter more, plus two nodes: a form a course writes although
        /// its multiplied-out polynomial is a little shorter (`-2*(1 - tanh(x)^2)*(1 - 3*tanh(x)^2)`
        /// over `-6*tanh(x)^4 + 8*tanh(x)^2 - 2`). The cost of the form it replaced stays the bar
        /// the other rules must beat, so multiplying out does not undo it.
        case readable
        /// Always: a normal form that a course writes whatever its size (`sqrt(8) = 2*sqrt(2)`,
        /// `sin(pi/6) = 1/2`). Such a rule's result is a fixed point of the rule itself.
        case always

        func keeps(_ cost: Int, over best: Int) -> Bool {
            switch self {
            case .smaller: return cost < best
            case .notLarger: return cost <= best
            case .readable: return cost <= best + best / 4 + 2
            case .always: return true
            }
        }
    }

    /// The kinds of node a rule applies to.
    public struct NodeKinds: OptionSet, Sendable {
        /// One bit per kind.
        public let rawValue: UInt8
        /// The kinds whose bits `rawValue` sets.
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Sums (`a + b`, `a - b`).
        public static let sums = NodeKinds(rawValue: 1)
        /// Products (`a*b`, `a/b`).
        public static let products = NodeKinds(rawValue: 2)
        /// Powers (`u^k`, `sqrt(u)`, `1/u`).
        public static let powers = NodeKinds(rawValue: 4)
        /// Function calls (`sin(pi/6)`, `exp(x + log(y))`).
        public static let calls = NodeKinds(rawValue: 8)
        /// Every kind with children.
        public static let all: NodeKinds = [.sums, .products, .powers, .calls]

        /// The kind of `e`'s root, empty for leaves.
        init(of e: Expr) {
            switch e.head {
            case .add: self = .sums
            case .mul: self = .products
            case .pow: self = .powers
            case .function: self = .calls
            default: self = []
            }
        }
    }

    /// The rules `simplify` uses by default, in the order they are tried at each node: the
    /// local identities and named forms, rational normalization, factoring and expanding, the
    /// readability rules, and zero recognition.
    public static let standard: [SimplificationRule] = [
        exactValues, radical, expLog, signAbs, sigmoid, softplus, sinOverCos, sinhOverCosh, hyperbolicExponential, sechSquared,
        pythagorean, pythagoreanConstant, reciprocalSquares, periodicAtanTan, doubleAngleAtan, compoundFraction, cancel, together, togetherFractions,
        commonFactor, commonFactorAndContent, commonNumeratorFactor, content, cancelContent, expandSmall, univariateExpand, oneRadical, radicalContent,
        doubleAngle, sigmoidFamily, tanhFamily, zero,
    ]

    /// The rules for large expressions: local rewrites that never build big candidates. The
    /// families' factorizations read whole sums as polynomials, and were a third of the cost of
    /// simplifying large derivatives: they are for the small results that show the families.
    public static let light: [SimplificationRule] = [
        exactValues, radical, expLog, signAbs, sigmoid, softplus, sinOverCos, sinhOverCosh, hyperbolicExponential, sechSquared,
        pythagorean, pythagoreanConstant, cancelContent, oneRadical, doubleAngle,
    ]

    /// `sin(u)*cos(u) = sin(2*u)/2` and `sinh(u)*cosh(u) = sinh(2*u)/2` inside a product.
    public static let doubleAngle = SimplificationRule(name: "double-angle", summary: "identity used: 2*sin(u)*cos(u) = sin(2*u)", kinds: .products, acceptance: .notLarger) { e in
        guard case .mul = e.head else { return nil }
        for f in e.children {
            guard case let .function(s) = f.head, s == FunctionID.sin || s == FunctionID.sinh else { continue }
            let u = f.children[0]
            let partner = s == FunctionID.sin ? FunctionID.cos : FunctionID.cosh
            guard let j = e.children.firstIndex(where: { g in
                if case .function(partner) = g.head { return g.children[0] == u }
                return false
            }) else { continue }
            var rest = e.children
            rest.remove(at: j)
            rest.remove(at: rest.firstIndex(of: f)!)
            let c = e.coefficient
            return .product([.number(c * .half), .apply(s, [2 * u])] + rest)
        }
        return nil
    }

    /// Multiplies out a small sum or product when that is shorter: `x*(x + 1) - x = x^2`.
    public static let expandSmall = SimplificationRule(name: "expand", summary: "multiplied out where that is shorter", kinds: [.sums, .products, .powers]) { e in
        guard e.node.treeSize <= 60 else { return nil }
        switch e.head {
        case let .add(c):
            // Worth trying when multiplying out a term could meet another term: a product with a
            // sum, or a small power of a sum with a constant where the sum has one too (the
            // constants meet: `(x + 2)^2 - 1 = x^2 + 4*x + 3`).
            guard e.children.contains(where: { $0.hasSumFactor || (!c.isZero && $0.isSmallPowerOfSumWithConstant) }) else { return nil }
        case .mul:
            // (x + 1)*(x - 1): at least two sums to multiply; or a sum over powers of other
            // things, which may divide its terms: `(6*x^2 - 3*x^4)/x^2 = 6 - 3*x^2`.
            let sums = e.children.filter { $0.asPower.base.isSum }
            let overMonomial = sums.count == 1 && sums[0].isSum && e.children.contains { f in
                let (base, exponent) = f.asPower
                guard !base.isSum, exponent.rationalValue?.isNegative ?? false else { return false }
                // Only a denominator that some term of the sum holds can get shorter.
                return sums[0].children.contains { $0.factorList.contains { $0.asPower.base == base } }
            }
            guard sums.count >= 2 || overMonomial else { return nil }
        case .pow:
            guard e.children[0].isSum, let n = e.children[1].rationalValue?.intValue, n >= 2, n <= 4 else { return nil }
        default: return nil
        }
        // A sum of more terms than the node has nodes cannot print shorter; stop building it there.
        return e.expandedShallow(maximumTerms: min(64, e.node.treeSize))
    }

    /// The Pythagorean identities with the constant of a sum: `1 - sin(u)^2 = cos(u)^2`,
    /// `1 + tan(u)^2 = sec(u)^2`, `1 + sinh(u)^2 = cosh(u)^2`, `sec(u)^2 - 1 = tan(u)^2`, …
    public static let pythagoreanConstant = SimplificationRule(name: "pythagorean-constant", summary: "identity used: 1 - sin(u)^2 = cos(u)^2, 1 + tan(u)^2 = sec(u)^2 and their kin", kinds: .sums) { e in
        guard case let .add(c) = e.head, !c.isZero else { return nil }
        // (function squared, the other function, true when c + k*f^2 needs k = c, else k = -c)
        let table: [(FunctionID, FunctionID, Bool)] = [
            (.sin, .cos, false), (.cos, .sin, false), (.tan, .sec, true), (.cot, .csc, true),
            (.sec, .tan, false), (.csc, .cot, false), (.sinh, .cosh, true), (.cosh, .sinh, false),
        ]
        for (i, t) in e.children.enumerated() {
            // k*f(u)^2 with nothing else in the term.
            let k = t.coefficient
            let rest: Expr
            if case .mul = t.head {
                guard t.children.count == 1 else { continue }
                rest = t.children[0]
            } else {
                rest = t
            }
            guard case .pow = rest.head, rest.children[1] == .two, case let .function(f) = rest.children[0].head,
                  let entry = table.first(where: { $0.0 == f }) else { continue }
            guard entry.2 ? k == c : k == -c else { continue }
            let u = rest.children[0].children[0]
            let other = Expr.power(Expr.apply(entry.1, [u]), .two)
            // c + k*f^2 = c*(1 ± f^2) = c*g^2 for sin/cos/tan/cot/sinh; k*(f^2 - 1) = k*g^2 for sec/csc/cosh.
            let scale = [FunctionID.sec, .csc, .cosh].contains(f) ? k : c
            var terms = e.children
            terms.remove(at: i)
            return .sum(terms + [.product([.number(scale), other])])
        }
        return nil
    }

    /// `c*sin(u)^2*r + c*cos(u)^2*r = c*r`.
    public static let pythagorean = SimplificationRule(name: "pythagorean", summary: "identity used: sin(u)^2 + cos(u)^2 = 1", kinds: .sums) { e in
        guard case .add = e.head, e.children.contains(where: { $0.hasSquareOf(FunctionID.sin) }),
              e.children.contains(where: { $0.hasSquareOf(FunctionID.cos) }) else { return nil }
        var terms = e.children
        var sinTerms: [Expr: Int] = [:]   // key: the term with sin(u)^2 replaced by cos(u)^2
        for (i, t) in terms.enumerated() {
            guard let swapped = swapSquare(t, from: FunctionID.sin, to: FunctionID.cos) else { continue }
            sinTerms[swapped] = i
        }
        if sinTerms.isEmpty { return nil }
        var removed = Set<Int>()
        var added: [Expr] = []
        for (j, t) in terms.enumerated() {
            guard let i = sinTerms[t], !removed.contains(i), !removed.contains(j), i != j else { continue }
            // terms[i] = c*sin(u)^2*r and terms[j] = c*cos(u)^2*r
            guard let rest = dropSquare(t, FunctionID.cos) else { continue }
            removed.insert(i)
            removed.insert(j)
            added.append(rest)
        }
        if removed.isEmpty { return nil }
        terms = terms.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        var all = terms + added
        if case let .add(c) = e.head { all.append(.number(c)) }
        return .sum(all)
    }

    /// Pulls what every term of a sum shares out of it: common factors with their lowest power,
    /// common powers of denominators (putting the sum over a common denominator), and the common
    /// rational content: `3*x*exp(3*x) + exp(3*x) = (3*x + 1)*exp(3*x)`.
    public static let commonFactor = SimplificationRule(name: "common-factor", summary: "common factors taken out", kinds: .sums) { factorOut($0, withContent: false) }

    /// `common-factor` that also takes out the rational content: `2*x + 4*x^2 = 2*x*(1 + 2*x)`.
    public static let commonFactorAndContent = SimplificationRule(name: "common-content", summary: "common factors and number content taken out", kinds: .sums) { factorOut($0, withContent: true) }

    /// `common-factor` without the common denominator: only the factors every term holds above
    /// the line leave, `exp(-x)*tanh(x) - exp(-x)/cosh(x)^2 = exp(-x)*(tanh(x) - 1/cosh(x)^2)`.
    /// Offered where some term has a denominator that others lack.
    public static let commonNumeratorFactor = SimplificationRule(name: "common-numerator-factor", summary: "common factors above the line taken out", kinds: .sums) { e in
        // Cheap scans first: a denominator somewhere, and a base above the line in every term.
        guard case let .add(c) = e.head, c.isZero,
              e.children.contains(where: { $0.factorList.contains { $0.asPower.exponent.rationalValue?.isNegative ?? false } }) else { return nil }
        func above(_ t: Expr) -> [Expr] {
            t.factorList.compactMap { f in
                let (b, k) = f.asPower
                return (k.rationalValue?.isNegative ?? false) ? nil : b
            }
        }
        let rest = e.children.dropFirst().map(above)
        guard above(e.children[0]).contains(where: { b in rest.allSatisfy { $0.contains(b) } }) else { return nil }
        return factorOut(e, withContent: false, numeratorsOnly: true)
    }

    /// The rational content of every sum factor of a product (or sum raised to an integer power)
    /// goes to the product's coefficient: `2/(2*x + 10) = 1/(x + 5)`, `x*(2*y + 2) = 2*x*(y + 1)`.
    public static let cancelContent = SimplificationRule(name: "cancel-content", summary: "number content of sums moved to the coefficient", kinds: .products) { e in
        guard case .mul = e.head, e.children.contains(where: { $0.asPower.base.isSum }) else { return nil }
        var coefficient = e.coefficient
        var changed = false
        var factors: [Expr] = []
        for f in e.children {
            let (base, exponent) = f.asPower
            guard case .add = base.head, let k = exponent.rationalValue?.intValue,
                  let (g, primitive) = primitivePart(base), let scale = g.power(k) else {
                factors.append(f)
                continue
            }
            changed = true
            coefficient *= scale
            factors.append(.power(primitive, .integer(k)))
        }
        guard changed else { return nil }
        return .product([.number(coefficient)] + factors)
    }
}

/// A sum as `g * primitive` with the rational content g taken out and the primitive's first
/// term positive: `-2*x - 4 = -2*(x + 2)`. Nil when there is nothing to take out.
func primitivePart(_ sum: Expr) -> (Rational, Expr)? {
    guard case let .add(c) = sum.head else { return nil }
    // Most sums are primitive already: integer coefficients, one of them ±1, the first positive.
    if !(sum.children.first?.coefficient.isNegative ?? false), c.isInteger,
       sum.children.allSatisfy({ $0.coefficient.isInteger }),
       c.magnitude.isOne || sum.children.contains(where: { $0.coefficient.magnitude.isOne }) { return nil }
    var coefficients = sum.children.map(\.coefficient)
    if !c.isZero { coefficients.append(c) }
    var g = rationalContent(coefficients)
    if sum.children.first?.coefficient.isNegative == true { g = -g }
    if g.isOne { return nil }
    return (g, .product([.number(g.reciprocal), sum]))
}

extension SimplificationRule {
    static func factorOut(_ e: Expr, withContent: Bool, numeratorsOnly: Bool = false) -> Expr? {
        guard case let .add(constant) = e.head, e.children.count <= 64 else { return nil }
        var termList = e.children
        if !constant.isZero { termList.append(.number(constant)) }
        let content = withContent ? rationalContent(termList.map(\.coefficient)) : .one
        // Without content to take out, this is `common-factor`'s candidate, offered already.
        if withContent && content.isOne { return nil }
        let split = termList.map(powers)
        // Exponent of each base in each term (absent = 0).
        var candidates: [Expr] = []
        var seen = Set<Expr>()
        for s in split { for (b, _) in s.factors where seen.insert(b).inserted { candidates.append(b) } }
        var common: [(Expr, Rational)] = []
        var denominators = false
        for b in candidates {
            let exps = split.map { s in s.factors.first { $0.0 == b }?.1 ?? .zero }
            // The lowest power of each base leaves: a shared factor, or a common denominator
            // (`sqrt(u) + x^2/sqrt(u) = (u + x^2)/sqrt(u)`).
            let lowest = exps.min()!
            if lowest.isNegative { denominators = true }
            if numeratorsOnly ? !lowest.isNegative && !lowest.isZero : !lowest.isZero { common.append((b, lowest)) }
        }
        // Without a denominator to leave behind, this is `common-factor`'s candidate.
        if numeratorsOnly && !denominators { return nil }
        if common.isEmpty && content.isOne { return nil }
        let factor = Expr.product(common.map { Expr.power($0.0, .number($0.1)) } + [.number(content)])
        let inverse = Expr.product(common.map { Expr.power($0.0, .number(-$0.1)) } + [.number(content.reciprocal)])
        let reduced = Expr.sum(termList.map { .product([$0, inverse]) })
        if case .add = reduced.head {
            return unevaluatedProduct(factor, reduced)
        }
        return .product([factor, reduced])
    }
}

extension SimplificationRule {
    /// `(2*x + 10)^n = 2^n*(x + 5)^n` for integer n: the rational content of a sum leaves it.
    public static let content = SimplificationRule(name: "content", summary: "number content taken out of a power of a sum", kinds: .powers) { e in
        guard case .pow = e.head, case .add = e.children[0].head,
              let k = e.children[1].rationalValue?.intValue,
              let (g, primitive) = primitivePart(e.children[0]), let scale = g.power(k) else { return nil }
        return unevaluatedProduct(.number(scale), .power(primitive, .integer(k)))
    }
}

// MARK: - Helpers

extension Expr {

    /// A term with a factor `f(u)^2`.
    func hasSquareOf(_ f: FunctionID) -> Bool {
        let factors: [Expr]
        if case .mul = head { factors = children } else { factors = [self] }
        return factors.contains { x in
            if case .pow = x.head, x.children[1] == .two, case .function(f) = x.children[0].head { return true }
            return false
        }
    }

    /// A sum with a constant squared, cubed or raised to the fourth (`(x + 1)^2`).
    var isSmallPowerOfSumWithConstant: Bool {
        guard case .pow = head, case let .add(c) = children[0].head, !c.isZero,
              let n = children[1].rationalValue?.intValue else { return false }
        return n >= 2 && n <= 4
    }

    /// A product with a sum among its factors (`2*x*(x + 1)`).
    var hasSumFactor: Bool {
        guard case .mul = head else { return false }
        return children.contains { $0.asPower.base.isSum }
    }
}

/// `factor * rest` without distributing a lone numeric factor over a sum, which the canonical
/// constructor would do (`2*(x + 1)` is `2*x + 2`): the point of factoring is to keep it.
func unevaluatedProduct(_ factor: Expr, _ rest: Expr) -> Expr {
    if let r = factor.rationalValue, case .add = rest.head {
        // Keep `c*(sum)` as a product node by putting the number into a one-factor product.
        return Expr.scaledSum(rest, by: r)
    }
    return .product([factor, rest])
}

/// A term as its coefficient and its factors with numeric exponents (`3*x^2*y^-1`).
struct Powers {
    var coefficient: Rational
    var factors: [(Expr, Rational)]
}

func powers(_ t: Expr) -> Powers {
    let (c, rest) = t.splitCoefficient()
    var factors: [(Expr, Rational)] = []
    let list: [Expr]
    if case .mul = rest.head { list = rest.children } else if rest == .one { list = [] } else { list = [rest] }
    for f in list {
        if case .pow = f.head, let r = f.children[1].rationalValue {
            factors.append((f.children[0], r))
        } else {
            factors.append((f, .one))
        }
    }
    return Powers(coefficient: c, factors: factors)
}

/// The largest positive rational g with every value an integer multiple of g; 1 when trivial.
func rationalContent(_ values: [Rational]) -> Rational {
    var numerator: Int? = nil
    var denominator = 1
    for v in values {
        guard let (n, d) = v.smallParts, n != 0, n != .min else {
            if v.isZero { continue }
            return .one
        }
        numerator = gcd(numerator ?? 0, abs(n))
        let l = lcm(denominator, d)
        guard let l else { return .one }
        denominator = l
    }
    guard let numerator, numerator > 0 else { return .one }
    return Rational(numerator, denominator)
}

private func gcd(_ a: Int, _ b: Int) -> Int {
    var a = a, b = b
    while b != 0 { (a, b) = (b, a % b) }
    return a
}

private func lcm(_ a: Int, _ b: Int) -> Int? {
    let (p, o) = (a / gcd(a, b)).multipliedReportingOverflow(by: b)
    return o ? nil : p
}

/// `t` with its factor `f(u)^2` replaced by `g(u)^2`, or nil when it has none.
private func swapSquare(_ t: Expr, from f: FunctionID, to g: FunctionID) -> Expr? {
    let (c, rest) = t.splitCoefficient()
    let factors: [Expr] = { if case .mul = rest.head { return rest.children } else { return [rest] } }()
    for (i, x) in factors.enumerated() {
        if case .pow = x.head, x.children[1] == .two, case .function(f) = x.children[0].head {
            var copy = factors
            copy[i] = .power(.apply(g, x.children[0].children), .two)
            return .product([.number(c)] + copy)
        }
    }
    return nil
}

/// `t` without its factor `f(u)^2`.
private func dropSquare(_ t: Expr, _ f: FunctionID) -> Expr? {
    let (c, rest) = t.splitCoefficient()
    let factors: [Expr] = { if case .mul = rest.head { return rest.children } else { return [rest] } }()
    for (i, x) in factors.enumerated() {
        if case .pow = x.head, x.children[1] == .two, case .function(f) = x.children[0].head {
            var copy = factors
            copy.remove(at: i)
            return .product([.number(c)] + copy)
        }
    }
    return nil
}
