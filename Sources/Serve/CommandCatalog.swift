import Session

/// The command table as the page reads it (`GET /api/commands`): every command of the command
/// line with its summary and its parameters in command-line spelling, so that a command added to
/// the table appears on the page with no page code of its own.
struct CommandCatalog: Encodable {
    struct Command: Encodable {
        let name: String
        let aliases: [String]
        let summary: String
        let discussion: String
        let parameters: [Parameter]
        /// Examples as the words after the command's name.
        let examples: [[String]]
    }

    struct Parameter: Encodable {
        let name: String
        /// `--order`, or nil for the positional argument.
        let option: String?
        let valueName: String
        let help: String
        let required: Bool
        /// Whether the option takes no value (`--grad`).
        let flag: Bool
    }

    let commands: [Command]

    /// Options that read or write files: a request gives its input in the request and gets its
    /// output in the answer, never through the server's file system.
    /// The options of `command` that name files (`--output`, `--plot`, `--data`), by their
    /// parameters' kinds, and the command line's own `--file`.
    static func fileOptions(of command: CommandSpec) -> Set<String> {
        var options: Set<String> = ["--file"]
        for p in command.parameters {
            switch p.kind {
            case .outputFile, .inputFiles, .dataFiles: if let option = p.optionName { options.insert(option) }
            default: break
            }
        }
        return options
    }

    init(excluding excluded: Set<String>) {
        commands = CommandTable.available(in: .commandLine).filter { !excluded.contains($0.name) }.map { c in
            Command(name: c.name, aliases: c.aliases, summary: c.summary, discussion: c.discussion,
                    parameters: c.parameters(in: .commandLine).compactMap { p in
                        if let option = p.optionName, CommandCatalog.fileOptions(of: c).contains(option) { return nil }
                        var isFlag = false
                        if case .flag = p.commandLine { isFlag = true }
                        return Parameter(name: p.name, option: p.optionName, valueName: p.valueName, help: p.help,
                                         required: p.isRequired, flag: isFlag)
                    },
                    examples: c.examples.filter { $0.frontEnds.contains(.commandLine) }
                        .map { Array($0.commandLineWords(for: c).dropFirst()) }
                        .filter { words in !words.contains { CommandCatalog.fileOptions(of: c).contains($0) } })
        }
    }
}
