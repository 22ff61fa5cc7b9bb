import Expr

/// Conditions in expressions: comparisons (`x < 0`, `x == y`), `and`, `or`, `not`. A condition
/// is a number, 1 where it holds and 0 elsewhere (an Iverson bracket), so it may stand anywhere a
/// number may; `piecewise(c, a, b)` takes `a` where `c` is not 0.
extension ParseMachine {
    /// The operator a comparison token or `and`/`or` stands for.
    static func conditionOperator(_ kind: Token.Kind) -> Operator {
        switch kind {
        case .identifier("and"): return .condition(.and, level: Operator.andLevel)
        case .identifier("or"): return .condition(.or, level: Operator.orLevel)
        case .comparison("<"): return .condition(.less, level: Operator.comparisonLevel)
        case .comparison("<="): return .condition(.lessEqual, level: Operator.comparisonLevel)
        case .comparison(">"): return .condition(.greater, level: Operator.comparisonLevel)
        case .comparison(">="): return .condition(.greaterEqual, level: Operator.comparisonLevel)
        case .comparison("!="): return .condition(.notEqual, level: Operator.comparisonLevel)
        default: return .condition(.equal, level: Operator.comparisonLevel)
        }
    }

    /// Comparisons do not chain: `0 < x < 1` would compare the truth value `0 < x` with 1. A
    /// comparison in parentheses may be compared (`(x < y) < 2`), as printed forms are.
    func checkNotChained(_ op: Operator, _ range: Range<Int>) throws(Diagnostic) {
        guard case .condition(_, Operator.comparisonLevel) = op,
              let prior = operators.last(where: { $0.0.precedence <= Operator.comparisonLevel }),
              case .condition(_, Operator.comparisonLevel) = prior.0 else { return }
        throw Diagnostic("chained-comparison", "comparisons do not chain", at: range, notes: ["write a < b and b < c"])
    }


    /// `piecewise(c1, a1, c2, a2, …, otherwise)` as nested `piecewise(c1, a1, piecewise(c2, a2, …))`.
    func piecewise(_ args: [Expr], name: String, at range: Range<Int>) throws(Diagnostic) -> Expr {
        guard args.count >= 3, args.count % 2 == 1 else {
            throw Diagnostic("arity", "\(name) takes a condition, its value, more condition-value pairs if needed, and the value otherwise, as in \(name)(x < 0, -x, x^2); got \(args.count) arguments",
                             at: range)
        }
        var result = args[args.count - 1]
        for k in stride(from: args.count - 3, through: 0, by: -2) {
            result = .apply(.piecewise, [args[k], args[k + 1], result])
        }
        return result
    }
}
