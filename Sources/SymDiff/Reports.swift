import Glibc
import Optimize

/// Text forms of numeric results shared by the command line and the statement language.

/// The summary of a minimization: the point, the value, the gradient norm, the iterations and
/// why it stopped.
public func minimizationReport(_ result: Minimizer.Result, variables names: [String]) -> String {
    var out = "x: " + zip(names, result.x).map { "\($0)=\(formatNumber($1))" }.joined(separator: ",") + "\n"
    out += "f: \(formatNumber(result.value))\n"
    out += "|grad|: \(formatScientific(result.gradientNorm))\n"
    out += "iterations: \(result.iterations) (\(result.reason.rawValue))\n"
    return out
}

/// Text for a double that reads back to the same value (shortest round-trip form).
public func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return "\(v)"
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
