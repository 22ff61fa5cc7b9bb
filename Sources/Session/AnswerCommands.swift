import SymDiff

/// Checking answers: `equal` (are two expressions the same function?) and `check-answer` (is a
/// derivative right?), with assumptions on the variables.
enum AnswerCommands {
    static let all = [equal, checkAnswer]

    static let pair = Parameter.expressions("expressions", valueName: "A B", help: "The two expressions (a list [a, b] in statements).")
    static let assume = Parameter<String>(
        ParameterSpec(name: "assume", kind: .identifier, help: "Facts about variables, comma-separated: x>0, y>=0 (in scripts: assume x > 0).",
                      valueName: "x>0", defaultDescription: nil, isRequired: false, commandLine: .option("--assume"), statement: .unavailable),
        default: "")

    static let equal = CommandSpec(
        name: "equal",
        summary: "whether two expressions are the same function: proved, refuted at a point, or equal only where a condition holds",
        discussion: """
            equal: the difference simplifies to 0 (the rules are named). not equal: a point and \
            both values. equal where: they agree on part of the domain only (found numerically). \
            Assumptions (--assume x>0; assume x > 0 in scripts) take part in the proof. In \
            statements A == B asks the same.
            """,
        parameters: [pair.spec, assume.spec],
        examples: [
            CommandExample(.arg(pair, ["sin(x)^2", "1 - cos(x)^2"]), output: "equal (proved: pythagorean-constant)"),
            CommandExample(.arg(pair, ["sqrt(x^2)", "x"]), .arg(assume, "x>0"), output: "equal (proved: assumptions (x > 0), canonical form (like terms and factors merged))"),
        ]
    ) { arguments, context throws(CommandError) in
        let exprs = arguments[pair]
        guard exprs.count == 2 else { throw CommandError(.usage, "equal compares two expressions, got \(exprs.count)", about: pair) }
        let facts = try assumptions(arguments, context)
        return report(Equivalence(assumptions: facts).compare(exprs[0], exprs[1]), names: ("left", "right"))
    }

    static let answer = Parameter<Expr>(
        ParameterSpec(name: "answer", kind: .expression, help: "The derivative to check.", valueName: "EXPR", defaultDescription: nil,
                      isRequired: true, commandLine: .option("--answer"), statement: .keyword("answer")),
        default: .zero)
    static let variable = Parameter.optionalVariable("wrt", valueName: "x", help: "The variable (default: the expression's only one).")

    static let checkAnswer = CommandSpec(
        name: "check-answer", aliases: ["check_answer"],
        summary: "whether a derivative is right; if not, a point where it is wrong and the expected form",
        parameters: [Common.expression.spec, answer.spec, variable.spec, assume.spec],
        examples: [
            CommandExample(.arg(Common.expression, "x^2*sin(x)"), .arg(answer, "2*x*sin(x) + x^2*cos(x)"),
                           output: "correct: the derivative of x^2*sin(x) with respect to x is x^2*cos(x) + 2*x*sin(x) (proved: expand)"),
        ]
    ) { arguments, context throws(CommandError) in
        let f = arguments[Common.expression]
        let x: Expr
        if let given = arguments[variable] { x = given } else {
            let names = f.freeSymbols
            guard Set(names).count <= 1 else {
                throw CommandError(.input, "the expression has several variables (\(Set(names).sorted().joined(separator: ", "))); choose one with \(variable)",
                                   about: variable)
            }
            x = .symbol(names.first ?? "x")
        }
        let facts = try assumptions(arguments, context)
        let expected = Simplifier().simplify(f.derivative(withRespectTo: x))
        let verdict = Equivalence(assumptions: facts).compare(arguments[answer], expected)
        let head = "the derivative of \(f) with respect to \(x)"
        switch verdict {
        case let .proved(rules):
            return CommandResult(.text("correct: \(head) is \(arguments[answer]) (proved: \(rules.joined(separator: ", ")))"))
        case let .numericallyEqual(n):
            return CommandResult(.text("correct: \(head) agrees with \(arguments[answer]) at \(n) points (not proved)"))
        case let .different(point, left, right):
            let text = "not correct: at \(Equivalence.pointText(point)) the answer is \(shown(left)), \(head) is \(shown(right))\nexpected: \(expected)"
            return CommandResult(.text(text), verdict: .failed("the answer is not the derivative"))
        case let .equalWhere(condition, point, left, right):
            let text = "correct only where \(condition): at \(Equivalence.pointText(point)) the answer is \(shown(left)), \(head) is \(shown(right))\nexpected: \(expected)"
            return CommandResult(.text(text), verdict: .failed("the answer is the derivative only where \(condition)"))
        case .undecided:
            throw CommandError(.input, "could not compare: neither side has a finite value at the test points")
        }
    }

    /// A value as shown in verdicts: `undefined` where it is not finite.
    static func shown(_ v: Double) -> String { v.isFinite ? formatNumber(v) : "undefined" }

    /// The verdict as `equal` prints it; a refutation is a failed check.
    static func report(_ verdict: Equivalence.Verdict, names: (String, String)) -> CommandResult {
        switch verdict {
        case let .proved(rules):
            return CommandResult(.text("equal (proved: \(rules.joined(separator: ", ")))"))
        case let .numericallyEqual(n):
            return CommandResult(.text("equal at \(n) test points (not proved by simplification)"))
        case let .different(point, left, right):
            return CommandResult(.text("not equal: at \(Equivalence.pointText(point)) the \(names.0) side is \(shown(left)), the \(names.1) side is \(shown(right))"),
                                 verdict: .failed("not equal"))
        case let .equalWhere(condition, point, left, right):
            return CommandResult(.text("equal where \(condition) (checked numerically); at \(Equivalence.pointText(point)) the \(names.0) side is \(shown(left)), the \(names.1) side is \(shown(right))"),
                                 verdict: .failed("equal only where \(condition)"))
        case .undecided:
            return CommandResult(.text("undecided: neither side has a finite value at the test points"), verdict: .failed("undecided"))
        }
    }

    /// The session's facts and those of `--assume`.
    static func assumptions(_ arguments: CommandArguments, _ context: CommandContext) throws(CommandError) -> Assumptions {
        var facts = context.assumptions
        guard arguments.has(assume) else { return facts }
        for part in arguments[assume].split(separator: ",") {
            guard let fact = AssumptionText.parse(String(part)) else {
                throw CommandError(.input, "cannot read the assumption '\(part)': write x>0 or x>=0", about: assume, item: String(part))
            }
            fact.add(to: &facts)
        }
        return facts
    }
}

/// One stated fact, `x > 0` or `x >= 0`, as typed.
struct AssumptionText {
    let name: String
    let strict: Bool

    /// Reads `x>0`, `x >= 0`, `0 < x`; nil for anything else.
    static func parse(_ text: String) -> AssumptionText? {
        let t = text.filter { $0 != " " }
        for (op, strict, flipped) in [(">=", false, false), ("<=", false, true), (">", true, false), ("<", true, true)] {
            guard let r = t.range(of: op) else { continue }
            let (left, right) = (String(t[..<r.lowerBound]), String(t[r.upperBound...]))
            let (name, zero) = flipped ? (right, left) : (left, right)
            guard zero == "0", let first = name.first, first.isLetter,
                  name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            return AssumptionText(name: name, strict: strict)
        }
        return nil
    }

    func add(to facts: inout Assumptions) {
        if strict { facts.positive.insert(name) } else { facts.nonNegative.insert(name) }
    }
}
