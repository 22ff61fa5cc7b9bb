import Compile
import Expr

/// A small expression of the emitted code, before it is spelled in a language: what one
/// statement's right-hand side computes. Only registers used once are inlined into it, and only
/// while it stays short, so these trees are shallow and rendering them recursively is safe.
indirect enum CodeExpr: Equatable {
    case name(String)
    case literal(Double)
    case negate(CodeExpr)
    case binary(BinaryOperator, CodeExpr, CodeExpr)
    case call(Callee, [CodeExpr])
    /// An integer power other than -1 (which is a division).
    case power(CodeExpr, Int)

    enum BinaryOperator: String {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    /// What a call calls; each target spells it (`sin`, `math.sin`, `Math.sin`).
    enum Callee: Hashable {
        /// A function of the table.
        case function(FunctionID)
        /// A real power with a non-integer exponent.
        case pow
    }

    var isName: Bool {
        if case .name = self { return true }
        return false
    }

    /// The width the expression takes when printed, about: what decides when a temporary is cut.
    var width: Int {
        switch self {
        case let .name(n): return n.count
        case let .literal(v): return CodeExpr.decimal(v).count
        case let .negate(a): return a.width + 1
        case let .binary(op, a, b): return a.width + b.width + (op == .add || op == .subtract ? 3 : 1)
        case let .call(_, args): return args.reduce(6) { $0 + $1.width + 2 }
        case let .power(a, _): return 2 * a.width + 2
        }
    }

    /// Shortest decimal that reads back as the same double (`100.0`, `0.657`, `1e-05`).
    static func decimal(_ v: Double) -> String { v.description }
}
