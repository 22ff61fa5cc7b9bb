import Glibc
import Serve
import Session
import SymDiff

/// `symdiff serve`: runs the page server, answering each API call as the command line would
/// answer the same words, with the same texts.
enum ServeFrontEnd {
    /// Serves until the process is stopped; returns only when the server cannot run.
    @Sendable static func serve(_ options: ServeOptions) -> CommandError {
        var configuration = PageServer.Configuration()
        configuration.host = options.host
        configuration.port = UInt16(options.port)
        configuration.secondsPerRequest = options.secondsPerRequest
        if !configuration.isLoopback {
            Output.error("warning: listening on \(options.host): anyone who can reach this machine on port \(options.port) can use the page")
        }
        let server = PageServer(configuration: configuration, runner: answer)
        do {
            try server.run { address in
                Output.error("symdiff serve: \(address) (Ctrl-C stops)")
                if options.open { openInBrowser(address) }
            }
        } catch {
            return CommandError(.input, "\(String(describing: error))")
        }
    }

    /// One API call: the command line's reading of `words`, the command's result, its texts.
    @Sendable static func answer(_ name: String, _ words: [String], _ cancellation: Cancellation) -> APIAnswer {
        guard let command = CommandTable.named(name, in: .commandLine) else {
            return APIAnswer(ok: false, command: name, error: "error: no command '\(name)'", status: Output.Status.usage.rawValue)
        }
        do throws(CommandLineError) {
            return try Cancellation.run(under: cancellation) { () throws(CommandLineError) -> APIAnswer in
                try answer(command, words)
            }
        } catch {
            let (text, status): (String, Output.Status)
            switch error {
            case let .usage(message, command):
                text = "error: \(message)\nusage: \(CommandLineHelp.usage(command))"
                status = .usage
            case let .input(message): (text, status) = (message, .badInput)
            case let .limit(message): (text, status) = (message, .limit)
            case let .interrupted(message): (text, status) = ("error: " + message, .interrupted)
            }
            return APIAnswer(ok: false, command: command.name, error: text, column: APIAnswer.column(in: text), status: status.rawValue)
        }
    }

    /// The answer to `words`, or the command line's error for them.
    private static func answer(_ command: CommandSpec, _ words: [String]) throws(CommandLineError) -> APIAnswer {
        let read = try CommandLineReader(command: command).read(words[...])
        if read.help { return APIAnswer(ok: true, command: command.name, output: CommandLineHelp.page(command), status: 0) }
        let arguments = try CommandLineRunner.arguments(for: command, read)
        let result = try CommandLineRunner.execute(command, arguments)
        var notes = result.notes
        if case let .failed(message) = result.verdict { notes.append(message) }
        if case let .figure(figure) = result.value {
            return APIAnswer(ok: true, command: command.name, svg: figure.svg(), notes: notes, status: CommandLineRunner.status(of: result))
        }
        return APIAnswer(ok: true, command: command.name, output: result.value.printed, notes: notes,
                         status: CommandLineRunner.status(of: result))
    }

    /// `xdg-open URL`, without a shell; a note when there is none.
    private static func openInBrowser(_ address: String) {
        var pid = pid_t()
        let arguments = ["xdg-open", address]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        if posix_spawnp(&pid, "xdg-open", nil, nil, &argv, environ) != 0 {
            Output.error("note: no xdg-open to open a browser with; open \(address)")
        }
    }
}
