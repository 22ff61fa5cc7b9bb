/// What the code cache records beside each library it builds: the SHA-256 of the library's own
/// bytes, of the C source it was built from, and the compiler command with its flags. A library
/// is loaded only when all three match; the file is small text, one fact a line:
///
///     symdiff native library index 1
///     library-sha256 9f86d081…
///     source-sha256 2c26b46b…
///     argument /usr/bin/gcc
///     argument -O2
struct LibraryIndex: Equatable {
    var librarySHA256: String
    var sourceSHA256: String
    /// The compiler and its flags, one word each.
    var command: [String]

    private static let header = "symdiff native library index 1"

    init(librarySHA256: String, sourceSHA256: String, command: [String]) {
        self.librarySHA256 = librarySHA256
        self.sourceSHA256 = sourceSHA256
        self.command = command
    }

    /// Reads an index; nil when the text is not one this version writes.
    init?(parsing text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(LibraryIndex.header), lines.last == "" else { return nil }
        lines = Array(lines.dropFirst().dropLast())
        var library: String?, source: String?, command: [String] = []
        for line in lines {
            guard let space = line.firstIndex(of: " ") else { return nil }
            let (key, value) = (line[..<space], String(line[line.index(after: space)...]))
            switch key {
            case "library-sha256" where library == nil: library = value
            case "source-sha256" where source == nil: source = value
            case "argument": command.append(value)
            default: return nil
            }
        }
        guard let library, let source else { return nil }
        self.init(librarySHA256: library, sourceSHA256: source, command: command)
    }

    /// The text written to the cache.
    var text: String {
        ([LibraryIndex.header, "library-sha256 \(librarySHA256)", "source-sha256 \(sourceSHA256)"]
            + command.map { "argument \($0)" }).joined(separator: "\n") + "\n"
    }
}
