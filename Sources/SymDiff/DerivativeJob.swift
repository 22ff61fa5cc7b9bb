/// One derivative as the command line asks for it: parse, check the variables, differentiate
/// (with an order, or mixed partials in sequence), simplify, and print. Shared by the one-shot
/// command and `--file`, and callable from tests without a process.
public struct DerivativeJob: Sendable {
    /// Variables to differentiate with respect to, in order; empty means "the only variable".
    public var variables: [String]
    public var order: Int
    public var simplify: Bool
    /// Multiply out products and powers of sums in the result.
    public var expand: Bool = false
    public var format: OutputFormat
    /// Largest result (distinct nodes) built before giving up.
    public var maximumNodes: Int
    /// Largest result (nodes written out) printed before giving up.
    public var maximumPrintedNodes: Int
    /// Highest derivative order computed; a higher order is answered only when the derivative
    /// reaches zero before this limit (`x^3` to any order).
    public var maximumOrder: Int
    /// Print the derivation step by step (`--steps`) instead of the derivative alone.
    public var steps = false
    /// Fold steps deeper than this (`--steps-depth`); nil shows every step.
    public var stepsDepth: Int? = nil

    public init(variables: [String] = [], order: Int = 1, simplify: Bool = true, format: OutputFormat = .infix,
                maximumNodes: Int = 2_000_000, maximumPrintedNodes: Int = 20_000_000, maximumOrder: Int = 250) {
        self.variables = variables
        self.order = order
        self.simplify = simplify
        self.format = format
        self.maximumNodes = maximumNodes
        self.maximumPrintedNodes = maximumPrintedNodes
        self.maximumOrder = maximumOrder
    }

    /// A failure, with what the user should read.
    public enum Failure: Error, Equatable {
        /// A problem in the expression text, with its location.
        case syntax(Diagnostic)
        /// A problem with the request (variables, order) or the result.
        case message(String)
        /// A limit was reached.
        case limit(String)
    }

    /// The printed derivative of `source` (UTF-8 bytes of one expression).
    public func run(_ source: [UInt8]) throws(Failure) -> String {
        let expr: Expr
        let decimals: Bool
        do {
            (expr, decimals) = try Parser().parseWithNotation(bytes: source)
        } catch {
            throw .syntax(error)
        }
        if expr.head == .undefined {
            throw .message("the expression is undefined (it divides by zero)")
        }
        let wrt = try resolveVariables(expr)
        if steps { return try stepsText(of: expr, variables: wrt, decimals: decimals) }
        var result = expr
        do {
            for x in wrt {
                result = try result.derivative(withRespectTo: .symbol(x), order: min(order, maximumOrder), maximumNodes: maximumNodes)
                if result.isZero { break }
                if order > maximumOrder {
                    throw Failure.limit("derivative order \(order) is above the limit \(maximumOrder) and the derivative is not zero by then; raise --max-order to allow more")
                }
            }
        } catch let error as CalculusError {
            throw .limit(error.description)
        } catch let error as Failure {
            throw error
        } catch {
            throw .message("\(error)")
        }
        if expand {
            do {
                result = try result.expanded()
            } catch {
                throw .limit(error.description + "; leave out --expand")
            }
        } else if simplify {
            result = Simplifier(decimals: decimals).simplify(result)
        }
        if result.head == .undefined {
            throw .message("the derivative is undefined (it divides by zero)")
        }
        if result.node.treeSize > maximumPrintedNodes {
            throw .limit("the result has more than \(maximumPrintedNodes) nodes written out (\(result.postorder.count) distinct); too large to print")
        }
        return format.print(result, decimals: decimals)
    }

    private func resolveVariables(_ expr: Expr) throws(Failure) -> [String] {
        if variables.isEmpty {
            if order == 0 { return [] }
            let free = expr.freeSymbols
            if free.count > 1 {
                throw .message("the expression has several variables (\(free.joined(separator: ", "))); choose one with --wrt")
            }
            return [free.first ?? "x"]
        }
        var seen = Set<String>()
        for v in variables {
            try DerivativeJob.validateVariable(v)
            if !seen.insert(v).inserted {
                throw .message("--wrt \(v) is given twice; use --order 2 for a second derivative")
            }
        }
        return variables
    }

    /// Checks that `name` can be a variable: an identifier that is neither a function nor a constant.
    public static func validateVariable(_ name: String) throws(Failure) {
        if name.isEmpty { throw .message("--wrt needs a variable name") }
        if FunctionTable.lookup(name) != nil { throw .message("'\(name)' is a function, not a variable") }
        if Parser.constants[name] != nil { throw .message("'\(name)' is a constant, not a variable") }
        guard let expr = try? Parser().parse(name), case .symbol(name) = expr.head else {
            throw .message("'\(name)' is not a variable name (letters, digits and _, starting with a letter)")
        }
    }
}

/// How results are written.
public enum OutputFormat: String, CaseIterable, Sendable {
    case infix, latex, json

    public func print(_ e: Expr, decimals: Bool = false) -> String {
        switch self {
        case .infix: return InfixPrinter(decimals: decimals).print(e)
        case .latex: return LatexPrinter(decimals: decimals).print(e)
        case .json: return JSONPrinter().print(e)
        }
    }
}
