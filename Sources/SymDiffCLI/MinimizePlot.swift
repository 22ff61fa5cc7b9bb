import SymDiff

/// `minimize --plot` and `--compare`: the optimizers' iterates drawn on the contour lines.
enum MinimizePlot {
    /// The methods of `--compare gd,newton`, in the order given, or the end of the process.
    static func methods(_ text: String) -> [MinimizeCommand.Method] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != " " }) }
        var methods: [MinimizeCommand.Method] = []
        for name in names {
            guard let m = MinimizeCommand.Method(rawValue: name) else {
                Output.fail("error: --compare: unknown method '\(name)'; use gd and newton, e.g. --compare gd,newton", status: .usage)
            }
            if !methods.contains(m) { methods.append(m) }
        }
        return methods
    }

    /// Fails before any work when the figure could not be drawn or written.
    static func check(_ path: String, variables: [String]) {
        guard variables.count == 2 else {
            Output.fail("error: --plot draws functions of two variables; this one has \(variables.count) (\(variables.joined(separator: ", ")))", status: .badInput)
        }
        FigureFile.check(path)
    }

    /// The iterates of one run, labelled with the method and how it ended.
    static func path(_ method: MinimizeCommand.Method, learningRate: Double?, _ result: Minimizer.Result) -> OptimizerPath {
        let name: String
        switch method {
        case .newton: name = "Newton (damped)"
        case .gd: name = learningRate.map { "gradient descent, step \(formatNumber($0))" } ?? "gradient descent, line search"
        }
        let ending = result.converged ? "converged" : result.reason.rawValue
        let label = "\(name): \(result.iterations) iteration\(result.iterations == 1 ? "" : "s") (\(ending)), f = \(NumberText.short(result.value, digits: 3))"
        return OptimizerPath(label: label, points: result.trace.map { PlotPoint($0.x[0], $0.x[1]) })
    }

    /// The contours around all paths, the paths on top, written to `path`.
    static func write(_ expr: Expr, variables: [Expr], paths: [OptimizerPath], to path: String) {
        let figure: Figure
        do {
            figure = try Plotter().contour(expression: expr, variables: variables, window: Plotter.window(around: paths), paths: paths)
        } catch { Output.fail("error: --plot: \(error)") }
        FigureFile.write(figure, to: path)
    }
}
