import SymDiff

/// `minimize`: gradient descent or damped Newton from a starting point, with an iteration trace
/// and, on the command line, the optimizers' paths drawn on the contour lines.
enum MinimizeCommand {
    static let from = Parameter.point("start", option: "--from", valueName: "x=-1.2,y=1", help: "The starting point.")
    static let method = Parameter.choice("method", ["newton", "gd"], default: "newton",
                                         help: "newton (damped, Cholesky) or gd (gradient descent).")
    static let learningRate = Parameter.optionalNumber("lr", defaultDescription: "a backtracking line search",
                                                       help: "Fixed step for gd.")
    static let iterations = Parameter.optionalInteger("max-iterations", in: 1...Int.max, defaultDescription: "100 for newton, 200000 for gd",
                                                      help: "Iteration limit.")
    static let tolerance = Parameter.number("tol", default: 1e-8, help: "Stop when the gradient norm is below this.")
    static let trace = Parameter.optionalChoice("trace", ["table", "csv"], help: "Print every iteration (k, x, f, |grad|, step) as a table or CSV.")
    static let compare = Parameter.choices("compare", ["gd", "newton"], valueName: "gd,newton",
                                           help: "Run several methods from the same start, one after another (with plot: one figure).")
    static let plot = Parameter.outputFile("plot", option: "--plot", extensions: ["svg", "png"],
                                           help: "Draw the iterates on the contour lines of the function (two variables) to a .svg or .png file.")

    static let minimize = CommandSpec(
        name: "minimize",
        summary: "gradient descent (line search or fixed lr) or Newton's method",
        discussion: "Stops when the gradient norm is below the tolerance, the step is negligible, or at the iteration limit. On the command line the exit status is 0 when a minimum was found, 1 when the run shows there is none (a saddle, a maximum, f unbounded below or not finite), 3 at the iteration limit.",
        parameters: [Common.expression.spec, from.spec, method.spec, learningRate.spec, iterations.spec, tolerance.spec, trace.spec,
                     Common.pointVariables.spec, NumericCommands.native.spec, compare.spec, plot.spec] + TensorParameters.numeric,
        examples: [
            CommandExample(.arg(Common.expression, "100*(y - x^2)^2 + (1 - x)^2"), .arg(from, "x=-1.2,y=1"), .arg(method, "newton")),
            CommandExample(.arg(Common.expression, "x^2 + 10*y^2"), .arg(from, "x=1,y=1"), .arg(method, "gd"), .arg(learningRate, "0.05"),
                           .arg(trace, "csv")),
            CommandExample(.arg(Common.expression, "100*(y - x^2)^2 + (1 - x)^2"), .arg(from, "x=-1.2,y=1"), .arg(compare, ["gd", "newton"]),
                           .arg(plot, "paths.svg")),
        ],
        tensor: TensorCommands.minimize
    ) { arguments, context throws(CommandError) in
        let f = arguments[Common.expression]
        let (variables, start) = try Common.start(of: f, arguments, point: from)
        let names = variables.map(\.description)
        let lr = arguments[learningRate]
        if let lr, !(lr > 0) { throw CommandError(.usage, "\(learningRate) must be positive", about: learningRate) }
        let methods = arguments[compare].isEmpty ? [arguments[method]] : arguments[compare]
        let path = arguments[plot]
        if path != nil, variables.count != 2 {
            throw CommandError(.input, "\(plot) draws functions of two variables; this one has \(variables.count) (\(names.joined(separator: ", ")))",
                               about: plot)
        }
        let (objective, notes) = try objective(f, variables: variables, withHessian: methods.contains("newton"), native: arguments[NumericCommands.native])
        var out = ""
        var paths: [OptimizerPath] = []
        var verdict = CommandResult.Verdict.ok
        for name in methods {
            var minimizer = Minimizer(method: name == "newton" ? .newton : .gradientDescent(learningRate: lr),
                                      maximumIterations: arguments[iterations], gradientTolerance: arguments[tolerance])
            minimizer.maximumIterations = min(minimizer.maximumIterations, context.limits.iterations)
            let result = minimizer.minimize(objective, from: start, recordTrace: arguments[trace] != nil || path != nil)
            if !arguments[compare].isEmpty { out += (out.isEmpty ? "" : "\n") + "\(name):\n" }
            if let format = arguments[trace] { out += traced(result, names: names, csv: format == "csv") }
            out += minimizationReport(result, variables: names)
            paths.append(pathDrawn(name, learningRate: lr, result))
            // No minimum (exit status 1) outweighs a run stopped by its iteration limit (3).
            if result.outcome == .stopped(.iterations) {
                if verdict == .ok { verdict = .limitReached }
            } else if !result.outcome.foundMinimum {
                verdict = .notFound
            }
        }
        var files: [OutputFile] = []
        if let path {
            do throws(PlotError) {
                let figure = try Plotter().contour(expression: f, variables: variables, window: Plotter.window(around: paths), paths: paths)
                files.append(OutputFile(path: path, content: .figure(figure)))
            } catch {
                throw CommandError(.input, "\(plot): \(error)", about: plot)
            }
        }
        return CommandResult(.text(out), verdict: verdict, notes: notes, files: files)
    }

    /// Every iterate as a table or CSV.
    static func traced(_ result: Minimizer.Result, names: [String], csv: Bool) -> String {
        let header = ["k"] + names + ["f", "|grad|", "step"]
        let rows = result.trace.map { it in
            [String(it.k)] + it.x.map(formatNumber) + [formatNumber(it.value), formatScientific(it.gradientNorm), formatNumber(it.step)]
        }
        return csv ? ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n" : alignedColumns([header] + rows)
    }

    /// The iterates of one run, labelled with the method and how it ended.
    static func pathDrawn(_ method: String, learningRate: Double?, _ result: Minimizer.Result) -> OptimizerPath {
        let name = method == "newton" ? "Newton (damped)"
            : learningRate.map { "gradient descent, step \(formatNumber($0))" } ?? "gradient descent, line search"
        let ending = result.converged ? "converged" : result.reason.rawValue
        let label = "\(name): \(result.iterations) iteration\(result.iterations == 1 ? "" : "s") (\(ending)), f = \(NumberText.decimal(result.value, significantDigits: 3))"
        return OptimizerPath(label: label, points: result.trace.map { PlotPoint($0.x[0], $0.x.count > 1 ? $0.x[1] : 0) })
    }

    /// The objective on the Tape, or with its value, gradient and Hessian as native code (one
    /// note for all three: they fall back for the same reason).
    static func objective(_ f: Expr, variables: [Expr], withHessian: Bool, native: Bool) throws(CommandError) -> (Objective, [String]) {
        do throws(CompileError) {
            guard native else { return (try Objective(f, variables: variables, withHessian: withHessian), []) }
            let gradient = f.gradient(withRespectTo: variables)
            let (value, notes) = try NativeCode.program([f], variables: variables)
            let (valueAndGradient, _) = try NativeCode.program([f] + gradient, variables: variables)
            var hessianFunction: (@Sendable ([Double]) -> [Double])?
            if withHessian {
                let (hessian, _) = try NativeCode.program(f.hessian(withRespectTo: variables).flatMap { $0 }, variables: variables)
                hessianFunction = { hessian($0) }
            }
            return (Objective(variables: variables, value: { value($0) }, valueAndGradient: { valueAndGradient($0) }, hessian: hessianFunction),
                    notes)
        } catch {
            throw CommandError(.input, "\(error)")
        }
    }
}
