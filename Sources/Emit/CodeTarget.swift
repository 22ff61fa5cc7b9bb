import Expr

/// One language `emit` writes, in a file of its own (`CTarget.swift`, `PythonTarget.swift`, …):
/// everything particular to the language lives there. Adding a language is one such file and one
/// entry in `CodeLanguage.registered`.
protocol CodeTarget: Sendable {
    /// The name users select the language by (`c`, `js`); for a programming language also the key
    /// of its code in the function table (`FunctionCode.targets`).
    var name: String { get }
    /// Other names accepted for it (`javascript`).
    var aliases: [String] { get }
    /// The usual file extension, for naming files of emitted code.
    var fileExtension: String { get }
    /// The whole emitted file for `unit`: its layout, from the header comment to the function.
    func file(for unit: CodeUnit) throws(EmitError) -> String
}

extension CodeTarget {
    var aliases: [String] { [] }
}

/// A programming language: the emitter plans the program once, language-neutrally
/// (`ProgramPlan`), and asks the target how to spell each part: names, literals, operators and
/// calls (`Syntax`), and the helpers the file must define.
protocol ProgramTarget: CodeTarget {
    /// Keywords and the names every file refers to (`math`, `np`, `precondition`): never chosen
    /// for a variable or a temporary.
    var keywords: Set<String> { get }
    /// Whether the C math library's functions are globals that a local of the same name would
    /// hide (C, and Swift with Foundation): then their names are never chosen either.
    var seesLibraryNames: Bool { get }
    /// The call of the C math library's function `name`: `math.sin` in Python, `Math.sin` in
    /// JavaScript. What a function of the table is called when it has no code of its own here.
    func libraryCall(_ name: String) -> String
    /// Not-a-number and infinity (`NAN`, `math.inf`).
    var notANumber: String { get }
    var infinity: String { get }
    /// What computes a real power `a^b` as a call (`pow`, `np.power`).
    var powerCall: String { get }
    /// The power operator (`**`), or nil when powers are written as products or calls.
    var powerOperator: String? { get }
    /// An integer exponent in a call of `powerCall` (`5.0`, or `5` in JavaScript).
    func integerExponent(_ k: Int) -> String
    /// How the target computes `f`, or nil when it cannot (then emitting it is an error). By
    /// default the function table's code for this target (`tableCode(for:)`); a target whose
    /// language the table does not cover yet defines its own helpers here and falls back to that.
    func code(for f: FunctionID) -> TargetCode?
    /// A call of `f` on arguments already spelled (`sin(x)`; C passes a variadic function's
    /// arguments as a counted array).
    func call(_ f: FunctionID, _ arguments: [String]) -> String
}

extension ProgramTarget {
    var seesLibraryNames: Bool { false }
    var powerOperator: String? { nil }
    func integerExponent(_ k: Int) -> String { CodeExpr.decimal(Double(k)) }

    func code(for f: FunctionID) -> TargetCode? { tableCode(for: f) }

    /// The function table's code for this target, else the C math library's function.
    func tableCode(for f: FunctionID) -> TargetCode? {
        let code = f.spec.code
        return code.targets[name] ?? code.library.map { .call(libraryCall($0)) }
    }

    func call(_ f: FunctionID, _ arguments: [String]) -> String {
        code(for: f)!.callee + "(" + arguments.joined(separator: ", ") + ")"
    }

    /// The names no variable or temporary of an emitted file may take: the keywords, what the
    /// target's code for a function calls where that is a plain name (Python's `abs`, a helper),
    /// the name of every helper any file may define (whether or not this one does), and where
    /// they are globals the C math library's names.
    var reservedWords: Set<String> {
        var names = keywords
        if seesLibraryNames { names.insert(powerCall) }
        for f in FunctionTable.ids {
            let code = f.spec.code
            for case let .helper(helper, _, _) in code.targets.values { names.insert(helper) }
            if let callee = self.code(for: f)?.callee, IdentifierPool.isIdentifier(callee) { names.insert(callee) }
            if seesLibraryNames, let library = code.library { names.insert(library) }
        }
        return names
    }

    /// The definitions of the helpers a program calling `functions` needs (with the helpers
    /// those use), in the order of the function table so the output is deterministic, except
    /// that a helper's own helpers come before it (C calls only what is declared above), each with
    /// the helper's name. Throws when the target has no code for one of the functions.
    func helperDefinitions(for functions: Set<FunctionID>) throws(EmitError) -> [(name: String, definition: String)] {
        var needed = Set<FunctionID>()
        var pending = Array(functions)
        while let f = pending.popLast() {
            guard needed.insert(f).inserted else { continue }
            if let u = f.undefined { throw .unknownFunction(u.name) }
            guard code(for: f) != nil else { throw .unsupported(function: f.name, language: name) }
            pending += uses(f)
        }
        var ordered: [FunctionID] = []
        var placed = Set<FunctionID>()
        func place(_ f: FunctionID) {
            guard placed.insert(f).inserted else { return }
            for u in uses(f) { place(u) }
            ordered.append(f)
        }
        for f in FunctionTable.ids where needed.contains(f) { place(f) }
        var written = Set<String>()
        return ordered.compactMap { f in
            guard case let .helper(helper, definition, _)? = code(for: f), written.insert(helper).inserted else { return nil }
            return (helper, definition)
        }
    }

    /// The functions of the table whose helpers `f`'s helper calls.
    private func uses(_ f: FunctionID) -> [FunctionID] {
        guard case let .helper(_, _, uses)? = code(for: f) else { return [] }
        return uses.compactMap(FunctionTable.lookup)
    }
}
