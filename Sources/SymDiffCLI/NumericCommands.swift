import ArgumentParser
import SymDiff

/// Reads one expression from the argument or `--file`, and the variables to use.
struct OneExpression {
    let expr: Expr
    let variables: [Expr]

    init(_ argument: String?, file: String?, vars: String?) {
        guard let options = try? MultivariateOptions.parse(vars.map { ["--vars=" + $0] } ?? []) else {
            Output.fail("error: --vars: expected names separated by commas", status: .usage)
        }
        let sources = file.map { MultivariateOptions.read($0) } ?? argument.map { [Array($0.utf8)] } ?? []
        guard sources.count == 1 else { Output.fail("error: give one expression (as an argument or with --file)", status: .usage) }
        expr = options.parse(sources).exprs[0]
        variables = options.variables([expr])
    }
}

/// `symdiff eval`: the value at a point, and on request the gradient and Hessian there.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate at a point (with --grad and --hessian, those too).",
        usage: "symdiff eval EXPR --at x=1,y=2 [--grad] [--hessian] [--ieee]",

        discussion: "symdiff eval 'x^2*y + sin(y)' --at x=1,y=pi/2 --grad")

    @Argument(help: "The expression (or use --file).") var expression: String?
    @Option(help: ArgumentHelp("The point: name=value pairs; values may be constant expressions (pi/4).", valueName: "x=1,y=2"))
    var at: String
    @Option(help: ArgumentHelp("Variables and their order (default: every variable, sorted).", valueName: "x,y")) var vars: String?
    @Option(help: ArgumentHelp("Read the expression from a file ('-' for stdin).", valueName: "path")) var file: String?
    @Flag(help: "Also print the gradient.") var grad = false
    @Flag(help: "Also print the Hessian.") var hessian = false
    @Flag(help: "Print IEEE values (nan, inf) instead of refusing values outside the domain.") var ieee = false
    @Flag(help: "Evaluate with native code (the emitted C, compiled and cached); the Tape when no C compiler is found.")
    var native = false

    func run() throws {
        let input = OneExpression(expression, file: file, vars: vars)
        let names = input.variables.map(\.description)
        let point: [Double]
        do { point = try PointSpec(at).values(for: names) } catch { Output.fail("error: --at: \(error)", status: .badInput) }
        var outputs = [input.expr]
        if grad { outputs += input.expr.gradient(withRespectTo: input.variables) }
        if hessian { outputs += input.expr.hessian(withRespectTo: input.variables).flatMap { $0 } }
        let program: CompiledFunction
        do { program = try CompiledFunction(outputs, variables: input.variables) } catch { Output.fail("error: \(error)") }
        let values: [Double]
        if native {
            let fast = nativeProgram(outputs, variables: input.variables)
            values = fast.callAsFunction(point)
        } else {
            values = program(point)
        }
        if !ieee, !values.allSatisfy(\.isFinite) {
            let source = program.firstNonFinite(at: point)?.source
            Output.fail("error: \(domainMessage(source)) at \(at) (use --ieee for IEEE values)")
        }
        var out = "\(formatNumber(values[0]))\n"
        var k = 1
        if grad {
            for v in names { out += "d/d\(v): \(formatNumber(values[k]))\n"; k += 1 }
        }
        if hessian {
            let n = names.count
            for i in 0..<n {
                out += (0..<n).map { formatNumber(values[k + i * n + $0]) }.joined(separator: " ") + "\n"
            }
        }
        Output.write(out)
    }
}

/// `symdiff check`: the symbolic gradient against forward, central and second-order differences.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare the symbolic gradient with finite differences at a point.",
        usage: "symdiff check EXPR --at x=1,y=2 [--tolerance T]",

        discussion: """
            Forward: (f(x+h) - f(x))/h with h = sqrt(eps)*max(1,|x|) (error O(h)).
            Central: (f(x+h) - f(x-h))/(2h) with h = cbrt(eps)*max(1,|x|) (error O(h^2)).
            Second-order one-sided: (-3f(x) + 4f(x+h) - f(x+2h))/(2h), h = cbrt(eps)*max(1,|x|).
            Exits with status 1 when the central difference disagrees beyond --tolerance.
            """)

    @Argument(help: "The expression (or use --file).") var expression: String?
    @Option(help: ArgumentHelp("The point.", valueName: "x=1,y=2")) var at: String
    @Option(help: ArgumentHelp("Variables and their order.", valueName: "x,y")) var vars: String?
    @Option(help: ArgumentHelp("Read the expression from a file.", valueName: "path")) var file: String?
    @Option(help: "Relative tolerance for the central difference.") var tolerance: Double = 1e-6

    func run() throws {
        let input = OneExpression(expression, file: file, vars: vars)
        let names = input.variables.map(\.description)
        let point: [Double]
        do { point = try PointSpec(at).values(for: names) } catch { Output.fail("error: --at: \(error)", status: .badInput) }
        let check: GradientCheck
        do throws(GradientCheck.Failure) {
            check = try GradientCheck(input.expr, variables: input.variables, at: point, tolerance: tolerance)
        } catch {
            if case .notFinite = error { Output.fail("error: \(error) at \(at)") }
            Output.fail("error: \(error)")
        }
        Output.write(check.report)
        if !check.agrees { throw ExitCode(1) }
    }
}

