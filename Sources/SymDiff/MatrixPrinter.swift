/// Prints gradients, Hessians and Jacobians in the output formats: labelled lines for people
/// (`d/dx: 2*x*y`), a column vector or matrix in LaTeX, nested arrays in JSON.
public struct MatrixPrinter {
    public let format: OutputFormat
    public let decimals: Bool

    public init(format: OutputFormat, decimals: Bool = false) {
        self.format = format
        self.decimals = decimals
    }

    private func text(_ e: Expr) -> String { format.print(e, decimals: decimals) }

    private func name(_ v: Expr) -> String { v.description }

    public func gradient(_ g: [Expr], variables: [Expr]) -> String {
        switch format {
        case .infix:
            return zip(variables, g).map { "d/d\(name($0)): \(text($1))\n" }.joined()
        case .json:
            return "{\"variables\":[\(variables.map { "\"\(name($0))\"" }.joined(separator: ","))],\"gradient\":[\(g.map(text).joined(separator: ","))]}\n"
        case .latex:
            return "\\nabla f = \\begin{pmatrix} " + g.map(text).joined(separator: " \\\\ ") + " \\end{pmatrix}\n"
        }
    }

    public func hessian(_ h: [[Expr]], variables: [Expr]) -> String {
        guard format == .infix else { return matrix(h, name: "hessian", symbol: "H", variables: variables) }
        var out = ""
        for i in variables.indices {
            for j in i..<variables.count {
                out += "d2/d\(name(variables[i]))d\(name(variables[j])): \(text(h[i][j]))\n"
            }
        }
        return out
    }

    public func jacobian(_ j: [[Expr]], variables: [Expr]) -> String {
        guard format == .infix else { return matrix(j, name: "jacobian", symbol: "J", variables: variables) }
        var out = ""
        for (i, row) in j.enumerated() {
            for (v, e) in zip(variables, row) { out += "d f\(i + 1)/d\(name(v)): \(text(e))\n" }
        }
        return out
    }

    /// A matrix in JSON (`{"variables": […], "<name>": [[…], …]}`) or LaTeX (`S = pmatrix`).
    private func matrix(_ rows: [[Expr]], name key: String, symbol: String, variables: [Expr]) -> String {
        if format == .json {
            return "{\"variables\":[\(variables.map { "\"\(name($0))\"" }.joined(separator: ","))],\"\(key)\":[" +
                rows.map { "[" + $0.map(text).joined(separator: ",") + "]" }.joined(separator: ",") + "]}\n"
        }
        return "\(symbol) = \\begin{pmatrix} " + rows.map { $0.map(text).joined(separator: " & ") }.joined(separator: " \\\\ ") + " \\end{pmatrix}\n"
    }
}
