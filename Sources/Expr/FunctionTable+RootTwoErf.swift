import Glibc

/// erfc and erf of a constant multiple of sqrt(2), `c*sqrt(2)*u`, with the argument held exactly:
/// the normal distribution function Phi(z) = erfc(-z/sqrt(2))/2 as users write it. Compiled
/// programs call them where the textbook form stands (the stable rewrite `erf-root-two`).
///
/// erfc magnifies the relative error of its argument t about 2t^2 times (its condition number is
/// 2t*exp(-t^2)/(sqrt(pi)*erfc(t))): the rounding of -z/sqrt(2) alone (the constant 1/sqrt(2) in
/// doubles, then the product) put Phi 8.2 ulps off at z = -3.27 and 1306 ulps at z = -35. Here
/// c*u = p + e by FMA (c is a power-of-two fraction, exact in doubles) and sqrt(2) is a
/// double-double, so t + dt is the argument to about 2^-106, and erfc(t + dt) is
/// erfc(t) - 2/sqrt(pi)*exp(-t^2)*dt to first order (the second-order term is below 2^-100 of
/// the result): what stays is the math library's erfc. erf's condition number is at most 1, so the
/// rounding costs erf less (up to about 0.8 ulps near 0), and the same correction removes it.
extension FunctionTable {
    static let rootTwoErrorFunctions: [FunctionSpec] = [
        FunctionSpec(name: "erfcsqrt2", arity: .fixed(2), latex: "\\operatorname{erfcsqrt2}",
                     ruleText: "d erfcsqrt2(u, c) = -4*c*exp(-2*c^2*u^2)/sqrt(2*pi)*du - 4*u*exp(-2*c^2*u^2)/sqrt(2*pi)*dc",
                     sign: .positive,
                     numeric: .binary { u, c in erfOfRootTwoMultiple(u, c, complement: true) },
                     partials: { a in let g = -4 * rootTwoErfSlope(a); return [a[1] * g, a[0] * g] },
                     special: { a in a[0].isZero || a[1].isZero ? .one : nil },
                     code: .helpers(stem: "erfcs", [
                         "c": .helper("erfcsqrt2", definition: cHelper("erfcsqrt2", "erfc", "-")),
                         "swift": .helper("erfcsqrt2", definition: swiftHelper("erfcsqrt2", "erfc", "-")),
                         "python": .helper("erfcsqrt2", definition: pythonHelper("erfcsqrt2", "math.erfc", "-"), uses: ["expsq"]),
                         "numpy": .helper("erfcsqrt2", definition: numpyHelper("erfcsqrt2", "erfc", "-"), uses: ["erfc", "expsq"]),
                         "js": .helper("erfcsqrt2", definition: javaScriptHelper("erfcsqrt2", "erfc", "-"), uses: ["erfc", "expsq"]),
                     ])),
        FunctionSpec(name: "erfsqrt2", arity: .fixed(2), latex: "\\operatorname{erfsqrt2}",
                     ruleText: "d erfsqrt2(u, c) = 4*c*exp(-2*c^2*u^2)/sqrt(2*pi)*du + 4*u*exp(-2*c^2*u^2)/sqrt(2*pi)*dc",
                     numeric: .binary { u, c in erfOfRootTwoMultiple(u, c, complement: false) },
                     partials: { a in let g = 4 * rootTwoErfSlope(a); return [a[1] * g, a[0] * g] },
                     special: { a in a[0].isZero || a[1].isZero ? .zero : nil },
                     code: .helpers(stem: "erfs", [
                         "c": .helper("erfsqrt2", definition: cHelper("erfsqrt2", "erf", "+")),
                         "swift": .helper("erfsqrt2", definition: swiftHelper("erfsqrt2", "erf", "+")),
                         "python": .helper("erfsqrt2", definition: pythonHelper("erfsqrt2", "math.erf", "+"), uses: ["expsq"]),
                         "numpy": .helper("erfsqrt2", definition: numpyHelper("erfsqrt2", "erf", "+"), uses: ["erf", "expsq"]),
                         "js": .helper("erfsqrt2", definition: javaScriptHelper("erfsqrt2", "erf", "+"), uses: ["erf", "expsq"]),
                     ])),
    ]

    /// exp(-2*c^2*u^2)/sqrt(2*pi) for the arguments (u, c): erf's slope 2/sqrt(pi)*exp(-t^2) at
    /// t = c*sqrt(2)*u, over 2*sqrt(2) (the normal density's form, which `xnormpdf` computes).
    private static func rootTwoErfSlope(_ a: [Expr]) -> Expr {
        call(.exp, -2 * sq(a[1]) * sq(a[0])) * rsqrt(2 * .pi)
    }

    // The helpers of the two functions differ only in the library function and the sign of the
    // correction (erfc falls where erf rises).

