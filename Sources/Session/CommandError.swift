import SymDiff

/// A message that may name parameters: each front end spells them its own way (`--max-order` on
/// the command line, `max_order=` in statements). Written as a string with interpolated
/// parameters: `"raise \(maxOrder) to allow more"`.
public struct CommandMessage: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Part: Sendable {
        case text(String)
        case parameter(ParameterSpec)
    }

    var parts: [Part] = []

    /// A message without parameters.
    public init(stringLiteral value: String) { parts = [.text(value)] }

    /// A message from `"... \(parameter) ..."`.
    public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    /// The message with each parameter spelled by `spelling`.
    public func text(spelling: (ParameterSpec) -> String) -> String {
        parts.map { part in
            switch part {
            case let .text(t): return t
            case let .parameter(p): return spelling(p)
            }
        }.joined()
    }

    /// The message with parameters by their names, for tests and logs.
    public var description: String { text { $0.name } }

    /// The pieces of an interpolated message: text, values as text, parameters as themselves.
    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []
        /// An empty message to build.
        public init(literalCapacity: Int, interpolationCount: Int) {}
        /// Literal text.
        public mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }
        /// A parameter, spelled by the front end.
        public mutating func appendInterpolation<T>(_ parameter: Parameter<T>) { parts.append(.parameter(parameter.spec)) }
        /// A parameter by its spec, spelled by the front end.
        public mutating func appendInterpolation(_ spec: ParameterSpec) { parts.append(.parameter(spec)) }
        /// A value as its description.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { parts.append(.text(value.description)) }
    }
}

/// Why a command gives no result.
public struct CommandError: Error, Sendable {
    /// What kind of problem it is, which decides the command line's exit status.
    public enum Kind: Sendable {
        /// The input is wrong: an expression, a value, a variable (exit status 1).
        case input
        /// The arguments do not fit together or a value is not of the parameter's kind (64).
        case usage
        /// A limit was reached: size, order, iterations, time (3).
        case limit
        /// The user interrupted the work (Ctrl-C; 130).
        case interrupted
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// What went wrong, in words.
    public var message: CommandMessage
    /// The parameter whose value is wrong, so that a front end can point at it.
    public var parameter: ParameterSpec?
    /// Within that parameter, the item meant (a variable of a point), when there is one.
    public var item: String?
    /// Further lines (a suggestion).
    public var notes: [CommandMessage]

    /// An error, about `parameter` (and its `item`) when given.
    public init(_ kind: Kind = .input, _ message: CommandMessage, parameter: ParameterSpec? = nil, item: String? = nil,
                notes: [CommandMessage] = []) {
        self.kind = kind
        self.message = message
        self.parameter = parameter
        self.item = item
        self.notes = notes
    }

    /// The error of work stopped through its `Cancellation`.
    public static func stopped(_ reason: Cancellation.Reason) -> CommandError {
        switch reason {
        case .interrupted: return CommandError(.interrupted, "interrupted")
        case .timeLimit: return CommandError(.limit, "time limit reached (--timeout)")
        }
    }

    /// An error about the value of `parameter`.
    public init<T>(_ kind: Kind = .input, _ message: CommandMessage, about parameter: Parameter<T>, item: String? = nil) {
        self.init(kind, message, parameter: parameter.spec, item: item)
    }
}

/// What a command gives: a value, and how the run went.
public struct CommandResult: Sendable {
    /// How a result stands, beyond being a value.
    public enum Verdict: Sendable, Equatable {
        /// The answer.
        case ok
        /// What was reached when a limit stopped the work (an optimizer at its iteration limit):
        /// printed as usual; the command line exits with status 3.
        case limitReached
        /// The value says there is no answer (no minimum: a saddle, an unbounded function):
        /// printed as usual; the command line exits with status 1.
        case notFound
        /// A check that says no (the gradient disagrees with finite differences): the message,
        /// if any, follows the value; the command line exits with status 1, a script counts a
        /// failure.
        case failed(String)
    }

    /// The result itself.
    public var value: Value
    /// How it stands.
    public var verdict: Verdict
    /// Side remarks for stderr (`note: no C compiler found ...`).
    public var notes: [String]
    /// Files the command line writes (from parameters that exist only there).
    public var files: [OutputFile]

    /// A result; `.ok` with no notes and no files unless said.
    public init(_ value: Value, verdict: Verdict = .ok, notes: [String] = [], files: [OutputFile] = []) {
        self.value = value
        self.verdict = verdict
        self.notes = notes
        self.files = files
    }
}

/// A file a command's result goes to: code as text, or a figure (SVG or PNG by the file's name).
public struct OutputFile: Sendable {
    /// What goes into the file.
    public enum Content: Sendable {
        case text(String)
        case figure(Figure)
    }

    /// Where the file goes.
    public let path: String
    /// What goes into it.
    public let content: Content

    /// `content` for the file at `path`.
    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }
}
