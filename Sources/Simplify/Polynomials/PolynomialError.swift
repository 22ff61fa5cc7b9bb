/// Why a polynomial computation (expansion, cancellation, factoring) stopped: a limit on its
/// size or its work was reached before any large result was built.
public enum PolynomialError: Error, Equatable, CustomStringConvertible {
    /// A result or intermediate polynomial would have more than `limit` terms.
    case tooManyTerms(limit: Int)
    /// Multiplying out would take more than `limit` word products of coefficients (a power such as
    /// (x + 1)^(10^17) has few terms per step but astronomically many steps' worth of work).
    case tooMuchWork(limit: Int)
    /// A degree above `limit`, the most a packed exponent holds.
    case degreeTooHigh(limit: Int)
    /// More than `limit` generators (variables and other subexpressions) in one polynomial.
    case tooManyGenerators(limit: Int)
    /// A denominator is zero once multiplied out (`1/((x + 1)^2 - x^2 - 2*x - 1)`).
    case divisionByZero
    /// The work was cancelled (Ctrl-C, a time limit) before it finished.
    case cancelled

    /// What the user reads.
    public var description: String {
        switch self {
        case let .tooManyTerms(limit): return "the expansion has more than \(limit) terms"
        case let .tooMuchWork(limit): return "the expansion needs more than \(limit) products of terms (counted in 64-bit words of their coefficients)"
        case let .degreeTooHigh(limit): return "a polynomial degree is above \(limit)"
        case let .tooManyGenerators(limit): return "the expression has more than \(limit) variables and other subexpressions to treat as variables"
        case .divisionByZero: return "the expression divides by zero (a denominator multiplies out to 0)"
        case .cancelled: return "the expansion was cancelled"
        }
    }
}

/// Expansion reports the kernel's limits.
public typealias ExpansionError = PolynomialError

/// Bounds on polynomial arithmetic, checked before the work is done.
public struct PolynomialLimits: Sendable, Equatable {
    /// The most terms a result or intermediate polynomial may have.
    public var maximumTerms: Int
    /// The most coefficient word products a multiplication or power may take (see
    /// `PolynomialError.tooMuchWork`).
    public var maximumWork: Int
    /// The most generators a polynomial may have.
    public var maximumGenerators: Int
    /// The most work one normalization may take in all (converting an expression, cancelling,
    /// factoring; one gcd): coefficient word operations of its products, contents and divisions
    /// and the modular gcd's evaluations, added up.
    public var maximumTotalWork: Int

    /// Limits with a work bound of five products per allowed term by default (expansion's).
    /// No polynomial holds more than 63 generators (exponents are packed into 256 bits); a
    /// normalization may take twenty times the work of one product by default.
    public init(maximumTerms: Int = 200_000, maximumWork: Int? = nil, maximumGenerators: Int = 63, maximumTotalWork: Int? = nil) {
        self.maximumTerms = maximumTerms
        let work = maximumWork ?? (maximumTerms > Int.max / 5 ? Int.max : maximumTerms * 5)
        self.maximumWork = work
        self.maximumGenerators = maximumGenerators
        self.maximumTotalWork = maximumTotalWork ?? (work > Int.max / 20 ? Int.max : work * 20)
    }
}
