import SymDiff

/// `assume x > 0` (or `x >= 0`) in the statement language: a fact for the rest of the session.
enum AssumptionStatement {
    /// The fact, or nil when the statement does not start with `assume`.
    static func of(_ bytes: [UInt8]) throws(Diagnostic) -> AssumptionText? {
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.count
        let word = Array("assume".utf8)
        guard bytes.count > start + word.count, Array(bytes[start..<start + word.count]) == word,
              bytes[start + word.count] == 0x20 || bytes[start + word.count] == 0x09 else { return nil }
        let text = String(decoding: bytes[(start + word.count)...], as: UTF8.self)
        guard let fact = AssumptionText.parse(text) else {
            throw Diagnostic("bad-assumption", "cannot read the assumption: write assume x > 0 or assume x >= 0",
                             at: (start + word.count + 1)..<max(start + word.count + 1, bytes.count))
        }
        return fact
    }
}

/// `A == B` as a whole statement outside `assert`: a question answered like the `equal` command.
enum EqualityQuestion {
    /// The byte ranges of both sides, or nil when the statement has no `==` (or is an assert).
    static func sides(of bytes: [UInt8]) throws(Diagnostic) -> (Range<Int>, Range<Int>)? {
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.count
        if bytes[start...].starts(with: Array("assert".utf8)) { return nil }
        // Only an `==` outside brackets asks the question: `diff(if(x == 0, 0, x), x)` is a
        // condition inside a call.
        var found: [Int] = []
        var depth = 0
        var i = 0
        while i + 1 < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
            if depth == 0, bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "=") {
                found.append(i)
                i += 2
            } else {
                i += 1
            }
        }
        guard let split = found.first else { return nil }
        // `y = a == b` is an assignment: the statement parser reports the `==` in it.
        if bytes[..<split].contains(UInt8(ascii: "=")) { return nil }
        if found.count > 1 { throw Diagnostic("chained-equality", "only one '==' per question", at: found[1]..<found[1] + 2) }
        return (0..<split, (split + 2)..<bytes.count)
    }
}
