import Glibc

/// The table of functions the language knows. Adding a function is adding one entry here.
public enum FunctionTable {
    /// Every function, in the order of this list.
    public static let all: [FunctionSpec] = trigonometric + hyperbolic + exponential + piecewise + machineLearning

    /// Other names the parser accepts for a function of the table.
    public static let aliases: [String: String] = ["ln": "log"]

    private static let index: [String: Int] = {
        var map: [String: Int] = [:]
        for (i, spec) in all.enumerated() { map[spec.name] = i }
        for (alias, name) in aliases { map[alias] = map[name] }
        return map
    }()

    /// The function called `name` (or an alias of it).
    public static func lookup(_ name: String) -> FunctionID? { index[name].map(FunctionID.init(index:)) }

    /// Every name a user may call: table names and aliases, sorted.
    public static var names: [String] { index.keys.sorted() }

    static func id(_ name: String) -> FunctionID { lookup(name)! }

    public static let sin = id("sin"), cos = id("cos"), tan = id("tan"), sec = id("sec"), csc = id("csc"), cot = id("cot")
    public static let sinh = id("sinh"), cosh = id("cosh"), tanh = id("tanh")
    public static let exp = id("exp"), log = id("log"), sqrt = id("sqrt"), abs = id("abs"), sign = id("sign")
    public static let heaviside = id("heaviside"), sigmoid = id("sigmoid"), min = id("min"), max = id("max")
    public static let erf = id("erf"), cbrt = id("cbrt")
}

// MARK: - Shorthands for writing rules

/// `f(u)` for a function of the table.
@inline(__always) func call(_ f: FunctionID, _ args: Expr...) -> Expr { Expr.apply(f, args) }
private func num(_ n: Int, _ d: Int = 1) -> Expr { .number(Rational(n, d)) }
private func sq(_ u: Expr) -> Expr { .power(u, .two) }
private func rsqrt(_ u: Expr) -> Expr { .power(u, num(-1, 2)) }

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
}

// The function is passed unevaluated: the table's entries are built before its ids exist.
private func odd(_ f: @escaping @Sendable @autoclosure () -> FunctionID, zero: Expr? = .zero) -> @Sendable ([Expr]) -> Expr? {
    return { a in
        if a[0].isZero, let zero { return zero }
        if let m = a[0].negated { return -Expr.apply(f(), [m]) }
        return nil
    }
}

private func even(_ f: @escaping @Sendable @autoclosure () -> FunctionID, zero: Expr) -> @Sendable ([Expr]) -> Expr? {
    return { a in
        if a[0].isZero { return zero }
        if let m = a[0].negated { return Expr.apply(f(), [m]) }
        return nil
    }
}

/// `value` at u = pi, else what `rule` gives: sin(pi) = 0, cos(pi) = -1. The rule is built
/// once here, not at every call (building the closure cost an allocation per sin or cos made).
private func atPi(_ value: Expr, else rule: @escaping @Sendable ([Expr]) -> Expr?) -> @Sendable ([Expr]) -> Expr? {
    return { a in a[0] == .pi ? value : rule(a) }
}

/// `f(g(u)) = u` where `g` is the inverse of `f` on the real domain of `g`: sin(asin(u)) = u.
private func undoing(_ inverse: String, _ then: @escaping @Sendable ([Expr]) -> Expr?) -> @Sendable ([Expr]) -> Expr? {
    return { a in
        if case let .function(g) = a[0].head, g.name == inverse { return a[0].children[0] }
        return then(a)
    }
}

// MARK: - Entries

