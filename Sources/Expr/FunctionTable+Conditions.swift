/// Comparisons, logical connectives and `piecewise`: conditions are functions whose value is 1
/// (true) or 0 (false), so evaluation, compiled programs and every code target handle them as
/// they handle any function of the table. `piecewise(c, a, b)` is `a` where `c` holds, else `b`;
/// both branches are computed and one is chosen, so a branch undefined where it is not taken
/// (`sqrt(-x)` for x > 0) never leaks into the value.
extension FunctionTable {
    static let conditions: [FunctionSpec] = [
        comparison("less", "<", latex: "<", { $0 < $1 ? 1 : 0 }, fold: { $0 < $1 }, same: false),
        comparison("less_equal", "<=", latex: "\\le", { $0 <= $1 ? 1 : 0 }, fold: { $0 <= $1 }, same: true),
        comparison("greater", ">", latex: ">", { $0 > $1 ? 1 : 0 }, fold: { $0 > $1 }, same: false),
        comparison("greater_equal", ">=", latex: "\\ge", { $0 >= $1 ? 1 : 0 }, fold: { $0 >= $1 }, same: true),
        comparison("equal_to", "==", latex: "=", { $0 == $1 ? 1 : 0 }, fold: { $0 == $1 }, same: true),
        comparison("not_equal", "!=", latex: "\\ne", { $0 != $1 ? 1 : 0 }, fold: { $0 != $1 }, same: false),
        FunctionSpec(name: "and", arity: .fixed(2), latex: "\\land", printing: .infix("and", latex: "\\land", binding: .conjunction),
                     ruleText: "d (a and b) = 0: a condition is constant where it is defined", sign: .nonNegative,
                     numeric: .binary { $0 != 0 && $1 != 0 ? 1 : 0 }, partials: { _ in [.zero, .zero] },
                     special: { a in
                         if let x = a[0].rationalValue { return x.isZero ? .zero : a[1].truthValue }
                         if let y = a[1].rationalValue { return y.isZero ? .zero : a[0].truthValue }
                         return a[0] == a[1] ? a[0].truthValue : nil
                     },
                     code: logical("cond_and", c: "a != 0 && b != 0", python: "a != 0 and b != 0", numpy: "(a != 0) & (b != 0)")),
        FunctionSpec(name: "or", arity: .fixed(2), latex: "\\lor", printing: .infix("or", latex: "\\lor", binding: .disjunction),
                     ruleText: "d (a or b) = 0: a condition is constant where it is defined", sign: .nonNegative,
                     numeric: .binary { $0 != 0 || $1 != 0 ? 1 : 0 }, partials: { _ in [.zero, .zero] },
                     special: { a in
                         if let x = a[0].rationalValue { return x.isZero ? a[1].truthValue : .one }
                         if let y = a[1].rationalValue { return y.isZero ? a[0].truthValue : .one }
                         return a[0] == a[1] ? a[0].truthValue : nil
                     },
                     code: logical("cond_or", c: "a != 0 || b != 0", python: "a != 0 or b != 0", numpy: "(a != 0) | (b != 0)")),
        FunctionSpec(name: "not", latex: "\\lnot", printing: .prefix("not ", latex: "\\lnot "),
                     ruleText: "d (not a) = 0: a condition is constant where it is defined", sign: .nonNegative,
                     numeric: .unary { $0 == 0 ? 1 : 0 }, partials: { _ in [.zero] },
                     special: { a in
                         if let x = a[0].rationalValue { return x.isZero ? .one : .zero }
                         return a[0].argument(of: .not)?.truthValue
                     },
                     code: .helpers(stem: "cond", [
                         "c": .helper("cond_not", definition: "static double cond_not(double a) { return a == 0 ? 1.0 : 0.0; }"),
                         "swift": .helper("cond_not", definition: "private func cond_not(_ a: Double) -> Double { a == 0 ? 1 : 0 }"),
                         "python": .helper("cond_not", definition: "def cond_not(a):\n    return 1.0 if a == 0 else 0.0"),
                         "numpy": .helper("cond_not", definition: "def cond_not(a):\n    return np.where(a == 0, 1.0, 0.0)"),
                         "js": .helper("cond_not", definition: "function cond_not(a) {\n  return a === 0 ? 1 : 0;\n}"),
                     ])),
        FunctionSpec(name: "piecewise", arity: .fixed(3), latex: "\\begin{cases}", printing: .cases,
                     ruleText: "d piecewise(c, a, b) = piecewise(c, da, db): the derivative of the branch that applies",
                     convention: "at a boundary the derivative is the derivative of the branch the condition chooses there",
                     numeric: .variadic { a, _ in a[0] != 0 ? a[1] : a[2] },
                     partials: { a in [.zero, .apply(.piecewise, [a[0], .one, .zero]), .apply(.piecewise, [a[0], .zero, .one])] },
                     special: { a in
                         if let c = a[0].rationalValue { return c.isZero ? a[2] : a[1] }
                         return a[1] == a[2] ? a[1] : nil
                     },
                     code: .helpers(stem: "pw", [
                         "c": .helper("piecewise", definition: "static double piecewise(double c, double a, double b) { return c != 0 ? a : b; }"),
                         "swift": .helper("piecewise", definition: "private func piecewise(_ c: Double, _ a: Double, _ b: Double) -> Double { c != 0 ? a : b }"),
                         "python": .helper("piecewise", definition: "def piecewise(c, a, b):\n    return a if c != 0 else b"),
                         "numpy": .helper("piecewise", definition: "def piecewise(c, a, b):\n    return np.where(c != 0, a, b)"),
                         "js": .helper("piecewise", definition: "function piecewise(c, a, b) {\n  return c !== 0 ? a : b;\n}"),
                     ])),
    ]

