import SymDiff

/// What a command or a statement produces: an expression, or one of the results that are not
/// expressions (a number from `eval`, a gradient or matrix, a list, a text such as a report or
/// code, a figure).
public enum Value: Sendable {
    /// An expression; `decimals` when it was written with decimal numbers (printed the same way).
    case expr(Expr, decimals: Bool)
    /// A floating-point result (`eval`); exact arithmetic reads it as its shortest decimal.
    case number(Double)
    /// A gradient, Hessian or Jacobian, with how it prints.
    case matrix(DerivativeMatrix)
    case list([Expr])
    /// Printed as it is: LaTeX, code, steps.
    case text(String)
    /// A report printed as it is (`solve`'s root, value and iterations) that arithmetic reads as
    /// `number` when it has one.
    case report(String, number: Double?)
    /// A plot, drawn with braille characters where it is printed.
    case figure(Figure)
    /// A call left for the command around it to take over: `diff(f, x)` inside `steps(...)`.
    case deferred(command: String, arguments: CommandArguments)
    /// An expression over vectors and matrices, its derivatives, or arrays of numbers.
    case tensor(TensorResult)

    /// What the value is called in messages ("a gradient cannot be used in an expression").
    var kindName: String {
        switch self {
        case .expr: return "an expression"
        case .number: return "a number"
        case let .matrix(m):
            switch m.kind {
            case .gradient: return "a gradient"
            case .hessian: return "a Hessian"
            case .jacobian: return "a Jacobian"
            }
        case .list: return "a list"
        case .text: return "a text"
        case .report: return "a report"
        case .figure: return "a plot"
        case let .deferred(command, _): return "a \(command) that only the command around it can take"
        case let .tensor(result): return result.kindName
        }
    }

    /// The value as text in `format`, as both front ends print it (no trailing newline). A
    /// figure is drawn in braille characters of the terminal's size, without color.
    public func rendered(_ format: OutputFormat = .infix) -> String {
        var text: String
        switch self {
        case let .expr(e, decimals): return format.print(e, decimals: decimals)
        case let .number(v): return formatNumber(v)
        case let .matrix(m): text = MatrixPrinter(format: format).print(m)
        case let .list(items): return "[" + items.map { format.print($0) }.joined(separator: ", ") + "]"
        case let .text(t), let .report(t, _): text = t
        case let .figure(f):
            text = f.brailleForTerminal()
        case let .deferred(command, _): return "\(command)(...)"
        case let .tensor(result): text = result.rendered(latex: format == .latex)
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The value as the REPL and scripts print it: infix text.
    public var printed: String { rendered() }

    /// The value as an exact expression, where it is one: a number becomes the exact rational of
    /// its shortest decimal form (0.1 reads as 1/10), as if the user had typed it.
    var asExpression: Expr? {
        switch self {
        case let .expr(e, _): return e
        case let .number(v), let .report(_, v?):
            guard v.isFinite, let q = try? Rational.parse(decimal: Substring("\(v.magnitude)")) else { return nil }
            return .number(v < 0 ? -q : q)
        default: return nil
        }
    }

    /// The expressions the value holds (none for a number, a text or a figure).
    public var expressions: [Expr] {
        switch self {
        case let .expr(e, _): return [e]
        case let .matrix(m): return m.entries.map(\.value)
        case let .list(items): return items
        default: return []
        }
    }

    /// Written with decimals: arithmetic on it keeps printing decimals.
    var decimals: Bool {
        switch self {
        case let .expr(_, d): return d
        case let .matrix(m): return m.decimals
        default: return false
        }
    }
}
