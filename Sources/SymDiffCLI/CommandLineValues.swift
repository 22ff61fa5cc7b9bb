import Session
import SymDiff

/// The values of a command line read by the kinds of the command's parameters: expressions
/// parsed (errors with a caret), variable names checked, points, ranges and numbers read, output
/// files checked before any work.
struct CommandLineValues {
    let command: CommandSpec
    let words: CommandLineReader.Words

    /// How the command line spells `p` in messages: `--wrt`, or `EXPR` for a positional argument.
    static func spelling(_ p: ParameterSpec) -> String { p.optionName ?? p.valueName }

    /// Every value given by option (and the files of `run`), read by kind.
    func optionArguments() throws(CommandLineError) -> CommandArguments {
        var out = CommandArguments()
        out.tensor = try tensor { () throws(TensorCommandLine.Failure) in try TensorCommandLine.input(command, options: words.options) }
        for p in command.parameters(in: .commandLine) {
            if p.commandLine == .positional {
                if case .inputFiles = p.kind, !words.positional.isEmpty { out.set(words.positional, for: p) }
                continue
            }
            guard let given = words.options[p.name] else {
                if p.isRequired, out.tensor == nil || TensorCommandLine.isRequired(p) {
                    throw CommandLineError.usage("missing \(p.optionName!) \(p.valueName)", command)
                }
                continue
            }
            if out.tensor != nil, try tensor({ () throws(TensorCommandLine.Failure) in try TensorCommandLine.read(given, for: p, into: &out) }) { continue }
            try read(given, for: p, into: &out)
        }
        return out
    }

    /// The parameter that takes the expression (or expressions) of the positional arguments or
    /// `--file`, if the command has one.
    var expressionParameter: ParameterSpec? {
        command.parameters(in: .commandLine).first { $0.commandLine == .positional && $0.kind.isExpression }
    }

    /// `base` with the expression parameter set from `sources` (one source unless the parameter
    /// takes several); `location` names a line of `--file` in messages.
    func adding(_ sources: [[UInt8]], to base: CommandArguments, location: String? = nil) throws(CommandLineError) -> CommandArguments {
        guard let p = expressionParameter else { return base }
        var out = base
        if out.tensor != nil {
            try tensor { () throws(TensorCommandLine.Failure) in try TensorCommandLine.add(sources, for: p, to: &out, location: location) }
            return out
        }
        var exprs: [Expr] = []
        for source in sources {
            let (e, decimals) = try parse(source, relation: p.kind.isRelation, location: location)
            exprs.append(e)
            out.decimals = out.decimals || decimals
        }
        switch p.kind {
        case .expressions: out.set(exprs, for: p)
        case .subject: out.set(Value.expr(exprs[0], decimals: out.decimals), for: p)
        default: out.set(exprs[0], for: p)
        }
        return out
    }

    /// One expression's text parsed; `relation` also reads `lhs = rhs` as lhs - rhs.
    func parse(_ source: [UInt8], relation: Bool, location: String?) throws(CommandLineError) -> (Expr, Bool) {
        if let from = words.from, from != "infix", from != "latex" {
            throw CommandLineError.usage("--from: expected infix or latex, got '\(from)'", command)
        }
        do throws(Diagnostic) {
            if relation, let eq = source.firstIndex(of: UInt8(ascii: "=")) {
                // Each side parsed where it stands, so a caret points into the text as given.
                let (lhs, d1) = try Parser().parseWithNotation(bytes: Array(source[..<eq]))
                var right = source
                for k in 0...eq { right[k] = UInt8(ascii: " ") }
                let (rhs, d2) = try Parser().parseWithNotation(bytes: right)
                return (lhs - rhs, d1 || d2)
            }
            let (e, decimals) = words.from == "latex" ? try LatexReader().parseWithNotation(bytes: source) : try Parser().parseWithNotation(bytes: source)
            if e.head != .undefined { return (e, decimals) }
        } catch {
            throw CommandLineError.input(error.rendered(source: source, location: location))
        }
        throw CommandLineError.input((location.map { "\($0): " } ?? "") + "error: the expression is undefined (it divides by zero)")
    }

