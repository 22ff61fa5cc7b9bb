/// A light sign analysis for real variables: enough to rewrite `abs(exp(x))` to `exp(x)` and
/// `sign(x^2 + 1)` to `1`. It answers "known" only when it is sure, and looks a few levels deep.
/// What each function contributes is its table entry's `sign`.
extension Expr {
    private static let signDepth = 6

    /// True when the value is > 0 for every real assignment where it is defined.
    public var isKnownPositive: Bool { positivity(depth: Expr.signDepth) == .positive }

    /// True when the value is >= 0 for every real assignment where it is defined.
    public var isKnownNonNegative: Bool { positivity(depth: Expr.signDepth) != .unknown }

    private enum Positivity { case positive, nonNegative, unknown }

    private func positivity(depth: Int) -> Positivity {
        if depth == 0 { return .unknown }
        switch head {
        case let .number(r): return r.isZero ? .nonNegative : r.isNegative ? .unknown : .positive
        case .constant: return .positive
        case let .symbol(name):
            let facts = Assumptions.current
            return facts.positive.contains(name) ? .positive : facts.nonNegative.contains(name) ? .nonNegative : .unknown
        case .undefined: return .unknown
        case let .add(c):
            if c.isNegative { return .unknown }
            var all: Positivity = c.isZero ? .nonNegative : .positive
            for t in children {
                switch t.positivity(depth: depth - 1) {
                case .unknown: return .unknown
                case .positive: all = .positive
                case .nonNegative: break
                }
            }
            return all
        case let .mul(c):
            if c.isNegative { return .unknown }
            var all: Positivity = .positive
            for f in children {
                switch f.positivity(depth: depth - 1) {
                case .unknown: return .unknown
                case .nonNegative: all = .nonNegative
                case .positive: break
                }
            }
            return all
        case .pow:
            let (b, e) = (children[0], children[1])
            if let r = e.rationalValue, let k = r.intValue, k % 2 == 0 {
                return k > 0 ? .nonNegative : .positive
            }
            let base = b.positivity(depth: depth - 1)
            if base == .positive { return .positive }
            if base == .nonNegative, e.isPositiveNumber { return .nonNegative }
            // u^(p/q) with q even is real only where u >= 0, and then >= 0.
            if let r = e.rationalValue, !r.isInteger, r.denominator % 2 == 0 { return r.isNegative ? .positive : .nonNegative }
            return .unknown
        case let .function(f):
            switch f.spec.sign {
            case .positive: return .positive
            case .nonNegative: return .nonNegative
            case .ofArgument: return children[0].positivity(depth: depth - 1)
            case .unknown: return .unknown
            }
        }
    }
}
