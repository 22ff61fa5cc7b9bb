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
                     numeric: .unary { 0.5 * $0 * Glibc.erfc(-$0 * inverseSquareRootOfTwo) },
                     partials: { a in
                         let u = a[0]
                         return [(1 + call(.erf, u * rsqrt(.two))) / 2 + u * call(.exp, -sq(u) / 2) * rsqrt(2 * .pi)]
                     },
                     special: { a in a[0].isZero ? .zero : nil },
                     code: .helpers(stem: "gelu", [
                         "c": .helper("gelu", definition: """
                             /* z*Phi(z) = z/2*erfc(-z/sqrt(2)), the exact GELU (erfc: 1 + erf(z/sqrt(2)) cancels for z < 0). */
                             static double gelu(double z) { return 0.5 * z * erfc(-z * 0.7071067811865476); }
                             """),
                         "swift": .helper("gelu", definition: """
                             /// z*Phi(z) = z/2*erfc(-z/sqrt(2)), the exact GELU (erfc: 1 + erf(z/sqrt(2)) cancels for z < 0).
                             private func gelu(_ z: Double) -> Double { 0.5 * z * erfc(-z * 0.7071067811865476) }
                             """),
                         "python": .helper("gelu", definition: """
                             def gelu(z):
                                 \"\"\"z*Phi(z) = z/2*erfc(-z/sqrt(2)), the exact GELU (erfc: 1 + erf(z/sqrt(2)) cancels for z < 0).\"\"\"
                                 return 0.5 * z * math.erfc(-z * 0.7071067811865476)
                             """),
                         "numpy": .helper("gelu", definition: """
                             def gelu(z):
                                 \"\"\"z*Phi(z) = z/2*erfc(-z/sqrt(2)), the exact GELU (erfc: 1 + erf(z/sqrt(2)) cancels for z < 0).\"\"\"
                                 return 0.5 * z * erfc(-z * 0.7071067811865476)
                             """, uses: ["erfc"]),
                         "js": .helper("gelu", definition: """
                             /** z*Phi(z) = z/2*erfc(-z/sqrt(2)), the exact GELU (erfc: 1 + erf(z/sqrt(2)) cancels for z < 0). */
                             function gelu(z) {
                               return 0.5 * z * erfc(-z * 0.7071067811865476);
                             }
                             """, uses: ["erfc"]),
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
                             /* log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow). */
                             static double logsumexp(int n, const double *z)
                             {
                                 int k = 0;
                                 for (int i = 0; i < n; i++) {
                                     if (z[i] != z[i]) return z[i];
                                     if (z[i] > z[k]) k = i;
                                 }
                                 if (isinf(z[k])) return z[k];
                                 double s = 0.0;
                                 for (int i = 0; i < n; i++) if (i != k) s += exp(z[i] - z[k]);
                                 return z[k] + log1p(s);
                             }
                             """),
                         "swift": .helper("logsumexp", definition: """
                             /// log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow).
                             private func logsumexp(_ z: Double...) -> Double {
                                 var k = 0
                                 for i in z.indices {
                                     if z[i].isNaN { return z[i] }
                                     if z[i] > z[k] { k = i }
                                 }
                                 if z[k].isInfinite { return z[k] }
                                 var s = 0.0
                                 for i in z.indices where i != k { s += exp(z[i] - z[k]) }
                                 return z[k] + log1p(s)
                             }
                             """),
                         "python": .helper("logsumexp", definition: """
                             def logsumexp(*z):
                                 \"\"\"log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow).\"\"\"
                                 if any(v != v for v in z):
                                     return math.nan
                                 k = max(range(len(z)), key=lambda i: z[i])
                                 if math.isinf(z[k]):
                                     return z[k]
                                 return z[k] + math.log1p(sum(math.exp(v - z[k]) for i, v in enumerate(z) if i != k))
                             """),
                         "numpy": .helper("logsumexp", definition: """
                             def logsumexp(*z):
                                 \"\"\"log(exp(z[0]) + ... + exp(z[n-1])) elementwise, with the largest argument shifted out.\"\"\"
                                 z = np.array(np.broadcast_arrays(*z), dtype=float)
                                 k = np.argmax(z, axis=0)[np.newaxis]
                                 m = np.take_along_axis(z, k, axis=0)[0]
                                 with np.errstate(over="ignore", invalid="ignore"):
                                     e = np.exp(z - np.where(np.isfinite(m), m, 0.0))
                                 np.put_along_axis(e, k, 0.0, axis=0)
                                 return np.where(np.isfinite(m), m + np.log1p(e.sum(axis=0)), m)
                             """),
                         "js": .helper("logsumexp", definition: """
                             /** log(exp(z[0]) + ... + exp(z[n-1])) with the largest argument shifted out (no overflow). */
                             function logsumexp(...z) {
                               let k = 0;
                               for (let i = 0; i < z.length; i++) {
                                 if (Number.isNaN(z[i])) return NaN;
                                 if (z[i] > z[k]) k = i;
                               }
                               if (!Number.isFinite(z[k])) return z[k];
                               let s = 0;
                               for (let i = 0; i < z.length; i++) if (i !== k) s += Math.exp(z[i] - z[k]);
                               return z[k] + Math.log1p(s);
                             }
                             """),
                     ])),
    ]
}

/// 1/sqrt(2), the double closest to it.
private let inverseSquareRootOfTwo = 0.7071067811865476

/// `1/(1 + e^-x)` without overflow for large |x|.
private func stableSigmoid(_ x: Double) -> Double {
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
    for i in z.indices where i != k { s += Glibc.exp(z[i] - m) }
    return m + Glibc.log1p(s)
}
