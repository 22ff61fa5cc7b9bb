/// `\frac{d}{dx} f` and its spellings: the derivative operator of the LaTeX reader.
extension LatexTranslator {
    /// `\frac{d}{dx} f`, `\frac{d^2}{dx^2} f`, `\frac{\partial}{\partial x} f`: the derivative of
    /// the group or the term that follows, written in as its (printed) value.
    mutating func derivative(_ t: LatexToken) throws(Diagnostic) -> Bool {
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
