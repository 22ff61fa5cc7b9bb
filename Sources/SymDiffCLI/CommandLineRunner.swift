import Glibc
import Session
import SymDiff

/// The command-line front end of the command table: `symdiff COMMAND ARGUMENTS...`, or
/// `symdiff EXPR ...` for the default command, read by the command's parameters, run, printed
/// as the statement language prints it, with the documented exit statuses.
enum CommandLineRunner {
    /// What `symdiff EXPR` runs.
    static let defaultCommand = "diff"

    /// Runs the command line `words` (without the program's name) and exits.
    static func main(_ words: [String]) -> Never {
        switch words[0] {
        case "help":
            CommandLineHelp.show(words.dropFirst())
        case "--help", "-h":
            Output.write(CommandLineHelp.overview)
            exit(0)
        case "--version", "-V":
            Output.write("symdiff \(version)\n")
            exit(0)
        case "--generate-completion-script":
            let shell = words.count > 1 ? words[1] : ""
            guard let script = CompletionScripts.script(for: shell) else {
                let hint = Suggestions.closest(to: shell, among: CompletionScripts.shells).map { "; did you mean '\($0)'?" } ?? ""
                Output.fail("error: --generate-completion-script needs a shell: \(CompletionScripts.shells.joined(separator: ", "))"
                            + (shell.isEmpty ? "" : " (not '\(shell)'\(hint))"), status: .usage)
            }
            Output.write(script)
            exit(0)
        case "--generate-man-page":
            Output.write(ManPage.text(version: version))
            exit(0)
        default:
            break
        }
        let named = CommandTable.named(words[0], in: .commandLine)
        if named == nil, let unknown = misspelledCommand(words) {
            Output.fail("error: unknown command '\(unknown.word)'; did you mean '\(unknown.meant)'?\nsee 'symdiff --help' for the commands",
                        status: .usage)
        }
        let command = named ?? CommandTable.named(defaultCommand)!
        StopSignals.catchInterrupt()
        Cancellation.run(under: StopSignals.token) { () -> Never in
            do throws(CommandLineError) {
                try run(command, named == nil ? words[...] : words.dropFirst())
            } catch {
                fail(error)
            }
        }
    }

    /// The version `--version` prints.
    static let version = "0.1.0"

    /// A first word that is no command but a misspelling of one (`grda`), when more words follow
    /// (`symdiff grda 'x^2'`; a lone word is an expression to differentiate).
    static func misspelledCommand(_ words: [String]) -> (word: String, meant: String)? {
        let first = words[0]
        guard words.count > 1, !words[1].hasPrefix("-") || words.count > 2, first.allSatisfy({ $0.isLetter || $0 == "_" }),
              let meant = Suggestions.closest(to: first, among: CommandTable.names(in: .commandLine) + ["help"]) else { return nil }
        return (first, meant)
    }

    /// Prints the error and exits with its status.
    static func fail(_ error: CommandLineError) -> Never {
        switch error {
        case let .usage(message, command):
            Output.fail("error: \(message)\nusage: \(CommandLineHelp.usage(command))\nsee 'symdiff help \(command.name)' for more",
                        status: .usage)
        case let .input(text): Output.fail(text, status: .badInput)
        case let .limit(text): Output.fail(text, status: .limit)
        case let .interrupted(text): Output.fail(text, status: .interrupted)
        }
    }

    private static func run(_ command: CommandSpec, _ arguments: ArraySlice<String>) throws(CommandLineError) -> Never {
        let words = try CommandLineReader(command: command).read(arguments)
        if words.help {
            Output.write(CommandLineHelp.page(command))
            exit(0)
        }
        if let timeout = words.timeout {
            guard let seconds = Int(timeout), seconds > 0 else {
                throw CommandLineError.usage("--timeout must be a positive number of seconds", command)
            }
            StopSignals.stopAfter(seconds: seconds)
        }
        let arguments = try Self.arguments(for: command, words)
        ProgressDisplay.start(StopSignals.token)
        let result = try execute(command, arguments)
        ProgressDisplay.stop()
        if words.stats { Output.error(Statistics.line(command.name, inputs: arguments.expressions, result: result.value)) }
        try show(result)
        exit(status(of: result))
    }

