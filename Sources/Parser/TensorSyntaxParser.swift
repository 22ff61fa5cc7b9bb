/// Reads the tensor language into a `TensorSyntax` tree. The grammar is the scalar language's
/// with matrix notation added, loosest binding first:
/// ```
/// sum      = signed (("+" | "-") signed)*
/// signed   = ("-" | "+") signed | product              -a*b = -(a*b)
/// product  = power (("*" | "/" | ".*" | "./" | "⊙") factor | implicit power)*
/// factor   = ("-" | "+") factor | power                a*-b
/// power    = postfix (("^" | "**" | ".^") exponent)?    right-associative
/// exponent = ("-" | "+") exponent | power
/// postfix  = primary ("'" | "ᵀ" | "[" items "]" | superscript)*
/// primary  = number | name | name "(" arguments ")" | "(" sum ")" | "[" rows "]" | "√" postfix
/// items    = item ("," item)*;  item = ":" | sum (":" sum)?
/// rows     = row (";" row)*;    row = sum ("," sum)*
/// arguments = argument ("," argument)*;  argument = (name "=")? sum
/// ```
/// `'` is the transpose, written after an operand; `name'(…)` is refused, so the notation
/// `f'(x)` for derivatives is never read as something else. Implicit multiplication is
/// accepted after a number only (`2x`, `2(x + 1)`, `2A`).
public struct TensorSyntaxParser {
    /// The deepest nesting of parentheses, brackets, calls and signs accepted. The parser
    /// recurses, so this bound keeps it well within a thread's stack.
    public static let maximumDepth = 200

    /// Also reads the statement language's `%`, `%%` (earlier results, as names) and `==`.
    public let statement: Bool

    /// A parser of expressions; `statement` for statements of a session.
    public init(statement: Bool = false) {
        self.statement = statement
    }

    /// Parses `text`; throws a `Diagnostic` that points at the problem.
    public func parse(_ text: String) throws(Diagnostic) -> TensorSyntax {
        try parse(bytes: Array(text.utf8))
    }

    /// The syntax tree of `bytes`, or a diagnostic pointing at the problem.
    public func parse(bytes: [UInt8]) throws(Diagnostic) -> TensorSyntax {
        let tokens = try Lexer(bytes: bytes, statementSyntax: statement, tensorSyntax: true).tokens()
        var machine = TensorSyntaxMachine(tokens: tokens, syntax: TensorSyntax(source: bytes))
        if tokens.count == 1 { throw Diagnostic("empty", "empty expression", at: tokens[0].range) }
        _ = try machine.sum()
        let last = machine.tokens[machine.position]
        if last.kind != .end { throw machine.unexpected(last) }
        return machine.syntax
    }
}

/// The recursive-descent parser behind `TensorSyntaxParser`.
struct TensorSyntaxMachine {
    let tokens: [Token]
    var syntax: TensorSyntax
    var position = 0
    var depth = 0

    init(tokens: [Token], syntax: TensorSyntax) {
        self.tokens = tokens
        self.syntax = syntax
    }

    var token: Token { tokens[position] }

    private mutating func enter(_ range: Range<Int>) throws(Diagnostic) {
        depth += 1
        if depth > TensorSyntaxParser.maximumDepth {
            throw Diagnostic("too-deep", "expression nested deeper than \(TensorSyntaxParser.maximumDepth) levels", at: range)
        }
    }

    private func start(of node: Int) -> Int { syntax.nodes[node].range.lowerBound }

    mutating func sum() throws(Diagnostic) -> Int {
        var left = try signed()
        while token.kind == .plus || token.kind == .minus {
            let op = token
            position += 1
            let right = try signed()
            left = syntax.add(.binary(op.kind == .plus ? .add : .subtract), start(of: left)..<syntax.nodes[right].range.upperBound,
                              operatorRange: op.range, [left, right])
        }
        return left
    }

    private mutating func signed() throws(Diagnostic) -> Int {
        if token.kind == .minus || token.kind == .plus {
            let sign = token
            try enter(sign.range)
            position += 1
            let operand = try signed()
            depth -= 1
            return syntax.add(sign.kind == .minus ? .negate : .plus, sign.range.lowerBound..<syntax.nodes[operand].range.upperBound,
                              operatorRange: sign.range, [operand])
        }
        return try product()
    }

    private mutating func factor() throws(Diagnostic) -> Int {
        if token.kind == .minus || token.kind == .plus {
            let sign = token
            try enter(sign.range)
            position += 1
            let operand = try factor()
            depth -= 1
            return syntax.add(sign.kind == .minus ? .negate : .plus, sign.range.lowerBound..<syntax.nodes[operand].range.upperBound,
                              operatorRange: sign.range, [operand])
        }
        return try power()
    }

