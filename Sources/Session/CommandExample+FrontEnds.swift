import SymDiff

extension CommandExample {
    /// The example as command-line words after `symdiff` (`grad`, `x^2*y`, `--vars`, `x,y`);
    /// `isDefault` leaves out the name of the command the command line runs without one.
    public func commandLineWords(for command: CommandSpec, isDefault: Bool = false) -> [String] {
        var positional: [String] = []
        var options: [String] = []
        for a in arguments {
            let items: [String]
            switch a.value {
            case let .text(t): items = [t]
            case let .list(list): items = list
            case .flag: items = []
            }
            switch a.parameter.commandLine {
            case .positional: positional += items
            case let .option(name): options += [name, items.joined(separator: ",")]
            case let .repeatedOption(name): for item in items { options += [name, item] }
            case let .flag(name, turnsOff):
                if case let .flag(on) = a.value, on != turnsOff { options.append(name) }
            case .unavailable: continue
            }
        }
        return (isDefault ? [] : [command.name]) + positional + options
    }

    /// The example as a shell command: `symdiff grad 'x^2*y' --vars x,y`.
    public func commandLine(for command: CommandSpec, isDefault: Bool = false) -> String {
        (["symdiff"] + commandLineWords(for: command, isDefault: isDefault).map(shellQuoted)).joined(separator: " ")
    }

    /// The example as a statement: `grad(x^2*y, x, y)`.
    public func statement(for command: CommandSpec) -> String {
        var positional: [String] = []
        var keywords: [String] = []
        var free: [String] = []
        // Positional parameters stay positional while every one before them is given.
        var inOrder = true
        for p in command.parameters(in: .statement) {
            let given = arguments.first { $0.parameter.name == p.name }
            switch p.statement {
            case let .positional(keyword):
                guard let given else { inOrder = false; continue }
                if inOrder || keyword == nil {
                    positional.append(statementText(given.value, p, asKeyword: false))
                } else {
                    keywords.append("\(keyword!)=\(statementText(given.value, p, asKeyword: true))")
                }
            case let .keyword(k):
                if let given { keywords.append("\(k)=\(statementText(given.value, p, asKeyword: true))") }
            case .freeKeywords:
                if let given, case let .text(t) = given.value { free.append(StatementHelp.keywordList(t)) }
            case .unavailable:
                continue
            }
        }
        return command.name.replacingDashes + "(" + (positional + free + keywords).joined(separator: ", ") + ")"
    }

    private func statementText(_ value: ExampleValue, _ p: ParameterSpec, asKeyword: Bool) -> String {
        switch (value, p.kind) {
        case let (.flag(on), _): return on ? "true" : "false"
        case let (.list(items), .variables) where !asKeyword, let (.list(items), .countedVariables) where !asKeyword:
            return items.joined(separator: ", ")
        case let (.list(items), _): return "[" + items.joined(separator: ", ") + "]"
        case let (.text(t), .ranges):
            return "[" + t.split(separator: ",").flatMap { $0.split(separator: ":", maxSplits: 1) }.joined(separator: ", ") + "]"
        case let (.text(t), _): return t
        }
    }
}

/// `word` as a shell reads it back: as it is when plain, else in single quotes.
func shellQuoted(_ word: String) -> String {
    let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { s in
        s.isASCII && (("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "_-.,=:/+%@".unicodeScalars.contains(s))
    }
    return plain ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}
