/// One token of an expression, with the UTF-8 byte range it came from.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Substring)
        case identifier(String)
        case plus, minus, star, slash, caret
        case leftParen, rightParen, comma
        /// Statement syntax only: `=` (definitions, keyword arguments), `==` (assertions), `[` `]` (lists).
        case equals, doubleEquals, leftBracket, rightBracket
        /// A comparison other than `==`: `<`, `<=`, `>`, `>=`, `!=` (conditions of `piecewise`).
        case comparison(String)
        /// `√`: square root of the following operand.
        case radical
        /// A run of superscript digits (`²`, `⁻¹`): a power with this integer exponent.
        case superscript(Int)
        /// Tensor syntax only: transposes, elementwise operators, `;` and `:` (TensorTokens.swift).
        case tensor(TensorToken)
        case end
    }

    let kind: Kind
    let range: Range<Int>
}

/// Splits UTF-8 bytes into tokens. Accepts the ASCII operators and their common Unicode forms
/// (`×` `·` for `*`, `−` `–` for `-`, `π` for `pi`, `√`, superscript digits); rejects invalid UTF-8,
/// control and invisible characters with a diagnostic that names the byte offset.
struct Lexer {
    let bytes: [UInt8]
    /// Also read the statement language's tokens: `=`, `==`, `[`, `]`, and `%`, `%%` (earlier
    /// results, read as names).
    var statementSyntax = false
    /// Also read the tensor language's tokens: `'`, `ᵀ`, `.*`, `./`, `.^`, `⊙`, `[`, `]`, `;`,
    /// `:`, and `=` in keyword arguments.
    var tensorSyntax = false

    init(bytes: [UInt8], statementSyntax: Bool = false, tensorSyntax: Bool = false) {
        self.bytes = bytes
        self.statementSyntax = statementSyntax
        self.tensorSyntax = tensorSyntax
    }

