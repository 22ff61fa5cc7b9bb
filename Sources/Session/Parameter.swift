import SymDiff

/// The two ways of asking for a command: the words of a shell command line, and a call in the
/// statement language of the REPL and scripts.
public struct FrontEnds: OptionSet, Sendable {
    /// The set as bits.
    public let rawValue: Int
    /// The set with these bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `symdiff COMMAND ...` in a shell.
    public static let commandLine = FrontEnds(rawValue: 1)
    /// `command(...)` in the REPL and scripts.
    public static let statement = FrontEnds(rawValue: 2)
    /// Both.
    public static let both: FrontEnds = [.commandLine, .statement]
}

/// What a parameter's value is. Each kind has one typed value (see the builders on `Parameter`)
/// and one way of being written in each front end.
public enum ParameterKind: Sendable {
    /// An expression (`Expr`).
    case expression
    /// An expression, or in statements also a result such as a gradient (`Value`).
    case subject
    /// An expression whose zeros are wanted (`Expr`); the command line also reads `lhs = rhs`.
    case relation
    /// Several expressions (`[Expr]`): further arguments on the command line, a list `[f, g]` in
    /// statements.
    case expressions
    /// One variable (`Expr`).
    case variable
    /// Variables in order (`[Expr]`), none repeated.
    case variables
    /// Variables in order, each with how many times (`[CountedVariable]`); statements write a
    /// count after a variable (`diff(f, x, 2, y)`).
    case countedVariables
    /// Numeric values of variables (`[Coordinate]`): `x=1,y=2` on the command line, keywords in
    /// statements.
    case point
    /// Expressions for variables (`[Assignment]`): `x=y+1` on the command line, keywords in
    /// statements.
    case assignments
    /// A whole number in a range (`Int`).
    case integer(WholeNumbers)
    /// A finite number, possibly written as a constant expression such as `pi/4` (`Double`).
    case number
    /// One of several words (`String`); `aliases` are other words for some of them.
    case choice([String], aliases: [WordAlias])
    /// Some of several words, in the order given, without repeats (`[String]`).
    case choices([String])
    /// Whole numbers in a range (`[Int]`).
    case integers(WholeNumbers)
    /// A range `lower:upper` per variable (`[ClosedRange<Double>]`).
    case ranges
    /// Yes or no (`Bool`).
    case flag
    /// A name such as a function name in emitted code (`String`).
    case identifier
    /// A file to write, by one of `extensions` (`String`); command line only.
    case outputFile(extensions: [String])
    /// Files to read (`[String]`), `-` for stdin; command line only.
    case inputFiles
}

/// The whole numbers from `lowest` to `highest`. Not a `ClosedRange`: a generic payload makes
/// the runtime look up `Int: Comparable` when the kinds are first laid out, a measurable part of
/// a one-shot call.
public struct WholeNumbers: Sendable {
    /// The smallest allowed.
    public let lowest: Int
    /// The largest allowed.
    public let highest: Int

    /// The numbers of `range`.
    public init(_ range: ClosedRange<Int>) {
        lowest = range.lowerBound
        highest = range.upperBound
    }

    /// True when `n` is allowed.
    public func contains(_ n: Int) -> Bool { lowest <= n && n <= highest }

    /// `a whole number from 1 to 10`, `a whole number, 0 or more`.
    public var described: String {
        highest == Int.max ? "a whole number, \(lowest) or more" : "a whole number from \(lowest) to \(highest)"
    }
}

/// Another word for one of a choice's words (`javascript` for `js`).
public struct WordAlias: Sendable {
    /// The other word.
    public let word: String
    /// The choice it stands for.
    public let meaning: String

    /// `word` standing for `meaning`.
    public init(_ word: String, means meaning: String) {
        self.word = word
        self.meaning = meaning
    }
}

extension ParameterKind {
    /// For a choice, the word `text` stands for (itself, or what its alias means); nil when it is
    /// none of them.
    public func chosenWord(_ text: String) -> String? {
        guard case let .choice(words, aliases) = self else { return nil }
        if words.contains(text) { return text }
        return aliases.first { $0.word == text }?.meaning
    }
}

