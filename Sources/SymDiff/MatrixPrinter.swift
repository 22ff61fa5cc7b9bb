/// Prints gradients, Hessians and Jacobians in the output formats: labelled lines for people
/// (`d/dx: 2*x*y`), a column vector or matrix in LaTeX, nested arrays in JSON.
///
/// Large matrices print as infix text with their nonzero entries only, after a line saying how
/// many of how many there are, and in terms of shared subexpressions when writing each entry out
/// would repeat them many times over (`MatrixLayout`).
public struct MatrixPrinter {
    /// The format written.
    public let format: OutputFormat

    /// A printer writing `format`.
    public init(format: OutputFormat) {
        self.format = format
    }

    /// The text of `m`, ending with a newline.
    public func print(_ m: DerivativeMatrix) -> String {
        switch format {
        case .infix: return infix(m)
        case .json: return json(m)
        case .latex: return latex(m)
        }
    }

    /// The label of an entry: `d/dx`, `d2/dxdy`, `d f2/dx`.
    public static func label(_ m: DerivativeMatrix, row: Int, column: Int) -> String {
        let v = m.variables
        switch m.kind {
        case .gradient: return "d/d\(v[column])"
        case .hessian: return "d2/d\(v[row])d\(v[column])"
        case .jacobian: return "d f\(row + 1)/d\(v[column])"
        }
    }

    // MARK: - Infix

    private func infix(_ m: DerivativeMatrix) -> String {
        let sparse: Bool
        switch m.layout.entries {
        case .all: sparse = false
        case .nonzero: sparse = true
        case .automatic: sparse = m.kind != .gradient && m.positionCount > MatrixLayout.sparseAbove
        }
        let values = m.entries.map(\.value)
        let shared: Bool
        switch m.layout.form {
        case .tree: shared = false
        case .shared: shared = true
        case .automatic: shared = SharedSubexpressions.isMuchSmaller(values)
        }
        let printer = InfixPrinter(decimals: m.decimals)
        var out = ""
        if sparse && m.entries.count < m.positionCount {
            let triangle = m.kind == .hessian ? " (upper triangle)" : ""
            out += "# \(m.entries.count) of \(m.positionCount) entries\(triangle) are nonzero; the others are 0 and not listed\n"
        }
        var printed = values
        if shared {
            let cse = SharedSubexpressions(values, threads: Parallel.defaultThreads)
            if let first = cse.definitions.first, let last = cse.definitions.last {
                let range = cse.definitions.count == 1 ? first.name : "\(first.name) … \(last.name)"
                out += "# \(range): subexpressions the entries share\n"
            }
            for d in cse.definitions where !Cancellation.isRequested { out += "\(d.name) = \(printer.print(d.value))\n" }
            printed = cse.expressions
        }
        if sparse {
            for (e, value) in zip(m.entries, printed) where !Cancellation.isRequested {
                out += "\(MatrixPrinter.label(m, row: e.row, column: e.column)): \(printer.print(value))\n"
            }
            return out
        }
        var next = 0
        m.forEachPosition { i, j in
            if Cancellation.isRequested { return }
            var text = "0"
            if next < m.entries.count, m.entries[next].row == i, m.entries[next].column == j {
                text = printer.print(printed[next])
                next += 1
            }
            out += "\(MatrixPrinter.label(m, row: i, column: j)): \(text)\n"
        }
        return out
    }

    // MARK: - JSON and LaTeX: every entry

    private func text(_ e: Expr, _ m: DerivativeMatrix) -> String { format.print(e, decimals: m.decimals) }

    private func json(_ m: DerivativeMatrix) -> String {
        let variables = "\"variables\":[" + m.variables.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        switch m.kind {
        case .gradient:
            return "{\(variables),\"gradient\":[" + m.rows[0].map { text($0, m) }.joined(separator: ",") + "]}\n"
        case .hessian, .jacobian:
            let key = m.kind == .hessian ? "hessian" : "jacobian"
            return "{\(variables),\"\(key)\":[" + m.rows.map { "[" + $0.map { text($0, m) }.joined(separator: ",") + "]" }.joined(separator: ",") + "]}\n"
        }
    }

    private func latex(_ m: DerivativeMatrix) -> String {
        switch m.kind {
        case .gradient:
            return "\\nabla f = \\begin{pmatrix} " + m.rows[0].map { text($0, m) }.joined(separator: " \\\\ ") + " \\end{pmatrix}\n"
        case .hessian, .jacobian:
            let symbol = m.kind == .hessian ? "H" : "J"
            return "\(symbol) = \\begin{pmatrix} " + m.rows.map { $0.map { text($0, m) }.joined(separator: " & ") }.joined(separator: " \\\\ ") + " \\end{pmatrix}\n"
        }
    }
}
