import Expr

extension StatementShape {
    /// `name: function of x, t` when `bytes` is such a declaration; nil when the statement has no
    /// `:` outside brackets (any other statement); an error for a malformed declaration.
    static func dependency(_ bytes: [UInt8]) throws(Diagnostic) -> StatementShape? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), !bytes[..<colon].contains(where: { "([".utf8.contains($0) }) else { return nil }
        let left = String(decoding: bytes[..<colon], as: UTF8.self)
        let name = left.trimmingSpaces
        let nameStart = left.utf8.prefix { $0 == 0x20 || $0 == 0x09 }.count
        let nameRange = nameStart..<nameStart + name.utf8.count
        let words = String(decoding: bytes[(colon + 1)...], as: UTF8.self).trimmingSpaces
        let usage = "write a declaration as 'y: function of x' (or 'u: function of x, t')"
        // Other uses of ':' (tensor declarations) are not this statement's.
        guard words.hasPrefix("function of ") else { return nil }
        guard isName(name) else {
            throw Diagnostic("bad-declaration", "':' declares an unknown function: \(usage)", at: colon..<colon + 1)
        }
        let variables = words.dropFirst("function of ".count).split(separator: ",").map { String($0).trimmingSpaces }
        guard !variables.isEmpty, variables.allSatisfy(isName), Set(variables).count == variables.count, !variables.contains(name) else {
            throw Diagnostic("bad-declaration", "the variables of a declaration must be distinct names other than \(name): \(usage)",
                             at: colon + 1..<bytes.count)
        }
        return .dependency(name: name, nameRange: nameRange, variables: variables)
    }

    private static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }
            && FunctionTable.lookup(s) == nil && Parser.constants[s] == nil
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
