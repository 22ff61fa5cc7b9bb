import SymDiff

/// Numbers from expressions: values and derivatives at a point, finite-difference checks, root
/// finding, and the numeric assertion of scripts. Minimization is in `MinimizeCommand`.
enum NumericCommands {
    static let all = [eval, check, MinimizeCommand.minimize, solve, assertNear]

    static let subject = Parameter.subject(help: "The expression (in statements also a gradient or matrix).")
    static let at = Parameter.point("point", option: "--at",
                                    help: "The point: name=value pairs; values may be constant expressions (pi/4).")
    static let withGradient = Parameter.flag("grad", help: "Also print the gradient.")
    static let withHessian = Parameter.flag("hessian", help: "Also print the Hessian.")
    static let ieee = Parameter.flag("ieee", help: "Print IEEE values (nan, inf) instead of refusing values outside the domain.")
    static let native = Parameter.flag("native", help: "Evaluate with native code (the emitted C, compiled and cached); the Tape when no C compiler is found.")

    static let eval = CommandSpec(
        name: "eval", aliases: ["evaluate"],
        summary: "value at a point (with grad and hessian, those too; also of a gradient or matrix)",
        discussion: """
            Values are computed with numerically stable forms where the textbook form overflows, \
            underflows or cancels (log(sigmoid(z)) as -softplus(-z), log(exp(a) + exp(b)) with \
            the larger exponent shifted out), and derivatives are taken of those forms; a note \
            names the rewrites when the form as written would not have been finite. An overflow \
            or underflow is reported as such, apart from a domain error. With the gradient, a \
            component that vanishes or overflows is named with the subexpression responsible \
            (sigmoid saturates: sigmoid(60) = 1 - 8.76e-27).
            """,
        parameters: [subject.spec, at.spec, Common.pointVariables.spec, withGradient.spec, withHessian.spec, ieee.spec, native.spec] + TensorParameters.numeric,
        examples: [
            CommandExample(.arg(subject, "x^2*y"), .arg(at, "x=3,y=2"), .on(withGradient), output: "18\nd/dx: 12\nd/dy: 9"),
            CommandExample(.arg(subject, "x^2*y + sin(y)"), .arg(at, "x=1,y=pi/2"), .on(withHessian)),
        ],
        tensor: TensorCommands.eval
    ) { arguments, _ throws(CommandError) in
        let value = arguments[subject]
        if case let .matrix(m) = value { return CommandResult(.text(try evaluated(m, arguments))) }
        guard let f = value.asExpression else {
            throw CommandError(.input, "eval takes an expression, a gradient or a matrix, got \(value.kindName)", about: subject)
        }
        let variables = Common.variables(arguments, of: [f])
        let names = variables.map(\.description)
        let point = try Common.values(of: names, in: arguments[at], parameter: at)
        // Derivatives of the stable form (`StableForms.forDerivatives`): what the program
        // computes; the printed derivatives of `diff` and `grad` keep the textbook form.
        let stable = StableForms.forDerivatives(f)
        var outputs = [f]
        if arguments[withGradient] { outputs += stable.gradient(withRespectTo: variables) }
        if arguments[withHessian] { outputs += stable.hessian(withRespectTo: variables).flatMap { $0 } }
        var (values, notes) = try evaluate(outputs, variables: variables, at: point, arguments)
        if arguments[withGradient] {
            let gradient = Array(values[1..<(1 + variables.count)])
            notes += GradientWarnings.lines(for: f, variables: variables, at: point, value: values[0], gradient: gradient).map { "warning: " + $0 }
        }
        guard outputs.count > 1 else { return CommandResult(.number(values[0]), notes: notes) }
        var out = formatNumber(values[0]) + "\n"
        var k = 1
        if arguments[withGradient] {
            for v in names { out += "d/d\(v): \(formatNumber(values[k]))\n"; k += 1 }
        }
        if arguments[withHessian] {
            let n = names.count
            out += alignedColumns((0..<n).map { i in (0..<n).map { formatNumber(values[k + i * n + $0]) } })
        }
        return CommandResult(.text(out), notes: notes)
    }

