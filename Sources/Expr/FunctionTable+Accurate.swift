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
                              * two digits cancel); from 2 on the continued fraction exp(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z + ...))),
                              * exp of the exact z^2 = p + q (of the rounded square, exp's error would be z^2 times the
                              * double precision: 45 ulps at z = 24.7).
                              */
                             function erfc(z) {
                               if (Number.isNaN(z)) return z;
                               if (z < 0) return 2 - erfc(-z);
                               if (z < 2) return 1 - erf(z);
                               if (z === Infinity) return 0;
                               let f = z;
                               for (let k = 200; k >= 1; k--) f = z + k / 2 / f;
                               const p = z * z, q = productError(z, z, p), e = Math.exp(-p);
                               return (e - e * q) / (Math.sqrt(Math.PI) * f);
                             }
                             """, uses: ["erf", "expsq"]),
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
        // x*exp(k*u^2) of the rounded k*u^2: the rounding, up to half an ulp of |k*u^2|, becomes a
        // relative error of the result, 370 ulps at k*u^2 = -740 (GELU's derivative at z = -38,
        // the normal density). Taken exactly as a + b (the square and the product by FMA, or
        // Dekker's product where a language has no FMA), exp(a + b) is exp(a)*(1 + b) to far
        // below an ulp. The factor x is applied before the result nears the subnormals (`xexp`):
        // x times a subnormal exp would magnify its lost relative precision (11 ulps at z = -37.7).
        FunctionSpec(name: "expsq", arity: .fixed(3), latex: "\\operatorname{expsq}",
                     ruleText: "d expsq(x, u, k) = expsq(1, u, k)*dx + 2*k*u*expsq(x, u, k)*du + u^2*expsq(x, u, k)*dk",
                     numeric: .variadic(scaledExpOfSquare),
                     partials: { a in
                         let e = call(.expsq, a[0], a[1], a[2])
                         return [call(.expsq, .one, a[1], a[2]), 2 * a[2] * a[1] * e, sq(a[1]) * e]
                     },
                     special: { a in a[0].isZero ? .zero : a[1].isZero || a[2].isZero ? a[0] : nil },
                     code: .helpers(stem: "expsq", [
                         "c": .helper("expsq", definition: """
                             /* x*exp(a + b), b tiny beside a; below a = -700, where exp(a) nears the subnormals (which lose
                                relative precision), as (m*exp(r))*2^(n - k) with x = m*2^n and a + b = r - k*log(2) (Cody and
                                Waite: k*log2High and a + k*log2High are exact), one rounding into the subnormals at most. */
                             static double xexp(double x, double a, double b)
                             {
                                 if (!(a < -700.0)) {
                                     const double e = exp(a);
                                     return isfinite(e) && isfinite(b) ? x * (e + e * b) : x * e;
                                 }
                                 if (a < -1500.0) return x * 0.0;
                                 const double k = nearbyint(-a / 0.6931471805599453);
                                 const double r = (a + k * 0.6931471803691238) + (k * 1.9082149292705877e-10 + b);
                                 int n;
                                 const double m = frexp(x, &n);
                                 return scalbn(m * exp(r), n - (int)k);
                             }

                             /* x*exp(k*u^2) with k*u^2 taken exactly (a + b, by FMA): the rounding of k*u^2 would be a
                                relative error of the result, |k*u^2| times the double precision. Inline: a file that
                                needs only xexp (xsigmoid) leaves it unused. */
                             static inline double expsq(double x, double u, double k)
                             {
                                 const double p = u * u, q = fma(u, u, -p);
                                 const double a = k * p;
                                 return xexp(x, a, fma(k, p, -a) + k * q);
                             }
                             """),
                         "swift": .helper("expsq", definition: """
                             /// x*exp(k*u^2) with k*u^2 taken exactly (a + b, by FMA): the rounding of k*u^2 would be a
                             /// relative error of the result, |k*u^2| times the double precision.
                             private func expsq(_ x: Double, _ u: Double, _ k: Double) -> Double {
                                 let p = u * u, q = fma(u, u, -p)
                                 let a = k * p
                                 return xexp(x, a, fma(k, p, -a) + k * q)
                             }

                             /// x*exp(a + b), b tiny beside a; below a = -700, where exp(a) nears the subnormals (which lose
                             /// relative precision), as (m*exp(r))*2^(n - k) with x = m*2^n and a + b = r - k*log(2) (Cody and
                             /// Waite: k*log2High and a + k*log2High are exact), one rounding into the subnormals at most.
                             private func xexp(_ x: Double, _ a: Double, _ b: Double) -> Double {
                                 if !(a < -700) {
                                     let e = exp(a)
                                     return e.isFinite && b.isFinite ? x * (e + e * b) : x * e
                                 }
                                 if a < -1500 { return x * 0 }
                                 let k = (-a / 0.6931471805599453).rounded()
                                 let r = (a + k * 0.6931471803691238) + (k * 1.9082149292705877e-10 + b)
                                 // x = m*2^n (Foundation's frexp drops the sign of x).
                                 let n = x.isFinite && x != 0 ? Int(x.exponent) : 0
                                 return scalbn(scalbn(x, -n) * exp(r), n - Int(k))
                             }
                             """),
                         "python": .helper("expsq", definition: """
                             def expsq(x, u, k):
                                 \"\"\"x*exp(k*u^2) with k*u^2 taken exactly (a + b, Dekker's products): the rounding of k*u^2
                                 would be a relative error of the result, |k*u^2| times the double precision.\"\"\"
                                 p = u * u
                                 a = k * p
                                 return xexp(x, a, product_error(k, p, a) + k * product_error(u, u, p))


                             def xexp(x, a, b):
                                 \"\"\"x*exp(a + b), b tiny beside a; below a = -700, where exp(a) nears the subnormals (which
                                 lose relative precision), as (m*exp(r))*2^(n - k) with x = m*2^n and a + b = r - k*log(2)
                                 (Cody and Waite: k*log2High and a + k*log2High are exact), one rounding at most.\"\"\"
                                 if not a < -700.0:
                                     try:
                                         e = math.exp(a)
                                     except OverflowError:
                                         return x * math.inf
                                     return x * (e + e * b) if math.isfinite(e) and math.isfinite(b) else x * e
                                 if a < -1500.0:
                                     return x * 0.0
                                 k = round(-a / 0.6931471805599453)
                                 r = (a + k * 0.6931471803691238) + (k * 1.9082149292705877e-10 + b)
                                 m, n = math.frexp(x)
                                 return math.ldexp(m * math.exp(r), n - k)


                             def product_error(a, b, p):
                                 \"\"\"a*b - p exactly, for p = a*b rounded (Dekker's product: halves of 26 bits multiply exactly).\"\"\"
                                 c = 134217729.0 * a
                                 ah = c - (c - a)
                                 c = 134217729.0 * b
                                 bh = c - (c - b)
                                 return ((ah * bh - p) + ah * (b - bh) + (a - ah) * bh) + (a - ah) * (b - bh)
                             """),
                         "numpy": .helper("expsq", definition: """
                             def expsq(x, u, k):
                                 \"\"\"x*exp(k*u^2) elementwise, with k*u^2 taken exactly (a + b, Dekker's products): the rounding
                                 of k*u^2 would be a relative error of the result, |k*u^2| times the double precision.\"\"\"
                                 with np.errstate(over="ignore", invalid="ignore"):
                                     p = np.multiply(u, u)
                                     a = k * p
                                     return xexp(x, a, product_error(k, p, a) + k * product_error(u, u, p))


                             def xexp(x, a, b):
                                 \"\"\"x*exp(a + b) elementwise, b tiny beside a; below a = -700, where exp(a) nears the
                                 subnormals (which lose relative precision), as (m*exp(r))*2^(n - k) with x = m*2^n and
                                 a + b = r - k*log(2) (Cody and Waite: k*log2High and a + k*log2High are exact).\"\"\"
                                 x, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, a, b)))
                                 with np.errstate(over="ignore", under="ignore", invalid="ignore"):
                                     e = np.exp(a)
                                     body = np.where(np.isfinite(e) & np.isfinite(b), x * (e + e * b), x * e)
                                     k = np.rint(np.nan_to_num(np.clip(-a, 700.0, 1500.0), nan=700.0) / 0.6931471805599453)
                                     r = (a + k * 0.6931471803691238) + (k * 1.9082149292705877e-10 + b)
                                     m, n = np.frexp(x)
                                     tail = np.ldexp(m * np.exp(r), n - k.astype(int))
                                     return np.where(a < -1500.0, x * 0.0, np.where(a < -700.0, tail, body))


                             def product_error(a, b, p):
                                 \"\"\"a*b - p exactly, for p = a*b rounded (Dekker's product: halves of 26 bits multiply exactly).\"\"\"
                                 c = 134217729.0 * a
                                 ah = c - (c - a)
                                 c = 134217729.0 * b
                                 bh = c - (c - b)
                                 return ((ah * bh - p) + ah * (b - bh) + (a - ah) * bh) + (a - ah) * (b - bh)
                             """),
                         "js": .helper("expsq", definition: """
                             /**
                              * x*exp(k*u^2) with k*u^2 taken exactly (a + b, Dekker's products): the rounding of k*u^2
                              * would be a relative error of the result, |k*u^2| times the double precision.
                              */
                             function expsq(x, u, k) {
                               const p = u * u, a = k * p;
                               return xexp(x, a, productError(k, p, a) + k * productError(u, u, p));
                             }

                             /**
                              * x*exp(a + b), b tiny beside a; below a = -700, where exp(a) nears the subnormals (which lose
                              * relative precision), as (x*exp(r))*2^-k with a + b = r - k*log(2) (Cody and Waite: exact),
                              * the power of two applied in exact steps while the result stays normal, so it rounds once.
                              */
                             function xexp(x, a, b) {
                               if (!(a < -700)) {
                                 const e = Math.exp(a);
                                 return Number.isFinite(e) && Number.isFinite(b) ? x * (e + e * b) : x * e;
                               }
                               if (a < -1500) return x * 0;
                               const k = Math.round(-a / 0.6931471805599453);
                               const r = (a + k * 0.6931471803691238) + (k * 1.9082149292705877e-10 + b);
                               let y = x * 2 ** -200 * Math.exp(r), n = k - 200;
                               while (n > 500 && Math.abs(y) >= 2 ** -521) { y *= 2 ** -500; n -= 500; }
                               return y * 2 ** -n;
                             }

                             /** a*b - p exactly, for p = a*b rounded (Dekker's product: halves of 26 bits multiply exactly). */
                             function productError(a, b, p) {
                               let c = 134217729 * a;
                               const ah = c - (c - a);
                               c = 134217729 * b;
                               const bh = c - (c - b);
                               return ((ah * bh - p) + ah * (b - bh) + (a - ah) * bh) + (a - ah) * (b - bh);
                             }
                             """),
                     ])),
        // x*exp(-u^2/2)/sqrt(2*pi), the normal density (GELU's derivative): as expsq(x/sqrt(2*pi), u,
        // -1/2) the constant is 1/sqrt(6.283185307179586), two roundings away from 1/sqrt(2*pi)
        // (up to 1.25 ulps of the result, 3.1 ulps in all at z = -6.75); here log(sqrt(2*pi)) is held
        // as a double-double and joins the exact exponent -u^2/2, so only exp and x's product round.
        FunctionSpec(name: "xnormpdf", arity: .fixed(2), latex: "\\operatorname{xnormpdf}",
                     ruleText: "d xnormpdf(x, u) = xnormpdf(1, u)*dx - u*xnormpdf(x, u)*du",
                     numeric: .binary(scaledNormalDensity),
                     partials: { a in [call(.xnormpdf, .one, a[1]), -a[1] * call(.xnormpdf, a[0], a[1])] },
                     special: { a in a[0].isZero ? .zero : nil },
                     code: .helpers(stem: "xnormpdf", [
                         "c": .helper("xnormpdf", definition: """
                             /* x*exp(-u^2/2)/sqrt(2*pi) with the exponent -u^2/2 - log(sqrt(2*pi)) taken exactly (a + b: the
                                square by FMA, the constant a double-double, TwoSum): only exp and x's product round. */
                             static double xnormpdf(double x, double u)
                             {
                                 const double p = u * u, q = fma(u, u, -p), h = -0.5 * p;
                                 const double a = h - 0.9189385332046728, t = a - h;
                                 const double b = ((h - (a - t)) + (-0.9189385332046728 - t)) - 0.5 * q + 3.8782941580672414e-17;
                                 return xexp(x, a, b);
                             }
                             """, uses: ["expsq"]),
                         "swift": .helper("xnormpdf", definition: """
                             /// x*exp(-u^2/2)/sqrt(2*pi) with the exponent -u^2/2 - log(sqrt(2*pi)) taken exactly (a + b: the
                             /// square by FMA, the constant a double-double, TwoSum): only exp and x's product round.
                             private func xnormpdf(_ x: Double, _ u: Double) -> Double {
                                 let p = u * u, q = fma(u, u, -p), h = -0.5 * p
                                 let a = h - 0.9189385332046728, t = a - h
                                 let b = ((h - (a - t)) + (-0.9189385332046728 - t)) - 0.5 * q + 3.8782941580672414e-17
                                 return xexp(x, a, b)
                             }
                             """, uses: ["expsq"]),
                         "python": .helper("xnormpdf", definition: """
                             def xnormpdf(x, u):
                                 \"\"\"x*exp(-u^2/2)/sqrt(2*pi) with the exponent -u^2/2 - log(sqrt(2*pi)) taken exactly (a + b:
                                 Dekker's square, the constant a double-double, TwoSum): only exp and x's product round.\"\"\"
                                 p = u * u
                                 h = -0.5 * p
                                 a = h - 0.9189385332046728
                                 t = a - h
                                 b = ((h - (a - t)) + (-0.9189385332046728 - t)) - 0.5 * product_error(u, u, p) + 3.8782941580672414e-17
                                 return xexp(x, a, b)
                             """, uses: ["expsq"]),
                         "numpy": .helper("xnormpdf", definition: """
                             def xnormpdf(x, u):
                                 \"\"\"x*exp(-u^2/2)/sqrt(2*pi) elementwise with the exponent -u^2/2 - log(sqrt(2*pi)) taken
                                 exactly (a + b: Dekker's square, the constant a double-double, TwoSum): only exp and x's
                                 product round.\"\"\"
                                 with np.errstate(over="ignore", invalid="ignore"):
                                     p = np.multiply(u, u)
                                     h = -0.5 * p
                                     a = h - 0.9189385332046728
                                     t = a - h
                                     b = ((h - (a - t)) + (-0.9189385332046728 - t)) - 0.5 * product_error(u, u, p) + 3.8782941580672414e-17
                                     return xexp(x, a, b)
                             """, uses: ["expsq"]),
                         "js": .helper("xnormpdf", definition: """
                             /**
                              * x*exp(-u^2/2)/sqrt(2*pi) with the exponent -u^2/2 - log(sqrt(2*pi)) taken exactly (a + b:
                              * Dekker's square, the constant a double-double, TwoSum): only exp and x's product round.
                              */
                             function xnormpdf(x, u) {
                               const p = u * u, h = -0.5 * p;
                               const a = h - 0.9189385332046728, t = a - h;
                               const b = ((h - (a - t)) + (-0.9189385332046728 - t)) - 0.5 * productError(u, u, p) + 3.8782941580672414e-17;
                               return xexp(x, a, b);
                             }
                             """, uses: ["expsq"]),
                     ])),
        // sigmoid(u)*sigmoid(-u) rounds each sigmoid (about 1.25 ulps each) and their product: 3.3
        // ulps measured. As e/(1 + e)^2 with e = exp(-|u|) and (1 + e)^2 a double-double, what
        // stays is exp's rounding (passed on at most once: the relative sensitivity is
        // (1 - e)/(1 + e)) and the division's.
        FunctionSpec(name: "dsigmoid", latex: "\\operatorname{dsigmoid}",
                     ruleText: "d/du dsigmoid(u) = dsigmoid(u)*(1 - 2*sigmoid(u))", sign: .positive,
                     numeric: .unary(sigmoidDerivative),
                     partials: { a in [call(.dsigmoid, a[0]) * (1 - 2 * call(.sigmoid, a[0]))] },
                     special: { a in a[0].isZero ? num(1, 4) : nil },
                     code: .helpers(stem: "dsig", [
                         "c": .helper("dsigmoid", definition: """
                             /* sigmoid(z)*(1 - sigmoid(z)) as e/(1 + e)^2, e = exp(-|z|), with 1 + e and its square
                                taken exactly (t + dt, p + dp): only exp and the division round. */
                             static double dsigmoid(double z)
                             {
                                 const double e = exp(-fabs(z));
                                 const double t = 1.0 + e, dt = (1.0 - t) + e;
                                 const double p = t * t, dp = fma(t, t, -p) + 2.0 * t * dt;
                                 const double r = e / p;
                                 return r - r * (dp / p);
                             }
                             """),
                         "swift": .helper("dsigmoid", definition: """
                             /// sigmoid(z)*(1 - sigmoid(z)) as e/(1 + e)^2, e = exp(-|z|), with 1 + e and its square
                             /// taken exactly (t + dt, p + dp): only exp and the division round.
                             private func dsigmoid(_ z: Double) -> Double {
                                 let e = exp(-Swift.abs(z))
                                 let t = 1 + e, dt = (1 - t) + e
                                 let p = t * t, dp = fma(t, t, -p) + 2 * t * dt
                                 let r = e / p
                                 return r - r * (dp / p)
                             }
                             """),
                         "python": .helper("dsigmoid", definition: """
                             def dsigmoid(z):
                                 \"\"\"sigmoid(z)*(1 - sigmoid(z)) as e/(1 + e)^2, e = exp(-|z|), with 1 + e and its square
                                 taken exactly (t + dt, p + dp): only exp and the division round.\"\"\"
                                 e = math.exp(-abs(z))
                                 t = 1.0 + e
                                 dt = (1.0 - t) + e
                                 p = t * t
                                 h = 134217729.0 * t
                                 h -= h - t  # t = h + l, halves of 26 bits whose products are exact (Dekker)
                                 l = t - h
                                 dp = ((h * h - p) + 2.0 * h * l) + l * l + 2.0 * t * dt
                                 r = e / p
                                 return r - r * (dp / p)
                             """),
                         "numpy": .helper("dsigmoid", definition: """
                             def dsigmoid(z):
                                 \"\"\"sigmoid(z)*(1 - sigmoid(z)) elementwise as e/(1 + e)^2, e = exp(-|z|), with 1 + e and its
                                 square taken exactly (t + dt, p + dp): only exp and the division round.\"\"\"
                                 e = np.exp(-np.abs(np.asarray(z, dtype=float)))
                                 t = 1.0 + e
                                 dt = (1.0 - t) + e
                                 p = t * t
                                 h = 134217729.0 * t
                                 h -= h - t  # t = h + l, halves of 26 bits whose products are exact (Dekker)
                                 l = t - h
                                 dp = ((h * h - p) + 2.0 * h * l) + l * l + 2.0 * t * dt
                                 r = e / p
                                 return r - r * (dp / p)
                             """),
                         "js": .helper("dsigmoid", definition: """
                             /**
                              * sigmoid(z)*(1 - sigmoid(z)) as e/(1 + e)^2, e = exp(-|z|), with 1 + e and its square
                              * taken exactly (t + dt, p + dp): only exp and the division round.
                              */
                             function dsigmoid(z) {
                               const e = Math.exp(-Math.abs(z));
                               const t = 1 + e, dt = (1 - t) + e;
                               const p = t * t;
                               // t = h + l, halves of 26 bits whose products are exact (Dekker).
                               const h = 134217729 * t - (134217729 * t - t), l = t - h;
                               const dp = ((h * h - p) + 2 * h * l) + l * l + 2 * t * dt;
                               const r = e / p;
                               return r - r * (dp / p);
                             }
                             """),
                     ])),
        // x*sigmoid(u) where sigmoid(u) is subnormal (u < -708) has lost its relative precision:
        // its rounding, half of 4.9e-324, is 370 ulps of x*sigmoid(u) at x = 740, u = -740 (the
        // logistic loss by its label). Below u = -700, sigmoid(u) is e^u to 1e-304, and x*e^u is
        // scaled past the subnormals as expsq's x*exp(a + b) is (`xexp`).
        FunctionSpec(name: "xsigmoid", arity: .fixed(2), latex: "\\operatorname{xsigmoid}",
                     ruleText: "d xsigmoid(x, u) = sigmoid(u)*dx + x*dsigmoid(u)*du",
                     numeric: .binary(scaledSigmoid),
                     partials: { a in [call(.sigmoid, a[1]), a[0] * call(.dsigmoid, a[1])] },
                     special: { a in a[0].isZero ? .zero : nil },
                     code: .helpers(stem: "xsig", [
                         "c": .helper("xsigmoid", definition: """
                             /* x*sigmoid(u); below u = -700, where sigmoid(u) = e^u nears the subnormals (which lose
                                relative precision), x*e^u scaled past them (xexp). */
                             static double xsigmoid(double x, double u) { return u < -700.0 ? xexp(x, u, 0.0) : x * sigmoid(u); }
                             """, uses: ["sigmoid", "expsq"]),
                         "swift": .helper("xsigmoid", definition: """
                             /// x*sigmoid(u); below u = -700, where sigmoid(u) = e^u nears the subnormals (which lose
                             /// relative precision), x*e^u scaled past them (xexp).
                             private func xsigmoid(_ x: Double, _ u: Double) -> Double { u < -700 ? xexp(x, u, 0) : x * sigmoid(u) }
                             """, uses: ["sigmoid", "expsq"]),
                         "python": .helper("xsigmoid", definition: """
                             def xsigmoid(x, u):
                                 \"\"\"x*sigmoid(u); below u = -700, where sigmoid(u) = e^u nears the subnormals (which lose
                                 relative precision), x*e^u scaled past them (xexp).\"\"\"
                                 return xexp(x, u, 0.0) if u < -700.0 else x * sigmoid(u)
                             """, uses: ["sigmoid", "expsq"]),
                         "numpy": .helper("xsigmoid", definition: """
                             def xsigmoid(x, u):
                                 \"\"\"x*sigmoid(u) elementwise; below u = -700, where sigmoid(u) = e^u nears the subnormals
                                 (which lose relative precision), x*e^u scaled past them (xexp).\"\"\"
                                 with np.errstate(under="ignore"):
                                     return np.where(u < -700.0, xexp(x, u, 0.0), x * sigmoid(u))
                             """, uses: ["sigmoid", "expsq"]),
                         "js": .helper("xsigmoid", definition: """
                             /**
                              * x*sigmoid(u); below u = -700, where sigmoid(u) = e^u nears the subnormals (which lose
                              * relative precision), x*e^u scaled past them (xexp).
                              */
                             function xsigmoid(x, u) {
                               return u < -700 ? xexp(x, u, 0) : x * sigmoid(u);
                             }
                             """, uses: ["sigmoid", "expsq"]),
                     ])),
        // u^2/v^2 squares before it divides: u^2 overflows from |u| = 1.3e154 on (inf, or NaN
        // from inf/inf) and underflows below 1.5e-162 where (u/v)^2 is an ordinary number (the
        // normal log-density's ((x - mu)/s)^2, which the canonical form writes as a quotient of
        // squares). The quotient is taken first, with its remainder (q + d = u/v, r = u - q*v
        // exact by FMA), and squared as p + dp: one rounding, where u^2/v^2 rounds three times.
        FunctionSpec(name: "sqratio", arity: .fixed(2), latex: "\\operatorname{sqratio}",
                     ruleText: "d sqratio(u, v) = 2*u/v^2*du - 2*sqratio(u, v)/v*dv", sign: .nonNegative,
                     numeric: .binary(squaredQuotient),
                     partials: { a in [2 * a[0] / sq(a[1]), -2 * call(.sqratio, a[0], a[1]) / a[1]] },
                     special: { a in a[0].isZero ? .zero : a[1] == .one ? sq(a[0]) : nil },
                     code: .helpers(stem: "sqratio", [
                         "c": .helper("sqratio", definition: """
                             /* (u/v)^2 with the quotient taken first (u^2 overflows from |u| = 1.3e154 on) and its
                                remainder carried into the square (q + r/v = u/v, q^2 = p + dp by FMA): one rounding. */
                             static double sqratio(double u, double v)
                             {
                                 const double q = u / v;
                                 const double p = q * q;
                                 const double dp = fma(q, q, -p) + 2.0 * q * (fma(-q, v, u) / v);
                                 return isfinite(dp) ? p + dp : p;
                             }
                             """),
                         "swift": .helper("sqratio", definition: """
                             /// (u/v)^2 with the quotient taken first (u^2 overflows from |u| = 1.3e154 on) and its
                             /// remainder carried into the square (q + r/v = u/v, q^2 = p + dp by FMA): one rounding.
                             private func sqratio(_ u: Double, _ v: Double) -> Double {
                                 let q = u / v
                                 let p = q * q
                                 let dp = fma(q, q, -p) + 2 * q * (fma(-q, v, u) / v)
                                 return dp.isFinite ? p + dp : p
                             }
                             """),
                         "python": .helper("sqratio", definition: """
                             def sqratio(u, v):
                                 \"\"\"(u/v)^2 with the quotient taken first (u^2 overflows from |u| = 1.3e154 on) and its
                                 remainder carried into the square (q + r/v = u/v, q^2 = p + dp, Dekker's products).\"\"\"
                                 q = u / v
                                 p = q * q
                                 qv = q * v
                                 dp = product_error(q, q, p) + 2.0 * q * (((u - qv) - product_error(q, v, qv)) / v)
                                 return p + dp if math.isfinite(dp) else p
                             """, uses: ["expsq"]),
                         "numpy": .helper("sqratio", definition: """
                             def sqratio(u, v):
                                 \"\"\"(u/v)^2 elementwise with the quotient taken first (u^2 overflows from |u| = 1.3e154 on)
                                 and its remainder carried into the square (q + r/v = u/v, q^2 = p + dp, Dekker's products).\"\"\"
                                 with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                                     q = np.divide(u, v)
                                     p = q * q
                                     qv = q * v
                                     dp = product_error(q, q, p) + 2.0 * q * (((u - qv) - product_error(q, v, qv)) / v)
                                     return np.where(np.isfinite(dp), p + dp, p)
                             """, uses: ["expsq"]),
                         "js": .helper("sqratio", definition: """
                             /**
                              * (u/v)^2 with the quotient taken first (u^2 overflows from |u| = 1.3e154 on) and its
                              * remainder carried into the square (q + r/v = u/v, q^2 = p + dp, Dekker's products).
                              */
                             function sqratio(u, v) {
                               const q = u / v, p = q * q, qv = q * v;
                               const dp = productError(q, q, p) + 2 * q * (((u - qv) - productError(q, v, qv)) / v);
                               return Number.isFinite(dp) ? p + dp : p;
                             }
                             """, uses: ["expsq"]),
                     ])),
        // u^2/v^3 as sqratio(u, v)/v overflows in sqratio before the division where the result is
        // finite (the normal log-density's d/ds, (x - mu)^2/s^3, at x - mu = 1.3e165, s = 1.1e8:
        // (u/v)^2 = 1.4e314, the result 1.27e306). As (u/v)*(u/v^2), each factor lies between u/v
        // and the result, so neither overflows (nor underflows) unless the result does; both
        // quotients carry their remainders (exact by FMA) into the product: one rounding.
        FunctionSpec(name: "sqratio3", arity: .fixed(2), latex: "\\operatorname{sqratio3}",
                     ruleText: "d sqratio3(u, v) = 2*u/v^3*du - 3*sqratio3(u, v)/v*dv",
                     numeric: .binary(squareOverCube),
                     partials: { a in [2 * a[0] / (a[1] * sq(a[1])), -3 * call(.sqratio3, a[0], a[1]) / a[1]] },
                     special: { a in a[0].isZero ? .zero : a[1] == .one ? sq(a[0]) : nil },
                     code: .helpers(stem: "sqratio3", [
                         "c": .helper("sqratio3", definition: """
                             /* u^2/v^3 as (u/v)*(u/v^2): (u/v)^2 overflows before the division by v where the result is
                                finite (u = 1.3e165, v = 1.1e8); both quotients carry their remainders (FMA) into the
                                product p + dp: one rounding. */
                             static double sqratio3(double u, double v)
                             {
                                 const double q = u / v, dq = fma(-q, v, u) / v;
                                 const double t = q / v, dt = (fma(-t, v, q) + dq) / v;
                                 const double p = q * t;
                                 const double dp = fma(q, t, -p) + q * dt + dq * t;
                                 return isfinite(dp) ? p + dp : p;
                             }
                             """),
                         "swift": .helper("sqratio3", definition: """
                             /// u^2/v^3 as (u/v)*(u/v^2): (u/v)^2 overflows before the division by v where the result is
                             /// finite (u = 1.3e165, v = 1.1e8); both quotients carry their remainders (FMA) into the
                             /// product p + dp: one rounding.
                             private func sqratio3(_ u: Double, _ v: Double) -> Double {
                                 let q = u / v, dq = fma(-q, v, u) / v
                                 let t = q / v, dt = (fma(-t, v, q) + dq) / v
                                 let p = q * t
                                 let dp = fma(q, t, -p) + q * dt + dq * t
                                 return dp.isFinite ? p + dp : p
                             }
                             """),
                         "python": .helper("sqratio3", definition: """
                             def sqratio3(u, v):
                                 \"\"\"u^2/v^3 as (u/v)*(u/v^2): (u/v)^2 overflows before the division by v where the result
                                 is finite (u = 1.3e165, v = 1.1e8); both quotients carry their remainders (Dekker's
                                 products) into the product p + dp: one rounding.\"\"\"
                                 q = u / v
                                 qv = q * v
                                 dq = ((u - qv) - product_error(q, v, qv)) / v
                                 t = q / v
                                 tv = t * v
                                 dt = (((q - tv) - product_error(t, v, tv)) + dq) / v
                                 p = q * t
                                 dp = product_error(q, t, p) + q * dt + dq * t
                                 return p + dp if math.isfinite(dp) else p
                             """, uses: ["expsq"]),
                         "numpy": .helper("sqratio3", definition: """
                             def sqratio3(u, v):
                                 \"\"\"u^2/v^3 elementwise as (u/v)*(u/v^2): (u/v)^2 overflows before the division by v where
                                 the result is finite (u = 1.3e165, v = 1.1e8); both quotients carry their remainders
                                 (Dekker's products) into the product p + dp: one rounding.\"\"\"
                                 with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                                     q = np.divide(u, v)
                                     qv = q * v
                                     dq = ((u - qv) - product_error(q, v, qv)) / v
                                     t = q / v
                                     tv = t * v
                                     dt = (((q - tv) - product_error(t, v, tv)) + dq) / v
                                     p = q * t
                                     dp = product_error(q, t, p) + q * dt + dq * t
                                     return np.where(np.isfinite(dp), p + dp, p)
                             """, uses: ["expsq"]),
                         "js": .helper("sqratio3", definition: """
                             /**
                              * u^2/v^3 as (u/v)*(u/v^2): (u/v)^2 overflows before the division by v where the result is
                              * finite (u = 1.3e165, v = 1.1e8); both quotients carry their remainders (Dekker's products)
                              * into the product p + dp: one rounding.
                              */
                             function sqratio3(u, v) {
                               const q = u / v, qv = q * v, dq = ((u - qv) - productError(q, v, qv)) / v;
                               const t = q / v, tv = t * v, dt = (((q - tv) - productError(t, v, tv)) + dq) / v;
                               const p = q * t, dp = productError(q, t, p) + q * dt + dq * t;
                               return Number.isFinite(dp) ? p + dp : p;
                             }
                             """, uses: ["expsq"]),
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
    ] + rootTwoErrorFunctions
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

/// x*exp(k*u^2) for the arguments (x, u, k), with k*u^2 taken exactly: u^2 = p + q and
/// k*p = a + b' by FMA, b = b' + k*q, and exp(a + b) = exp(a)*(1 + b) up to b^2/2, far below an
/// ulp (`scaledExponential`).
private func scaledExpOfSquare(_ arguments: UnsafePointer<Double>, _ count: Int) -> Double {
    let x = arguments[0], u = arguments[1], k = arguments[2]
    let p = u * u, q = Glibc.fma(u, u, -p)
    let a = k * p
    return scaledExponential(x, a, Glibc.fma(k, p, -a) + k * q)
}

/// x*exp(a + b) for b tiny beside a. Below a = -700, where exp(a) nears the subnormals (which
/// lose relative precision that x would magnify), (m*exp(r))*2^(n - k) with x = m*2^n and
/// a + b = r - k*log(2), log(2) split so that k*log2High is exact and a + k*log2High is too
/// (Sterbenz: the two are within a factor of two): one rounding into the subnormals at most.
/// Below a = -1500, x*exp(a) is below half the least subnormal for every finite x. Where exp(a)
/// or b is not finite (u^2 overflowed), x*exp(a).
private func scaledExponential(_ x: Double, _ a: Double, _ b: Double) -> Double {
    if !(a < -700) {
        let e = Glibc.exp(a)
        return e.isFinite && b.isFinite ? x * (e + e * b) : x * e
    }
    if a < -1500 { return x * 0 }
    let k = (-a / logOfTwo.value).rounded()
    let r = (a + k * logOfTwo.high) + (k * logOfTwo.low + b)
    // x = m*2^n, m = scalbn(x, -n) exactly (Swift's frexp drops the sign of x).
    let n = x.isFinite && x != 0 ? Int(x.exponent) : 0
    return Glibc.scalbn(Glibc.scalbn(x, -n) * Glibc.exp(r), n - Int(k))
}

/// x*exp(-u^2/2)/sqrt(2*pi): u^2 = p + q (FMA), h = -p/2 exact, and h - log(sqrt(2*pi)) = a + b
/// with the constant a double-double (`logRootTwoPi`) and TwoSum: exp(a + b) as `scaledExponential`
/// takes it, so neither the square nor the constant rounds (1/sqrt(2*pi) computed in doubles is
/// up to 1.25 ulps off).
private func scaledNormalDensity(_ x: Double, _ u: Double) -> Double {
    let p = u * u, q = Glibc.fma(u, u, -p), h = -0.5 * p
    let a = h - logRootTwoPi.high, t = a - h
    let b = ((h - (a - t)) + (-logRootTwoPi.high - t)) - 0.5 * q - logRootTwoPi.low
    return scaledExponential(x, a, b)
}

/// log(sqrt(2*pi)) as a double-double: `high` correctly rounded, `low` the rest (mpmath).
private let logRootTwoPi = (high: 0.9189385332046728, low: -3.8782941580672414e-17)

/// sigmoid(z)*(1 - sigmoid(z)) as e/(1 + e)^2, e = exp(-|z|): 1 + e = t + dt (Fast2Sum, 1 >= e)
/// and (1 + e)^2 = p + dp (FMA) exactly enough that only exp and the division round.
private func sigmoidDerivative(_ z: Double) -> Double {
    let e = Glibc.exp(-Swift.abs(z))
    let t = 1 + e, dt = (1 - t) + e
    let p = t * t, dp = Glibc.fma(t, t, -p) + 2 * t * dt
    let r = e / p
    return r - r * (dp / p)
}

/// x*sigmoid(u); below u = -700, where sigmoid(u) is e^u to 1e-304 and nears the subnormals,
/// x*e^u scaled past them (`scaledExponential`).
private func scaledSigmoid(_ x: Double, _ u: Double) -> Double {
    u < -700 ? scaledExponential(x, u, 0) : x * stableSigmoid(u)
}

/// (u/v)^2 with the quotient taken first: q = u/v, r = u - q*v exactly (FMA; the remainder of a
/// rounded quotient is a double), so q + r/v is u/v to about 2^-106, and its square is p + dp with
/// q^2 = p + fma(q, q, -p) and 2*q*(r/v) the first-order term (its square is below 2^-106 too):
/// only p + dp rounds. Where the correction is not finite (q or v overflowed, v = 0), p.
private func squaredQuotient(_ u: Double, _ v: Double) -> Double {
    let q = u / v
    let p = q * q
    let dp = Glibc.fma(q, q, -p) + 2 * q * (Glibc.fma(-q, v, u) / v)
    return dp.isFinite ? p + dp : p
}

/// u^2/v^3 as (u/v)*(u/v^2): q + dq = u/v and t + dt = (q + dq)/v with the remainders exact by
/// FMA, and the product p + dp with q*t = p + fma(q, t, -p) and the first-order terms: only p + dp
/// rounds. Each factor lies between u/v and the result, so none overflows where the result is
/// finite, as (u/v)^2 did before the division by v (1.4e314 at u = 1.3e165, v = 1.1e8, the result
/// 1.27e306). Where the correction is not finite (a factor overflowed, v = 0), p.
private func squareOverCube(_ u: Double, _ v: Double) -> Double {
    let q = u / v, dq = Glibc.fma(-q, v, u) / v
    let t = q / v, dt = (Glibc.fma(-t, v, q) + dq) / v
    let p = q * t
    let dp = Glibc.fma(q, t, -p) + q * dt + dq * t
    return dp.isFinite ? p + dp : p
}

/// log(2), and its split for Cody and Waite's reduction: `high` with 21 trailing zero bits (k*high
/// is exact for |k| < 2^21) and `low` the rest.
private let logOfTwo = (value: 0.6931471805599453, high: 0.6931471803691238, low: 1.9082149292705877e-10)
