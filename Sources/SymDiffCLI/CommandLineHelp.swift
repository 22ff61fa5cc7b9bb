import Glibc
import Session
import SymDiff

/// `symdiff --help`, `symdiff help COMMAND` and `symdiff COMMAND --help`, from the command
/// table: usage lines, options with their defaults, examples in command-line syntax.
enum CommandLineHelp {
    /// `symdiff help [COMMAND]`.
    static func show(_ words: ArraySlice<String>) -> Never {
        guard let name = words.first else {
            Output.write(overview)
            exit(0)
        }
        guard let command = CommandTable.named(name, in: .commandLine) else {
            let names = CommandTable.names(in: .commandLine)
            let suggestion = Suggestions.hint(for: name, among: names)
            Output.fail("error: no command named '\(name)'\(suggestion) ('symdiff help' lists them)", status: .usage)
        }
        Output.write(page(command))
        exit(0)
    }

    /// Whether `command` runs without its name (`symdiff EXPR`).
    static func isDefault(_ command: CommandSpec) -> Bool { command.name == CommandLineRunner.defaultCommand }

    /// `usage(command)` broken before the terminal's width, continued under its first argument.
    static func wrappedUsage(_ command: CommandSpec, indent: Int) -> String {
        let words = usageParts(command)
        let width = HelpLayout.width
        let hang = indent + (isDefault(command) ? 8 : 9 + command.name.count)
        var lines: [String] = []
        var line = ""
        for word in words {
            if !line.isEmpty && (lines.isEmpty ? indent : hang) + line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines.enumerated().map { i, l in String(repeating: " ", count: i == 0 ? 0 : hang) + l }.joined(separator: "\n")
    }

    /// One line: `symdiff grad EXPR [--vars x,y] [--format infix|latex|json] ...`.
    static func usage(_ command: CommandSpec) -> String { usageParts(command).joined(separator: " ") }

    /// The usage line's parts, each kept whole when the line is broken.
    static func usageParts(_ command: CommandSpec) -> [String] {
        var parts = ["symdiff"] + (isDefault(command) ? [] : [command.name])
        for p in command.parameters(in: .commandLine) {
            switch p.commandLine {
            case .positional:
                let name = p.valueName + (p.kind.takesSeveral ? "..." : "")
                parts.append(p.isRequired ? name : "[\(name)]")
            case let .option(n): parts.append(p.isRequired ? "\(n) \(p.valueName)" : "[\(n) \(p.valueName)]")
            case let .repeatedOption(n): parts.append("[\(n) \(p.valueName)]...")
            case let .flag(n, _): parts.append("[\(n)]")
            case .unavailable: continue
            }
        }
        return parts
    }

    /// A command's page: usage, what it does, options, examples, its statement form.
    static func page(_ command: CommandSpec) -> String {
        var out = HelpLayout.wrapped("symdiff \(command.name): \(command.summary)", indent: 0).joined(separator: "\n")
        out += "\n\nUsage: \(wrappedUsage(command, indent: 7))\n"
        if isDefault(command) { out += "       (symdiff \(command.name) ... is the same)\n" }
        if !command.discussion.isEmpty { out += "\n" + HelpLayout.wrapped(command.discussion, indent: 0).joined(separator: "\n") + "\n" }
        out += "\n" + options(command)
        let examples = command.examples.filter { $0.frontEnds.contains(.commandLine) }
        if !examples.isEmpty {
            out += "\nExamples:\n"
            out += exampleLines(examples.map { e in
                (e.commandLine(for: command, isDefault: isDefault(command)), e.output.map(firstLine) ?? e.note ?? "")
            }).joined(separator: "\n") + "\n"
        }
        if command.frontEnds.contains(.statement) {
            out += "\nIn the REPL and scripts:\n" + StatementHelp.wrappedUsage(command, indent: 2).joined(separator: "\n") + "\n"
        }
        if !command.aliases.isEmpty { out += "Also called: \(command.aliases.joined(separator: ", "))\n" }
        return out
    }

    /// The options of `command` with their help and defaults, then the command line's own.
    static func options(_ command: CommandSpec) -> String {
        "Arguments and options:\n" + HelpLayout.columns(optionRows(command)).joined(separator: "\n") + "\n"
    }

    /// One row per argument and option: how it is written, and its help with its default.
    static func optionRows(_ command: CommandSpec) -> [(String, String)] {
        var rows: [(String, String)] = []
        for p in command.parameters(in: .commandLine) {
            let left: String
            switch p.commandLine {
            case .positional: left = p.valueName + (p.kind.takesSeveral ? "..." : "")
            case let .option(n), let .repeatedOption(n): left = "\(n) \(p.valueName)"
            case let .flag(n, _): left = n
            case .unavailable: continue
            }
            let shown = p.kind.isFlag ? nil : p.defaultDescription
            rows.append((left, p.help + (shown.map { " (default: \($0))" } ?? "")))
        }
        for o in CommandLineReader.frontEndOptions where o.applies(command) {
            rows.append((o.name + (o.valueName.map { " " + $0 } ?? ""), o.help(command)))
        }
        return rows
    }

    /// `symdiff --help`: what the tool does, its commands, the derivative's options, examples,
    /// the syntax, the functions, the exit statuses.
    static var overview: String {
        let diff = CommandTable.named(CommandLineRunner.defaultCommand)!
        var out = HelpLayout.wrapped("symdiff: symbolic differentiation: exact derivatives, simplified and printed.", indent: 0)
            .joined(separator: "\n")
        out += "\n\nUsage:\n  \(wrappedUsage(diff, indent: 2))\n"
        out += HelpLayout.columns([
            ("symdiff diff EXPR ...", "the same"),
            ("symdiff COMMAND ARGUMENTS...", "one of the commands below"),
            ("symdiff help COMMAND", "a command's options and examples"),
            ("symdiff", "the interactive session (statements from stdin when piped)"),
            ("symdiff --version, -V", "the version"),
            ("symdiff --generate-completion-script bash|zsh|fish", "a completion script for the shell"),
            ("symdiff --generate-man-page", "the manual page (roff), e.g. for man -l -"),
        ], maximumLeft: 30).joined(separator: "\n") + "\n\nCommands:\n\n"
        out += HelpLayout.columns(CommandTable.available(in: .commandLine).map { ($0.name, $0.summary) }).joined(separator: "\n") + "\n\n"
        out += "The derivative (symdiff EXPR):\n" + options(diff).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n\n"
        out += "Examples:\n"
        out += exampleLines(diff.examples.map { ($0.commandLine(for: diff, isDefault: true), $0.output.map(firstLine) ?? $0.note ?? "") })
            .joined(separator: "\n") + "\n\n"
        out += HelpLayout.wrapped("""
            Syntax: + - * / and ^ or ** (right-associative; -x^2 is -(x^2)); numbers 3, 2.5, .5, 1e-3 \
            (decimals are exact); constants pi, e; implicit multiplication where unambiguous: 2x, \
            3sin(x), 2(x+1), (x+1)(x-1), x y. Other names are real variables.
            """, indent: 0).joined(separator: "\n") + "\n\n"
        out += HelpLayout.wrapped("Functions: " + FunctionTable.names.joined(separator: " ") + " (leaky_relu takes an optional slope, 0.01 by default).",
                       indent: 0).joined(separator: "\n") + "\n\n"
        out += HelpLayout.wrapped("At kinks: relu'(0) = heaviside(0) = 0, abs'(0) = sign(0) = 0.", indent: 0).joined(separator: "\n") + "\n\n"
        out += "Exit status:\n"
        out += HelpLayout.columns(Output.Status.allCases.map { (String($0.rawValue), $0.meaning) }, maximumLeft: 4).joined(separator: "\n") + "\n"
        return out
    }

    /// Examples (a command line, what it prints) in two columns; a command line wider than the
    /// terminal is continued with ` \\` between its words, as a shell reads it, never broken by
    /// the terminal in the middle of a word.
    static func exampleLines(_ rows: [(String, String)], width: Int = HelpLayout.width) -> [String] {
        HelpLayout.columns(rows, width: width).flatMap { line -> [String] in
            guard line.count > width, line.hasPrefix("  symdiff ") else { return [line] }
            var lines: [String] = []
            var current = " "
            // An option stays on the line of its value.
            let units = shellWords(line).reduce(into: [String]()) { units, word in
                if let last = units.last, last.hasPrefix("--"), !last.contains(" "), !word.hasPrefix("-") {
                    units[units.count - 1] += " " + word
                } else {
                    units.append(word)
                }
            }
            for word in units {
                if current.count > 2 && current.count + 1 + word.count + 2 > width {
                    lines.append(current + " \\")
                    current = "     "
                }
                current += " " + word
            }
            return lines + [current]
        }
    }

    /// The words of a command line, a single-quoted argument with its spaces kept as one.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quoted = false
        for c in line {
            if c == "'" { quoted.toggle() }
            if c == " " && !quoted {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    private static func firstLine(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count > 1 ? lines[0] + "  …" : text
    }
}

extension ParameterKind {
    /// Kinds whose positional argument may be repeated.
    var takesSeveral: Bool {
        switch self {
        case .expressions, .inputFiles: return true
        default: return false
        }
    }
}
