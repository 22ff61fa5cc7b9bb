import SymDiff

/// The statement language's help, from the command table: usage lines such as
/// `diff(expr, x[, n][, y[, m]]...)`, `:help` and `:help COMMAND`.
public enum StatementHelp {
    /// The call with its positional arguments and point, without options: `grad(expr[, x, y, ...])`.
    public static func shortUsage(_ c: CommandSpec) -> String {
        c.name + "(" + positionalText(c, upTo: nil) + ")"
    }

    /// The call with every argument: `minimize(expr, x=-1.2, y=1[, method=newton|gd][, lr=x]...)`.
    public static func usage(_ c: CommandSpec) -> String { usageParts(c).joined() }

    /// `usage(c)` after `indent` spaces, broken between its options to fit `width`, continued
    /// under the first argument.
    public static func wrappedUsage(_ c: CommandSpec, indent: Int = 0, width: Int = HelpLayout.width) -> [String] {
        let hang = String(repeating: " ", count: indent + c.name.count + 1)
        var lines: [String] = []
        var line = String(repeating: " ", count: indent)
        for part in usageParts(c) {
            if !line.allSatisfy({ $0 == " " }) && line.count + part.count > width {
                lines.append(line)
                line = hang
            }
            line += part
        }
        return lines + [line]
    }

    /// The usage's pieces, each kept whole when the line is broken: the call up to its
    /// positional arguments, each option, the closing parenthesis.
    private static func usageParts(_ c: CommandSpec) -> [String] {
        var parts = [c.name + "(" + positionalText(c, upTo: nil)]
        for p in c.parameters(in: .statement) {
            guard case let .keyword(k) = p.statement else { continue }
            parts.append("[, \(k)=\(valueName(p))]")
        }
        parts[parts.count - 1] += ")"
        return parts
    }

    /// The call written up to parameter `p`, for messages: `diff(expr, x)`.
    static func call(_ c: CommandSpec, upTo p: ParameterSpec) -> String {
        var text = ""
        for q in c.parameters(in: .statement) {
            guard case .positional = q.statement else { continue }
            text += (text.isEmpty ? "" : ", ") + argumentName(q)
            if q.name == p.name { break }
        }
        return c.name + "(" + text + ")"
    }

    /// How a keyword's value looks: a list in brackets (`[1, 2]`), else the parameter's value name.
    static func valueName(_ p: ParameterSpec) -> String {
        switch p.kind {
        case .ranges: return "[lower, upper, ...]"
        case .choices, .integers, .variables, .expressions: return "[" + keywordList(p.valueName) + "]"
        default: return p.valueName
        }
    }

    /// `x=1,y=2` as keywords are written: `x=1, y=2`.
    static func keywordList(_ text: String) -> String {
        text.split(separator: ",").joined(separator: ", ")
    }

    private static func argumentName(_ p: ParameterSpec) -> String {
        switch p.kind {
        case .expression, .subject, .relation: return "expr"
        case .expressions: return "[f1, f2, ...]"
        default: return p.valueName
        }
    }

    private static func positionalText(_ c: CommandSpec, upTo last: ParameterSpec?) -> String {
        var text = ""
        for p in c.parameters(in: .statement) {
            let separator = text.isEmpty ? "" : ", "
            switch (p.statement, p.kind) {
            case (.positional, .countedVariables):
                text += separator + "x[, n][, y[, m]]..."
            case (.positional, .variables):
                text += text.isEmpty ? "[x, y, ...]" : "[, x, y, ...]"
            case (.positional, _):
                text += p.isRequired ? separator + argumentName(p) : "[" + separator + argumentName(p) + "]"
            case (.freeKeywords, _):
                text += p.isRequired ? separator + keywordList(p.valueName) : "[" + separator + keywordList(p.valueName) + "]"
            default:
                continue
            }
        }
        return text
    }

    /// One command's help: its usage, what it does, its options and examples.
    public static func help(_ c: CommandSpec) -> String {
        var lines = wrappedUsage(c) + ["  " + c.summary]
        if !c.discussion.isEmpty { lines += HelpLayout.wrapped(c.discussion, indent: 2) }
        let options = c.parameters(in: .statement).filter { if case .keyword = $0.statement { return true } else { return false } }
        if !options.isEmpty {
            lines.append("Options:")
            let cells = options.map { p -> (String, String) in
                let left = "\(p.keyword!)=\(valueName(p))"
                return (left, p.help + (p.defaultDescription.map { p.kind.isFlag ? "" : " (default: \($0))" } ?? ""))
            }
            lines += HelpLayout.columns(cells)
        }
        let examples = c.examples.filter { $0.frontEnds.contains(.statement) }
        if !examples.isEmpty {
            lines.append("Examples:")
            lines += examples.map { "  " + $0.statement(for: c) }
        }
        if !c.aliases.isEmpty { lines.append("Also called: " + c.aliases.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    /// `:help`: the statements, the commands, the meta commands.
    public static var overview: String {
        var lines = ["Statements (one per line; # starts a comment):"]
        lines += HelpLayout.columns([
            ("x^2 + sin(x)", "an expression: printed simplified"),
            ("a = 3", "assign a value to a name"),
            ("f(x, y) = x^2*y", "define a function; then f(2, y), diff(f(x, y), x)"),
            ("%, %%, ans", "the last result, the one before, the last"),
            ("assert lhs == rhs", "symbolic equality (numeric check at random points as fallback)"),
        ], maximumLeft: 22)
        lines.append("Commands (:help NAME for options and examples):")
        lines += HelpLayout.columns(CommandTable.available(in: .statement).map { (shortUsage($0), $0.summary) }, maximumLeft: 34)
        lines.append("Meta commands:")
        lines += HelpLayout.columns([
            (":help [command]", "this text, or one command's options and examples"),
            (":vars", "the variables and functions defined"),
            (":clear [name]", "forget everything (or one name) and release its memory"),
            (":load FILE", "run a script file in this session"),
            (":data X=FILE, ...", "read arrays of declared names from .csv, .json or .npy files"),
            (":quit", "leave (Ctrl-D too)"),
        ], maximumLeft: 22)
        return lines.joined(separator: "\n")
    }
}
