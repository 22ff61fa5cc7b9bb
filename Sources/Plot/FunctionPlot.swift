import Calculus
import Compile
import Expr

extension Plotter {
    /// A function of one variable with the requested derivatives and, optionally, its tangent
    /// line at `tangentAt`. Throws when the range is empty, the expression has other variables,
    /// an order is outside 1...10, or the tangent point is outside the range or not smooth.
    public func plot1D(expression: Expr, variable: Expr, range: ClosedRange<Double>,
                       derivatives: [Int] = [], tangentAt: Double? = nil) throws(PlotError) -> Figure {
        try Self.requireRange(range)
        try requirePlotted(expression, [variable])
        let name = variable.description
        var curves: [(role: Series.Role, label: String, expr: Expr)] = [(.function, "f(\(name)) = \(text(expression))", expression)]
        var orders = Array(Set(derivatives)).sorted()
        if let bad = orders.first(where: { !(1...10).contains($0) }) { throw .badDerivativeOrder(bad) }
        if tangentAt != nil && !orders.contains(1) { orders.insert(1, at: 0) }
        var slope: Expr?
        for order in orders {
            let d: Expr
            do { d = finished(try expression.derivative(withRespectTo: variable, order: order)) } catch { throw .calculus(error) }
            if order == 1 { slope = d }
            guard derivatives.contains(order) else { continue }
            curves.append((.derivative, "\(Self.prime(order))(\(name)) = \(text(d))", d))
        }
        // A derivative is drawn only where the function is defined: each derivative's program
        // computes f too, and a NaN of f masks the derivative (log(x)' = 1/x exists for x < 0,
        // log(x) does not).
        let programs = try curves.enumerated().map { i, c throws(PlotError) in
            try Self.compiled(i == 0 ? [c.expr] : [expression, c.expr], [variable])
        }
        func value(_ i: Int) -> (Double) -> Double {
            let program = programs[i]
            if i == 0 { return { x in program([x])[0] } }
            return { x in
                let out = program([x])
                return out[0].isNaN ? .nan : out[1]
            }
        }

        // First pass: a uniform look at every curve decides the vertical window.
        let probe = (0...800).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / 800 }
        let probed: [[Double]] = programs.enumerated().map { i, program in
            let out = program.evaluate(points: probe)
            if i == 0 { return out }
            return probe.indices.map { out[2 * $0].isNaN ? .nan : out[2 * $0 + 1] }
        }
        guard probed[0].contains(where: \.isFinite) else { throw .nowhereDefined("f(\(name)) = \(text(expression))") }
        var yWindow = ViewRange.vertical(probed)

        var tangent: Series?
        if let t = tangentAt, let slope {
            guard range.contains(t) else { throw .tangentOutside(t) }
            let y0 = value(0)(t)
            let m = try Self.compiled(slope, [variable])([t])[0]
            guard y0.isFinite, m.isFinite else { throw .noTangent(t) }
            if !yWindow.contains(y0) {
                let pad = 0.05 * span(yWindow)
                yWindow = min(yWindow.lowerBound, y0 - pad)...max(yWindow.upperBound, y0 + pad)
            }
            let line = [range.lowerBound, range.upperBound].map { PlotPoint($0, y0 + m * ($0 - t)) }
            let label = "tangent at \(name) = \(NumberText.decimal(t, significantDigits: 6)): y = "
                + Self.lineText(slope: m, through: PlotPoint(t, y0), variable: name)
            tangent = Series(role: .tangent, label: label, color: .gray, dashed: true, width: 1.5,
                             pieces: [line], markers: [Marker(PlotPoint(t, y0), .point)])
        }

        // Second pass: adaptive sampling judged against that window, never across a jump.
        var series: [Series] = []
        for (i, curve) in curves.enumerated() {
            Cancellation.report(.plotCurves, done: i, of: curves.count)
            let sampler = AdaptiveSampler(f: value(i), yWindow: yWindow)
            let jumps = try StepJumps(curve.expr, variable: variable).jumps(in: range)
            series.append(Series(role: curve.role, label: curve.label, color: .curve(i), width: i == 0 ? 2.5 : 2,
                                 pieces: sampler.sample(range, across: jumps)))
        }
        if let tangent { series.append(tangent) }
        let window = PlotWindow(x: range, y: yWindow)
        return Figure(title: "\(text(expression)) on [\(NumberText.decimal(range.lowerBound, significantDigits: 6)), \(NumberText.decimal(range.upperBound, significantDigits: 6))]",
                      xLabel: name, yLabel: "", window: window, series: series)
    }

    /// The line of slope `m` through `p` as a person writes it, in slope–intercept form with
    /// four significant digits: `x - 1`, `-2*x + 0.5`, `0.235*x + 0.505`, `3`. An intercept
    /// within 1e-12 of y0 and m·x0 is what is left of their cancellation (a line through the
    /// origin) and is written as 0, not as `1.4e-17`.
    static func lineText(slope m: Double, through p: PlotPoint, variable: String) -> String {
        var c = p.y - m * p.x
        if abs(c) <= 1e-12 * max(abs(p.y), abs(m * p.x)) { c = 0 }
        let slopeDigits = NumberText.decimal(abs(m), significantDigits: 4)
        let term = slopeDigits == "0" ? "" : (m < 0 ? "-" : "") + (slopeDigits == "1" ? "" : slopeDigits + "*") + variable
        let interceptDigits = NumberText.decimal(abs(c), significantDigits: 4)
        if interceptDigits == "0" { return term.isEmpty ? "0" : term }
        if term.isEmpty { return NumberText.decimal(c, significantDigits: 4) }
        return term + (c < 0 ? " - " : " + ") + interceptDigits
    }

    /// f', f'', f''', then f⁽⁴⁾ …: how a legend names the n-th derivative.
    static func prime(_ order: Int) -> String {
        if order <= 3 { return "f" + String(repeating: "'", count: order) }
        let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return "f⁽" + String(String(order).map { superscripts[Int(String($0))!] }) + "⁾"
    }
}
