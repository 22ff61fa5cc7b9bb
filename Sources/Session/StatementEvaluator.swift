import SymDiff

/// Evaluates the expression part of one statement: parses it with the session's commands and
/// functions as calls, and resolves names to the session's values.
///
/// Results that are not expressions (a gradient, a report) stand in the parsed expression as
/// placeholder symbols whose names the lexer can never produce; they are taken back out when the
/// statement or a command's argument is read, and using one inside arithmetic is an error.
final class StatementEvaluator: CallResolver {
    let session: Session
    /// Names that stay symbols while a function body is read (its parameters).
    let parameters: Set<String>
    /// Values standing in the expression as `⟨i⟩`.
    private var placeholders: [Value] = []
    /// Set by a command whose verdict is a failure (`assert_near`, `check`): the message to report.
    var failure: String?
    /// Side remarks of the commands run (a note that native code was not available).
    var notes: [String] = []
    /// The statement writes numbers as decimals.
    private(set) var statementDecimals = false
    /// A name bound while reading holds an expression written with decimals.
    var boundDecimals = false

    init(session: Session, parameters: Set<String> = []) {
        self.session = session
        self.parameters = parameters
    }

    // MARK: - Reading

    /// The value of the expression in `bytes`: a command's result, or the expression with the
    /// session's names put in, simplified.
    func value(of bytes: [UInt8]) throws(Diagnostic) -> Value {
        if let statement = TensorStatement(bytes, evaluator: self) { return try statement.value() }
        statementDecimals = Parser.writesDecimals(statement: bytes)
        let (e, decimals) = try Parser().parseStatement(bytes: bytes, resolver: self)
        let range = Self.content(of: bytes)
        if let v = try standalone(e, range: range) {
            if case let .expr(x, d) = v { return .expr(x, decimals: d || decimals) }
            return v
        }
        boundDecimals = false
        let bound = try bind(e, range: range)
        let d = decimals || boundDecimals
        return .expr(Simplifier(decimals: d).simplify(bound), decimals: d)
    }

    /// The expression in `bytes` with names bound, unsimplified (for function bodies).
    func expression(of bytes: [UInt8]) throws(Diagnostic) -> Expr {
        let (e, _) = try Parser().parseStatement(bytes: bytes, resolver: self)
        return try bind(e, range: Self.content(of: bytes))
    }

    /// The bytes that are not blank, for pointing at a whole expression.
    static func content(of bytes: [UInt8]) -> Range<Int> {
        let first = bytes.firstIndex { $0 != 0x20 } ?? 0
        let last = bytes.lastIndex { $0 != 0x20 } ?? 0
        return first..<(last + 1)
    }

    /// A value that is the whole expression by itself: a placeholder, or a name bound to a
    /// value that is not an expression (`g` after `g = grad(f)`).
    private func standalone(_ e: Expr, range: Range<Int>) throws(Diagnostic) -> Value? {
        guard case let .symbol(name) = e.head else { return nil }
        if let v = placeholder(name) { return v }
        if let v = lookup(name), v.asExpression == nil { return v }
        return nil
    }

    /// `e` with the session's variables (and `%`, `%%`, `ans`) replaced by their values; the
    /// placeholders of numbers become exact numbers. Other values cannot stand in arithmetic.
    func bind(_ e: Expr, range: Range<Int>) throws(Diagnostic) -> Expr {
        var replacements: [Expr: Expr] = [:]
        for name in e.freeSymbols where !parameters.contains(name) {
            let value: Value
            if let v = placeholder(name) { value = v } else if let v = lookup(name) { value = v } else {
                try checkUnbound(name, range: range)
                continue
            }
            guard let x = value.asExpression else {
                let what = placeholder(name) != nil ? "this \(value.kindName.dropFirst(value.kindName.hasPrefix("an") ? 3 : 2))" : "'\(name)' holds \(value.kindName), which"
                throw Diagnostic("not-an-expression", "\(what) cannot be used inside an expression", at: range,
                                 notes: ["put it on its own line, or pass it to a command that takes it"])
            }
            replacements[.symbol(name)] = x
            boundDecimals = boundDecimals || value.decimals
        }
        return replacements.isEmpty ? e : e.substituting(replacements)
    }

