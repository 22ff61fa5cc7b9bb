import SymDiff

/// `plot`: a function with its derivatives and a tangent line, or the contour lines of a
/// function of two variables; braille characters where it is printed, SVG or PNG in a file.
enum PlotCommands {
    static let all = [plot]

    static let variable = Parameter.optionalVariable("wrt", valueName: "x",
                                                     help: "The variable of a plot of one variable (default: the expression's only variable, else x).")
    static let variables = Parameter.variables("vars", positional: false, help: "The two variables of a contour plot, horizontal first.")
    static let ranges = Parameter.ranges("range", valueName: "-6:6 | -2:2,-1:3",
                                         help: "The range of each variable (default -5:5); bounds may be constant expressions.")
    static let derivatives = Parameter.integers("derivatives", in: 0...Int.max, valueName: "1,2",
                                                help: "Derivatives to draw with the function, by order (1 to 10).")
    static let tangent = Parameter.optionalNumber("tangent-at", keyword: "tangent", valueName: "0.5", help: "Draw the tangent line at this point.")
    static let output = Parameter.outputFile(extensions: ["svg", "png"], help: "Write the plot to a .svg or .png file (PNG needs rsvg-convert).")
    static let terminal = Parameter.flag("terminal", help: "Draw in the terminal with braille characters (the default without an output file).",
                                         frontEnds: .commandLine)

    static let plot = CommandSpec(
        name: "plot",
        summary: "a plot of a function and its derivatives, or contour lines of a function of two variables",
        discussion: """
            Without an output file the plot is drawn with braille characters, sized to the \
            terminal (COLUMNS and LINES, else 80x24, when the output is not a terminal).
            """,
        parameters: [Common.expression.spec, variable.spec, variables.spec, ranges.spec, derivatives.spec, tangent.spec, output.spec, terminal.spec],
        examples: [
            CommandExample(.arg(Common.expression, "sigmoid(x)"), .arg(ranges, "-6:6"), .arg(derivatives, ["1"]), .arg(tangent, "0.5")),
            CommandExample(.arg(Common.expression, "sigmoid(x)"), .arg(ranges, "-6:6"), .arg(derivatives, ["1"]), .arg(tangent, "0.5"),
                           .arg(output, "sigmoid.svg")),
            CommandExample(.arg(Common.expression, "100*(y - x^2)^2 + (1 - x)^2"), .arg(variables, ["x", "y"]), .arg(ranges, "-2:2,-1:3"),
                           .arg(output, "rosenbrock.png")),
        ]
    ) { arguments, _ throws(CommandError) in
        let f = arguments[Common.expression]
        let plotted = try plottedVariables(f, arguments)
        var windows = arguments[ranges]
        if windows.isEmpty { windows = [-5...5] }
        if windows.count == 1 { windows = Array(repeating: windows[0], count: plotted.count) }
        guard windows.count == plotted.count else {
            throw CommandError(.input, "give \(plotted.count) range\(plotted.count == 1 ? "" : "s") such as \(plotted.count == 1 ? "-6:6" : "-2:2,-1:3")",
                               about: ranges)
        }
        if plotted.count == 2, !arguments[derivatives].isEmpty || arguments[tangent] != nil {
            throw CommandError(.usage, "\(derivatives) and \(tangent) are for plots of one variable", about: derivatives)
        }
        let plotter = Plotter(decimals: arguments.decimals)
        let figure: Figure
        do throws(PlotError) {
            if plotted.count == 1 {
                figure = try plotter.plot1D(expression: f, variable: plotted[0], range: windows[0], derivatives: arguments[derivatives],
                                            tangentAt: arguments[tangent])
            } else {
                figure = try plotter.contour(expression: f, variables: plotted, window: PlotWindow(x: windows[0], y: windows[1]))
            }
        } catch {
            throw CommandError(.input, "\(error)")
        }
        guard let path = arguments[output] else { return CommandResult(.figure(figure)) }
        return CommandResult(arguments[terminal] ? .figure(figure) : .text(""), files: [OutputFile(path: path, content: .figure(figure))])
    }

    /// One variable (given, or the only one), or two (given, or the only two).
    static func plottedVariables(_ f: Expr, _ arguments: CommandArguments) throws(CommandError) -> [Expr] {
        if arguments[variable] != nil && arguments.has(variables) {
            throw CommandError(.usage, "give \(variable) for one variable or \(variables) for two, not both", about: variables)
        }
        if let v = arguments[variable] { return [v] }
        if arguments.has(variables) {
            let vs = arguments[variables]
            guard vs.count == 2 else {
                throw CommandError(.usage, "\(variables): a contour plot needs two different variables, e.g. x,y", about: variables)
            }
            return vs
        }
        let free = naturallySorted(f.freeSymbols)
        switch free.count {
        case 0: return [.symbol("x")]
        case 1, 2: return free.map(Expr.symbol)
        default:
            throw CommandError(.input, "the expression has \(free.count) variables (\(free.joined(separator: ", "))); plot one with \(variable) or two with \(variables)")
        }
    }
}
