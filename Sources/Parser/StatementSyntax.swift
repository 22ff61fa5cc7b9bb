import Expr

/// Supplies the calls of the statement language while a statement is parsed: commands such as
/// `diff(...)` and the user's own functions. The parser reads the arguments (with `name=value`
/// keywords and `[a, b]` lists) and hands them over; whatever the resolver returns stands in the
/// expression where the call was.
public protocol CallResolver: AnyObject {
    /// True for a name that is called through `call` (never asked for the function table's names).
    func isCallable(_ name: String) -> Bool
    /// Performs the call `name(arguments)`; `enclosing` names the call this one is directly an
    /// argument of (`steps(diff(...))`), so a command can defer its work to it. Errors point into
    /// the statement with their range.
    func call(_ name: String, _ arguments: [CallArgument], range: Range<Int>, enclosing: String?) throws(Diagnostic) -> Expr
    /// A list `[a, b, c]`, as an expression that stands for it.
    func list(_ items: [CallArgument], range: Range<Int>) throws(Diagnostic) -> Expr
    /// The names `isCallable` accepts, for "did you mean" suggestions.
    var callableNames: [String] { get }
    /// The undefined function the user declared under `name` (`y: function of x`, or a derivative
    /// rule for `W`), or nil.
    func undefinedFunction(named name: String) -> UndefinedFunction?
}

extension CallResolver {
    /// None: a resolver that knows no declared functions.
    public func undefinedFunction(named name: String) -> UndefinedFunction? { nil }
}

/// One argument of a statement-language call: its value, its keyword when written `name=value`,
/// and where it is in the statement (for messages).
public struct CallArgument {
    /// The keyword when written `name=value`, else nil.
    public let keyword: String?
    /// The argument's value.
    public let value: Expr
    /// Where the argument is in the statement, in bytes.
    public let range: Range<Int>

    /// An argument with its keyword, value and place.
    public init(keyword: String?, value: Expr, range: Range<Int>) {
        self.keyword = keyword
        self.value = value
        self.range = range
    }
}

/// The shape of one statement, found from its tokens before anything is evaluated.
public enum StatementShape: Equatable {
    /// An expression to evaluate (which may be a command call).
    case expression
    /// `name = value`; `value` starts at the byte offset.
    case assignment(name: String, nameRange: Range<Int>, valueStart: Int)
    /// `f(x, y) = body`.
    case definition(name: String, nameRange: Range<Int>, parameters: [String], bodyStart: Int)
    /// `assert lhs == rhs`: both sides' byte ranges.
    case assertion(lhs: Range<Int>, rhs: Range<Int>)
    /// `y: function of x, t`: `y` becomes an unknown function of the variables.
    case dependency(name: String, nameRange: Range<Int>, variables: [String])

    /// Classifies `bytes` (one statement). Throws for a malformed left side of `=` or a stray `==`.
    /// `tensorSyntax` also reads the tensor language's operators (`'`, `.*`, `;`).
    public static func of(_ bytes: [UInt8], tensorSyntax: Bool = false) throws(Diagnostic) -> StatementShape {
        if let dependency = try dependency(bytes) { return dependency }
        let tokens = try Lexer(bytes: bytes, statementSyntax: true, tensorSyntax: tensorSyntax).tokens()
        if case .identifier("assert") = tokens[0].kind {
            let equalities = topLevel(tokens).filter { tokens[$0].kind == .doubleEquals }
            guard let split = equalities.first else {
                throw Diagnostic("assert-without-equality", "assert needs an equality: assert lhs == rhs", at: tokens[0].range,
                                 notes: ["for numbers with a tolerance use assert_near(value, expected, tolerance)"])
            }
            if equalities.count > 1 {
                throw Diagnostic("chained-equality", "only one '==' per assertion", at: tokens[equalities[1]].range)
            }
            return .assertion(lhs: tokens[0].range.upperBound..<tokens[split].range.lowerBound,
                              rhs: tokens[split].range.upperBound..<bytes.count)
        }
        if let equality = topLevel(tokens).first(where: { tokens[$0].kind == .doubleEquals }) {
            throw Diagnostic("equality-outside-assert", "'==' compares only in an assertion", at: tokens[equality].range,
                             notes: ["write: assert lhs == rhs"])
        }
        guard let equals = topLevel(tokens).first(where: { tokens[$0].kind == .equals }) else { return .expression }
        let valueStart = tokens[equals].range.upperBound
        if case let .identifier(name) = tokens[0].kind {
            if equals == 1 { return .assignment(name: name, nameRange: tokens[0].range, valueStart: valueStart) }
            if tokens[1].kind == .leftParen, tokens[equals - 1].kind == .rightParen {
                var parameters: [String] = []
                var k = 2
                while k < equals - 1 {
                    guard case let .identifier(p) = tokens[k].kind else { break }
                    parameters.append(p)
                    k += 1
                    if tokens[k].kind == .comma && k < equals - 2 { k += 1 } else { break }
                }
                if k == equals - 1 && !parameters.isEmpty {
                    return .definition(name: name, nameRange: tokens[0].range, parameters: parameters, bodyStart: valueStart)
                }
            }
        }
        throw Diagnostic("bad-definition", "the left side of '=' must be a name (a = 3) or a function with named parameters (f(x, y) = ...)",
                         at: tokens[0].range.lowerBound..<tokens[equals].range.lowerBound)
    }

