import Glibc

/// Functions that compute a common form more accurately than the form's own operations. Users
/// may call them; compiled programs call them where the textbook form stands (see the stable
/// rewrites of lowering): `sqrt(a^2 + b^2)` runs as `hypot(a, b)`, `1 - erf(u)` as `erfc(u)`,
/// `x*log(x)` as `xlogy(x, x)`.
extension FunctionTable {
    static let accurate: [FunctionSpec] = [
        // sqrt(a^2 + b^2) overflows once a^2 does (|a| > 1.3e154) and underflows to 0 below
        // 1.5e-162; hypot scales first and is within an ulp everywhere.
        FunctionSpec(name: "hypot", arity: .fixed(2), latex: "\\operatorname{hypot}",
                     ruleText: "d hypot(a, b) = a/hypot(a, b)*da + b/hypot(a, b)*db", sign: .nonNegative,
                     numeric: .binary { Glibc.hypot($0, $1) },
                     partials: { a in let h = call(.hypot, a[0], a[1]); return [a[0] / h, a[1] / h] },
                     special: { a in a[1].isZero ? call(.abs, a[0]) : a[0].isZero ? call(.abs, a[1]) : nil },
                     code: .library("hypot")),
        // 1 - erf(u) loses every digit for u > 6 (erf(u) rounds to 1) and most of them from u = 2.
        FunctionSpec(name: "erfc", latex: "\\operatorname{erfc}", ruleText: "d/du erfc(u) = -2/sqrt(pi)*exp(-u^2)", sign: .positive,
                     numeric: .unary { Glibc.erfc($0) }, partials: { [-2 * rsqrt(.pi) * call(.exp, -sq($0[0]))] },
                     special: { a in a[0].isZero ? .one : nil },
                     code: .library("erfc", [
                         "numpy": .helper("erfc", definition: "# NumPy has no erfc; math.erfc elementwise.\nerfc = np.vectorize(math.erfc, otypes=[float])"),
                         "js": .helper("erfc", definition: """
                             /**
                              * 1 - erf(z) without its cancellation for large z. Below 2, 1 - erf(z) (erf < 0.996, so at most
                              * two digits cancel); from 2 on the continued fraction exp(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z + ...))).
                              */
                             function erfc(z) {
                               if (Number.isNaN(z)) return z;
                               if (z < 0) return 2 - erfc(-z);
                               if (z < 2) return 1 - erf(z);
                               if (z === Infinity) return 0;
                               let f = z;
                               for (let k = 200; k >= 1; k--) f = z + k / 2 / f;
                               return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
                             }
                             """, uses: ["erf"]),
                     ])),
        // exp(a - b) with a - b rounded: the rounding, up to half an ulp of |a - b| (5.7e-14 at
        // 1000), becomes a relative error of the result, 260 ulps at |a - b| = 1000 (softmax over
        // shifted logits). Taken exactly as a double-double d + r (TwoSum), exp(d + r) is
        // exp(d)*(1 + r) to far below an ulp (r^2/2 < 1e-26).
        FunctionSpec(name: "expdiff", arity: .fixed(2), latex: "\\operatorname{expdiff}",
                     ruleText: "d expdiff(a, b) = expdiff(a, b)*da - expdiff(a, b)*db", sign: .positive,
                     numeric: .binary(expDifference),
                     partials: { a in let e = call(.expdiff, a[0], a[1]); return [e, -e] },
                     special: { a in a[0] == a[1] ? .one : nil },
                     code: .helpers(stem: "expd", [
                         "c": .helper("expdiff", definition: """
                             /* exp(a - b) with the difference taken exactly (d + r = a - b): the rounding of a - b
                                would be a relative error of the result, |a - b| times the double precision. */
                             static double expdiff(double a, double b)
                             {
                                 const double d = a - b;
                                 const double t = d - a;
                                 const double r = (a - (d - t)) - (b + t);
                                 const double e = exp(d);
                                 return isfinite(e) && isfinite(r) ? e + e * r : e;
                             }
                             """),
                         "swift": .helper("expdiff", definition: """
                             /// exp(a - b) with the difference taken exactly (d + r = a - b): the rounding of a - b
                             /// would be a relative error of the result, |a - b| times the double precision.
                             private func expdiff(_ a: Double, _ b: Double) -> Double {
                                 let d = a - b
                                 let t = d - a
                                 let r = (a - (d - t)) - (b + t)
                                 let e = exp(d)
                                 return e.isFinite && r.isFinite ? e + e * r : e
                             }
                             """),
                         "python": .helper("expdiff", definition: """
                             def expdiff(a, b):
                                 \"\"\"exp(a - b) with the difference taken exactly (d + r = a - b): the rounding of a - b
                                 would be a relative error of the result, |a - b| times the double precision.\"\"\"
                                 d = a - b
                                 if not math.isfinite(d):
                                     return math.exp(d) if d == d else d
                                 t = d - a
                                 r = (a - (d - t)) - (b + t)
                                 try:
                                     e = math.exp(d)
                                 except OverflowError:
                                     return math.inf
                                 return e + e * r
                             """),
                         "numpy": .helper("expdiff", definition: """
                             def expdiff(a, b):
                                 \"\"\"exp(a - b) elementwise, with the difference taken exactly (d + r = a - b): the rounding
                                 of a - b would be a relative error of the result, |a - b| times the double precision.\"\"\"
                                 with np.errstate(over="ignore", invalid="ignore"):
                                     d = np.subtract(a, b)
                                     t = d - a
                                     r = (a - (d - t)) - (b + t)
                                     e = np.exp(d)
                                     return np.where(np.isfinite(e) & np.isfinite(r), e + e * r, e)
                             """),
                         "js": .helper("expdiff", definition: """
                             /**
                              * exp(a - b) with the difference taken exactly (d + r = a - b): the rounding of a - b
                              * would be a relative error of the result, |a - b| times the double precision.
                              */
                             function expdiff(a, b) {
                               const d = a - b;
                               const t = d - a;
                               const r = (a - (d - t)) - (b + t);
                               const e = Math.exp(d);
                               return Number.isFinite(e) && Number.isFinite(r) ? e + e * r : e;
                             }
                             """),
                     ])),
        // x*log(x) is 0*(-inf) = NaN at x = 0, where its limit (the convention of entropy and
        // cross-entropy) is 0.
        FunctionSpec(name: "xlogy", arity: .fixed(2), latex: "\\operatorname{xlogy}",
                     ruleText: "d xlogy(x, y) = log(y)*dx + x/y*dy", domain: "log of a non-positive number",
                     numeric: .binary(xlogy),
                     partials: { a in [call(.log, a[1]), a[0] / a[1]] },
                     special: { a in a[0].isZero || a[1] == .one ? .zero : nil },
                     code: .helpers(stem: "xlogy", [
                         "c": .helper("xlogy", definition: """
                             /* x*log(y), and 0 where x = 0 (the limit of x*log(x) at 0). */
                             static double xlogy(double x, double y) { return x == 0 && y == y ? 0.0 : x * log(y); }
                             """),
                         "swift": .helper("xlogy", definition: """
                             /// x*log(y), and 0 where x = 0 (the limit of x*log(x) at 0).
                             private func xlogy(_ x: Double, _ y: Double) -> Double { x == 0 && !y.isNaN ? 0 : x * log(y) }
                             """),
                         "python": .helper("xlogy", definition: """
                             def xlogy(x, y):
                                 \"\"\"x*log(y), and 0 where x = 0 (the limit of x*log(x) at 0).\"\"\"
                                 return 0.0 if x == 0 and y == y else x * math.log(y)
                             """),
                         "numpy": .helper("xlogy", definition: """
                             def xlogy(x, y):
                                 \"\"\"x*log(y), and 0 where x = 0 (the limit of x*log(x) at 0).\"\"\"
                                 with np.errstate(divide="ignore", invalid="ignore"):
                                     return np.where((x == 0) & ~np.isnan(y), 0.0, x * np.log(y))
                             """),
                         "js": .helper("xlogy", definition: """
                             /** x*log(y), and 0 where x = 0 (the limit of x*log(x) at 0). */
                             function xlogy(x, y) {
                               return x === 0 && !Number.isNaN(y) ? 0 : x * Math.log(y);
                             }
                             """),
                     ])),
    ]
}

/// exp(a - b) with a - b taken exactly: d + r = a - b (TwoSum), exp(d + r) = exp(d)*(1 + r) up
/// to r^2/2, far below an ulp. Where exp(d) is not finite, or d is not (r is then NaN), exp(d).
func expDifference(_ a: Double, _ b: Double) -> Double {
    let d = a - b
    let t = d - a
    let r = (a - (d - t)) - (b + t)
    let e = Glibc.exp(d)
    return e.isFinite && r.isFinite ? e + e * r : e
}

/// x*log(y), 0 where x = 0 and y is a number.
private func xlogy(_ x: Double, _ y: Double) -> Double {
    x == 0 && !y.isNaN ? 0 : x * Glibc.log(y)
}
