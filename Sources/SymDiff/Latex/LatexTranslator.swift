/// Translates LaTeX tokens into the infix language, recording where each byte came from.
/// Adjacent operands get an explicit `*` (LaTeX writes products by juxtaposition).
struct LatexTranslator {
    let source: [UInt8]
    let reader: LatexReader
    private(set) var output: [UInt8] = []
    private var origins: [Range<Int>] = []
    var tokens: [LatexToken] = []
    var position = 0
    var afterOperand = false
    /// Source offsets of the `=` signs that make the LaTeX an equation (see `equationSigns`).
    var equationSigns: Set<Int> = []

    init(source: [UInt8], reader: LatexReader) {
        self.source = source
        self.reader = reader
    }

    /// The LaTeX bytes behind the output bytes `range` (the end of the LaTeX part when past it).
    func origin(of range: Range<Int>, end: Int) -> Range<Int> {
        guard range.lowerBound < origins.count else { return end..<end }
        let last = max(range.lowerBound, min(range.upperBound, origins.count) - 1)
        return origins[range.lowerBound].lowerBound..<max(origins[range.lowerBound].lowerBound, origins[last].upperBound)
    }

    mutating func translate(_ tokens: [LatexToken]) throws(Diagnostic) {
        self.tokens = tokens
        equationSigns = LatexTranslator.equationSigns(in: tokens)
        try sequence { _ in false }
    }

    // MARK: - Output

    mutating func emit(_ text: String, _ range: Range<Int>) {
        for b in text.utf8 {
            output.append(b)
            origins.append(range)
        }
    }

    /// Starts an operand: a `*` first when one stands before it.
    mutating func beginOperand(_ range: Range<Int>) {
        if afterOperand { emit("*", range) }
        afterOperand = false
    }

    mutating func operand(_ text: String, _ range: Range<Int>) {
        beginOperand(range)
        emit(text, range)
        afterOperand = true
    }

    mutating func infix(_ text: String, _ range: Range<Int>) {
        emit(text, range)
        afterOperand = false
    }

    /// Moves the output from `start` up to `middle` after the output from `middle` on, keeping
    /// each byte's origin (a `cases` row writes its value before its condition).
    mutating func rotateOutput(_ start: Int, _ middle: Int) {
        output = Array(output[..<start] + output[middle...] + output[start..<middle])
        origins = Array(origins[..<start] + origins[middle...] + origins[start..<middle])
    }

    // MARK: - Reading

    var atEnd: Bool { position >= tokens.count }
    var next: LatexToken? { atEnd ? nil : tokens[position] }
    var endOfSource: Range<Int> { (tokens.last?.range.upperBound ?? 0)..<(tokens.last?.range.upperBound ?? 0) }


    /// Items until `stop` says the next token ends the sequence (or the end).
    mutating func sequence(until stop: (LatexToken) -> Bool) throws(Diagnostic) {
        while let t = next, !stop(t) { try item() }
    }

    mutating func expect(_ c: Character, closing open: LatexToken) throws(Diagnostic) {
        guard isSymbol(next, c) else {
            throw Diagnostic("latex-unclosed", "expected '\(c)' to close this", at: open.range, notes: ["it is not closed before \(next.map { "'\(text($0))'" } ?? "the end")"])
        }
        position += 1
    }

    func text(_ t: LatexToken) -> String { String(decoding: source[t.range], as: UTF8.self) }

    mutating func item() throws(Diagnostic) {
        let t = tokens[position]
        switch t.kind {
        case let .number(n):
            position += 1
            operand(n, t.range)
            try postfix()
        case .letter(UInt8(ascii: "e")) where isSymbol(tokens[safe: position + 1], "^"):
            // e^{u} is exp(u) (exp(1) prints as e^{1}).
            position += 2
            beginOperand(t.range)
            emit("exp", t.range)
            try argument(open: "(", close: ")", at: t)
            afterOperand = true
            try postfix()
        case let .letter(c):
            position += 1
            operand(try subscripted(String(UnicodeScalar(c))), t.range)
            try application()
            try postfix()
        case let .unicodeLetter(name):
            position += 1
            operand(try subscripted(name), t.range)
            try application()
            try postfix()
        case let .symbol(b):
            try symbol(Character(UnicodeScalar(b)), t)
        case let .command(name):
            try command(name, t)
        }
    }

    mutating func symbol(_ c: Character, _ t: LatexToken) throws(Diagnostic) {
        switch c {
        case "+", "-", "/", "*", ",":
            position += 1
            infix(String(c), t.range)
        case "(", "[", "{":
            position += 1
            beginOperand(t.range)
            emit("(", t.range)
            let close: Character = c == "(" ? ")" : c == "[" ? "]" : "}"
            try sequence { isSymbol($0, close) }
            try expect(close, closing: t)
            emit(")", tokens[position - 1].range)
            afterOperand = true
            try postfix()
        case "|":
            position += 1
            beginOperand(t.range)
            emit("abs(", t.range)
            try sequence { isSymbol($0, "|") }
            try expect("|", closing: t)
            emit(")", tokens[position - 1].range)
            afterOperand = true
            try postfix()
        case ")", "]", "}":
            throw Diagnostic("latex-unopened", "'\(c)' closes nothing", at: t.range)
        case "^", "_":
            throw Diagnostic("latex-script", "'\(c)' needs something before it", at: t.range)
        case "=" where equationSigns.contains(t.range.lowerBound):
            throw Diagnostic("latex-equation", "an equation: give one side, or both as lhs - rhs", at: t.range,
                             notes: ["for the condition a = b (1 where it holds, else 0) write \\left(a = b\\right)"])
        case "=", "<", ">":
            position += 1
            infix(c == "=" ? "==" : String(c), t.range)
        default:
            throw Diagnostic("latex-symbol", "'\(c)' is not supported in LaTeX input", at: t.range)
        }
    }

