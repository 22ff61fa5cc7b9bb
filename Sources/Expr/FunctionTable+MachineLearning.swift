import Glibc

extension FunctionTable {
    static let machineLearning: [FunctionSpec] = [
        FunctionSpec(name: "sigmoid", latex: "\\sigma", ruleText: "d/du sigmoid(u) = sigmoid(u)*(1 - sigmoid(u))", sign: .positive,
                     numeric: .unary(stableSigmoid),
                     partials: { a in let s = call(.sigmoid, a[0]); return [s * (1 - s)] },
                     special: { a in a[0].isZero ? .half : nil },
                     code: .helpers(stem: "sig", [
                         "c": .helper("sigmoid", definition: """
                             /* 1/(1 + e^-z), without overflow for large |z|. */
                             static double sigmoid(double z)
                             {
                                 if (z >= 0) return 1.0 / (1.0 + exp(-z));
                                 const double e = exp(z);
                                 return e / (1.0 + e);
                             }
                             """),
                         "swift": .helper("sigmoid", definition: """
                             /// 1/(1 + e^-z), without overflow for large |z|.
                             private func sigmoid(_ z: Double) -> Double {
                                 if z >= 0 { return 1 / (1 + exp(-z)) }
                                 let e = exp(z)
                                 return e / (1 + e)
                             }
                             """),
                         "python": .helper("sigmoid", definition: """
                             def sigmoid(z):
                                 \"\"\"1/(1 + e^-z), without overflow for large |z|.\"\"\"
                                 if z >= 0:
                                     return 1.0 / (1.0 + math.exp(-z))
                                 e = math.exp(z)
                                 return e / (1.0 + e)
                             """),
                         "numpy": .helper("sigmoid", definition: """
                             def sigmoid(z):
                                 \"\"\"1/(1 + e^-z), without overflow for large |z|.\"\"\"
                                 e = np.exp(-np.abs(z))
                                 return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
                             """),
                         "js": .helper("sigmoid", definition: """
                             /** 1/(1 + e^-z), without overflow for large |z|. */
                             function sigmoid(z) {
                               if (z >= 0) return 1 / (1 + Math.exp(-z));
                               const e = Math.exp(z);
                               return e / (1 + e);
                             }
                             """),
                     ])),
        FunctionSpec(name: "softplus", latex: "\\operatorname{softplus}", ruleText: "d/du softplus(u) = sigmoid(u)", sign: .positive,
                     numeric: .unary(stableSoftplus), partials: { [call(.sigmoid, $0[0])] },
                     code: .helpers(stem: "sp", [
                         "c": .helper("softplus", definition: """
                             /* log(1 + e^z), without overflow for large z or cancellation for very negative z. */
                             static double softplus(double z) { return fmax(z, 0.0) + log1p(exp(-fabs(z))); }
                             """),
                         "swift": .helper("softplus", definition: """
                             /// log(1 + e^z), without overflow for large z or cancellation for very negative z.
                             private func softplus(_ z: Double) -> Double { Swift.max(z, 0) + log1p(exp(-Swift.abs(z))) }
                             """),
                         "python": .helper("softplus", definition: """
                             def softplus(z):
                                 \"\"\"log(1 + e^z), without overflow for large z or cancellation for very negative z.\"\"\"
                                 return max(z, 0.0) + math.log1p(math.exp(-abs(z)))
                             """),
                         "numpy": .helper("softplus", definition: """
                             def softplus(z):
                                 \"\"\"log(1 + e^z), without overflow for large z or cancellation for very negative z.\"\"\"
                                 return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
                             """),
                         "js": .helper("softplus", definition: """
                             /** log(1 + e^z), without overflow for large z or cancellation for very negative z. */
                             function softplus(z) {
                               return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
                             }
                             """),
                     ])),
        FunctionSpec(name: "relu", latex: "\\operatorname{relu}", ruleText: "d/du relu(u) = heaviside(u)",
                     convention: "relu'(0) = heaviside(0) = 0", sign: .nonNegative,
                     numeric: .unary { $0 > 0 ? $0 : $0 <= 0 ? 0 : .nan }, partials: { [call(.heaviside, $0[0])] },
                     special: { a in
                         if let r = a[0].rationalValue { return r.isNegative ? .zero : a[0] }
                         return a[0].isKnownNonNegative ? a[0] : nil
                     },
                     code: .helpers(stem: "relu", [
                         "c": .helper("relu", definition: "static double relu(double z) { return z > 0 ? z : (z <= 0 ? 0.0 : z); }"),
                         "swift": .helper("relu", definition: "private func relu(_ z: Double) -> Double { z > 0 ? z : (z <= 0 ? 0 : z) }"),
                         "python": .helper("relu", definition: "def relu(z):\n    return z if z > 0 or z != z else 0.0"),
                         "numpy": .helper("relu", definition: "def relu(z):\n    return np.where(z <= 0, 0.0, z)"),
                         "js": .helper("relu", definition: "function relu(z) {\n  return z > 0 ? z : (z <= 0 ? 0 : z);\n}"),
                     ])),
        FunctionSpec(name: "leaky_relu", arity: .optional(required: 1, defaults: [Rational(1, 100)]), latex: "\\operatorname{leaky\\_relu}",
                     ruleText: "d/du leaky_relu(u, a) = a + (1 - a)*heaviside(u); d/da = min(u, 0)",
                     convention: "leaky_relu'(0) = a, the slope on the left",
                     numeric: .binary { $0 > 0 ? $0 : $0 * $1 },
                     partials: { a in [a[1] + (1 - a[1]) * call(.heaviside, a[0]), call(.min, a[0], .zero)] },
                     special: { a in
                         if let r = a[0].rationalValue { return r.isNegative ? a[0] * a[1] : a[0] }
                         return a[1] == .one ? a[0] : nil
                     },
                     code: .helpers(stem: "lrelu", [
                         "c": .helper("leaky_relu", definition: "static double leaky_relu(double z, double a) { return z > 0 ? z : z * a; }"),
                         "swift": .helper("leaky_relu", definition: "private func leaky_relu(_ z: Double, _ a: Double) -> Double { z > 0 ? z : z * a }"),
                         "python": .helper("leaky_relu", definition: "def leaky_relu(z, a):\n    return z if z > 0 else z * a"),
                         "numpy": .helper("leaky_relu", definition: "def leaky_relu(z, a):\n    return np.where(z > 0, z, z * a)"),
                         "js": .helper("leaky_relu", definition: "function leaky_relu(z, a) {\n  return z > 0 ? z : z * a;\n}"),
                     ])),
        FunctionSpec(name: "silu", latex: "\\operatorname{SiLU}", ruleText: "d/du silu(u) = sigmoid(u)*(1 + u*(1 - sigmoid(u)))",
                     numeric: .unary(stableSilu),
                     partials: { a in let s = call(.sigmoid, a[0]); return [s * (1 + a[0] * (1 - s))] },
                     special: { a in a[0].isZero ? .zero : nil },
                     code: .helpers(stem: "silu", [
                         "c": .helper("silu", definition: """
                             /* z*sigmoid(z), without overflow for large |z|. */
                             static double silu(double z)
                             {
                                 if (z >= 0) return z / (1.0 + exp(-z));
                                 const double e = exp(z);
                                 return z * e / (1.0 + e);
                             }
                             """),
                         "swift": .helper("silu", definition: """
                             /// z*sigmoid(z), without overflow for large |z|.
                             private func silu(_ z: Double) -> Double {
                                 if z >= 0 { return z / (1 + exp(-z)) }
                                 let e = exp(z)
                                 return z * e / (1 + e)
                             }
                             """),
                         "python": .helper("silu", definition: """
                             def silu(z):
                                 \"\"\"z*sigmoid(z), without overflow for large |z|.\"\"\"
                                 if z >= 0:
                                     return z / (1.0 + math.exp(-z))
                                 e = math.exp(z)
                                 return z * e / (1.0 + e)
                             """),
                         "numpy": .helper("silu", definition: """
                             def silu(z):
                                 \"\"\"z*sigmoid(z), without overflow for large |z|.\"\"\"
                                 e = np.exp(-np.abs(z))
                                 return z * np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
                             """),
                         "js": .helper("silu", definition: """
                             /** z*sigmoid(z), without overflow for large |z|. */
                             function silu(z) {
                               if (z >= 0) return z / (1 + Math.exp(-z));
                               const e = Math.exp(z);
                               return z * e / (1 + e);
                             }
                             """),
                     ])),
        FunctionSpec(name: "gelu", latex: "\\operatorname{GELU}",
                     ruleText: "d/du gelu(u) = (1 + erf(u/sqrt(2)))/2 + u*exp(-u^2/2)/sqrt(2*pi)",
                     numeric: .unary(accurateGelu),
                     partials: { a in
                         let u = a[0]
                         return [(1 + call(.erf, u * rsqrt(.two))) / 2 + u * call(.exp, -sq(u) / 2) * rsqrt(2 * .pi)]
                     },
                     special: { a in a[0].isZero ? .zero : nil },
                     code: .helpers(stem: "gelu", [
                         "c": .helper("gelu", definition: """
                             /* z*Phi(z), the exact GELU, to about an ulp: beyond +-40 z or -0; below -20 -phi(z) times the
                                asymptotic series of Mills' ratio, phi of the exact z^2 = p + q; else z/2*erfc(t + dt) with
                                t + dt = -z/sqrt(2) exactly (the rounding of t is magnified about 2t^2 times by erfc). */
                             static double gelu(double z)
                             {
                                 if (z > 40) return z;
                                 if (z < -40) return -0.0;
                                 if (z < -20) {
                                     const double p = z * z, q = fma(z, z, -p), w = 1.0 / p;
                                     double s = 1.0;
                                     for (int k = 19; k >= 1; k -= 2) s = 1.0 - k * w * s;
                                     const double h = exp(-0.5 * p) * (0.3989422804014327 * s);
                                     return -(h - h * 0.5 * q);
                                 }
                                 const double t = -(z * 0.7071067811865476);
                                 const double dt = -(fma(z, 0.7071067811865476, t) + z * -4.833646656726457e-17);
                                 return 0.5 * z * (erfc(t) - 1.1283791670955126 * exp(-t * t) * dt);
                             }
                             """),
                         "swift": .helper("gelu", definition: """
                             /// z*Phi(z), the exact GELU, to about an ulp: beyond ±40 z or -0; below -20 -phi(z) times the
                             /// asymptotic series of Mills' ratio, phi of the exact z^2 = p + q; else z/2*erfc(t + dt) with
                             /// t + dt = -z/sqrt(2) exactly (the rounding of t is magnified about 2t^2 times by erfc).
                             private func gelu(_ z: Double) -> Double {
                                 if z > 40 { return z }
                                 if z < -40 { return -0.0 }
                                 if z < -20 {
                                     let p = z * z, q = fma(z, z, -p), w = 1 / p
                                     var s = 1.0
                                     for k in stride(from: 19.0, through: 1, by: -2) { s = 1 - k * w * s }
                                     let h = exp(-0.5 * p) * (0.3989422804014327 * s)
                                     return -(h - h * 0.5 * q)
                                 }
                                 let t = -(z * 0.7071067811865476)
                                 let dt = -(fma(z, 0.7071067811865476, t) + z * -4.833646656726457e-17)
                                 return 0.5 * z * (erfc(t) - 1.1283791670955126 * exp(-t * t) * dt)
                             }
                             """),
                         "python": .helper("gelu", definition: """
                             def gelu(z):
                                 \"\"\"z*Phi(z), the exact GELU, to about an ulp: beyond +-40 z or -0; below -20 -phi(z) times the
                                 asymptotic series of Mills' ratio, phi of the exact z^2 = p + q; else z/2*erfc(t + dt) with
                                 t + dt = -z/sqrt(2) exactly (the rounding of t is magnified about 2t^2 times by erfc).\"\"\"
                                 if z > 40:
                                     return z
                                 if z < -40:
                                     return -0.0
                                 if z < -20:
                                     p = z * z
                                     q = product_error(z, z, p)
                                     w = 1.0 / p
                                     s = 1.0
                                     for k in range(19, 0, -2):
                                         s = 1.0 - k * w * s
                                     h = math.exp(-0.5 * p) * (0.3989422804014327 * s)
                                     return -(h - h * 0.5 * q)
                                 t = -(z * 0.7071067811865476)
                                 dt = -(product_error(z, 0.7071067811865476, -t) + z * -4.833646656726457e-17)
                                 return 0.5 * z * (math.erfc(t) - 1.1283791670955126 * math.exp(-t * t) * dt)
                             """, uses: ["expsq"]),
                         "numpy": .helper("gelu", definition: """
                             def gelu(z):
                                 \"\"\"z*Phi(z) elementwise, the exact GELU, to about an ulp: beyond +-40 z or -0; below -20 -phi(z)
                                 times the asymptotic series of Mills' ratio, phi of the exact z^2 = p + q; else z/2*erfc(t + dt)
                                 with t + dt = -z/sqrt(2) exactly (the rounding of t is magnified about 2t^2 times by erfc).\"\"\"
                                 z = np.asarray(z, dtype=float)
                                 with np.errstate(all="ignore"):
                                     y = np.clip(z, -40.0, 40.0)
                                     p = y * y
                                     q = product_error(y, y, p)
                                     w = 1.0 / p
                                     s = np.ones_like(y)
                                     for k in range(19, 0, -2):
                                         s = 1.0 - k * w * s
                                     h = np.exp(-0.5 * p) * (0.3989422804014327 * s)
                                     tail = -(h - h * 0.5 * q)
                                     t = -(y * 0.7071067811865476)
                                     dt = -(product_error(y, 0.7071067811865476, -t) + y * -4.833646656726457e-17)
                                     body = 0.5 * y * (erfc(t) - 1.1283791670955126 * np.exp(-t * t) * dt)
                                     return np.where(z > 40, z, np.where(z < -40, -0.0, np.where(z < -20, tail, body)))
                             """, uses: ["erfc", "expsq"]),
                         "js": .helper("gelu", definition: """
                             /**
                              * z*Phi(z), the exact GELU, to about an ulp: beyond ±40 z or -0; below -20 -phi(z) times the
                              * asymptotic series of Mills' ratio, phi of the exact z^2 = p + q; else z/2*erfc(t + dt) with
                              * t + dt = -z/sqrt(2) exactly (the rounding of t is magnified about 2t^2 times by erfc).
                              */
                             function gelu(z) {
                               if (z > 40) return z;
                               if (z < -40) return -0;
                               if (z < -20) {
                                 const p = z * z, q = productError(z, z, p), w = 1 / p;
                                 let s = 1;
                                 for (let k = 19; k >= 1; k -= 2) s = 1 - k * w * s;
                                 const h = Math.exp(-0.5 * p) * (0.3989422804014327 * s);
                                 return -(h - h * 0.5 * q);
                               }
                               const t = -(z * 0.7071067811865476);
                               const dt = -(productError(z, 0.7071067811865476, -t) + z * -4.833646656726457e-17);
                               return 0.5 * z * (erfc(t) - 1.1283791670955126 * Math.exp(-t * t) * dt);
                             }
                             """, uses: ["erfc", "expsq"]),
                     ])),
        FunctionSpec(name: "logsumexp", arity: .variadic(atLeast: 1), latex: "\\operatorname{logsumexp}",
                     ruleText: "d logsumexp(a, b, ...) = exp(a - logsumexp(a, b, ...))*da + exp(b - logsumexp(a, b, ...))*db + ...",
                     numeric: .variadic(stableLogSumExp),
                     partials: { a in
                         let total = Expr.apply(.logsumexp, a)
                         return a.map { call(.exp, $0 - total) }
                     },
                     special: { a in
                         // logsumexp(u) = u; logsumexp(u, u, …) = u + log(n).
                         if a.dropFirst().allSatisfy({ $0 == a[0] }) { return a.count == 1 ? a[0] : a[0] + call(.log, num(a.count)) }
                         return nil
                     },
                     code: .helpers(stem: "lse", [
                         // C has no variadic calls of doubles: the call passes the count and an array.
                         "c": .helper("logsumexp", definition: """
                             /* log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow),
                                each shifted exponential of the exact difference (expdiff). */
                             static double logsumexp(int n, const double *z)
                             {
                                 int k = 0;
                                 for (int i = 0; i < n; i++) {
                                     if (z[i] != z[i]) return z[i];
                                     if (z[i] > z[k]) k = i;
                                 }
                                 if (isinf(z[k])) return z[k];
                                 double s = 0.0;
                                 for (int i = 0; i < n; i++) if (i != k) s += expdiff(z[i], z[k]);
                                 return z[k] + log1p(s);
                             }
                             """, uses: ["expdiff"]),
                         "swift": .helper("logsumexp", definition: """
                             /// log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow),
                             /// each shifted exponential of the exact difference (expdiff).
                             private func logsumexp(_ z: Double...) -> Double {
                                 var k = 0
                                 for i in z.indices {
                                     if z[i].isNaN { return z[i] }
                                     if z[i] > z[k] { k = i }
                                 }
                                 if z[k].isInfinite { return z[k] }
                                 var s = 0.0
                                 for i in z.indices where i != k { s += expdiff(z[i], z[k]) }
                                 return z[k] + log1p(s)
                             }
                             """, uses: ["expdiff"]),
                         "python": .helper("logsumexp", definition: """
                             def logsumexp(*z):
                                 \"\"\"log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow),
                                 each shifted exponential of the exact difference (expdiff).\"\"\"
                                 if any(v != v for v in z):
                                     return math.nan
                                 k = max(range(len(z)), key=lambda i: z[i])
                                 if math.isinf(z[k]):
                                     return z[k]
                                 return z[k] + math.log1p(sum(expdiff(v, z[k]) for i, v in enumerate(z) if i != k))
                             """, uses: ["expdiff"]),
                         "numpy": .helper("logsumexp", definition: """
                             def logsumexp(*z):
                                 \"\"\"log(exp(z[0]) + ... + exp(z[n-1])) elementwise, with the largest argument shifted out,
                                 each shifted exponential of the exact difference (expdiff).\"\"\"
                                 z = np.array(np.broadcast_arrays(*z), dtype=float)
                                 k = np.argmax(z, axis=0)[np.newaxis]
                                 m = np.take_along_axis(z, k, axis=0)[0]
                                 e = expdiff(z, np.where(np.isfinite(m), m, 0.0))
                                 np.put_along_axis(e, k, 0.0, axis=0)
                                 return np.where(np.isfinite(m), m + np.log1p(e.sum(axis=0)), m)
                             """, uses: ["expdiff"]),
                         "js": .helper("logsumexp", definition: """
                             /**
                              * log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow),
                              * each shifted exponential of the exact difference (expdiff).
                              */
                             function logsumexp(...z) {
                               let k = 0;
                               for (let i = 0; i < z.length; i++) {
                                 if (Number.isNaN(z[i])) return NaN;
                                 if (z[i] > z[k]) k = i;
                               }
                               if (!Number.isFinite(z[k])) return z[k];
                               let s = 0;
                               for (let i = 0; i < z.length; i++) if (i !== k) s += expdiff(z[i], z[k]);
                               return z[k] + Math.log1p(s);
                             }
                             """, uses: ["expdiff"]),
                     ])),
        // a - logsumexp(b1, …, bn): the log of a softmax probability (cross-entropy), computed as
        // -((m - a) + log1p(s)) with m the largest b, s the other b's exponentials shifted by m (each
        // of the exact difference, expdiff) and m - a an exact sum. As -logsumexp(b1 - a, …), the
        // rounding of each b - a becomes a relative error of its exponential: 8 bits of the result
        // where the probability is near 1 and the logits are 1000 apart.
        FunctionSpec(name: "logsoftmax", arity: .variadic(atLeast: 2), latex: "\\operatorname{logsoftmax}",
                     ruleText: "d logsoftmax(a, b, ...) = da - exp(b - logsumexp(b, ...))*db - ...",
                     numeric: .variadic(stableLogSoftmax),
                     partials: { a in
                         let b = Array(a.dropFirst())
                         let total = Expr.apply(.logsumexp, b)
                         return [.one] + b.map { -call(.exp, $0 - total) }
                     },
                     code: .helpers(stem: "lsm", [
                         // C has no variadic calls of doubles: the call passes the count and an array.
                         "c": .helper("logsoftmax", definition: """
                             /* z[0] - log(exp(z[1]) + ... + exp(z[n-1])): -((m - z[0]) + log1p(s)), m the largest of the
                                others, s their exponentials shifted by m (expdiff), m - z[0] as an exact sum. */
                             static double logsoftmax(int n, const double *z)
                             {
                                 int k = 1;
                                 for (int i = 0; i < n; i++) {
                                     if (z[i] != z[i]) return z[i];
                                     if (i > 0 && z[i] > z[k]) k = i;
                                 }
                                 const double m = z[k], a = z[0], d = m - a;
                                 if (!isfinite(m) || !isfinite(a) || !isfinite(d)) return a - m;
                                 double s = 0.0;
                                 for (int i = 1; i < n; i++) if (i != k) s += expdiff(z[i], m);
                                 const double t = d - m;
                                 const double r = (m - (d - t)) - (a + t);
                                 return -(d + (r + log1p(s)));
                             }
                             """, uses: ["expdiff"]),
                         "swift": .helper("logsoftmax", definition: """
                             /// z[0] - log(exp(z[1]) + ... + exp(z[n-1])): -((m - z[0]) + log1p(s)), m the largest of the
                             /// others, s their exponentials shifted by m (expdiff), m - z[0] as an exact sum.
                             private func logsoftmax(_ z: Double...) -> Double {
                                 var k = 1
                                 for i in z.indices {
                                     if z[i].isNaN { return z[i] }
                                     if i > 0 && z[i] > z[k] { k = i }
                                 }
                                 let m = z[k], a = z[0], d = m - a
                                 if !m.isFinite || !a.isFinite || !d.isFinite { return a - m }
                                 var s = 0.0
                                 for i in 1..<z.count where i != k { s += expdiff(z[i], m) }
                                 let t = d - m
                                 let r = (m - (d - t)) - (a + t)
                                 return -(d + (r + log1p(s)))
                             }
                             """, uses: ["expdiff"]),
                         "python": .helper("logsoftmax", definition: """
                             def logsoftmax(a, *b):
                                 \"\"\"a - log(exp(b[0]) + ...): -((m - a) + log1p(s)), m the largest b, s the others'
                                 exponentials shifted by m (expdiff), m - a as an exact sum.\"\"\"
                                 if a != a or any(v != v for v in b):
                                     return math.nan
                                 k = max(range(len(b)), key=lambda i: b[i])
                                 m = b[k]
                                 d = m - a
                                 if not (math.isfinite(m) and math.isfinite(a) and math.isfinite(d)):
                                     return a - m
                                 s = sum(expdiff(v, m) for i, v in enumerate(b) if i != k)
                                 t = d - m
                                 r = (m - (d - t)) - (a + t)
                                 return -(d + (r + math.log1p(s)))
                             """, uses: ["expdiff"]),
                         "numpy": .helper("logsoftmax", definition: """
                             def logsoftmax(a, *b):
                                 \"\"\"a - log(exp(b[0]) + ...) elementwise: -((m - a) + log1p(s)), m the largest b, s the others'
                                 exponentials shifted by m (expdiff), m - a as an exact sum.\"\"\"
                                 b = np.array(np.broadcast_arrays(a, *b)[1:], dtype=float)
                                 a = np.broadcast_to(np.asarray(a, dtype=float), b.shape[1:])
                                 k = np.argmax(b, axis=0)[np.newaxis]
                                 m = np.take_along_axis(b, k, axis=0)[0]
                                 with np.errstate(over="ignore", invalid="ignore"):
                                     d = m - a
                                     finite = np.isfinite(m) & np.isfinite(a) & np.isfinite(d)
                                     m0, a0, d0 = (np.where(finite, v, 0.0) for v in (m, a, d))
                                     e = expdiff(b, m0)
                                     np.put_along_axis(e, k, 0.0, axis=0)
                                     t = d0 - m0
                                     r = (m0 - (d0 - t)) - (a0 + t)
                                     return np.where(finite, -(d0 + (r + np.log1p(e.sum(axis=0)))), a - m)
                             """, uses: ["expdiff"]),
                         "js": .helper("logsoftmax", definition: """
                             /**
                              * a - log(exp(b[0]) + ...): -((m - a) + log1p(s)), m the largest b, s the others'
                              * exponentials shifted by m (expdiff), m - a as an exact sum.
                              */
                             function logsoftmax(a, ...b) {
                               if (Number.isNaN(a)) return NaN;
                               let k = 0;
                               for (let i = 0; i < b.length; i++) {
                                 if (Number.isNaN(b[i])) return NaN;
                                 if (b[i] > b[k]) k = i;
                               }
                               const m = b[k], d = m - a;
                               if (!Number.isFinite(m) || !Number.isFinite(a) || !Number.isFinite(d)) return a - m;
                               let s = 0;
                               for (let i = 0; i < b.length; i++) if (i !== k) s += expdiff(b[i], m);
                               const t = d - m;
                               const r = (m - (d - t)) - (a + t);
                               return -(d + (r + Math.log1p(s)));
                             }
                             """, uses: ["expdiff"]),
                     ])),
    ]
}

