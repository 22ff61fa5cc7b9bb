import SymDiff

/// Series expansions: `taylor`.
enum SeriesCommands {
    static let all = [taylor]

    static let point = Parameter.assignments("at", option: "--at", valueName: "x=0,y=0",
                                             help: "The point: each expansion variable and its value (exact: 0, 1/2, pi/4, or a symbol).")
    static let order = Parameter.integer("order", in: 0...60, default: 5, help: "The highest total degree kept.")

    static let taylor = CommandSpec(
        name: "taylor", aliases: ["series"],
        summary: "Taylor polynomial at a point, exact coefficients, with its O term",
        discussion: """
            The terms up to total degree order in powers of x - a, then O(...) of the first \
            degree left out that is not zero (vanishing terms are looked past). In several \
            variables the O term is a power of the distance to the point, (x^2 + y^2)^(k/2). \
            Computed by series arithmetic (products, quotients, powers and composition of \
            truncated series), so that sin(x)/x at 0 and long products do not swell.
            """,
        parameters: [Common.expression.spec, point.spec, order.spec, Common.format.spec],
        examples: [
            CommandExample(.arg(Common.expression, "sin(x)/x"), .arg(point, "x=0"), .arg(order, "4"), output: "1 - x^2/6 + x^4/120 + O(x^6)"),
            CommandExample(.arg(Common.expression, "exp(x)"), .arg(point, "x=1"), .arg(order, "2"),
                           output: "exp(1) + exp(1)*(x - 1) + exp(1)*(x - 1)^2/2 + O((x - 1)^3)"),
            CommandExample(.arg(Common.expression, "exp(x)*cos(y)"), .arg(point, "x=0,y=0"), .arg(order, "2"),
                           output: "1 + x + x^2/2 - y^2/2 + O((x^2 + y^2)^(3/2))", note: "several variables: total degree"),
        ]
    ) { arguments, context throws(CommandError) in
        let e = arguments[Common.expression]
        if arguments[order] > context.limits.order {
            throw CommandError(.limit, "order \(arguments[order]) is above this session's limit \(context.limits.order)", about: order)
        }
        var coordinates: [(variable: Expr, value: Expr)] = []
        for a in arguments[point] {
            let x = Expr.symbol(a.name)
            if coordinates.contains(where: { $0.variable == x }) {
                throw CommandError(.input, "\(a.name) is given twice", about: point, item: a.name)
            }
            coordinates.append((x, a.value))
        }
        let names = Set(coordinates.map(\.variable.description))
        for c in coordinates {
            if let inner = c.value.freeSymbols.first(where: names.contains) {
                throw CommandError(.input, "the point's \(c.variable) = \(c.value) depends on the expansion variable \(inner)", about: point,
                                   item: c.variable.description)
            }
        }
        if coordinates.isEmpty { throw CommandError(.usage, "give the point with \(point), e.g. x=0", about: point) }
        do throws(SeriesError) {
            let series = try TaylorSeries.expand(e, at: coordinates, order: arguments[order])
            return CommandResult(.text(series.text(OutputFormat(rawValue: arguments[Common.format]) ?? .infix)))
        } catch {
            throw CommandError(.input, "\(error.description)")
        }
    }
}
