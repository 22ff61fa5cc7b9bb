import SymDiff

/// `emit`: code that computes a function and its derivatives in one pass, in another language.
enum CodeCommands {
    static let all = [emit]

    static let language = Parameter.choice("lang", CodeLanguage.allCases.map(\.rawValue), aliases: [WordAlias("javascript", means: "js")], default: "c",
                                           help: "Target: c, swift, python, numpy, js (javascript) or latex.")
    static let withGradient = Parameter.flag("grad", help: "Also compute the gradient.")
    static let withHessian = Parameter.flag("hessian", help: "Also compute the Hessian.")
    static let others = Parameter.extraExpressions("jacobian", valueName: "F2",
                                                   help: "Further functions: the code computes the values and the Jacobian of all of them (one row each).")
    static let name = Parameter.identifier("name", default: "f", valueName: "f", help: "The name of the emitted function.")
    static let simplify = Parameter.onByDefault("simplify", help: "Emit the derivatives as reverse accumulation gives them (not simplified).")
    static let output = Parameter.outputFile(extensions: [], help: "Write the code to this file (atomically) instead of stdout.")

    static let emit = CommandSpec(
        name: "emit",
        summary: "code for the value and derivatives in C, Swift, Python, NumPy, JavaScript or LaTeX",
        discussion: """
            The emitted function computes the value and every requested derivative in one pass: \
            each shared subexpression once, temporaries in dependency order. The arguments come \
            in the order of the variables.
            """,
        parameters: [Common.expression.spec, Common.variables.spec, language.spec, withGradient.spec, withHessian.spec, others.spec,
                     name.spec, output.spec, simplify.spec] + TensorParameters.symbolic,
        examples: [
            CommandExample(.arg(Common.expression, "x^2*y + sin(y)"), .arg(Common.variables, ["x", "y"]), .arg(language, "c"), .on(withGradient)),
            CommandExample(.arg(Common.expression, "sigmoid(w*x + b)"), .arg(Common.variables, ["w", "b", "x"]), .arg(language, "numpy"),
                           .on(withGradient), .on(withHessian)),
            CommandExample(.arg(Common.expression, "x*y"), .arg(others, ["x + y^2"]), .arg(Common.variables, ["x", "y"]), .arg(language, "latex")),
        ],
        tensor: TensorCommands.emit
    ) { arguments, _ throws(CommandError) in
        let f = arguments[Common.expression]
        let jacobian = arguments[others]
        let decimals = arguments.decimals
        let code: String
        do throws(EmitError) {
            code = try emitCode(for: f, variables: Common.variables(arguments, of: [f] + jacobian), language: CodeLanguage(name: arguments[language])!,
                                gradient: arguments[withGradient], hessian: arguments[withHessian], jacobian: jacobian, name: arguments[name],
                                simplify: arguments[simplify] ? { Simplifier(decimals: decimals).simplify($0) } : nil)
        } catch {
            throw CommandError(.input, "\(error)")
        }
        guard let path = arguments[output] else { return CommandResult(.text(code)) }
        return CommandResult(.text(""), files: [OutputFile(path: path, content: .text(code))])
    }
}