    /// Indices of the tokens outside any parentheses or brackets.
    private static func topLevel(_ tokens: [Token]) -> [Int] {
        var depth = 0
        var out: [Int] = []
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .leftParen, .leftBracket: depth += 1
            case .rightParen, .rightBracket: depth -= 1
            default: if depth == 0 { out.append(i) }
            }
        }
        return out
    }
}

extension Parser {
    /// Parses an expression of the statement language: like `parse`, plus calls, keyword
    /// arguments and lists that `resolver` supplies, and `%`, `%%` as names. Bytes outside the part
    /// to read should be blanked with spaces so that columns stay those of the whole statement.
    public func parseStatement(bytes: [UInt8], resolver: any CallResolver) throws(Diagnostic) -> (expr: Expr, decimals: Bool) {
        let tokens = try Lexer(bytes: bytes, statementSyntax: true).tokens()
        var machine = ParseMachine(tokens: tokens, source: bytes)
        machine.resolver = resolver
        let expr = try machine.run()
        return (expr, Parser.hasDecimals(tokens))
    }

    /// Whether the statement in `bytes` writes any number in decimal notation (`0.5`, `1e-3`), known
    /// before it is parsed (its commands run while it is); false when it does not lex.
    public static func writesDecimals(statement bytes: [UInt8]) -> Bool {
        guard let tokens = try? Lexer(bytes: bytes, statementSyntax: true).tokens() else { return false }
        return hasDecimals(tokens)
    }

    static func hasDecimals(_ tokens: [Token]) -> Bool {
        tokens.contains { token in
            // By byte: a number token is ASCII, and walking it by Character cost more than lexing it.
            if case let .number(text) = token.kind { return text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } }
            return false
        }
    }
}

extension ParseMachine {
    /// Starts an argument of a statement call or list at `position`: reads a `name=` keyword.
    mutating func beginArgument(of frame: Int) {
        if case let .identifier(name) = tokens[position].kind, tokens[position + 1].kind == .equals, frames[frame].name != "[" {
            frames[frame].keywords.append(name)
            frames[frame].argumentStarts.append(tokens[position].range.lowerBound)
            position += 2
        } else {
            frames[frame].keywords.append(nil)
            frames[frame].argumentStarts.append(tokens[position].range.lowerBound)
        }
    }

    /// Pops the arguments of a closed statement call and hands them to the resolver.
    mutating func resolveCall(_ frame: Int, close: Range<Int>) throws(Diagnostic) -> Expr {
        let arguments = closeArguments(frame, close: close)
        let enclosing: String?
        if case let .userCall(outer)? = operators.last?.0 { enclosing = frames[outer].name } else { enclosing = nil }
        let f = frames[frame]
        return try resolver!.call(f.name, arguments, range: f.nameRange.lowerBound..<close.upperBound, enclosing: enclosing)
    }

    mutating func resolveList(_ frame: Int, open: Range<Int>, close: Range<Int>) throws(Diagnostic) -> Expr {
        let items = closeArguments(frame, close: close)
        return try resolver!.list(items, range: open.lowerBound..<close.upperBound)
    }

    private mutating func closeArguments(_ frame: Int, close: Range<Int>) -> [CallArgument] {
        frames[frame].argumentRanges.append(frames[frame].argumentStarts.last!..<close.lowerBound)
        let f = frames[frame]
        var values: [Expr] = []
        for _ in f.keywords { values.append(popValue()) }
        values.reverse()
        return values.indices.map { CallArgument(keyword: f.keywords[$0], value: values[$0], range: f.argumentRanges[$0]) }
    }

    func misplacedStatementToken(_ token: Token) -> Diagnostic {
        switch token.kind {
        case .equals:
            return Diagnostic("misplaced-equals", "'=' belongs at the start of a line (a = ..., f(x) = ...) or in a keyword argument (x=1)", at: token.range)
        case .doubleEquals:
            return Diagnostic("equality-outside-assert", "'==' compares only in an assertion", at: token.range, notes: ["write: assert lhs == rhs"])
        default:
            return Diagnostic("unexpected-character", "unexpected '\(token.kind == .leftBracket ? "[" : "]")'", at: token.range,
                              notes: ["lists [a, b] are written as arguments of commands"])
        }
    }
}
