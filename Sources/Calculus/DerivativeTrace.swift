import Expr

/// Which branch of the differentiator produced a node's derivative, with the pieces of it that
/// steps show (the outer derivative of a chain). Internal: `StepRecorder` turns it into the
/// public `DerivationStep`.
enum EngineRule {
    /// A number, a constant, or a variable other than the one differentiated by.
    case constant
    /// The variable itself.
    case variable
    /// `undefined` stays undefined.
    case undefined
    /// An n-ary sum.
    case sum
    /// An n-ary product with its coefficient (quotients are products with negative exponents).
    case product
    /// `u^n` with a constant exponent; `outer` is `n*u^(n-1)`.
    case power(outer: Expr)
    /// `a^v` with a constant base; `outer` is `a^v*log(a)`.
    case exponential(outer: Expr)
    /// `u^v` where both vary.
    case generalPower
    /// A function of the table; `partials` are its partial derivatives at the arguments.
    case chain(FunctionID, partials: [Expr])
    /// `piecewise(c, a, b)`: the derivative of each branch where it applies.
    case piecewise
}

/// Receives every rule the differentiator applies. `isRecording` is a static constant so that a
/// specialisation with `NoTrace` removes the call and the rule value entirely.
protocol DerivativeTrace {
    static var isRecording: Bool { get }
    /// `rule` produced `derivative` at `node`; `derivatives` holds those of its children.
    mutating func record(_ rule: EngineRule, at node: Expr, derivative: Expr, derivatives: ExprMap<Expr>)
}

/// The trace of a plain derivative: records nothing.
struct NoTrace: DerivativeTrace {
    static var isRecording: Bool { false }
    /// One byte of storage: ThreadSanitizer's instrumentation of an `inout` access to an empty
    /// struct reads an address that is not one and crashes the sanitized build.
    private var storage: UInt8 = 0
    @inline(__always)
    mutating func record(_ rule: EngineRule, at node: Expr, derivative: Expr, derivatives: ExprMap<Expr>) {}
}
