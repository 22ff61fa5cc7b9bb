import Expr

/// Reads one expression of the language into a canonical `Expr`.
///
/// Grammar, loosest binding first:
/// ```
/// sum      = signed (("+" | "-") signed)*
/// signed   = ("-" | "+") signed | product          -a*b/c = -(a*b/c); -x^2 = -(x^2)
/// product  = power (("*" | "/" | implicit) signed?)*   a*-b is allowed
/// power    = postfix (("^" | "**") exponent)?      right-associative: 2^3^2 = 2^9
/// exponent = ("-" | "+") exponent | power          2^-x*y = (2^-x)*y
/// postfix  = primary superscript*                  x² = x^2
/// primary  = number | name | name "(" args ")" | "(" sum ")" | "√" primary
/// ```
/// Implicit multiplication binds like `*` and is accepted where it cannot be misread: after a
/// number (`2x`, `3sin(x)`, `2(x+1)`), between names (`x y`, `2 pi x`), after a parenthesised
/// group (`(x+1)(x-1)`, `(x+1)y`). It is refused after a call before `(` (`sin(x)(y)` reads like
/// calling a result), between two constants (`pi pi`), and before a number (`x 2`).
///
/// The parser is iterative (operator-precedence with explicit stacks), so nesting depth is
/// bounded only by `Parser.maximumDepth`, never by the thread's stack.
public struct Parser {
    /// The deepest nesting of parentheses, calls and unary signs that is accepted.
    public static let maximumDepth = 1_000_000

    /// Names that are constants, not variables.
    public static let constants: [String: Expr] = ["pi": .pi, "e": .e, "undefined": .undefined]

    /// A parser of the expression language.
    public init() {}

    /// Parses `text`. Throws a `Diagnostic` that points at the problem.
    public func parse(_ text: String) throws(Diagnostic) -> Expr {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses UTF-8 `bytes`, which may be invalid (the diagnostic then names the byte offset).
    public func parse(bytes: [UInt8]) throws(Diagnostic) -> Expr {
        try parseWithNotation(bytes: bytes).expr
    }

    /// Parses `bytes` and tells whether any number was written in decimal notation (`0.5`, `1e-3`),
    /// so results can be printed in the notation the user chose.
    public func parseWithNotation(bytes: [UInt8]) throws(Diagnostic) -> (expr: Expr, decimals: Bool) {
        let tokens = try Lexer(bytes: bytes).tokens()
        var machine = ParseMachine(tokens: tokens, source: bytes)
        let expr = try machine.run()
        return (expr, Parser.hasDecimals(tokens))
    }
}

/// The operator-precedence machine behind `Parser`.
struct ParseMachine {
    let tokens: [Token]
    let source: [UInt8]
    var position = 0

    /// What the last complete operand was, for the implicit-multiplication rules.
    enum OperandKind { case number, variable, constant, call, group }

    /// A partially reduced operand: sums and products stay open lists while their chain goes on,
    /// so `x + x + … + x` with 10^6 terms is built once, not 10^6 times.
    enum Operand {
        case expr(Expr)
        /// An open sum or product: an index into `pending`.
        case sum(Int)
        case product(Int)
    }

    enum Operator {
        case add, subtract, multiply, divide, power
        /// A leading sign. It applies to the whole product after it (`-a*b/c` is `-(a*b/c)`), so a
        /// printed `-(x - 1)/x` reads back as the same expression; right after `^` it takes only
        /// the next operand (`2^-x*y` is `(2^-x)*y`).
        case negate(tight: Bool), plus(tight: Bool)
        case radical
        case group(open: Range<Int>)
        case call(Callee, name: String, open: Range<Int>, arguments: Int)
        /// Statement syntax: a call the resolver handles (a command or a user function), and a
        /// list `[a, b]`; both index into `frames`.
        case userCall(frame: Int)
        case list(frame: Int)
        /// A comparison or a connective (`and`, `or`) between two operands, and `not` before one.
        case condition(FunctionID, level: Int)
        case not

        static let sumLevel = 10, productLevel = 20, powerLevel = 40
        /// Conditions bind more loosely than arithmetic: `or`, then `and`, then `not`, then comparisons.
        static let orLevel = 2, andLevel = 3, notLevel = 4, comparisonLevel = 5

