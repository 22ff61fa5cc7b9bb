import SymDiff

/// What people type out of habit from other tools, answered with what the statement language
/// wants instead of a symbol echoed back or a puzzling parse: `quit`, `exit`, `help` and `?`
/// (ginsh, isympy, Python), Leibniz's `d/dx x^2`, and a prime `f'(x)`.
enum StatementHints {
    /// The words that mean a meta command elsewhere, with what to type here.
    static let metaWords: [String: String] = [
        "quit": ":quit leaves (Ctrl-D too)",
        "exit": ":quit leaves (Ctrl-D too)",
        "help": ":help lists the commands; :help NAME explains one",
        "?": ":help lists the commands; :help NAME explains one",
    ]

    /// The error for a line that is only such a word, unless the session has given it a value.
    static func metaWord(_ text: String, in session: Session) -> Diagnostic? {
        let word = text.trimmedSpaces
        guard let instead = metaWords[word], session.variables[word] == nil else { return nil }
        let start = text.utf8.count - text.drop { $0 == " " || $0 == "\t" }.utf8.count
        return Diagnostic("meta-word", "'\(word)' is not a statement here", at: start..<start + word.utf8.count, notes: [instead])
    }

    /// `d/dx EXPR` (or `d/dx(EXPR)`): an error that suggests `diff(EXPR, x)`, as the parse
    /// would be d*EXPR/dx.
    static func leibniz(_ bytes: [UInt8]) -> Diagnostic? {
        let text = String(decoding: bytes, as: UTF8.self)
        let body = text.drop { $0 == " " || $0 == "\t" }
        guard body.hasPrefix("d/d") else { return nil }
        let afterSlash = body.dropFirst(3)
        let variable = afterSlash.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard let first = variable.first, first.isLetter else { return nil }
        let rest = afterSlash.dropFirst(variable.count)
        guard rest.first == " " || rest.first == "(" else { return nil }
        var operand = rest.trimmingSpaces
        if operand.first == "(", operand.last == ")" { operand = String(operand.dropFirst().dropLast()) }
        guard !operand.isEmpty else { return nil }
        let start = text.utf8.count - body.utf8.count
        return Diagnostic("leibniz-notation", "d/d\(variable) is not notation here (it would read as d*.../d\(variable))",
                          at: start..<start + 3 + variable.utf8.count,
                          notes: ["write diff(\(operand), \(variable))"])
    }

    /// A diagnostic reworded for statements: the lexer's note on a prime speaks of the command
    /// line's `--wrt`.
    static func forStatements(_ d: Diagnostic, source: [UInt8]) -> Diagnostic {
        guard d.id == "unexpected-character", d.range.lowerBound < source.count, source[d.range.lowerBound] == UInt8(ascii: "'") else { return d }
        return Diagnostic(d.id, d.message, at: d.range, notes: ["a derivative is written diff(f(x), x); the second diff(f(x), x, 2)"])
    }
}

extension StringProtocol {
    /// Without spaces and tabs at either end.
    var trimmingSpaces: String { String(self).trimmedSpaces }
}
