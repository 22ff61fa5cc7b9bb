import SymDiff

/// What a statement produces: an expression, or one of the results that are not expressions
/// (a number from `eval`, a gradient, a matrix, a list, a text such as a report or code).
public enum Value {
    /// An expression; `decimals` when it was written with decimal numbers (printed the same way).
    case expr(Expr, decimals: Bool)
    /// A floating-point result (`eval`, `solve`); exact arithmetic reads it as its shortest decimal.
    case number(Double)
    case gradient([Expr], variables: [Expr])
    case hessian([[Expr]], variables: [Expr])
    case jacobian([[Expr]], variables: [Expr])
    case list([Expr])
    /// Printed as it is: reports, LaTeX, code, plots.
    case text(String)
    /// `diff(f, x)` written inside `steps(...)`: what to derive, left for `steps` to explain.
    case derivation(Expr, variables: [Expr])

    /// What the value is called in messages ("a gradient cannot be used in an expression").
    var kindName: String {
        switch self {
        case .expr: return "an expression"
        case .number: return "a number"
        case .gradient: return "a gradient"
        case .hessian: return "a Hessian"
        case .jacobian: return "a Jacobian"
        case .list: return "a list"
        case .text: return "a text"
        case .derivation: return "a derivation"
        }
    }

    /// The value as the REPL and scripts print it (no trailing newline).
    public var printed: String {
        let matrices = MatrixPrinter(format: .infix)
        var text: String
        switch self {
        case let .expr(e, decimals): return InfixPrinter(decimals: decimals).print(e)
        case let .number(v): return formatNumber(v)
        case let .gradient(g, variables): text = matrices.gradient(g, variables: variables)
        case let .hessian(h, variables): text = matrices.hessian(h, variables: variables)
        case let .jacobian(j, variables): text = matrices.jacobian(j, variables: variables)
        case let .list(items): return "[" + items.map { InfixPrinter().print($0) }.joined(separator: ", ") + "]"
        case let .text(t): text = t
        case let .derivation(e, variables):
            return "diff(" + ([e] + variables).map { InfixPrinter().print($0) }.joined(separator: ", ") + ")"
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The value as an exact expression, where it is one: a number becomes the exact rational of
    /// its shortest decimal form (0.1 reads as 1/10), as if the user had typed it.
    var asExpression: Expr? {
        switch self {
        case let .expr(e, _): return e
        case let .number(v):
            guard v.isFinite, let q = try? Rational.parse(decimal: Substring("\(v.magnitude)")) else { return nil }
            return .number(v < 0 ? -q : q)
        default: return nil
        }
    }
}