        var precedence: Int {
            switch self {
            case .add, .subtract: return Operator.sumLevel
            case .multiply, .divide: return Operator.productLevel
            case let .negate(tight), let .plus(tight): return tight ? 35 : 15
            case .power: return Operator.powerLevel
            case .radical: return 50
            case .group, .call, .userCall, .list: return 0
            case let .condition(_, level): return level
            case .not: return Operator.notLevel
            }
        }

        var isPower: Bool { if case .power = self { return true } else { return false } }

        /// True for a sign that binds tightly (after `^`), so a sign after it does too.
        var isTightSign: Bool {
            switch self {
            case .negate(true), .plus(true): return true
            default: return false
            }
        }
    }

    /// The commands and user functions of the statement language, when parsing a statement.
    var resolver: (any CallResolver)?
    /// Open calls and lists of the statement syntax: their keywords and argument ranges so far.
    var frames: [CallFrame] = []

    struct CallFrame {
        let name: String
        let nameRange: Range<Int>
        var keywords: [String?] = []
        var argumentStarts: [Int] = []
        var argumentRanges: [Range<Int>] = []
    }

    var operands: [Operand] = []
    var operators: [(Operator, Range<Int>)] = []
    var depth = 0

    /// The open term lists of `Operand.sum` and `Operand.product`, appended to in place.
    var pending: [[Expr]] = []

    /// The names read so far as plain variables: a name met again (a sum over many variables
    /// uses each several times) is one lookup here, not the table, constant and derivative checks.
    var variables: [String: Expr] = [:]

    init(tokens: [Token], source: [UInt8]) {
        self.tokens = tokens
        self.source = source
    }

    /// Closes an operand into an expression.
    mutating func finish(_ operand: Operand) -> Expr {
        switch operand {
        case let .expr(e): return e
        case let .sum(i):
            let terms = pending[i]
            pending[i] = []
            return .sum(terms)
        case let .product(i):
            let factors = pending[i]
            pending[i] = []
            return .product(factors)
        }
    }

    mutating func popValue() -> Expr { finish(operands.removeLast()) }

