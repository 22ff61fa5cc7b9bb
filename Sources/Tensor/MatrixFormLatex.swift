import Expr

/// Writes matrix notation as LaTeX: vectors and matrices in bold (`\mathbf{X}`), `^\top` for
/// the transpose, `\odot` and `\oslash` elementwise, `\operatorname{tr}`, `\mathbf{1}_{n}`.
struct MatrixFormLatex {
    private static let functionNames: [String: String] = [
        "sin": "\\sin", "cos": "\\cos", "tan": "\\tan", "sinh": "\\sinh", "cosh": "\\cosh", "tanh": "\\tanh",
        "exp": "\\exp", "log": "\\log", "sigmoid": "\\sigma", "det": "\\det", "trace": "\\operatorname{tr}",
        "max": "\\max", "min": "\\min",
    ]

    // `pi` too: in the tensor language it is a name like any other.
    private static let greek = LatexPrinter.greekLetters.union(["pi"])

    func print(_ f: MatrixForm) -> String {
        var out = ""
        write(f, .none, &out)
        return out
    }

    private func name(_ text: String, bold: Bool) -> String {
        let core = MatrixFormLatex.greek.contains(text) ? "\\" + text
            : LatexPrinter.isBareName(text) ? text : "\\mathrm{" + LatexPrinter.escapingUnderscores(text) + "}"
        if !bold { return core }
        return MatrixFormLatex.greek.contains(text) ? "\\boldsymbol{" + core + "}" : "\\mathbf{" + text + "}"
    }

    private func group(_ f: MatrixForm, _ out: inout String) {
        out += "\\left("
        write(f, .none, &out)
        out += "\\right)"
    }

    private func write(_ f: MatrixForm, _ required: MatrixFormPrinter.Level, _ out: inout String) {
        if MatrixFormPrinter.level(f) < required, !isFraction(f) {
            group(f, &out)
            return
        }
        switch f.kind {
        case let .name(text): out += name(text, bold: !f.isScalar)
        case let .number(r):
            if let (n, d) = r.smallParts, d != 1 { out += "\\frac{\(n)}{\(d)}" } else { out += r.description }
        case let .size(e): out += e.description.replacingOccurrences(of: "*", with: " ")
        case let .constant(c): out += c == .pi ? "\\pi" : "e"
        case .all: out += ":"
        case let .indexNotation(text): out += "\\text{" + text + "}"
        case let .call(fn, args, keywords):
            writeCall(fn, args, keywords, f, &out)
        case let .transpose(inner):
            write(inner, .atom, &out)
            out += "^\\top"
        case let .index(base, items):
            write(base, .atom, &out)
            out += "_{"
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, .none, &out)
            }
            out += "}"
        case let .range(lo, hi):
            write(lo, .sum, &out)
            out += ":"
            write(hi, .sum, &out)
        case let .power(base, exponent, elementwise):
            write(base, .atom, &out)
            out += elementwise ? "^{\\circ " : "^{"
            write(exponent, .none, &out)
            out += "}"
        case let .product(factors):
            for (i, factor) in factors.enumerated() {
                if i > 0 { out += factor.isScalar && factors[i - 1].isScalar ? " \\cdot " : " " }
                write(factor, .power, &out)
            }
        case let .hadamard(factors):
            for (i, factor) in factors.enumerated() {
                if i > 0 { out += " \\odot " }
                write(factor, .power, &out)
            }
        case let .quotient(top, bottom, elementwise):
            if elementwise {
                write(top, .product, &out)
                out += " \\oslash "
                write(bottom, .power, &out)
            } else {
                out += "\\frac{"
                write(top, .none, &out)
                out += "}{"
                write(bottom, .none, &out)
                out += "}"
            }
        case let .negate(inner):
            out += "-"
            write(inner, .product, &out)
        case let .sum(terms):
            for (i, (term, negative)) in terms.enumerated() {
                if i == 0 {
                    if negative { out += "-" }
                } else {
                    out += negative ? " - " : " + "
                }
                write(term, negative ? .product : .negation, &out)
            }
        case let .literal(rows):
            out += "\\begin{bmatrix}"
            for (r, row) in rows.enumerated() {
                if r > 0 { out += " \\\\ " }
                for (c, entry) in row.enumerated() {
                    if c > 0 { out += " & " }
                    write(entry, .none, &out)
                }
            }
            out += "\\end{bmatrix}"
        }
    }

    private func isFraction(_ f: MatrixForm) -> Bool {
        if case let .quotient(_, _, elementwise) = f.kind { return !elementwise }
        return false
    }

    private func writeCall(_ fn: String, _ args: [MatrixForm], _ keywords: [(String, MatrixForm)], _ f: MatrixForm, _ out: inout String) {
        switch fn {
        case "inv":
            write(args[0], .atom, &out)
            out += "^{-1}"
        case "sqrt":
            out += "\\sqrt{"
            write(args[0], .none, &out)
            out += "}"
        case "ones", "zeros", "eye":
            out += fn == "ones" ? "\\mathbf{1}" : fn == "zeros" ? "\\mathbf{0}" : "\\mathbf{I}"
            out += "_{"
            for (i, a) in args.enumerated() {
                if i > 0 { out += "\\times " }
                write(a, .none, &out)
            }
            out += "}"
        case "logdet":
            out += "\\log\\left|\\det "
            write(args[0], .atom, &out)
            out += "\\right|"
        case "abs":
            out += "\\left|"
            write(args[0], .none, &out)
            out += "\\right|"
        default:
            out += MatrixFormLatex.functionNames[fn] ?? "\\operatorname{" + LatexPrinter.escapingUnderscores(fn) + "}"
            out += "\\left("
            for (i, a) in args.enumerated() {
                if i > 0 { out += ", " }
                write(a, .none, &out)
            }
            for (key, value) in keywords {
                out += ", \\mathrm{" + key + "}="
                write(value, .none, &out)
            }
            out += "\\right)"
        }
    }
}
