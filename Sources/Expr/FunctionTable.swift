/// The table of functions the language knows. Adding a function is adding one entry to one of the
/// families (`FunctionTable+Trigonometric.swift`, …) and its identity below: the parser, the
/// differentiator, evaluation, compiled programs, the printers and every code target read it from
/// here.
public enum FunctionTable {
    /// Every function, in the order of this list. Emitted files define the helpers they need in
    /// this order too.
    public static let all: [FunctionSpec] = machineLearning + piecewise + trigonometric + hyperbolic + exponential + accurate + conditions

    /// Other names the parser accepts for a function of the table.
    public static let aliases: [String: String] = ["ln": "log", "if": "piecewise"]

    private static let index: [String: Int] = {
        var map: [String: Int] = [:]
        for (i, spec) in all.enumerated() {
            precondition(map[spec.name] == nil, "two functions are called \(spec.name)")
            map[spec.name] = i
        }
        for (alias, name) in aliases { map[alias] = map[name] }
        return map
    }()

    /// The function called `name` (or an alias of it).
    public static func lookup(_ name: String) -> FunctionID? { index[name].map(FunctionID.init(index:)) }

    /// Every name a user may call: table names and aliases, sorted.
    public static var names: [String] { index.keys.sorted() }

    /// Every function's identity, in table order.
    public static var ids: [FunctionID] { all.indices.map(FunctionID.init(index:)) }

    fileprivate static func id(_ name: String) -> FunctionID { lookup(name)! }

    /// The functions that compute a canonical form more accurately than its own operations
    /// (see `FunctionSpec.computes`), with their matchers.
    static let accurateForms: [(FunctionID, @Sendable (Expr) -> [Expr]?)] =
        ids.compactMap { f in f.spec.computes.map { (f, $0) } }

    /// The function of the table that computes `e` more accurately than `e`'s own operations, with
    /// its arguments: `(log1p, [u])` for `log(1 + u)`.
    public static func accurateForm(of e: Expr) -> (FunctionID, [Expr])? {
        for (f, matches) in accurateForms {
            if let arguments = matches(e) { return (f, arguments) }
        }
        return nil
    }
}

/// Every function by identity, for code that means one function in particular (rules, rewrites):
/// `case .function(.exp)`, `Expr.apply(.log, [u])`.
extension FunctionID {
    /// Trigonometric functions.
    public static let sin = FunctionTable.id("sin"), cos = FunctionTable.id("cos"), tan = FunctionTable.id("tan")
    /// Reciprocal trigonometric functions.
    public static let sec = FunctionTable.id("sec"), csc = FunctionTable.id("csc"), cot = FunctionTable.id("cot")
    /// Inverse trigonometric functions.
    public static let asin = FunctionTable.id("asin"), acos = FunctionTable.id("acos"), atan = FunctionTable.id("atan")
    /// Hyperbolic functions.
    public static let sinh = FunctionTable.id("sinh"), cosh = FunctionTable.id("cosh"), tanh = FunctionTable.id("tanh")
    /// Inverse hyperbolic functions.
    public static let asinh = FunctionTable.id("asinh"), acosh = FunctionTable.id("acosh"), atanh = FunctionTable.id("atanh")
    /// The exponential and `exp(u) - 1`.
    public static let exp = FunctionTable.id("exp"), expm1 = FunctionTable.id("expm1")
    /// The natural logarithm and `log(1 + u)`.
    public static let log = FunctionTable.id("log"), log1p = FunctionTable.id("log1p")
    /// Logarithms to base 2 and 10.
    public static let log2 = FunctionTable.id("log2"), log10 = FunctionTable.id("log10")
    /// Roots and the error function.
    public static let sqrt = FunctionTable.id("sqrt"), cbrt = FunctionTable.id("cbrt"), erf = FunctionTable.id("erf")
    /// Absolute value, sign and the Heaviside step.
    public static let abs = FunctionTable.id("abs"), sign = FunctionTable.id("sign"), heaviside = FunctionTable.id("heaviside")
    /// Minimum and maximum.
    public static let min = FunctionTable.id("min"), max = FunctionTable.id("max")
    /// The logistic sigmoid and softplus.
    public static let sigmoid = FunctionTable.id("sigmoid"), softplus = FunctionTable.id("softplus")
    /// Rectified linear units.
    public static let relu = FunctionTable.id("relu"), leakyRelu = FunctionTable.id("leaky_relu")
    /// GELU and SiLU activations.
    public static let gelu = FunctionTable.id("gelu"), silu = FunctionTable.id("silu")
    /// log(exp(u1) + exp(u2) + …), any number of arguments.
    public static let logsumexp = FunctionTable.id("logsumexp")
    /// a - logsumexp(b1, …, bn), the log of a softmax probability, any number of b's.
    public static let logsoftmax = FunctionTable.id("logsoftmax")
    /// sqrt(u^2 + v^2) without overflow, erfc(u) = 1 - erf(u), and x*log(y) (0 where x = 0).
    public static let hypot = FunctionTable.id("hypot"), erfc = FunctionTable.id("erfc"), xlogy = FunctionTable.id("xlogy")
    /// exp(a - b) with the difference taken exactly.
    public static let expdiff = FunctionTable.id("expdiff")
    /// exp(k*u^2) with k*u^2 taken exactly, sigmoid(u)*(1 - sigmoid(u)), and x*sigmoid(u) where
    /// sigmoid(u) is subnormal.
    public static let expsq = FunctionTable.id("expsq"), dsigmoid = FunctionTable.id("dsigmoid"), xsigmoid = FunctionTable.id("xsigmoid")
    /// (u/v)^2 with the quotient taken before the square, and u^2/v^3 as (u/v)*(u/v^2).
    public static let sqratio = FunctionTable.id("sqratio"), sqratio3 = FunctionTable.id("sqratio3")
    /// x times the standard normal density at u, with log(sqrt(2*pi)) held to 106 bits.
    public static let xnormpdf = FunctionTable.id("xnormpdf")
    /// erfc(c*sqrt(2)*u) and erf(c*sqrt(2)*u) with the argument held exactly.
    public static let erfcsqrt2 = FunctionTable.id("erfcsqrt2"), erfsqrt2 = FunctionTable.id("erfsqrt2")
}

