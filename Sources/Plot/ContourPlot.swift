import Compile
import Expr
import Glibc

/// A sequence of points to draw over contours, such as an optimizer's iterates.
public struct OptimizerPath: Sendable {
    /// The legend text, e.g. "gd: 4181 iterations".
    public var label: String
    /// The iterates in order; only the first two coordinates are drawn.
    public var points: [PlotPoint]

    /// A labelled point.
    public init(label: String, points: [PlotPoint]) {
        self.label = label
        self.points = points
    }
}

extension Plotter {
    /// Contour lines of a function of two variables over `window` (x is `variables[0]`, y is
    /// `variables[1]`), with optimizer paths drawn on top, each in its own color. Throws when the
    /// window is empty, there are not two variables, or the expression has others.
    public func contour(expression: Expr, variables: [Expr], window: PlotWindow,
                        paths: [OptimizerPath] = []) throws(PlotError) -> Figure {
        guard variables.count == 2 else { throw .contourVariables(variables.count) }
        try Self.requireRange(window.x)
        try Self.requireRange(window.y)
        try requirePlotted(expression, variables)
        let program = try Self.compiled(expression, variables)
        let n = max(2, gridCells)
        func nodes(_ r: ClosedRange<Double>) -> [Double] {
            (0...n).map { r.lowerBound + (r.upperBound - r.lowerBound) * Double($0) / Double(n) }
        }
        let xs = nodes(window.x), ys = nodes(window.y)
        var points: [Double] = []
        points.reserveCapacity(xs.count * ys.count * 2)
        for y in ys { for x in xs { points.append(x); points.append(y) } }
        let grid = ContourGrid(xs: xs, ys: ys, values: program.evaluate(points: points))
        let label = "f(\(variables[0]), \(variables[1])) = \(text(expression))"
        guard grid.values.contains(where: \.isFinite) else { throw .nowhereDefined(label) }

        let (levels, logarithmic) = ContourLevels.choose(grid.values)
        var series: [Series] = []
        for (k, level) in levels.enumerated() {
            let t = levels.count > 1 ? Double(k) / Double(levels.count - 1) : 0
            series.append(Series(role: .contour, label: nil, color: .level(t), width: 1, pieces: grid.lines(at: level), level: level))
        }
        if let first = levels.first, let last = levels.last {
            // One legend entry for all levels, in the middle color of the ramp.
            let spacing = logarithmic ? "log-spaced" : "evenly spaced"
            let entry = "contour lines of f at \(levels.count) levels from \(Self.levelText(first)) to \(Self.levelText(last)), \(spacing) (darker = lower)"
            let middle = series.count / 2
            series[middle].label = shortened(entry)
        }
        for (k, path) in paths.enumerated() {
            let finite = path.points.filter { $0.x.isFinite && $0.y.isFinite }
            let ends = [finite.first.map { Marker($0, .start) }, finite.last.map { Marker($0, .end) }].compactMap { $0 }
            series.append(Series(role: .path, label: shortened(path.label), color: .path(k), width: 2,
                                 pieces: [finite], markers: ends.filter { window.contains($0.point) }))
        }
        return Figure(title: label, xLabel: variables[0].description, yLabel: variables[1].description,
                      window: window, series: series)
    }

    /// How a contour level is written in the legend and on the lines: three significant digits.
    public static func levelText(_ level: Double) -> String { NumberText.decimal(level, significantDigits: 3) }

    /// A window around the points of `paths`, padded by a fifth of their extent and widened to
    /// nice values, so the whole of every path and the contours around it are in view.
    public static func window(around paths: [OptimizerPath]) -> PlotWindow {
        let points = paths.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && abs($0.x) < 1e12 && abs($0.y) < 1e12 }
        guard let first = points.first else { return PlotWindow(x: -1...1, y: -1...1) }
        var xlo = first.x, xhi = first.x, ylo = first.y, yhi = first.y
        for p in points {
            xlo = min(xlo, p.x); xhi = max(xhi, p.x)
            ylo = min(ylo, p.y); yhi = max(yhi, p.y)
        }
        // Neither side much thinner than the other: a path along a line still gets contours around it.
        let size = max(xhi - xlo, yhi - ylo, 1e-9)
        func padded(_ lo: Double, _ hi: Double) -> ClosedRange<Double> {
            let width = max(hi - lo, size / 2)
            let centre = (lo + hi) / 2
            return NiceScale.widened((centre - 0.6 * width)...(centre + 0.6 * width), count: 8)
        }
        return PlotWindow(x: padded(xlo, xhi), y: padded(ylo, yhi))
    }
}
