import Expr

/// Matrix notation as LaTeX: vectors and matrices in bold (`\mathbf{X}`), `^\top` for the
/// transpose, `\odot` and `\oslash` elementwise, `\operatorname{tr}`, `\mathbf{1}_{n}`.
struct MatrixFormLatex: MatrixNotation {
    private static let functionNames: [String: String] = [
        "sin": "\\sin", "cos": "\\cos", "tan": "\\tan", "sinh": "\\sinh", "cosh": "\\cosh", "tanh": "\\tanh",
        "exp": "\\exp", "log": "\\log", "sigmoid": "\\sigma", "det": "\\det", "trace": "\\operatorname{tr}",
        "max": "\\max", "min": "\\min",
    ]

    // `pi` too: in the tensor language it is a name like any other.
    private static let greek = LatexPrinter.greekLetters.union(["pi"])

    func print(_ f: MatrixForm) -> String { MatrixFormWriter(notation: self).print(f) }

    private func name(_ text: String, bold: Bool) -> String {
        let core = MatrixFormLatex.greek.contains(text) ? "\\" + text
            : LatexPrinter.isBareName(text) ? text : "\\mathrm{" + LatexPrinter.escapingUnderscores(text) + "}"
        if !bold { return core }
        return MatrixFormLatex.greek.contains(text) ? "\\boldsymbol{" + core + "}" : "\\mathbf{" + text + "}"
    }

    func leaf(_ f: MatrixForm) -> String {
        switch f.kind {
        case let .name(text): return name(text, bold: !f.isScalar)
        case let .number(r):
            if let (n, d) = r.smallParts, d != 1 { return "\\frac{\(n)}{\(d)}" }
            return r.description
        case let .size(e): return e.description.replacingOccurrences(of: "*", with: " ")
        case let .constant(c): return c == .pi ? "\\pi" : "e"
        case let .indexNotation(text): return "\\text{" + text + "}"
        default: return ":"
        }
    }

    let open = "\\left(", close = "\\right)"

    /// A fraction is grouped by its bar.
    func groupsItself(_ f: MatrixForm) -> Bool {
        if case let .quotient(_, _, elementwise) = f.kind { return !elementwise }
        return false
    }

    let baseLevel = MatrixFormPrinter.Level.atom
    let transposeMark = "^\\top"
    let index = (open: "_{", separator: ",", close: "}")
    func power(elementwise: Bool) -> (between: String, after: String, level: MatrixFormPrinter.Level) {
        (elementwise ? "^{\\circ " : "^{", "}", .none)
    }
    func productSeparator(_ previous: MatrixForm, _ next: MatrixForm) -> String { next.isScalar && previous.isScalar ? " \\cdot " : " " }
    let hadamardSeparator = " \\odot "
    func quotientSeparator(elementwise: Bool) -> String? { elementwise ? " \\oslash " : nil }
    func fraction(_ top: MatrixForm, _ bottom: MatrixForm, _ writer: MatrixFormWriter<Self>, _ out: inout String) {
        out += "\\frac{"
        writer.write(top, .none, &out)
        out += "}{"
        writer.write(bottom, .none, &out)
        out += "}"
    }
    let literal = (open: "\\begin{bmatrix}", rows: " \\\\ ", entries: " & ", close: "\\end{bmatrix}")

    func special(_ fn: String, _ args: [MatrixForm], _ writer: MatrixFormWriter<Self>, _ out: inout String) -> Bool {
        switch fn {
        case "inv":
            writer.write(args[0], .atom, &out)
            out += "^{-1}"
        case "sqrt":
            out += "\\sqrt{"
            writer.write(args[0], .none, &out)
            out += "}"
        case "ones", "zeros", "eye":
            out += (fn == "ones" ? "\\mathbf{1}" : fn == "zeros" ? "\\mathbf{0}" : "\\mathbf{I}") + "_{"
            writer.list(args, "\\times ", &out)
            out += "}"
        case "logdet":
            out += "\\log\\left|\\det "
            writer.write(args[0], .atom, &out)
            out += "\\right|"
        case "abs":
            out += "\\left|"
            writer.write(args[0], .none, &out)
            out += "\\right|"
        default:
            return false
        }
        return true
    }

    func callOpen(_ fn: String) -> String {
        (MatrixFormLatex.functionNames[fn] ?? "\\operatorname{" + LatexPrinter.escapingUnderscores(fn) + "}") + "\\left("
    }
    let callClose = "\\right)"
    func keyword(_ key: String) -> String { "\\mathrm{" + key + "}=" }
}
