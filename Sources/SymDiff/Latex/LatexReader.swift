/// Reads the LaTeX that people paste from notes and papers into an expression: `\frac`,
/// `\sqrt[n]{}`, `\left( \right)`, `\left| \right|`, `^{}`, `_{}` in names, `\cdot`, `\times`,
/// functions by their LaTeX names (`\sin`, `\ln`, `\log_2`, `\operatorname{relu}`, …), `\sigma(x)`
/// as the sigmoid when it is called, `e^{x}`, `\pi`, Greek letters as names, `\mathrm{rate}` as
/// one name, and `\frac{d}{dx}` (or `\frac{\mathrm{d}^2}{\mathrm{d}x^2}`, `\frac{\partial}{\partial
/// x}`) as a derivative of what follows. Letters written together multiply (`xy` is x*y), as in
/// LaTeX.
///
/// The LaTeX is translated to the infix language, keeping for each byte written the LaTeX
/// bytes it came from, so that every error points into the LaTeX source.
public struct LatexReader {
    /// A reader of LaTeX input.
    public init() {}

    /// The expression `source` denotes. Throws a `Diagnostic` whose range is in `source`.
    public func parse(_ source: String) throws(Diagnostic) -> Expr {
        try parseWithNotation(bytes: Array(source.utf8)).expr
    }

    /// The expression, and whether a number was written with a decimal point.
    public func parseWithNotation(bytes: [UInt8]) throws(Diagnostic) -> (expr: Expr, decimals: Bool) {
        try read(bytes, 0..<bytes.count)
    }

    /// Reads the part `range` of `source` (a statement's LaTeX literal); a diagnostic's range is
    /// in the whole of `source`.
    public func read(_ source: [UInt8], _ range: Range<Int>) throws(Diagnostic) -> (expr: Expr, decimals: Bool) {
        var translator = LatexTranslator(source: source, reader: self)
        let tokens = try LatexToken.scan(source, range)
        try translator.translate(tokens)
        let text = translator.output
        if text.allSatisfy({ $0 == UInt8(ascii: " ") }) {
            throw Diagnostic("empty-latex", "the LaTeX has no expression", at: range.upperBound..<range.upperBound)
        }
        do throws(Diagnostic) {
            return try Parser().parseWithNotation(bytes: text)
        } catch {
            throw Diagnostic(error.id, error.message, at: translator.origin(of: error.range, end: range.upperBound), notes: error.notes)
        }
    }
}

/// One token of LaTeX math: a command (`\frac`), a letter, a number, or a single symbol.
struct LatexToken {
    enum Kind: Equatable {
        case command(String)
        case letter(UInt8)
        /// A letter outside ASCII written as itself (`θ`): the name it is in the expression language.
        case unicodeLetter(String)
        case number(String)
        case symbol(UInt8)
    }

    let kind: Kind
    let range: Range<Int>

    /// The tokens of `source[range]`; spaces separate tokens only.
    static func scan(_ source: [UInt8], _ range: Range<Int>) throws(Diagnostic) -> [LatexToken] {
        var tokens: [LatexToken] = []
        var i = range.lowerBound
        func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        while i < range.upperBound {
            let b = source[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            let start = i
            if b == UInt8(ascii: "\\") {
                i += 1
                if i < range.upperBound, isLetter(source[i]) {
                    while i < range.upperBound, isLetter(source[i]) { i += 1 }
                } else if i < range.upperBound {
                    i += 1
                } else {
                    throw Diagnostic("latex-backslash", "a lone backslash ends the LaTeX", at: start..<i)
                }
                tokens.append(LatexToken(kind: .command(String(decoding: source[(start + 1)..<i], as: UTF8.self)), range: start..<i))
            } else if isDigit(b) || (b == UInt8(ascii: ".") && i + 1 < range.upperBound && isDigit(source[i + 1])) {
                while i < range.upperBound, isDigit(source[i]) || source[i] == UInt8(ascii: ".") { i += 1 }
                tokens.append(LatexToken(kind: .number(String(decoding: source[start..<i], as: UTF8.self)), range: start..<i))
            } else if isLetter(b) {
                i += 1
                tokens.append(LatexToken(kind: .letter(b), range: start..<i))
            } else if b >= 0x80 {
                // One UTF-8 scalar: a letter is a name (the printer writes `θ` as it is named).
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                let end = min(range.upperBound, i + length)
                guard let scalar = String(validating: source[i..<end], as: UTF8.self)?.unicodeScalars.first,
                      scalar.properties.isAlphabetic else {
                    throw Diagnostic("latex-character", "unexpected character in LaTeX; write it as a command (\\alpha, \\cdot)", at: start..<start + 1)
                }
                i = end
                tokens.append(LatexToken(kind: .unicodeLetter(String(scalar)), range: start..<i))
            } else {
                i += 1
                tokens.append(LatexToken(kind: .symbol(b), range: start..<i))
            }
        }
        return tokens
    }
}