/// How a parameter is written on the command line.
public enum CommandLineForm: Sendable, Equatable {
    /// A positional argument (`symdiff grad EXPR`).
    case positional
    /// `--name value`, once.
    case option(String)
    /// `--name value`, repeatable; the values add up in order.
    case repeatedOption(String)
    /// `--name` alone; `turnsOff` when giving it makes the value false (`--no-simplify`).
    case flag(String, turnsOff: Bool)
    /// Not available on the command line.
    case unavailable
}

/// How a parameter is written in a statement-language call.
public enum StatementForm: Sendable, Equatable {
    /// By position (the next positional argument), or as `keyword=value` when it has one.
    case positional(keyword: String?)
    /// As `keyword=value`.
    case keyword(String)
    /// Every `name=value` whose name is not another parameter's keyword (`eval(f, x=1, y=2)`).
    case freeKeywords
    /// Not available in statements.
    case unavailable
}

/// Everything about one parameter of a command that the front ends and the help need.
public struct ParameterSpec: Sendable {
    /// A stable name, used for the command line option's and the keyword's defaults.
    public let name: String
    /// What its value is.
    public let kind: ParameterKind
    /// One line for help texts.
    public let help: String
    /// What a value looks like, in usage lines (`n`, `x,y`, `x=1,y=2`).
    public let valueName: String
    /// The default as help shows it; nil when there is none or it needs no mention.
    public let defaultDescription: String?
    /// Must be given (in every front end that has it).
    public let isRequired: Bool
    /// How the command line writes it.
    public let commandLine: CommandLineForm
    /// How a statement writes it.
    public let statement: StatementForm

    /// The front ends where the parameter can be given.
    public var frontEnds: FrontEnds {
        var set: FrontEnds = []
        if commandLine != .unavailable { set.insert(.commandLine) }
        if statement != .unavailable { set.insert(.statement) }
        return set
    }

    /// The command line option's name (`--order`), nil for a positional argument.
    public var optionName: String? {
        switch commandLine {
        case let .option(n), let .repeatedOption(n), let .flag(n, _): return n
        case .positional, .unavailable: return nil
        }
    }

    /// The statement keyword (`order`), nil when there is none.
    public var keyword: String? {
        switch statement {
        case let .positional(k): return k
        case let .keyword(k): return k
        case .freeKeywords, .unavailable: return nil
        }
    }
}

/// A parameter with the type of its value: commands read their arguments through it
/// (`arguments[order]` is an `Int`), so a value is never looked up by a misspelled name or
/// read as the wrong type.
public struct Parameter<T: Sendable>: Sendable {
    /// Everything but the type.
    public let spec: ParameterSpec
    /// The value when the parameter is not given.
    public let defaultValue: T

    init(_ spec: ParameterSpec, default defaultValue: T) {
        self.spec = spec
        self.defaultValue = defaultValue
    }
}

/// One variable of `countedVariables` with how many times it is wanted (nil: not said).
public struct CountedVariable: Sendable, Equatable {
    /// The variable.
    public let variable: Expr
    /// How many times, when said.
    public let count: Int?

    /// `variable`, `count` times (nil: not said).
    public init(variable: Expr, count: Int?) {
        self.variable = variable
        self.count = count
    }
}

/// One coordinate of a point.
public struct Coordinate: Sendable, Equatable {
    /// The variable's name.
    public let name: String
    /// Its value.
    public let value: Double

    /// `name` = `value`.
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// One `name=expression` of a substitution.
public struct Assignment: Sendable, Equatable {
    /// The variable's name.
    public let name: String
    /// What replaces it.
    public let value: Expr

