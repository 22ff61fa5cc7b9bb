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
        let programs = try curves.map { c throws(PlotError) in try Self.compiled(c.expr, [variable]) }

        // First pass: a uniform look at every curve decides the vertical window.
        let probe = (0...800).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / 800 }
        let probed = programs.map { $0.evaluate(points: probe) }
        guard probed[0].contains(where: \.isFinite) else { throw .nowhereDefined("f(\(name)) = \(text(expression))") }
        var yWindow = ViewRange.vertical(probed)

        var tangent: Series?
        if let t = tangentAt, let slope {
            guard range.contains(t) else { throw .tangentOutside(t) }
            let y0 = programs[0]([t])[0]
            let m = try Self.compiled(slope, [variable])([t])[0]
            guard y0.isFinite, m.isFinite else { throw .noTangent(t) }
            if !yWindow.contains(y0) {
                let pad = 0.05 * span(yWindow)
                yWindow = min(yWindow.lowerBound, y0 - pad)...max(yWindow.upperBound, y0 + pad)
            }
            let line = [range.lowerBound, range.upperBound].map { PlotPoint($0, y0 + m * ($0 - t)) }
            let label = "tangent at \(name) = \(NumberText.short(t, digits: 6)): y = "
                + "\(NumberText.short(y0)) \(m < 0 ? "-" : "+") \(NumberText.short(abs(m)))*(\(name) - \(NumberText.short(t, digits: 6)))"
            tangent = Series(role: .tangent, label: label, color: .gray, dashed: true, width: 1.5,
                             pieces: [line], markers: [PlotPoint(t, y0)])
        }

        // Second pass: adaptive sampling judged against that window.
        var series: [Series] = []
        for (i, curve) in curves.enumerated() {
            let program = programs[i]
            let sampler = AdaptiveSampler(f: { program([$0])[0] }, yWindow: yWindow)
            series.append(Series(role: curve.role, label: curve.label, color: .curve(i), width: i == 0 ? 2.5 : 2,
                                 pieces: sampler.sample(range)))
        }
        if let tangent { series.append(tangent) }
        let window = PlotWindow(x: range, y: yWindow)
        return Figure(title: "\(text(expression)) on [\(NumberText.short(range.lowerBound, digits: 6)), \(NumberText.short(range.upperBound, digits: 6))]",
                      xLabel: name, yLabel: "", window: window, series: series)
    }

    /// f', f'', f''', then f⁽⁴⁾ …: how a legend names the n-th derivative.
    static func prime(_ order: Int) -> String {
        if order <= 3 { return "f" + String(repeating: "'", count: order) }
        let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return "f⁽" + String(String(order).map { superscripts[Int(String($0))!] }) + "⁾"
    }
}
