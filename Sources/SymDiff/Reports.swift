import Optimize

/// Text forms of numeric results shared by the command line and the statement language.

/// The summary of a minimization: the point, the value, the gradient norm, what was found there
/// and the iterations with why they stopped.
public func minimizationReport(_ result: Minimizer.Result, variables names: [String]) -> String {
    var out = "x: " + zip(names, result.x).map { "\($0)=\(formatNumber($1))" }.joined(separator: ",") + "\n"
    out += "f: \(formatNumber(result.value))\n"
    out += "|grad|: \(formatScientific(result.gradientNorm))\n"
    out += "result: \(result.outcome.description)\n"
    out += "iterations: \(result.iterations) (\(result.reason.rawValue))\n"
    return out
}

/// Text for a double that reads back to the same value (shortest round-trip form).
public func formatNumber(_ v: Double) -> String { NumberText.decimal(v) }

/// Three significant digits (`1.23e-07`, `0.1`, `1.82`), for errors and gradient norms.
public func formatScientific(_ v: Double) -> String { NumberText.decimal(v, significantDigits: 3) }

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
