import ArgumentParser
import Glibc
import SymDiff

/// `symdiff plot`: a function of one variable with its derivatives and a tangent line, or the
/// contour lines of a function of two, as SVG, PNG or braille in the terminal.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plot a function with its derivatives and a tangent line, or contour lines of a function of two variables.",
        usage: """
            symdiff plot EXPR [--wrt x] [--range -6:6] [--derivatives 1,2] [--tangent-at 0.5] [--output f.svg|f.png] [--terminal]
              symdiff plot EXPR --vars x,y [--range -2:2,-1:3] [--output f.svg|f.png] [--terminal]
            """,
        discussion: """
            Without --output the plot is drawn in the terminal with braille characters (sized to the
            terminal; COLUMNS and LINES, else 80x24, when the output is not a terminal).
            symdiff plot 'sigmoid(x)' --range -6:6 --derivatives 1 --tangent-at 0.5 --output sigmoid.svg
            symdiff plot '100*(y - x^2)^2 + (1 - x)^2' --vars x,y --range -2:2,-1:3 --output rosenbrock.png
            """)

    @Argument(help: "The expression (or use --file).") var expression: String?
    @Option(help: ArgumentHelp("The variable of a 1-D plot (default: the expression's only variable, else x).", valueName: "x"))
    var wrt: String?
    @Option(help: ArgumentHelp("The two variables of a contour plot, horizontal first.", valueName: "x,y")) var vars: String?
    // Unconditional: the value may start with '-' (`--range -6:6`), which would otherwise read as an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("The range of each variable; bounds may be constant expressions (default -5:5 for each).",
                               valueName: "-6:6 | -2:2,-1:3"))
    var range: String?
    @Option(help: ArgumentHelp("Derivatives to draw with the function, by order (1 to 10).", valueName: "1,2")) var derivatives: String?
    @Option(name: .customLong("tangent-at"), parsing: .unconditional, help: ArgumentHelp("Draw the tangent line at this point.", valueName: "0.5"))
    var tangentAt: String?
    @Option(help: ArgumentHelp("Write the plot to a .svg or .png file (PNG needs rsvg-convert).", valueName: "path"))
    var output: String?
    @Flag(help: "Draw in the terminal with braille characters (the default without --output).") var terminal = false
    @Option(help: ArgumentHelp("Read the expression from a file ('-' for stdin).", valueName: "path")) var file: String?

    func run() throws {
        if wrt != nil && vars != nil { Output.fail("error: give --wrt for one variable or --vars for two, not both", status: .usage) }
        if let output { FigureFile.check(output) }
        guard let options = try? MultivariateOptions.parse([]) else { Output.fail("error: internal option error") }
        let sources = file.map { MultivariateOptions.read($0) } ?? expression.map { [Array($0.utf8)] } ?? []
        guard sources.count == 1 else { Output.fail("error: give one expression (as an argument or with --file)", status: .usage) }
        let (exprs, decimals) = options.parse(sources)
        let expr = exprs[0]
        let variables = plottedVariables(expr)
        let ranges = RangeSpec.parse(range, count: variables.count)
        let plotter = Plotter(decimals: decimals)
        let figure: Figure
        do {
            if variables.count == 1 {
                figure = try plotter.plot1D(expression: expr, variable: variables[0], range: ranges[0],
                                            derivatives: derivativeOrders(), tangentAt: tangentAt.map { constant($0, option: "--tangent-at") })
            } else {
                if derivatives != nil || tangentAt != nil {
                    Output.fail("error: --derivatives and --tangent-at are for plots of one variable", status: .usage)
                }
                figure = try plotter.contour(expression: expr, variables: variables, window: PlotWindow(x: ranges[0], y: ranges[1]))
            }
        } catch { Output.fail("error: \(error)") }
        if let output { FigureFile.write(figure, to: output) }
        if terminal || output == nil { FigureFile.drawInTerminal(figure) }
    }

    /// One variable (`--wrt`, or the only one), or two (`--vars`, or the only two).
    func plottedVariables(_ expr: Expr) -> [Expr] {
        if let wrt {
            requireVariable(wrt, option: "--wrt")
            return [.symbol(wrt)]
        }
        if let vars {
            let names = vars.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != " " }) }
            guard names.count == 2, names[0] != names[1] else {
                Output.fail("error: --vars: a contour plot needs two different variables, e.g. --vars x,y", status: .usage)
            }
            for name in names { requireVariable(name, option: "--vars") }
            return names.map(Expr.symbol)
        }
        let free = naturallySorted(expr.freeSymbols)
        switch free.count {
        case 0: return [.symbol("x")]
        case 1, 2: return free.map(Expr.symbol)
        default:
            Output.fail("error: the expression has \(free.count) variables (\(free.joined(separator: ", "))); plot one with --wrt or two with --vars", status: .badInput)
        }
    }

    func derivativeOrders() -> [Int] {
        guard let derivatives else { return [] }
        return derivatives.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let n = Int(part.filter { $0 != " " }) else {
                Output.fail("error: --derivatives: '\(part)' is not an order; give orders such as 1,2", status: .badInput)
            }
            return n
        }
    }
}

