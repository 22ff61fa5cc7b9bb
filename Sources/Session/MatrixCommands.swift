import SymDiff

/// Derivatives with respect to many variables at once: `grad`, `hessian`, `jacobian`, built by
/// reverse accumulation over the shared graph and simplified together.
enum MatrixCommands {
    static let all = [grad, hessian, jacobian]

    static let simplify = Parameter.onByDefault("simplify", help: "Print the raw output of reverse accumulation (not simplified).")
    static let dense = Parameter.flag("dense", help: "List every entry, zeros included (matrices of more than \(MatrixLayout.sparseAbove) entries list their nonzero ones by default).")
    static let shared = Parameter.flag("shared", help: "Name the subexpressions the entries share (t1 = ...) and write the entries in their terms (by default when that is much shorter).")
    static let tree = Parameter.flag("tree", help: "Write every entry out in full, never in terms of shared subexpressions.")
    static let functions = Parameter.expressions(help: "The functions, one row each (a list [f1, f2] in statements).")

    static let grad = CommandSpec(
        name: "grad", aliases: ["gradient"],
        summary: "gradient by reverse accumulation (variables in natural order unless given)",
        parameters: [Common.expression.spec, Common.variables.spec, Common.format.spec, simplify.spec, shared.spec, tree.spec] + TensorParameters.symbolic,
        examples: [
            CommandExample(.arg(Common.expression, "x^2*y + sin(y)"), output: "d/dx: 2*x*y\nd/dy: x^2 + cos(y)"),
            CommandExample(.arg(Common.expression, "w1*x1 + w2*x2"), .arg(Common.variables, ["w1", "w2"]), output: "d/dw1: x1\nd/dw2: x2"),
        ],
        tensor: TensorCommands.grad
    ) { arguments, _ throws(CommandError) in
        let f = arguments[Common.expression]
        let variables = Common.variables(arguments, of: [f])
        return try finished(DerivativeMatrix(gradient: f.gradient(withRespectTo: variables), variables: variables), arguments)
    }

    static let hessian = CommandSpec(
        name: "hessian",
        summary: "Hessian matrix (symmetric: the upper triangle, each pair computed once)",
        parameters: [Common.expression.spec, Common.variables.spec, Common.format.spec, simplify.spec, dense.spec, shared.spec, tree.spec] + TensorParameters.symbolic,
        examples: [
            CommandExample(.arg(Common.expression, "x^2*y"), output: "d2/dxdx: 2*y\nd2/dxdy: 2*x\nd2/dydy: 0"),
            CommandExample(.arg(Common.expression, "x*y^2"), .arg(Common.variables, ["y", "x"]), output: "d2/dydy: 2*x\nd2/dydx: 2*y\nd2/dxdx: 0"),
        ],
        tensor: TensorCommands.hessian
    ) { arguments, _ throws(CommandError) in
        let f = arguments[Common.expression]
        let variables = Common.variables(arguments, of: [f])
        return try finished(DerivativeMatrix(hessianEntries: f.hessianEntries(withRespectTo: variables), variables: variables), arguments)
    }

    static let jacobian = CommandSpec(
        name: "jacobian",
        summary: "Jacobian matrix of several expressions (one row each)",
        parameters: [functions.spec, Common.variables.spec, Common.format.spec, simplify.spec, dense.spec, shared.spec, tree.spec] + TensorParameters.symbolic,
        examples: [
            CommandExample(.arg(functions, ["x*y", "x + y^2"]), .arg(Common.variables, ["x", "y"]),
                           output: "d f1/dx: y\nd f1/dy: x\nd f2/dx: 1\nd f2/dy: 2*y"),
        ],
        tensor: TensorCommands.jacobian
    ) { arguments, _ throws(CommandError) in
        let fs = arguments[functions]
        let variables = Common.variables(arguments, of: fs)
        return try finished(DerivativeMatrix(jacobian: ReverseAccumulation().jacobian(of: fs, withRespectTo: variables), variables: variables),
                            arguments)
    }

    /// The matrix simplified (all entries together) and set to print as the arguments say.
    static func finished(_ matrix: DerivativeMatrix, _ arguments: CommandArguments) throws(CommandError) -> CommandResult {
        if arguments[shared] && arguments[tree] { throw CommandError(.usage, "give \(shared) or \(tree), not both", about: tree) }
        var m = matrix
        if arguments[simplify] {
            let simplifier = Simplifier(decimals: arguments.decimals)
            m = m.mappingEntries { simplifier.simplify($0, threads: Parallel.defaultThreads) }
        }
        m.decimals = arguments.decimals
        m.layout = MatrixLayout(entries: arguments[dense] ? .all : .automatic,
                                form: arguments[shared] ? .shared : arguments[tree] ? .tree : .automatic)
        return CommandResult(Common.formatted(.matrix(m), arguments))
    }
}
