import SymDiff

/// The numeric commands: evaluation, finite-difference checks, optimizers, root finding.
enum NumericCommands {
    static let all: [Command] = [eval, check, minimize, solve, assertNear]

    static let eval = Command(name: "eval", usage: "eval(expr, x=1, y=2)",
                              summary: "value at a point (also of a gradient or Hessian)") { call throws(Diagnostic) in
        try call.expect("eval", positional: 1...1, variablesAllowed: true)
        let point = try call.point(excluding: [])
        let values = Dictionary(point.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let subject = try call.evaluator.argumentValue(call.positional[0])
        func value(_ e: Expr) throws(Diagnostic) -> Double {
            let missing = naturallySorted(e.freeSymbols.filter { values[$0] == nil })
            if !missing.isEmpty {
                throw Diagnostic("missing-value", "no value for \(missing.joined(separator: ", ")): give it as \(missing[0])=...", at: call.range)
            }
            let variables = values.keys.sorted().map(Expr.symbol)
            let program: CompiledFunction
            switch Result(catching: { () throws(CompileError) in try CompiledFunction([e], variables: variables) }) {
            case let .success(p): program = p
            case let .failure(error): throw Diagnostic("undefined", "\(error)", at: call.range)
            }
            let at = variables.map { values[$0.description]! }
            let v = program(at)[0]
            guard v.isFinite else {
                throw Diagnostic("domain", "\(domainMessage(program.firstNonFinite(at: at)?.source)) at " +
                                 point.map { "\($0.name)=\(formatNumber($0.value))" }.joined(separator: ","), at: call.range)
            }
            return v
        }
        switch subject {
        case let .gradient(g, variables):
            var out = ""
            for (v, e) in zip(variables, g) { out += "d/d\(v): \(formatNumber(try value(e)))\n" }
            return .text(out)
        case let .hessian(h, _), let .jacobian(h, _):
            var rows: [[String]] = []
            for row in h {
                var cells: [String] = []
                for e in row { cells.append(formatNumber(try value(e))) }
                rows.append(cells)
            }
            return .text(alignedColumns(rows))
        default:
            guard let e = subject.asExpression else {
                throw Diagnostic("not-an-expression", "eval takes an expression, a gradient or a matrix, got \(subject.kindName)", at: call.positional[0].range)
            }
            return .number(try value(e))
        }
    }

    static let check = Command(name: "check", usage: "check(expr, x=1, y=2[, tolerance=1e-6])",
                               summary: "gradient against forward, central and second-order differences") { call throws(Diagnostic) in
        try call.expect("check", positional: 1...1, keywords: ["tolerance"], variablesAllowed: true)
        let f = try call.evaluator.expressionArgument(call.positional[0])
        let (variables, start) = try pointFor(f, call, options: ["tolerance"])
        let tolerance = try call.keyword("tolerance").map(call.evaluator.numberArgument) ?? 1e-6
        let result: GradientCheck
        do throws(GradientCheck.Failure) { result = try GradientCheck(f, variables: variables, at: start, tolerance: tolerance) } catch {
            throw Diagnostic("domain", "\(error)", at: call.range)
        }
        if !result.agrees { call.evaluator.failure = "check failed: the symbolic gradient disagrees with finite differences\n" + result.report }
        return .text(result.report)
    }

    static let minimize = Command(name: "minimize", usage: "minimize(expr, x=-1.2, y=1[, method=newton|gd][, lr=0.01][, max_iterations=N][, tol=1e-8])",
                                  summary: "gradient descent (line search or fixed lr) or Newton's method") { call throws(Diagnostic) in
        let options = ["method", "lr", "max_iterations", "tol"]
        try call.expect("minimize", positional: 1...1, keywords: options, variablesAllowed: true)
        let f = try call.evaluator.expressionArgument(call.positional[0])
        let (variables, start) = try pointFor(f, call, options: options)
        let newton = try call.keyword("method").map { a throws(Diagnostic) in try call.evaluator.choiceArgument(a, ["newton", "gd"]) } != "gd"
        let lr = try call.keyword("lr").map(call.evaluator.numberArgument)
        if let lr, let a = call.keyword("lr"), !(lr > 0) { throw Diagnostic("bad-option", "lr must be positive", at: a.range) }
        let iterations = try call.keyword("max_iterations").map { a throws(Diagnostic) in try call.evaluator.integerArgument(a, in: 1...call.evaluator.session.limits.iterations) }
        let tol = try call.keyword("tol").map(call.evaluator.numberArgument) ?? 1e-8
        let objective: Objective
        do throws(CompileError) { objective = try Objective(f, variables: variables, withHessian: newton) } catch {
            throw Diagnostic("undefined", "\(error)", at: call.range)
        }
        var minimizer = Minimizer(method: newton ? .newton : .gradientDescent(learningRate: lr), maximumIterations: iterations, gradientTolerance: tol)
        minimizer.maximumIterations = min(minimizer.maximumIterations, call.evaluator.session.limits.iterations)
        minimizer.cancellation = call.evaluator.session.limits.cancellation
        let result = minimizer.minimize(objective, from: start)
        return .text(minimizationReport(result, variables: variables.map(\.description)))
    }

    static let solve = Command(name: "solve", usage: "solve(expr, x=1)", summary: "Newton's method for a root of expr = 0") { call throws(Diagnostic) in
        try call.expect("solve", positional: 1...1, variablesAllowed: true)
        let f = try call.evaluator.expressionArgument(call.positional[0])
        let (variables, start) = try pointFor(f, call, options: [])
        guard variables.count == 1 else {
            throw Diagnostic("one-variable", "solve needs an expression in one variable and its starting value (x=1)", at: call.range)
        }
        let result: RootFinder.Result
        do throws(CompileError) { result = try RootFinder().solve(f, variable: variables[0], from: start[0]) } catch {
            throw Diagnostic("undefined", "\(error)", at: call.range)
        }
        guard result.converged else {
            throw Diagnostic("no-convergence", "Newton's method did not converge from \(variables[0])=\(formatNumber(start[0]))", at: call.range)
        }
        return .number(result.x)
    }

    static let assertNear = Command(name: "assert_near", usage: "assert_near(value, expected[, tolerance])",
                                    summary: "fails unless |value - expected| <= tolerance (default 1e-9)") { call throws(Diagnostic) in
        try call.expect("assert_near", positional: 2...3)
        let args = call.positional
        let value = try call.evaluator.numberArgument(args[0])
        let expected = try call.evaluator.numberArgument(args[1])
        let tolerance = args.count > 2 ? try call.evaluator.numberArgument(args[2]) : 1e-9
        let difference = abs(value - expected)
        if !(difference <= tolerance) {
            call.evaluator.failure = "assertion failed: assert_near: |\(formatNumber(value)) - \(formatNumber(expected))| = \(formatScientific(difference)) > \(formatNumber(tolerance))"
        }
        return .text("")
    }

    /// The variables of `f` and their values from the keywords (`x=1, y=2`), in natural order;
    /// every variable of `f` needs a value, and every value a variable of `f`.
    private static func pointFor(_ f: Expr, _ call: Invocation, options: [String]) throws(Diagnostic) -> ([Expr], [Double]) {
        let point = try call.point(excluding: options)
        let free = Set(f.freeSymbols)
        for p in point where !free.contains(p.name) {
            throw Diagnostic("unknown-variable", "'\(p.name)' is not a variable of the expression", at: p.argument.range)
        }
        let names = naturallySorted(Array(free))
        let values = Dictionary(point.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let missing = names.filter { values[$0] == nil }
        if !missing.isEmpty {
            throw Diagnostic("missing-value", "give a starting value for \(missing.joined(separator: ", ")) (\(missing[0])=...)", at: call.range)
        }
        return (names.map(Expr.symbol), names.map { values[$0]! })
    }
}
