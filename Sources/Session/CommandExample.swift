import SymDiff

/// An example of a command, written once as the values of its parameters: help shows it in each
/// front end's syntax (`symdiff grad 'x^2*y' --vars x,y`, `grad(x^2*y, x, y)`), and a test runs
/// it through both and requires the same text.
public struct CommandExample: Sendable {
    /// One parameter's value as the user would type it.
    public struct Argument: Sendable {
        /// The parameter given.
        public let parameter: ParameterSpec
        /// Its value as typed.
        public let value: ExampleValue
    }

    /// A value as typed: text (an expression, a number, `x=1,y=2`), several texts, or a flag.
    public enum ExampleValue: Sendable {
        case text(String)
        case list([String])
        case flag(Bool)
    }

    /// The parameters given, each once.
    public let arguments: [Argument]
    /// What it prints, when short enough to show in help.
    public let output: String?
    /// A word on what it shows, when the output does not say it.
    public let note: String?

    /// Where the example is shown, when its text is one front end's only (`lhs = rhs` reads as an
    /// equation on the command line alone).
    let shownIn: FrontEnds

    /// An example giving `arguments`; `only` keeps it to one front end.
    public init(_ arguments: Argument..., output: String? = nil, note: String? = nil, only frontEnds: FrontEnds = .both) {
        self.arguments = arguments
        self.output = output
        self.note = note
        self.shownIn = frontEnds
    }

    /// The front ends that have every parameter the example uses.
    public var frontEnds: FrontEnds {
        arguments.reduce(shownIn) { $0.intersection($1.parameter.frontEnds) }
    }
}

extension CommandExample.Argument {
    /// `parameter` given as `text`.
    public static func arg<T>(_ parameter: Parameter<T>, _ text: String) -> Self { Self(parameter: parameter.spec, value: .text(text)) }
    /// `parameter` given several values (variables, expressions, orders).
    public static func arg<T>(_ parameter: Parameter<T>, _ items: [String]) -> Self { Self(parameter: parameter.spec, value: .list(items)) }
    /// A flag given.
    public static func on(_ parameter: Parameter<Bool>) -> Self { Self(parameter: parameter.spec, value: .flag(parameter.defaultValue == false)) }
}
