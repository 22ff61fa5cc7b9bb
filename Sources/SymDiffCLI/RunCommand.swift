import ArgumentParser
import Glibc
import Session

/// `symdiff run FILE...`: runs script files (or stdin, `-`), each in a fresh session.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run script files of statements (one per line; '-' reads stdin).",
        usage: "symdiff run FILE... [--keep-going]",
        discussion: """
            Results go to stdout, errors to stderr as file:line:column with the line and a caret.
            The run stops at the first error or failed assertion with exit status 1; with
            --keep-going it runs every statement and exits 1 at the end if any failed.
            The statement language is described by :help in the REPL and in the README.
            """)

    @Argument(help: ArgumentHelp("Script files; '-' for stdin.", valueName: "file")) var files: [String]
    @Flag(help: "Go on after an error; exit non-zero at the end.") var keepGoing = false

    func run() throws {
        var ok = true
        for file in files {
            let text: String
            switch ScriptFile.read(file) {
            case let .success(t): text = t
            case let .failure(message): Output.fail("error: " + message)
            }
            var session = Session()
            let fileOK = session.run(script: text, name: file == "-" ? "<stdin>" : file, keepGoing: keepGoing, report: ScriptOutput.print)
            ok = ok && fileOK
            if !fileOK && !keepGoing { break }
        }
        if !ok { throw ExitCode(Output.Status.badInput.rawValue) }
    }
}

/// Printing a statement's outcome when running a script: results to stdout, messages to stderr.
enum ScriptOutput {
    static func print(_ outcome: Session.Outcome) {
        if !outcome.output.isEmpty { Output.write(outcome.output + "\n") }
        if !outcome.message.isEmpty { Output.error(outcome.message) }
    }

    /// Statements from stdin when it is not a terminal, read line by line as they arrive.
    static func runStandardInput() -> Never {
        var session = Session()
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            let outcome = session.execute(line, at: Session.Location(file: "<stdin>", line: number))
            print(outcome)
            switch outcome.status {
            case .ok: continue
            case .quit: exit(0)
            case .error, .assertionFailed: exit(Output.Status.badInput.rawValue)
            }
        }
        exit(0)
    }
}