extension FunctionTable {
    static let trigonometric: [FunctionSpec] = [
        FunctionSpec(name: "sin", latex: "\\sin", ruleText: "d/du sin(u) = cos(u)",
                     scalar: { Glibc.sin($0) }, partials: { [call(.cos, $0[0])] },
                     special: undoing("asin", atPi(.zero, else: odd(.sin)))),
        FunctionSpec(name: "cos", latex: "\\cos", ruleText: "d/du cos(u) = -sin(u)",
                     scalar: { Glibc.cos($0) }, partials: { [-call(.sin, $0[0])] },
                     special: undoing("acos", atPi(.minusOne, else: even(.cos, zero: .one)))),
        FunctionSpec(name: "tan", latex: "\\tan", ruleText: "d/du tan(u) = sec(u)^2",
                     scalar: { Glibc.tan($0) }, partials: { [sq(call(.sec, $0[0]))] },
                     special: undoing("atan", odd(.tan))),
        FunctionSpec(name: "sec", latex: "\\sec", code: .helper("sec"), ruleText: "d/du sec(u) = sec(u)*tan(u)",
                     scalar: { 1 / Glibc.cos($0) }, partials: { [call(.sec, $0[0]) * call(.tan, $0[0])] },
                     special: even(.sec, zero: .one)),
        FunctionSpec(name: "csc", latex: "\\csc", code: .helper("csc"), ruleText: "d/du csc(u) = -csc(u)*cot(u)",
                     scalar: { 1 / Glibc.sin($0) }, partials: { [-(call(.csc, $0[0]) * call(.cot, $0[0]))] },
                     special: odd(.csc, zero: nil)),
        FunctionSpec(name: "cot", latex: "\\cot", code: .helper("cot"), ruleText: "d/du cot(u) = -csc(u)^2",
                     scalar: { 1 / Glibc.tan($0) }, partials: { [-sq(call(.csc, $0[0]))] },
                     special: odd(.cot, zero: nil)),
        FunctionSpec(name: "asin", latex: "\\arcsin", code: CodeNames(libm: "asin", numpy: "np.arcsin"), ruleText: "d/du asin(u) = 1/sqrt(1 - u^2)",
                     scalar: { Glibc.asin($0) }, partials: { [rsqrt(1 - sq($0[0]))] },
                     special: odd(.asin)),
        FunctionSpec(name: "acos", latex: "\\arccos", code: CodeNames(libm: "acos", numpy: "np.arccos"), ruleText: "d/du acos(u) = -1/sqrt(1 - u^2)",
                     scalar: { Glibc.acos($0) }, partials: { [-rsqrt(1 - sq($0[0]))] },
                     special: { a in a[0] == .one ? .zero : nil }),
        FunctionSpec(name: "atan", latex: "\\arctan", code: CodeNames(libm: "atan", numpy: "np.arctan"), ruleText: "d/du atan(u) = 1/(1 + u^2)",
                     scalar: { Glibc.atan($0) }, partials: { [1 / (1 + sq($0[0]))] },
                     special: odd(.atan)),
    ]

    static let hyperbolic: [FunctionSpec] = [
        FunctionSpec(name: "sinh", latex: "\\sinh", ruleText: "d/du sinh(u) = cosh(u)",
                     scalar: { Glibc.sinh($0) }, partials: { [call(.cosh, $0[0])] },
                     special: undoing("asinh", odd(.sinh))),
        FunctionSpec(name: "cosh", latex: "\\cosh", ruleText: "d/du cosh(u) = sinh(u)",
                     scalar: { Glibc.cosh($0) }, partials: { [call(.sinh, $0[0])] },
                     special: undoing("acosh", even(.cosh, zero: .one))),
        FunctionSpec(name: "tanh", latex: "\\tanh", ruleText: "d/du tanh(u) = 1 - tanh(u)^2",
                     scalar: { Glibc.tanh($0) }, partials: { [1 - sq(call(.tanh, $0[0]))] },
                     special: undoing("atanh", odd(.tanh))),
        FunctionSpec(name: "asinh", latex: "\\operatorname{asinh}", code: CodeNames(libm: "asinh", numpy: "np.arcsinh"), ruleText: "d/du asinh(u) = 1/sqrt(u^2 + 1)",
                     scalar: { Glibc.asinh($0) }, partials: { [rsqrt(sq($0[0]) + 1)] },
                     special: undoing("sinh", odd(.asinh))),
        FunctionSpec(name: "acosh", latex: "\\operatorname{acosh}", code: CodeNames(libm: "acosh", numpy: "np.arccosh"), ruleText: "d/du acosh(u) = 1/sqrt(u^2 - 1)",
                     scalar: { Glibc.acosh($0) }, partials: { [rsqrt(sq($0[0]) - 1)] },
                     special: { a in a[0] == .one ? .zero : nil }),
        FunctionSpec(name: "atanh", latex: "\\operatorname{atanh}", code: CodeNames(libm: "atanh", numpy: "np.arctanh"), ruleText: "d/du atanh(u) = 1/(1 - u^2)",
                     scalar: { Glibc.atanh($0) }, partials: { [1 / (1 - sq($0[0]))] },
                     special: undoing("tanh", odd(.atanh))),
    ]

