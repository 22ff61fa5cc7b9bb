import SymDiff

/// The statement-language front end of the command table: one call such as
/// `diff(f, x, 2, order=1)` read into `CommandArguments` by the command's parameters (positional
/// arguments in order, `keyword=value` by keyword, free keywords as a point), run, and its
/// errors turned into diagnostics that point at the argument concerned.
struct StatementCall {
    let command: CommandSpec
    let evaluator: StatementEvaluator
    let arguments: [CallArgument]
    /// The whole call, for messages about it.
    let range: Range<Int>
    /// In a statement of vectors and matrices: reads the arguments that are arrays.
    var tensor: TensorStatementArguments? = nil

    /// The command's value; a failing verdict is left for the statement to report.
    func run() throws(Diagnostic) -> Value {
        let (read, places) = try readArguments()
        var context = CommandContext(limits: evaluator.session.limits)
        context.assumptions = evaluator.session.assumptions
        let result: CommandResult
        do throws(CommandError) { result = try command.run(read, context: context) } catch {
            throw diagnostic(error, places: places)
        }
        evaluator.notes += result.notes + substitutedVariableNotes(places)
        if case let .failed(message) = result.verdict {
            let printed = result.value.printed
            evaluator.failure = message + (printed.isEmpty ? "" : "\n" + printed)
        }
        return result.value
    }

    private var parameters: [ParameterSpec] { command.parameters(in: .statement) }

    /// When a command differentiates by the expression's own variables (none named), a note for
    /// each name of the expression that the session gives a value: it was put in before, so it
    /// is not one of the variables (`x = 3`, then `grad(x^2*y)` is by y alone).
    private func substitutedVariableNotes(_ places: [String: [CallArgument]]) -> [String] {
        let implicit = parameters.contains { p in
            guard places[p.name] == nil, case .positional = p.statement else { return false }
            if case .variables = p.kind { return true }
            if case .countedVariables = p.kind { return true }
            return false
        }
        guard implicit else { return [] }
        let written = parameters.filter(\.kind.isExpression).flatMap { places[$0.name] ?? [] }.flatMap(\.value.freeSymbols)
        return naturallySorted(Array(Set(written))).compactMap { name in
            guard let value = evaluator.session.variables[name], value.asExpression != nil else { return nil }
            return "note: \(name) = \(value.printed) was put in, so \(name) is not a variable here; :clear \(name) to differentiate by it"
        }
    }

    /// The arguments by the command's parameters, converted to their kinds.
    func read() throws(Diagnostic) -> CommandArguments { try readArguments().arguments }

    /// The arguments, and which call arguments gave each parameter (by name), for messages.
    private func readArguments() throws(Diagnostic) -> (arguments: CommandArguments, places: [String: [CallArgument]]) {
        var byParameter: [(ParameterSpec, [CallArgument])] = []
        func give(_ p: ParameterSpec, _ args: [CallArgument]) { byParameter.append((p, args)) }
        let free = parameters.first { $0.statement == .freeKeywords }
        var freeArguments: [CallArgument] = []
        var seen: Set<String> = []
        var byKeyword: Set<String> = []
        for a in arguments {
            guard let k = a.keyword else { continue }
            if !seen.insert(k).inserted { throw Diagnostic("duplicate-keyword", "\(k)= is given twice", at: a.range) }
            if let p = parameters.first(where: { $0.keyword == k }) {
                give(p, [a])
                byKeyword.insert(p.name)
            } else if free != nil {
                if FunctionTable.lookup(k) != nil || Parser.constants[k] != nil {
                    throw Diagnostic("not-a-variable", "'\(k)' is not a variable", at: a.range)
                }
                freeArguments.append(a)
            } else {
                let keywords = parameters.compactMap(\.keyword)
                let options = keywords.isEmpty ? "no keyword arguments" : "keywords: " + keywords.map { $0 + "=" }.joined(separator: ", ")
                let hint = Suggestions.hint(for: k, among: keywords) { "\($0)=" }
                throw Diagnostic("unknown-keyword", "\(command.name) does not take \(k)=\(hint)", at: a.range, notes: ["\(command.name) takes \(options)"])
            }
        }
        if let free, !freeArguments.isEmpty { give(free, freeArguments) }
        var positional = arguments.filter { $0.keyword == nil }[...]
        for p in parameters where !byKeyword.contains(p.name) && !positional.isEmpty {
            guard case .positional = p.statement else { continue }
            switch p.kind {
            case .variables, .countedVariables:
                give(p, Array(positional))
                positional = []
            default:
                give(p, [positional.removeFirst()])
            }
        }
        let given = Set(byParameter.map(\.0.name))
        if !positional.isEmpty || parameters.contains(where: { $0.isRequired && !given.contains($0.name) }) {
            throw arityError()
        }
        var out = CommandArguments()
        out.tensor = tensor?.input
        evaluator.boundDecimals = false
        for (p, args) in byParameter {
            if let tensor, try tensor.take(args, for: p, into: &out) { continue }
            if command.explains != nil, case .expression = p.kind, case let .deferred(name, inner) = try evaluator.argumentValue(args[0]),
               name == command.explains {
                adopt(inner, into: &out)
                continue
            }
            out.set(try convert(args, for: p), for: p)
        }
        out.decimals = out.decimals || evaluator.statementDecimals || evaluator.boundDecimals
        return (out, Dictionary(byParameter.map { ($0.0.name, $0.1) }, uniquingKeysWith: +))
    }

