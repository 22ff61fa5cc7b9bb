/// Everything about one function, in one place: the parser reads its name and arity, the
/// constructors its exact values, the differentiator its partial derivatives (one generic chain
/// rule), the sign analysis its sign, evaluation and compiled programs its numeric
/// implementation, the printers its printed names, and every code target its code.
public final class FunctionSpec: Sendable {
    /// The name as typed and printed (`sin`).
    public let name: String
    /// How many arguments a call may have, and the values of optional ones.
    public let arity: Arity
    /// The numeric implementation over real doubles (NaN outside the real domain).
    public let numeric: NumericImplementation
    /// The partial derivative with respect to each argument, as expressions of the arguments
    /// (one per argument given, so a variadic function gives as many as it is called with).
    public let partials: @Sendable ([Expr]) -> [Expr]
    /// Exact values and canonical rewrites (`sin(0) = 0`, `exp(log(u)) = u`), or nil.
    public let special: @Sendable ([Expr]) -> Expr?
    /// What is known about the sign of the value for every real argument.
    public let sign: SignFact
    /// Why a value is not a finite number, in words without the expression (`log of a
    /// non-positive number`); nil when the function has no domain restriction worth naming.
    public let domain: String?
    /// The LaTeX command or operator name (`\sin`, `\operatorname{relu}`).
    public let latex: String
    /// How printers spell a call (`\left|x\right|` for abs in LaTeX); a plain call by default.
    public let printing: FunctionPrinting
    /// The stable name of the derivative rule, used by steps and tests (`d-sin`).
    public var rule: String { "d-" + name }
    /// The rule in words: `d/du sin(u) = cos(u)`.
    public let ruleText: String
    /// Whether the value jumps where the (only) argument changes sign, as `sign` and `heaviside`
    /// do: plots lift the pen there instead of drawing a vertical segment.
    public let jumpsAtZero: Bool
    /// The value chosen where the derivative does not exist (kinks), or nil.
    public let convention: String?
    /// How generated code computes the function in each code target.
    public let code: FunctionCode
    /// The canonical form this function computes more accurately than the form's own operations
    /// (`log1p` for `log(1 + u)`, `expm1` for `exp(u) - 1`, `sqrt` for `u^(1/2)`): given a node, the
    /// function's arguments when the node has that form. Compiled programs call the function there.
    public let computes: (@Sendable (Expr) -> [Expr]?)?

    /// Values of trailing optional arguments, appended when a call leaves them out.
    public var defaults: [Rational] { arity.defaults }

    /// An entry of the function table; see the properties for what each argument means.
    public init(
        name: String, arity: Arity = .one, latex: String, printing: FunctionPrinting = .call, ruleText: String, convention: String? = nil, jumpsAtZero: Bool = false,
        sign: SignFact = .unknown, domain: String? = nil, numeric: NumericImplementation,
        partials: @escaping @Sendable ([Expr]) -> [Expr],
        special: @escaping @Sendable ([Expr]) -> Expr? = { _ in nil },
        code: FunctionCode, computes: (@Sendable (Expr) -> [Expr]?)? = nil
    ) {
        self.name = name
        self.arity = arity
        self.latex = latex
        self.printing = printing
        self.ruleText = ruleText
        self.convention = convention
        self.jumpsAtZero = jumpsAtZero
        self.sign = sign
        self.domain = domain
        self.numeric = numeric
        self.partials = partials
        self.special = special
        self.code = code
        self.computes = computes
    }

    /// The value at `arguments` (as many as the call has).
    public func evaluate(_ arguments: [Double]) -> Double {
        switch numeric {
        case let .unary(f): return f(arguments[0])
        case let .binary(f): return f(arguments[0], arguments[1])
        case let .variadic(f): return arguments.withUnsafeBufferPointer { f($0.baseAddress!, $0.count) }
        }
    }
}

/// How many arguments a function takes: a fixed number, some of them optional with default
/// values, or any number from a minimum on.
public struct Arity: Sendable, Equatable {
    /// The fewest arguments a call may have.
    public let minimum: Int
    /// The most, or nil when there is no limit.
    public let maximum: Int?
    /// Values of the optional arguments (those after `minimum`), in order.
    public let defaults: [Rational]

    /// Exactly `count` arguments.
    public static func fixed(_ count: Int) -> Arity { Arity(minimum: count, maximum: count, defaults: []) }
    /// One argument.
    public static let one = fixed(1)
    /// `required` arguments, then optional ones that take `defaults` when left out.
    public static func optional(required: Int, defaults: [Rational]) -> Arity {
        Arity(minimum: required, maximum: required + defaults.count, defaults: defaults)
    }
    /// At least `minimum` arguments, as many as the caller likes.
    public static func variadic(atLeast minimum: Int) -> Arity { Arity(minimum: minimum, maximum: nil, defaults: []) }

