import Glibc
import SymDiff

/// The REPL's own commands: `:help`, `:vars`, `:clear`, `:load FILE`, `:data X=FILE`, `:quit`.
extension Session {
    /// The deepest `:load` nesting (a file that loads itself stops here).
    static let maximumLoadDepth = 16

    mutating func meta(_ text: String, at location: Location?) -> Outcome {
        var outcome = Outcome()
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let argument = words.count > 1 ? words[1...].joined(separator: " ") : nil
        func fail(_ message: String) -> Outcome {
            var o = Outcome()
            o.status = .error
            o.message = (location.map { "\($0.file):\($0.line): " } ?? "") + "error: " + message
            return o
        }
        switch words[0] {
        case ":help", ":h", ":?":
            if let argument {
                guard let command = CommandTable.named(argument, in: .statement) else {
                    let hint = Suggestions.hint(for: argument, among: CommandTable.names(in: .statement))
                    return fail("no command named '\(argument)'\(hint) (:help lists them)")
                }
                outcome.output = StatementHelp.help(command)
            } else {
                outcome.output = StatementHelp.overview
            }
        case ":vars":
            var lines: [String] = []
            for name in naturallySorted(Array(declarations.shapes.keys)) { lines.append("\(name): \(declarations[name]!)") }
            for name in naturallySorted(Array(data.values.keys)) {
                lines.append("\(name) = \(data.values[name]!.shape.map(String.init).joined(separator: "×")) array from \(data.sources[name]!)")
            }
            for name in naturallySorted(Array(variables.keys)) {
                lines.append("\(name) = \(variables[name]!.printed.replacingNewlines)")
            }
            for name in naturallySorted(Array(functions.keys)) {
                let f = functions[name]!
                lines.append("\(name)(\(f.parameters.joined(separator: ", "))) = \(InfixPrinter().print(f.body))")
            }
            outcome.output = lines.isEmpty ? "(no variables or functions defined)" : lines.joined(separator: "\n")
        case ":clear":
            if let argument {
                guard variables.removeValue(forKey: argument) != nil || functions.removeValue(forKey: argument) != nil else {
                    return fail("'\(argument)' is not defined")
                }
            } else {
                variables = [:]
                functions = [:]
                declarations = .init()
                data = .init()
                results = []
            }
            // Release the expressions nothing refers to any more.
            Node.collectUnused()
        case ":load":
            guard let path = argument else { return fail(":load needs a file name") }
            guard limits.fileAccess else { return fail(":load is turned off in this session") }
            guard loadDepth < Session.maximumLoadDepth else { return fail(":load is nested more than \(Session.maximumLoadDepth) deep (does a file load itself?)") }
            let text: String
            switch ScriptFile.read(path) {
            case let .success(t): text = t
            case let .failure(message): return fail(message)
            }
            loadDepth += 1
            var printed: [String] = []
            var failed: Outcome?
            _ = run(script: text, name: path) { o in
                if !o.output.isEmpty { printed.append(o.output) }
                if o.status == .error || o.status == .assertionFailed { failed = o }
            }
            loadDepth -= 1
            outcome.output = printed.joined(separator: "\n")
            if let failed {
                outcome.status = failed.status
                outcome.message = failed.message
            }
        case ":data":
            return loadData(argument, at: location)
        case ":quit", ":q", ":exit":
            outcome.status = .quit
        default:
            let suggestion = Session.metaCommands.min { editDistance($0, words[0]) < editDistance($1, words[0]) }!
            return fail("unknown command '\(words[0])'; did you mean '\(suggestion)'? (:help lists the commands)")
        }
        return outcome
    }
}

extension String {
    var replacingNewlines: String { split(separator: "\n").joined(separator: "; ") }
}
