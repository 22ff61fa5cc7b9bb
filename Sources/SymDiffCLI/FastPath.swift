import SymDiff

/// The one-shot call in its two commonest forms, `symdiff EXPR` and `symdiff EXPR --wrt VAR`,
/// runs without ArgumentParser: building the parser's model of every option is most of the
/// start-up time of such a call. Anything else goes through ArgumentParser as usual.
enum FastPath {
    /// The job for `arguments`, or nil when they need ArgumentParser. `commands` are words that
    /// name commands (never expressions here).
    static func job(for arguments: [String], commands: Set<String>) -> DerivativeJob? {
        guard let expression = arguments.first, !expression.hasPrefix("-"), !expression.isEmpty,
              !commands.contains(expression), expression != "help" else { return nil }
        switch arguments.count {
        case 1:
            return DerivativeJob()
        case 3 where arguments[1] == "--wrt" && !arguments[2].isEmpty && !arguments[2].hasPrefix("-"):
            return DerivativeJob(variables: [arguments[2]])
        default:
            return nil
        }
    }

    static func run(_ job: DerivativeJob, expression: String) {
        let source = Array(expression.utf8)
        do {
            Output.write(try job.run(source) + "\n")
        } catch {
            Output.fail(Reporter.render(error, source: source), status: Reporter.status(error))
        }
    }
}
