import SymDiff

/// Parameters several commands share, and the small steps their implementations share.
enum Common {
    static let expression = Parameter.expression(help: "The expression, e.g. 'x^2 + sin(x)'.")
    static let format = Parameter.choice("format", ["infix", "latex", "json"], aliases: [WordAlias("text", means: "infix")], default: "infix",
                                         help: "Output format: infix, latex or json.")
    static let variables = Parameter.variables(help: "Variables, comma-separated, in order (default: every variable, sorted).")
    /// The variables of a command that takes a point: by keyword only in statements, where
    /// positional names would read as more of the point.
    static let pointVariables = Parameter.variables(positional: false, help: "Variables and their order (default: every variable, sorted).")

    /// The variables to use: those given (by `variables` or `pointVariables`, which share their
    /// name), else every variable of `exprs` in natural order (x2 before x10).
    static func variables(_ arguments: CommandArguments, of exprs: [Expr]) -> [Expr] {
        arguments.has(variables) ? arguments[variables] : naturalVariables(exprs)
    }

    /// Every variable of `exprs`, in natural order. The distinct nodes hold each variable once,
    /// so no set of names is needed, and the symbols themselves are sorted, not rebuilt by name.
    static func naturalVariables(_ exprs: [Expr]) -> [Expr] {
        var symbols: [Expr] = [], names: [String] = []
        for e in Expr.postorder(exprs) {
            if case let .symbol(name) = e.head {
                symbols.append(e)
                names.append(name)
            }
        }
        return naturalOrder(of: names).map { symbols[$0] }
    }

    /// `value` as the command returns it: itself for infix output, its text in another format.
    static func formatted(_ value: Value, _ arguments: CommandArguments) -> Value {
        guard let format = OutputFormat(rawValue: arguments[format]), format != .infix else { return value }
        return .text(value.rendered(format))
    }

    /// `x=1,y=2`, as points are shown in messages.
    static func pointText(_ names: [String], _ values: [Double]) -> String {
        zip(names, values).map { "\($0)=\(formatNumber($1))" }.joined(separator: ",")
    }

    /// The values of `names` from `point`, in their order; an error names the missing ones.
    static func values(of names: [String], in point: [Coordinate], parameter: Parameter<[Coordinate]>) throws(CommandError) -> [Double] {
        var values: [String: Double] = [:]
        for c in point where values[c.name] == nil { values[c.name] = c.value }
        let missing = names.filter { values[$0] == nil }
        if !missing.isEmpty {
            throw CommandError(.input, "no value for \(missing.joined(separator: ", ")): give it as \(missing[0])=...", about: parameter)
        }
        return names.map { values[$0]! }
    }

    /// The variables of `f` (given, else all of them in natural order) and their values from
    /// `point`, which must give a value for each and for nothing else.
    static func start(of f: Expr, _ arguments: CommandArguments, point: Parameter<[Coordinate]>) throws(CommandError) -> (variables: [Expr], values: [Double]) {
        let variables = variables(arguments, of: [f])
        let names = variables.map(\.description)
        for c in arguments[point] where !names.contains(c.name) {
            throw CommandError(.input, "'\(c.name)' is not a variable of the expression", about: point, item: c.name)
        }
        return (variables, try values(of: names, in: arguments[point], parameter: point))
    }
}
