import Session
import SymDiff

/// The words of one command line, sorted by the command's parameters: which option got which
/// words, and the positional words in order. Options that take a value take the next word
/// whatever it looks like (`--range -6:6`); a word that begins with `-` but is no option is an
/// expression (`symdiff '-x^2'`), unless it looks like a misspelled option (`--ordr`).
struct CommandLineReader {
    /// What the command line said, before the values are read by kind.
    struct Words {
        /// The words given to each parameter, by parameter name (a flag's is empty).
        var options = NameTable<[String]>()
        var positional: [String] = []
        /// `--file PATH`: the expressions are the lines of a file.
        var file: String?
        /// `--jobs N`, with `--file` for a command that runs once per line.
        var jobs: String?
        /// `--timeout SECONDS`.
        var timeout: String?
        /// `--stats`: node counts of the input and the result on stderr.
        var stats = false
        /// `--from latex`: the expressions are LaTeX.
        var from: String?
        var help = false
    }

    /// An option of the command line itself, not of one command.
    struct FrontEndOption: Sendable {
        let name: String
        let valueName: String?
        /// The help line for a command.
        let help: @Sendable (CommandSpec) -> String
        /// Offered for this command.
        let applies: @Sendable (CommandSpec) -> Bool

        init(name: String, valueName: String?, help: @escaping @Sendable (CommandSpec) -> String, applies: @escaping @Sendable (CommandSpec) -> Bool) {
            self.name = name
            self.valueName = valueName
            self.help = help
            self.applies = applies
        }

        init(name: String, valueName: String?, help: String, applies: @escaping @Sendable (CommandSpec) -> Bool) {
            self.init(name: name, valueName: valueName, help: { _ in help }, applies: applies)
        }
    }

    /// The options every command's line may have, as the command allows.
    static let frontEndOptions: [FrontEndOption] = [
        FrontEndOption(name: "--file", valueName: "path",
                       help: { c in
                           c.linePerCall ? "Read one expression per line from a file ('-' for stdin) and print one result per line (an empty line for a line that fails)."
                               : "Read the expression from a file ('-' for stdin) instead of the argument (for an expression larger than an argument may be)."
                       },
                       applies: { $0.parameters.contains { $0.commandLine == .positional && $0.kind.isExpression } }),
        FrontEndOption(name: "--jobs", valueName: "n",
                       help: "With --file, work on this many threads (default: one per core, at most 8); the output is the same.",
                       applies: \.linePerCall),
        FrontEndOption(name: "--stats", valueName: nil,
                       help: "Print node counts (distinct, and written out as a tree) of the input and the result to stderr.",
                       applies: { $0.parameters.contains { $0.commandLine == .positional && $0.kind.isExpression } }),
        FrontEndOption(name: "--from", valueName: "infix|latex",
                       help: "Read the expression as LaTeX (\\frac{a}{b}, \\sqrt{x}, e^{x}, \\frac{d}{dx} f) instead of the infix language.",
                       applies: { $0.parameters.contains { $0.commandLine == .positional && $0.kind.isExpression } }),
        FrontEndOption(name: "--timeout", valueName: "seconds", help: "Stop with exit status 3 after this many seconds.", applies: { _ in true }),
        FrontEndOption(name: "--help", valueName: nil, help: "This help.", applies: { _ in true }),
    ]

    let command: CommandSpec

    /// Every option name this command knows, for suggestions.
    var optionNames: [String] {
        command.parameters(in: .commandLine).compactMap(\.optionName)
            + Self.frontEndOptions.filter { $0.applies(command) }.map(\.name)
    }

    func read(_ arguments: ArraySlice<String>) throws(CommandLineError) -> Words {
        var words = Words()
        let parameters = command.parameters(in: .commandLine)
        let frontEnd = Self.frontEndOptions.filter { $0.applies(command) }
        var i = arguments.startIndex
        var onlyPositional = false
        while i < arguments.endIndex {
            let word = arguments[i]
            i += 1
            if onlyPositional || !word.hasPrefix("-") || word == "-" {
                words.positional.append(word)
                continue
            }
            if word == "--" { onlyPositional = true; continue }
            if word == "-h" { words.help = true; continue }
            let (name, inline) = Self.split(word)
            func value() throws(CommandLineError) -> String {
                if let inline { return inline }
                guard i < arguments.endIndex else { throw CommandLineError.usage("missing value for \(name)", command) }
                i += 1
                return arguments[i - 1]
            }
            if let p = parameters.first(where: { $0.optionName == name }) {
                if case let .flag(_, turnsOff) = p.commandLine {
                    if inline != nil { throw CommandLineError.usage("\(name) takes no value", command) }
                    words.options[p.name] = [turnsOff ? "false" : "true"]
                    continue
                }
                let v = try value()
                if case .repeatedOption = p.commandLine {
                    words.options[p.name] = (words.options[p.name] ?? []) + [v]
                } else {
                    if words.options[p.name] != nil { throw CommandLineError.usage("\(name) is given twice", command) }
                    words.options[p.name] = [v]
                }
                continue
            }
            if frontEnd.contains(where: { $0.name == name }) {
                switch name {
                case "--file": words.file = try value()
                case "--jobs": words.jobs = try value()
                case "--timeout": words.timeout = try value()
                case "--stats": words.stats = true
                case "--from": words.from = try value()
                default: words.help = true
                }
                continue
            }
            if Self.looksLikeOption(name) {
                let hint = Suggestions.hint(for: name, among: optionNames)
                throw CommandLineError.usage("unknown option '\(name)'\(hint)", command)
            }
            // An expression that begins with a minus sign.
            words.positional.append(word)
        }
        return words
    }

    /// `--name=value` as (`--name`, `value`); other words as (word, nil).
    static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let eq = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<eq]), String(word[word.index(after: eq)...]))
    }

    /// `--` and two or more letters, digits or dashes: an option, not an expression (`--x` is
    /// the expression -(-x)).
    static func looksLikeOption(_ name: String) -> Bool {
        let body = name.dropFirst(2)
        return name.hasPrefix("--") && body.count >= 2 && body.first!.isLetter
            && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

/// A command line that cannot run, with its exit status.
enum CommandLineError: Error {
    /// The words do not fit the command (exit status 64); the usage line follows the message.
    case usage(String, CommandSpec)
    /// A value is wrong (exit status 1), with the whole text to print.
    case input(String)
    /// A limit was reached (exit status 3).
    case limit(String)
    /// Ctrl-C stopped the work (exit status 130).
    case interrupted(String)
}
