import Expr

extension TensorValue {
    /// The numbers in the notation of the tensor language, each as the shortest decimal that
    /// reads back as the same double: `2.5`, `[1, 2, 3]`, and a matrix one row per line with
    /// its columns aligned:
    ///
    ///     [1,    2.5;
    ///      3.25, 4]
    ///
    /// An array of order 3 or more lists its shape and entries.
    public var text: String {
        let cells = entries.map { NumberText.decimal($0) }
        switch shape.count {
        case 0: return cells[0]
        case 1: return "[" + cells.joined(separator: ", ") + "]"
        case 2:
            let (rows, columns) = (shape[0], shape[1])
            if rows == 0 || columns == 0 { return "[]" }
            let widths = (0..<columns).map { c in (0..<rows).map { cells[$0 * columns + c].count }.max()! }
            var lines: [String] = []
            for r in 0..<rows {
                var line = r == 0 ? "[" : " "
                for c in 0..<columns {
                    let cell = cells[r * columns + c]
                    let last = c == columns - 1
                    line += cell + (last ? (r == rows - 1 ? "]" : ";") : "," + String(repeating: " ", count: widths[c] - cell.count + 1))
                }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        default:
            return "array of shape " + shape.map(String.init).joined(separator: "×") + ", entries in row-major order: [" + cells.joined(separator: ", ") + "]"
        }
    }
}