    /// The outputs at `point`, by the Tape or native code; values outside the domain are an
    /// error that says where, unless IEEE values are asked for.
    static func evaluate(_ outputs: [Expr], variables: [Expr], at point: [Double], _ arguments: CommandArguments)
        throws(CommandError) -> (values: [Double], notes: [String])
    {
        let program: CompiledFunction
        do throws(CompileError) { program = try CompiledFunction(outputs, variables: variables) } catch {
            throw CommandError(.input, "\(error)")
        }
        var notes: [String] = []
        var values: [Double]
        if arguments[native] {
            let fast: any PointFunction
            do throws(CompileError) { (fast, notes) = try NativeCode.program(outputs, variables: variables) } catch {
                throw CommandError(.input, "\(error)")
            }
            values = fast(point)
        } else {
            values = program(point)
        }
        if !arguments[ieee], !values.allSatisfy(\.isFinite) {
            let message = program.nonFiniteCause(at: point).map(nonFiniteMessage) ?? "the value is not a finite number"
            throw CommandError(.input, "\(message) at \(Common.pointText(variables.map(\.description), point)) (use \(ieee) for IEEE values)")
        }
        if values[0].isFinite, let note = stableFormNote(outputs[0], variables: variables, at: point, rules: program.tape.stableRewrites) {
            notes.append(note)
        }
        return (values, notes)
    }

    /// A note when the value is finite only thanks to the stable forms: what the expression as
    /// written would have met (`exp(1000) overflows`), and the rules that avoided it.
    private static func stableFormNote(_ f: Expr, variables: [Expr], at point: [Double], rules: [String]) -> String? {
        guard !rules.isEmpty, let textbook = try? CompiledFunction([f], variables: variables, stable: false),
              let cause = textbook.nonFiniteCause(at: point) else { return nil }
        // The stable value is finite, so what looks like a domain error is a rounded argument.
        return "note: as written, \(roundingMessage(cause)); the value is finite: evaluated with the stable form (\(rules.joined(separator: ", ")))"
    }

    /// A gradient's or matrix's entries at the point (statements: `eval(grad(f), x=1, y=2)`).
    private static func evaluated(_ m: DerivativeMatrix, _ arguments: CommandArguments) throws(CommandError) -> String {
        let point = arguments[at]
        func value(_ e: Expr) throws(CommandError) -> String {
            let names = naturallySorted(e.freeSymbols)
            let values = try Common.values(of: names, in: point, parameter: at)
            return formatNumber(try evaluate([e], variables: names.map(Expr.symbol), at: values, arguments).values[0])
        }
        let rows = m.rows
        if m.kind == .gradient {
            var out = ""
            for (v, e) in zip(m.variables, rows[0]) { out += "d/d\(v): \(try value(e))\n" }
            return out
        }
        var cells: [[String]] = []
        for row in rows {
            var line: [String] = []
            for e in row { line.append(try value(e)) }
            cells.append(line)
        }
        return alignedColumns(cells)
    }

    static let tolerance = Parameter.optionalNumber("tolerance", defaultDescription: "from the error analysis",
                                                    help: "Judge by this tolerance on the central difference's error (the smaller of absolute and relative) instead of by its expected error.")
    static let step = Parameter.optionalNumber("step", valueName: "h", defaultDescription: "per method, from the error analysis",
                                               help: "Use this step for every method.")
    static let sweep = Parameter.flag("sweep", help: "Print the error of each difference against the step (1e-1 down to 1e-16 times max(1,|x|), while x + h differs from x), as a table and a plot.")

    static let check = CommandSpec(
        name: "check",
        summary: "gradient against forward, central and second-order differences",
        discussion: """
            Each difference uses the step its error analysis calls for, scaled to the coordinate \
            (scale = max(1,|x|)): forward (f(x+h) - f(x))/h with h = eps^(1/2)*scale (truncation \
            h/2*|f''|, rounding 2*eps*|f|/h); central (f(x+h) - f(x-h))/(2h) with h = eps^(1/3)*scale \
            (h^2/6*|f'''|, eps*|f|/h); second-order one-sided (-3f(x) + 4f(x+h) - f(x+2h))/(2h) with \
            h = eps^(1/3)*scale (h^2/3*|f'''|, 4*eps*|f|/h); and the second difference \
            (f(x+h) - 2f(x) + f(x-h))/h^2 for d2f/dx2 with h = eps^(1/4)*scale (h^2/12*|f''''|, \
            4*eps*|f|/h^2). The expected truncation and rounding errors are printed beside the \
            observed one. The check fails (exit status 1, or a failed assertion in a script) when a \
            central difference misses the gradient by more than 10 times its expected error, or by \
            more than the tolerance when one is given.
            """,
        parameters: [Common.expression.spec, at.spec, Common.pointVariables.spec, tolerance.spec, step.spec, sweep.spec]
            + TensorParameters.numeric,
        examples: [
            CommandExample(.arg(Common.expression, "x^2*y + sin(y)"), .arg(at, "x=1,y=2")),
            CommandExample(.arg(Common.expression, "exp(x)"), .arg(at, "x=1"), .on(sweep)),
        ],
        tensor: TensorCommands.check
    ) { arguments, _ throws(CommandError) in
        let f = arguments[Common.expression]
        let (variables, point) = try Common.start(of: f, arguments, point: at)
        if let h = arguments[step], !(h > 0 && h.isFinite) {
            throw CommandError(.input, "the step must be a positive number, got \(formatNumber(h))", about: step)
        }
        do throws(GradientCheck.Failure) {
            if arguments[sweep] {
                return CommandResult(.text(try GradientCheck.sweep(f, variables: variables, at: point)))
            }
            let check = try GradientCheck(f, variables: variables, at: point, step: arguments[step], tolerance: arguments[tolerance])
            return CommandResult(.text(check.report),
                                 verdict: check.agrees ? .ok : .failed("check failed: the symbolic gradient disagrees with finite differences"))
        } catch {
            if case .notFinite = error { throw CommandError(.input, "\(error) at \(Common.pointText(variables.map(\.description), point))") }
            throw CommandError(.input, "\(error)")
        }
    }

