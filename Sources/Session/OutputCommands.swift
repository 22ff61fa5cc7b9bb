import SymDiff

/// Commands that turn a result into text for another medium: LaTeX, step-by-step derivations,
/// code in another language, a plot in the terminal.
enum OutputCommands {
    static let all: [Command] = [latex, steps, emit, plot]

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

    /// `steps(diff(f, x))`: the derivation the differentiator performs, rule by rule, then the
    /// simplification; the last line is what `diff(f, x)` gives.
    static let steps = Command(name: "steps", usage: "steps(diff(expr, x)[, depth=N][, format=text|latex|json])",
                               summary: "the derivation rule by rule, then its simplification") { call throws(Diagnostic) in
        try call.expect("steps", positional: 1...1, keywords: ["depth", "format"])
        guard case let .derivation(f, variables) = try call.evaluator.argumentValue(call.positional[0]) else {
            throw Diagnostic("steps-of-diff", "steps takes a derivative: steps(diff(expr, x))", at: call.positional[0].range)
        }
        guard variables.count == 1 else {
            throw Diagnostic("steps-first-derivative", "steps explains one first derivative (diff(expr, x))", at: call.positional[0].range)
        }
        let depth = try call.keyword("depth").map { a throws(Diagnostic) in try call.evaluator.integerArgument(a, in: 1...1000) }
        let format = try call.keyword("format").map { a throws(Diagnostic) in try call.evaluator.choiceArgument(a, ["text", "latex", "json"]) } ?? "text"
        let derivation = derivationSteps(of: f, withRespectTo: variables[0], depth: depth)
        switch format {
        case "latex": return .text(derivation.latex)
        case "json": return .text(derivation.json)
        default: return .text(derivation.text)
        }
    }

    /// `emit(f, lang=c, grad=true)`: code that computes the value (and derivatives) in one pass.
    static let emit = Command(name: "emit", usage: "emit(expr[, x, y][, lang=c|swift|python|numpy|js|latex][, grad=true][, hessian=true][, jacobian=[f2, f3]][, name=f])",
                              summary: "code for the value and derivatives in another language") { call throws(Diagnostic) in
        try call.expect("emit", positional: 1...Int.max, keywords: ["lang", "grad", "hessian", "jacobian", "name"])
        let f = try call.evaluator.expressionArgument(call.positional[0])
        let others = try call.keyword("jacobian").map(call.evaluator.listArgument) ?? []
        let variables = try call.variables(of: [f] + others, given: Array(call.positional.dropFirst()))
        let languages = CodeLanguage.allCases.map(\.rawValue) + ["javascript"]
        let languageName = try call.keyword("lang").map { a throws(Diagnostic) in try call.evaluator.choiceArgument(a, languages) } ?? "c"
        let name: String
        if let a = call.keyword("name") {
            guard case let .symbol(n) = a.value.head, !n.hasPrefix("%") else { throw Diagnostic("bad-name", "name= takes a function name", at: a.range) }
            name = n
        } else { name = "f" }
        let gradient = try call.keyword("grad").map(call.evaluator.flagArgument) ?? false
        let hessian = try call.keyword("hessian").map(call.evaluator.flagArgument) ?? false
        do throws(EmitError) {
            return .text(try emitCode(for: f, variables: variables, language: CodeLanguage(name: languageName)!,
                                      gradient: gradient, hessian: hessian, jacobian: others, name: name,
                                      simplify: { Simplifier().simplify($0) }))
        } catch {
            throw Diagnostic("emit", "\(error)", at: call.range)
        }
    }

    /// `plot(f)`: the function (and derivatives, a tangent) drawn in braille characters, sized to
    /// the terminal (80 × 24 when output is not a terminal, so scripts print the same every time).
    static let plot = Command(name: "plot", usage: "plot(expr[, x][, range=[-6, 6]][, derivatives=[1, 2]][, tangent=0.5])",
                              summary: "a plot in the terminal (braille characters)") { call throws(Diagnostic) in
        try call.expect("plot", positional: 1...2, keywords: ["range", "derivatives", "tangent"])
        let f = try call.evaluator.expressionArgument(call.positional[0])
        let variables = try call.variables(of: f, given: Array(call.positional.dropFirst()))
        guard variables.count <= 1 else {
            throw Diagnostic("plot-one-variable", "plot draws functions of one variable; say which: plot(expr, \(variables[0]))", at: call.range)
        }
        var range = -6.0...6.0
        if let a = call.keyword("range") {
            let bounds = try call.evaluator.listArgument(a)
            guard bounds.count == 2, bounds.allSatisfy({ $0.freeSymbols.isEmpty }) else {
                throw Diagnostic("bad-range", "range= takes two numbers: range=[-6, 6]", at: a.range)
            }
            let lo = bounds[0].evaluate(at: [:]), hi = bounds[1].evaluate(at: [:])
            guard lo.isFinite, hi.isFinite, lo < hi else { throw Diagnostic("bad-range", "range= needs two finite numbers, the smaller first", at: a.range) }
            range = lo...hi
        }
        var orders: [Int] = []
        if let a = call.keyword("derivatives") {
            for e in try call.evaluator.listArgument(a) {
                guard case let .number(q) = e.head, let k = q.intValue, (1...10).contains(k) else {
                    throw Diagnostic("bad-derivatives", "derivatives= takes orders from 1 to 10: derivatives=[1, 2]", at: a.range)
                }
                orders.append(k)
            }
        }
        let tangent = try call.keyword("tangent").map(call.evaluator.numberArgument)
        let figure: Figure
        do throws(PlotError) {
            figure = try Plotter().plot1D(expression: f, variable: variables.first ?? .symbol("x"), range: range, derivatives: orders, tangentAt: tangent)
        } catch {
            throw Diagnostic("plot", "\(error)", at: call.range)
        }
        let size = TerminalSize.current()
        return .text(figure.braille(columns: size.columns, rows: max(5, size.rows - 1)))
    }
}
