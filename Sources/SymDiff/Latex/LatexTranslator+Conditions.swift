/// Conditions as the LaTeX printer writes them: comparisons (`<`, `\le`, `>`, `\ge`, `=`, `\ne`),
/// `\land`, `\lor`, `\lnot`, and `piecewise` as a `cases` environment. They translate to the
/// infix language's `<`, `<=`, `==`, `and`, `or`, `not` and `piecewise(c1, a1, …, otherwise)`,
/// whose precedences are the printer's.
extension LatexTranslator {
    /// Comparison commands and the infix operator each stands for.
    private static let comparisons: [String: String] = [
        "lt": "<", "le": "<=", "leq": "<=", "leqslant": "<=", "gt": ">", "ge": ">=", "geq": ">=", "geqslant": ">=",
        "ne": "!=", "neq": "!=",
    ]

    /// Connective commands and the infix operator each stands for.
    private static let connectives: [String: String] = [
        "land": " and ", "wedge": " and ", "lor": " or ", "vee": " or ", "lnot": "not ", "neg": "not ",
    ]

    /// Translates the condition command `\name` at the current token; false when `name` is not one.
    mutating func condition(_ name: String, _ t: LatexToken) throws(Diagnostic) -> Bool {
        if let op = Self.comparisons[name] {
            position += 1
            infix(op, t.range)
        } else if let op = Self.connectives[name] {
            position += 1
            if op == "not " { beginOperand(t.range) }
            infix(op, t.range)
        } else if name == "begin" {
            try cases(t)
        } else if name == "end" {
            throw Diagnostic("latex-environment", "\\end without \\begin", at: t.range)
        } else {
            return false
        }
        return true
    }

    /// The `=` signs that make the LaTeX an equation (`y = x^2`): those outside every group when
    /// no connective stands there too. Any other `=` compares (`\left(a = b\right)`,
    /// `a = b \lor c`, a condition in `cases`), as the printer writes `equal_to`.
    static func equationSigns(in tokens: [LatexToken]) -> Set<Int> {
        var depth = 0, signs: Set<Int> = [], logical = false
        for t in tokens {
            switch t.kind {
            case .symbol(UInt8(ascii: "(")), .symbol(UInt8(ascii: "[")), .symbol(UInt8(ascii: "{")), .command("left"), .command("begin"):
                depth += 1
            case .symbol(UInt8(ascii: ")")), .symbol(UInt8(ascii: "]")), .symbol(UInt8(ascii: "}")), .command("right"), .command("end"):
                depth -= 1
            case .symbol(UInt8(ascii: "=")) where depth == 0:
                signs.insert(t.range.lowerBound)
            case let .command(name) where depth == 0 && connectives[name] != nil:
                logical = true
            default:
                break
            }
        }
        return logical ? [] : signs
    }

    /// `\begin{cases} a & \text{if } c \\ … \\ b & \text{otherwise} \end{cases}` as
    /// `piecewise(c, a, …, b)`; each row's value is written before its condition, so the two are
    /// swapped in the output.
    private mutating func cases(_ t: LatexToken) throws(Diagnostic) {
        position += 1
        try environmentName(after: t)
        beginOperand(t.range)
        emit("piecewise(", t.range)
        var conditions = 0
        while true {
            let valueStart = output.count
            afterOperand = false
            emit("(", t.range)
            try rowPart(of: t)
            guard let amp = next, isSymbol(amp, "&") else {
                throw Diagnostic("latex-cases", "a row of cases needs '&' between its value and its condition",
                                 at: next?.range ?? t.range, notes: ["write a & \\text{if } c \\\\ b & \\text{otherwise}"])
            }
            emit(")", amp.range)
            position += 1
            if try rowLabel(after: amp) == "otherwise" {
                if isCommand(next, ["\\"]) { position += 1 }
                if atEnd {
                    throw notClosed(t)
                }
                guard isCommand(next, ["end"]) else {
                    throw Diagnostic("latex-cases", "the row \\text{otherwise} is the last row of cases", at: next?.range ?? endOfSource)
                }
                if conditions == 0 {
                    throw Diagnostic("latex-cases", "cases need a row with a condition before \\text{otherwise}", at: t.range)
                }
                break
            }
            emit(",", amp.range)
            let conditionStart = output.count
            afterOperand = false
            emit("(", amp.range)
            try rowPart(of: t)
            emit("),", tokens[position - 1].range)
            rotateOutput(valueStart, conditionStart)
            conditions += 1
            guard isCommand(next, ["\\"]) else {
                throw Diagnostic("latex-cases", "the last row of cases is 'b & \\text{otherwise}'", at: next?.range ?? endOfSource,
                                 notes: ["every value is taken where its condition holds; \\text{otherwise} gives the value elsewhere"])
            }
            position += 1
        }
        let end = tokens[position]
        position += 1
        try environmentName(after: end)
        emit(")", end.range.lowerBound..<tokens[position - 1].range.upperBound)
        afterOperand = true
        try postfix()
    }

    /// A value or a condition of a row of `cases`: up to `&`, `\\` or `\end`.
    private mutating func rowPart(of environment: LatexToken) throws(Diagnostic) {
        try sequence { isSymbol($0, "&") || isCommand($0, ["\\", "end"]) }
        if atEnd {
            throw notClosed(environment)
        }
    }

    private func notClosed(_ environment: LatexToken) -> Diagnostic {
        Diagnostic("latex-unclosed", "\\begin{cases} is not closed", at: environment.range, notes: ["end it with \\end{cases}"])
    }

    /// `\text{if }` before a row's condition, or `\text{otherwise}`: "if" or "otherwise".
    private mutating func rowLabel(after amp: LatexToken) throws(Diagnostic) -> String {
        guard let label = next, isCommand(label, ["text", "textrm", "mathrm"]) else {
            throw Diagnostic("latex-cases", "a condition of cases starts with \\text{if }", at: next?.range ?? amp.range,
                             notes: ["write a & \\text{if } c, and b & \\text{otherwise} for the last row"])
        }
        position += 1
        switch try rawWord(after: label) {
        case "if", "for", "when": return "if"
        case "otherwise", "else": return "otherwise"
        default:
            throw Diagnostic("latex-cases", "a condition of cases starts with \\text{if }, or is \\text{otherwise}",
                             at: label.range.lowerBound..<tokens[position - 1].range.upperBound)
        }
    }

    /// `{cases}` after `\begin` or `\end`: the one environment the reader knows.
    private mutating func environmentName(after command: LatexToken) throws(Diagnostic) {
        let name = try rawWord(after: command)
        guard name == "cases" else {
            throw Diagnostic("latex-environment", "the environment {\(name)} is not supported; only {cases} is",
                             at: command.range.lowerBound..<tokens[position - 1].range.upperBound)
        }
    }
}
