/// How one language spells the statements of a loop program (`LoopPlan`): C, Swift and
/// JavaScript write the same loops, declarations and array operations, each its own way. A
/// statement is one line (or a few, for blocks); loops return their header line, whose body the
/// caller indents and closes with `}`.
struct LoopDialect {
    /// The language's key in the function table (`c`, `swift`, `js`).
    let functionTarget: String
    /// What goes before a C math library name (`Math.` in JavaScript).
    let libraryPrefix: String
    /// Names a local must not take: keywords, and the math functions a local would hide.
    let reserved: Set<String>
    /// Whether the file has the symmetric kernel for `X'*diag(s)*X` (`symdiff_gram`); without
    /// it the product is an ordinary loop nest.
    let hasGramKernel: Bool
    /// The language's spelling of the entries of `LoopDialect.Kind`.
    let kind: Kind

    enum Kind { case c, swift, javascript }

    /// C99 with the math library.
    static let c = LoopDialect(functionTarget: "c", libraryPrefix: "", reserved: Identifier.cReserved, hasGramKernel: true, kind: .c)
    /// Swift over unsafe pointers, Foundation for the math.
    static let swift = LoopDialect(functionTarget: "swift", libraryPrefix: "", reserved: Identifier.cReserved.union(swiftKeywords),
                                   hasGramKernel: false, kind: .swift)
    /// JavaScript over `Float64Array`s.
    static let javascript = LoopDialect(functionTarget: "js", libraryPrefix: "Math.", reserved: Identifier.cReserved.union(javaScriptKeywords),
                                        hasGramKernel: false, kind: .javascript)

    private static let swiftKeywords: Set<String> = ["let", "var", "func", "in", "repeat", "guard", "defer", "inout", "is", "as", "nil", "self",
                                                     "Self", "true", "false", "where", "min", "max", "abs", "stride", "Double", "Int", "import"]
    private static let javaScriptKeywords: Set<String> = ["let", "var", "function", "new", "in", "of", "this", "null", "true", "false", "export",
                                                          "import", "delete", "typeof", "instanceof", "yield", "await", "Math", "NaN",
                                                          "Infinity", "undefined", "arguments", "eval", "class", "with"]

    /// `name` bound once to a double (`const double p = v;`).
    func constant(_ name: String, _ value: String) -> String {
        switch kind {
        case .c: return "const double \(name) = \(value);"
        case .swift: return "let \(name) = \(value)"
        case .javascript: return "const \(name) = \(value);"
        }
    }

    /// `name` bound once to a whole number.
    func integerConstant(_ name: String, _ value: String) -> String {
        switch kind {
        case .c: return "const long \(name) = \(value);"
        case .swift: return "let \(name) = \(value)"
        case .javascript: return "const \(name) = \(value);"
        }
    }

    /// Doubles that change, each starting at `initial`.
    func doubles(_ names: [String], _ initial: String) -> String {
        let list = names.map { "\($0) = \(initial)" }.joined(separator: ", ")
        switch kind {
        case .c: return "double \(list);"
        case .swift: return "var \(list)"
        case .javascript: return "let \(list);"
        }
    }

    /// A whole number that changes, starting at `initial`.
    func integer(_ name: String, _ initial: String) -> String {
        switch kind {
        case .c: return "long \(name) = \(initial);"
        case .swift: return "var \(name) = \(initial)"
        case .javascript: return "let \(name) = \(initial);"
        }
    }

    /// The header of a loop of `i` from `from` up to `to` (excluded) in steps of `step`.
    func loop(_ i: String, from: String = "0", to: String, step: Int = 1) -> String {
        switch kind {
        case .c: return "for (long \(i) = \(from); \(i) < \(to); \(step == 1 ? "\(i)++" : "\(i) += \(step)")) {"
        case .swift: return step == 1 ? "for \(i) in \(from)..<\(to) {" : "for \(i) in stride(from: \(from), to: \(to), by: \(step)) {"
        case .javascript: return "for (let \(i) = \(from); \(i) < \(to); \(step == 1 ? "\(i)++" : "\(i) += \(step)")) {"
        }
    }