    static let exponential: [FunctionSpec] = [
        FunctionSpec(name: "exp", latex: "\\exp", printing: .enclosed(open: "e^{", close: "}"), ruleText: "d/du exp(u) = exp(u)",
                     scalar: { Glibc.exp($0) }, partials: { [call(.exp, $0[0])] },
                     special: expSpecial),
        FunctionSpec(name: "log", latex: "\\ln", ruleText: "d/du log(u) = 1/u",
                     scalar: { Glibc.log($0) }, partials: { [1 / $0[0]] },
                     special: logSpecial),
        FunctionSpec(name: "log2", latex: "\\log_2", ruleText: "d/du log2(u) = 1/(u*log(2))",
                     scalar: { Glibc.log2($0) }, partials: { [1 / ($0[0] * call(.log, .two))] },
                     special: { a in a[0] == .one ? .zero : a[0] == .two ? .one : nil }),
        FunctionSpec(name: "log10", latex: "\\log_{10}", ruleText: "d/du log10(u) = 1/(u*log(10))",
                     scalar: { Glibc.log10($0) }, partials: { [1 / ($0[0] * call(.log, num(10)))] },
                     special: { a in a[0] == .one ? .zero : a[0] == num(10) ? .one : nil }),
        FunctionSpec(name: "sqrt", latex: "\\sqrt", printing: .enclosed(open: "\\sqrt{", close: "}"), ruleText: "d/du sqrt(u) = 1/(2*sqrt(u))",
                     scalar: { Glibc.sqrt($0) }, partials: { [rsqrt($0[0]) / 2] },
                     special: { a in .power(a[0], .half) }),
        FunctionSpec(name: "cbrt", latex: "\\sqrt[3]", printing: .enclosed(open: "\\sqrt[3]{", close: "}"), code: CodeNames(c: "cbrt", swift: "cbrt", python: "cbrt", numpy: "np.cbrt", javascript: "Math.cbrt", stem: "cbrt"), ruleText: "d/du cbrt(u) = 1/(3*cbrt(u)^2)",
                     scalar: { Glibc.cbrt($0) }, partials: { [1 / (3 * sq(call(.cbrt, $0[0])))] },
                     special: cbrtSpecial),
        FunctionSpec(name: "erf", latex: "\\operatorname{erf}", code: CodeNames(c: "erf", swift: "erf", python: "math.erf", numpy: "erf", javascript: "erf", stem: "erf"), ruleText: "d/du erf(u) = 2/sqrt(pi)*exp(-u^2)",
                     scalar: { Glibc.erf($0) }, partials: { [2 * rsqrt(.pi) * call(.exp, -sq($0[0]))] },
                     special: odd(.erf)),
    ]

