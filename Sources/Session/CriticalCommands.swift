import Foundation
import SymDiff

/// `critical`: the stationary points of a function in a box, classified by the Hessian.
enum CriticalCommands {
    static let all = [critical]

    static let box = Parameter<String>(
        ParameterSpec(name: "box", kind: .identifier, help: "The box searched: x=-3:3,y=-1:2 (or -3:3,-1:2 in the order of the variables); -3:3 for each by default.",
                      valueName: "x=-3:3,y=-3:3", defaultDescription: nil, isRequired: false, commandLine: .option("--box"), statement: .unavailable),
        default: "")

    static let critical = CommandSpec(
        name: "critical",
        summary: "stationary points in a box, each a minimum, maximum, saddle point or degenerate, by the Hessian's eigenvalues",
        discussion: """
            Newton's method on the gradient from a grid of starts, the points found merged. A \
            point with rational coordinates (or, in one variable, a root of a rational linear \
            or quadratic factor of the derivative) is confirmed exactly, and its eigenvalues \
            are exact for one or two variables; other points are numeric, and say so.
            """,
        parameters: [Common.expression.spec, Common.variables.spec, box.spec],
        examples: [
            CommandExample(.arg(Common.expression, "x^3 - 3*x"),
                           output: "x = -1: maximum; second derivative -6 (exact)\nx = 1: minimum; second derivative 6 (exact)"),
            CommandExample(.arg(Common.expression, "x^2 - y^2"), output: "x = 0, y = 0: saddle point; Hessian eigenvalues -2, 2 (exact)"),
        ]
    ) { arguments, _ throws(CommandError) in
        let f = arguments[Common.expression]
        let variables = Common.variables(arguments, of: [f])
        guard !variables.isEmpty else { throw CommandError(.input, "the expression has no variables: nothing to vary") }
        let ranges = try boxRanges(arguments[box], variables: variables)
        let points = CriticalPoints(function: f, variables: variables, box: ranges).points()
        if points.isEmpty { return CommandResult(.text("no stationary points found in the box")) }
        return CommandResult(.text(points.map { line($0, variables) }.joined(separator: "\n")))
    }

    /// `x = 1, y = 1: minimum; Hessian eigenvalues ... (exact)`.
    static func line(_ p: CriticalPoints.Point, _ variables: [Expr]) -> String {
        let where_ = variables.indices.map { i in
            "\(variables[i]) = " + (p.coordinates.map { InfixPrinter().print($0[i]) } ?? rounded(p.values[i]))
        }.joined(separator: ", ")
        let numbers = p.eigenvalues.map { exact in
            zip(exact, p.eigenvalueValues).map { e, v in e.isNumber ? e.description : "\(e) ≈ \(rounded(v))" }
        } ?? p.eigenvalueValues.map(rounded)
        let what = variables.count == 1 ? "second derivative" : "Hessian eigenvalues"
        return "\(where_): \(p.kind.rawValue); \(what) \(numbers.joined(separator: ", ")) (\(p.coordinates == nil ? "numeric" : "exact"))"
    }

    /// `v` to 12 significant digits, so that rounding noise (0.9999999999999998) does not show.
    static func rounded(_ v: Double) -> String {
        guard v != 0, v.isFinite else { return formatNumber(v) }
        let scale = pow(10, 11 - floor(log10(abs(v))))
        return formatNumber((v * scale).rounded() / scale)
    }

    /// The ranges of `text` (`x=-3:3,y=-1:2` or `-3:3,-1:2`), -3:3 for each variable not given.
    static func boxRanges(_ text: String, variables: [Expr]) throws(CommandError) -> [ClosedRange<Double>] {
        var ranges = Array(repeating: -3.0...3.0, count: variables.count)
        guard !text.isEmpty else { return ranges }
        let names = variables.map(\.description)
        for (i, part) in text.split(separator: ",").enumerated() {
            var index = i
            var bounds = Substring(part)
            if let eq = part.firstIndex(of: "=") {
                let name = part[..<eq].trimmingCharacters(in: .whitespaces)
                guard let k = names.firstIndex(of: name) else {
                    throw CommandError(.input, "'\(name)' is not a variable of the expression", about: box, item: name)
                }
                index = k
                bounds = part[part.index(after: eq)...]
            }
            let ends = bounds.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard index < ranges.count, ends.count == 2, let lo = ends[0], let hi = ends[1], lo.isFinite, hi.isFinite, lo < hi else {
                throw CommandError(.input, "'\(part)' is not of the form x=lower:upper with lower < upper", about: box, item: String(part))
            }
            ranges[index] = lo...hi
        }
        return ranges
    }
}