    /// The arguments of a call handed over (`diff` inside `steps`) for the parameters this
    /// command has too.
    private func adopt(_ inner: CommandArguments, into out: inout CommandArguments) {
        for p in command.parameters {
            if let v = inner.value(named: p.name), !out.has(named: p.name) { out.set(v, for: p) }
        }
        out.decimals = out.decimals || inner.decimals
    }

    private func arityError() -> Diagnostic {
        let positional = parameters.filter { if case .positional = $0.statement { return true } else { return false } }
        let least = positional.filter(\.isRequired).count
        let unbounded = positional.contains { if case .variables = $0.kind { return true }; if case .countedVariables = $0.kind { return true }; return false }
        let wanted = unbounded ? "at least \(least)" : least == positional.count ? "\(least)" : "\(least) to \(positional.count)"
        let count = arguments.filter { $0.keyword == nil }.count
        return Diagnostic("arity", "\(command.name) takes \(wanted) argument\(wanted == "1" ? "" : "s"), got \(count)", at: range,
                          notes: ["usage: \(StatementHelp.usage(command))"])
    }

    // MARK: - Values by kind

    private func convert(_ args: [CallArgument], for p: ParameterSpec) throws(Diagnostic) -> any Sendable {
        let e = evaluator
        let a = args[0]
        switch p.kind {
        case .expression, .relation: return try e.expressionArgument(a)
        case .subject:
            let v = try e.argumentValue(a)
            if case .deferred = v { throw Diagnostic("not-an-expression", "expected an expression here, got \(v.kindName)", at: a.range) }
            return v
        case .expressions: return try e.listArgument(a)
        case .variable: return try e.variableArgument(a)
        case .variables:
            var vs: [Expr] = []
            let items = a.keyword == nil ? args : try listItems(a)
            for item in items {
                let v = try e.variableArgument(item)
                if vs.contains(v) { throw Diagnostic("duplicate-variable", "\(v) is given twice", at: item.range) }
                vs.append(v)
            }
            return vs
        case .countedVariables:
            var out: [CountedVariable] = []
            var k = 0
            while k < args.count {
                let v = try e.variableArgument(args[k])
                var count: Int?
                if k + 1 < args.count, case .number = args[k + 1].value.head {
                    count = try e.integerArgument(args[k + 1], in: WholeNumbers(0...Int.max))
                    k += 1
                }
                out.append(CountedVariable(variable: v, count: count))
                k += 1
            }
            return out
        case .point:
            var point: [Coordinate] = []
            for k in args { point.append(Coordinate(name: k.keyword!, value: try e.numberArgument(k))) }
            return point
        case .assignments:
            var list: [Assignment] = []
            for k in args { list.append(Assignment(name: k.keyword!, value: try e.expressionArgument(k))) }
            return list
        case let .integer(range): return try e.integerArgument(a, in: range)
        case .number: return try e.numberArgument(a)
        case let .choice(choices, aliases):
            let word = try e.choiceArgument(a, choices + aliases.map(\.word), shown: choices)
            return p.kind.chosenWord(word)!
        case let .choices(choices):
            var words: [String] = []
            for item in try listItems(a) {
                let w = try e.choiceArgument(item, choices, shown: choices)
                if !words.contains(w) { words.append(w) }
            }
            return words
        case let .integers(range):
            var numbers: [Int] = []
            for item in try listItems(a) { numbers.append(try e.integerArgument(item, in: range)) }
            return numbers
        case .ranges:
            var bounds: [Double] = []
            for item in try listItems(a) { bounds.append(try e.numberArgument(item)) }
            guard !bounds.isEmpty, bounds.count % 2 == 0 else {
                throw Diagnostic("bad-range", "\(p.keyword ?? p.name)= takes a lower and an upper bound per variable: [-6, 6], or [-2, 2, -1, 3] for two", at: a.range)
            }
            var ranges: [ClosedRange<Double>] = []
            for i in stride(from: 0, to: bounds.count, by: 2) {
                guard bounds[i] < bounds[i + 1] else {
                    throw Diagnostic("bad-range", "\(p.keyword ?? p.name)= needs finite bounds, the smaller first", at: a.range)
                }
                ranges.append(bounds[i]...bounds[i + 1])
            }
            return ranges
        case .flag: return try e.flagArgument(a)
        case .identifier:
            guard case let .symbol(name) = a.value.head, !name.hasPrefix("%"), !name.hasPrefix("⟨") else {
                throw Diagnostic("bad-name", "expected a name here", at: a.range)
            }
            return name
        case .outputFile, .inputFiles, .shapes, .sizes, .dataFiles:
            throw Diagnostic("command-line-only", "\(p.name) is given on the command line only", at: a.range)
        }
    }

