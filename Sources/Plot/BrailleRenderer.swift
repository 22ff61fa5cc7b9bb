extension Figure {
    /// The figure drawn with Unicode braille characters (each character a 2×4 grid of dots) for a
    /// terminal: exactly `rows` lines, none wider than `columns` characters, with the y extents
    /// on the left, the x extents below and the legend under them. With `color`, each curve gets
    /// its ANSI color (escape sequences are not counted in the width).
    public func braille(columns: Int, rows: Int, color: Bool = false) -> String {
        BrailleRenderer(figure: self, columns: max(columns, 12), rows: max(rows, 5), color: color).render()
    }
}

/// Lays out a figure on a character grid and rasterizes its pieces into braille dots.
struct BrailleRenderer {
    let figure: Figure
    let columns: Int
    let rows: Int
    let color: Bool

    func render() -> String {
        let window = figure.window
        // Rows: title, plot, axis, x extents, legend. The legend gives way first when space is short.
        let legend = figure.legend
        let legendRows = min(legend.count, max(0, rows - 8))
        let plotRows = rows - 3 - legendRows
        let top = NumberText.short(window.y.upperBound, digits: 3), bottom = NumberText.short(window.y.lowerBound, digits: 3)
        var rowLabels = [Int: String]()
        rowLabels[0] = top
        rowLabels[plotRows - 1] = bottom
        // The zero line gets a label when it is inside and does not collide with the extents.
        if window.y.contains(0) {
            let zeroDot = (window.y.upperBound / span(window.y) * Double(plotRows * 4 - 1)).rounded()
            let zeroRow = Int(zeroDot) / 4
            if zeroRow > 0 && zeroRow < plotRows - 1 { rowLabels[zeroRow] = "0" }
        }
        let labelWidth = rowLabels.values.map(\.count).max() ?? 1
        let plotColumns = max(2, columns - labelWidth - 1)

        var canvas = BrailleCanvas(columns: plotColumns, rows: plotRows)
        let map = ScreenMap(window: window, left: 0, top: 0,
                            width: Double(canvas.dotWidth - 1), height: Double(canvas.dotHeight - 1))
        // Zero axes as sparse dots, under everything else, so they read as guides, not curves.
        if window.x.contains(0) {
            let x = Int(map.x(0).rounded())
            for y in stride(from: 0, to: canvas.dotHeight, by: 3) { canvas.set(x, y, ink: 90) }
        }
        if window.y.contains(0) {
            let y = Int(map.y(0).rounded())
            for x in stride(from: 0, to: canvas.dotWidth, by: 3) { canvas.set(x, y, ink: 90) }
        }
        // Dots are coarse: a dozen contour levels merge into a solid mass, so a terminal shows
        // about six of them (every second or third level, the legend's range unchanged).
        let contours = figure.series.filter { $0.role == .contour }.count
        let stride = max(1, (contours + 5) / 6)
        var contourIndex = 0
        for s in figure.series {
            if s.role == .contour {
                contourIndex += 1
                if (contourIndex - 1) % stride != 0 { continue }
            }
            for piece in s.pieces {
                for clipped in Clipping.clip(piece, to: window) {
                    var previous: (Int, Int)?
                    for p in clipped {
                        let q = (Int(map.x(p.x).rounded()), Int(map.y(p.y).rounded()))
                        if let previous { canvas.line(from: previous, to: q, ink: s.color.ansi) } else { canvas.set(q.0, q.1, ink: s.color.ansi) }
                        previous = q
                    }
                }
            }
            for p in s.markers where window.contains(p) {
                let (x, y) = (Int(map.x(p.x).rounded()), Int(map.y(p.y).rounded()))
                for dx in -1...1 { for dy in -1...1 { canvas.set(x + dx, y + dy, ink: s.color.ansi) } }
            }
        }

        var lines: [String] = [fit(figure.title, columns)]
        for r in 0..<plotRows {
            let label = rowLabels[r] ?? ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            lines.append(pad + label + (rowLabels[r] == nil ? "│" : "┤") + canvas.row(r, color: color))
        }
        lines.append(String(repeating: " ", count: labelWidth) + "└" + String(repeating: "─", count: plotColumns))
        lines.append(xExtents(labelWidth: labelWidth, plotColumns: plotColumns))
        for s in legend.prefix(legendRows) {
            let swatch = color ? "\u{1B}[\(s.color.ansi)m━━\u{1B}[0m" : (s.dashed ? "╌╌" : "━━")
            lines.append(swatch + " " + fit(s.label ?? "", columns - 3))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The x axis's lower and upper values under its ends, and its name in the middle.
    func xExtents(labelWidth: Int, plotColumns: Int) -> String {
        let lower = NumberText.short(figure.window.x.lowerBound, digits: 3)
        let upper = NumberText.short(figure.window.x.upperBound, digits: 3)
        var cells = [Character](repeating: " ", count: labelWidth + 1 + plotColumns)
        func put(_ s: String, at start: Int) {
            for (k, c) in s.enumerated() where start + k >= 0 && start + k < cells.count { cells[start + k] = c }
        }
        let name = figure.xLabel
        let middle = labelWidth + 1 + (plotColumns - name.count) / 2
        if middle > labelWidth + lower.count + 1 && middle + name.count < cells.count - upper.count - 1 { put(name, at: middle) }
        put(lower, at: labelWidth)
        put(upper, at: cells.count - upper.count)
        var text = String(cells)
        while text.last == " " { text.removeLast() }
        return text
    }

    /// `s` cut to `width` characters, with an ellipsis when cut.
    func fit(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(max(0, width - 1))) + "…"
    }
}

/// A grid of braille cells, addressed by dot: x from 0 to 2·columns − 1, y from 0 (top) to
/// 4·rows − 1. Each cell remembers the ink (ANSI color) of the last dot set in it.
struct BrailleCanvas {
    let columns: Int, rows: Int
    private var bits: [UInt8]
    private var inks: [Int]
    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        bits = [UInt8](repeating: 0, count: columns * rows)
        inks = [Int](repeating: 0, count: columns * rows)
    }

    /// Dot numbering of the braille block: bit for the dot at (dx, dy) within a cell.
    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    mutating func set(_ x: Int, _ y: Int, ink: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= Self.dotBits[x % 2][y % 4]
        inks[cell] = ink
    }

    /// Bresenham's line between two dots.
    mutating func line(from a: (Int, Int), to b: (Int, Int), ink: Int) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        // At most the dots of the window: a clipped segment never has more.
        for _ in 0...(dotWidth + dotHeight) {
            set(x, y, ink: ink)
            if x == b.0 && y == b.1 { return }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// The characters of row `r`: spaces where no dot is set.
    func row(_ r: Int, color: Bool) -> String {
        var out = ""
        var currentInk = 0
        for c in 0..<columns {
            let cell = r * columns + c
            let ch = bits[cell] == 0 ? " " : Character(Unicode.Scalar(0x2800 + UInt32(bits[cell]))!)
            if color {
                let ink = bits[cell] == 0 ? 0 : inks[cell]
                if ink != currentInk {
                    out += ink == 0 ? "\u{1B}[0m" : "\u{1B}[\(ink)m"
                    currentInk = ink
                }
            }
            out.append(ch)
        }
        if color && currentInk != 0 { out += "\u{1B}[0m" }
        return out
    }
}
