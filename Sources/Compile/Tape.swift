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
        /// A function of the table applied to earlier registers (`registers(of:)`), through
        /// its numeric implementation there: one instruction for every function, whatever its
        /// arity.
        case function(FunctionID, Arguments)
    }

    /// The argument registers of a `function` instruction: a range of `argumentRegisters`, so
    /// that instructions are plain values the interpreter copies without reference counting.
    public struct Arguments: Hashable, Sendable {
        /// The first argument's index in `argumentRegisters`.
        public let start: Int
        /// The number of arguments.
        public let count: Int

        @inlinable init(start: Int, count: Int) {
            self.start = start
            self.count = count
        }
    }

    /// The instructions, in execution order; instruction i writes register i.
    public internal(set) var instructions: [Instruction]
    /// The expression each instruction computes, where it computes a whole node (for messages
    /// and for naming temporaries in emitted code).
    public internal(set) var sources: [Expr?]
    /// The register of each output, in the order the roots were given.
    public internal(set) var outputs: [Int]
    /// The variables, in the order values are passed.
    public let variables: [String]
    /// The stable rewrites lowering applied (`log-sigmoid`), in the order they first fired.
    public internal(set) var stableRewrites: [String]
    /// The argument registers of every `function` instruction, one after another.
    public internal(set) var argumentRegisters: [Int]
    /// The numeric implementation of each `function` instruction, in program order: what the
    /// interpreter calls, resolved once here rather than looked up in the table at every call.
    @usableFromInline var implementations: [NumericImplementation]

    /// The registers a `function` instruction's arguments are in, in order.
    public func registers(of arguments: Arguments) -> ArraySlice<Int> {
        argumentRegisters[arguments.start..<(arguments.start + arguments.count)]
    }
}

/// Why an expression cannot be lowered.
public enum CompileError: Error, Equatable, CustomStringConvertible {
    case unboundVariable(String)
    case undefined

    /// The message for a person.
    public var description: String {
        switch self {
        case let .unboundVariable(name): return "the variable '\(name)' has no value (add it to the variables)"
        case .undefined: return "the expression is undefined (it divides by zero)"
        }
    }
}