    /// `name` replaced by `value`.
    public init(name: String, value: Expr) {
        self.name = name
        self.value = value
    }
}

/// `a|b|c`, built without `joined`, whose first use costs a one-shot call a runtime lookup.
private func alternatives(_ words: [String]) -> String {
    var text = ""
    for w in words { text += (text.isEmpty ? "" : "|") + w }
    return text
}

/// The front ends' names for the default spellings: `--name` and `name` with `_` for `-`.
private func defaultOption(_ name: String) -> String { "--" + name }
private func defaultKeyword(_ name: String) -> String { name.replacingDashes }

extension String {
    var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}

// MARK: - Builders, one per kind of value

extension Parameter where T == Expr {
    /// A required expression: the first argument on the command line and in statements.
    public static func expression(_ name: String = "expression", valueName: String = "EXPR", help: String,
                                  kind: ParameterKind = .expression) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: kind, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .positional, statement: .positional(keyword: nil)), default: .zero)
    }

    /// A required variable given by option on the command line, by position in statements.
    public static func variable(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .variable, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .option(defaultOption(name)), statement: .positional(keyword: defaultKeyword(name))), default: .zero)
    }
}

extension Parameter where T == Expr? {
    /// An optional variable given by option on the command line, by position in statements.
    public static func optionalVariable(_ name: String, option: String? = nil, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .variable, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .option(option ?? defaultOption(name)), statement: .positional(keyword: defaultKeyword(name))), default: nil)
    }
}

extension Parameter where T == Value {
    /// A required expression that statements may also give as a result (a gradient, a matrix).
    public static func subject(help: String) -> Parameter {
        Parameter(ParameterSpec(name: "expression", kind: .subject, help: help, valueName: "EXPR", defaultDescription: nil, isRequired: true,
                                commandLine: .positional, statement: .positional(keyword: nil)), default: .text(""))
    }
}

extension Parameter where T == [Expr] {
    /// Variables: `--vars x,y` on the command line, the arguments after the expression in
    /// statements; empty when not given.
    /// `positional`: false for keyword only (`vars=[x, y]`).
    public static func variables(_ name: String = "variables", option: String = "--vars", valueName: String = "x,y", positional: Bool = true,
                                 help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .variables, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .option(option), statement: positional ? .positional(keyword: "vars") : .keyword("vars")),
                  default: [])
    }

    /// Expressions: the positional arguments on the command line, a list in statements.
    public static func expressions(_ name: String = "expressions", valueName: String = "EXPR", help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .expressions, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .positional, statement: .positional(keyword: nil)), default: [])
    }

    /// Further expressions by a repeatable option on the command line, a list keyword in statements.
    public static func extraExpressions(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .expressions, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .repeatedOption(defaultOption(name)), statement: .keyword(defaultKeyword(name))), default: [])
    }
}

extension Parameter where T == [CountedVariable] {
    /// Variables with counts: a repeatable option on the command line, the arguments after the
    /// expression in statements, where a whole number after a variable says how many times.
    public static func countedVariables(_ name: String, option: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .countedVariables, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .repeatedOption(option), statement: .positional(keyword: nil)), default: [])
    }
}

extension Parameter where T == [Coordinate] {
    /// A point: `option x=1,y=2` on the command line, `x=1, y=2` keywords in statements.
    public static func point(_ name: String, option: String, valueName: String = "x=1,y=2", isRequired: Bool = true, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .point, help: help, valueName: valueName, defaultDescription: nil, isRequired: isRequired,
                                commandLine: .option(option), statement: .freeKeywords), default: [])
    }
}

extension Parameter where T == [Assignment] {
    /// Substitutions: `option x=y+1` on the command line, `x=y+1` keywords in statements.
    public static func assignments(_ name: String, option: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .assignments, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .option(option), statement: .freeKeywords), default: [])
    }
}

extension Parameter where T == Int {
    /// A whole number with a default: `--name n`, `name=n`.
    public static func integer(_ name: String, in range: ClosedRange<Int>, default value: Int, option: String? = nil,
                               keyword: String? = nil, valueName: String = "n", help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .integer(WholeNumbers(range)), help: help, valueName: valueName, defaultDescription: String(value),
                                isRequired: false, commandLine: .option(option ?? defaultOption(name)),
                                statement: .keyword(keyword ?? defaultKeyword(name))), default: value)
    }
}