// MARK: - Shorthands for writing entries

/// `f(u)` for a function of the table.
@inline(__always) func call(_ f: FunctionID, _ args: Expr...) -> Expr { Expr.apply(f, args) }
func num(_ n: Int, _ d: Int = 1) -> Expr { .number(Rational(n, d)) }
func sq(_ u: Expr) -> Expr { .power(u, .two) }
func rsqrt(_ u: Expr) -> Expr { .power(u, num(-1, 2)) }

extension Expr {
    /// `-u` when `self` is visibly negated (`-x`, `-3*y`, `-2`), so odd and even functions can
    /// move the sign out: `sin(-x) = -sin(x)`, `cos(-x) = cos(x)`.
    var negated: Expr? {
        switch head {
        case let .number(r) where r.isNegative: return .number(-r)
        case let .mul(c) where c.isNegative: return -self
        case let .add(c):
            // A sum reads as negated when most of its terms are negative, or half of them
            // including the first: sin(1 - x) = -sin(x - 1). Negating flips the verdict, so
            // this never loops.
            var negative = c.isNegative ? 1 : 0
            var positive = c.isNegative || c.isZero ? 0 : 1
            // The signs only: `coefficient` reads them without splitting a term (which builds
            // the coefficient-free product of a term like 2*x*y).
            for t in children {
                if t.coefficient.isNegative { negative += 1 } else { positive += 1 }
            }
            let firstNegative = children[0].coefficient.isNegative
            if negative > positive || (negative == positive && firstNegative) { return -self }
            return nil
        default: return nil
        }
    }

    /// The argument when `self` is `f(argument)`.
    func argument(of f: FunctionID) -> Expr? {
        if case .function(f) = head, children.count == 1 { return children[0] }
        return nil
    }
}

// The function is passed unevaluated: the table's entries are built before its ids exist.

/// f(0) = `zero` (unless nil) and f(-u) = -f(u).
func odd(_ f: @escaping @Sendable @autoclosure () -> FunctionID, zero: Expr? = .zero) -> @Sendable ([Expr]) -> Expr? {
    return { a in
        if a[0].isZero, let zero { return zero }
        if let m = a[0].negated { return -Expr.apply(f(), [m]) }
        return nil
    }
}

/// f(0) = `zero` and f(-u) = f(u).
func even(_ f: @escaping @Sendable @autoclosure () -> FunctionID, zero: Expr) -> @Sendable ([Expr]) -> Expr? {
    return { a in
        if a[0].isZero { return zero }
        if let m = a[0].negated { return Expr.apply(f(), [m]) }
        return nil
    }
}

/// `value` at u = pi, else what `rule` gives: sin(pi) = 0, cos(pi) = -1. The rule is built
/// once here, not at every call (building the closure cost an allocation per sin or cos made).
func atPi(_ value: Expr, else rule: @escaping @Sendable ([Expr]) -> Expr?) -> @Sendable ([Expr]) -> Expr? {
    return { a in a[0] == .pi ? value : rule(a) }
}

/// `f(g(u)) = u` where `g` is the inverse of `f` on the real domain of `g`: sin(asin(u)) = u.
func undoing(_ inverse: @escaping @Sendable @autoclosure () -> FunctionID,
             _ then: @escaping @Sendable ([Expr]) -> Expr? = { _ in nil }) -> @Sendable ([Expr]) -> Expr? {
    return { a in
        if let u = a[0].argument(of: inverse()) { return u }
        return then(a)
    }
}