    func tokens() throws(Diagnostic) -> [Token] {
        var out: [Token] = []
        // Written expressions have about one token per two or three bytes: room for that up
        // front, so a long input's token list is not copied doubling by doubling.
        out.reserveCapacity(bytes.count / 2 + 1)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1; continue }
            let start = i
            if tensorSyntax, let (kind, length) = tensorToken(at: i) {
                out.append(Token(kind: kind, range: i..<i + length))
                i += length
                continue
            }
            if isDigit(b) || (b == UInt8(ascii: ".") && i + 1 < n && isDigit(bytes[i + 1])) {
                i = try scanNumber(from: i)
                out.append(Token(kind: .number(Substring(decoding: bytes[start..<i], as: UTF8.self)), range: start..<i))
                continue
            }
            if b < 0x80 {
                let kind: Token.Kind
                switch b {
                case UInt8(ascii: "+"): kind = .plus
                case UInt8(ascii: "-"): kind = .minus
                case UInt8(ascii: "*"):
                    if i + 1 < n && bytes[i + 1] == UInt8(ascii: "*") {
                        out.append(Token(kind: .caret, range: i..<i + 2))
                        i += 2
                        continue
                    }
                    kind = .star
                case UInt8(ascii: "/"): kind = .slash
                case UInt8(ascii: "^"): kind = .caret
                case UInt8(ascii: "("): kind = .leftParen
                case UInt8(ascii: ")"): kind = .rightParen
                case UInt8(ascii: ","): kind = .comma
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"):
                    let withEquals = i + 1 < n && bytes[i + 1] == UInt8(ascii: "=")
                    guard b != UInt8(ascii: "!") || withEquals else { throw unexpectedASCII(b, at: i) }
                    let length = withEquals ? 2 : 1
                    out.append(Token(kind: .comparison(String(decoding: bytes[i..<i + length], as: UTF8.self)), range: i..<i + length))
                    i += length
                    continue
                case UInt8(ascii: "=") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "="):
                    // `==` compares in any expression (conditions); a single `=` is statement syntax.
                    out.append(Token(kind: .doubleEquals, range: i..<i + 2))
                    i += 2
                    continue
                case UInt8(ascii: "="), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "%"):
                    guard statementSyntax else { throw unexpectedASCII(b, at: i) }
                    let double = i + 1 < n && bytes[i + 1] == b && (b == UInt8(ascii: "=") || b == UInt8(ascii: "%"))
                    let length = double ? 2 : 1
                    let statementKind: Token.Kind
                    switch b {
                    case UInt8(ascii: "="): statementKind = double ? .doubleEquals : .equals
                    case UInt8(ascii: "["): statementKind = .leftBracket
                    case UInt8(ascii: "]"): statementKind = .rightBracket
                    default: statementKind = .identifier(double ? "%%" : "%")
                    }
                    out.append(Token(kind: statementKind, range: i..<i + length))
                    i += length
                    continue
                default:
                    if isIdentifierStart(b) {
                        if let end = derivativeOperatorEnd(at: i) {
                            out.append(Token(kind: .identifier(String(decoding: bytes[start..<end], as: UTF8.self)), range: start..<end))
                            i = end
                            continue
                        }
                        while i < n, bytes[i] < 0x80 ? isIdentifierContinue(bytes[i]) : (decodeScalar(at: i).map { isLetter($0.0) } ?? false) {
                            i += bytes[i] < 0x80 ? 1 : decodeScalar(at: i)!.1
                        }
                        i = primesEnd(from: i)
                        out.append(Token(kind: .identifier(String(decoding: bytes[start..<i], as: UTF8.self)), range: start..<i))
                        continue
                    }
                    throw unexpectedASCII(b, at: i)
                }
                out.append(Token(kind: kind, range: i..<i + 1))
                i += 1
                continue
            }
            // Non-ASCII: decode one scalar.
            guard let (scalar, length) = decodeScalar(at: i) else {
                throw Diagnostic("invalid-utf8", "invalid UTF-8 byte 0x\(String(bytes[i], radix: 16, uppercase: true)) at byte offset \(i)",
                                 at: i..<i + 1)
            }
            let range = i..<i + length
            switch scalar.value {
            case 0xD7, 0xB7, 0x22C5, 0x2219: out.append(Token(kind: .star, range: range))  // × · ⋅ ∙
            case 0x2212, 0x2013: out.append(Token(kind: .minus, range: range))  // − –
            case 0xF7, 0x2215: out.append(Token(kind: .slash, range: range))  // ÷ ∕
            case 0x221A: out.append(Token(kind: .radical, range: range))  // √
            case 0x3C0: out.append(Token(kind: .identifier("pi"), range: range))  // π
            case 0xA0: break  // no-break space
            default:
                if superscriptValue(scalar) != nil {
                    i = try scanSuperscript(from: i, into: &out)
                    continue
                }
                if isLetter(scalar) {
                    var j = i + length
                    while j < n {
                        if bytes[j] < 0x80 {
                            if !isIdentifierContinue(bytes[j]) { break }
                            j += 1
                        } else if let (s, l) = decodeScalar(at: j), isLetter(s), s.value != 0x3C0 {
                            j += l
                        } else { break }
                    }
                    j = primesEnd(from: j)
                    out.append(Token(kind: .identifier(String(decoding: bytes[i..<j], as: UTF8.self)), range: i..<j))
                    i = j
                    continue
                }
                let name = scalar.properties.name.map { " (\($0.lowercased()))" } ?? ""
                throw Diagnostic("unexpected-character",
                                 "unexpected character U+\(String(scalar.value, radix: 16, uppercase: true))\(name)",
                                 at: range)
            }
            i += length
        }
        out.append(Token(kind: .end, range: n..<n))
        return out
    }

    // MARK: - Numbers

    /// Scans `12`, `2.5`, `.5`, `1e-3`; returns the end offset.
    private func scanNumber(from start: Int) throws(Diagnostic) -> Int {
        var i = start
        let n = bytes.count
        while i < n && isDigit(bytes[i]) { i += 1 }
        if i < n && bytes[i] == UInt8(ascii: "."), !(tensorSyntax && tensorToken(at: i) != nil) {
            i += 1
            while i < n && isDigit(bytes[i]) { i += 1 }
            if i < n && bytes[i] == UInt8(ascii: ".") {
                throw Diagnostic("bad-number", "a number has two decimal points", at: start..<i + 1)
            }
        }
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            var j = i + 1
            if j < n && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) { j += 1 }
            if j < n && isDigit(bytes[j]) {
                while j < n && isDigit(bytes[j]) { j += 1 }
                i = j
                if i < n && bytes[i] == UInt8(ascii: ".") {
                    throw Diagnostic("bad-number", "the exponent of a number must be a whole number", at: start..<i + 1)
                }
            } else if j == i + 1 && j < n && isIdentifierContinue(bytes[j]) {
                // `2ex`: not a number with an exponent; leave the letters to the identifier.
                return i
            } else {
                throw Diagnostic("bad-number", "missing exponent digits after '\(Character(UnicodeScalar(bytes[i])))'",
                                 at: start..<j, notes: ["write 2*e for the constant e"])
            }
        }
        if i < n && bytes[i] == UInt8(ascii: "_") {
            throw Diagnostic("bad-number", "digit separators are not supported in numbers", at: i..<i + 1)
        }
        return i
    }

    // MARK: - Superscripts

    private func superscriptValue(_ s: Unicode.Scalar) -> Int? {
        switch s.value {
        case 0x2070: return 0
        case 0xB9: return 1
        case 0xB2: return 2
        case 0xB3: return 3
        case 0x2074...0x2079: return Int(s.value - 0x2070)
        case 0x207B: return -1  // superscript minus
        default: return nil
        }
    }

    private func scanSuperscript(from start: Int, into out: inout [Token]) throws(Diagnostic) -> Int {
        var i = start
        var negative = false
        var value = 0
        var digits = 0
        while i < bytes.count, let (s, l) = decodeScalar(at: i), let v = superscriptValue(s) {
            if v == -1 {
                if negative || digits > 0 { throw Diagnostic("bad-superscript", "misplaced superscript minus", at: i..<i + l) }
                negative = true
            } else {
                value = value * 10 + v
                digits += 1
                if digits > 9 { throw Diagnostic("bad-superscript", "superscript exponent is too long", at: start..<i + l) }
            }
            i += l
        }
        if digits == 0 { throw Diagnostic("bad-superscript", "superscript minus without digits", at: start..<i) }
        out.append(Token(kind: .superscript(negative ? -value : value), range: start..<i))
        return i
    }

    // MARK: - Characters

    func decodeScalar(at i: Int) -> (Unicode.Scalar, Int)? {
        let b0 = bytes[i]
        let length: Int
        let minimum: UInt32
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07); minimum = 0x10000
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    private func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic && !s.properties.isDefaultIgnorableCodePoint && !(tensorSyntax && s == TensorToken.superscriptT)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
    }

    private func isIdentifierContinue(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

    private func unexpectedASCII(_ b: UInt8, at i: Int) -> Diagnostic {
        let ch = Character(UnicodeScalar(b))
        let range = i..<i + 1
        switch ch {
        case "=": return Diagnostic("unexpected-character", "'=' is not allowed in an expression", at: range,
                                    notes: ["assignments and equations belong in a script or the REPL"])
        case "'": return Diagnostic("unexpected-character", "unexpected character '''", at: range,
                                    notes: ["derivatives are taken with --wrt, not with a prime"])
        case "[", "]", "{", "}": return Diagnostic("unexpected-character", "unexpected '\(ch)'", at: range,
                                                   notes: ["use ( and ) for grouping"])
        case ".": return Diagnostic("bad-number", "unexpected '.'", at: range)
        default:
            if b < 0x20 || b == 0x7F {
                return Diagnostic("control-character", "control character 0x\(String(b, radix: 16, uppercase: true)) at byte offset \(i)", at: range)
            }
            return Diagnostic("unexpected-character", "unexpected character '\(ch)'", at: range)
        }
    }
}

