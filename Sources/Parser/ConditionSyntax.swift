import Expr

/// Conditions in expressions: comparisons (`x < 0`, `x == y`), `and`, `or`, `not`, and the
/// conditions of `piecewise`/`if`, which must be conditions, not numbers.
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

    /// Whether `e` is a condition: a comparison, a connective, or a truth value 0 or 1 folded
    /// from one.
    static func isCondition(_ e: Expr) -> Bool {
        if case let .function(f) = e.head { return f.isCondition }
        return false
    }

    /// `f(a, b)` for a comparison or connective read between `a` and `b`.
    func conditionApplied(_ f: FunctionID, _ a: Expr, _ b: Expr, at range: Range<Int>) throws(Diagnostic) -> Expr {
        if f == .and || f == .or {
            return .apply(f, [try condition(a, of: f.name, at: range), try condition(b, of: f.name, at: range)])
        }
        if ParseMachine.isCondition(a) || ParseMachine.isCondition(b) {
            throw Diagnostic("chained-comparison", "a comparison cannot compare a condition", at: range,
                             notes: ["write a < b and b < c for a chain"])
        }
        return .apply(f, [a, b])
    }

    /// `e` when it is a condition (or a truth value a condition folded to); an error otherwise.
    func condition(_ e: Expr, of what: String, at range: Range<Int>) throws(Diagnostic) -> Expr {
        if ParseMachine.isCondition(e) || e.isZero || e == .one { return e }
        throw Diagnostic("not-a-condition", "\(what) needs a condition such as x < 0, not \(InfixPrinter().print(e))", at: range)
    }

    /// `piecewise(c1, a1, c2, a2, …, otherwise)` as nested `piecewise(c1, a1, piecewise(c2, a2, …))`.
    func piecewise(_ args: [Expr], name: String, at range: Range<Int>) throws(Diagnostic) -> Expr {
        guard args.count >= 3, args.count % 2 == 1 else {
            throw Diagnostic("arity", "\(name) takes a condition, its value, more condition-value pairs if needed, and the value otherwise: \(name)(x < 0, -x, x^2); got \(args.count) arguments",
                             at: range)
        }
        var result = args[args.count - 1]
        for k in stride(from: args.count - 3, through: 0, by: -2) {
            result = .apply(.piecewise, [try condition(args[k], of: name, at: range), args[k + 1], result])
        }
        return result
    }
}
