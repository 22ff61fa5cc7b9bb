/// Names in emitted code.
enum Identifier {
    /// `length(w)` as `length_w`: letters, digits and single underscores, starting with a letter.
    static func clean(_ s: String) -> String {
        let mapped = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        let joined = mapped.split(separator: "_").joined(separator: "_")
        return joined.first?.isLetter == true ? joined : "s_" + joined
    }

    /// C's keywords and the names of the math library a local would hide.
    static let cReserved: Set<String> = ["auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
                                          "extern", "float", "for", "goto", "if", "int", "long", "register", "return", "short", "signed",
                                          "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
                                          "exp", "log", "sin", "cos", "tan", "sqrt", "pow", "fabs", "e", "m", "s", "r"]
}

/// Fresh local names in emitted code: a base name as it is, or `base_2`, `base_3`, … when it
/// is taken or reserved.
struct LocalNames {
    /// The names given out (and any taken beforehand).
    var used: Set<String>
    /// Names never given out: the language's keywords and library names.
    let reserved: Set<String>

    mutating func fresh(_ base: String) -> String {
        var name = base
        var k = 1
        while used.contains(name) || reserved.contains(name) {
            k += 1
            name = "\(base)_\(k)"
        }
        used.insert(name)
        return name
    }
}
