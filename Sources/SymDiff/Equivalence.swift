/// Whether two expressions are the same function: proved by the simplifier (naming the rules
/// that did it), refuted at a point, or equal on part of the domain only (`sqrt(x^2)` and `x`
/// for x >= 0). Assumptions on the variables take part in the proof.
public struct Equivalence: Sendable {
    /// The verdict.
    public enum Verdict: Sendable, Equatable {
        /// The difference simplifies to 0; `rules` are the steps that did it.
        case proved(rules: [String])
        /// The values differ at `point`.
        case different(point: [String: Double], left: Double, right: Double)
        /// Equal where `condition` holds (found numerically), different at `point`.
        case equalWhere(condition: String, point: [String: Double], left: Double, right: Double)
        /// Not proved, but equal at every test point (`points` of them).
        case numericallyEqual(points: Int)
        /// Neither side has a finite value at the test points.
        case undecided
    }

    /// Facts about the variables that the proof may use.
    public var assumptions = Assumptions()

    /// A comparison under `assumptions`.
    public init(assumptions: Assumptions = Assumptions()) { self.assumptions = assumptions }

    /// Compares `a` and `b`.
    public func compare(_ a: Expr, _ b: Expr) -> Verdict {
        if let rules = proof(a, b) { return .proved(rules: rules) }
        return numericVerdict(a, b)
    }

    // MARK: - Proof

    /// The rules that bring `a - b` to 0, or nil when they do not.
    func proof(_ a: Expr, _ b: Expr) -> [String]? {
        var rules: [String] = []
        var difference = a - b
        if !assumptions.isEmpty {
            let assumed = assumptions.applied(to: difference)
            if assumed != difference { rules.append("assumptions (\(assumptions.description))") }
            difference = assumed
        }
        return assumptions.withValue { () -> [String]? in
            if difference.isZero { return rules + ["canonical form (like terms and factors merged)"] }
            if let e = try? difference.expanded(maximumTerms: 50_000), e.isZero { return rules + ["expand"] }
            if let c = try? difference.together(), c.isZero { return rules + ["rational functions over a common denominator"] }
            guard Simplifier().simplify(difference).isZero else { return nil }
            // Name the rules: drop each one that the proof does not need, zero recognition first,
            // so that a named identity (`pythagorean-constant`) is preferred to the general proof.
            var needed = SimplificationRule.standard
            let byPreference = needed.filter { $0.name == SimplificationRule.zero.name } + needed.filter { $0.name != SimplificationRule.zero.name }
            for rule in byPreference {
                var simplifier = Simplifier()
                simplifier.rules = needed.filter { $0.name != rule.name }
                if simplifier.simplify(difference).isZero { needed.removeAll { $0.name == rule.name } }
            }
            return rules + (needed.isEmpty ? ["simplify"] : needed.map(\.name))
        }
    }

    // MARK: - Numbers

    /// How many pseudo-random points are compared.
    static let samples = 24

    private func numericVerdict(_ a: Expr, _ b: Expr) -> Verdict {
        let names = Array(Set(a.freeSymbols + b.freeSymbols)).sorted()
        var generator = SampleGenerator()
        var agree: [[String: Double]] = [], differ: [([String: Double], Double, Double)] = []
        var oneSided: ([String: Double], Double, Double)?
        for i in 0..<Self.samples {
            let point = Dictionary(uniqueKeysWithValues: names.map { ($0, generator.coordinate(spread: i < Self.samples / 2 ? 2 : 8)) })
            let admissible = names.allSatisfy { n in
                !assumptions.positive.contains(n) || point[n]! > 0
            } && names.allSatisfy { n in !assumptions.nonNegative.contains(n) || point[n]! >= 0 }
            let p = admissible ? point : point.mapValues { abs($0) }
            let x = a.evaluate(at: p), y = b.evaluate(at: p)
            if x.isFinite != y.isFinite, oneSided == nil { oneSided = (p, x, y) }
            guard x.isFinite, y.isFinite else { continue }
            if Self.close(x, y) { agree.append(p) } else { differ.append((p, x, y)) }
        }
        guard let first = differ.first else {
            guard agree.count >= 3 else { return .undecided }
            // Equal where both are defined, but one side is defined on more: log(x*y) and log(x) + log(y).
            if case let (p, x, y)? = oneSided { return .equalWhere(condition: "both sides are defined", point: p, left: x, right: y) }
            return .numericallyEqual(points: agree.count)
        }
        if agree.isEmpty || names.isEmpty { return .different(point: first.0, left: first.1, right: first.2) }
        if names.count == 1, let condition = region(a, b, variable: names[0]) {
            return .equalWhere(condition: condition, point: first.0, left: first.1, right: first.2)
        }
        // Several variables: a sign condition on one variable that separates the points.
        for n in names {
            for (test, words) in [({ (v: Double) in v > 0 }, "\(n) > 0"), ({ (v: Double) in v < 0 }, "\(n) < 0")]
            where agree.allSatisfy({ test($0[n]!) }) && differ.allSatisfy({ !test($0.0[n]!) }) {
                return .equalWhere(condition: words, point: first.0, left: first.1, right: first.2)
            }
        }
        return .equalWhere(condition: "part of the domain (equal at \(Self.pointText(agree[0])))", point: first.0, left: first.1, right: first.2)
    }

