import SymDiff

/// Derivatives of one expression: `diff` (also the command line's default), `steps` (the
/// derivation rule by rule) and `implicit`.
enum DerivativeCommands {
    static let all = [diff, steps, implicit]

    static let variables = Parameter.countedVariables(
        "variables", option: "--wrt", valueName: "VAR",
        help: "Variable to differentiate with respect to; repeat for mixed partials (applied in order). May be left out when the expression has one variable.")
    static let order = Parameter.integer("order", in: 0...Int.max, default: 1,
                                         help: "Order of the derivative (per variable); 0 simplifies only.")
    static let simplify = Parameter.onByDefault("simplify", help: "Print the raw output of the differentiation rules (not simplified).")
    static let expand = Parameter.flag("expand", help: "Multiply out products and powers of sums in the result (a polynomial in expanded form).")
    static let showSteps = Parameter.flag("steps", help: "Print the derivation step by step: each rule by name, the sub-derivatives, then the simplification stages. The last line is the derivative.")
    static let depth = Parameter.optionalInteger("steps-depth", in: 1...Int.max, keyword: "depth",
                                                 help: "With steps, fold the steps deeper than this.")
    static let maximumNodes = Parameter.integer("max-nodes", in: 1...Int.max, default: 2_000_000,
                                                help: "Refuse results with more distinct nodes than this.")
    static let maximumOrder = Parameter.integer("max-order", in: 0...Int.max, default: 250,
                                                help: "Refuse derivative orders above this unless the derivative reaches zero first.")

    static let diff = CommandSpec(
        name: "diff", aliases: ["derivative"],
        summary: "derivative (n-th; mixed partials in the order given)",
        discussion: """
            Each variable may be followed by how many times to differentiate by it \
            (diff(f, x, 2, y) in statements); the order applies to every variable. Without a \
            variable, the expression's only variable (x for a constant). Simplified unless \
            turned off; multiplied out with expand.
            """,
        parameters: [Common.expression.spec, variables.spec, order.spec, Common.format.spec, simplify.spec, expand.spec,
                     showSteps.spec, depth.spec, maximumNodes.spec, maximumOrder.spec, UndefinedFunctionParameters.depends.spec]
            + TensorParameters.symbolic,
        examples: [
            CommandExample(.arg(Common.expression, "x^2 + sin(x)"), .arg(variables, ["x"]), output: "2*x + cos(x)"),
            CommandExample(.arg(Common.expression, "x^3*y^2"), .arg(variables, ["x", "y"]), output: "6*x^2*y",
                           note: "mixed partial, in order"),
            CommandExample(.arg(Common.expression, "x^30"), .arg(order, "20"), output: "73096577329197271449600000*x^10"),
            CommandExample(.arg(Common.expression, "sigmoid(x)"), output: "sigmoid(x)*(1 - sigmoid(x))"),
            CommandExample(.arg(Common.expression, "0.3*x^2/(x + 0.1)"), output: "x*(0.3*x + 0.06)/(x + 0.1)^2",
                           note: "decimals stay decimals"),
            CommandExample(.arg(Common.expression, "(x + 1)^3"), .arg(order, "0"), .on(expand), output: "x^3 + 3*x^2 + 3*x + 1"),
            CommandExample(.arg(Common.expression, "log(x)/x"), .arg(Common.format, "latex"),
                           output: "\\frac{1 - \\ln\\left(x\\right)}{x^{2}}"),
            CommandExample(.arg(Common.expression, "f(g(x))"), output: "f'(g(x))*g'(x)", note: "f and g are unknown functions"),
            CommandExample(.arg(Common.expression, "x^2*y"), .arg(variables, ["x"]), .arg(UndefinedFunctionParameters.depends, ["y(x)"]),
                           output: "x*(x*y' + 2*y)", note: "y is a function of x"),
            CommandExample(.arg(Common.expression, "piecewise(x < 0, -x, x^2)"), output: "piecewise(x < 0, -1, 2*x)"),
        ],
        linePerCall: true,
        tensor: TensorCommands.diff
    ) { arguments, context throws(CommandError) in
        if arguments[showSteps] { return try explain(arguments, context) }
        if arguments.has(depth) { throw CommandError(.usage, "\(depth) needs \(showSteps)", about: depth) }
        let job = job(arguments, context)
        let expr = try UndefinedFunctionParameters.declaring(arguments[Common.expression], arguments)
        try UndefinedFunctionParameters.checkNotACondition(expr)
        let result: Expr
        do throws(DerivativeJob.Failure) { result = try job.derivative(of: expr) } catch {
            throw commandError(error)
        }
        return CommandResult(Common.formatted(.expr(result, decimals: arguments.decimals), arguments),
                             notes: UndefinedFunctionParameters.notes(for: expr) + PiecewiseNotes.notes(for: expr, job: job))
    }

