extension FunctionTable {
    static let piecewise: [FunctionSpec] = [
        FunctionSpec(name: "abs", latex: "\\operatorname{abs}", printing: .enclosed(open: "\\left|", close: "\\right|"), ruleText: "d/du abs(u) = sign(u)",
                     convention: "abs'(0) = sign(0) = 0", sign: .nonNegative,
                     numeric: .unary { Swift.abs($0) }, partials: { [call(.sign, $0[0])] },
                     special: absSpecial,
                     code: .library("fabs", stem: "abs", [
                         "swift": .call("abs"), "python": .call("abs"), "numpy": .call("np.abs"), "js": .call("Math.abs"),
                     ])),
        FunctionSpec(name: "heaviside", latex: "\\operatorname{H}", ruleText: "d/du heaviside(u) = 0",
                     convention: "heaviside(0) = 0; heaviside'(u) = 0, also at 0 where it does not exist", jumpsAtZero: true, sign: .nonNegative,
                     numeric: .unary { $0 > 0 ? 1 : $0 <= 0 ? 0 : .nan }, partials: { _ in [.zero] },
                     special: { a in a[0].rationalValue.map { $0.isNegative || $0.isZero ? .zero : .one } ?? (a[0].isKnownPositive ? .one : nil) },
                     code: .helpers(stem: "step", [
                         // Without a branch on z's sign (a mask over random data mispredicts it half the time);
                         // NaN passes through.
                         "c": .helper("heaviside", definition: "static double heaviside(double z) { return z != z ? z : (double)(z > 0); }"),
                         "swift": .helper("heaviside", definition: "private func heaviside(_ z: Double) -> Double { z > 0 ? 1 : (z <= 0 ? 0 : z) }"),
                         "python": .helper("heaviside", definition: "def heaviside(z):\n    return 1.0 if z > 0 else (0.0 if z <= 0 else z)"),
                         "numpy": .helper("heaviside", definition: "def heaviside(z):\n    return np.heaviside(z, 0.0)"),
                         "js": .helper("heaviside", definition: "function heaviside(z) {\n  return z > 0 ? 1 : (z <= 0 ? 0 : z);\n}"),
                     ])),
        FunctionSpec(name: "sign", latex: "\\operatorname{sign}", ruleText: "d/du sign(u) = 0",
                     convention: "sign(0) = 0; sign'(u) = 0, also at 0 where it does not exist", jumpsAtZero: true,
                     numeric: .unary { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 == 0 ? 0 : .nan }, partials: { _ in [.zero] },
                     special: signSpecial,
                     code: .helpers(stem: "sign", [
                         "c": .helper("sign", definition: "static double sign(double z) { return z > 0 ? 1.0 : (z < 0 ? -1.0 : z); }"),
                         "swift": .helper("sign", definition: "private func sign(_ z: Double) -> Double { z > 0 ? 1 : (z < 0 ? -1 : z) }"),
                         "python": .helper("sign", definition: "def sign(z):\n    return 1.0 if z > 0 else (-1.0 if z < 0 else z)"),
                         "numpy": .call("np.sign"),
                         "js": .call("Math.sign"),
                     ])),
        FunctionSpec(name: "min", arity: .fixed(2), latex: "\\min", ruleText: "d min(a, b) = heaviside(b - a)*da + heaviside(a - b)*db",
                     convention: "at a tie a = b both partial derivatives are taken as 0",
                     numeric: .binary { Swift.min($0, $1) },
                     partials: { a in [call(.heaviside, a[1] - a[0]), call(.heaviside, a[0] - a[1])] },
                     special: { a in
                         if a[0] == a[1] { return a[0] }
                         if let x = a[0].rationalValue, let y = a[1].rationalValue { return .number(Swift.min(x, y)) }
                         return nil
                     },
                     code: .library("fmin", stem: "min", [
                         "swift": .call("min"), "python": .call("min"), "numpy": .call("np.minimum"), "js": .call("Math.min"),
                     ])),
        FunctionSpec(name: "max", arity: .fixed(2), latex: "\\max", ruleText: "d max(a, b) = heaviside(a - b)*da + heaviside(b - a)*db",
                     convention: "at a tie a = b both partial derivatives are taken as 0",
                     numeric: .binary { Swift.max($0, $1) },
                     partials: { a in [call(.heaviside, a[0] - a[1]), call(.heaviside, a[1] - a[0])] },
                     special: { a in
                         if a[0] == a[1] { return a[0] }
                         if let x = a[0].rationalValue, let y = a[1].rationalValue { return .number(Swift.max(x, y)) }
                         return nil
                     },
                     code: .library("fmax", stem: "max", [
                         "swift": .call("max"), "python": .call("max"), "numpy": .call("np.maximum"), "js": .call("Math.max"),
                     ])),
    ]
}

/// abs of a number, abs(-u) = abs(u), abs(u) = u for u >= 0.
private let absSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if let r = u.rationalValue { return .number(r.magnitude) }
    if let m = u.negated { return Expr.apply(.abs, [m]) }
    if u.isKnownNonNegative { return u }
    return nil
}

/// sign of a number, sign(-u) = -sign(u), sign(u) = 1 for u > 0.
private let signSpecial: @Sendable ([Expr]) -> Expr? = { a in
    let u = a[0]
    if let r = u.rationalValue { return r.isZero ? .zero : r.isNegative ? .minusOne : .one }
    if let m = u.negated { return -Expr.apply(.sign, [m]) }
    if u.isKnownPositive { return .one }
    return nil
}