extension Parameter where T == Int? {
    /// A whole number without a default.
    public static func optionalInteger(_ name: String, in range: ClosedRange<Int>, option: String? = nil, keyword: String? = nil,
                                       valueName: String = "n", defaultDescription: String? = nil, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .integer(WholeNumbers(range)), help: help, valueName: valueName, defaultDescription: defaultDescription,
                                isRequired: false, commandLine: .option(option ?? defaultOption(name)),
                                statement: .keyword(keyword ?? defaultKeyword(name))), default: nil)
    }
}

extension Parameter where T == Double {
    /// A number with a default.
    public static func number(_ name: String, default value: Double, valueName: String = "x", help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .number, help: help, valueName: valueName, defaultDescription: formatNumber(value),
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: value)
    }
}

extension Parameter where T == Double? {
    /// A number without a default.
    public static func optionalNumber(_ name: String, keyword: String? = nil, valueName: String = "x", defaultDescription: String? = nil,
                                      help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .number, help: help, valueName: valueName, defaultDescription: defaultDescription,
                                isRequired: false, commandLine: .option(defaultOption(name)),
                                statement: .keyword(keyword ?? defaultKeyword(name))), default: nil)
    }
}

extension Parameter where T == String {
    /// One of `choices`, with a default.
    public static func choice(_ name: String, _ choices: [String], aliases: [WordAlias] = [], default value: String,
                              help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .choice(choices, aliases: aliases), help: help, valueName: alternatives(choices),
                                defaultDescription: value, isRequired: false, commandLine: .option(defaultOption(name)),
                                statement: .keyword(defaultKeyword(name))), default: value)
    }

    /// A name (such as the emitted function's), with a default.
    public static func identifier(_ name: String, default value: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .identifier, help: help, valueName: valueName, defaultDescription: value,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: value)
    }
}

extension Parameter where T == String? {
    /// One of `choices`, or nothing.
    public static func optionalChoice(_ name: String, _ choices: [String], help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .choice(choices, aliases: []), help: help, valueName: alternatives(choices),
                                defaultDescription: nil, isRequired: false, commandLine: .option(defaultOption(name)),
                                statement: .keyword(defaultKeyword(name))), default: nil)
    }

    /// A file the command line writes the result to; not in statements.
    public static func outputFile(_ name: String = "output", option: String = "--output", extensions: [String], valueName: String = "path",
                                  help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .outputFile(extensions: extensions), help: help, valueName: valueName,
                                defaultDescription: nil, isRequired: false, commandLine: .option(option), statement: .unavailable),
                  default: nil)
    }
}

extension Parameter where T == [String] {
    /// Some of `choices`, comma-separated on the command line, a list in statements.
    public static func choices(_ name: String, _ choices: [String], valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .choices(choices), help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: [])
    }

    /// Files to read, the positional arguments of the command line.
    public static func inputFiles(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .inputFiles, help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: true, commandLine: .positional, statement: .unavailable), default: [])
    }
}

extension Parameter where T == [Int] {
    /// Whole numbers, comma-separated on the command line, a list in statements.
    public static func integers(_ name: String, in range: ClosedRange<Int>, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .integers(WholeNumbers(range)), help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: [])
    }
}

extension Parameter where T == [ClosedRange<Double>] {
    /// Ranges `lower:upper` for each variable; empty when not given.
    public static func ranges(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .ranges, help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: [])
    }
}

extension Parameter where T == Bool {
    /// Yes or no, false unless given: `--name` on the command line, `name=true` in statements.
    public static func flag(_ name: String, help: String, frontEnds: FrontEnds = .both) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .flag, help: help, valueName: "true|false", defaultDescription: nil, isRequired: false,
                                commandLine: frontEnds.contains(.commandLine) ? .flag(defaultOption(name), turnsOff: false) : .unavailable,
                                statement: frontEnds.contains(.statement) ? .keyword(defaultKeyword(name)) : .unavailable),
                  default: false)
    }

    /// Yes or no, true unless turned off: `--no-name` on the command line, `name=false` in
    /// statements.
    public static func onByDefault(_ name: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .flag, help: help, valueName: "true|false", defaultDescription: "true", isRequired: false,
                                commandLine: .flag("--no-" + name, turnsOff: true), statement: .keyword(defaultKeyword(name))),
                  default: true)
    }
}