    /// The value of `read`, a step of reading vectors and matrices, or its failure in the command
    /// line's words.
    private func tensor<T>(_ read: () throws(TensorCommandLine.Failure) -> T) throws(CommandLineError) -> T {
        do throws(TensorCommandLine.Failure) { return try read() } catch {
            switch error {
            case let .input(text): throw CommandLineError.input(text)
            case let .usage(text): throw CommandLineError.usage(text, command)
            }
        }
    }

    // MARK: - Options by kind

    private func read(_ given: [String], for p: ParameterSpec, into out: inout CommandArguments) throws(CommandLineError) {
        let name = p.optionName!
        let text = given.last!
        func input(_ message: String) -> CommandLineError { .input("error: \(name): \(message)") }
        func usage(_ message: String) -> CommandLineError { .usage("\(name): \(message)", command) }
        switch p.kind {
        case .flag:
            out.set(text == "true", for: p)
        case .expression, .relation, .subject:
            out.set(try parse(Array(text.utf8), relation: p.kind.isRelation, location: nil).0, for: p)
        case .expressions:
            var exprs: [Expr] = []
            for g in given {
                let (e, d) = try parse(Array(g.utf8), relation: false, location: nil)
                exprs.append(e)
                out.decimals = out.decimals || d
            }
            out.set(exprs, for: p)
        case .variable:
            out.set(try variable(text, option: name), for: p)
        case .variables:
            var vs: [Expr] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let v = try variable(String(part.filter { $0 != " " }), option: name, inList: true)
                if vs.contains(v) { throw input("\(v) is given twice") }
                vs.append(v)
            }
            out.set(vs, for: p)
        case .countedVariables:
            var vs: [CountedVariable] = []
            for g in given { vs.append(CountedVariable(variable: try variable(g, option: name), count: nil)) }
            out.set(vs, for: p)
        case .point:
            var point: [Coordinate] = []
            for (key, value) in try pairs(text, option: name) {
                guard let v = Self.constant(value) else { throw input("the value of \(key), '\(value)', is not a number") }
                point.append(Coordinate(name: key, value: v))
            }
            out.set(point, for: p)
        case .assignments:
            var list: [Assignment] = []
            for (key, value) in try pairs(text, option: name) {
                _ = try variable(key, option: name)
                let (e, d) = try parse(Array(value.utf8), relation: false, location: nil)
                out.decimals = out.decimals || d
                list.append(Assignment(name: key, value: e))
            }
            out.set(list, for: p)
        case let .integer(range):
            out.set(try integer(text, in: range, option: name), for: p)
        case .number:
            guard let v = Self.constant(text) else { throw usage("'\(text)' is not a number") }
            out.set(v, for: p)
        case let .choice(choices, _):
            guard let word = p.kind.chosenWord(text) else { throw usage(Self.unknownValue(text, choices)) }
            out.set(word, for: p)
        case let .choices(choices):
            var picked: [String] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0.filter { $0 != " " }) }) {
                guard choices.contains(part) else { throw usage(Self.unknownValue(part, choices) + ", e.g. \(choices.joined(separator: ","))") }
                if !picked.contains(part) { picked.append(part) }
            }
            out.set(picked, for: p)
        case let .integers(range):
            var numbers: [Int] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let n = Int(part.filter { $0 != " " }), range.contains(n) else {
                    throw usage("'\(part)' is not an order; give orders such as 1,2")
                }
                numbers.append(n)
            }
            out.set(numbers, for: p)
        case .ranges:
            var ranges: [ClosedRange<Double>] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
                guard bounds.count == 2 else { throw input("'\(part)' is not of the form lower:upper, e.g. -6:6") }
                guard let lo = Self.constant(String(bounds[0])), let hi = Self.constant(String(bounds[1])) else {
                    throw input("'\(part)' has a bound that is not a finite number")
                }
                guard lo < hi else { throw input("'\(part)' is empty; the lower end must be below the upper") }
                ranges.append(lo...hi)
            }
            out.set(ranges, for: p)
        case .identifier:
            out.set(text, for: p)
        case let .outputFile(extensions):
            try FigureFile.check(text, extensions: extensions, command: command)
            out.set(text, for: p)
        case .inputFiles:
            out.set(given, for: p)
        case .shapes, .sizes, .dataFiles:
            // Read with the expressions by TensorCommandLine, which these options switch on.
            break
        }
    }

    /// A variable name, checked: an identifier that is neither a function nor a constant.
    private func variable(_ name: String, option: String, inList: Bool = false) throws(CommandLineError) -> Expr {
        func fail(_ message: String) -> CommandLineError { .input("error: \(option): \(message)") }
        if name.isEmpty { throw fail(inList ? "expected variable names separated by commas, e.g. x,y" : "expected a variable name") }
        if FunctionTable.lookup(name) != nil { throw fail("'\(name)' is a function, not a variable") }
        if Parser.constants[name] != nil { throw fail("'\(name)' is a constant, not a variable") }
        guard let e = try? Parser().parse(name), case .symbol(name) = e.head else {
            throw fail("'\(name)' is not a variable name (letters, digits and _, starting with a letter)")
        }
        return e
    }

    /// A whole number in `range`; numbers beyond Int's range count as Int.max where that is
    /// allowed (differentiation stops at zero or at a limit long before they matter).
    private func integer(_ text: String, in range: WholeNumbers, option: String) throws(CommandLineError) -> Int {
        let wanted = range.highest == Int.max ? "a whole number >= \(range.lowest)" : "a whole number from \(range.lowest) to \(range.highest)"
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw CommandLineError.usage("\(option) must be \(wanted), got '\(text)'", command)
        }
        let n = Int(text) ?? (range.highest == Int.max ? Int.max : -1)
        guard range.contains(n) else { throw CommandLineError.usage("\(option) must be \(wanted), got '\(text)'", command) }
        return n
    }

    /// `a=1,b=pi/2` as pairs; commas inside parentheses belong to the value (`x=max(1,2)`).
    private func pairs(_ text: String, option: String) throws(CommandLineError) -> [(String, String)] {
        var out: [(String, String)] = []
        for part in Self.topLevelParts(text) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            let key = pieces.first.map { String($0.filter { $0 != " " }) } ?? ""
            guard pieces.count == 2, !key.isEmpty else { throw CommandLineError.input("error: \(option): '\(part)' is not of the form name=value") }
            out.append((key, String(pieces[1])))
        }
        return out
    }

    /// `text` split at the commas outside parentheses and brackets.
    static func topLevelParts(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for i in text.indices {
            switch text[i] {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<i])
                start = text.index(after: i)
            default: break
            }
        }
        parts.append(text[start...])
        return parts.filter { !$0.isEmpty }
    }

    /// A constant written as an expression (`0.5`, `pi/4`, `-1e-3`), if it is a finite number.
    static func constant(_ text: String) -> Double? {
        guard let e = try? Parser().parse(text), e.freeSymbols.isEmpty else { return nil }
        let v = e.evaluate(at: [:])
        return v.isFinite ? v : nil
    }

    /// `unknown value 'latx'; did you mean 'latex'? (use infix, latex or json)`.
    static func unknownValue(_ word: String, _ choices: [String]) -> String {
        guard let meant = Suggestions.closest(to: word, among: choices) else { return "unknown value '\(word)'; use \(listed(choices))" }
        return "unknown value '\(word)'; did you mean '\(meant)'? (use \(listed(choices)))"
    }

    /// `a, b or c`.
    static func listed(_ words: [String]) -> String {
        words.count < 2 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
    }
}

extension ParameterKind {
    var isRelation: Bool { if case .relation = self { return true } else { return false } }
}
