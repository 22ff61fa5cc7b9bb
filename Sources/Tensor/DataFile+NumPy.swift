/// NumPy's `.npy` format (versions 1 to 3): the magic string, a header dictionary with
/// `descr` (the element type), `fortran_order` and `shape`, then the elements. Floating-point
/// and integer types of either byte order; up to two dimensions.
enum NumPyFile {
    static func parse(_ bytes: [UInt8], path: String) throws(DataFileError) -> DataTable {
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw DataFileError("\(path): not a NumPy .npy file (it does not start with \\x93NUMPY)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw DataFileError("\(path): the .npy header is cut short") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw DataFileError("\(path): .npy format version \(major) is not supported (1, 2 or 3)")
        }
        guard headerStart + headerLength <= bytes.count else { throw DataFileError("\(path): the .npy header is cut short") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field("descr", in: header).flatMap(quoted), let order = field("fortran_order", in: header),
              let shapeText = field("shape", in: header) else {
            throw DataFileError("\(path): the .npy header lacks descr, fortran_order or shape")
        }
        guard let type = ElementType(descr) else {
            throw DataFileError("\(path): elements of type '\(descr)' are not supported (floating-point or integer numbers)")
        }
        var shape: [Int] = []
        for part in shapeText.dropFirst().dropLast().split(separator: ",") {
            let text = part.filter { $0 != " " && $0 != "L" }
            if text.isEmpty { continue }
            guard let n = Int(text), n >= 0 else { throw DataFileError("\(path): the shape \(shapeText) is not a list of sizes") }
            shape.append(n)
        }
        guard shape.count <= 2 else {
            throw DataFileError("\(path): an array of \(shape.count) dimensions; vectors and matrices have at most 2")
        }
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        let dataStart = headerStart + headerLength
        guard count <= (bytes.count - dataStart) / type.size else {
            throw DataFileError("\(path): the file holds fewer elements than its shape \(shapeText) needs")
        }
        var entries = [Double](repeating: 0, count: count)
        for k in 0..<count {
            let v = type.read(bytes, at: dataStart + k * type.size)
            guard v.isFinite else {
                throw DataFileError("\(path): element \(k + 1) is \(v.isNaN ? "NaN" : "infinite"), not a finite number")
            }
            entries[k] = v
        }
        if order.hasPrefix("True") && shape.count == 2 {
            // Column-major storage: transpose into rows.
            let (rows, columns) = (shape[0], shape[1])
            var rowMajor = entries
            for r in 0..<rows { for c in 0..<columns { rowMajor[r * columns + c] = entries[c * rows + r] } }
            entries = rowMajor
        }
        return DataTable(shape: shape, entries: entries, path: path)
    }

    /// The text of `'key': value` in the header dictionary, up to the next top-level comma.
    private static func field(_ key: String, in header: String) -> String? {
        guard let range = header.firstRange(of: "'\(key)':") else { return nil }
        var depth = 0
        var out = ""
        for c in header[range.upperBound...] {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth == 0 && (c == "," || c == "}") { break }
            out.append(c)
            if depth < 0 { break }
        }
        let trimmed = out.drop { $0 == " " }
        return String(trimmed.reversed().drop { $0 == " " }.reversed())
    }

    private static func quoted(_ text: String) -> String? {
        guard text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first else { return nil }
        return String(text.dropFirst().dropLast())
    }

    /// An element type of the header: `<f8`, `>i4`, `|u1`, …
    struct ElementType {
        enum Kind { case float, signed, unsigned }
        let kind: Kind
        let size: Int
        let bigEndian: Bool

        init?(_ descr: String) {
            guard descr.count >= 3 else { return nil }
            let chars = Array(descr)
            switch chars[0] {
            case "<", "|", "=": bigEndian = false
            case ">": bigEndian = true
            default: return nil
            }
            guard let size = Int(String(chars[2...])) else { return nil }
            switch (chars[1], size) {
            case ("f", 4), ("f", 8): kind = .float
            case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
            case ("u", 1), ("u", 2), ("u", 4), ("u", 8), ("b", 1): kind = .unsigned
            default: return nil
            }
            self.size = size
        }

        func read(_ bytes: [UInt8], at offset: Int) -> Double {
            var bits: UInt64 = 0
            for k in 0..<size {
                let b = UInt64(bytes[offset + (bigEndian ? size - 1 - k : k)])
                bits |= b << (8 * UInt64(k))
            }
            switch kind {
            case .float: return size == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
            case .unsigned: return Double(bits)
            case .signed:
                let shift = UInt64(64 - 8 * size)
                return Double(Int64(bitPattern: bits << shift) >> Int64(shift))
            }
        }
    }
}