    /// Whether a call with `count` arguments is accepted.
    public func accepts(_ count: Int) -> Bool { count >= minimum && count <= (maximum ?? Int.max) }

    /// Whether any number of arguments from the minimum on is accepted.
    public var isVariadic: Bool { maximum == nil }

    /// The arguments a call has once its optional ones are filled in: the maximum, or for a
    /// variadic function the minimum.
    public var full: Int { maximum ?? minimum }

    /// The accepted counts in words: `1 argument`, `1 or 2 arguments`, `at least 1 argument`.
    public var description: String {
        func arguments(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        guard let maximum else { return "at least " + arguments(minimum) }
        if maximum == minimum { return arguments(minimum) }
        return maximum == minimum + 1 ? "\(minimum) or " + arguments(maximum) : "\(minimum) to " + arguments(maximum)
    }
}

/// A function's numeric implementation, by how it takes its arguments: compiled programs call
/// the one- and two-argument forms directly, without gathering arguments into an array. Each is
/// a plain function (no captured state), so the value is copied without reference counting in the
/// loops that run compiled programs.
public enum NumericImplementation: Sendable {
    case unary(@convention(c) (Double) -> Double)
    case binary(@convention(c) (Double, Double) -> Double)
    /// Any number of arguments: a pointer to them, in order, and their count.
    case variadic(@convention(c) (UnsafePointer<Double>, Int) -> Double)
}

/// What is known about the sign of a function's value, for every real argument where it is
/// defined: enough to rewrite `abs(exp(x))` to `exp(x)`.
public enum SignFact: Sendable, Equatable {
    /// Nothing.
    case unknown
    /// Always > 0 (`exp`).
    case positive
    /// Always >= 0 (`abs`).
    case nonNegative
    /// The sign of the (first) argument: positive for a positive argument, >= 0 for one >= 0
    /// (`cbrt`, `log1p`).
    case ofArgument
}

/// How generated code computes one function: in each code target a call of a library function
/// or a helper the emitted file defines. A target with no entry of its own here calls the C math
/// library's function, spelled its way (`sin`, `math.sin`, `np.sin`, `Math.sin`).
public struct FunctionCode: Sendable {
    /// The name of the function in the C math library (`sin`, `fabs`, `log1p`), or nil when it
    /// has none.
    public let library: String?
    /// What a target does instead, by the target's name (`numpy`, `js`).
    public let targets: [String: TargetCode]
    /// The start of a temporary's name holding this function's value: `sig` gives `sig_z`.
    public let stem: String

    /// How code targets compute a function: the C math library's name, a temporary-name stem and per-target code.
    public init(library: String?, stem: String, targets: [String: TargetCode] = [:]) {
        self.library = library
        self.stem = stem
        self.targets = targets
    }

    /// The C math library's function of the same name, in every target that has one (`sin`).
    public static func library(_ name: String, stem: String? = nil, _ targets: [String: TargetCode] = [:]) -> FunctionCode {
        FunctionCode(library: name, stem: stem ?? name, targets: targets)
    }

    /// A function no library has: each target names its own code (a helper of the file).
    public static func helpers(stem: String, _ targets: [String: TargetCode]) -> FunctionCode {
        FunctionCode(library: nil, stem: stem, targets: targets)
    }
}

/// How one code target computes a function.
public enum TargetCode: Sendable, Equatable {
    /// A function the language's library provides, by the text before the parenthesis
    /// (`np.arcsin`, `Math.sign`, `abs`).
    case call(String)
    /// A function the emitted file defines before using it: the name it is called by, its
    /// definition, and the functions of the table the definition calls itself (their helpers are
    /// written too, first).
    case helper(String, definition: String, uses: [String] = [])

    /// The text before the parenthesis of a call.
    public var callee: String {
        switch self {
        case let .call(name), let .helper(name, _, _): return name
        }
    }
}

/// A function of the table, by position: cheap to store in nodes, hash and compare.
public struct FunctionID: Hashable, Sendable {
    let index: Int
    /// The function's entry in the table, or the entry made for an unknown function.
    public var spec: FunctionSpec { index < FunctionTable.all.count ? FunctionTable.all[index] : UndefinedFunctions.spec(at: index) }
    /// The name users call the function by.
    public var name: String { spec.name }
}
