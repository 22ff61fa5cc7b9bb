import ArgumentParser
import SymDiff

/// `symdiff`: differentiate an expression, or every line of a file.
struct SymDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symdiff",
        abstract: "Symbolic differentiation: exact derivatives, simplified and printed.",
        usage: """
            symdiff EXPR [--wrt VAR]... [--order N] [--format infix|latex|json] [--steps [--steps-depth N]]
            symdiff --file PATH|- [--wrt VAR]... [options]
            """,
        discussion: """
            Examples:
              symdiff 'x^2 + sin(x)' --wrt x      2*x + cos(x)
              symdiff 'x^3*y^2' --wrt x --wrt y   6*x^2*y (mixed partial, in order)
              symdiff 'x^30' --order 20           exact coefficients, any size
              symdiff 'sigmoid(x)'                sigmoid(x)*(1 - sigmoid(x))
              symdiff '-x^2'                      an expression may start with '-'
              symdiff --file exprs.txt --wrt x    one derivative per input line
              symdiff 'log(x)/x' --format latex   \\frac{1 - \\ln(x)}{x^{2}}
              symdiff 'x^2*sin(x)' --steps        the derivation, rule by rule

            Syntax: + - * / and ^ or ** (right-associative; -x^2 is -(x^2));
            numbers 3, 2.5, .5, 1e-3 (decimals are exact); constants pi, e;
            implicit multiplication where unambiguous: 2x, 3sin(x), 2(x+1),
            (x+1)(x-1), x y. Other names are real variables.

            Functions: sin cos tan sec csc cot asin acos atan sinh cosh tanh
            asinh acosh atanh exp expm1 log ln log1p log2 log10 sqrt cbrt abs
            sign heaviside erf min max sigmoid relu softplus silu gelu
            leaky_relu(x[, slope]) (slope 0.01 by default) logsumexp(a, b, ...).

            At kinks: relu'(0) = heaviside(0) = 0, abs'(0) = sign(0) = 0.

            Exit status: 0 success; 1 invalid input (the message on stderr
            points at it); 3 a limit was reached; 64 invalid usage.
            """,
        version: "symdiff 0.1.0",
        subcommands: [GradientCommand.self, HessianCommand.self, JacobianCommand.self,
                      EvalCommand.self, CheckCommand.self, ImplicitCommand.self, MinimizeCommand.self, SolveCommand.self]
    )

    @Argument(help: "The expression, e.g. 'x^2 + sin(x)'. Leave out with --file.")
    var expression: String?

    @Option(name: .long, help: ArgumentHelp("Variable to differentiate with respect to; repeat for mixed partials (applied in order). May be left out when the expression has one variable.", valueName: "variable"))
    var wrt: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Order of the derivative (per --wrt variable).", valueName: "n"))
    var order: String = "1"

    @Option(name: .long, help: ArgumentHelp("Read one expression per line from a file ('-' for stdin) and print one derivative per line.", valueName: "path"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("With --file, differentiate on this many threads (default: one per core, at most 8). Output order is the input order either way.", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: "Output format: infix, latex or json.")
    var format: String = "infix"

    @Flag(name: .customLong("no-simplify"), help: "Print the raw output of the differentiation rules.")
    var noSimplify = false

    @Flag(help: "Multiply out products and powers of sums in the result (a polynomial in expanded form).")
    var expand = false

    @Flag(help: "Print the derivation step by step: each rule by name, the sub-derivatives, then the simplification stages. The last line is the derivative.")
    var steps = false

    @Option(name: .customLong("steps-depth"), help: ArgumentHelp("With --steps, fold the steps deeper than this.", valueName: "n"))
    var stepsDepth: Int?

    @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Refuse results with more distinct nodes than this.", valueName: "n"))
    var maxNodes: Int = 2_000_000

    @Option(name: .customLong("max-order"), help: ArgumentHelp("Refuse derivative orders above this unless the derivative reaches zero first.", valueName: "n"))
    var maxOrder: Int = 250

    @Option(name: .long, help: ArgumentHelp("Stop with exit status 3 after this many seconds.", valueName: "seconds"))
    var timeout: Int?

    mutating func validate() throws {
        if expression == nil && file == nil {
            throw ValidationError("give an expression, or --file PATH")
        }
        if expression != nil && file != nil {
            throw ValidationError("give an expression or --file, not both")
        }
        guard OutputFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; use infix, latex or json")
        }
        if let stepsDepth, stepsDepth < 1 { throw ValidationError("--steps-depth must be at least 1") }
        if stepsDepth != nil && !steps { throw ValidationError("--steps-depth needs --steps") }
        if steps && file != nil { throw ValidationError("--steps shows one derivation; give an expression, not --file") }
        guard maxNodes > 0 else { throw ValidationError("--max-nodes must be positive") }
        guard maxOrder >= 0 else { throw ValidationError("--max-order must be >= 0") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if let jobs, jobs <= 0 || jobs > 256 { throw ValidationError("--jobs must be a number of threads from 1 to 256") }
        _ = try parsedOrder()
    }

    /// The order as an Int. Orders beyond Int's range are clamped: differentiation stops at zero or
    /// at the node limit long before they matter.
    func parsedOrder() throws -> Int {
        guard !order.isEmpty, order.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError("--order must be a whole number >= 0, got '\(order)'")
        }
        return Int(order) ?? Int.max
    }

    func run() throws {
        if let timeout { Output.exitAfter(seconds: timeout) }
        var job = DerivativeJob(variables: wrt, order: try parsedOrder(), simplify: !noSimplify,
                                format: OutputFormat(rawValue: format)!, maximumNodes: maxNodes, maximumOrder: maxOrder)
        job.expand = expand
        job.steps = steps
        job.stepsDepth = stepsDepth
        if let file {
            try FileMode.run(job, path: file, threads: jobs ?? Parallel.defaultThreads)
            return
        }
        do {
            Output.write(try job.run(Array(expression!.utf8)) + "\n")
        } catch {
            Output.fail(Reporter.render(error, source: Array(expression!.utf8)), status: Reporter.status(error))
        }
    }
}

/// Turns job failures into the text and status the user sees.
enum Reporter {
    static func render(_ failure: DerivativeJob.Failure, source: [UInt8], location: String? = nil) -> String {
        switch failure {
        case let .syntax(d): return d.rendered(source: source, location: location)
        case let .message(m), let .limit(m): return (location.map { $0 + ": " } ?? "") + "error: " + m
        }
    }

    static func status(_ failure: DerivativeJob.Failure) -> Output.Status {
        if case .limit = failure { return .limit }
        return .badInput
    }
}
