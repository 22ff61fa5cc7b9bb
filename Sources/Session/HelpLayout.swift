import SymDiff

/// The layout of help texts in both front ends (`symdiff --help`, `:help`): two columns sized
/// to the terminal, the right one wrapped under itself, so that no line runs past the edge and
/// wraps back to column 0.
public enum HelpLayout {
    /// The width to lay out for: `COLUMNS`, else the terminal's window, else 80; at least 40,
    /// and at most 100 (longer lines are hard to read).
    public static var width: Int { min(100, max(40, TerminalSize.current().columns)) }

    /// Rows of two cells, indented by two: the left cells padded to a common width (at most
    /// `maximumLeft`), or on a line of their own when wider; the right ones wrapped to `width`.
    /// On a narrow terminal the right cells go under the left ones.
    public static func columns(_ rows: [(String, String)], maximumLeft: Int = 36, width: Int = HelpLayout.width) -> [String] {
        var left = min(maximumLeft, rows.map(\.0.count).max() ?? 0)
        // Keep at least 30 columns for the descriptions.
        if width - left - 4 < 30 { left = min(left, 8) }
        var lines: [String] = []
        for (cell, text) in rows {
            let body = wrapped(text, indent: left + 4, width: width)
            if cell.count > left || body.isEmpty {
                lines.append("  " + cell)
                lines += body
            } else {
                lines.append("  " + cell + String(repeating: " ", count: left - cell.count + 2) + body[0].dropFirst(left + 4))
                lines += body.dropFirst()
            }
        }
        return lines
    }

    /// `text` in lines of at most `width` characters, each after `indent` spaces; a word longer
    /// than a line stays whole.
    public static func wrapped(_ text: String, indent: Int, width: Int = HelpLayout.width) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && indent + line.count + 1 + word.count > width {
                lines.append(String(repeating: " ", count: indent) + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(String(repeating: " ", count: indent) + line) }
        return lines
    }
}
