import Expr

/// A straight-line program: what an expression (or several: value, gradient, Hessian) lowers
/// to. Register i holds the result of instruction i; every distinct subexpression is computed
/// once, in creation order. The interpreter, batch evaluation and the code emitters read it.
public struct Tape: Sendable {
    /// One instruction; operands are earlier registers.
    public enum Instruction: Sendable {
        case constant(Double)
        case variable(Int)
        case add(Int, Int)
        case subtract(Int, Int)
        case multiply(Int, Int)
        case divide(Int, Int)
        case negate(Int)
        /// register * constant
        case scale(Int, Double)
        /// register + constant
        case offset(Int, Double)
        case integerPower(Int, Int)
        case power(Int, Int)
        /// A function of the table applied to earlier registers, through its numeric
        /// implementation there: one instruction for every function, whatever its arity.
        case function(FunctionID, [Int])
    }

    public internal(set) var instructions: [Instruction]
    /// The expression each instruction computes, where it computes a whole node (for messages
    /// and for naming temporaries in emitted code).
    public internal(set) var sources: [Expr?]
    /// The register of each output, in the order the roots were given.
    public internal(set) var outputs: [Int]
    /// The variables, in the order values are passed.
    public let variables: [String]
}

/// Why an expression cannot be lowered.
public enum CompileError: Error, Equatable, CustomStringConvertible {
    case unboundVariable(String)
    case undefined

    public var description: String {
        switch self {
        case let .unboundVariable(name): return "the variable '\(name)' has no value (add it to the variables)"
        case .undefined: return "the expression is undefined (it divides by zero)"
        }
    }
}