/// A constant written as an expression (`0.5`, `pi/4`), or the end of the process with a message.
func constant(_ text: String, option: String) -> Double {
    guard let e = try? Parser().parse(text), e.freeSymbols.isEmpty else {
        Output.fail("error: \(option): '\(text)' is not a number", status: .badInput)
    }
    let v = e.evaluate(at: [:])
    guard v.isFinite else { Output.fail("error: \(option): '\(text)' is not a finite number", status: .badInput) }
    return v
}

/// `--range`: `lower:upper` for each plotted variable, separated by commas; one range given for
/// a contour plot serves both axes.
enum RangeSpec {
    static func parse(_ text: String?, count: Int) -> [ClosedRange<Double>] {
        guard let text else { return Array(repeating: -5...5, count: count) }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == count || parts.count == 1 else {
            Output.fail("error: --range: give \(count) range\(count == 1 ? "" : "s") such as \(count == 1 ? "-6:6" : "-2:2,-1:3")", status: .badInput)
        }
        let ranges = parts.map { part -> ClosedRange<Double> in
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
            guard bounds.count == 2 else { Output.fail("error: --range: '\(part)' is not of the form lower:upper, e.g. -6:6", status: .badInput) }
            let lo = constant(String(bounds[0]), option: "--range"), hi = constant(String(bounds[1]), option: "--range")
            guard lo < hi else { Output.fail("error: --range: '\(part)' is empty; the lower end must be below the upper", status: .badInput) }
            return lo...hi
        }
        return ranges.count == count ? ranges : Array(repeating: ranges[0], count: count)
    }
}

/// Writing a figure to a file (SVG, or PNG through rsvg-convert) or drawing it in the terminal:
/// what `plot` and `minimize --plot` share.
enum FigureFile {
    enum Format { case svg, png }

    /// The format for `path` by its extension, or the end of the process with a message.
    static func format(_ path: String) -> Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".svg") { return .svg }
        if lower.hasSuffix(".png") { return .png }
        Output.fail("error: cannot tell the format of '\(path)': give a file ending in .svg or .png", status: .usage)
    }

    /// Fails early, before any work, when the file could not be written as asked: unknown
    /// extension, missing directory, or PNG without a converter.
    static func check(_ path: String) {
        if format(path) == .png, PNGConverter.converterPath() == nil { Output.fail("error: \(PlotError.converterMissing)") }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? "./"
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            Output.fail("error: cannot write '\(path)': the directory '\(directory)' does not exist")
        }
    }

    /// Writes the figure atomically (never a half-written file).
    static func write(_ figure: Figure, to path: String) {
        do {
            switch format(path) {
            case .svg:
                try AtomicFile.write(figure.svg(), to: path)
            case .png:
                var bytes = try PNGConverter.png(fromSVG: figure.svg())
                try AtomicFile.write(bytes: &bytes, to: path)
            }
        } catch { Output.fail("error: \(error)") }
    }

    /// Braille in the terminal, one line left free for the prompt; in color on a terminal unless
    /// NO_COLOR is set (https://no-color.org).
    static func drawInTerminal(_ figure: Figure) {
        let size = TerminalSize.current()
        let color = isatty(1) != 0 && getenv("NO_COLOR") == nil
        Output.write(figure.braille(columns: size.columns, rows: max(5, size.rows - 1), color: color))
    }
}