/// `z[0] - logsumexp(z[1], …, z[n-1])` as -((m - z[0]) + log1p(s)): m the largest of the others,
/// s the sum of their exponentials shifted by m, each of the exact difference
/// (`expDifference`), and m - z[0] taken exactly (TwoSum, d + r). NaN in, NaN out; where m,
/// z[0] or their difference is not finite, z[0] - m.
private func stableLogSoftmax(_ arguments: UnsafePointer<Double>, _ count: Int) -> Double {
    let z = UnsafeBufferPointer(start: arguments, count: count)
    var k = 1
    for i in z.indices {
        if z[i].isNaN { return z[i] }
        if i > 0, z[i] > z[k] { k = i }
    }
    let m = z[k], a = z[0], d = m - a
    if !m.isFinite || !a.isFinite || !d.isFinite { return a - m }
    var s = 0.0
    for i in 1..<count where i != k { s += expDifference(z[i], m) }
    let t = d - m
    let r = (m - (d - t)) - (a + t)
    return -(d + (r + Glibc.log1p(s)))
}

/// `z*Phi(z)` (Phi the normal distribution function), the exact GELU, to about an ulp.
/// - Beyond 40, z; below -40, -0 (the value rounds to them).
/// - Below -20, -phi(z)*S(1/z^2) with S the asymptotic series of Mills' ratio, 1 - w + 3w^2 -
///   15w^3 + … (ten terms, to 3e-19 at z = -20), and phi(z) = exp(-z^2/2)/sqrt(2*pi) of the exact
///   z^2 = p + q: z/2*erfc(t) would multiply an erfc that is subnormal from z = -37.5 on (and has
///   lost its relative precision there) by |z|/2, 9 ulps at z = -38.4.
/// - Else z/2*erfc(t + dt), with t + dt = -z/sqrt(2) exactly (the product's error by FMA, and the
///   error of the constant 1/sqrt(2)): erfc magnifies the relative error of its argument about
///   2t^2 times, 1300 ulps of the result when t = -z/sqrt(2) is merely rounded, at z = -37; the
///   first-order correction is erfc(t) - 2/sqrt(pi)*exp(-t^2)*dt.
/// What stays is the math library's erfc, itself up to about 2.4 ulps off.
private func accurateGelu(_ z: Double) -> Double {
    if z > 40 { return z }
    if z < -40 { return -0.0 }
    if z < -20 {
        let p = z * z, q = Glibc.fma(z, z, -p), w = 1 / p
        var s = 1.0
        for k in stride(from: 19.0, through: 1, by: -2) { s = 1 - k * w * s }
        let h = Glibc.exp(-0.5 * p) * (inverseSquareRootOfTwoPi * s)
        return -(h - h * 0.5 * q)
    }
    let t = -(z * inverseSquareRootOfTwo.high)
    let dt = -(Glibc.fma(z, inverseSquareRootOfTwo.high, t) + z * inverseSquareRootOfTwo.low)
    return 0.5 * z * (Glibc.erfc(t) - twoOverSquareRootOfPi * Glibc.exp(-t * t) * dt)
}