    /// A name without a value that must not stand as a symbol: a result not there yet (`%`
    /// before any result), or a function of the session written without its arguments.
    private func checkUnbound(_ name: String, range: Range<Int>) throws(Diagnostic) {
        switch name {
        case "%", "ans":
            throw Diagnostic("no-result", "there is no result yet: \(name) is the last result", at: range,
                             notes: ["compute something first, e.g. x^2, then diff(\(name), x)"])
        case "%%":
            throw Diagnostic("no-result", "%% is the result before the last, and there \(session.results.isEmpty ? "is no result yet" : "is only one so far")",
                             at: range)
        default:
            guard let f = session.functions[name] else { return }
            let call = "\(name)(\(f.parameters.joined(separator: ", ")))"
            throw Diagnostic("function-without-arguments", "\(name) is a function; write \(call) for its value", at: range,
                             notes: ["e.g. diff(\(call), \(f.parameters.first ?? "x"))"])
        }
    }

    /// The session's value of a name, including `%`, `%%` and `ans`.
    func lookup(_ name: String) -> Value? {
        switch name {
        case "%", "ans": return session.results.last
        case "%%": return session.results.count >= 2 ? session.results[session.results.count - 2] : nil
        default: return session.variables[name]
        }
    }

    private func placeholder(_ name: String) -> Value? {
        guard name.hasPrefix("⟨"), name.hasSuffix("⟩"), let i = Int(name.dropFirst().dropLast()), placeholders.indices.contains(i) else { return nil }
        return placeholders[i]
    }

    /// An expression that stands for `value` in the parse.
    func standIn(for value: Value) -> Expr {
        if case let .expr(e, _) = value { return e }
        placeholders.append(value)
        return .symbol("⟨\(placeholders.count - 1)⟩")
    }

    // MARK: - Arguments

    /// The value an argument stands for (a command's result, a name's value, or an expression).
    func argumentValue(_ argument: CallArgument) throws(Diagnostic) -> Value {
        if let v = try standalone(argument.value, range: argument.range) {
            boundDecimals = boundDecimals || v.decimals
            return v
        }
        return .expr(try bind(argument.value, range: argument.range), decimals: statementDecimals)
    }

    /// An argument that must be an expression.
    func expressionArgument(_ argument: CallArgument) throws(Diagnostic) -> Expr {
        let v = try argumentValue(argument)
        guard let e = v.asExpression else {
            throw Diagnostic("not-an-expression", "expected an expression here, got \(v.kindName)", at: argument.range)
        }
        return e
    }

    /// An argument that must be a variable name (never replaced by a value). A name the session
    /// gives a value is refused: the expression has that value in place of the name, so its
    /// derivative by the name would silently be 0.
    func variableArgument(_ argument: CallArgument) throws(Diagnostic) -> Expr {
        guard case let .symbol(name) = argument.value.head, placeholder(name) == nil, !name.hasPrefix("%"), name != "ans" else {
            throw Diagnostic("not-a-variable", "expected a variable name here", at: argument.range)
        }
        if !parameters.contains(name), let value = session.variables[name] {
            let instead = argument.keyword == nil ? "differentiate with respect to another name" : "use another name"
            throw Diagnostic("variable-has-value", "\(name) has the value \(value.printed.replacingNewlines); :clear \(name), or \(instead)",
                             at: argument.range)
        }
        if session.functions[name] != nil {
            throw Diagnostic("not-a-variable", "\(name) is a function, not a variable", at: argument.range)
        }
        return argument.value
    }

    /// An argument that must be a number (a constant expression such as pi/4 is one).
    func numberArgument(_ argument: CallArgument) throws(Diagnostic) -> Double {
        let e = try expressionArgument(argument)
        guard e.freeSymbols.isEmpty else {
            throw Diagnostic("not-a-number", "expected a number here, but it depends on \(e.freeSymbols.joined(separator: ", "))", at: argument.range)
        }
        let v = e.evaluate(at: [:])
        guard v.isFinite else { throw Diagnostic("not-a-number", "this value is not a finite number", at: argument.range) }
        return v
    }

