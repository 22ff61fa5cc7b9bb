import Glibc
import Expr

extension SimplificationRule {
    /// A sum that is identically zero is `0`. Numeric values at two points choose the sums worth
    /// the attempt; the proof is exact: the sum rewritten in sines, cosines and exponentials,
    /// read as a rational function over its generators (`RationalExpression`, exponentials of
    /// sums split into factors) and found zero, with `cos(u)^2 = 1 - sin(u)^2` where needed.
    public static let zero = SimplificationRule(name: "zero", summary: "recognised as identically zero", kinds: .sums) { e in
        guard NumericProbe.looksZero(e), ZeroProof.isZero(e) else { return nil }
        return .zero
    }
}

/// Values of an expression at fixed pseudo-random points, to tell which sums may be zero.
enum NumericProbe {
    /// Expressions with more distinct nodes than this are not probed.
    static let maximumNodes = 400

    /// True when `sum` is, to rounding, zero at two points where it is finite: its value is
    /// below 1e-9 of the largest of its terms' values.
    static func looksZero(_ sum: Expr) -> Bool {
        guard case .add = sum.head else { return false }
        let order = Expr.postorder([sum]) { _ in true }
        guard order.count <= maximumNodes else { return false }
        for point in 0..<2 {
            let values = values(of: order, point: point)
            let total = values[sum]!
            let scale = sum.termList.reduce(1.0) { Swift.max($0, abs(values[$1] ?? 0)) }
            guard total.isFinite, scale.isFinite, abs(total) <= 1e-9 * scale else { return false }
        }
        return true
    }

    /// The value of every node of `e` at a point; nil when `e` has more than `maximumNodes`
    /// distinct nodes.
    static func values(of e: Expr, point: Int) -> ExprMap<Double>? {
        let order = Expr.postorder([e]) { _ in true }
        guard order.count <= maximumNodes else { return nil }
        return values(of: order, point: point)
    }

    /// The values of `order`'s nodes at a point, children listed before parents.
    private static func values(of order: [Expr], point: Int) -> ExprMap<Double> {
        var values = ExprMap<Double>(capacity: order.count)
        for e in order { values[e] = value(of: e, point: point, values) }
        return values
    }

    /// A variable's value at a point: spread over (0.2, 0.9), inside the domains of log, sqrt,
    /// asin and acos, from a stable hash of its name.
    static func value(of name: String, point: Int) -> Double {
        var h: UInt64 = 14695981039346656037
        for b in name.utf8 { h = (h &+ UInt64(b)) &* 1099511628211 }
        h = (h &+ UInt64(point + 1)) &* 1099511628211
        return 0.2 + 0.7 * Double(h >> 11) / Double(1 << 53)
    }

    private static func value(of e: Expr, point: Int, _ values: ExprMap<Double>) -> Double {
        switch e.head {
        case let .number(r): return r.doubleValue
        case let .symbol(name): return value(of: name, point: point)
        case let .constant(c): return c.value
        case .undefined: return .nan
        case let .add(c): return e.children.reduce(c.doubleValue) { $0 + values[$1]! }
        case let .mul(c): return e.children.reduce(c.doubleValue) { $0 * values[$1]! }
        case .pow: return pow(values[e.children[0]]!, values[e.children[1]]!)
        case let .function(f): return f.spec.evaluate(e.children.map { values[$0]! })
        }
    }
}

/// Exact proof that an expression is identically zero, within the kernel's limits.
enum ZeroProof {
    static let limits = PolynomialLimits(maximumTerms: 2_000, maximumGenerators: 32)

    /// True when `e` is zero as a rational function of sines, cosines, exponentials and its
    /// other generators, using `sin(u)^2 + cos(u)^2 = 1`.
    static func isZero(_ e: Expr) -> Bool {
        let normal = e.rewrittenBottomUp(inSinesAndExponentials)
        do throws(PolynomialError) {
            let r = try RationalExpression(normal, limits: limits)
            if r.isZero { return true }
            // Numerators that vanish only through sin^2 + cos^2 = 1: cos(u)^2 replaced and read again.
            let top = r.numerator.expression(generators: r.generators)
            guard top.postorder.contains(where: { $0.argument(of: .cos) != nil }) else { return false }
            let reduced = top.rewrittenBottomUp(withoutSquaredCosines)
            return try RationalExpression(reduced, limits: limits).isZero
        } catch {
            return false
        }
    }

    /// One node in sines, cosines and exponentials: `tan(u) = sin(u)/cos(u)`, `tanh(u)` and
    /// `sigmoid(u)` through `exp`, `sin(2*u) = 2*sin(u)*cos(u)`.
    private static func inSinesAndExponentials(_ e: Expr) -> Expr {
        guard case let .function(f) = e.head, e.children.count == 1 else { return e }
        let u = e.children[0]
        switch f {
        case .tan: return sine(u) / cosine(u)
        case .cot: return cosine(u) / sine(u)
        case .sec: return 1 / cosine(u)
        case .csc: return 1 / sine(u)
        case .sin: return sine(u)
        case .cos: return cosine(u)
        case .sinh: return (Expr.apply(.exp, [u]) - .apply(.exp, [-u])) / 2
        case .cosh: return (Expr.apply(.exp, [u]) + .apply(.exp, [-u])) / 2
        case .tanh:
            let e2 = Expr.apply(.exp, [2 * u])
            return (e2 - 1) / (e2 + 1)
        case .sigmoid: return 1 / (1 + .apply(.exp, [-u]))
        default: return e
        }
    }

    /// sin(u), with even integer multiples of an angle halved: sin(2*v) = 2*sin(v)*cos(v).
    private static func sine(_ u: Expr) -> Expr {
        guard let v = halved(u) else { return .apply(.sin, [u]) }
        return 2 * sine(v) * cosine(v)
    }

    /// cos(u), with cos(2*v) = 1 - 2*sin(v)^2.
    private static func cosine(_ u: Expr) -> Expr {
        guard let v = halved(u) else { return .apply(.cos, [u]) }
        return 1 - 2 * .power(sine(v), .two)
    }

    /// `u/2` when `u` is an even integer multiple of something (`2*x`, `4*x*y`), at most 16.
    private static func halved(_ u: Expr) -> Expr? {
        guard case let .mul(c) = u.head, let k = c.intValue, k % 2 == 0, abs(k) <= 16 else { return nil }
        return .product([.number(c * .half)] + u.children)
    }

    /// `cos(u)^n` as `(1 - sin(u)^2)^(n/2)*cos(u)^(n mod 2)` for n ≥ 2.
    private static func withoutSquaredCosines(_ e: Expr) -> Expr {
        guard case .pow = e.head, let u = e.children[0].argument(of: .cos),
              let n = e.children[1].rationalValue?.intValue, n >= 2 else { return e }
        let square = Expr.sum([.one, -(.power(.apply(.sin, [u]), .two))])
        return .product([.power(square, .integer(n / 2)), .power(e.children[0], .integer(n % 2))])
    }
}