    /// The names that are conditions: comparisons and connectives.
    static let conditionNames: Set<String> = ["less", "less_equal", "greater", "greater_equal", "equal_to", "not_equal", "and", "or", "not"]

    /// A comparison `a OP b` with value 1 or 0; `fold` decides it for two numbers, `same` for two
    /// equal arguments.
    private static func comparison(_ name: String, _ op: String, latex: String, _ value: @escaping @convention(c) (Double, Double) -> Double,
                                   fold: @escaping @Sendable (Rational, Rational) -> Bool, same: Bool) -> FunctionSpec {
        FunctionSpec(name: name, arity: .fixed(2), latex: latex, printing: .infix(op, latex: latex, binding: .comparison),
                     ruleText: "d (a \(op) b) = 0: a condition is constant where it is defined", sign: .nonNegative,
                     numeric: .binary(value), partials: { _ in [.zero, .zero] },
                     special: { a in
                         if a[0] == a[1] { return same ? .one : .zero }
                         if let x = a[0].rationalValue, let y = a[1].rationalValue { return fold(x, y) ? .one : .zero }
                         return nil
                     },
                     code: logical(name, c: "a \(op) b", python: "a \(op) b", numpy: "a \(op) b"))
    }

    /// Helpers computing 1 where `c` (in C, Swift and JavaScript syntax), `python` or `numpy`
    /// holds, else 0.
    private static func logical(_ helper: String, c: String, python: String, numpy: String) -> FunctionCode {
        // JavaScript's equality is `===`. Token by token (the C forms are spaced): the table is
        // built at every start, and Foundation's string search cost a sixth of a one-shot call.
        let js = c.split(separator: " ").map { $0 == "==" ? "===" : String($0) }.joined(separator: " ")
        return .helpers(stem: "cond", [
            "c": .helper(helper, definition: "static double \(helper)(double a, double b) { return \(c) ? 1.0 : 0.0; }"),
            "swift": .helper(helper, definition: "private func \(helper)(_ a: Double, _ b: Double) -> Double { \(c) ? 1 : 0 }"),
            "python": .helper(helper, definition: "def \(helper)(a, b):\n    return 1.0 if \(python) else 0.0"),
            "numpy": .helper(helper, definition: "def \(helper)(a, b):\n    return np.where(\(numpy), 1.0, 0.0)"),
            "js": .helper(helper, definition: "function \(helper)(a, b) {\n  return \(js) ? 1 : 0;\n}"),
        ])
    }
}

extension Expr {
    /// `self` when it is 1 or 0 wherever it is defined (a condition, or the number 0 or 1), so
    /// that a connective may give it back unchanged (`1 and c` is `c`); nil for any other value
    /// (`1 and 0.8` is 1, not 0.8).
    var truthValue: Expr? {
        if case let .function(f) = head, f.isCondition { return self }
        return isZero || self == .one ? self : nil
    }
}

extension FunctionID {
    /// The comparisons `<` and `<=`, 1 where they hold and 0 elsewhere.
    public static let less = FunctionTable.lookup("less")!, lessEqual = FunctionTable.lookup("less_equal")!
    /// The comparisons `>` and `>=`.
    public static let greater = FunctionTable.lookup("greater")!, greaterEqual = FunctionTable.lookup("greater_equal")!
    /// The comparisons `==` and `!=`.
    public static let equal = FunctionTable.lookup("equal_to")!, notEqual = FunctionTable.lookup("not_equal")!
    /// The logical connectives of conditions.
    public static let and = FunctionTable.lookup("and")!, or = FunctionTable.lookup("or")!, not = FunctionTable.lookup("not")!
    /// `piecewise(c1, a1, …, otherwise)` (also `if(c, a, b)`).
    public static let piecewise = FunctionTable.lookup("piecewise")!

    /// True for comparisons and connectives, whose values are 1 (true) and 0 (false).
    public var isCondition: Bool { isInTable && FunctionTable.conditionNames.contains(name) }
}
