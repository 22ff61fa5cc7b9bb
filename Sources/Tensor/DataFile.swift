import Glibc

/// Why a data file cannot be read as an array: the message names the file and, where there is
/// one, the line and column (`train.csv:4:3: 'nan' is not a number`).
public struct DataFileError: Error, Equatable, CustomStringConvertible {
    /// The message for a person, naming the file.
    public let description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}

/// A table of numbers read from a file: CSV, JSON or NumPy's `.npy`, by the file's extension.
/// One-dimensional when the file says so (a JSON list of numbers, a one-dimensional `.npy`);
/// a CSV file is always rows and columns.
public struct DataTable: Sendable, Equatable {
    /// The shape as stored: `[]` one number, `[n]` a list, `[rows, columns]` a table.
    public let shape: [Int]
    /// The numbers, row by row.
    public let entries: [Double]
    /// The file, for messages.
    public let path: String

    /// A table of the given shape, entries row by row, read from `path`.
    public init(shape: [Int], entries: [Double], path: String) {
        self.shape = shape
        self.entries = entries
        self.path = path
    }

    /// The largest file read (1 GiB): larger ones are refused before they are read.
    public static let maximumBytes = 1 << 30

    /// Reads `path`: `.csv` (or `.txt`), `.json` or `.npy`. `key` picks a field of a JSON object
    /// (`{"X": [[1, 2], [3, 4]], "y": [1, 0]}`).
    public static func read(_ path: String, key: String? = nil) throws(DataFileError) -> DataTable {
        let bytes = try contents(of: path)
        let lower = path.lowercased()
        if lower.hasSuffix(".npy") { return try NumPyFile.parse(bytes, path: path) }
        if lower.hasSuffix(".json") { return try JSONData.parse(bytes, path: path, key: key) }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") || lower.hasSuffix(".tsv") { return try CSVData.parse(bytes, path: path) }
        throw DataFileError("\(path): unknown kind of data file; use .csv, .json or .npy")
    }

    /// The whole file, or an error that says why not.
    static func contents(of path: String) throws(DataFileError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw DataFileError("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var info = stat()
        if fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw DataFileError("cannot read '\(path)': it is a directory")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes += buffer[..<count] }
            if bytes.count > maximumBytes { throw DataFileError("\(path): larger than \(maximumBytes >> 20) MiB") }
            if count < buffer.count {
                if ferror(file) != 0 { throw DataFileError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
                break
            }
        }
        return bytes
    }

    /// What the table is, in words: `a 3×2 table`, `a list of 5 numbers`, `one number`.
    public var described: String {
        switch shape.count {
        case 0: return "one number"
        case 1: return "a list of \(shape[0]) number\(shape[0] == 1 ? "" : "s")"
        default: return "a \(shape[0])×\(shape[1]) table"
        }
    }

    /// The table as the value of `name`, declared `declared` (nil: not declared, a scalar): a
    /// vector from a list, a column or a row; a matrix from a table; a scalar from one number.
    public func value(for name: String, declared: DeclaredShape?) throws(DataFileError) -> TensorValue {
        let kind = declared?.kind ?? .scalar
        func refuse() -> DataFileError {
            let what = declared.map { "is declared \($0.kind == .scalar ? "a scalar" : "a \($0.kind.rawValue)")" }
                ?? "is not declared, so it is a scalar (declare it a vector or matrix)"
            return DataFileError("\(path): \(name) \(what), but the file holds \(described)")
        }
        switch kind {
        case .scalar:
            guard entries.count == 1 else { throw refuse() }
            return TensorValue(scalar: entries[0])
        case .vector:
            if shape.count == 2 && shape[0] != 1 && shape[1] != 1 { throw refuse() }
            return TensorValue(vector: entries)
        case .matrix:
            guard shape.count == 2 else { throw refuse() }
            return TensorValue(shape: shape, entries: entries)
        }
    }
}

/// Comma-separated numbers, one row per line. Blank lines and lines starting with `#` are
/// skipped; a first line with no number in it is a header. Every row must have as many
/// entries as the first, and every entry must be a finite number.
enum CSVData {
    static func parse(_ bytes: [UInt8], path: String) throws(DataFileError) -> DataTable {
        var entries: [Double] = []
        var columns: Int?
        var rows = 0
        var sawHeader = false
        var lineNumber = 0
        let separator = path.lowercased().hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var line = bytes[start..<end]
            start = end + 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            let fields = split(line, at: separator).map { (text: cell($0), start: $0.startIndex) }
            // A first line of names only (`x1,x2,label`) is a header.
            if rows == 0 && !sawHeader && fields.allSatisfy({ !$0.text.isEmpty && Double($0.text) == nil }) {
                sawHeader = true
                continue
            }
            var row: [Double] = []
            for (k, field) in fields.enumerated() {
                guard let v = Double(field.text), v.isFinite else {
                    let reason = Double(field.text) != nil ? "is not a finite number" : field.text.isEmpty ? "is empty" : "is not a number"
                    let shown = field.text.isEmpty ? "entry \(k + 1)" : "'\(field.text.prefix(40))'"
                    let column = String(decoding: line[line.startIndex..<field.start], as: UTF8.self).count + 1
                    throw DataFileError("\(path):\(lineNumber):\(column): \(shown) \(reason)")
                }
                row.append(v)
            }
            if let c = columns, c != row.count {
                throw DataFileError("\(path):\(lineNumber): this row has \(row.count) entr\(row.count == 1 ? "y" : "ies"), the first has \(c) (the rows of a table must have the same length)")
            }
            columns = row.count
            entries += row
            rows += 1
        }
        guard let columns else { throw DataFileError("\(path): no numbers in the file") }
        return DataTable(shape: [rows, columns], entries: entries, path: path)
    }

    /// The fields of a line.
    private static func split(_ line: ArraySlice<UInt8>, at separator: UInt8) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var fieldStart = line.startIndex
        for i in line.indices where line[i] == separator {
            out.append(line[fieldStart..<i])
            fieldStart = i + 1
        }
        out.append(line[fieldStart..<line.endIndex])
        return out
    }

    /// A field's text without surrounding spaces and quotes.
    private static func cell(_ field: ArraySlice<UInt8>) -> String {
        var f = field
        while let b = f.first, b == 0x20 || b == 0x09 { f = f.dropFirst() }
        while let b = f.last, b == 0x20 || b == 0x09 { f = f.dropLast() }
        if f.count >= 2, f.first == UInt8(ascii: "\""), f.last == UInt8(ascii: "\"") { f = f.dropFirst().dropLast() }
        return String(decoding: f, as: UTF8.self)
    }
}