    mutating func run() throws(Diagnostic) -> Expr {
        var expectOperand = true
        var last: OperandKind = .number
        if tokens.count == 1 {
            throw Diagnostic("empty", "empty expression", at: tokens[0].range)
        }
        while true {
            let token = tokens[position]
            if expectOperand {
                switch token.kind {
                case .minus, .plus:
                    let tight = operators.last.map { $0.0.isPower || $0.0.isTightSign } ?? false
                    try pushOperator(token.kind == .minus ? .negate(tight: tight) : .plus(tight: tight), token.range)
                    position += 1
                case .radical:
                    try pushOperator(.radical, token.range)
                    position += 1
                case .leftParen:
                    try pushOperator(.group(open: token.range), token.range)
                    position += 1
                    if tokens[position].kind == .rightParen {
                        throw Diagnostic("empty-parens", "empty parentheses", at: token.range.lowerBound..<tokens[position].range.upperBound)
                    }
                case .leftBracket where resolver != nil:
                    frames.append(CallFrame(name: "[", nameRange: token.range))
                    try pushOperator(.list(frame: frames.count - 1), token.range)
                    position += 1
                    if tokens[position].kind == .rightBracket {
                        throw Diagnostic("empty-list", "empty list", at: token.range.lowerBound..<tokens[position].range.upperBound)
                    }
                    beginArgument(of: frames.count - 1)
                case let .number(text):
                    operands.append(.expr(try number(text, token.range)))
                    last = .number
                    expectOperand = false
                    position += 1
                case .identifier("not"):
                    try pushOperator(.not, token.range)
                    position += 1
                case let .identifier(name):
                    last = try operand(named: name, token)
                    expectOperand = last == .call
                    if !expectOperand { position += 1 }
                default:
                    throw missingOperand(at: token)
                }
                continue
            }
            // Expecting an operator.
            switch token.kind {
            case .plus, .minus, .star, .slash, .caret:
                let op: Operator
                switch token.kind {
                case .plus: op = .add
                case .minus: op = .subtract
                case .star: op = .multiply
                case .slash: op = .divide
                default: op = .power
                }
                try reduce(above: op.precedence, rightAssociative: op.isPower)
                try pushOperator(op, token.range)
                position += 1
                expectOperand = true
                continue
            case let .superscript(k):
                try reduce(above: Operator.powerLevel, rightAssociative: true)
                let base = popValue()
                operands.append(.expr(.power(base, .integer(k))))
                position += 1
                continue
            case .comma:
                try reduce(above: 0, rightAssociative: false)
                switch operators.last?.0 {
                case let .call(callee, name, open, count)?:
                    operators[operators.count - 1].0 = .call(callee, name: name, open: open, arguments: count + 1)
                case let .userCall(frame)?, let .list(frame)?:
                    frames[frame].argumentRanges.append(frames[frame].argumentStarts.last!..<token.range.lowerBound)
                    position += 1
                    if tokens[position].kind == .rightParen || tokens[position].kind == .rightBracket {
                        throw Diagnostic("missing-argument", "expected an argument after ','", at: tokens[position].range)
                    }
                    beginArgument(of: frame)
                    expectOperand = true
                    continue
                default:
                    throw Diagnostic("unexpected-comma", "unexpected ',' outside a function call", at: token.range)
                }
                position += 1
                if tokens[position].kind == .rightParen {
                    throw Diagnostic("missing-argument", "expected an argument after ','", at: tokens[position].range)
                }
                expectOperand = true
                continue
            case .rightParen:
                try reduce(above: 0, rightAssociative: false)
                guard let (top, topRange) = operators.last else {
                    throw Diagnostic("unbalanced-paren", "unmatched ')'", at: token.range,
                                     notes: ["there is no '(' before it that it could close"])
                }
                operators.removeLast()
                depth -= 1
                switch top {
                case .group:
                    let inner = popValue()
                    operands.append(.expr(inner))
                    last = .group
                case let .call(f, name, _, count):
                    var args: [Expr] = []
                    for _ in 0..<count { args.append(popValue()) }
                    args.reverse()
                    operands.append(.expr(try call(f, name, args, nameRange: topRange, close: token.range)))
                    last = .call
                case let .userCall(frame):
                    operands.append(.expr(try resolveCall(frame, close: token.range)))
                    last = .call
                case .list:
                    throw Diagnostic("unbalanced-bracket", "expected ']' to close '[' at column \(column(topRange.lowerBound))", at: token.range)
                default:
                    throw Diagnostic("internal", "unbalanced operator stack", at: token.range)
                }
                position += 1
                continue
            case .rightBracket:
                try reduce(above: 0, rightAssociative: false)
                guard let (top, topRange) = operators.last, case let .list(frame) = top else {
                    throw Diagnostic("unbalanced-bracket", "unexpected ']'", at: token.range)
                }
                operators.removeLast()
                depth -= 1
                operands.append(.expr(try resolveList(frame, open: topRange, close: token.range)))
                last = .group
                position += 1
                continue
            case .doubleEquals, .comparison, .identifier("and"), .identifier("or"):
                let op = ParseMachine.conditionOperator(token.kind)
                try checkNotChained(op, token.range)
                try reduce(above: op.precedence, rightAssociative: false)
                try pushOperator(op, token.range)
                position += 1
                expectOperand = true
                continue
            case .equals, .leftBracket, .tensor:
                throw misplacedStatementToken(token)
            case .end:
                try reduce(above: 0, rightAssociative: false)
                if let (open, range) = operators.last {
                    if case .call(_, let name, _, _) = open {
                        throw Diagnostic("unclosed-paren", "expected ')' to close '\(name)(' at column \(column(range.lowerBound))", at: token.range)
                    }
                    if case let .userCall(frame) = open {
                        throw Diagnostic("unclosed-paren", "expected ')' to close '\(frames[frame].name)(' at column \(column(range.lowerBound))", at: token.range)
                    }
                    if case .list = open {
                        throw Diagnostic("unclosed-bracket", "expected ']' to close '[' at column \(column(range.lowerBound))", at: token.range)
                    }
                    throw Diagnostic("unclosed-paren", "expected ')' to close '(' at column \(column(range.lowerBound))", at: token.range)
                }
                return popValue()
            case .number:
                throw Diagnostic("adjacent-numbers", "a number cannot follow here without an operator", at: token.range,
                                 notes: ["write '*' between the two parts"])
            case let .identifier(name):
                if last == .constant, Parser.constants[name] != nil {
                    throw Diagnostic("missing-operator", "two constants in a row", at: token.range,
                                     notes: ["write '*' between them if you mean a product"])
                }
                try implicitMultiply(token.range)
                expectOperand = true
                continue
            case .leftParen:
                if last == .call {
                    throw Diagnostic("call-result-called", "a function's result cannot be called", at: token.range,
                                     notes: ["write '*' before '(' for a product"])
                }
                try implicitMultiply(token.range)
                expectOperand = true
                continue
            case .radical:
                try implicitMultiply(token.range)
                expectOperand = true
                continue
            }
        }
    }

