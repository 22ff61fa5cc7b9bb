/// A grid of braille cells, addressed by dot: x from 0 to 2·columns − 1, y from 0 (top) to
/// 4·rows − 1. Each cell remembers the ink (ANSI color) of the last dot set in it; text written
/// over the grid (markers, contour levels) replaces the cells it covers.
struct BrailleCanvas {
    let columns: Int, rows: Int
    private var bits: [UInt8]
    private var inks: [Int]
    private var overlay: [Int: (character: Character, ink: Int)] = [:]
    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        bits = [UInt8](repeating: 0, count: columns * rows)
        inks = [Int](repeating: 0, count: columns * rows)
    }

    /// Dot numbering of the braille block: bit for the dot at (dx, dy) within a cell.
    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    mutating func set(_ x: Int, _ y: Int, ink: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= Self.dotBits[x % 2][y % 4]
        inks[cell] = ink
    }

    /// Bresenham's line between two dots, inked where `pen` is down; the pen's place in its
    /// pattern carries over to the next segment of the same polyline.
    mutating func line(from a: (Int, Int), to b: (Int, Int), ink: Int, pen: inout PatternPen) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        // At most the dots of the window: a clipped segment never has more.
        for _ in 0...(dotWidth + dotHeight) {
            // The shared end of two segments is stepped over once, by the first.
            if x == b.0 && y == b.1 { return }
            if pen.advance() { set(x, y, ink: ink) }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// Writes `text` over the cells from (`column`, `row`) rightward, when all of it fits and
    /// none of those cells (or the one on each side) holds text already; true when written.
    @discardableResult
    mutating func write(_ text: String, column: Int, row: Int, ink: Int) -> Bool {
        let characters = Array(text)
        guard row >= 0, row < rows, column >= 0, column + characters.count <= columns else { return false }
        let first = row * columns + column
        for cell in (first - 1)...(first + characters.count) where overlay[cell] != nil && cell / columns == row { return false }
        for (k, c) in characters.enumerated() { overlay[first + k] = (c, ink) }
        return true
    }

    /// The characters of row `r`: spaces where nothing is drawn; with `color`, SGR escapes
    /// around runs of one ink.
    func row(_ r: Int, color: Bool) -> String {
        var out = ""
        var currentInk = 0
        for c in 0..<columns {
            let cell = r * columns + c
            let ch: Character, ink: Int
            if let text = overlay[cell] {
                (ch, ink) = text
            } else {
                ch = bits[cell] == 0 ? " " : Character(Unicode.Scalar(0x2800 + UInt32(bits[cell]))!)
                ink = bits[cell] == 0 ? 0 : inks[cell]
            }
            if color && ink != currentInk {
                out += ink == 0 ? "\u{1B}[0m" : "\u{1B}[\(ink)m"
                currentInk = ink
            }
            out.append(ch)
        }
        if color && currentInk != 0 { out += "\u{1B}[0m" }
        return out
    }
}

/// A dash pattern for lines of dots: runs of dots drawn and left out, repeated.
struct LinePattern: Equatable {
    /// Alternating lengths, drawn first: [3, 2] is three dots, a gap of two, and again.
    let runs: [Int]

    static let solid = LinePattern(runs: [1, 0])
    static let dashed = LinePattern(runs: [3, 2])
    static let dotted = LinePattern(runs: [1, 1])
    static let dashDot = LinePattern(runs: [4, 2, 1, 2])
    /// For contour lines under colored paths: light, so the paths stand out.
    static let sparse = LinePattern(runs: [1, 2])

    /// The patterns that tell curves apart without color, in the order curves get them.
    static let curves: [LinePattern] = [.solid, .dashed, .dotted, .dashDot]

    /// The pattern along a short horizontal line of `cells` braille cells: the legend's swatch,
    /// drawn exactly as the curves are.
    func swatch(cells: Int) -> String {
        var canvas = BrailleCanvas(columns: cells, rows: 1)
        var pen = PatternPen(self)
        canvas.line(from: (0, 1), to: (2 * cells, 1), ink: 0, pen: &pen)
        return canvas.row(0, color: false)
    }
}

/// Where a line is in its pattern.
struct PatternPen {
    let pattern: LinePattern
    private var run = 0
    private var taken = 0

    init(_ pattern: LinePattern) { self.pattern = pattern }

    /// Whether the next dot is drawn, moving one dot along.
    mutating func advance() -> Bool {
        while taken >= pattern.runs[run] {
            run = (run + 1) % pattern.runs.count
            taken = 0
        }
        taken += 1
        return run % 2 == 0
    }
}