    /// The command's arguments from the command line's words: options read by kind, the
    /// expression from the positional words or `--file`.
    static func arguments(for command: CommandSpec, _ words: CommandLineReader.Words) throws(CommandLineError) -> CommandArguments {
        let values = CommandLineValues(command: command, words: words)
        var arguments = try values.optionArguments()
        if let p = values.expressionParameter {
            var sources = words.positional.map { Array($0.utf8) }
            if let file = words.file {
                if !sources.isEmpty { throw CommandLineError.usage("give an expression or --file, not both", command) }
                if command.linePerCall {
                    let threads = try jobs(words.jobs, command: command)
                    FileMode.run(command, base: arguments, values: values, path: file, threads: threads)
                }
                sources = try FileMode.lines(of: file)
            }
            if sources.isEmpty { throw CommandLineError.usage("give an expression, or --file PATH", command) }
            if case .expressions = p.kind {} else if sources.count > 1 {
                let what = words.file == nil ? "unexpected argument '\(words.positional[1])'" : "give one expression (as an argument or with --file)"
                throw CommandLineError.usage(what, command)
            }
            arguments = try values.adding(sources, to: arguments)
        } else if let p = command.parameters(in: .commandLine).first(where: { $0.commandLine == .positional }) {
            if words.positional.isEmpty, p.isRequired { throw CommandLineError.usage("give \(p.valueName)... (\(p.help))", command) }
        } else if let extra = words.positional.first {
            throw CommandLineError.usage("unexpected argument '\(extra)'", command)
        }
        return arguments
    }

    /// The error that ends a run stopped through its token.
    static func stopError(_ reason: Cancellation.Reason) -> CommandLineError {
        reason == .interrupted ? .interrupted("interrupted") : .limit("error: time limit reached (--timeout)")
    }

    /// The command's result, or its error in the command line's words.
    static func execute(_ command: CommandSpec, _ arguments: CommandArguments, location: String? = nil) throws(CommandLineError) -> CommandResult {
        var context = CommandContext(report: { ScriptOutput.print($0) })
        context.serve = ServeFrontEnd.serve
        do throws(CommandError) {
            return try command.run(arguments, context: context)
        } catch {
            var text = error.message.text(spelling: CommandLineValues.spelling)
            if let option = error.parameter?.optionName, !text.contains(option) { text = "\(option): " + text }
            for note in error.notes { text += "\nnote: " + note.text(spelling: CommandLineValues.spelling) }
            let prefix = (location.map { "\($0): " } ?? "") + "error: "
            switch error.kind {
            case .input: throw CommandLineError.input(prefix + text)
            case .usage: throw CommandLineError.usage(text, command)
            case .limit: throw CommandLineError.limit(prefix + text)
            case .interrupted: throw CommandLineError.interrupted(text)
            }
        }
    }

    /// Writes the files, the value on stdout and the notes and failure on stderr.
    static func show(_ result: CommandResult) throws(CommandLineError) {
        for note in result.notes { Output.error(note) }
        for file in result.files { try FigureFile.write(file) }
        if case let .figure(figure) = result.value {
            FigureFile.drawInTerminal(figure)
        } else {
            let text = result.value.printed
            // Printing a large result is long work too; a stop during it prints nothing.
            if let reason = Cancellation.current?.reason { throw stopError(reason) }
            if !text.isEmpty { Output.write(text + "\n") }
        }
        if case let .failed(message) = result.verdict, !message.isEmpty { Output.error(message) }
    }

    /// The exit status of a result by its verdict.
    static func status(of result: CommandResult) -> Int32 {
        switch result.verdict {
        case .ok: return Output.Status.success.rawValue
        case .limitReached: return Output.Status.limit.rawValue
        case .notFound, .failed: return Output.Status.badInput.rawValue
        }
    }

    /// `--jobs N`, or one thread per core.
    static func jobs(_ text: String?, command: CommandSpec) throws(CommandLineError) -> Int {
        guard let text else { return Parallel.defaultThreads }
        guard let n = Int(text), (1...256).contains(n) else {
            throw CommandLineError.usage("--jobs must be a number of threads from 1 to 256", command)
        }
        return n
    }
}

/// `--stats`: node counts of the input and the result, so expression swell is visible.
enum Statistics {
    /// `grad: function 1117 distinct nodes, 2020 written out; result …`.
    static func line(_ label: String, inputs: [Expr], result: Value) -> String {
        func counts(_ list: [Expr]) -> String {
            let distinct = Expr.postorder(list).count
            let tree = list.reduce(0) { min($0 &+ $1.node.treeSize, Int.max / 2) }
            return "\(distinct) distinct nodes, \(tree) written out"
        }
        return "\(label): function \(counts(inputs)); result \(counts(result.expressions))"
    }
}
