import SymDiff

/// `assert lhs == rhs`: equal when the difference simplifies to zero; otherwise compared
/// numerically at fixed pseudo-random points (the same points on every run), so identities the
/// simplifier does not know still pass and a wrong answer still fails.
enum Assertion {
    /// How many points the numeric comparison uses, and how many must give finite values.
    static let points = 8, required = 3

    /// nil when the two sides are equal, else a note on how they differ (may be empty).
    static func equal(_ left: Value, _ right: Value, range: Range<Int>) throws(Diagnostic) -> String? {
        guard let a = left.asExpression, let b = right.asExpression else {
            return try equalElements(left, right, range: range)
        }
        return compare(a, b)
    }

    private static func compare(_ a: Expr, _ b: Expr) -> String? {
        let difference = Simplifier().simplify(a - b)
        if difference.isZero { return nil }
        let names = naturallySorted(Array(Set(a.freeSymbols + b.freeSymbols)))
        var generator = SplitMix(seed: 0x5EED)
        var compared = 0
        for _ in 0..<points {
            // Points in (-2, 2) away from 0 and the integers, where functions are often special.
            let values = Dictionary(uniqueKeysWithValues: names.map { ($0, generator.nextCoordinate()) })
            let x = a.evaluate(at: values), y = b.evaluate(at: values)
            guard x.isFinite, y.isFinite else { continue }
            compared += 1
            if abs(x - y) > 1e-9 * max(1, abs(x), abs(y)) {
                let at = names.map { "\($0)=\(formatNumber(values[$0]!))" }.joined(separator: ",")
                return names.isEmpty ? "difference: \(formatNumber(x - y))" : "they differ at \(at): \(formatNumber(x)) vs \(formatNumber(y))"
            }
        }
        return compared >= min(required, points) ? nil : "could not compare them: not finite at the test points"
    }

    /// Gradients and matrices compare entry by entry.
    private static func equalElements(_ left: Value, _ right: Value, range: Range<Int>) throws(Diagnostic) -> String? {
        func entries(_ v: Value) -> [Expr]? {
            switch v {
            case let .matrix(m): return m.rows.flatMap { $0 }
            case let .list(items): return items
            default: return v.asExpression.map { [$0] }
            }
        }
        guard let a = entries(left), let b = entries(right) else {
            throw Diagnostic("cannot-compare", "assert compares expressions, gradients, matrices and lists, not \(left.asExpression == nil ? left.kindName : right.kindName)", at: range)
        }
        guard a.count == b.count else { return "they have \(a.count) and \(b.count) entries" }
        for (i, (x, y)) in zip(a, b).enumerated() {
            if let note = compare(x, y) { return "entry \(i + 1) differs" + (note.isEmpty ? "" : "; " + note) }
        }
        return nil
    }
}

/// A small seeded generator (SplitMix64), so test points are the same on every run and machine.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in (-2, 2), at least 0.05 from any integer.
    mutating func nextCoordinate() -> Double {
        while true {
            let u = Double(next() >> 11) / Double(1 << 53) * 4 - 2
            if abs(u - u.rounded()) >= 0.05 { return u }
        }
    }
}
