import SymDiff

/// Commands that turn a result into text for another medium: LaTeX.
enum OutputCommands {
    static let all: [Command] = [latex]

    static let latex = Command(name: "latex", usage: "latex(expr)", summary: "LaTeX of an expression, gradient or matrix") { call throws(Diagnostic) in
        try call.expect("latex", positional: 1...1)
        let printer = MatrixPrinter(format: .latex)
        switch try call.evaluator.argumentValue(call.positional[0]) {
        case let .gradient(g, variables): return .text(printer.gradient(g, variables: variables))
        case let .hessian(h, variables): return .text(printer.hessian(h, variables: variables))
        case let .jacobian(j, variables): return .text(printer.jacobian(j, variables: variables))
        case let v:
            guard let e = v.asExpression else {
                throw Diagnostic("not-an-expression", "latex takes an expression, a gradient or a matrix, got \(v.kindName)", at: call.range)
            }
            return .text(LatexPrinter().print(e))
        }
    }
}
