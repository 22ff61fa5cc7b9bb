import SymDiff

/// The symbolic commands: derivatives, gradients and matrices, simplification, substitution.
enum CalculusCommands {
    static let all: [Command] = [diff, grad, hessian, jacobian, simplify, expand, subs]

    /// `diff(f, x)`, `diff(f, x, 2)`, `diff(f, x, y)`, `diff(f)` for f of one variable. Like
    /// SymPy, each variable may be followed by how many times to differentiate by it.
    static let diff = Command(name: "diff", usage: "diff(expr, x[, n][, y[, m]]...)",
                              summary: "derivative (n-th; mixed partials in the order given)") { call throws(Diagnostic) in
        try call.expect("diff", positional: 1...Int.max)
        let args = call.positional
        let f = try call.evaluator.expressionArgument(args[0])
        var variables: [Expr] = []
        var k = 1
        while k < args.count {
            let v = try call.evaluator.variableArgument(args[k])
            var times = 1
            if k + 1 < args.count, case .number = args[k + 1].value.head {
                times = try call.evaluator.integerArgument(args[k + 1], in: 0...call.evaluator.session.limits.order)
                k += 1
            }
            variables += Array(repeating: v, count: times)
            k += 1
        }
        if args.count == 1 {
            let free = f.freeSymbols
            guard free.count == 1 else {
                throw Diagnostic("which-variable", free.isEmpty ? "diff of a constant needs the variable: diff(expr, x)"
                                 : "say which variable: diff(expr, \(naturallySorted(free)[0]))", at: call.range)
            }
            variables = [.symbol(free[0])]
        }
        guard variables.count <= call.evaluator.session.limits.order else {
            throw Diagnostic("order-too-large", "at most \(call.evaluator.session.limits.order) derivatives at once", at: call.range)
        }
        if call.enclosing == "steps" { return .derivation(f, variables: variables) }
        var d = f
        for v in variables {
            do throws(CalculusError) { d = try d.derivative(withRespectTo: v, order: 1) } catch {
                throw Diagnostic("too-large", "\(error)", at: call.range)
            }
        }
        return .expr(Simplifier().simplify(d), decimals: false)
    }

    static let grad = Command(name: "grad", usage: "grad(expr[, x, y, ...])",
                              summary: "gradient (variables in natural order unless given)") { call throws(Diagnostic) in
        try call.expect("grad", positional: 1...Int.max)
        let f = try call.evaluator.expressionArgument(call.positional[0])
        let variables = try call.variables(of: f, given: Array(call.positional.dropFirst()))
        let simplifier = Simplifier()
        return .gradient(f.gradient(withRespectTo: variables).map(simplifier.simplify), variables: variables)
    }

    static let hessian = Command(name: "hessian", usage: "hessian(expr[, x, y, ...])",
                                 summary: "Hessian matrix (each pair once)") { call throws(Diagnostic) in
        try call.expect("hessian", positional: 1...Int.max)
        let f = try call.evaluator.expressionArgument(call.positional[0])
        let variables = try call.variables(of: f, given: Array(call.positional.dropFirst()))
        let simplifier = Simplifier()
        return .hessian(f.hessian(withRespectTo: variables).map { $0.map(simplifier.simplify) }, variables: variables)
    }

    static let jacobian = Command(name: "jacobian", usage: "jacobian([f1, f2, ...][, x, y, ...])",
                                  summary: "Jacobian matrix of several expressions") { call throws(Diagnostic) in
        try call.expect("jacobian", positional: 1...Int.max)
        let fs = try call.evaluator.listArgument(call.positional[0])
        let variables = try call.variables(of: fs, given: Array(call.positional.dropFirst()))
        let simplifier = Simplifier()
        return .jacobian(ReverseAccumulation().jacobian(of: fs, withRespectTo: variables).map { $0.map(simplifier.simplify) }, variables: variables)
    }

    static let simplify = Command(name: "simplify", usage: "simplify(expr)", summary: "simplified form") { call throws(Diagnostic) in
        try call.expect("simplify", positional: 1...1)
        return .expr(Simplifier().simplify(try call.evaluator.expressionArgument(call.positional[0])), decimals: false)
    }

    static let expand = Command(name: "expand", usage: "expand(expr)", summary: "products and integer powers multiplied out") { call throws(Diagnostic) in
        try call.expect("expand", positional: 1...1)
        let e = try call.evaluator.expressionArgument(call.positional[0])
        do throws(ExpansionError) {
            return .expr(try e.expanded(), decimals: false)
        } catch {
            throw Diagnostic("too-large", error.description, at: call.range)
        }
    }

    static let subs = Command(name: "subs", usage: "subs(expr, x=value, ...)",
                              summary: "exact substitution (values may be expressions)") { call throws(Diagnostic) in
        try call.expect("subs", positional: 1...1, variablesAllowed: true)
        let e = try call.evaluator.expressionArgument(call.positional[0])
        var replacements: [Expr: Expr] = [:]
        for k in call.keywords { replacements[.symbol(k.keyword!)] = try call.evaluator.expressionArgument(k) }
        return .expr(Simplifier().simplify(e.substituting(replacements)), decimals: false)
    }
}
