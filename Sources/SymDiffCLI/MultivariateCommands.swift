import ArgumentParser
import SymDiff

/// Options shared by `grad`, `hessian` and `jacobian`.
struct MultivariateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Variables, comma-separated, in order (default: every variable, sorted).", valueName: "x,y"))
    var vars: String?

    @Option(help: ArgumentHelp("Read the expression from a file ('-' for stdin) instead of the argument.", valueName: "path"))
    var file: String?

    @Option(help: "Output format: infix, latex or json.")
    var format: String = "infix"

    @Flag(name: .customLong("no-simplify"), help: "Print the raw output of reverse accumulation.")
    var noSimplify = false

    @Flag(help: "Print node counts (distinct, and written out as a tree) to stderr, so expression swell is visible.")
    var stats = false

    func validate() throws {
        guard OutputFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; use infix, latex or json")
        }
    }

    /// The expressions: the arguments, or the lines of `--file`.
    func sources(_ arguments: [String]) -> [[UInt8]] {
        guard let file else { return arguments.map { Array($0.utf8) } }
        return MultivariateOptions.read(file)
    }

    /// The non-empty lines of a file ('-' for stdin).
    static func read(_ file: String) -> [[UInt8]] {
        guard let data = FileMode.readAll(file) else { Output.fail("error: cannot read '\(file)'") }
        return data.split(separator: UInt8(ascii: "\n")).map { Array($0) }.filter { !$0.isEmpty }
    }

    /// Parses each source, reporting the first error with a caret.
    func parse(_ sources: [[UInt8]]) -> (exprs: [Expr], decimals: Bool) {
        var exprs: [Expr] = []
        var decimals = false
        for source in sources {
            do {
                let (e, d) = try Parser().parseWithNotation(bytes: source)
                if e.head == .undefined { Output.fail("error: the expression is undefined (it divides by zero)") }
                exprs.append(e)
                decimals = decimals || d
            } catch {
                Output.fail(error.rendered(source: source))
            }
        }
        return (exprs, decimals)
    }

    /// The variables: `--vars`, checked, or every variable of `exprs`.
    func variables(_ exprs: [Expr]) -> [Expr] {
        guard let vars else {
            return naturallySorted(Array(Set(exprs.flatMap(\.freeSymbols)))).map(Expr.symbol)
        }
        let names = vars.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != " " }) }
        for name in names { requireVariable(name, option: "--vars") }
        return names.map(Expr.symbol)
    }

    func finish(_ e: Expr, decimals: Bool) -> Expr {
        noSimplify ? e : Simplifier(decimals: decimals).simplify(e)
    }

    /// Parses the expressions, computes the result rows over the variables, finishes (simplifies)
    /// them, reports `--stats` and prints: what `grad`, `hessian` and `jacobian` share.
    func run(_ arguments: [String], oneExpression: Bool, label: String,
             compute: ([Expr], [Expr]) -> [[Expr]],
             print: (MatrixPrinter, [[Expr]], [Expr]) -> String) throws {
        let (exprs, decimals) = parse(sources(arguments))
        if oneExpression, exprs.count != 1 { throw ValidationError("give one expression") }
        if exprs.isEmpty { throw ValidationError("give at least one expression") }
        let vars = variables(exprs)
        let rows = compute(exprs, vars).map { $0.map { finish($0, decimals: decimals) } }
        reportStats(label, before: exprs, after: rows.flatMap { $0 })
        Output.write(print(MatrixPrinter(format: OutputFormat(rawValue: format)!, decimals: decimals), rows, vars))
    }

    func reportStats(_ label: String, before: [Expr], after: [Expr]) {
        guard stats else { return }
        func counts(_ list: [Expr]) -> String {
            let distinct = Expr.postorder(list).count
            let tree = list.reduce(0) { min($0 &+ $1.node.treeSize, Int.max / 2) }
            return "\(distinct) distinct nodes, \(tree) written out"
        }
        Output.error("\(label): function \(counts(before)); result \(counts(after))")
    }
}

/// Ends the process with a message when `name` cannot be a variable.
func requireVariable(_ name: String, option: String) {
    do { try DerivativeJob.validateVariable(name) } catch {
        if case let .message(m) = error {
            Output.fail("error: " + (m.hasPrefix("--") ? m : "\(option): " + m), status: .badInput)
        }
    }
}

