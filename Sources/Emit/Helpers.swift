/// Small functions a target lacks, written into the emitted file when the code calls them. Each
/// has the value of the function table's numeric implementation: sigmoid and softplus are the
/// overflow-free forms, relu and heaviside pass NaN through, and heaviside(0) = sign(0) = 0.
enum Helpers {
    /// The definitions the calls in `names` need, in a fixed order (output is deterministic).
    static func definitions(for names: Set<String>, language: CodeLanguage) -> [String] {
        let table = library(language)
        return order.filter { names.contains($0) }.compactMap { table[$0] }
    }

    private static let order = ["sigmoid", "softplus", "relu", "leaky_relu", "heaviside", "sign", "sec", "csc", "cot", "cbrt", "erf"]

    private static func library(_ language: CodeLanguage) -> [String: String] {
        switch language {
        case .c: return c
        case .swift: return swift
        case .python: return python
        case .numpy: return numpy
        case .javascript: return javascript
        case .latex: return [:]
        }
    }

    private static let c: [String: String] = [
        "sigmoid": """
            /* 1/(1 + e^-z), without overflow for large |z|. */
            static double sigmoid(double z)
            {
                if (z >= 0) return 1.0 / (1.0 + exp(-z));
                const double e = exp(z);
                return e / (1.0 + e);
            }
            """,
        "softplus": """
            /* log(1 + e^z), without overflow for large z or cancellation for very negative z. */
            static double softplus(double z) { return fmax(z, 0.0) + log1p(exp(-fabs(z))); }
            """,
        "relu": "static double relu(double z) { return z > 0 ? z : (z <= 0 ? 0.0 : z); }",
        "leaky_relu": "static double leaky_relu(double z, double a) { return z > 0 ? z : z * a; }",
        "heaviside": "static double heaviside(double z) { return z > 0 ? 1.0 : (z <= 0 ? 0.0 : z); }",
        "sign": "static double sign(double z) { return z > 0 ? 1.0 : (z < 0 ? -1.0 : z); }",
        "sec": "static double sec(double z) { return 1.0 / cos(z); }",
        "csc": "static double csc(double z) { return 1.0 / sin(z); }",
        "cot": "static double cot(double z) { return 1.0 / tan(z); }",
    ]

    private static let swift: [String: String] = [
        "sigmoid": """
            /// 1/(1 + e^-z), without overflow for large |z|.
            private func sigmoid(_ z: Double) -> Double {
                if z >= 0 { return 1 / (1 + exp(-z)) }
                let e = exp(z)
                return e / (1 + e)
            }
            """,
        "softplus": """
            /// log(1 + e^z), without overflow for large z or cancellation for very negative z.
            private func softplus(_ z: Double) -> Double { Swift.max(z, 0) + log1p(exp(-Swift.abs(z))) }
            """,
        "relu": "private func relu(_ z: Double) -> Double { z > 0 ? z : (z <= 0 ? 0 : z) }",
        "leaky_relu": "private func leaky_relu(_ z: Double, _ a: Double) -> Double { z > 0 ? z : z * a }",
        "heaviside": "private func heaviside(_ z: Double) -> Double { z > 0 ? 1 : (z <= 0 ? 0 : z) }",
        "sign": "private func sign(_ z: Double) -> Double { z > 0 ? 1 : (z < 0 ? -1 : z) }",
        "sec": "private func sec(_ z: Double) -> Double { 1 / cos(z) }",
        "csc": "private func csc(_ z: Double) -> Double { 1 / sin(z) }",
        "cot": "private func cot(_ z: Double) -> Double { 1 / tan(z) }",
    ]

