/// Arrays in JSON: a number, a list of numbers, or a list of rows (lists of equal length).
/// Numbers may be written as strings (`"-0.657"`). An object holds arrays by name: the field
/// named after the variable is read (`{"X": [[1, 2], [3, 4]], "y": [1, 0]}`).
enum JSONData {
    /// A parsed JSON value: only what arrays of numbers need.
    indirect enum Value {
        case number(Double)
        case string(String)
        case list([Value])
        case object([(String, Value)])
        case other(String)
    }

    static func parse(_ bytes: [UInt8], path: String, key: String?) throws(DataFileError) -> DataTable {
        var reader = Reader(bytes: bytes, path: path)
        var value = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.position < bytes.count { throw reader.error("unexpected text after the JSON value") }
        if case let .object(fields) = value {
            guard let key else { throw DataFileError("\(path): the file holds an object; name the field to read") }
            guard let field = fields.first(where: { $0.0 == key }) else {
                let names = fields.map(\.0).prefix(8).joined(separator: ", ")
                throw DataFileError("\(path): the object has no field '\(key)' (it has \(names))")
            }
            value = field.1
        }
        return try table(value, path: path)
    }

    private static func table(_ value: Value, path: String) throws(DataFileError) -> DataTable {
        switch value {
        case .list(let items) where items.contains(where: { if case .list = $0 { return true } else { return false } }):
            var entries: [Double] = []
            var columns: Int?
            for (r, item) in items.enumerated() {
                guard case let .list(row) = item else {
                    throw DataFileError("\(path): row \(r + 1) is not a list (the rows of a table are lists of numbers)")
                }
                if let c = columns, c != row.count {
                    throw DataFileError("\(path): row \(r + 1) has \(row.count) entries, the first has \(c) (the rows of a table must have the same length)")
                }
                columns = row.count
                for (c, entry) in row.enumerated() { entries.append(try number(entry, path: path, at: "row \(r + 1), entry \(c + 1)")) }
            }
            return DataTable(shape: [items.count, columns ?? 0], entries: entries, path: path)
        case let .list(items):
            var entries: [Double] = []
            for (k, entry) in items.enumerated() { entries.append(try number(entry, path: path, at: "entry \(k + 1)")) }
            return DataTable(shape: [items.count], entries: entries, path: path)
        default:
            return DataTable(shape: [], entries: [try number(value, path: path, at: "the value")], path: path)
        }
    }

    private static func number(_ value: Value, path: String, at place: String) throws(DataFileError) -> Double {
        let v: Double?
        switch value {
        case let .number(x): v = x
        case let .string(s): v = Double(s)
        case let .list(items): throw DataFileError("\(path): \(place) is a list of \(items.count), not a number (at most two levels of lists)")
        case .object: throw DataFileError("\(path): \(place) is an object, not a number")
        case let .other(word): throw DataFileError("\(path): \(place) is \(word), not a number")
        }
        guard let v, v.isFinite else {
            if case let .string(s) = value { throw DataFileError("\(path): \(place), '\(s.prefix(40))', is not a finite number") }
            throw DataFileError("\(path): \(place) is not a finite number")
        }
        return v
    }

    /// A recursive reader with a depth limit (arrays are two levels deep; anything far deeper
    /// is refused before the stack is at risk).
    struct Reader {
        let bytes: [UInt8]
        let path: String
        var position = 0

        static let maximumDepth = 64

        init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
        }

        func error(_ message: String) -> DataFileError {
            var line = 1, column = 1
            for b in bytes[..<min(position, bytes.count)] {
                if b == UInt8(ascii: "\n") { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            return DataFileError("\(path):\(line):\(column): \(message)")
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value(depth: Int) throws(DataFileError) -> Value {
            guard depth < Reader.maximumDepth else { throw error("nested more than \(Reader.maximumDepth) levels deep") }
            skipSpace()
            guard position < bytes.count else { throw error("expected a value at the end of the file") }
            switch bytes[position] {
            case UInt8(ascii: "["):
                position += 1
                var items: [Value] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .list(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard position < bytes.count else { throw error("expected ',' or ']' before the end of the file") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; return .list(items) }
                    throw error("expected ',' or ']'")
                }
            case UInt8(ascii: "{"):
                position += 1
                var fields: [(String, Value)] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(fields) }
                while true {
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a field name in quotes") }
                    let name = try string()
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' after the field name") }
                    position += 1
                    fields.append((name, try value(depth: depth + 1)))
                    skipSpace()
                    guard position < bytes.count else { throw error("expected ',' or '}' before the end of the file") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(fields) }
                    throw error("expected ',' or '}'")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            default:
                let start = position
                while position < bytes.count, !",]} \t\r\n".utf8.contains(bytes[position]) { position += 1 }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                if let v = Double(word), !word.lowercased().contains("n"), !word.lowercased().contains("i") { return .number(v) }
                if ["true", "false", "null"].contains(word) { return .other(word) }
                position = start
                throw error("'\(word.prefix(40))' is not a JSON value")
            }
        }

        /// A string in quotes, with the common escapes.
        mutating func string() throws(DataFileError) -> String {
            position += 1
            var out: [UInt8] = []
            while position < bytes.count {
                let b = bytes[position]
                position += 1
                if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if b == UInt8(ascii: "\\"), position < bytes.count {
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): position = min(position + 4, bytes.count); out.append(UInt8(ascii: "?"))
                    default: out.append(e)
                    }
                    continue
                }
                out.append(b)
            }
            throw error("a string is not closed")
        }
    }
}
