import Glibc
import Session

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
