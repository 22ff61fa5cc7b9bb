import Expr

extension CodeLanguage {
    /// LaTeX (amsmath), for documents.
    public static let latex = CodeLanguage(LatexTarget())
}

/// LaTeX for documents (amsmath): the function, its gradient as a column vector and its Hessian
/// (or a Jacobian) as a matrix, each shown first in partial-derivative notation, then computed.
struct LatexTarget: CodeTarget {
    let name = "latex"
    let fileExtension = "tex"
    private var printer: LatexPrinter { LatexPrinter() }

    func file(for unit: CodeUnit) throws(EmitError) -> String {
        // Any identifier reads as a function's name in a formula (`f`, `loss`, `lambda`).
        guard IdentifierPool.isIdentifier(unit.name) else { throw .invalidName(unit.name) }
        let f = symbol(unit.name)
        let variables = unit.variables.map(symbol)
        let arguments = "(" + (variables.count <= 6 ? variables.joined(separator: ", ")
            : variables.prefix(2).joined(separator: ", ") + ", \\ldots, " + variables.last!) + ")"
        let header = Header.lines(for: unit, arguments: "argument", outputs: [])
            .filter { !$0.hasPrefix("Arguments") && !$0.hasPrefix("    ") }
        var out = header.map { "% " + $0 + "\n" }.joined()
        out += "% Variables, in order: " + unit.variables.joined(separator: ", ") + "\n"
        let widest = unit.blocks.map { $0.isMatrix ? $0.columns : 1 }.max() ?? 1
        if widest > 10 { out += "\\setcounter{MaxMatrixCols}{\(widest)}\n" }
        var rows: [String] = []
        let functionNames = unit.functions.count == 1 ? [f] : unit.functions.indices.map { "\(f)_{\($0 + 1)}" }
        for block in unit.blocks {
            switch block.kind {
            case .value, .values, .outputs:
                for (name, e) in zip(block.kind == .outputs ? block.entries.indices.map { "y_{\($0 + 1)}" } : functionNames, block.entries) {
                    rows.append("\(name)\(arguments) &= \(printer.print(e))")
                }
            case .gradient:
                // Of the first function (f_1 when a Jacobian names several).
                let g = functionNames[0]
                let symbolic = variables.map { "\\frac{\\partial \(g)}{\\partial \($0)}" }
                rows.append("\\nabla \(g)\(arguments) &= \(column(symbolic)) = \(column(block.entries.map(printer.print)))")
            case .hessian:
                let n = variables.count, g = functionNames[0]
                let symbolic = (0..<n * n).map { k in secondPartial(g, variables[k / n], variables[k % n]) }
                rows.append("\\nabla^{2} \(g)\(arguments) &= \(matrix(symbolic, columns: n)) = \(matrix(block.entries.map(printer.print), columns: n))")
            case .jacobian:
                let n = variables.count
                let symbolic = (0..<block.rows * n).map { k in "\\frac{\\partial \(functionNames[k / n])}{\\partial \(variables[k % n])}" }
                let quotient = "\\frac{\\partial (\(functionNames.joined(separator: ", ")))}{\\partial (\(variables.joined(separator: ", ")))}"
                rows.append("J = \(quotient) &= \(matrix(symbolic, columns: n)) = \(matrix(block.entries.map(printer.print), columns: n))")
            }
        }
        out += "\\begin{align*}\n" + rows.joined(separator: " \\\\\n") + "\n\\end{align*}\n"
        return out
    }

    private func symbol(_ name: String) -> String { printer.print(.symbol(name)) }

    private func column(_ entries: [String]) -> String {
        "\\begin{pmatrix} " + entries.joined(separator: " \\\\ ") + " \\end{pmatrix}"
    }

    private func matrix(_ entries: [String], columns: Int) -> String {
        let rows = stride(from: 0, to: entries.count, by: max(columns, 1)).map {
            entries[$0..<min($0 + columns, entries.count)].joined(separator: " & ")
        }
        return "\\begin{pmatrix} " + rows.joined(separator: " \\\\ ") + " \\end{pmatrix}"
    }

    private func secondPartial(_ f: String, _ a: String, _ b: String) -> String {
        a == b ? "\\frac{\\partial^{2} \(f)}{\\partial \(a)^{2}}" : "\\frac{\\partial^{2} \(f)}{\\partial \(a) \\, \\partial \(b)}"
    }
}
