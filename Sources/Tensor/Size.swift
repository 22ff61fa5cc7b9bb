import Expr

/// The length of one axis: a whole number (`3`) or a polynomial in named sizes (`n`, `n - 1`,
/// `d*(d - 1)/2`), held as a canonical scalar expression.
///
/// Two sizes are equal when they are provably the same polynomial. Sizes are compared by value
/// at a few fixed points (a polynomial identity test): structurally different forms of one
/// polynomial (`d*(d - 1)/2` and `d^2/2 - d/2`) compare equal, and a difference that is the same
/// number everywhere (`n` against `n - 1`) is read off exactly.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    /// The size as a scalar expression over size names.
    public let expr: Expr

    /// A size given by a polynomial in size names.
    public init(_ expr: Expr) { self.expr = expr }
    /// A size given by a number.
    public init(_ value: Int) { expr = .integer(value) }

    /// The size called `name`.
    public static func named(_ name: String) -> Size { Size(.symbol(name)) }

    /// The size 1.
    public static let one = Size(1)

    /// The value when the size is a plain whole number.
    public var intValue: Int? { expr.rationalValue.flatMap { $0.isInteger ? $0.intValue : nil } }

    /// The size as written (`n`, `d - 1`).
    public var description: String { expr.description }

    /// The names the size depends on, sorted.
    public var names: [String] { expr.freeSymbols }

    /// The sum of two sizes.
    public static func + (a: Size, b: Size) -> Size { Size(a.expr + b.expr) }
    /// The difference of two sizes.
    public static func - (a: Size, b: Size) -> Size { Size(a.expr - b.expr) }
    /// The product of two sizes.
    public static func * (a: Size, b: Size) -> Size { Size(a.expr * b.expr) }

    /// True when `self` and `other` are the same polynomial.
    public func isEqual(to other: Size) -> Bool {
        if expr == other.expr { return true }
        return constantDifference(to: other) == 0
    }

    /// `other - self` when it is the same number for every value of the names (`n` to `n + 2`
    /// is 2), else nil.
    public func constantDifference(to other: Size) -> Int? {
        let difference = other.expr - expr
        if let r = difference.rationalValue { return r.isInteger ? r.intValue : nil }
        let names = difference.freeSymbols
        var first: Double?
        for probe in 0..<Size.probeCount {
            var values: [String: Double] = [:]
            for name in names { values[name] = Size.probeValue(name, probe) }
            let v = difference.evaluate(at: values)
            guard v.isFinite, v == v.rounded() else { return nil }
            if let f = first, f != v { return nil }
            first = v
        }
        return first.flatMap { Int(exactly: $0) }
    }

    /// The value with the names bound by `sizes`, or nil when a name is missing or the value is
    /// not a whole number.
    public func value(_ sizes: [String: Int]) -> Int? {
        if let n = intValue { return n }
        var values: [String: Double] = [:]
        for name in names {
            guard let v = sizes[name] else { return nil }
            values[name] = Double(v)
        }
        let v = expr.evaluate(at: values)
        guard v.isFinite, v == v.rounded(), abs(v) < 1e15 else { return nil }
        return Int(v)
    }

    /// The size with names replaced (used when unknown sizes are resolved, and to make sizes numeric).
    public func substituting(_ replacements: [Expr: Expr]) -> Size {
        replacements.isEmpty ? self : Size(expr.replacingLeaves(replacements))
    }

    // MARK: - Probing

    private static let probeCount = 3

    /// A large value per name and probe, different for different names, so that distinct
    /// polynomials of modest degree differ at some probe. Deterministic (no seeded hashing).
    private static func probeValue(_ name: String, _ probe: Int) -> Double {
        let spread = Double(Fingerprint.of(name) % 997)
        return 1009 + spread * Double(probe + 2) + Double(probe * 7919)
    }
}
