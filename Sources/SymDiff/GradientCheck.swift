import Glibc

/// The symbolic gradient compared with the three finite differences an ML course teaches, at one
/// point: forward (error O(h)), central (error O(h^2)) and the second-order one-sided formula.
///
/// Steps are scaled to the coordinate so they stay sound for large |x|:
/// forward h = sqrt(eps)*max(1,|x|); central and second-order h = cbrt(eps)*max(1,|x|).
public struct GradientCheck {
    /// One variable's row.
    public struct Row: Sendable {
        public let variable: String
        public let symbolic, forward, central, secondOrder: Double
        public let absoluteError, relativeError: Double
    }

    public let rows: [Row]
    public let tolerance: Double
    /// The largest disagreement (min of absolute and relative error) of the central difference.
    public let worst: Double
    public var agrees: Bool { worst <= tolerance }

    /// Why the check could not be made.
    public enum Failure: Error, CustomStringConvertible {
        case compile(CompileError)
        case notFinite(String)
        public var description: String {
            switch self {
            case let .compile(e): return e.description
            case let .notFinite(message): return message
            }
        }
    }

    /// Checks the gradient of `f` over `variables` at `point` (values in the variables' order).
    public init(_ function: Expr, variables: [Expr], at point: [Double], tolerance: Double = 1e-6) throws(Failure) {
        let value: CompiledFunction, gradient: CompiledFunction
        do throws(CompileError) {
            value = try CompiledFunction([function], variables: variables)
            gradient = try CompiledFunction(function.gradient(withRespectTo: variables), variables: variables)
        } catch { throw .compile(error) }
        let symbolic = gradient(point)
        guard value(point)[0].isFinite, symbolic.allSatisfy(\.isFinite) else {
            throw .notFinite(domainMessage(value.firstNonFinite(at: point)?.source ?? gradient.firstNonFinite(at: point)?.source))
        }
        func f(_ i: Int, _ delta: Double) -> Double {
            var p = point
            p[i] += delta
            return value(p)[0]
        }
        let eps = Double.ulpOfOne
        var rows: [Row] = []
        var worst = 0.0
        for (i, v) in variables.enumerated() {
            let scale = max(1, abs(point[i]))
            let hf = eps.squareRoot() * scale, hc = Glibc.cbrt(eps) * scale
            let forward = (f(i, hf) - f(i, 0)) / hf
            let central = (f(i, hc) - f(i, -hc)) / (2 * hc)
            let second = (-3 * f(i, 0) + 4 * f(i, hc) - f(i, 2 * hc)) / (2 * hc)
            let absError = abs(central - symbolic[i])
            let relError = absError / max(1e-300, max(abs(symbolic[i]), abs(central)))
            worst = max(worst, min(absError, relError))
            rows.append(Row(variable: v.description, symbolic: symbolic[i], forward: forward, central: central,
                            secondOrder: second, absoluteError: absError, relativeError: relError))
        }
        self.rows = rows
        self.tolerance = tolerance
        self.worst = worst
    }

    /// The table and a verdict line, as `symdiff check` prints them.
    public var report: String {
        var table = [["variable", "symbolic", "forward", "central", "second-order", "abs error (central)", "rel error (central)"]]
        for r in rows {
            table.append([r.variable, formatNumber(r.symbolic), formatNumber(r.forward), formatNumber(r.central),
                          formatNumber(r.secondOrder), formatScientific(r.absoluteError), formatScientific(r.relativeError)])
        }
        var out = alignedColumns(table)
        out += agrees ? "ok: the gradient agrees with central differences within \(tolerance)\n"
                      : "MISMATCH: the gradient differs from central differences by \(formatScientific(worst)) (> \(tolerance))\n"
        return out
    }
}

/// Three significant digits in scientific notation (`1.23e-7`), for errors in tables.
public func formatScientific(_ v: Double) -> String {
    if v == 0 { return "0" }
    if !v.isFinite { return "\(v)" }
    let exponent = Int(Glibc.floor(Glibc.log10(abs(v))))
    let mantissa = v / Glibc.pow(10, Double(exponent))
    let rounded = (mantissa * 100).rounded() / 100
    return "\(rounded)e\(exponent)"
}

/// Rows of cells padded into left-aligned columns, two spaces apart, one line per row.
public func alignedColumns(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    let widths = first.indices.map { c in rows.map { $0[c].count }.max()! }
    var out = ""
    for row in rows {
        out += row.enumerated().map { i, cell in
            i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
        }.joined(separator: "  ") + "\n"
    }
    return out
}

/// Variable names sorted so that x2 comes before x10: by their letters, then by the number they
/// end with.
public func naturallySorted(_ names: [String]) -> [String] {
    func split(_ s: String) -> (String, Int?) {
        let digits = s.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 18 else { return (s, nil) }
        return (String(s.dropLast(digits.count)), Int(String(digits.reversed())))
    }
    return names.sorted { a, b in
        let (pa, na) = split(a), (pb, nb) = split(b)
        if pa != pb || na == nil || nb == nil { return a < b }
        return na! < nb!
    }
}
