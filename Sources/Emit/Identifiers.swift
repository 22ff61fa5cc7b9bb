/// Names in emitted code: every variable, temporary and parameter gets an identifier that is
/// valid in the target language, is not one of its keywords or of the names the file uses
/// (`math`, `np`, helpers), and is used once. Allocation is in program order, so the same input
/// always gives the same names.
struct IdentifierPool {
    private var taken: Set<String>
    private var counters: [String: Int] = [:]

    init(language: CodeLanguage) {
        taken = IdentifierPool.reserved(language)
    }

    /// Marks `name` as used by the file (a parameter, the function's name).
    mutating func reserve(_ name: String) { taken.insert(name) }

    func isFree(_ name: String) -> Bool { !taken.contains(name) }

    /// `base` if free, else `base_2`, `base_3`, ...
    mutating func fresh(_ base: String) -> String {
        let base = IdentifierPool.sanitized(base)
        var candidate = base
        var k = counters[base] ?? 1
        while taken.contains(candidate) {
            k += 1
            candidate = "\(base)_\(k)"
        }
        counters[base] = k
        taken.insert(candidate)
        return candidate
    }

    /// The next name `t1`, `t2`, ... for a temporary without a meaningful name.
    mutating func numbered(_ prefix: String = "t") -> String {
        var k = counters[prefix + "#"] ?? 0
        var candidate: String
        repeat {
            k += 1
            candidate = "\(prefix)\(k)"
        } while taken.contains(candidate)
        counters[prefix + "#"] = k
        taken.insert(candidate)
        return candidate
    }

    /// An ASCII identifier for `name`: letters, digits and `_` stay, Greek letters are spelled
    /// out (`θ` is `theta`), other characters become `uXXXX`, and a leading digit gets a `v`.
    static func sanitized(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                out.unicodeScalars.append(scalar)
            } else if (0x3B1...0x3C9).contains(scalar.value) {
                out += greek[Int(scalar.value - 0x3B1)]
            } else {
                out += "u" + String(scalar.value, radix: 16, uppercase: true)
            }
        }
        if out.isEmpty || out.first!.isNumber { out = "v" + out }
        return out
    }

    /// Whether `name` is an ASCII identifier: a letter or `_`, then letters, digits and `_`.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
              first.properties.isAlphabetic || first == "_" else { return false }
        return sanitized(name) == name
    }

    /// Whether `name` is an identifier the language allows as a function name.
    static func isValidFunctionName(_ name: String, in language: CodeLanguage) -> Bool {
        isIdentifier(name) && !reserved(language).contains(name)
    }

    /// The lowercase Greek letters α (U+03B1) to ω (U+03C9), with final sigma ς.
    private static let greek = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
        "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    ]

    /// Keywords and the names the emitted files refer to, per language.
    static func reserved(_ language: CodeLanguage) -> Set<String> {
        var names = helperNames
        switch language {
        case .c:
            names.formUnion(["auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
                             "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
                             "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
                             "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex",
                             "_Imaginary", "bool", "NAN", "INFINITY", "main"])
            names.formUnion(libm)
        case .swift:
            names.formUnion(["associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func",
                             "import", "init", "inout", "internal", "let", "open", "operator", "private",
                             "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias",
                             "var", "break", "case", "continue", "default", "defer", "do", "else",
                             "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where",
                             "while", "as", "Any", "catch", "false", "is", "nil", "super", "self", "Self",
                             "throw", "throws", "true", "try", "Double", "Foundation", "precondition", "min",
                             "max", "abs", "some", "any", "await", "async"])
            names.formUnion(libm)
        case .python, .numpy, .latex:
            names.formUnion(["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                             "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
                             "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
                             "raise", "return", "try", "while", "with", "yield", "math", "np", "numpy", "abs",
                             "min", "max", "float", "range", "len", "print", "list", "map"])
        case .javascript:
            names.formUnion(["await", "break", "case", "catch", "class", "const", "continue", "debugger",
                             "default", "delete", "do", "else", "enum", "export", "extends", "false",
                             "finally", "for", "function", "if", "implements", "import", "in", "instanceof",
                             "interface", "let", "new", "null", "package", "private", "protected", "public",
                             "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof",
                             "var", "void", "while", "with", "yield", "arguments", "eval", "Math", "Array",
                             "Infinity", "NaN", "undefined", "Number"])
        }
        return names
    }

    /// Helpers a file may define (whether or not this one does), and their inner names.
    private static let helperNames: Set<String> = [
        "sigmoid", "softplus", "relu", "leaky_relu", "heaviside", "sign", "sec", "csc", "cot", "cbrt", "erf",
    ]

    /// The C math library's functions emitted code calls, which C and Swift see as globals (a
    /// local of the same name would hide them; others, such as `y1`, may be shadowed freely).
    private static let libm: Set<String> = [
        "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
        "exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "pow", "fabs", "fmin", "fmax", "erf",
    ]
}
