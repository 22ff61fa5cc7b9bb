import SymDiff

/// Undefined functions in commands: `--depends y(x)` makes the variable `y` a function of `x`,
/// and a note names the table function a misspelled call probably meant.
enum UndefinedFunctionParameters {
    static let depends = Parameter.extraExpressions(
        "depends", valueName: "y(x)",
        help: "Make a variable a function of others: y(x) turns every y into an unknown function of x (printed y, y'); repeat for more.")

    /// `expr` with each variable named in `depends` replaced by its declared function.
    static func declaring(_ expr: Expr, _ arguments: CommandArguments) throws(CommandError) -> Expr {
        var replacements: [Expr: Expr] = [:]
        for d in arguments[depends] {
            guard case let .function(f) = d.head, let u = f.undefined, u.orders.allSatisfy({ $0 == 0 }),
                  let names = d.children.map({ c -> String? in if case let .symbol(n) = c.head { n } else { nil } }) as [String?]?,
                  names.allSatisfy({ $0 != nil }), Set(names).count == names.count else {
                throw CommandError(.input, "\(depends) takes a name and its variables, as y(x) or u(x, t)", about: depends, item: InfixPrinter().print(d))
            }
            let declared = UndefinedFunction(name: u.name, orders: u.orders, declaredArguments: names.map { $0! })
            replacements[.symbol(u.name)] = .apply(UndefinedFunctions.id(for: declared), d.children)
        }
        return replacements.isEmpty ? expr : expr.substituting(replacements)
    }

    /// `expr` unless it is a bare condition (`x < 1`): its derivative is 0 wherever it exists,
    /// so asking for it is almost surely a piecewise function written incompletely.
    static func checkNotACondition(_ expr: Expr) throws(CommandError) {
        guard case let .function(f) = expr.head, f.isCondition else { return }
        throw CommandError(.input, "\(InfixPrinter().print(expr)) is a condition (1 where it holds, else 0): its derivative is 0 wherever it exists",
                           notes: ["for a function defined by cases write piecewise(condition, value, otherwise)"])
    }

    /// Notes for the undefined functions of `expr` whose names are close to a table function's:
    /// `sinn` is taken as an unknown function, but `sin` was probably meant.
    static func notes(for expr: Expr) -> [String] {
        // Short names (f, g, y, W) are the usual names of unknown functions, never misspellings.
        expr.undefinedFunctionNames.filter { $0.count >= 3 }.compactMap { name in
            Parser.closestFunction(to: name).map { "note: '\(name)' is not a function of the table and is taken as an unknown function; did you mean '\($0)'?" }
        }
    }
}