    // MARK: - Operands

    private func number(_ text: Substring, _ range: Range<Int>) throws(Diagnostic) -> Expr {
        do {
            return .number(try Rational.parse(decimal: text))
        } catch .tooLarge {
            throw Diagnostic("number-too-large", "the number \(text.prefix(20))\(text.count > 20 ? "…" : "") is too large to hold exactly (limits: about \(Rational.maximumBits * 3 / 10) digits with an exponent part, \(Rational.maximumWrittenDigits) written out)", at: range)
        } catch {
            throw Diagnostic("bad-number", "malformed number '\(text.prefix(40))'", at: range)
        }
    }

    /// Handles a name in operand position: a constant, a variable, or the start of a call.
    private mutating func operand(named name: String, _ token: Token) throws(Diagnostic) -> OperandKind {
        let next = tokens[position + 1]
        if next.kind != .leftParen, let known = variables[name] {
            operands.append(.expr(known))
            return .variable
        }
        if let derivative = try UndefinedCallee(name, range: token.range) {
            return try undefinedOperand(derivative, token)
        }
        if let f = FunctionTable.lookup(name) {
            guard next.kind == .leftParen else {
                throw Diagnostic("function-without-call", "'\(name)' is a function: call it as \(name)(...)", at: token.range)
            }
            try pushOperator(.call(.table(f), name: name, open: next.range, arguments: 1), token.range)
            position += 2
            if tokens[position].kind == .rightParen {
                throw Diagnostic("missing-argument", "\(name) needs an argument", at: tokens[position].range)
            }
            return .call
        }
        // A command's name without a call reads as a name (a choice such as format=latex).
        if let resolver, next.kind == .leftParen, resolver.isCallable(name) {
            frames.append(CallFrame(name: name, nameRange: token.range))
            try pushOperator(.userCall(frame: frames.count - 1), token.range)
            position += 2
            if tokens[position].kind == .rightParen {
                throw Diagnostic("missing-argument", "\(name) needs an argument", at: tokens[position].range)
            }
            beginArgument(of: frames.count - 1)
            return .call
        }
        if let constant = Parser.constants[name] {
            if next.kind == .leftParen {
                throw Diagnostic("constant-called", "'\(name)' is a constant, not a function", at: token.range,
                                 notes: ["write \(name)*(...) for a product"])
            }
            operands.append(.expr(constant))
            return .constant
        }
        if next.kind == .leftParen, FunctionTable.lookup(name.lowercased()) != nil {
            // `Sin(x)` is a misspelling, not an unknown function of its own.
            throw Diagnostic("unknown-function", "unknown function '\(name)'; did you mean '\(name.lowercased())'?", at: token.range,
                             notes: ["function names are lower case"])
        }
        return try undefinedOperand(UndefinedCallee(name: name, primes: 0, indices: nil), token)
    }

    private func call(_ callee: Callee, _ name: String, _ args: [Expr], nameRange: Range<Int>, close: Range<Int>) throws(Diagnostic) -> Expr {
        let open = nameRange
        let f: FunctionID
        switch callee {
        case let .table(known) where known == .piecewise: return try piecewise(args, name: name, at: open.lowerBound..<close.upperBound)
        case let .table(known): f = known
        case let .undefined(u): return try u.call(args, declared: resolver?.undefinedFunction(named: u.name), range: open.lowerBound..<close.upperBound)
        }
        let arity = f.spec.arity
        guard arity.accepts(args.count) else {
            throw Diagnostic("arity", "\(name) takes \(arity.description), got \(args.count)", at: open.lowerBound..<close.upperBound)
        }
        let missing = arity.full - args.count
        return .apply(f, missing > 0 ? args + arity.defaults.suffix(missing).map(Expr.number) : args)
    }

    // MARK: - Operators

    mutating func pushOperator(_ op: Operator, _ range: Range<Int>) throws(Diagnostic) {
        switch op {
        case .group, .call, .userCall, .list, .negate, .plus, .radical, .not:
            depth += 1
            if depth > Parser.maximumDepth {
                throw Diagnostic("too-deep", "expression nested deeper than \(Parser.maximumDepth) levels", at: range)
            }
        default: break
        }
        operators.append((op, range))
    }

