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
    /// Names declared of one shape (`[String]`, each `w` or `X(n,d)`): `--vector w,y`,
    /// `--matrix X(n,d)`; the word is the shape (`vector`, `matrix`, `symmetric matrix`).
    /// Command line only: statements declare with `w: vector`.
    case shapes(String)
    /// Sizes by name (`[NamedSize]`): `--dims n=5,d=3`; command line only (statements give
    /// them as keywords).
    case sizes
    /// Arrays from files (`[DataFileName]`): `--data X=train.csv,y=labels.csv`; command line
    /// only (statements read them with `:data`).
    case dataFiles
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

extension ParameterKind {
    /// Kinds whose value is an expression or several, written by the user (an argument, a line
    /// of `--file`).
    public var isExpression: Bool {
        switch self {
        case .expression, .subject, .relation, .expressions: return true
        default: return false
        }
    }
}
