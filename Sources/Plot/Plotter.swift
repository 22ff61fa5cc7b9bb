import Compile
import Expr
import Simplify

/// Builds figures from expressions: the library's entry point for plots.
///
/// ```swift
/// let f = try Parser().parse("sigmoid(x)")
/// let figure = try Plotter().plot1D(expression: f, variable: .symbol("x"), range: -6...6,
///                                   derivatives: [1], tangentAt: 0.5)
/// try AtomicFile.write(figure.svg(), to: "sigmoid.svg")
/// print(figure.braille(columns: 80, rows: 24))
/// ```
public struct Plotter: Sendable {
    /// Print numbers in labels as decimals (as the input did) rather than fractions.
    public var decimals: Bool
    /// Simplify derivatives before they are labelled and evaluated (the form a course writes).
    public var simplifies: Bool
    /// Contour grid: this many cells along each axis.
    public var gridCells: Int
    /// Legend labels longer than this many characters are shortened with an ellipsis.
    public var maximumLabelLength: Int

    /// A plotter: number style, whether derivatives are simplified before sampling, the sampling grid, and how long a label may get.
    public init(decimals: Bool = false, simplifies: Bool = true, gridCells: Int = 240, maximumLabelLength: Int = 90) {
        self.decimals = decimals
        self.simplifies = simplifies
        self.gridCells = gridCells
        self.maximumLabelLength = maximumLabelLength
    }

    /// `e` in the command line's infix notation, shortened for a legend when very long.
    func text(_ e: Expr) -> String {
        shortened(InfixPrinter(decimals: decimals).print(e))
    }

    func shortened(_ s: String) -> String {
        s.count <= maximumLabelLength ? s : String(s.prefix(maximumLabelLength - 1)) + "…"
    }

    func finished(_ e: Expr) -> Expr { simplifies ? Simplifier(decimals: decimals).simplify(e) : e }

    /// Checks that every variable of `expression` is one of `variables`.
    func requirePlotted(_ expression: Expr, _ variables: [Expr]) throws(PlotError) {
        let plotted = variables.map(\.description)
        let others = expression.freeSymbols.filter { !plotted.contains($0) }
        if !others.isEmpty { throw .unplottedVariables(others, plotted: plotted) }
    }

    /// Checks that a range has finite, increasing ends.
    static func requireRange(_ range: ClosedRange<Double>) throws(PlotError) {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
            throw .badRange("\(NumberText.decimal(range.lowerBound)):\(NumberText.decimal(range.upperBound))")
        }
    }

    /// `e` compiled as a function of the given variables, in order.
    static func compiled(_ e: Expr, _ variables: [Expr]) throws(PlotError) -> CompiledFunction {
        try compiled([e], variables)
    }

    /// The expressions compiled as one program of the given variables, one output each.
    static func compiled(_ outputs: [Expr], _ variables: [Expr]) throws(PlotError) -> CompiledFunction {
        do { return try CompiledFunction(outputs, variables: variables) } catch { throw .compile(error) }
    }
}
