import Compile

/// Why code cannot be emitted; the description is a message for people.
public enum EmitError: Error, Equatable, CustomStringConvertible {
    /// The expression uses a variable that is not among the given ones.
    case unboundVariable(String)
    /// The expression is undefined everywhere (it divides by zero).
    case undefined
    /// The function name is not an identifier of the target language.
    case invalidName(String)
    /// A variable is listed twice.
    case duplicateVariable(String)
    /// The target language has no code for a function of the table.
    case unsupported(function: String, language: String)
    /// The expression calls an unknown function (`f(x)`), which has no value to compute.
    case unknownFunction(String)

    /// The message for a person.
    public var description: String {
        switch self {
        case let .unboundVariable(name): return "the variable '\(name)' is not in the variable list"
        case .undefined: return "the expression is undefined (it divides by zero)"
        case let .invalidName(name): return "'\(name)' cannot be a function name (letters, digits and _, not a keyword)"
        case let .duplicateVariable(name): return "the variable '\(name)' is listed twice"
        case let .unsupported(function, language): return "\(function) cannot be written in \(language) (no code for it in the function table)"
        case let .unknownFunction(name): return "'\(name)' is an unknown function: it has no numeric value, so no code computes it"
        }
    }

    init(_ error: CompileError) {
        switch error {
        case let .unboundVariable(name): self = .unboundVariable(name)
        case .undefined: self = .undefined
        }
    }
}