    /// An argument that must be a whole number in `range`.
    func integerArgument(_ argument: CallArgument, in allowed: WholeNumbers) throws(Diagnostic) -> Int {
        let e = try expressionArgument(argument)
        guard case let .number(q) = e.head, q.isInteger, let k = q.intValue, allowed.contains(k) else {
            throw Diagnostic("bad-integer", "expected \(allowed.described)", at: argument.range)
        }
        return k
    }

    /// An argument that must be a name among `choices` (`method=newton`).
    func choiceArgument(_ argument: CallArgument, _ choices: [String], shown: [String]) throws(Diagnostic) -> String {
        guard case let .symbol(name) = argument.value.head, choices.contains(name) else {
            var given = ""
            if case let .symbol(word) = argument.value.head { given = "'\(word)'" + Suggestions.hint(for: word, among: shown) }
            throw Diagnostic("bad-choice", "expected one of \(shown.joined(separator: ", "))" + (given.isEmpty ? "" : ", got \(given)"), at: argument.range)
        }
        return name
    }

    /// A yes/no option: `grad=true`, `grad=1`.
    func flagArgument(_ argument: CallArgument) throws(Diagnostic) -> Bool {
        switch argument.value {
        case .symbol("true"), .one: return true
        case .symbol("false"), .zero: return false
        default: throw Diagnostic("bad-flag", "expected true or false", at: argument.range)
        }
    }

    /// The items of a list argument `[a, b]` (a single expression counts as a list of one).
    func listArgument(_ argument: CallArgument) throws(Diagnostic) -> [Expr] {
        let v = try argumentValue(argument)
        if case let .list(items) = v { return items }
        if let e = v.asExpression { return [e] }
        throw Diagnostic("not-a-list", "expected a list [a, b, ...] here, got \(v.kindName)", at: argument.range)
    }

    // MARK: - CallResolver

    var callableNames: [String] { CommandTable.names(in: .statement) + Array(session.functions.keys) }

    func isCallable(_ name: String) -> Bool {
        CommandTable.named(name, in: .statement) != nil || session.functions[name] != nil
    }

    func call(_ name: String, _ arguments: [CallArgument], range: Range<Int>, enclosing: String?) throws(Diagnostic) -> Expr {
        if let f = session.functions[name] {
            return try apply(f, name: name, arguments, range: range)
        }
        let command = CommandTable.named(name, in: .statement)!
        let call = StatementCall(command: command, evaluator: self, arguments: arguments, range: range)
        if let enclosing, CommandTable.named(enclosing)?.explains == command.name {
            return standIn(for: .deferred(command: command.name, arguments: try call.read()))
        }
        return standIn(for: try call.run())
    }

    func list(_ items: [CallArgument], range: Range<Int>) throws(Diagnostic) -> Expr {
        var exprs: [Expr] = []
        for item in items { exprs.append(try expressionArgument(item)) }
        return standIn(for: .list(exprs))
    }

    /// `f(2, y)` for `f(x, y) = body`: the body with the parameters replaced by the arguments.
    private func apply(_ f: Session.UserFunction, name: String, _ arguments: [CallArgument], range: Range<Int>) throws(Diagnostic) -> Expr {
        guard arguments.count == f.parameters.count else {
            throw Diagnostic("arity", "\(name) takes \(f.parameters.count) argument\(f.parameters.count == 1 ? "" : "s"), got \(arguments.count)", at: range)
        }
        if let keyword = arguments.first(where: { $0.keyword != nil }) {
            throw Diagnostic("unexpected-keyword", "\(name) takes no keyword arguments", at: keyword.range)
        }
        var replacements: [Expr: Expr] = [:]
        for (p, a) in zip(f.parameters, arguments) {
            // Parameters of the function being defined stay symbols inside its body.
            replacements[.symbol(p)] = parameters.isEmpty ? try expressionArgument(a) : a.value
        }
        return f.body.substituting(replacements)
    }
}