    static let steps = CommandSpec(
        name: "steps",
        summary: "the derivation rule by rule, then its simplification",
        discussion: """
            The derivation the differentiator performs: at each node the rule by its stable name \
            and the sub-derivatives; a subexpression met again is referred to, not explained \
            again. Then the simplification as named stages. The last line is what diff prints. \
            In statements, steps(diff(expr, x)) and steps(expr, x) are the same.
            """,
        parameters: [Common.expression.spec, variables.spec, order.spec, Common.format.spec, depth.spec, simplify.spec, expand.spec,
                     UndefinedFunctionParameters.depends.spec] + TensorParameters.symbolic,
        examples: [
            CommandExample(.arg(Common.expression, "x^2*sin(x)"), .arg(variables, ["x"])),
            CommandExample(.arg(Common.expression, "sigmoid(w*x + b)"), .arg(variables, ["w"]), .arg(depth, "1")),
        ],
        explains: "diff",
        tensor: TensorCommands.steps
    ) { arguments, context throws(CommandError) in
        try explain(arguments, context)
    }

    static let relation = Parameter.expression("relation", valueName: "RELATION",
                                               help: "The relation: an equation 'lhs = rhs', or an expression F meaning F = 0.", kind: .relation)
    static let independent = Parameter.variable("wrt", valueName: "x", help: "The independent variable.")
    static let dependent = Parameter.variable("dependent", valueName: "y", help: "The dependent variable.")

    static let implicit = CommandSpec(
        name: "implicit",
        summary: "implicit differentiation: dy/dx from F(x, y) = 0, as -F_x/F_y",
        parameters: [relation.spec, independent.spec, dependent.spec, Common.format.spec],
        examples: [
            CommandExample(.arg(relation, "x^2 + y^2 - 1"), .arg(independent, "x"), .arg(dependent, "y"), output: "-x/y"),
            CommandExample(.arg(relation, "x^2 + y^2 = 1"), .arg(independent, "x"), .arg(dependent, "y"), output: "-x/y", only: .commandLine),
        ]
    ) { arguments, _ throws(CommandError) in
        let y = arguments[dependent]
        let d = Simplifier(decimals: arguments.decimals).simplify(
            Expr.implicitDerivative(of: arguments[relation], x: arguments[independent], y: y))
        if d.head == .undefined { throw CommandError(.input, "F does not depend on \(y): dy/dx is undefined", about: dependent) }
        return CommandResult(Common.formatted(.expr(d, decimals: arguments.decimals), arguments))
    }

    // MARK: - Shared by diff and steps

    /// The job the arguments describe.
    static func job(_ arguments: CommandArguments, _ context: CommandContext) -> DerivativeJob {
        let n = arguments[order]
        let given = arguments[variables]
        var job = given.isEmpty ? DerivativeJob(order: n)
            : DerivativeJob(partials: given.map { DerivativeJob.Partial(variable: $0.variable, order: $0.count ?? n) })
        job.simplify = arguments[simplify]
        job.expand = arguments[expand]
        job.decimals = arguments.decimals
        job.maximumNodes = arguments[maximumNodes]
        job.maximumOrder = min(arguments[maximumOrder], context.limits.order)
        return job
    }

    /// `steps`, and `diff` with steps: the derivation in the chosen format.
    static func explain(_ arguments: CommandArguments, _ context: CommandContext) throws(CommandError) -> CommandResult {
        let derivation: Derivation
        let expr = try UndefinedFunctionParameters.declaring(arguments[Common.expression], arguments)
        do throws(DerivativeJob.Failure) {
            derivation = try job(arguments, context).derivation(of: expr, depth: arguments[depth])
        } catch {
            throw commandError(error)
        }
        switch arguments[Common.format] {
        case "latex": return CommandResult(.text(derivation.latex))
        case "json": return CommandResult(.text(derivation.json))
        default: return CommandResult(.text(derivation.text))
        }
    }

    /// A job's failure in the words of the parameters that can fix it.
    static func commandError(_ failure: DerivativeJob.Failure) -> CommandError {
        switch failure {
        case .undefinedExpression:
            return CommandError(.input, "the expression is undefined (it divides by zero)")
        case let .severalVariables(names):
            return CommandError(.input, "the expression has several variables (\(names.joined(separator: ", "))); choose one with \(variables)",
                                about: variables)
        case let .repeatedVariable(v):
            return CommandError(.input, "\(v) is given twice; for a second derivative give \(order)", about: variables, item: v.description)
        case let .orderAboveLimit(n, limit):
            return CommandError(.limit, "derivative order \(n) is above the limit \(limit) and the derivative is not zero by then; raise \(maximumOrder) to allow more",
                                about: order)
        case let .tooManyNodes(reached, limit):
            return CommandError(.limit, "the result grows past \(limit) distinct nodes (reached \(reached)); raise \(maximumNodes) to allow more")
        case let .expansionTooLarge(error):
            return CommandError(.limit, "\(error.description); leave out \(expand)")
        case .undefinedDerivative:
            return CommandError(.input, "the derivative is undefined (it divides by zero)")
        case let .tooLargeToPrint(limit, distinct):
            return CommandError(.limit, "the result has more than \(limit) nodes written out (\(distinct) distinct); too large to print")
        case .stepsNeedOneFirstDerivative:
            return CommandError(.input, "\(showSteps) shows a first derivative with respect to one variable; leave out \(order) and repeated \(variables)")
        }
    }
}