    /// A loop while `condition` holds, `step` after each pass (of a variable declared before it).
    func loop(while condition: String, step: String, _ body: [String]) -> [String] {
        switch kind {
        case .c, .javascript: return ["for (; \(condition); \(step)) {"] + body.map { "    " + $0 } + ["}"]
        case .swift: return ["while \(condition) {"] + (body + [step]).map { "    " + $0 } + ["}"]
        }
    }

    /// A block of its own (scoping its locals).
    func block(_ body: [String]) -> [String] {
        [kind == .swift ? "do {" : "{"] + body.map { "    " + $0 } + ["}"]
    }

    /// `statement` when `condition` holds.
    func when(_ condition: String, _ statement: String) -> String {
        kind == .swift ? "if \(condition) { \(statement) }" : "if (\(condition)) \(statement)"
    }

    /// `then` when `condition` holds, else `otherwise`.
    func when(_ condition: String, _ then: [String], otherwise: [String]) -> [String] {
        let head = kind == .swift ? "if \(condition) {" : "if (\(condition)) {"
        return [head] + then.map { "    " + $0 } + ["} else {"] + otherwise.map { "    " + $0 } + ["}"]
    }

    /// The smaller of two whole numbers.
    func minimum(_ a: String, _ b: String) -> String {
        switch kind {
        case .c: return "(\(a) < \(b) ? \(a) : \(b))"
        case .swift: return "min(\(a), \(b))"
        case .javascript: return "Math.min(\(a), \(b))"
        }
    }

    /// The first `count` entries of `array` set to zero.
    func zero(_ array: String, count: String) -> String {
        switch kind {
        case .c: return "memset(\(array), 0, sizeof(double)*(\(count)));"
        case .swift: return "\(array).update(repeating: 0, count: \(count))"
        case .javascript: return "\(array).fill(0, 0, \(count));"
        }
    }

    /// The first `count` entries of `source` copied into `target`.
    func copy(_ source: String, into target: String, count: String) -> String {
        switch kind {
        case .c: return "memcpy(\(target), \(source), sizeof(double)*(\(count)));"
        case .swift: return "\(target).update(from: \(source), count: \(count))"
        case .javascript: return "\(target).set(\(source).subarray(0, \(count)));"
        }
    }

    /// The array that starts `offset` entries into `array`.
    func offset(_ array: String, by offset: String) -> String {
        kind == .javascript ? "\(array).subarray(\(offset))" : "\(array) + \(offset)"
    }

    /// A local array of the workspace that starts at `start` (`work`, or an array after another).
    func workspaceArray(_ name: String, at start: String) -> String {
        switch kind {
        case .c: return "double *\(name) = \(start);"
        case .swift: return "let \(name) = \(start)"
        case .javascript: return "const \(name) = \(start);"
        }
    }

    /// A whole number as a double.
    func double(_ integer: String) -> String {
        switch kind {
        case .c: return "(double)\(integer)"
        case .swift: return "Double(\(integer))"
        case .javascript: return integer
        }
    }

    /// 1 where `a` equals `b`, else 0 (whole numbers).
    func indicator(_ a: String, _ b: String) -> String {
        switch kind {
        case .c: return "(\(a) == \(b))"
        case .swift: return "(\(a) == \(b) ? 1.0 : 0.0)"
        case .javascript: return "(\(a) === \(b) ? 1 : 0)"
        }
    }

    /// π, e and not-a-number.
    var pi: String { kind == .c ? "M_PI" : kind == .swift ? "Double.pi" : "Math.PI" }
    var e: String { kind == .c ? "M_E" : kind == .swift ? "exp(1.0)" : "Math.E" }
    var notANumber: String { kind == .c ? "NAN" : kind == .swift ? "Double.nan" : "NaN" }

    /// A math library function (`exp`, `log`, `sqrt`, `pow`) by its C name.
    func library(_ name: String) -> String { libraryPrefix + name }
}