    private static func cHelper(_ name: String, _ f: String, _ sign: String) -> String {
        """
        /* \(f)(c*sqrt(2)*u) with the argument taken exactly (t + dt: c*u by FMA, sqrt(2) a double-double) and
           the first-order correction: the rounded argument's error, which erfc magnifies about 2t^2 times. */
        static double \(name)(double u, double c)
        {
            const double p = c * u, e = fma(c, u, -p), t = p * 1.4142135623730951;
            const double dt = fma(p, 1.4142135623730951, -t) + (p * -9.667293313452913e-17 + e * 1.4142135623730951);
            const double r = \(f)(t);
            return isfinite(dt) ? r \(sign) 1.1283791670955126 * exp(-t * t) * dt : r;
        }
        """
    }

    private static func swiftHelper(_ name: String, _ f: String, _ sign: String) -> String {
        """
        /// \(f)(c*sqrt(2)*u) with the argument taken exactly (t + dt: c*u by FMA, sqrt(2) a double-double) and
        /// the first-order correction: the rounded argument's error, which erfc magnifies about 2t^2 times.
        private func \(name)(_ u: Double, _ c: Double) -> Double {
            let p = c * u, e = fma(c, u, -p), t = p * 1.4142135623730951
            let dt = fma(p, 1.4142135623730951, -t) + (p * -9.667293313452913e-17 + e * 1.4142135623730951)
            let r = \(f)(t)
            return dt.isFinite ? r \(sign) 1.1283791670955126 * exp(-t * t) * dt : r
        }
        """
    }

    private static func pythonHelper(_ name: String, _ f: String, _ sign: String) -> String {
        """
        def \(name)(u, c):
            \"\"\"\(f.dropFirst(5))(c*sqrt(2)*u) with the argument taken exactly (t + dt: Dekker's products, sqrt(2) a
            double-double) and the first-order correction: the rounded argument's error, which erfc magnifies
            about 2t^2 times.\"\"\"
            p = c * u
            t = p * 1.4142135623730951
            dt = product_error(p, 1.4142135623730951, t) + (p * -9.667293313452913e-17 + product_error(c, u, p) * 1.4142135623730951)
            r = \(f)(t)
            return r \(sign) 1.1283791670955126 * math.exp(-t * t) * dt if math.isfinite(dt) else r
        """
    }

    private static func numpyHelper(_ name: String, _ f: String, _ sign: String) -> String {
        """
        def \(name)(u, c):
            \"\"\"\(f)(c*sqrt(2)*u) elementwise with the argument taken exactly (t + dt: Dekker's products, sqrt(2)
            a double-double) and the first-order correction: the rounded argument's error, which erfc
            magnifies about 2t^2 times.\"\"\"
            with np.errstate(over="ignore", invalid="ignore"):
                p = np.multiply(c, u)
                t = p * 1.4142135623730951
                dt = product_error(p, 1.4142135623730951, t) + (p * -9.667293313452913e-17 + product_error(c, u, p) * 1.4142135623730951)
                r = \(f)(t)
                return np.where(np.isfinite(dt), r \(sign) 1.1283791670955126 * np.exp(-t * t) * dt, r)
        """
    }

    private static func javaScriptHelper(_ name: String, _ f: String, _ sign: String) -> String {
        """
        /**
         * \(f)(c*sqrt(2)*u) with the argument taken exactly (t + dt: Dekker's products, sqrt(2) a double-double)
         * and the first-order correction: the rounded argument's error, which erfc magnifies about 2t^2 times.
         */
        function \(name)(u, c) {
          const p = c * u, t = p * 1.4142135623730951;
          const dt = productError(p, 1.4142135623730951, t) + (p * -9.667293313452913e-17 + productError(c, u, p) * 1.4142135623730951);
          const r = \(f)(t);
          return Number.isFinite(dt) ? r \(sign) 1.1283791670955126 * Math.exp(-t * t) * dt : r;
        }
        """
    }
}

/// erfc(c*sqrt(2)*u), or erf of it: c*u = p + e (FMA), t + dt = (p + e)*(high + low) with sqrt(2)
/// a double-double, and the first-order correction of the library's value at t. Where dt is not
/// finite (c*u or t overflowed), the value at t.
private func erfOfRootTwoMultiple(_ u: Double, _ c: Double, complement: Bool) -> Double {
    let p = c * u, e = Glibc.fma(c, u, -p), t = p * rootTwo.high
    let dt = Glibc.fma(p, rootTwo.high, -t) + (p * rootTwo.low + e * rootTwo.high)
    let r = complement ? Glibc.erfc(t) : Glibc.erf(t)
    guard dt.isFinite else { return r }
    let slope = twoOverSquareRootOfPi * Glibc.exp(-t * t) * dt
    return complement ? r - slope : r + slope
}

/// sqrt(2) as a double-double: the double closest to it and the rest (mpmath).
private let rootTwo = (high: 1.4142135623730951, low: -9.667293313452913e-17)