/// `lhs = rhs` as the expression `(lhs) - (rhs)`, whose zeros are the equation's solutions;
/// text without `=` is returned as it is.
func equationAsExpression(_ text: String) -> String {
    guard let eq = text.firstIndex(of: "=") else { return text }
    return "(\(text[..<eq])) - (\(text[text.index(after: eq)...]))"
}

/// `symdiff grad`: the gradient by reverse accumulation.
struct GradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "The gradient, by reverse accumulation over the shared graph.",
        usage: "symdiff grad EXPR [--vars x,y] [--file PATH] [--format infix|latex|json] [--stats]",

        discussion: """
            symdiff grad 'x^2*y + sin(y)'            d/dx: 2*x*y
                                                     d/dy: x^2 + cos(y)
            symdiff grad 'w1*x1 + w2*x2' --vars w1,w2
            """)

    @Argument(help: "The expression (or use --file).")
    var expression: String?

    @OptionGroup var options: MultivariateOptions

    func run() throws {
        try options.run(expression.map { [$0] } ?? [], oneExpression: true, label: "grad",
                        compute: { [$0[0].gradient(withRespectTo: $1)] },
                        print: { $0.gradient($1[0], variables: $2) })
    }
}

/// `symdiff hessian`: the symmetric matrix of second derivatives.
struct HessianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hessian",
        abstract: "The Hessian (symmetric; each pair computed once).",
        usage: "symdiff hessian EXPR [--vars x,y] [--file PATH] [--format infix|latex|json] [--stats]")


    @Argument(help: "The expression (or use --file).")
    var expression: String?

    @OptionGroup var options: MultivariateOptions

    func run() throws {
        try options.run(expression.map { [$0] } ?? [], oneExpression: true, label: "hessian",
                        compute: { $0[0].hessian(withRespectTo: $1) },
                        print: { $0.hessian($1, variables: $2) })
    }
}

/// `symdiff jacobian`: the gradients of several expressions, one row each.
struct JacobianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jacobian",
        abstract: "The Jacobian of several expressions (one row per expression).",
        usage: "symdiff jacobian EXPR... [--vars x,y] [--file PATH] [--format infix|latex|json] [--stats]",

        discussion: "symdiff jacobian 'x*y' 'x + y^2' --vars x,y")

    @Argument(help: "The expressions (or use --file, one per line).")
    var expressions: [String] = []

    @OptionGroup var options: MultivariateOptions

    func run() throws {
        try options.run(expressions, oneExpression: false, label: "jacobian",
                        compute: { ReverseAccumulation().jacobian(of: $0, withRespectTo: $1) },
                        print: { $0.jacobian($1, variables: $2) })
    }
}

/// `symdiff implicit`: dy/dx on a curve F(x, y) = 0.
struct ImplicitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "implicit",
        abstract: "Implicit differentiation: dy/dx from F(x, y) = 0 (or lhs = rhs), as -F_x/F_y.",
        usage: "symdiff implicit 'x^2 + y^2 = 1' --wrt x --dependent y",
        discussion: "symdiff implicit 'x^2 + y^2 = 1' --wrt x --dependent y      -x/y")

    @Argument(help: "The relation: an equation 'lhs = rhs' or an expression F meaning F = 0.") var relation: String
    @Option(help: ArgumentHelp("The independent variable.", valueName: "x")) var wrt: String
    @Option(help: ArgumentHelp("The dependent variable.", valueName: "y")) var dependent: String
    @Option(help: "Output format: infix, latex or json.") var format: String = "infix"

    func run() throws {
        guard let outputFormat = OutputFormat(rawValue: format) else { throw ValidationError("unknown format '\(format)'") }
        requireVariable(wrt, option: "--wrt")
        requireVariable(dependent, option: "--dependent")
        let source = Array(equationAsExpression(relation).utf8)
        let f: Expr
        do { f = try Parser().parse(bytes: source) } catch { Output.fail(error.rendered(source: source)) }
        let d = Expr.implicitDerivative(of: f, x: .symbol(wrt), y: .symbol(dependent)).simplified()
        if d.head == .undefined { Output.fail("error: F does not depend on \(dependent): dy/dx is undefined") }
        Output.write(outputFormat.print(d) + "\n")
    }
}
