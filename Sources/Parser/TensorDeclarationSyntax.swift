/// A declaration of the tensor language: `w: vector`, `X, Y: matrix(n, d)`,
/// `A: symmetric matrix(n)`, `s: scalar`. The shape after the colon is read as an expression
/// (a name or a call whose arguments are the sizes), so sizes may be written as expressions
/// (`vector(n - 1)`, `matrix(k, d*(d - 1)/2)`).
public struct TensorDeclarationSyntax: Sendable {
    /// The declared names and where each is written.
    public let names: [(name: String, range: Range<Int>)]
    /// True when `symmetric` precedes the shape.
    public let symmetric: Bool
    /// The shape: node `shape.root` is a name (`vector`) or a call (`matrix(n, d)`).
    public let shape: TensorSyntax

    /// True when `bytes` has the form of a declaration (names, then `:`), so a statement can be
    /// told apart from an expression before it is read.
    public static func looksLikeDeclaration(_ bytes: [UInt8]) -> Bool {
        guard let tokens = try? Lexer(bytes: bytes, tensorSyntax: true).tokens() else { return false }
        var i = 0
        while case .identifier = tokens[i].kind {
            i += 1
            if tokens[i].kind == .tensor(.colon) {
                // `y: function of x` declares an unknown function, not a shape.
                if case .identifier("function") = tokens[i + 1].kind { return false }
                return true
            }
            guard tokens[i].kind == .comma else { return false }
            i += 1
        }
        return false
    }

    /// Reads a declaration; throws a `Diagnostic` pointing at the problem.
    public static func parse(_ text: String) throws(Diagnostic) -> TensorDeclarationSyntax {
        try parse(bytes: Array(text.utf8))
    }

    /// Reads one declaration (`X: matrix(n, d)`), or throws a diagnostic pointing into `bytes`.
    public static func parse(bytes: [UInt8]) throws(Diagnostic) -> TensorDeclarationSyntax {
        let tokens = try Lexer(bytes: bytes, tensorSyntax: true).tokens()
        var names: [(String, Range<Int>)] = []
        var i = 0
        while true {
            guard case let .identifier(name) = tokens[i].kind else {
                throw Diagnostic("bad-declaration", "a declaration starts with the names it declares: w: vector", at: tokens[i].range)
            }
            names.append((name, tokens[i].range))
            i += 1
            if tokens[i].kind == .comma { i += 1; continue }
            guard tokens[i].kind == .tensor(.colon) else {
                throw Diagnostic("bad-declaration", "expected ':' after the declared name", at: tokens[i].range,
                                 notes: ["write name: vector, name: matrix(n, d), name: symmetric matrix(n) or name: scalar"])
            }
            i += 1
            break
        }
        var symmetric = false
        if case .identifier("symmetric") = tokens[i].kind {
            symmetric = true
            i += 1
        }
        guard tokens[i].kind != .end else {
            throw Diagnostic("bad-declaration", "expected a shape after ':'", at: tokens[i].range,
                             notes: ["write vector, matrix, matrix(n, d), symmetric matrix(n) or scalar"])
        }
        var machine = TensorSyntaxMachine(tokens: tokens, syntax: TensorSyntax(source: bytes))
        machine.position = i
        _ = try machine.sum()
        if machine.token.kind != .end { throw machine.unexpected(machine.token) }
        return TensorDeclarationSyntax(names: names, symmetric: symmetric, shape: machine.syntax)
    }
}
