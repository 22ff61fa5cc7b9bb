import Synchronization

/// A function the table does not define: `f` in `f(g(x))`, known only by its name, the number of
/// its arguments and which of its partial derivatives a node stands for. The chain rule applies to
/// it like to any function (`d/dx f(g(x)) = f'(g(x))*g'(x)`), but it has no numeric value.
///
/// Each distinct description is one `FunctionID`, interned like nodes are (see
/// `UndefinedFunctions`), so every engine pass that reads the function table reads these too.
public struct UndefinedFunction: Hashable, Sendable {
    /// The name as written (`f`, `W`).
    public let name: String
    /// How many times the function is differentiated in each argument, one count per argument:
    /// `[0]` is `f`, `[2]` is `f''`, `[1, 1]` is `D[1,2](f)`.
    public let orders: [Int]
    /// The variables the function was declared to depend on (`y: function of x`), or nil. A call
    /// on exactly these variables prints as the bare name (`y`, `y'`).
    public let declaredArguments: [String]?
    /// A user rule for the partial derivatives (`W'(u) = W(u)/(u*(1 + W(u)))`), or nil.
    public let rule: DerivativeRule?

    /// An unknown function: its name, how often it is differentiated by each argument, its declared variables and its rule.
    public init(name: String, orders: [Int], declaredArguments: [String]? = nil, rule: DerivativeRule? = nil) {
        self.name = name
        self.orders = orders
        self.declaredArguments = declaredArguments
        self.rule = rule
    }

    /// The same function differentiated once more in argument `i`.
    func differentiated(in i: Int) -> UndefinedFunction {
        var o = orders
        o[i] += 1
        return UndefinedFunction(name: name, orders: o, declaredArguments: declaredArguments, rule: rule)
    }

    /// The undifferentiated function of the same name and arguments.
    public var original: UndefinedFunction {
        UndefinedFunction(name: name, orders: orders.map { _ in 0 }, declaredArguments: declaredArguments, rule: rule)
    }

    /// The name the infix printer writes before the arguments, which the parser reads back:
    /// primes for one argument (`f''`), Maple's `D[i,j](f)` (one index per derivative taken in
    /// argument i, in increasing order) for several.
    public var printedName: String {
        if orders.count == 1 { return name + String(repeating: "'", count: orders[0]) }
        let indices = argumentIndices
        if indices.isEmpty { return name }
        return "D[" + indices.map(String.init).joined(separator: ",") + "](" + name + ")"
    }

    /// The 1-based argument indices of the derivatives taken, each as often as it is taken.
    var argumentIndices: [Int] {
        orders.enumerated().flatMap { i, n in Array(repeating: i + 1, count: n) }
    }

    /// The LaTeX before the arguments: `f''`, `\partial_{1}\partial_{2} f`.
    var latexName: String {
        let base = LatexPrinter.isBareName(name) ? name : "\\operatorname{\(LatexPrinter.escapingUnderscores(name))}"
        if orders.count == 1 { return base + String(repeating: "'", count: orders[0]) }
        return argumentIndices.map { "\\partial_{\($0)}" }.joined() + (argumentIndices.isEmpty ? "" : " ") + base
    }

    /// The function as an entry of the table: partials by the chain rule's bookkeeping (or the
    /// user's rule), no numeric value (evaluation gives NaN and `domain` says why).
    func makeSpec(id: @escaping @Sendable () -> FunctionID) -> FunctionSpec {
        let me = self
        return FunctionSpec(
            name: printedName, arity: .fixed(orders.count), latex: latexName,
            printing: declaredArguments.map { .bare(arguments: $0) } ?? .call,
            ruleText: "d/du \(name)(u) = \(name)'(u)",
            domain: "'\(name)' is an unknown function: it has no numeric value",
            numeric: .variadic { _, _ in .nan },
            partials: { args in
                if let rule = me.rule { return rule.partials(at: args, of: id()) }
                return args.indices.map { Expr.apply(UndefinedFunctions.id(for: me.differentiated(in: $0)), args) }
            },
            code: .helpers(stem: "u", [:]))
    }
}

/// Partial derivatives the user gave for an undefined function, in the spirit of Maxima's
/// `gradef`: one expression per argument, in terms of `parameters`, where calls of the plain
/// function (without a rule) stand for the function itself.
public struct DerivativeRule: Hashable, Sendable {
    /// The rule's parameter names (`u` in `W'(u) = …`).
    public let parameters: [String]
    /// The partial derivative by each argument, over the parameters.
    public let partials: [Expr]

    /// A rule with its parameters and partial derivatives.
    public init(parameters: [String], partials: [Expr]) {
        self.parameters = parameters
        self.partials = partials
    }

    /// The partials at `args`, the plain function replaced by `function` (which carries this rule).
    func partials(at args: [Expr], of function: FunctionID) -> [Expr] {
        var replacements: [Expr: Expr] = [:]
        for (p, a) in zip(parameters, args) { replacements[.symbol(p)] = a }
        let substituted = Expr.rewrittenBottomUp(partials) { e in
            if let r = replacements[e] { return r }
            if case let .function(f) = e.head, let u = f.undefined, u.rule == nil,
               u.name == function.undefined?.name, u.orders.allSatisfy({ $0 == 0 }) {
                return .apply(function, e.children)
            }
            return e
        }
        return substituted
    }
}

/// The pool of undefined functions: each description gets one `FunctionID` after the table's
/// own, for as long as the process runs (like interned nodes).
public enum UndefinedFunctions {
    private struct Pool {
        var ids: [UndefinedFunction: Int] = [:]
        var specs: [FunctionSpec] = []
        var descriptions: [UndefinedFunction] = []
    }
    private static let pool = Mutex(Pool())

    /// The identity of `function`, created on first use.
    public static func id(for function: UndefinedFunction) -> FunctionID {
        if let known = pool.withLock({ $0.ids[function] }) { return FunctionID(index: known) }
        // The spec is built outside the lock: its closures refer back to the id lazily.
        let index = pool.withLock { pool -> Int in
            if let known = pool.ids[function] { return known }
            let index = FunctionTable.all.count + pool.specs.count
            pool.ids[function] = index
            pool.descriptions.append(function)
            pool.specs.append(function.makeSpec(id: { FunctionID(index: index) }))
            return index
        }
        return FunctionID(index: index)
    }

    static func spec(at index: Int) -> FunctionSpec {
        pool.withLock { $0.specs[index - FunctionTable.all.count] }
    }

    static func description(at index: Int) -> UndefinedFunction {
        pool.withLock { $0.descriptions[index - FunctionTable.all.count] }
    }
}

extension FunctionID {
    /// The description of an undefined function, or nil for a function of the table.
    public var undefined: UndefinedFunction? {
        index < FunctionTable.all.count ? nil : UndefinedFunctions.description(at: index)
    }

    /// True for a function of the table, false for an undefined one.
    public var isInTable: Bool { index < FunctionTable.all.count }
}

extension Expr {
    /// The names of the undefined functions `self` calls, sorted, without repeats.
    public var undefinedFunctionNames: [String] {
        var names = Set<String>()
        for e in postorder { if case let .function(f) = e.head, let u = f.undefined { names.insert(u.name) } }
        return names.sorted()
    }
}