    /// An unknown function's application as the printer writes it: primes, then `\!` before
    /// the arguments (`f'\!\left(x\right)`). Without the `\!` a name before parentheses is a
    /// product, as LaTeX readers take `x(x + 1)`.
    mutating func application() throws(Diagnostic) {
        var k = position
        while isSymbol(tokens[safe: k], "'") { k += 1 }
        guard isCommand(tokens[safe: k], ["!"]), isCommand(tokens[safe: k + 1], ["left"]) || isSymbol(tokens[safe: k + 1], "(") else { return }
        while position < k {
            emit("'", tokens[position].range)
            position += 1
        }
        position += 1
        afterOperand = false
        try item()
    }

    /// `^` exponents after an operand.
    mutating func postfix() throws(Diagnostic) {
        while isSymbol(next, "^") {
            let caret = tokens[position]
            position += 1
            emit("^", caret.range)
            try argument(open: "(", close: ")", at: caret)
            afterOperand = true
        }
        if isSymbol(next, "_") { throw Diagnostic("latex-subscript", "a subscript belongs to a name (x_{1})", at: tokens[position].range) }
        if isSymbol(next, "!") || isSymbol(next, "'") {
            throw Diagnostic("latex-postfix", "'\(text(tokens[position]))' is not supported in LaTeX input", at: tokens[position].range)
        }
    }

    /// A braced group or a single token (one digit of a number, as LaTeX reads `x^23`),
    /// translated between `open` and `close`.
    mutating func argument(open: String, close: String, at owner: LatexToken) throws(Diagnostic) {
        guard let t = next else { throw Diagnostic("latex-argument", "'\(text(owner))' needs an argument", at: owner.range) }
        afterOperand = false
        if isSymbol(t, "{") {
            position += 1
            emit(open, t.range)
            try sequence { isSymbol($0, "}") }
            try expect("}", closing: t)
            emit(close, tokens[position - 1].range)
            return
        }
        splitNumber()
        emit(open, t.range)
        try single()
        emit(close, t.range)
        afterOperand = true
    }

    /// One item without the `^` that may follow it.
    mutating func single() throws(Diagnostic) {
        let t = tokens[position]
        switch t.kind {
        case let .number(n): position += 1; operand(n, t.range)
        case let .letter(c): position += 1; operand(String(UnicodeScalar(c)), t.range)
        default: try item()
        }
    }

    /// A number given where LaTeX takes one character: only its first digit.
    mutating func splitNumber() {
        guard let t = next, case let .number(n) = t.kind, n.count > 1 else { return }
        let first = t.range.lowerBound..<t.range.lowerBound + 1
        tokens[position] = LatexToken(kind: .number(String(n.prefix(1))), range: first)
        tokens.insert(LatexToken(kind: .number(String(n.dropFirst())), range: first.upperBound..<t.range.upperBound), at: position + 1)
    }

    /// `name` with a following `_1` or `_{12}` appended as `name_12`.
    mutating func subscripted(_ name: String) throws(Diagnostic) -> String {
        guard isSymbol(next, "_") else { return name }
        let bar = tokens[position]
        position += 1
        var text = ""
        if isSymbol(next, "{") {
            let open = tokens[position]
            position += 1
            while let t = next, !isSymbol(t, "}") {
                switch t.kind {
                case let .letter(c): text.append(Character(UnicodeScalar(c)))
                case let .number(n) where !n.contains("."): text += n
                default: throw Diagnostic("latex-subscript", "a subscript of a name is letters and digits", at: t.range)
                }
                position += 1
            }
            try expect("}", closing: open)
        } else if let t = next {
            switch t.kind {
            case let .letter(c): text = String(Character(UnicodeScalar(c)))
            case let .number(n): splitNumber(); text = String(n.prefix(1))
            default: throw Diagnostic("latex-subscript", "a subscript of a name is letters and digits", at: t.range)
            }
            position += 1
        }
        if text.isEmpty { throw Diagnostic("latex-subscript", "an empty subscript", at: bar.range) }
        return name + "_" + text
    }
}

/// True when `t` is the symbol `c`.
func isSymbol(_ t: LatexToken?, _ c: Character) -> Bool {
    if let t, case let .symbol(b) = t.kind { return b == c.asciiValue! }
    return false
}

/// True when `t` is one of the commands `names`.
func isCommand(_ t: LatexToken?, _ names: Set<String>) -> Bool {
    if let t, case let .command(n) = t.kind { return names.contains(n) }
    return false
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
