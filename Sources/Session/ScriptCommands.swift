import SymDiff

/// `run`: script files of statements, each in a fresh session (the command line's; the REPL
/// has `:load`).
enum ScriptCommands {
    static let all = [run]

    static let files = Parameter.inputFiles("files", valueName: "FILE", help: "Script files; '-' for stdin.")
    static let keepGoing = Parameter.flag("keep-going", help: "Go on after an error; exit non-zero at the end.", frontEnds: .commandLine)

    static let run = CommandSpec(
        name: "run",
        summary: "run script files of statements (one per line; '-' reads stdin)",
        discussion: """
            Results go to stdout, errors to stderr as file:line:column with the line and a caret. \
            The run stops at the first error or failed assertion with exit status 1; with \
            keep-going it runs every statement and exits 1 at the end if any failed. The \
            statement language is described by :help in the REPL and in the README.
            """,
        parameters: [files.spec, keepGoing.spec],
        examples: [CommandExample(.arg(files, ["examples/01-rules.sd"]))],
        frontEnds: .commandLine
    ) { arguments, context throws(CommandError) in
        var ok = true
        for file in arguments[files] {
            let text: String
            switch ScriptFile.read(file) {
            case let .success(t): text = t
            case let .failure(message): throw CommandError(.input, "\(message)", about: files, item: file)
            }
            var session = Session()
            session.limits = context.limits
            let fileOK = session.run(script: text, name: file == "-" ? "<stdin>" : file, keepGoing: arguments[keepGoing]) {
                context.report?($0)
            }
            ok = ok && fileOK
            if !fileOK && !arguments[keepGoing] { break }
        }
        return CommandResult(.text(""), verdict: ok ? .ok : .failed(""))
    }
}