    private static let python: [String: String] = [
        "sigmoid": """
            def sigmoid(z):
                \"\"\"1/(1 + e^-z), without overflow for large |z|.\"\"\"
                if z >= 0:
                    return 1.0 / (1.0 + math.exp(-z))
                e = math.exp(z)
                return e / (1.0 + e)
            """,
        "softplus": """
            def softplus(z):
                \"\"\"log(1 + e^z), without overflow for large z or cancellation for very negative z.\"\"\"
                return max(z, 0.0) + math.log1p(math.exp(-abs(z)))
            """,
        "relu": "def relu(z):\n    return z if z > 0 or z != z else 0.0",
        "leaky_relu": "def leaky_relu(z, a):\n    return z if z > 0 else z * a",
        "heaviside": "def heaviside(z):\n    return 1.0 if z > 0 else (0.0 if z <= 0 else z)",
        "sign": "def sign(z):\n    return 1.0 if z > 0 else (-1.0 if z < 0 else z)",
        "sec": "def sec(z):\n    return 1.0 / math.cos(z)",
        "csc": "def csc(z):\n    return 1.0 / math.sin(z)",
        "cot": "def cot(z):\n    return 1.0 / math.tan(z)",
        "cbrt": "def cbrt(z):\n    return math.copysign(abs(z) ** (1.0 / 3.0), z)",
    ]

    private static let numpy: [String: String] = [
        "sigmoid": """
            def sigmoid(z):
                \"\"\"1/(1 + e^-z), without overflow for large |z|.\"\"\"
                e = np.exp(-np.abs(z))
                return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
            """,
        "softplus": """
            def softplus(z):
                \"\"\"log(1 + e^z), without overflow for large z or cancellation for very negative z.\"\"\"
                return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
            """,
        "relu": "def relu(z):\n    return np.where(z <= 0, 0.0, z)",
        "leaky_relu": "def leaky_relu(z, a):\n    return np.where(z > 0, z, z * a)",
        "heaviside": "def heaviside(z):\n    return np.heaviside(z, 0.0)",
        "sec": "def sec(z):\n    return 1.0 / np.cos(z)",
        "csc": "def csc(z):\n    return 1.0 / np.sin(z)",
        "cot": "def cot(z):\n    return 1.0 / np.tan(z)",
        "erf": "# NumPy has no erf; math.erf elementwise.\nerf = np.vectorize(math.erf, otypes=[float])",
    ]

    private static let javascript: [String: String] = [
        "sigmoid": """
            /** 1/(1 + e^-z), without overflow for large |z|. */
            function sigmoid(z) {
              if (z >= 0) return 1 / (1 + Math.exp(-z));
              const e = Math.exp(z);
              return e / (1 + e);
            }
            """,
        "softplus": """
            /** log(1 + e^z), without overflow for large z or cancellation for very negative z. */
            function softplus(z) {
              return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            }
            """,
        "relu": "function relu(z) {\n  return z > 0 ? z : (z <= 0 ? 0 : z);\n}",
        "leaky_relu": "function leaky_relu(z, a) {\n  return z > 0 ? z : z * a;\n}",
        "heaviside": "function heaviside(z) {\n  return z > 0 ? 1 : (z <= 0 ? 0 : z);\n}",
        "sec": "function sec(z) {\n  return 1 / Math.cos(z);\n}",
        "csc": "function csc(z) {\n  return 1 / Math.sin(z);\n}",
        "cot": "function cot(z) {\n  return 1 / Math.tan(z);\n}",
        "erf": """
            /**
             * The error function, to about 1e-15 (JavaScript's Math has none). For |z| < 3 the series
             * 2/sqrt(pi)*exp(-z^2)*sum_k (2z^2)^k z/(1*3*...*(2k+1)), whose terms are all positive (no
             * cancellation); beyond, 1 - erfc(z) with erfc from its continued fraction.
             */
            function erf(z) {
              const a = Math.abs(z);
              if (a === Infinity) return Math.sign(z);
              if (a >= 3) {
                let f = a;
                for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
                return Math.sign(z) * (1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f));
              }
              let term = a, sum = a;
              for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
                term *= (2 * a * a) / (2 * k + 1);
                sum += term;
              }
              return Math.sign(z) * (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
            }
            """,
    ]
}
