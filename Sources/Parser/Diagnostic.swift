/// A problem in the user's input: a stable id, a plain message, where it is, and notes.
///
/// Rendered like a compiler's message:
/// ```
/// error at column 10: expected ')' to close '(' at column 4
///   sin(x + 1
///            ^
/// ```
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable identifier that tests and documentation refer to (`unclosed-paren`).
    public let id: String
    /// What is wrong, in one sentence.
    public let message: String
    /// The offending bytes of the source line (UTF-8 offsets); empty at the end of input.
    public let range: Range<Int>
    /// Further help, such as a suggestion.
    public let notes: [String]

    /// A diagnostic with a stable identifier, its message, the bytes it points at and notes.
    public init(_ id: String, _ message: String, at range: Range<Int>, notes: [String] = []) {
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// The message.
    public var description: String { message }

    /// The 1-based column (in characters) where the problem starts in `source`.
    public func column(in source: [UInt8]) -> Int {
        let end = min(range.lowerBound, source.count)
        return Diagnostic.characterCount(source[..<end]) + 1
    }

    static func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        // Count scalars that start a character; invalid bytes count one each.
        var count = 0
        for b in bytes where b & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The message with the source line and a caret under the problem. `location` is put in front
    /// of the message (`file:3:7: `) when given.
    public func rendered(source: [UInt8], location: String? = nil) -> String {
        let col = column(in: source)
        // The first line names the position, so it is useful even where only one line is shown.
        var text = location.map { "\($0):\(col): error: " } ?? "error at column \(col): "
        text += message + "\n"
        // Show a window of the line around the problem so a 5 MB line stays readable.
        let window = 60
        let lo = max(0, range.lowerBound - window)
        let hi = min(source.count, max(range.upperBound, range.lowerBound) + window)
        var start = lo, end = hi
        while start > 0 && start < source.count && source[start] & 0xC0 == 0x80 { start -= 1 }
        while end < source.count && source[end] & 0xC0 == 0x80 { end += 1 }
        let shown = source[start..<end].map { b -> UInt8 in (b < 0x20 || b == 0x7F) ? UInt8(ascii: " ") : b }
        let prefix = start > 0 ? "…" : ""
        let suffix = end < source.count ? "…" : ""
        text += "  " + prefix + String(decoding: shown, as: UTF8.self) + suffix + "\n"
        let caretStart = Diagnostic.characterCount(source[start..<min(range.lowerBound, source.count)]) + (prefix.isEmpty ? 0 : 1)
        let width = max(1, Diagnostic.characterCount(source[min(range.lowerBound, source.count)..<min(range.upperBound, source.count)]))
        text += "  " + String(repeating: " ", count: caretStart) + String(repeating: "^", count: width)
        for note in notes { text += "\nnote: " + note }
        return text
    }
}