extension Lexer {
    /// Where the primes after a name end (`f''` is one name, the second derivative of `f`); the
    /// tensor language reads `'` as a transpose instead.
    func primesEnd(from i: Int) -> Int {
        var j = i
        if tensorSyntax { return j }
        while j < bytes.count, bytes[j] == UInt8(ascii: "'") { j += 1 }
        return j
    }

    /// The end of a partial-derivative operator `D[1,2](f)` starting at `i` (Maple's notation: the
    /// derivative of `f` in its first and second arguments), read as one name; nil when the bytes
    /// at `i` are not one.
    func derivativeOperatorEnd(at i: Int) -> Int? {
        // Bytes, not Characters: every name is tried here first.
        func at(_ k: Int, _ c: Unicode.Scalar) -> Bool { k < bytes.count && bytes[k] == UInt8(ascii: c) }
        guard at(i, "D"), at(i + 1, "[") else { return nil }
        var k = i + 2
        var sawDigit = false
        while k < bytes.count, bytes[k] != UInt8(ascii: "]") {
            guard (bytes[k] >= UInt8(ascii: "0") && bytes[k] <= UInt8(ascii: "9")) || bytes[k] == UInt8(ascii: ",") || bytes[k] == 0x20 else { return nil }
            if bytes[k] != UInt8(ascii: ",") && bytes[k] != 0x20 { sawDigit = true }
            k += 1
        }
        guard sawDigit, at(k, "]"), at(k + 1, "(") else { return nil }
        k += 2
        let nameStart = k
        while k < bytes.count {
            if bytes[k] < 0x80 {
                guard isIdentifierContinue(bytes[k]) else { break }
                k += 1
            } else if let (scalar, length) = decodeScalar(at: k), isLetter(scalar) {
                k += length
            } else { break }
        }
        guard k > nameStart, bytes[nameStart] >= 0x80 || isIdentifierStart(bytes[nameStart]), at(k, ")") else { return nil }
        return k + 1
    }
}
