/// LaTeX commands: fractions, roots, `\left \right`, names in `\mathrm{}`, and function calls
/// written the ways LaTeX allows (`\sin x`, `\sin^2 x`, `\log_b x`).
extension LatexTranslator {
    /// The command `\name` at the current token.
    mutating func command(_ name: String, _ t: LatexToken) throws(Diagnostic) {
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
        case "partial" where isSymbol(tokens[safe: position + 1], "_"):
            try partialApplication(t)
        case "partial":
            throw Diagnostic("latex-differential", "\\partial belongs in \\frac{\\partial}{\\partial x}", at: t.range)
        default:
            if try condition(name, t) { return }
            if let f = LatexNames.functions[name] {
                position += 1
                try function(f, t)
            } else if LatexNames.greek.contains(name) {
                position += 1
                operand(try subscripted(name), t.range)
                try application()
                try postfix()
            } else {
                throw Diagnostic("latex-command", "unknown LaTeX command \\\(name)", at: t.range,
                                 notes: ["functions are written \\sin, \\ln, \\operatorname{relu}; products \\cdot or \\times"])
            }
        }
    }

    var isCallNext: Bool { isSymbol(tokens[safe: position + 1], "(") || isCommand(tokens[safe: position + 1], ["left"]) }

    /// The letters of `{word}` after `\mathrm` and the like (`\_` is `_`).
    mutating func rawWord(after t: LatexToken) throws(Diagnostic) -> String {
        guard isSymbol(next, "{") else { throw Diagnostic("latex-argument", "\\\(text(t).dropFirst()) needs {name}", at: t.range) }
        let open = tokens[position]
        position += 1
        var word = ""
        while let u = next, !isSymbol(u, "}") {
            switch u.kind {
            case let .letter(c): word.append(Character(UnicodeScalar(c)))
            case let .unicodeLetter(s): word += s
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
    mutating func named(_ word: String, _ t: LatexToken) throws(Diagnostic) {
        // `\operatorname{GELU}` is the function; `\mathrm{GELU}` is too when a call follows, and
        // otherwise a variable of that name (the printer writes variables with \mathrm).
        let callFollows = isSymbol(next, "(") || isCommand(next, ["left", "!"])
        let operatorWord = isCommand(t, ["operatorname"]) || callFollows ? LatexNames.operatorNames[word] : nil
        if let f = operatorWord ?? FunctionTable.lookup(word) {
            try function(f, t)
            return
        }
        if word.isEmpty { throw Diagnostic("latex-name", "an empty name", at: t.range) }
        operand(word == "e" ? "e" : try subscripted(word), t.range)
        try application()
        try postfix()
    }

    /// `\sqrt{u}`, `\sqrt[3]{u}` (cbrt), `\sqrt[n]{u}`.
    mutating func root(_ t: LatexToken) throws(Diagnostic) {
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
    mutating func leftRight(_ t: LatexToken) throws(Diagnostic) {
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
    mutating func function(_ f: FunctionID, _ t: LatexToken) throws(Diagnostic) {
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
    mutating func argumentTokens(until end: Int, owner: LatexToken) throws(Diagnostic) {
        if isSymbol(next, "{") {
            position += 1
            while position < end - 1 { try item() }
            position = end
        } else {
            try single()
        }
    }

    /// Moves past a braced group or a single token.
    mutating func skipArgument(of owner: LatexToken) throws(Diagnostic) {
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

    func isImplicitArgument(_ t: LatexToken) -> Bool {
        switch t.kind {
        case .number, .letter, .unicodeLetter: return true
        case let .symbol(b): return b == UInt8(ascii: "{")
        case let .command(n): return n == "pi" || n == "frac" || n == "sqrt" || n == "mathrm" || (LatexNames.greek.contains(n) && n != "sigma")
        }
    }

    /// `\log_2`, `\log_{10}`, `\log_b x` = log(x)/log(b).
    mutating func logarithm(_ t: LatexToken) throws(Diagnostic) {
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

    /// `\partial_{1}\partial_{2} f\!\left(x, y\right)`, as the printer writes a partial
    /// derivative of an unknown function: `D[1,2](f)(x, y)`.
    mutating func partialApplication(_ t: LatexToken) throws(Diagnostic) {
        var indices: [String] = []
        while isCommand(next, ["partial"]), isSymbol(tokens[safe: position + 1], "_") {
            position += 2
            let braced = isSymbol(next, "{")
            if braced { position += 1 }
            guard let number = next, case let .number(digits) = number.kind else {
                throw Diagnostic("latex-partial", "\\partial_{k} needs the argument's number k", at: t.range)
            }
            position += 1
            if braced { try expect("}", closing: number) }
            indices.append(digits)
        }
        let letter: String
        switch next?.kind {
        case let .letter(c)?: letter = String(UnicodeScalar(c))
        case let .unicodeLetter(s)?: letter = s
        case let .command(g)? where LatexNames.greek.contains(g): letter = g
        case .command("operatorname")?, .command("mathrm")?:
            let command = tokens[position]
            position += 1
            letter = try rawWord(after: command)
            position -= 1
        default: throw Diagnostic("latex-partial", "\\partial_{k} is followed by the function's name", at: t.range)
        }
        let name = tokens[position]
        position += 1
        let function = try subscripted(letter)
        guard isCommand(next, ["!"]) else {
            throw Diagnostic("latex-partial", "write the arguments as \\!\\left(x, y\\right) after \\partial_{k} \\(function)", at: t.range)
        }
        operand("D[\(indices.joined(separator: ","))](\(function))", t.range.lowerBound..<name.range.upperBound)
        position += 1
        afterOperand = false
        try item()
    }
}