/// `symdiff minimize`: gradient descent or Newton from a starting point.
struct MinimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimize with gradient descent (fixed step or Armijo line search) or Newton's method.",
        usage: "symdiff minimize EXPR --from x=-1.2,y=1 [--method gd|newton] [--lr R] [--trace table|csv] [--plot path.svg [--compare gd,newton]]",

        discussion: """
            symdiff minimize '100*(y - x^2)^2 + (1 - x)^2' --from x=-1.2,y=1 --method newton
            symdiff minimize 'x^2 + 10*y^2' --from x=1,y=1 --method gd --lr 0.05 --trace csv
            symdiff minimize '100*(y - x^2)^2 + (1 - x)^2' --from x=-1.2,y=1 --compare gd,newton --plot paths.svg
            """)

    enum Method: String, ExpressibleByArgument { case gd, newton }
    enum TraceFormat: String, ExpressibleByArgument { case table, csv }

    @Argument(help: "The expression (or use --file).") var expression: String?
    @Option(help: ArgumentHelp("The starting point.", valueName: "x=-1.2,y=1")) var from: String
    @Option(help: "gd or newton.") var method: Method = .newton
    @Option(help: "Fixed step for gd (default: backtracking line search).") var lr: Double?
    @Option(name: .customLong("max-iterations"), help: "Iteration limit (default: 100 for newton, 200000 for gd).") var maxIterations: Int?
    @Option(help: "Stop when the gradient norm is below this.") var tol: Double = 1e-8
    @Option(help: ArgumentHelp("Print every iteration (k, x, f, |grad|, step) as a table or CSV.", valueName: "table|csv"))
    var trace: TraceFormat?
    @Option(help: ArgumentHelp("Variables and their order.", valueName: "x,y")) var vars: String?
    @Option(help: ArgumentHelp("Read the expression from a file.", valueName: "path")) var file: String?
    @Flag(help: "Evaluate with native code (the emitted C, compiled and cached); the Tape when no C compiler is found.")
    var native = false
    @Option(help: ArgumentHelp("Draw the iterates on the contour lines of the function (two variables) to a .svg or .png file.", valueName: "path"))
    var plot: String?
    @Option(help: ArgumentHelp("Run several methods from the same start, one after another (with --plot: one figure).", valueName: "gd,newton"))
    var compare: String?

    func run() throws {
        let input = OneExpression(expression, file: file, vars: vars)
        let names = input.variables.map(\.description)
        let start: [Double]
        do { start = try PointSpec(from).values(for: names) } catch { Output.fail("error: --from: \(error)", status: .badInput) }
        if let lr, !(lr > 0) { Output.fail("error: --lr must be positive", status: .usage) }
        let methods = compare.map(MinimizePlot.methods) ?? [method]
        if let plot { MinimizePlot.check(plot, variables: names) }
        let objective: Objective
        if native {
            objective = nativeObjective(input.expr, variables: input.variables, withHessian: methods.contains(.newton))
        } else {
            do { objective = try Objective(input.expr, variables: input.variables, withHessian: methods.contains(.newton)) } catch { Output.fail("error: \(error)") }
        }
        var out = ""
        var paths: [OptimizerPath] = []
        var converged = true
        for method in methods {
            let minimizer = Minimizer(method: method == .newton ? .newton : .gradientDescent(learningRate: lr),
                                      maximumIterations: maxIterations, gradientTolerance: tol)
            let result = minimizer.minimize(objective, from: start, recordTrace: trace != nil || plot != nil)
            if compare != nil { out += (out.isEmpty ? "" : "\n") + "\(method.rawValue):\n" }
            if let trace {
                let header = ["k"] + names + ["f", "|grad|", "step"]
                let rows = result.trace.map { it in [String(it.k)] + it.x.map(formatNumber) + [formatNumber(it.value), formatScientific(it.gradientNorm), formatNumber(it.step)] }
                if trace == .csv {
                    out += ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
                } else {
                    out += alignedColumns([header] + rows)
                }
            }
            out += minimizationReport(result, variables: names)
            paths.append(MinimizePlot.path(method, learningRate: lr, result))
            converged = converged && result.converged
        }
        if let plot { MinimizePlot.write(input.expr, variables: input.variables, paths: paths, to: plot) }
        Output.write(out)
        if !converged { throw ExitCode(1) }
    }
}

/// `symdiff solve`: Newton's method for a root of one equation.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Newton's method for a root of f(x) = 0 (or of lhs = rhs).",
        usage: "symdiff solve EXPR --from x=1",

        discussion: "symdiff solve 'x^3 - 2' --from x=1")

    @Argument(help: "The expression, or an equation 'lhs = rhs'.") var expression: String
    @Option(help: ArgumentHelp("The starting point.", valueName: "x=1")) var from: String

    func run() throws {
        let input = OneExpression(equationAsExpression(expression), file: nil, vars: nil)
        guard input.variables.count == 1 else { Output.fail("error: solve needs an equation in one variable", status: .badInput) }
        let start: [Double]
        do { start = try PointSpec(from).values(for: [input.variables[0].description]) } catch { Output.fail("error: --from: \(error)", status: .badInput) }
        let result: RootFinder.Result
        do { result = try RootFinder().solve(input.expr, variable: input.variables[0], from: start[0]) } catch { Output.fail("error: \(error)") }
        Output.write("\(input.variables[0])=\(formatNumber(result.x))\nf: \(formatNumber(result.value))\niterations: \(result.iterations)\n")
        if !result.converged { Output.fail("error: Newton's method did not converge from \(from)") }
    }
}

