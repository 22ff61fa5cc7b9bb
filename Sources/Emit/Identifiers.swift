/// Names in emitted code: every variable, temporary and parameter gets an identifier that is
/// valid in the target language, is not one of its reserved words (keywords and the names the
/// file uses: `math`, `np`, helpers; see `ProgramTarget.reservedWords`), and is used once. Allocation is in program order, so the same input
/// always gives the same names.
struct IdentifierPool {
    private var taken: Set<String>
    private var counters: [String: Int] = [:]

    init(reserved: Set<String>) {
        taken = reserved
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

    /// The lowercase Greek letters α (U+03B1) to ω (U+03C9), with final sigma ς.
    private static let greek = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
        "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    ]
}
