import Expr

extension Figure {
    /// The figure drawn with Unicode braille characters (each character a 2×4 grid of dots) for a
    /// terminal: `rows` lines, none wider than `columns` characters, with a few round values on
    /// each axis and the legend below. With `color`, each curve gets its ANSI color (escape
    /// sequences are not counted in the width); without, each curve its own dash pattern, shown
    /// in its legend entry. The legend never loses an entry: on a terminal too short for it the
    /// title goes, then the figure grows past `rows`.
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

    /// Rows of the plot area below which the title gives way to the legend.
    static let minimumPlotRows = 4
    /// Width of a legend swatch, in cells.
    static let swatchCells = 4

    func render() -> String {
        let window = figure.window
        let legend = figure.legend
        // Title, plot, axis line, tick labels, legend; the legend is never cut.
        var showsTitle = true
        var plotRows = rows - 3 - legend.count
        if plotRows < Self.minimumPlotRows {
            showsTitle = false
            plotRows = max(Self.minimumPlotRows, plotRows + 1)
        }
        let yTicks = verticalTicks(plotRows: plotRows)
        let labelWidth = yTicks.map(\.label.count).max() ?? 1
        let plotColumns = max(2, columns - labelWidth - 1)

        var canvas = BrailleCanvas(columns: plotColumns, rows: plotRows)
        let map = ScreenMap(window: window, left: 0, top: 0,
                            width: Double(canvas.dotWidth - 1), height: Double(canvas.dotHeight - 1))
        drawZeroAxes(on: &canvas, map: map)
        let patterns = linePatterns()
        // Dots are coarse: a dozen contour levels merge into a solid mass, so a terminal shows
        // about six of them (every second or third level, the legend's range unchanged).
        let contours = figure.series.filter { $0.role == .contour }.count
        let stride = max(1, (contours + 5) / 6)
        var contourIndex = 0
        var shownContours: [Series] = []
        for (k, s) in figure.series.enumerated() {
            if s.role == .contour {
                contourIndex += 1
                if (contourIndex - 1) % stride != 0 { continue }
                shownContours.append(s)
            }
            for piece in s.pieces {
                for clipped in Clipping.clip(piece, to: window) {
                    var pen = PatternPen(patterns[k])
                    let dots = clipped.map { (Int(map.x($0.x).rounded()), Int(map.y($0.y).rounded())) }
                    for (a, b) in zip(dots, dots.dropFirst()) { canvas.line(from: a, to: b, ink: s.color.ansi, pen: &pen) }
                    if let last = dots.last, pen.advance() { canvas.set(last.0, last.1, ink: s.color.ansi) }
                }
            }
        }
        for s in figure.series {
            for marker in s.markers where window.contains(marker.point) {
                let (x, y) = (Int(map.x(marker.point.x).rounded()), Int(map.y(marker.point.y).rounded()))
                switch marker.kind {
                case .point:
                    for dx in -1...1 { for dy in -1...1 { canvas.set(x + dx, y + dy, ink: s.color.ansi) } }
                case .start, .end:
                    canvas.write(marker.kind == .start ? "○" : "●", column: x / 2, row: y / 4, ink: s.color.ansi)
                }
            }
        }
        for label in ContourLabels.choose(shownContours, window: window, count: 4) {
            let text = label.text
            let column = Int(map.x(label.at.x).rounded()) / 2 - text.count / 2
            canvas.write(text, column: max(0, min(column, plotColumns - text.count)), row: Int(map.y(label.at.y).rounded()) / 4, ink: 90)
        }

        var lines: [String] = showsTitle ? [fit(figure.title, columns)] : []
        let rowLabels = Dictionary(yTicks.map { (row(of: $0.value, map: map), $0.label) }, uniquingKeysWith: { a, _ in a })
        for r in 0..<plotRows {
            let label = rowLabels[r] ?? ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            lines.append(pad + label + (rowLabels[r] == nil ? "│" : "┤") + canvas.row(r, color: color))
        }
        lines += horizontalAxis(labelWidth: labelWidth, plotColumns: plotColumns, map: map)
        for (k, s) in figure.series.enumerated() where s.label != nil {
            lines.append(swatch(s, pattern: patterns[k]) + " " + fit(s.label!, columns - Self.swatchCells - 1))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The braille row holding the data value `y`.
    func row(of y: Double, map: ScreenMap) -> Int { Int(map.y(y).rounded()) / 4 }

    /// The most labelled values that leave at least two unlabelled rows between any two (rows
    /// are coarse, and labels closer together look unevenly spaced), or one row when that gives
    /// too few labels.
    func verticalTicks(plotRows: Int) -> [Tick] {
        let map = ScreenMap(window: figure.window, left: 0, top: 0, width: 1, height: Double(plotRows * 4 - 1))
        var fallback: [Tick] = []
        for gap in [3, 2] {
            for count in stride(from: max(3, plotRows / 2), to: 1, by: -1) {
                let ticks = NiceScale.ticks(in: figure.window.y, count: count)
                let rows = ticks.map { row(of: $0.value, map: map) }
                guard zip(rows, rows.dropFirst()).allSatisfy({ abs($0 - $1) >= gap }) else { continue }
                if ticks.count >= 3 { return ticks }
                if ticks.count > fallback.count { fallback = ticks }
                break
            }
        }
        return fallback.isEmpty ? NiceScale.ticks(in: figure.window.y, count: 1) : fallback
    }

    /// The axis line with a mark under each labelled value, and the labels under the marks
    /// (centred, none touching the next), with the variable's name at the right end when it fits.
    func horizontalAxis(labelWidth: Int, plotColumns: Int, map: ScreenMap) -> [String] {
        var axis = [Character](repeating: "─", count: plotColumns)
        var cells = [Character](repeating: " ", count: labelWidth + 1 + plotColumns)
        var free = 0  // first cell a label may use
        for count in stride(from: max(2, plotColumns / 10), through: 2, by: -1) {
            let ticks = NiceScale.ticks(in: figure.window.x, count: count)
            let placed = ticks.map { tick -> (column: Int, start: Int, label: String) in
                let column = Int(map.x(tick.value).rounded()) / 2
                let start = labelWidth + 1 + column - (tick.label.count - 1) / 2
                return (column, min(max(0, start), cells.count - tick.label.count), tick.label)
            }
            let fits = zip(placed, placed.dropFirst()).allSatisfy { $0.start + $0.label.count < $1.start }
            guard fits || count == 2 else { continue }
            for p in placed where p.start >= free {
                axis[min(max(p.column, 0), plotColumns - 1)] = "┬"
                for (k, c) in p.label.enumerated() { cells[p.start + k] = c }
                free = p.start + p.label.count + 1
            }
            break
        }
        let name = Array(figure.xLabel)
        if !name.isEmpty && free + 1 + name.count <= cells.count {
            for (k, c) in name.enumerated() { cells[cells.count - name.count + k] = c }
        }
        var labels = String(cells)
        while labels.last == " " { labels.removeLast() }
        return [String(repeating: " ", count: labelWidth) + "└" + String(axis), labels]
    }

    /// The zero lines as sparse gray dots, under everything else, so they read as guides.
    func drawZeroAxes(on canvas: inout BrailleCanvas, map: ScreenMap) {
        if figure.window.x.contains(0) {
            let x = Int(map.x(0).rounded())
            for y in Swift.stride(from: 0, to: canvas.dotHeight, by: 4) { canvas.set(x, y, ink: 90) }
        }
        if figure.window.y.contains(0) {
            let y = Int(map.y(0).rounded())
            for x in Swift.stride(from: 0, to: canvas.dotWidth, by: 4) { canvas.set(x, y, ink: 90) }
        }
    }

    /// Each series' dash pattern: solid in color; without color, contour lines sparse under
    /// other lines (an optimizer's path) and every other series its own pattern, in legend order.
    func linePatterns() -> [LinePattern] {
        var next = 0
        let underOthers = figure.series.contains { $0.role != .contour }
        return figure.series.map { s in
            guard !color else { return .solid }
            if s.role == .contour { return underOthers ? .sparse : .solid }
            defer { next += 1 }
            return LinePattern.curves[next % LinePattern.curves.count]
        }
    }

    /// The legend's sample of a series: its color, or its pattern, framed by the ring and dot
    /// that mark a path's start and end.
    func swatch(_ s: Series, pattern: LinePattern) -> String {
        let ends = s.markers.contains { $0.kind == .start || $0.kind == .end }
        let inner = ends ? Self.swatchCells - 2 : Self.swatchCells
        var text = color ? String(repeating: s.dashed ? "╌" : "━", count: inner) : pattern.swatch(cells: inner)
        if ends { text = "○" + text + "●" }
        return color ? "\u{1B}[\(s.color.ansi)m" + text + "\u{1B}[0m" : text
    }

    /// `s` cut to `width` characters, with an ellipsis when cut.
    func fit(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(max(0, width - 1))) + "…"
    }
}