    private mutating func product() throws(Diagnostic) -> Int {
        var left = try power()
        while true {
            let op: TensorSyntax.Operator
            let opRange: Range<Int>
            switch token.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .tensor(.elementwiseProduct): op = .elementwiseProduct
            case .tensor(.elementwiseQuotient): op = .elementwiseQuotient
            case .identifier, .leftParen, .radical:
                // Implicit multiplication after a number only: `2x`, `2(x + 1)`.
                guard case .number = syntax.nodes[left].kind else { return left }
                let right = try power()
                left = syntax.add(.binary(.multiply), start(of: left)..<syntax.nodes[right].range.upperBound,
                                  operatorRange: token.range.lowerBound..<token.range.lowerBound, [left, right])
                continue
            default:
                return left
            }
            opRange = token.range
            position += 1
            let right = try factor()
            left = syntax.add(.binary(op), start(of: left)..<syntax.nodes[right].range.upperBound, operatorRange: opRange, [left, right])
        }
    }

    private mutating func power() throws(Diagnostic) -> Int {
        let base = try postfix()
        let op: TensorSyntax.Operator
        switch token.kind {
        case .caret: op = .power
        case .tensor(.elementwisePower): op = .elementwisePower
        default: return base
        }
        let opRange = token.range
        position += 1
        try enter(opRange)
        let exponent = try self.exponent()
        depth -= 1
        return syntax.add(.binary(op), start(of: base)..<syntax.nodes[exponent].range.upperBound, operatorRange: opRange, [base, exponent])
    }

    private mutating func exponent() throws(Diagnostic) -> Int {
        if token.kind == .minus || token.kind == .plus {
            let sign = token
            try enter(sign.range)
            position += 1
            let operand = try exponent()
            depth -= 1
            return syntax.add(sign.kind == .minus ? .negate : .plus, sign.range.lowerBound..<syntax.nodes[operand].range.upperBound,
                              operatorRange: sign.range, [operand])
        }
        return try power()
    }

    private mutating func postfix() throws(Diagnostic) -> Int {
        var node = try primary()
        while true {
            switch token.kind {
            case .tensor(.transpose):
                let mark = token
                position += 1
                if token.kind == .leftParen {
                    let name = syntax.text(of: node)
                    throw Diagnostic("prime-call", "'\(name)'(…)' reads as the transpose of \(name) followed by '(': ' is the transpose in the tensor language", at: mark.range,
                                     notes: ["derivatives are written diff(f, x); the transpose of a product needs '*': \(name)'*(…)"])
                }
                node = syntax.add(.transpose, start(of: node)..<mark.range.upperBound, operatorRange: mark.range, [node])
            case let .superscript(k):
                let mark = token
                position += 1
                let exponent = syntax.add(.number(String(k)), mark.range)
                node = syntax.add(.binary(.power), start(of: node)..<mark.range.upperBound, operatorRange: mark.range, [node, exponent])
            case .leftBracket:
                node = try index(node)
            default:
                return node
            }
        }
    }

    private mutating func index(_ base: Int) throws(Diagnostic) -> Int {
        let open = token
        try enter(open.range)
        position += 1
        var items: [TensorSyntax.IndexItem] = []
        var children = [base]
        while true {
            if token.kind == .tensor(.colon) {
                items.append(.all)
                position += 1
            } else {
                if token.kind == .rightBracket || token.kind == .comma {
                    throw Diagnostic("missing-index", "expected an index", at: token.range, notes: ["write ':' for a whole axis"])
                }
                children.append(try sum())
                if token.kind == .tensor(.colon) {
                    position += 1
                    children.append(try sum())
                    items.append(.range)
                } else {
                    items.append(.position)
                }
            }
            if token.kind == .comma { position += 1; continue }
            guard token.kind == .rightBracket else {
                throw Diagnostic("unclosed-bracket", "expected ']' to close '[' at column \(column(open.range.lowerBound))", at: token.range)
            }
            break
        }
        let close = token
        position += 1
        depth -= 1
        return syntax.add(.index(items), start(of: base)..<close.range.upperBound, operatorRange: open.range.lowerBound..<close.range.upperBound, children)
    }

    private mutating func primary() throws(Diagnostic) -> Int {
        let t = token
        switch t.kind {
        case let .number(text):
            position += 1
            return syntax.add(.number(String(text)), t.range)
        case let .identifier(name):
            position += 1
            if token.kind == .leftParen { return try call(name, t.range) }
            return syntax.add(.name(name), t.range)
        case .leftParen:
            try enter(t.range)
            position += 1
            if token.kind == .rightParen {
                throw Diagnostic("empty-parens", "empty parentheses", at: t.range.lowerBound..<token.range.upperBound)
            }
            let inner = try sum()
            guard token.kind == .rightParen else {
                throw Diagnostic("unclosed-paren", "expected ')' to close '(' at column \(column(t.range.lowerBound))", at: token.range)
            }
            position += 1
            depth -= 1
            return inner
        case .leftBracket:
            return try literal()
        case .radical:
            try enter(t.range)
            position += 1
            let operand = try postfix()
            depth -= 1
            return syntax.add(.call("sqrt", keywords: [nil]), t.range.lowerBound..<syntax.nodes[operand].range.upperBound, operatorRange: t.range, [operand])
        default:
            throw missingOperand(t)
        }
    }

    private mutating func call(_ name: String, _ nameRange: Range<Int>) throws(Diagnostic) -> Int {
        let open = token
        try enter(open.range)
        position += 1
        if token.kind == .rightParen { throw Diagnostic("missing-argument", "\(name) needs an argument", at: token.range) }
        var keywords: [String?] = []
        var children: [Int] = []
        while true {
            if case let .identifier(key) = token.kind, tokens[position + 1].kind == .equals {
                keywords.append(key)
                position += 2
            } else {
                if keywords.contains(where: { $0 != nil }) {
                    throw Diagnostic("positional-after-keyword", "an argument without a name after a named one", at: token.range)
                }
                keywords.append(nil)
            }
            children.append(try sum())
            if token.kind == .comma {
                position += 1
                if token.kind == .rightParen { throw Diagnostic("missing-argument", "expected an argument after ','", at: token.range) }
                continue
            }
            guard token.kind == .rightParen else {
                if token.kind == .end {
                    throw Diagnostic("unclosed-paren", "expected ')' to close '\(name)(' at column \(column(open.range.lowerBound))", at: token.range)
                }
                throw unexpected(token)
            }
            break
        }
        let close = token
        position += 1
        depth -= 1
        return syntax.add(.call(name, keywords: keywords), nameRange.lowerBound..<close.range.upperBound, operatorRange: nameRange, children)
    }

    private mutating func literal() throws(Diagnostic) -> Int {
        let open = token
        try enter(open.range)
        position += 1
        if token.kind == .rightBracket {
            throw Diagnostic("empty-literal", "an empty matrix", at: open.range.lowerBound..<token.range.upperBound)
        }
        var rows: [Int] = []
        var children: [Int] = []
        var count = 0
        while true {
            children.append(try sum())
            count += 1
            switch token.kind {
            case .comma:
                position += 1
            case .tensor(.semicolon):
                rows.append(count)
                count = 0
                position += 1
            case .rightBracket:
                rows.append(count)
                let close = token
                position += 1
                depth -= 1
                return syntax.add(.literal(rows: rows), open.range.lowerBound..<close.range.upperBound, operatorRange: open.range, children)
            default:
                throw Diagnostic("unclosed-bracket", "expected ',', ';' or ']' in the matrix opened at column \(column(open.range.lowerBound))", at: token.range)
            }
        }
    }

    // MARK: - Errors

    private func column(_ offset: Int) -> Int {
        Diagnostic.characterCount(syntax.source[..<min(offset, syntax.source.count)]) + 1
    }

    private func missingOperand(_ t: Token) -> Diagnostic {
        switch t.kind {
        case .end:
            return Diagnostic("missing-operand", "expected an expression at the end", at: t.range)
        case .rightParen:
            return Diagnostic("unbalanced-paren", "unexpected ')'", at: t.range)
        case .tensor(.transpose):
            return Diagnostic("missing-operand", "a transpose ' needs an operand before it", at: t.range)
        default:
            return Diagnostic("missing-operand", "expected an expression before '\(Self.text(of: t))'", at: t.range)
        }
    }

    func unexpected(_ t: Token) -> Diagnostic {
        switch t.kind {
        case .rightParen: return Diagnostic("unbalanced-paren", "unmatched ')'", at: t.range)
        case .rightBracket: return Diagnostic("unbalanced-bracket", "unmatched ']'", at: t.range)
        case .number, .identifier, .leftParen:
            return Diagnostic("missing-operator", "expected an operator before '\(Self.text(of: t))'", at: t.range,
                              notes: ["write '*' for a product"])
        default:
            return Diagnostic("unexpected-token", "unexpected '\(Self.text(of: t))'", at: t.range)
        }
    }

    static func text(of t: Token) -> String {
        switch t.kind {
        case let .number(s): return String(s)
        case let .identifier(s): return s
        case let .tensor(k): return k.text
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .caret: return "^"
        case .leftParen: return "("
        case .rightParen: return ")"
        case .comma: return ","
        case .equals: return "="
        case .doubleEquals: return "=="
        case let .comparison(op): return op
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .radical: return "√"
        case .superscript: return "superscript"
        case .end: return "end of input"
        }
    }
}

/// The closest of `candidates` to `name` by edit distance, for "did you mean" notes.
public func closestName(to name: String, among candidates: [String]) -> String? {
    let lower = name.lowercased()
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(lower, candidate)
        guard d <= max(1, candidate.count / 3) else { continue }
        if best == nil || d < best!.1 { best = (candidate, d) }
    }
    return best?.0
}
