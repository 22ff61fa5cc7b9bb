import SymDiff

/// `latex"\frac{x^2}{2}"` in a statement: the LaTeX is read (errors point into it) and its
/// expression written in its place, in parentheses, padded with spaces so that the columns
/// after it stay where they were whenever the infix form is not longer.
enum LatexLiterals {
    private static let opening = Array("latex\"".utf8)

    /// `bytes` with every LaTeX literal replaced by its expression.
    static func expand(_ bytes: [UInt8]) throws(Diagnostic) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard startsLiteral(bytes, at: i) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            let contentStart = i + opening.count
            guard let close = bytes[contentStart...].firstIndex(of: UInt8(ascii: "\"")) else {
                throw Diagnostic("unclosed-latex", "the LaTeX literal is not closed: end it with \"", at: i..<contentStart)
            }
            let e = try LatexReader().read(bytes, contentStart..<close).expr
            var text = Array("(\(e))".utf8)
            let width = close + 1 - i
            if text.count < width { text += Array(repeating: UInt8(ascii: " "), count: width - text.count) }
            out += text
            i = close + 1
        }
        return out
    }

    /// `latex"` at `i`, not inside a longer name (`mylatex"` is no literal).
    private static func startsLiteral(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + opening.count <= bytes.count, Array(bytes[i..<i + opening.count]) == opening else { return false }
        guard i > 0 else { return true }
        let b = bytes[i - 1]
        let isNameByte = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_")
        return !isNameByte
    }
}