    private mutating func implicitMultiply(_ range: Range<Int>) throws(Diagnostic) {
        try reduce(above: Operator.productLevel, rightAssociative: false)
        try pushOperator(.multiply, range.lowerBound..<range.lowerBound)
    }

    /// Applies stacked operators that bind at least as tightly as an incoming operator of
    /// precedence `level` (strictly more tightly for a right-associative one).
    private mutating func reduce(above level: Int, rightAssociative: Bool) throws(Diagnostic) {
        // The top is read in place and then moved out: copying `operators.last` (an optional
        // tuple with a payload) and destroying the copy went through the runtime's generic
        // value witnesses, a tenth of parsing a long sum.
        while !operators.isEmpty {
            let p = operators[operators.count - 1].0.precedence
            if p == 0 || p < level || (rightAssociative && p == level) { return }
            let op = operators.removeLast().0
            switch op {
            case .negate:
                depth -= 1
                let a = popValue()
                operands.append(.expr(-a))
            case .plus:
                depth -= 1
            case .not:
                depth -= 1
                operands.append(.expr(.apply(.not, [popValue()])))
            case let .condition(f, _):
                let b = popValue(), a = popValue()
                operands.append(.expr(.apply(f, [a, b])))
            case .radical:
                depth -= 1
                let a = popValue()
                operands.append(.expr(.power(a, .half)))
            case .power:
                let b = popValue()
                let a = popValue()
                operands.append(.expr(.power(a, b)))
            case .add, .subtract:
                var b = popValue()
                if case .subtract = op { b = -b }
                if case let .sum(i) = operands.last! {
                    pending[i].append(b)
                } else {
                    let a = popValue()
                    pending.append([a, b])
                    operands.append(.sum(pending.count - 1))
                }
            case .multiply, .divide:
                var b = popValue()
                if case .divide = op { b = .power(b, .minusOne) }
                if case let .product(i) = operands.last! {
                    pending[i].append(b)
                } else {
                    let a = popValue()
                    pending.append([a, b])
                    operands.append(.product(pending.count - 1))
                }
            case .group, .call, .userCall, .list:
                return
            }
        }
    }

    // MARK: - Errors

    private func missingOperand(at token: Token) -> Diagnostic {
        switch token.kind {
        case .end:
            if position > 0 {
                let prev = tokens[position - 1]
                return Diagnostic("missing-operand", "expected an expression after '\(text(of: prev.kind))'", at: token.range)
            }
            return Diagnostic("empty", "empty expression", at: token.range)
        case .rightParen:
            return Diagnostic("unbalanced-paren", "unexpected ')'", at: token.range)
        case .equals, .leftBracket, .rightBracket:
            return misplacedStatementToken(token)
        default:
            return Diagnostic("missing-operand", "expected an expression before '\(text(of: token.kind))'", at: token.range)
        }
    }

    private func text(of kind: Token.Kind) -> String {
        switch kind {
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .caret: return "^"
        case .leftParen: return "("
        case .rightParen: return ")"
        case .comma: return ","
        case .radical: return "√"
        case .superscript: return "superscript"
        case let .number(s): return String(s)
        case let .identifier(s): return s
        case .end: return "end of input"
        case .equals: return "="
        case .doubleEquals: return "=="
        case let .comparison(op): return op
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case let .tensor(t): return t.text
        }
    }

    private func column(_ offset: Int) -> Int {
        Diagnostic.characterCount(source[..<min(offset, source.count)]) + 1
    }

}

extension Parser {
    /// The table function (or other callable in `names`) closest to a misspelled `name`, for "did
    /// you mean" notes: `sinn` gives `sin`; nil when none is close.
    public static func closestFunction(to name: String, among names: [String] = FunctionTable.names) -> String? {
        let lower = name.lowercased()
        if FunctionTable.lookup(lower) != nil { return lower }
        // Closest by edit distance; among equals prefer a name that one is a prefix of (sinn -> sin).
        var best: (String, Int, Bool)?
        for candidate in names {
            let d = editDistance(lower, candidate)
            guard d <= max(1, candidate.count / 3) else { continue }
            let prefix = lower.hasPrefix(candidate) || candidate.hasPrefix(lower)
            if best == nil || d < best!.1 || (d == best!.1 && prefix && !best!.2) { best = (candidate, d, prefix) }
        }
        return best?.0
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where j <= b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
