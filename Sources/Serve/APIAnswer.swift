import Foundation

/// What `POST /api/COMMAND` answers, as JSON: the same texts the command line prints, and what a
/// page needs beside them (the figure as SVG, the column a diagnostic points at).
public struct APIAnswer: Encodable, Sendable {
    /// Whether the command gave its answer (a check that says no is still an answer).
    public var ok: Bool
    /// The command that ran (its name, not the alias used).
    public var command: String
    /// What the command line prints on stdout.
    public var output: String
    /// A figure's SVG document, for `plot`.
    public var svg: String?
    /// What the command line prints on stderr: notes, a failed check's message, or the error.
    public var notes: [String]
    /// The error, as the command line prints it (with the caret line under the input).
    public var error: String?
    /// The 1-based column a diagnostic points at in the expression, for highlighting it.
    public var column: Int?
    /// The exit status the command line would have.
    public var status: Int32

    /// An answer; see the properties.
    public init(ok: Bool, command: String, output: String = "", svg: String? = nil, notes: [String] = [],
                error: String? = nil, column: Int? = nil, status: Int32) {
        self.ok = ok
        self.command = command
        self.output = output
        self.svg = svg
        self.notes = notes
        self.error = error
        self.column = column
        self.status = status
    }

    /// The column of `error at column N` (or `line L, column N`) in a rendered diagnostic.
    public static func column(in message: String) -> Int? {
        guard let range = message.range(of: "column ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }
}
