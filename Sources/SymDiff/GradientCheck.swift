import Compile
import Glibc

/// The symbolic gradient compared with finite differences at one point, each with the step its
/// error analysis calls for and the error that analysis expects.
///
/// A difference quotient with step h has a truncation error (the Taylor terms it drops) and a
/// rounding error (each value of f carries about eps·|f|, divided by a power of h). Balancing
/// the two gives the step, scaled to the coordinate (scale = max(1, |x|)):
///
/// | method | formula | truncation | rounding | step |
/// |---|---|---|---|---|
/// | forward | (f(x+h) - f(x))/h | h/2·|f''| | 2δ/h | eps^(1/2)·scale |
/// | central | (f(x+h) - f(x-h))/(2h) | h²/6·|f'''| | δ/h | eps^(1/3)·scale |
/// | second-order (one-sided) | (-3f(x) + 4f(x+h) - f(x+2h))/(2h) | h²/3·|f'''| | 4δ/h | eps^(1/3)·scale |
/// | second difference (f'') | (f(x+h) - 2f(x) + f(x-h))/h² | h²/12·|f''''| | 4δ/h² | eps^(1/4)·scale |
///
/// with δ = eps·max|f| near x. The higher derivatives in the error terms are estimated from
/// wider differences. Steps are rounded so that x + h is exact (h = (x + h) - x), which removes
/// the error of representing the step. The gradient agrees when every central difference is
/// within `safety` times its expected error (plus the rounding of the symbolic value itself),
/// or within a tolerance the caller gives.
public struct GradientCheck {
    /// The methods, with their step rule.
    public enum Method: String, CaseIterable, Sendable {
        case forward
        case central
        case secondOrder = "second-order"
        case secondDifference = "second difference"

        /// The power of eps its step is: balancing truncation against rounding.
        public var stepExponent: Double {
            switch self {
            case .forward: return 1.0 / 2
            case .central, .secondOrder: return 1.0 / 3
            case .secondDifference: return 1.0 / 4
            }
        }

        /// The step at a coordinate of magnitude |x|: eps^p·max(1, |x|).
        public func step(at x: Double) -> Double { pow(Double.ulpOfOne, stepExponent) * max(1, abs(x)) }
    }

    /// One method's estimate for one variable.
    public struct Row: Sendable {
        /// The variable.
        public let variable: String
        /// The difference formula.
        public let method: Method
        /// The step h used.
        public let step: Double
        /// The difference quotient.
        public let estimate: Double
        /// The symbolic value it estimates (the partial derivative, or the second derivative for
        /// the second difference).
        public let symbolic: Double
        /// |estimate - symbolic|.
        public var observedError: Double { abs(estimate - symbolic) }
        /// The truncation error the analysis expects (the Taylor terms the formula drops).
        public let truncation: Double
        /// The rounding error the analysis expects (eps·|f| divided by the step's power).
        public let rounding: Double
        /// Truncation plus rounding: what the estimate may miss by.
        public var expectedError: Double { truncation + rounding }
    }

    /// How many times its expected error a central difference may miss by.
    public static let safety = 10.0

    /// One row per variable and method.
    public let rows: [Row]
    /// The caller's tolerance (on min(absolute, relative) error), or nil to judge by the analysis.
    public let tolerance: Double?
    /// Each variable's central difference: its error and the most it may have.
    public let judged: [(variable: String, error: Double, allowed: Double)]
    /// Whether every central difference is within what it may miss by.
    public var agrees: Bool { judged.allSatisfy { $0.error <= $0.allowed } }

    /// Why the check could not be made.
    public enum Failure: Error, CustomStringConvertible {
        case compile(CompileError)
        case notFinite(String)
        /// The message for a person.
        public var description: String {
            switch self {
            case let .compile(e): return e.description
            case let .notFinite(message): return message
            }
        }
    }

    /// Checks the gradient of `f` over `variables` at `point` (values in the variables' order),
    /// every method with its own step, or with `step` for all of them when given.
    public init(_ function: Expr, variables: [Expr], at point: [Double], step: Double? = nil, tolerance: Double? = nil) throws(Failure) {
        let probe = try Probe(function, variables: variables, at: point)
        var rows: [Row] = []
        var judged: [(String, Double, Double)] = []
        for (i, v) in variables.enumerated() {
            for method in Method.allCases {
                let row = probe.row(method, variable: i, name: v.description, step: step ?? method.step(at: point[i]))
                rows.append(row)
                guard method == .central else { continue }
                if let tolerance {
                    let relative = row.observedError / max(1e-300, max(abs(row.symbolic), abs(row.estimate)))
                    judged.append((v.description, min(row.observedError, relative), tolerance))
                } else {
                    let own = 8 * Double.ulpOfOne * abs(row.symbolic)
                    judged.append((v.description, row.observedError, GradientCheck.safety * row.expectedError + own))
                }
            }
        }
        self.rows = rows
        self.tolerance = tolerance
        self.judged = judged
    }

