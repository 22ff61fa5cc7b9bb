import SymDiff

/// Rewriting one expression without differentiating it: `simplify`, `expand`, the rational
/// normal forms `factor`, `cancel` and `together`, `subs`, and `latex` for typesetting a result.
enum AlgebraCommands {
    static let all = [simplify, expand, factor, cancel, together, subs, latex]

    static let simplify = CommandSpec(
        name: "simplify",
        summary: "the simplified form (the named rules, each kept when the result gets shorter)",
        parameters: [Common.expression.spec, Common.format.spec, AnswerCommands.assume.spec] + TensorParameters.symbolic,
        examples: [
            CommandExample(.arg(Common.expression, "sin(x)^2 + cos(x)^2 + x*(x + 1) - x"), output: "x^2 + 1"),
            CommandExample(.arg(Common.expression, "sqrt(x^2) + log(x*y)"), .arg(AnswerCommands.assume, "x>0,y>0"), output: "x + log(x) + log(y)"),
        ],
        linePerCall: true,
        tensor: TensorCommands.simplify
    ) { arguments, context throws(CommandError) in
        let facts = try AnswerCommands.assumptions(arguments, context)
        let e = facts.withValue { Simplifier(decimals: arguments.decimals).simplify(facts.applied(to: arguments[Common.expression])) }
        return CommandResult(Common.formatted(.expr(e, decimals: arguments.decimals), arguments))
    }

    static let expand = CommandSpec(
        name: "expand",
        summary: "products and integer powers of sums multiplied out",
        parameters: [Common.expression.spec, Common.format.spec],
        examples: [CommandExample(.arg(Common.expression, "(x + 1)^3"), output: "x^3 + 3*x^2 + 3*x + 1")],
        linePerCall: true
    ) { arguments, _ throws(CommandError) in
        do throws(ExpansionError) {
            let e = try arguments[Common.expression].expanded()
            return CommandResult(Common.formatted(.expr(e, decimals: arguments.decimals), arguments))
        } catch {
            throw CommandError(.limit, "\(error.description)")
        }
    }

    static let factor = rationalForm(
        name: "factor",
        summary: "numerator and denominator factored: content, square-free factors, rational roots",
        example: ("2*x^3 - 2*x", "2*x*(x - 1)*(x + 1)")
    ) { e throws(PolynomialError) in try e.factored() }

    static let cancel = rationalForm(
        name: "cancel",
        summary: "one fraction in lowest terms, numerator and denominator multiplied out",
        example: ("(x^2 - 1)/(x - 1)", "x + 1")
    ) { e throws(PolynomialError) in try e.cancelled() }

    static let together = rationalForm(
        name: "together",
        summary: "one fraction over a common denominator",
        example: ("1/x + 1/y", "(x + y)/(x*y)")
    ) { e throws(PolynomialError) in try e.together() }

    /// A command that rewrites its expression with one of the polynomial kernel's normal forms,
    /// a limit of the kernel reported as a limit error.
    private static func rationalForm(name: String, summary: String, example: (String, String),
                                     _ form: @escaping @Sendable (Expr) throws(PolynomialError) -> Expr) -> CommandSpec {
        CommandSpec(
            name: name,
            summary: summary,
            parameters: [Common.expression.spec, Common.format.spec],
            examples: [CommandExample(.arg(Common.expression, example.0), output: example.1)],
            linePerCall: true
        ) { arguments, _ throws(CommandError) in
            do throws(PolynomialError) {
                let e = try form(arguments[Common.expression])
                return CommandResult(Common.formatted(.expr(e, decimals: arguments.decimals), arguments))
            } catch {
                throw CommandError(.limit, "\(error.description)")
            }
        }
    }

    static let values = Parameter.assignments("values", option: "--with", valueName: "x=y+1",
                                              help: "The substitutions: name=expression pairs, comma-separated.")

    static let subs = CommandSpec(
        name: "subs", aliases: ["substitute"],
        summary: "exact substitution (values may be expressions), then simplification",
        parameters: [Common.expression.spec, values.spec, Common.format.spec],
        examples: [CommandExample(.arg(Common.expression, "x^2 + y"), .arg(values, "x=2*y"), output: "4*y^2 + y")]
    ) { arguments, _ throws(CommandError) in
        var replacements: [Expr: Expr] = [:]
        for a in arguments[values] { replacements[.symbol(a.name)] = a.value }
        let e = Simplifier(decimals: arguments.decimals).simplify(arguments[Common.expression].substituting(replacements))
        return CommandResult(Common.formatted(.expr(e, decimals: arguments.decimals), arguments))
    }

    static let subject = Parameter.subject(help: "The expression (in statements also a gradient or matrix).")

    static let latex = CommandSpec(
        name: "latex",
        summary: "LaTeX of an expression, gradient or matrix",
        parameters: [subject.spec] + TensorParameters.symbolic,
        examples: [CommandExample(.arg(subject, "x^2/y"), output: "\\frac{x^{2}}{y}")],
        linePerCall: true,
        tensor: TensorCommands.latex
    ) { arguments, _ throws(CommandError) in
        let value = arguments[subject]
        switch value {
        case .matrix: return CommandResult(.text(value.rendered(.latex)))
        default:
            guard let e = value.asExpression else {
                throw CommandError(.input, "latex takes an expression, a gradient or a matrix, got \(value.kindName)", about: subject)
            }
            return CommandResult(.text(LatexPrinter(decimals: value.decimals || arguments.decimals).print(e)))
        }
    }
}
