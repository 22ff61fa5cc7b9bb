import Glibc

/// The symbolic gradient compared with the three finite differences an ML course teaches, at one
/// point: forward (error O(h)), central (error O(h^2)) and the second-order one-sided formula.
///
/// Steps are scaled to the coordinate so they stay sound for large |x|:
/// forward h = sqrt(eps)*max(1,|x|); central and second-order h = cbrt(eps)*max(1,|x|).
public struct GradientCheck {
    /// One variable's row.
    public struct Row: Sendable {
        /// The variable.
        public let variable: String
        /// The symbolic partial derivative and the three finite differences.
        public let symbolic, forward, central, secondOrder: Double
        /// The central difference's absolute and relative error against the symbolic value.
        public let absoluteError, relativeError: Double
    }

    /// One row per variable.
    public let rows: [Row]
    /// The largest disagreement accepted.
    public let tolerance: Double
    /// The largest disagreement (min of absolute and relative error) of the central difference.
    public let worst: Double
    /// Whether the central difference agrees within the tolerance.
    public var agrees: Bool { worst <= tolerance }

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
        out += agrees ? "ok: the gradient agrees with central differences within \(formatNumber(tolerance))\n"
                      : "MISMATCH: the gradient differs from central differences by \(formatScientific(worst)) (> \(formatNumber(tolerance)))\n"
        return out
    }
}

