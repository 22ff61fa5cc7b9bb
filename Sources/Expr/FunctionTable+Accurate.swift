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

/// x*log(y), 0 where x = 0 and y is a number.
private func xlogy(_ x: Double, _ y: Double) -> Double {
    x == 0 && !y.isNaN ? 0 : x * Glibc.log(y)
}
