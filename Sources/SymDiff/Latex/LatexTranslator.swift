/// Translates LaTeX tokens into the infix language, recording where each byte came from.
/// Adjacent operands get an explicit `*` (LaTeX writes products by juxtaposition).
struct LatexTranslator {
    let source: [UInt8]
    let reader: LatexReader
    private(set) var output: [UInt8] = []
    private var origins: [Range<Int>] = []
    private var tokens: [LatexToken] = []
    private var position = 0
    private var afterOperand = false

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
        try sequence { _ in false }
    }

    // MARK: - Output

    private mutating func emit(_ text: String, _ range: Range<Int>) {
        for b in text.utf8 {
            output.append(b)
            origins.append(range)
        }
    }

    /// Starts an operand: a `*` first when one stands before it.
    private mutating func beginOperand(_ range: Range<Int>) {
        if afterOperand { emit("*", range) }
        afterOperand = false
    }

    private mutating func operand(_ text: String, _ range: Range<Int>) {
        beginOperand(range)
        emit(text, range)
        afterOperand = true
    }

    private mutating func infix(_ text: String, _ range: Range<Int>) {
        emit(text, range)
        afterOperand = false
    }

    // MARK: - Reading

    private var atEnd: Bool { position >= tokens.count }
    private var next: LatexToken? { atEnd ? nil : tokens[position] }
    private var endOfSource: Range<Int> { (tokens.last?.range.upperBound ?? 0)..<(tokens.last?.range.upperBound ?? 0) }


    /// Items until `stop` says the next token ends the sequence (or the end).
    private mutating func sequence(until stop: (LatexToken) -> Bool) throws(Diagnostic) {
        while let t = next, !stop(t) { try item() }
    }

    private mutating func expect(_ c: Character, closing open: LatexToken) throws(Diagnostic) {
        guard isSymbol(next, c) else {
            throw Diagnostic("latex-unclosed", "expected '\(c)' to close this", at: open.range, notes: ["it is not closed before \(next.map { "'\(text($0))'" } ?? "the end")"])
        }
        position += 1
    }

    private func text(_ t: LatexToken) -> String { String(decoding: source[t.range], as: UTF8.self) }

    private mutating func item() throws(Diagnostic) {
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
            try postfix()
        case let .symbol(b):
            try symbol(Character(UnicodeScalar(b)), t)
        case let .command(name):
            try command(name, t)
        }
    }

    private mutating func symbol(_ c: Character, _ t: LatexToken) throws(Diagnostic) {
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
        case "=":
            throw Diagnostic("latex-equation", "an equation: give one side, or both as lhs - rhs", at: t.range)
        default:
            throw Diagnostic("latex-symbol", "'\(c)' is not supported in LaTeX input", at: t.range)
        }
    }

    /// `^` exponents after an operand.
    private mutating func postfix() throws(Diagnostic) {
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
    private mutating func argument(open: String, close: String, at owner: LatexToken) throws(Diagnostic) {
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
    private mutating func single() throws(Diagnostic) {
        let t = tokens[position]
        switch t.kind {
        case let .number(n): position += 1; operand(n, t.range)
        case let .letter(c): position += 1; operand(String(UnicodeScalar(c)), t.range)
        default: try item()
        }
    }

    /// A number given where LaTeX takes one character: only its first digit.
    private mutating func splitNumber() {
        guard let t = next, case let .number(n) = t.kind, n.count > 1 else { return }
        let first = t.range.lowerBound..<t.range.lowerBound + 1
        tokens[position] = LatexToken(kind: .number(String(n.prefix(1))), range: first)
        tokens.insert(LatexToken(kind: .number(String(n.dropFirst())), range: first.upperBound..<t.range.upperBound), at: position + 1)
    }

    /// `name` with a following `_1` or `_{12}` appended as `name_12`.
    private mutating func subscripted(_ name: String) throws(Diagnostic) -> String {
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

    // MARK: - Commands

    private mutating func command(_ name: String, _ t: LatexToken) throws(Diagnostic) {
        switch name {
        case "frac", "dfrac", "tfrac":
            position += 1
            if try derivative(t) { return }
            beginOperand(t.range)
            emit("(", t.range)
            try argument(open: "(", close: ")", at: t)
            emit("/", t.range)
            try argument(open: "(", close: ")", at: t)
            emit(")", t.range)
            afterOperand = true
            try postfix()
        case "sqrt":
            position += 1
            try root(t)
        case "left":
            try leftRight(t)
        case "right":
            throw Diagnostic("latex-right", "\\right without \\left", at: t.range)
        case "cdot", "times", "ast":
            position += 1
            infix("*", t.range)
        case "div":
            position += 1
            infix("/", t.range)
        case ",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "limits":
            position += 1
        case "{":
            // \{ ... \} groups like parentheses.
            position += 1
            beginOperand(t.range)
            emit("(", t.range)
            try sequence { isCommand($0, ["}"]) }
            guard isCommand(next, ["}"]) else { throw Diagnostic("latex-unclosed", "expected '\\}' to close this", at: t.range) }
            position += 1
            emit(")", t.range)
            afterOperand = true
            try postfix()
        case "pi":
            position += 1
            operand("pi", t.range)
            try postfix()
        case "infty":
            throw Diagnostic("latex-infinity", "infinity is not a value here", at: t.range)
        case "mathrm", "operatorname", "text", "mathit", "textrm":
            position += 1
            let word = try rawWord(after: t)
            try named(word, t)
        case "sigma" where isCallNext:
            position += 1
            try function(.sigmoid, t)
        case "log" where isSymbol(tokens[safe: position + 1], "_"):
            position += 2
            try logarithm(t)
        case "partial":
            throw Diagnostic("latex-differential", "\\partial belongs in \\frac{\\partial}{\\partial x}", at: t.range)
        default:
            if let f = LatexNames.functions[name] {
                position += 1
                try function(f, t)
            } else if LatexNames.greek.contains(name) {
                position += 1
                operand(try subscripted(name), t.range)
                try postfix()
            } else {
                throw Diagnostic("latex-command", "unknown LaTeX command \\\(name)", at: t.range,
                                 notes: ["functions are written \\sin, \\ln, \\operatorname{relu}; products \\cdot or \\times"])
            }
        }
    }

    private var isCallNext: Bool { isSymbol(tokens[safe: position + 1], "(") || isCommand(tokens[safe: position + 1], ["left"]) }

    /// The letters of `{word}` after `\mathrm` and the like (`\_` is `_`).
    private mutating func rawWord(after t: LatexToken) throws(Diagnostic) -> String {
        guard isSymbol(next, "{") else { throw Diagnostic("latex-argument", "\\\(text(t).dropFirst()) needs {name}", at: t.range) }
        let open = tokens[position]
        position += 1
        var word = ""
        while let u = next, !isSymbol(u, "}") {
            switch u.kind {
            case let .letter(c): word.append(Character(UnicodeScalar(c)))
            case let .number(n): word += n
            case .command("_"): word += "_"
            default: throw Diagnostic("latex-name", "a name is letters, digits and \\_", at: u.range)
            }
            position += 1
        }
        try expect("}", closing: open)
        return word
    }

    /// A word from `\mathrm{...}`: a function of the table when called (or named so in LaTeX),
    /// `e`, or one variable name.
    private mutating func named(_ word: String, _ t: LatexToken) throws(Diagnostic) {
        if let f = LatexNames.operatorNames[word] ?? FunctionTable.lookup(word) {
            try function(f, t)
            return
        }
        if word.isEmpty { throw Diagnostic("latex-name", "an empty name", at: t.range) }
        operand(word == "e" ? "e" : try subscripted(word), t.range)
        try postfix()
    }

    /// `\sqrt{u}`, `\sqrt[3]{u}` (cbrt), `\sqrt[n]{u}`.
    private mutating func root(_ t: LatexToken) throws(Diagnostic) {
        beginOperand(t.range)
        if isSymbol(next, "[") {
            let open = tokens[position]
            position += 1
            let indexStart = position
            while let u = next, !isSymbol(u, "]") { position += 1 }
            try expect("]", closing: open)
            let index = Array(tokens[indexStart..<(position - 1)])
            if index.count == 1, case .number("3") = index[0].kind {
                emit("cbrt", t.range)
                try argument(open: "(", close: ")", at: t)
            } else {
                emit("(", t.range)
                try argument(open: "(", close: ")", at: t)
                emit("^(1/(", t.range)
                afterOperand = false
                let saved = (tokens, position)
                tokens = index
                position = 0
                try sequence { _ in false }
                (tokens, position) = saved
                emit(")))", t.range)
            }
        } else {
            emit("sqrt", t.range)
            try argument(open: "(", close: ")", at: t)
        }
        afterOperand = true
        try postfix()
    }

    /// `\left( … \right)`, `\left[ … \right]`, `\left| … \right|` (abs), `\left. … \right|`.
    private mutating func leftRight(_ t: LatexToken) throws(Diagnostic) {
        position += 1
        guard let delimiter = next else { throw Diagnostic("latex-delimiter", "\\left needs a delimiter", at: t.range) }
        position += 1
        let bars = isSymbol(delimiter, "|") || isCommand(delimiter, ["vert", "lvert"])
        beginOperand(t.range)
        emit(bars ? "abs(" : "(", t.range.lowerBound..<delimiter.range.upperBound)
        try sequence { isCommand($0, ["right"]) }
        guard let right = next else {
            throw Diagnostic("latex-unclosed", "\\left without \\right", at: t.range.lowerBound..<delimiter.range.upperBound)
        }
        position += 1
        guard let closing = next else { throw Diagnostic("latex-delimiter", "\\right needs a delimiter", at: right.range) }
        position += 1
        emit(")", right.range.lowerBound..<closing.range.upperBound)
        afterOperand = true
        try postfix()
    }

    /// A function call: `\sin(x)`, `\sin\left(x\right)`, `\sin x`, `\sin^2 x` (= sin(x)^2),
    /// `\sin 2x` (the argument is the product that follows).
    private mutating func function(_ f: FunctionID, _ t: LatexToken) throws(Diagnostic) {
        // An exponent written before the argument applies to the value.
        var exponent: Range<Int>?
        if isSymbol(next, "^") {
            position += 1
            let start = position
            try skipArgument(of: t)
            exponent = start..<position
        }
        beginOperand(t.range)
        emit(f.name + "(", t.range)
        if isSymbol(next, "(") {
            let open = tokens[position]
            position += 1
            try sequence { isSymbol($0, ")") }
            try expect(")", closing: open)
        } else if isCommand(next, ["left"]) {
            let left = tokens[position]
            position += 1
            guard next != nil else { throw Diagnostic("latex-delimiter", "\\left needs a delimiter", at: left.range) }
            position += 1
            try sequence { isCommand($0, ["right"]) }
            guard next != nil else { throw Diagnostic("latex-unclosed", "\\left without \\right", at: left.range) }
            position += 2
        } else {
            // The argument is the run of operands up to an operator, a function or a closer.
            var count = 0
            while let u = next, isImplicitArgument(u) {
                try item()
                count += 1
            }
            if count == 0 { throw Diagnostic("latex-argument", "\\\(text(t).dropFirst().prefix { $0 != "{" }) needs an argument", at: t.range) }
        }
        emit(")", tokens[position - 1].range)
        if let exponent {
            emit("^(", t.range)
            let saved = position
            position = exponent.lowerBound
            afterOperand = false
            try argumentTokens(until: exponent.upperBound, owner: t)
            position = saved
            emit(")", t.range)
        }
        afterOperand = true
        try postfix()
    }

    /// Translates the argument at the current position that ends at `end`.
    private mutating func argumentTokens(until end: Int, owner: LatexToken) throws(Diagnostic) {
        if isSymbol(next, "{") {
            position += 1
            while position < end - 1 { try item() }
            position = end
        } else {
            try single()
        }
    }

    /// Moves past a braced group or a single token.
    private mutating func skipArgument(of owner: LatexToken) throws(Diagnostic) {
        guard let t = next else { throw Diagnostic("latex-argument", "'^' needs an exponent", at: owner.range) }
        position += 1
        guard isSymbol(t, "{") else { return }
        var depth = 1
        while let u = next, depth > 0 {
            if isSymbol(u, "{") { depth += 1 }
            if isSymbol(u, "}") { depth -= 1 }
            position += 1
        }
        if depth > 0 { throw Diagnostic("latex-unclosed", "expected '}' to close this", at: t.range) }
    }

    private func isImplicitArgument(_ t: LatexToken) -> Bool {
        switch t.kind {
        case .number, .letter: return true
        case let .symbol(b): return b == UInt8(ascii: "{")
        case let .command(n): return n == "pi" || n == "frac" || n == "sqrt" || n == "mathrm" || (LatexNames.greek.contains(n) && n != "sigma")
        }
    }

    /// `\log_2`, `\log_{10}`, `\log_b x` = log(x)/log(b).
    private mutating func logarithm(_ t: LatexToken) throws(Diagnostic) {
        let baseStart = position
        try skipArgument(of: t)
        let base = tokens[baseStart..<position].map { text($0) }.joined()
        switch base {
        case "2", "{2}": try function(.log2, t)
        case "{10}": try function(.log10, t)
        case "e", "{e}": try function(.log, t)
        default:
            beginOperand(t.range)
            emit("(", t.range)
            try function(.log, t)
            emit("/log(", t.range)
            afterOperand = false
            let saved = position
            position = baseStart
            try argumentTokens(until: saved, owner: t)
            position = saved
            emit("))", t.range)
            afterOperand = true
        }
    }

    // MARK: - Derivatives

    /// `\frac{d}{dx} f`, `\frac{d^2}{dx^2} f`, `\frac{\partial}{\partial x} f`: the derivative of
    /// the group or the term that follows, written in as its (printed) value.
    private mutating func derivative(_ t: LatexToken) throws(Diagnostic) -> Bool {
        let start = position
        guard let (numerator, afterNumerator) = bracedTokens(from: start),
              let (denominator, afterDenominator) = bracedTokens(from: afterNumerator),
              let order = differentialOrder(numerator, alone: true),
              let (variable, denominatorOrder) = differentialVariable(denominator) else {
            if let (numerator, afterNumerator) = bracedTokens(from: start), differentialOrder(Array(numerator.prefix(1)), alone: true) != nil,
               numerator.count > 1, let (denominator, _) = bracedTokens(from: afterNumerator), differentialVariable(denominator) != nil {
                throw Diagnostic("latex-derivative", "write the function after the operator: \\frac{d}{dx} f", at: t.range)
            }
            return false
        }
        if order != denominatorOrder {
            throw Diagnostic("latex-derivative", "the orders of d^\(order) and d\(variable)^\(denominatorOrder) differ", at: t.range)
        }
        position = afterDenominator
        let bodyStart = position
        if let u = next, isSymbol(u, "(") || isSymbol(u, "[") || isSymbol(u, "{") || isCommand(u, ["left"]) {
            // A bracketed group: the body is that group.
            try skipGroup()
        } else {
            var depth = 0
            while let u = next {
                if isSymbol(u, "(") || isSymbol(u, "[") || isSymbol(u, "{") || isCommand(u, ["left"]) { depth += 1 }
                if isSymbol(u, ")") || isSymbol(u, "]") || isSymbol(u, "}") || isCommand(u, ["right"]) {
                    if depth == 0 { break }
                    depth -= 1
                }
                if depth == 0, isSymbol(u, "+") || isSymbol(u, "-") || isSymbol(u, "="), position > bodyStart { break }
                position += 1
            }
        }
        guard position > bodyStart else { throw Diagnostic("latex-derivative", "nothing to differentiate after the operator", at: t.range) }
        let range = tokens[bodyStart].range.lowerBound..<tokens[position - 1].range.upperBound
        var body = try reader.read(source, range).expr
        for _ in 0..<order { body = body.derivative(withRespectTo: .symbol(variable)) }
        operand("(" + Simplifier().simplify(body).description + ")", t.range.lowerBound..<range.upperBound)
        try postfix()
        return true
    }

    private mutating func skipGroup() throws(Diagnostic) {
        let open = tokens[position]
        if isCommand(open, ["left"]) {
            var depth = 0
            while let u = next {
                if isCommand(u, ["left"]) { depth += 1 }
                position += 1
                if isCommand(u, ["right"]) {
                    depth -= 1
                    if depth == 0 { position += 1; return }
                }
            }
            throw Diagnostic("latex-unclosed", "\\left without \\right", at: open.range)
        }
        var depth = 0
        while let u = next {
            if isSymbol(u, "(") || isSymbol(u, "[") || isSymbol(u, "{") { depth += 1 }
            if isSymbol(u, ")") || isSymbol(u, "]") || isSymbol(u, "}") { depth -= 1 }
            position += 1
            if depth == 0 { return }
        }
        throw Diagnostic("latex-unclosed", "this group is not closed", at: open.range)
    }

    /// The tokens inside `{...}` starting at `index`, and the index after it.
    private func bracedTokens(from index: Int) -> ([LatexToken], Int)? {
        guard index < tokens.count else { return nil }
        if !isSymbol(tokens[index], "{") { return ([tokens[index]], index + 1) }
        var depth = 0
        var i = index
        while i < tokens.count {
            if isSymbol(tokens[i], "{") { depth += 1 }
            if isSymbol(tokens[i], "}") {
                depth -= 1
                if depth == 0 { return (Array(tokens[(index + 1)..<i]), i + 1) }
            }
            i += 1
        }
        return nil
    }

    /// `d`, `\mathrm{d}`, `\partial`, optionally `^n`; nil otherwise. With `alone`, nothing may
    /// follow the power.
    private func differentialOrder(_ tokens: [LatexToken], alone: Bool) -> Int? {
        var rest = tokens[...]
        guard let first = rest.first else { return nil }
        switch first.kind {
        case .letter(UInt8(ascii: "d")), .command("partial"): rest = rest.dropFirst()
        case .command("mathrm"):
            guard rest.count >= 4, isSymbol(rest.dropFirst().first, "{"), case .letter(UInt8(ascii: "d")) = rest.dropFirst(2).first!.kind,
                  isSymbol(rest.dropFirst(3).first, "}") else { return nil }
            rest = rest.dropFirst(4)
        default: return nil
        }
        var order = 1
        if isSymbol(rest.first, "^") {
            rest = rest.dropFirst()
            if isSymbol(rest.first, "{") { rest = rest.dropFirst() }
            guard let n = rest.first, case let .number(digits) = n.kind, let k = Int(digits), k >= 1 else { return nil }
            order = k
            rest = rest.dropFirst()
            if isSymbol(rest.first, "}") { rest = rest.dropFirst() }
        }
        return alone && !rest.isEmpty ? nil : order
    }

    /// `dx`, `d x^2`, `\partial x`, `\mathrm{d}x`: the variable and the order.
    private func differentialVariable(_ tokens: [LatexToken]) -> (String, Int)? {
        // The differential is `d`, `\partial` (one token) or `\mathrm{d}` (four).
        let head = isCommand(tokens.first, ["mathrm"]) ? 4 : 1
        guard head < tokens.count, differentialOrder(Array(tokens[..<head]), alone: true) == 1 else { return nil }
        let name: String
        switch tokens[head].kind {
        case let .letter(c): name = String(UnicodeScalar(c))
        case let .command(n): name = n
        default: return nil
        }
        var rest = tokens[(head + 1)...]
        var order = 1
        if isSymbol(rest.first, "^") {
            rest = rest.dropFirst()
            if isSymbol(rest.first, "{") { rest = rest.dropFirst() }
            guard let n = rest.first, case let .number(digits) = n.kind, let k = Int(digits) else { return nil }
            order = k
            rest = rest.dropFirst()
            if isSymbol(rest.first, "}") { rest = rest.dropFirst() }
        }
        return rest.isEmpty ? (name, order) : nil
    }
}

/// True when `t` is the symbol `c`.
private func isSymbol(_ t: LatexToken?, _ c: Character) -> Bool {
    if let t, case let .symbol(b) = t.kind { return b == c.asciiValue! }
    return false
}

/// True when `t` is one of the commands `names`.
private func isCommand(_ t: LatexToken?, _ names: Set<String>) -> Bool {
    if let t, case let .command(n) = t.kind { return names.contains(n) }
    return false
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