    static func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(1, abs(x), abs(y)) }

    /// The set where one-variable `a` and `b` agree, as a condition (`x >= 0`), from a grid on
    /// [-10, 10] whose agree/differ boundaries are found by bisection and snapped to nearby
    /// simple fractions.
    private func region(_ a: Expr, _ b: Expr, variable n: String) -> String? {
        func status(_ v: Double) -> Bool? {
            let x = a.evaluate(at: [n: v]), y = b.evaluate(at: [n: v])
            guard x.isFinite, y.isFinite else { return nil }
            return Self.close(x, y)
        }
        let grid = stride(from: -10.0, through: 10.0, by: 0.0625).map { $0 + 0.0173 }
        var intervals: [(Double, Double)] = []
        var start: Double?
        var previous: Double?
        for v in grid {
            let s = status(v)
            if s == true, start == nil { start = previous.map { boundary(status, from: $0, to: v) } ?? -Double.infinity }
            if s != true, let begin = start {
                intervals.append((begin, boundary(status, from: previous!, to: v)))
                start = nil
            }
            previous = v
        }
        if let begin = start { intervals.append((begin, .infinity)) }
        guard !intervals.isEmpty, intervals.count <= 3 else { return nil }
        return intervals.map { lower, upper in
            let l = lower.isFinite ? Self.snap(lower) : nil, u = upper.isFinite ? Self.snap(upper) : nil
            let closedLow = l.map { status($0.value) == true } ?? false, closedHigh = u.map { status($0.value) == true } ?? false
            switch (l, u) {
            case let (l?, nil): return "\(n) \(closedLow ? ">=" : ">") \(l.text)"
            case let (nil, u?): return "\(n) \(closedHigh ? "<=" : "<") \(u.text)"
            case let (l?, u?): return "\(l.text) \(closedLow ? "<=" : "<") \(n) \(closedHigh ? "<=" : "<") \(u.text)"
            case (nil, nil): return "every \(n)"
            }
        }.joined(separator: " or ")
    }

    /// The point between `x` (agreeing or not) and `y` (the other) where the status changes.
    private func boundary(_ status: (Double) -> Bool?, from x: Double, to y: Double) -> Double {
        var (lo, hi) = (x, y)
        let target = status(y)
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if status(mid) == target { hi = mid } else { lo = mid }
        }
        return (lo + hi) / 2
    }

    /// `v` as a simple fraction when one is within 1e-6, else as printed.
    static func snap(_ v: Double) -> (value: Double, text: String) {
        for q in 1...12 {
            let p = (v * Double(q)).rounded()
            if abs(p / Double(q) - v) < 1e-6 {
                let r = Rational(Int(p), q)
                return (p / Double(q), r.description)
            }
        }
        return (v, formatNumber(v))
    }

    /// `x=1.5, y=-0.25`.
    public static func pointText(_ point: [String: Double]) -> String {
        point.keys.sorted().map { "\($0)=\(formatNumber(point[$0]!))" }.joined(separator: ", ")
    }
}

/// Fixed pseudo-random points (SplitMix64), the same on every run, away from the integers where
/// functions are often special.
struct SampleGenerator {
    private var state: UInt64 = 0x5EED_C0DE

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in (-spread, spread) with three decimals (short to read in a verdict), at least
    /// 0.05 from any integer.
    mutating func coordinate(spread: Double) -> Double {
        while true {
            let u = ((Double(next() >> 11) / Double(1 << 53) * 2 - 1) * spread * 1000).rounded() / 1000
            if abs(u - u.rounded()) >= 0.05 { return u }
        }
    }
}
