import SymDiff

/// One operation a user can ask for (`diff`, `grad`, `eval`, `emit`, …): its name, its
/// parameters, its help with examples, and the one implementation both front ends call. The
/// command line (`symdiff grad EXPR --vars x,y`) and the statement language
/// (`grad(expr, x, y)`) read their arguments into `CommandArguments` by the parameters' kinds,
/// call `run`, and print the value it returns the same way.
public struct CommandSpec: Sendable {
    /// The name both front ends call it by (`grad`).
    public let name: String
    /// Other names the command answers to (on the command line and in statements).
    public let aliases: [String]
    /// One line for command lists.
    public let summary: String
    /// More about the command, for its own help page; may be empty.
    public let discussion: String
    /// The parameters, in the order help lists them (positional ones in their order).
    public var parameters: [ParameterSpec] { makeParameters() }
    /// Examples, each runnable in the front ends that have all its parameters; help shows them
    /// and a test runs every one through both front ends.
    public var examples: [CommandExample] { makeExamples() }
    /// Where the command can be called.
    public let frontEnds: FrontEnds
    /// With the command line's `--file`, each line is one call and gives one line of output.
    public let linePerCall: Bool
    /// In statements, a call of this command written as its first argument
    /// (`steps(diff(f, x))`) hands over its arguments instead of running.
    public let explains: String?
    private let implementation: @Sendable (CommandArguments, CommandContext) throws(CommandError) -> CommandResult
    /// What the command does with vectors and matrices (`TensorCommands`); nil when it takes
    /// scalar expressions only.
    private let tensorImplementation: TensorImplementation?
    // Built when asked for, so that finding a command by name (every call of the command line
    // does) builds no other command's parameters and examples.
    private let makeParameters: @Sendable () -> [ParameterSpec]
    private let makeExamples: @Sendable () -> [CommandExample]

    /// A command: its help, its parameters (built when first asked for), its examples and its
    /// implementation.
    public init(name: String, aliases: [String] = [], summary: String, discussion: String = "",
                parameters: @autoclosure @escaping @Sendable () -> [ParameterSpec],
                examples: @autoclosure @escaping @Sendable () -> [CommandExample] = [], frontEnds: FrontEnds = .both,
                linePerCall: Bool = false, explains: String? = nil, tensor: TensorImplementation? = nil,
                run: @escaping @Sendable (CommandArguments, CommandContext) throws(CommandError) -> CommandResult) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.discussion = discussion
        self.makeParameters = parameters
        self.makeExamples = examples
        self.frontEnds = frontEnds
        self.linePerCall = linePerCall
        self.explains = explains
        self.implementation = run
        self.tensorImplementation = tensor
    }

    /// Runs the command on arguments a front end has read. Work stopped through the thread's
    /// `Cancellation` ends in `CommandError.stopped`, whatever the engine returned on its way
    /// out (a stopped loop returns a value that means nothing).
    public func run(_ arguments: CommandArguments, context: CommandContext = CommandContext()) throws(CommandError) -> CommandResult {
        let result: CommandResult
        do throws(CommandError) {
            result = try dispatch(arguments, context)
        } catch {
            if let reason = Cancellation.current?.reason { throw .stopped(reason) }
            throw error
        }
        if let reason = Cancellation.current?.reason { throw .stopped(reason) }
        return result
    }

    /// The tensor implementation when the arguments hold vectors and matrices (written out
    /// entry by entry for the scalar one with `unroll`), else the scalar one.
    private func dispatch(_ arguments: CommandArguments, _ context: CommandContext) throws(CommandError) -> CommandResult {
        guard let tensor = arguments.tensor else { return try implementation(arguments, context) }
        guard let tensorImplementation else { throw TensorCommands.scalarOnly(self) }
        if arguments[TensorParameters.unroll] {
            return try implementation(TensorUnrolling.scalarArguments(arguments, tensor, command: self), context)
        }
        return try tensorImplementation(arguments, tensor, context)
    }

    /// The parameters a front end offers.
    public func parameters(in frontEnd: FrontEnds) -> [ParameterSpec] {
        parameters.filter { !$0.frontEnds.intersection(frontEnd).isEmpty }
    }

    /// The parameter called `name`.
    public func parameter(named name: String) -> ParameterSpec? { parameters.first { $0.name == name } }
}

/// Every command, in the order help lists them. Adding a command is one entry in one of these
/// groups: the command line, the statement language, help and completion all read this table.
public enum CommandTable {
    /// Every command, in help order.
    public static let all: [CommandSpec] = DerivativeCommands.all + SeriesCommands.all + MatrixCommands.all + AlgebraCommands.all + AnswerCommands.all + CriticalCommands.all + NumericCommands.all
        + CodeCommands.all + PlotCommands.all + ScriptCommands.all + ServeCommands.all

    /// The command called `name` (or with `name` as an alias). A scan of a few dozen names: a
    /// dictionary's first use costs a one-shot call more (the runtime looks up its key's
    /// conformances).
    public static func named(_ name: String) -> CommandSpec? { all.first { $0.name == name || $0.aliases.contains(name) } }

    /// The command called `name` in `frontEnd`.
    public static func named(_ name: String, in frontEnd: FrontEnds) -> CommandSpec? {
        guard let c = named(name), c.frontEnds.contains(frontEnd) else { return nil }
        return c
    }

    /// The commands of a front end, in help order.
    public static func available(in frontEnd: FrontEnds) -> [CommandSpec] { all.filter { $0.frontEnds.contains(frontEnd) } }

    /// Every name and alias of the commands of a front end.
    public static func names(in frontEnd: FrontEnds) -> [String] { available(in: frontEnd).flatMap { [$0.name] + $0.aliases } }
}
