/// Everything about one function, in one place: the parser reads its name and arity, the
/// constructors its exact values, the differentiator its partial derivatives (one generic chain
/// rule), the evaluator its numeric implementation and the printers its printed names.
public final class FunctionSpec: Sendable {
    /// The name as typed and printed (`sin`).
    public let name: String
    /// How many arguments a call may have.
    public let arity: ClosedRange<Int>
    /// Values of trailing optional arguments, appended when a call leaves them out.
    public let defaults: [Rational]
    /// The numeric implementation over real doubles (NaN outside the real domain).
    public let evaluate: @Sendable ([Double]) -> Double
    /// The same for a function of one argument, without an array: what compiled programs call.
    public let scalar: (@Sendable (Double) -> Double)?
    /// The partial derivative with respect to each argument, as expressions of the arguments.
    public let partials: @Sendable ([Expr]) -> [Expr]
    /// Exact values and canonical rewrites (`sin(0) = 0`, `exp(log(u)) = u`), or nil.
    public let special: @Sendable ([Expr]) -> Expr?
    /// The LaTeX command or operator name (`\sin`, `\operatorname{relu}`).
    public let latex: String
    /// The stable name of the derivative rule, used by steps and tests (`d-sin`).
    public var rule: String { "d-" + name }
    /// The rule in words: `d/du sin(u) = cos(u)`.
    public let ruleText: String
    /// The value chosen where the derivative does not exist (kinks), or nil.
    public let convention: String?

    public init(
        name: String, arity: ClosedRange<Int> = 1...1, defaults: [Rational] = [],
        latex: String, ruleText: String, convention: String? = nil,
        evaluate: (@Sendable ([Double]) -> Double)? = nil,
        scalar: (@Sendable (Double) -> Double)? = nil,
        partials: @escaping @Sendable ([Expr]) -> [Expr],
        special: @escaping @Sendable ([Expr]) -> Expr? = { _ in nil }
    ) {
        self.name = name
        self.arity = arity
        self.defaults = defaults
        self.latex = latex
        self.ruleText = ruleText
        self.convention = convention
        precondition(evaluate != nil || scalar != nil, "\(name) needs a numeric implementation")
        self.scalar = scalar
        self.evaluate = evaluate ?? { [scalar] in scalar!($0[0]) }
        self.partials = partials
        self.special = special
    }
}

/// A function of the table, by position: cheap to store in nodes, hash and compare.
public struct FunctionID: Hashable, Sendable {
    let index: Int
    public var spec: FunctionSpec { FunctionTable.all[index] }
    public var name: String { spec.name }
}