/// 1/sqrt(2) as a double-double: the double closest to it and the rest.
private let inverseSquareRootOfTwo = (high: 0.7071067811865476, low: -4.833646656726457e-17)
/// 1/sqrt(2*pi) and 2/sqrt(pi), the doubles closest to them.
let inverseSquareRootOfTwoPi = 0.3989422804014327, twoOverSquareRootOfPi = 1.1283791670955126

/// `1/(1 + e^-x)` without overflow for large |x|.
func stableSigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Glibc.exp(-x)) }
    let z = Glibc.exp(x)
    return z / (1 + z)
}

/// `log(1 + e^x)` without overflow for large x and without cancellation for very negative x.
private func stableSoftplus(_ x: Double) -> Double {
    Swift.max(x, 0) + Glibc.log1p(Glibc.exp(-Swift.abs(x)))
}

/// `x*sigmoid(x)` without overflow for large |x|.
private func stableSilu(_ x: Double) -> Double {
    if x >= 0 { return x / (1 + Glibc.exp(-x)) }
    let z = Glibc.exp(x)
    return x * z / (1 + z)
}

/// `log(exp(z[0]) + … + exp(z[n-1]))` with the largest argument m shifted out: m + log1p of the
/// sum of exp(z[i] - m) over the others, so nothing overflows and a small sum keeps its digits.
/// Each exp(z[i] - m) is of the exact difference (`expDifference`): of the rounded one, its
/// relative error would be |z[i] - m| times the double precision, which log1p passes on.
/// NaN in, NaN out; an infinite maximum is the result.
private func stableLogSumExp(_ arguments: UnsafePointer<Double>, _ count: Int) -> Double {
    let z = UnsafeBufferPointer(start: arguments, count: count)
    var k = 0
    for i in z.indices {
        if z[i].isNaN { return z[i] }
        if z[i] > z[k] { k = i }
    }
    let m = z[k]
    if m.isInfinite { return m }
    var s = 0.0
    for i in z.indices where i != k { s += expDifference(z[i], m) }
    return m + Glibc.log1p(s)
}