    static let piecewise: [FunctionSpec] = [
        FunctionSpec(name: "abs", latex: "\\operatorname{abs}", printing: .enclosed(open: "\\left|", close: "\\right|"), code: CodeNames(c: "fabs", swift: "abs", python: "abs", numpy: "np.abs", javascript: "Math.abs", stem: "abs"), ruleText: "d/du abs(u) = sign(u)",
                     convention: "abs'(0) = sign(0) = 0",
                     scalar: { Swift.abs($0) }, partials: { [call(.sign, $0[0])] },
                     special: absSpecial),
        FunctionSpec(name: "sign", latex: "\\operatorname{sign}", code: CodeNames(c: "sign", swift: "sign", python: "sign", numpy: "np.sign", javascript: "Math.sign", stem: "sign"), ruleText: "d/du sign(u) = 0",
                     convention: "sign(0) = 0; sign'(u) = 0, also at 0 where it does not exist",
                     scalar: { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 == 0 ? 0 : .nan }, partials: { _ in [.zero] },
                     special: signSpecial),
        FunctionSpec(name: "heaviside", latex: "\\operatorname{H}", code: .helper("heaviside", stem: "step"), ruleText: "d/du heaviside(u) = 0",
                     convention: "heaviside(0) = 0; heaviside'(u) = 0, also at 0 where it does not exist",
                     scalar: { $0 > 0 ? 1 : $0 <= 0 ? 0 : .nan }, partials: { _ in [.zero] },
                     special: { a in a[0].rationalValue.map { $0.isNegative || $0.isZero ? .zero : .one } ?? (a[0].isKnownPositive ? .one : nil) }),
        FunctionSpec(name: "min", arity: 2...2, latex: "\\min", code: CodeNames(c: "fmin", swift: "min", python: "min", numpy: "np.minimum", javascript: "Math.min", stem: "min"), ruleText: "d min(a, b) = heaviside(b - a)*da + heaviside(a - b)*db",
                     convention: "at a tie a = b both partial derivatives are taken as 0",
                     evaluate: { Swift.min($0[0], $0[1]) },
                     partials: { a in [call(.heaviside, a[1] - a[0]), call(.heaviside, a[0] - a[1])] },
                     special: { a in
                         if a[0] == a[1] { return a[0] }
                         if let x = a[0].rationalValue, let y = a[1].rationalValue { return .number(Swift.min(x, y)) }
                         return nil
                     }),
        FunctionSpec(name: "max", arity: 2...2, latex: "\\max", code: CodeNames(c: "fmax", swift: "max", python: "max", numpy: "np.maximum", javascript: "Math.max", stem: "max"), ruleText: "d max(a, b) = heaviside(a - b)*da + heaviside(b - a)*db",
                     convention: "at a tie a = b both partial derivatives are taken as 0",
                     evaluate: { Swift.max($0[0], $0[1]) },
                     partials: { a in [call(.heaviside, a[0] - a[1]), call(.heaviside, a[1] - a[0])] },
                     special: { a in
                         if a[0] == a[1] { return a[0] }
                         if let x = a[0].rationalValue, let y = a[1].rationalValue { return .number(Swift.max(x, y)) }
                         return nil
                     }),
    ]