    /// The table and a verdict line, as `symdiff check` prints them.
    public var report: String {
        var table = [["variable", "method", "step", "estimate", "symbolic", "error", "expected (truncation + rounding)"]]
        var previous = ""
        for r in rows {
            let what = r.method == .secondDifference ? "d2/d\(r.variable)2" : "d/d\(r.variable)"
            table.append([r.variable == previous ? "" : r.variable, r.method.rawValue + (r.method == .secondDifference ? " (\(what))" : ""),
                          formatScientific(r.step), formatNumber(r.estimate), formatNumber(r.symbolic), formatScientific(r.observedError),
                          formatScientific(r.truncation) + " + " + formatScientific(r.rounding)])
            previous = r.variable
        }
        var out = alignedColumns(table)
        let worst = judged.max { $0.error / max($0.allowed, .leastNonzeroMagnitude) < $1.error / max($1.allowed, .leastNonzeroMagnitude) }
        let bound = tolerance.map { "the tolerance \(formatScientific($0))" } ?? "\(formatNumber(GradientCheck.safety)) times the expected error"
        if agrees {
            out += "ok: every central difference agrees with the gradient within \(bound)\n"
        } else if let w = worst {
            out += "MISMATCH: d/d\(w.variable) differs from its central difference by \(formatScientific(w.error)), beyond \(formatScientific(w.allowed)) (\(bound))\n"
        }
        return out
    }

    /// The errors of the first-derivative methods for every step from 1e-1 down to 1e-16 times
    /// the coordinate's scale max(1, |x|) (two steps a decade), for each variable: a table and a
    /// plot of log10(error) against log10(step), the V of truncation (falling with h) meeting
    /// rounding (rising as h shrinks).
    public static func sweep(_ function: Expr, variables: [Expr], at point: [Double], plotColumns: Int = 72) throws(Failure) -> String {
        let probe = try Probe(function, variables: variables, at: point)
        let methods: [Method] = [.forward, .central, .secondOrder]
        let relativeSteps = (2...32).map { pow(10, -Double($0) / 2) }
        var out = ""
        for (i, v) in variables.enumerated() {
            // Steps relative to the coordinate, as the analysis scales them: at x = 1e20 a step of
            // 0.1 is below the spacing of doubles.
            let scale = max(1, abs(point[i]))
            var table = [["step"] + methods.map { $0.rawValue + " error" }]
            var series = methods.map { _ in [PlotPoint]() }
            // A step below half the spacing of doubles at the point vanishes (x + h == x): no difference.
            for h in relativeSteps.map({ $0 * scale }) where point[i] + h != point[i] {
                var cells = [formatScientific(h)]
                for (k, method) in methods.enumerated() {
                    let error = probe.row(method, variable: i, name: v.description, step: h).observedError
                    cells.append(formatScientific(error))
                    if error > 0, error.isFinite { series[k].append(PlotPoint(log10(h), log10(error))) }
                }
                table.append(cells)
            }
            out += "d/d\(v) = \(formatNumber(probe.gradient[i])): error of each difference against the step\n"
            out += alignedColumns(table)
            out += errorPlot(series, methods: methods, variable: v.description, chosen: methods.map { log10($0.step(at: point[i])) },
                             decades: log10(scale) - 16...log10(scale) - 1, columns: plotColumns)
        }
        return out
    }

    /// log10(error) against log10(step), one curve per method, in braille.
    private static func errorPlot(_ series: [[PlotPoint]], methods: [Method], variable: String, chosen: [Double],
                                  decades: ClosedRange<Double>, columns: Int) -> String {
        let ys = series.flatMap { $0.map(\.y) }
        guard let low = ys.min(), let high = ys.max() else { return "" }
        let figure = Figure(
            title: "log10(error) of d/d\(variable) against log10(step)",
            xLabel: "log10(step)", yLabel: "log10(error)",
            window: PlotWindow(x: decades, y: floor(low)...max(ceil(high), floor(low) + 1)),
            series: series.enumerated().map { k, points in
                Series(role: .function, label: methods[k].rawValue, color: PlotColor.curve(k), pieces: [points])
            })
        let steps = zip(methods, chosen).map { "\($0.rawValue) \(formatScientific(pow(10, $1)))" }.joined(separator: ", ")
        return figure.braille(columns: columns, rows: 18) + "\nsteps the analysis chooses: \(steps)\n"
    }
}

