import Glibc

extension FunctionTable {
    static let trigonometric: [FunctionSpec] = [
        FunctionSpec(name: "sin", latex: "\\sin", ruleText: "d/du sin(u) = cos(u)",
                     numeric: .unary { Glibc.sin($0) }, partials: { [call(.cos, $0[0])] },
                     special: undoing(.asin, atPi(.zero, else: odd(.sin))), code: .library("sin")),
        FunctionSpec(name: "cos", latex: "\\cos", ruleText: "d/du cos(u) = -sin(u)",
                     numeric: .unary { Glibc.cos($0) }, partials: { [-call(.sin, $0[0])] },
                     special: undoing(.acos, atPi(.minusOne, else: even(.cos, zero: .one))), code: .library("cos")),
        FunctionSpec(name: "tan", latex: "\\tan", ruleText: "d/du tan(u) = sec(u)^2",
                     numeric: .unary { Glibc.tan($0) }, partials: { [sq(call(.sec, $0[0]))] },
                     special: undoing(.atan, odd(.tan)), code: .library("tan")),
        FunctionSpec(name: "sec", latex: "\\sec", ruleText: "d/du sec(u) = sec(u)*tan(u)",
                     numeric: .unary { 1 / Glibc.cos($0) }, partials: { [call(.sec, $0[0]) * call(.tan, $0[0])] },
                     special: even(.sec, zero: .one), code: reciprocal("sec", of: "cos")),
        FunctionSpec(name: "csc", latex: "\\csc", ruleText: "d/du csc(u) = -csc(u)*cot(u)",
                     numeric: .unary { 1 / Glibc.sin($0) }, partials: { [-(call(.csc, $0[0]) * call(.cot, $0[0]))] },
                     special: odd(.csc, zero: nil), code: reciprocal("csc", of: "sin")),
        FunctionSpec(name: "cot", latex: "\\cot", ruleText: "d/du cot(u) = -csc(u)^2",
                     numeric: .unary { 1 / Glibc.tan($0) }, partials: { [-sq(call(.csc, $0[0]))] },
                     special: odd(.cot, zero: nil), code: reciprocal("cot", of: "tan")),
        FunctionSpec(name: "asin", latex: "\\arcsin", ruleText: "d/du asin(u) = 1/sqrt(1 - u^2)",
                     domain: "asin outside [-1, 1]",
                     numeric: .unary { Glibc.asin($0) }, partials: { [rsqrt(1 - sq($0[0]))] },
                     special: odd(.asin), code: .library("asin", ["numpy": .call("np.arcsin")])),
        FunctionSpec(name: "acos", latex: "\\arccos", ruleText: "d/du acos(u) = -1/sqrt(1 - u^2)",
                     domain: "acos outside [-1, 1]",
                     numeric: .unary { Glibc.acos($0) }, partials: { [-rsqrt(1 - sq($0[0]))] },
                     special: { a in a[0] == .one ? .zero : nil }, code: .library("acos", ["numpy": .call("np.arccos")])),
        FunctionSpec(name: "atan", latex: "\\arctan", ruleText: "d/du atan(u) = 1/(1 + u^2)",
                     numeric: .unary { Glibc.atan($0) }, partials: { [1 / (1 + sq($0[0]))] },
                     special: odd(.atan), code: .library("atan", ["numpy": .call("np.arctan")])),
    ]

    static let hyperbolic: [FunctionSpec] = [
        FunctionSpec(name: "sinh", latex: "\\sinh", ruleText: "d/du sinh(u) = cosh(u)",
                     numeric: .unary { Glibc.sinh($0) }, partials: { [call(.cosh, $0[0])] },
                     special: undoing(.asinh, odd(.sinh)), code: .library("sinh")),
        FunctionSpec(name: "cosh", latex: "\\cosh", ruleText: "d/du cosh(u) = sinh(u)", sign: .positive,
                     numeric: .unary { Glibc.cosh($0) }, partials: { [call(.sinh, $0[0])] },
                     special: undoing(.acosh, even(.cosh, zero: .one)), code: .library("cosh")),
        FunctionSpec(name: "tanh", latex: "\\tanh", ruleText: "d/du tanh(u) = 1 - tanh(u)^2",
                     numeric: .unary { Glibc.tanh($0) }, partials: { [1 - sq(call(.tanh, $0[0]))] },
                     special: undoing(.atanh, odd(.tanh)), code: .library("tanh")),
        FunctionSpec(name: "asinh", latex: "\\operatorname{asinh}", ruleText: "d/du asinh(u) = 1/sqrt(u^2 + 1)",
                     numeric: .unary { Glibc.asinh($0) }, partials: { [rsqrt(sq($0[0]) + 1)] },
                     special: undoing(.sinh, odd(.asinh)), code: .library("asinh", ["numpy": .call("np.arcsinh")])),
        FunctionSpec(name: "acosh", latex: "\\operatorname{acosh}", ruleText: "d/du acosh(u) = 1/sqrt(u^2 - 1)",
                     sign: .nonNegative, domain: "acosh below 1",
                     numeric: .unary { Glibc.acosh($0) }, partials: { [rsqrt(sq($0[0]) - 1)] },
                     special: { a in a[0] == .one ? .zero : nil }, code: .library("acosh", ["numpy": .call("np.arccosh")])),
        FunctionSpec(name: "atanh", latex: "\\operatorname{atanh}", ruleText: "d/du atanh(u) = 1/(1 - u^2)",
                     domain: "atanh outside (-1, 1)",
                     numeric: .unary { Glibc.atanh($0) }, partials: { [1 / (1 - sq($0[0]))] },
                     special: undoing(.tanh, odd(.atanh)), code: .library("atanh", ["numpy": .call("np.arctanh")])),
    ]

    /// `name(z) = 1/other(z)` as a helper in every target (none has sec, csc or cot).
    private static func reciprocal(_ name: String, of other: String) -> FunctionCode {
        .helpers(stem: name, [
            "c": .helper(name, definition: "static double \(name)(double z) { return 1.0 / \(other)(z); }"),
            "swift": .helper(name, definition: "private func \(name)(_ z: Double) -> Double { 1 / \(other)(z) }"),
            "python": .helper(name, definition: "def \(name)(z):\n    return 1.0 / math.\(other)(z)"),
            "numpy": .helper(name, definition: "def \(name)(z):\n    return 1.0 / np.\(other)(z)"),
            "js": .helper(name, definition: "function \(name)(z) {\n  return 1 / Math.\(other)(z);\n}"),
        ])
    }
}
