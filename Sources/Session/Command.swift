import SymDiff

/// One command of the statement language (`diff`, `grad`, `minimize`, ...): its name, how it is
/// called, a one-line summary for `:help`, and what it does.
struct Command: Sendable {
    let name: String
    let usage: String
    let summary: String
    let run: @Sendable (Invocation) throws(Diagnostic) -> Value

    /// Every command, in the order `:help` lists them.
    static let all: [Command] = CalculusCommands.all + NumericCommands.all + OutputCommands.all

    private static let byName: [String: Command] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    static func named(_ name: String) -> Command? { byName[name] }
}

/// The arguments of one command call, with the ways commands read them.
struct Invocation {
    let evaluator: StatementEvaluator
    let arguments: [CallArgument]
    /// The whole call, for messages.
    let range: Range<Int>
    /// The call this one is directly an argument of.
    let enclosing: String?

    var positional: [CallArgument] { arguments.filter { $0.keyword == nil } }
    var keywords: [CallArgument] { arguments.filter { $0.keyword != nil } }

    func keyword(_ name: String) -> CallArgument? { arguments.first { $0.keyword == name } }

    /// Checks the count of positional arguments and that every keyword is one of `allowed`
    /// (`variablesAllowed`: other keywords name variables, as in `eval(f, x=1)`).
    func expect(_ command: String, positional count: ClosedRange<Int>, keywords allowed: [String] = [], variablesAllowed: Bool = false) throws(Diagnostic) {
        let p = positional
        if !count.contains(p.count) {
            let wanted = count.lowerBound == count.upperBound ? "\(count.lowerBound)" :
                count.upperBound == Int.max ? "at least \(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
            throw Diagnostic("arity", "\(command) takes \(wanted) argument\(count.upperBound == 1 ? "" : "s"), got \(p.count)", at: range,
                             notes: ["usage: \(Command.named(command)?.usage ?? command)"])
        }
        var seen: Set<String> = []
        for k in keywords {
            let name = k.keyword!
            if !seen.insert(name).inserted {
                throw Diagnostic("duplicate-keyword", "\(name)= is given twice", at: k.range)
            }
            if allowed.contains(name) { continue }
            if variablesAllowed {
                if FunctionTable.lookup(name) != nil || Parser.constants[name] != nil {
                    throw Diagnostic("not-a-variable", "'\(name)' is not a variable", at: k.range)
                }
                continue
            }
            let options = allowed.isEmpty ? "no keyword arguments" : "keywords: " + allowed.map { $0 + "=" }.joined(separator: ", ")
            throw Diagnostic("unknown-keyword", "\(command) does not take \(name)=", at: k.range, notes: ["\(command) takes \(options)"])
        }
    }

    /// The values given for variables (`x=1, y=2`), excluding the named options.
    func point(excluding options: [String]) throws(Diagnostic) -> [(name: String, value: Double, argument: CallArgument)] {
        var out: [(String, Double, CallArgument)] = []
        for k in keywords where !options.contains(k.keyword!) {
            out.append((k.keyword!, try evaluator.numberArgument(k), k))
        }
        return out
    }

    /// The variables of `e` in natural order (x2 before x10), or the ones given explicitly.
    func variables(of e: Expr, given: [CallArgument]) throws(Diagnostic) -> [Expr] {
        try variables(of: [e], given: given)
    }

    func variables(of exprs: [Expr], given: [CallArgument]) throws(Diagnostic) -> [Expr] {
        if given.isEmpty { return naturallySorted(Array(Set(exprs.flatMap(\.freeSymbols)))).map(Expr.symbol) }
        var out: [Expr] = []
        for g in given {
            let v = try evaluator.variableArgument(g)
            if out.contains(v) { throw Diagnostic("duplicate-variable", "\(v) is given twice", at: g.range) }
            out.append(v)
        }
        return out
    }
}