    static let machineLearning: [FunctionSpec] = [
        FunctionSpec(name: "sigmoid", latex: "\\sigma", code: .helper("sigmoid", stem: "sig"), ruleText: "d/du sigmoid(u) = sigmoid(u)*(1 - sigmoid(u))",
                     scalar: { stableSigmoid($0) },
                     partials: { a in let s = call(.sigmoid, a[0]); return [s * (1 - s)] },
                     special: { a in a[0].isZero ? .half : nil }),
        FunctionSpec(name: "softplus", latex: "\\operatorname{softplus}", code: .helper("softplus", stem: "sp"), ruleText: "d/du softplus(u) = sigmoid(u)",
                     scalar: { stableSoftplus($0) }, partials: { [call(.sigmoid, $0[0])] }),
        FunctionSpec(name: "relu", latex: "\\operatorname{relu}", code: .helper("relu"), ruleText: "d/du relu(u) = heaviside(u)",
                     convention: "relu'(0) = heaviside(0) = 0",
                     scalar: { $0 > 0 ? $0 : $0 <= 0 ? 0 : .nan }, partials: { [call(.heaviside, $0[0])] },
                     special: { a in
                         if let r = a[0].rationalValue { return r.isNegative ? .zero : a[0] }
                         return a[0].isKnownNonNegative ? a[0] : nil
                     }),
        FunctionSpec(name: "leaky_relu", arity: 1...2, defaults: [Rational(1, 100)], latex: "\\operatorname{leaky\\_relu}",
                     code: .helper("leaky_relu", stem: "lrelu"), ruleText: "d/du leaky_relu(u, a) = a + (1 - a)*heaviside(u); d/da = min(u, 0)",
                     convention: "leaky_relu'(0) = a, the slope on the left",
                     evaluate: { $0[0] > 0 ? $0[0] : $0[0] * $0[1] },
                     partials: { a in [a[1] + (1 - a[1]) * call(.heaviside, a[0]), call(.min, a[0], .zero)] },
                     special: { a in
                         if let r = a[0].rationalValue { return r.isNegative ? a[0] * a[1] : a[0] }
                         return a[1] == .one ? a[0] : nil
                     }),
    ]
}

/// `1/(1 + e^-x)` without overflow for large |x|.
public func stableSigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Glibc.exp(-x)) }
    let z = Glibc.exp(x)
    return z / (1 + z)
}

/// `log(1 + e^x)` without overflow for large x and without cancellation for very negative x.
public func stableSoftplus(_ x: Double) -> Double {
    Swift.max(x, 0) + Glibc.log1p(Glibc.exp(-Swift.abs(x)))
}

// MARK: - Exact values and rewrites

extension FunctionID {
    static let sin = FunctionTable.sin, cos = FunctionTable.cos, tan = FunctionTable.tan
    static let sec = FunctionTable.sec, csc = FunctionTable.csc, cot = FunctionTable.cot
    static let sinh = FunctionTable.sinh, cosh = FunctionTable.cosh, tanh = FunctionTable.tanh
    static let exp = FunctionTable.exp, log = FunctionTable.log, abs = FunctionTable.abs
    static let sign = FunctionTable.sign, heaviside = FunctionTable.heaviside
    static let sigmoid = FunctionTable.sigmoid, min = FunctionTable.min, max = FunctionTable.max
    static let erf = FunctionTable.erf, cbrt = FunctionTable.cbrt
    static let asin = FunctionTable.id("asin"), atan = FunctionTable.id("atan")
    static let asinh = FunctionTable.id("asinh"), atanh = FunctionTable.id("atanh")
}

/// exp(0) = 1, exp(log(u)) = u, exp(c*log(u)) = u^c.
private let expSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if u.isZero { return .one }
    if case .function(FunctionTable.log) = u.head { return u.children[0] }
    if case let .mul(c) = u.head, u.children.count == 1, case .function(FunctionTable.log) = u.children[0].head {
        return .power(u.children[0].children[0], .number(c))
    }
    return nil
}

/// log(1) = 0, log(e) = 1, log(exp(u)) = u (u real).
private let logSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if u == .one { return .zero }
    if u == .e { return .one }
    if case .function(FunctionTable.exp) = u.head { return u.children[0] }
    return nil
}

private let cbrtSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if let r = u.rationalValue {
        if let root = r.magnitude.root(3) { return .number(r.isNegative ? -root : root) }
        return nil
    }
    if case .pow = u.head, u.children[1] == .integer(3) { return u.children[0] }
    return nil
}

private let absSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if let r = u.rationalValue { return .number(r.magnitude) }
    if let m = u.negated { return Expr.apply(.abs, [m]) }
    if u.isKnownNonNegative { return u }
    return nil
}

private let signSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if let r = u.rationalValue { return r.isZero ? .zero : r.isNegative ? .minusOne : .one }
    if let m = u.negated { return -Expr.apply(.sign, [m]) }
    if u.isKnownPositive { return .one }
    return nil
}