    static let relation = Parameter.expression("relation", valueName: "EXPR", help: "The expression, or an equation 'lhs = rhs'.",
                                               kind: .relation)
    static let from = Parameter.point("start", option: "--from", valueName: "x=1", help: "The starting point.")

    static let solve = CommandSpec(
        name: "solve",
        summary: "Newton's method for a root of expr = 0 (or of lhs = rhs)",
        parameters: [relation.spec, from.spec],
        examples: [CommandExample(.arg(relation, "x^3 - 2"), .arg(from, "x=1"))]
    ) { arguments, _ throws(CommandError) in
        let f = arguments[relation]
        let free = f.freeSymbols
        guard free.count == 1 else {
            throw CommandError(.input, "solve needs an equation in one variable (this one has \(free.count)) and its starting value, e.g. x=1", about: relation)
        }
        let (variables, start) = try Common.start(of: f, arguments, point: from)
        let result: RootFinder.Result
        do throws(CompileError) { result = try RootFinder().solve(f, variable: variables[0], from: start[0]) } catch {
            throw CommandError(.input, "\(error)")
        }
        guard result.converged else {
            throw CommandError(.input, "Newton's method did not converge from \(Common.pointText(free, start))")
        }
        let report = "\(free[0])=\(formatNumber(result.x))\nf: \(formatNumber(result.value))\niterations: \(result.iterations)\n"
        return CommandResult(.report(report, number: result.x))
    }

    static let actual = Parameter<Double>(ParameterSpec(name: "value", kind: .number, help: "The value to check.", valueName: "value",
                                                        defaultDescription: nil, isRequired: true, commandLine: .unavailable,
                                                        statement: .positional(keyword: nil)), default: 0)
    static let expected = Parameter<Double>(ParameterSpec(name: "expected", kind: .number, help: "What it should be.", valueName: "expected",
                                                          defaultDescription: nil, isRequired: true, commandLine: .unavailable,
                                                          statement: .positional(keyword: nil)), default: 0)
    static let nearness = Parameter<Double>(ParameterSpec(name: "tolerance", kind: .number, help: "The largest difference allowed.",
                                                          valueName: "tolerance", defaultDescription: "1e-9", isRequired: false,
                                                          commandLine: .unavailable, statement: .positional(keyword: "tolerance")), default: 1e-9)

    static let assertNear = CommandSpec(
        name: "assert_near",
        summary: "fails unless |value - expected| <= tolerance (default 1e-9)",
        parameters: [actual.spec, expected.spec, nearness.spec],
        examples: [CommandExample(.arg(actual, "eval(sigmoid(x), x=0)"), .arg(expected, "0.5"), output: "")],
        frontEnds: .statement
    ) { arguments, _ throws(CommandError) in
        let (value, target, tolerance) = (arguments[actual], arguments[expected], arguments[nearness])
        let difference = abs(value - target)
        guard difference <= tolerance else {
            return CommandResult(.text(""), verdict: .failed(
                "assertion failed: assert_near: |\(formatNumber(value)) - \(formatNumber(target))| = \(formatScientific(difference)) > \(formatNumber(tolerance))"))
        }
        return CommandResult(.text(""))
    }
}

/// Native code for `eval` and `minimize`: the emitted C compiled by the machine's C compiler and
/// cached; without a compiler, the Tape with a note for stderr saying why.
enum NativeCode {
    static func program(_ outputs: [Expr], variables: [Expr]) throws(CompileError) -> (any PointFunction, [String]) {
        let (function, note) = try compileNatively(outputs, variables: variables)
        return (function, note.map { [$0] } ?? [])
    }
}