/// The function and its gradient compiled once, evaluated along one coordinate.
private struct Probe {
    let value: CompiledFunction
    let point: [Double]
    let gradient: [Double]
    /// The second derivatives along each coordinate (the Hessian's diagonal).
    let curvature: [Double]

    init(_ function: Expr, variables: [Expr], at point: [Double]) throws(GradientCheck.Failure) {
        // The derivatives as programs compute them (of the stable form; see StableForms).
        let stable = StableForms.forDerivatives(function)
        let partials = stable.gradient(withRespectTo: variables)
        let diagonal = zip(partials, variables).map { $0.derivative(withRespectTo: $1) }
        let derivatives: CompiledFunction
        do throws(CompileError) {
            value = try CompiledFunction([function], variables: variables)
            derivatives = try CompiledFunction(partials + diagonal, variables: variables)
        } catch { throw .compile(error) }
        let d = derivatives(point)
        let n = variables.count
        guard value(point)[0].isFinite, d[0..<n].allSatisfy(\.isFinite) else {
            let cause = value.nonFiniteCause(at: point) ?? derivatives.nonFiniteCause(at: point)
            throw .notFinite(cause.map(nonFiniteMessage) ?? "the value is not a finite number")
        }
        self.point = point
        self.gradient = Array(d[0..<n])
        self.curvature = Array(d[n...])
    }

    /// f with coordinate i moved by `delta`.
    func f(_ i: Int, _ delta: Double) -> Double {
        var p = point
        p[i] += delta
        return value(p)[0]
    }

    /// `method` along coordinate i with step about `h` (made exact: (x + h) - x).
    func row(_ method: GradientCheck.Method, variable i: Int, name: String, step h: Double) -> GradientCheck.Row {
        let x = point[i]
        let step = (x + h) - x
        let f0 = f(i, 0), fp = f(i, step), fm = f(i, -step), f2 = f(i, 2 * step)
        let delta = Double.ulpOfOne * [f0, fp, fm, f2].map { abs($0) }.filter(\.isFinite).max()!
        let estimate: Double, truncation: Double, rounding: Double
        switch method {
        case .forward:
            estimate = (fp - f0) / step
            truncation = step / 2 * abs(derivative(2, i))
            rounding = 2 * delta / step
        case .central:
            estimate = (fp - fm) / (2 * step)
            truncation = step * step / 6 * abs(derivative(3, i))
            rounding = delta / step
        case .secondOrder:
            estimate = (-3 * f0 + 4 * fp - f2) / (2 * step)
            truncation = step * step / 3 * abs(derivative(3, i))
            rounding = 4 * delta / step
        case .secondDifference:
            estimate = (fp - 2 * f0 + fm) / (step * step)
            truncation = step * step / 12 * abs(derivative(4, i))
            rounding = 4 * delta / (step * step)
        }
        return GradientCheck.Row(variable: name, method: method, step: step, estimate: estimate,
                                 symbolic: method == .secondDifference ? curvature[i] : gradient[i],
                                 truncation: truncation, rounding: rounding)
    }

    /// The k-th derivative (2, 3 or 4) along coordinate i, estimated by a central difference of
    /// its own with the step that balances its own errors (eps^(1/(k+2))): good to a digit or
    /// two, which is all an error estimate needs.
    func derivative(_ k: Int, _ i: Int) -> Double {
        let x = point[i]
        let step = (x + pow(Double.ulpOfOne, 1 / Double(k + 2)) * max(1, abs(x))) - x
        let v = { (m: Double) in self.f(i, m * step) }
        switch k {
        case 2: return (v(1) - 2 * v(0) + v(-1)) / (step * step)
        case 3: return (v(2) - 2 * v(1) + 2 * v(-1) - v(-2)) / (2 * step * step * step)
        default: return (v(2) - 4 * v(1) + 6 * v(0) - 4 * v(-1) + v(-2)) / (step * step * step * step)
        }
    }
}