    /// The items of a list argument `[a, b]` as arguments (a single item is a list of one).
    private func listItems(_ a: CallArgument) throws(Diagnostic) -> [CallArgument] {
        try evaluator.listArgument(a).map { CallArgument(keyword: nil, value: $0, range: a.range) }
    }

    // MARK: - Errors

    /// A command's error as a diagnostic: at the argument of the parameter concerned (the one
    /// holding the item meant, when there is one, the last that does), else at the whole call;
    /// parameters spelled as statements write them.
    func diagnostic(_ error: CommandError, places: [String: [CallArgument]]) -> Diagnostic {
        var at = range
        if let p = error.parameter, let given = places[p.name] {
            let meant = given.last { a in
                guard let item = error.item else { return true }
                if a.keyword == item { return true }
                if case let .symbol(name) = a.value.head { return name == item }
                return false
            }
            if let meant, error.item != nil || p.statement != .freeKeywords { at = meant.range }
        }
        let id: String
        switch error.kind {
        case .input: id = "command-input"
        case .usage: id = "command-usage"
        case .limit: id = "command-limit"
        case .interrupted: id = "interrupted"
        }
        return Diagnostic(id, error.message.text(spelling: spelling), at: at, notes: error.notes.map { $0.text(spelling: spelling) })
    }

    /// How a statement writes `p`: `order=n`, `ieee=true`, `diff(expr, x)`.
    func spelling(_ p: ParameterSpec) -> String {
        guard command.parameter(named: p.name)?.statement == p.statement else { return p.name }
        if p.kind.isFlag, let k = p.keyword { return "\(k)=\(p.defaultDescription == "true" ? "false" : "true")" }
        switch p.statement {
        case let .keyword(k): return "\(k)=\(StatementHelp.valueName(p))"
        case .positional: return StatementHelp.call(command, upTo: p)
        case .freeKeywords: return StatementHelp.keywordList(p.valueName)
        case .unavailable: return p.name
        }
    }
}

extension ParameterKind {
    /// Yes or no.
    public var isFlag: Bool { if case .flag = self { return true } else { return false } }
}
