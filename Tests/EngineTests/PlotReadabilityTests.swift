import Foundation
import SymDiff
@testable import Plot
import Testing

/// Plots as a person reads them: gaps at jumps (no vertical bars), derivatives only where the
/// function exists, a simplified tangent, curves told apart without color, every legend entry on
/// a short terminal, round values on both axes, labelled contours, distinct path ends.
@Suite struct PlotReadabilityTests {
    let x = Expr.symbol("x"), y = Expr.symbol("y")

    func parse(_ text: String) throws -> Expr { try Parser().parse(text) }

    /// The lit dots of a braille drawing's plot area, as (dot column, dot row), read back from
    /// the characters right of the axis.
    struct Dots {
        var lit: Set<[Int]> = []
        var width = 0

        init(_ text: String) {
            let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
            var row = 0
            for line in text.split(separator: "\n") {
                guard let axis = line.firstIndex(where: { $0 == "│" || $0 == "┤" }) else { continue }
                let cells = Array(line[line.index(after: axis)...].unicodeScalars)
                width = max(width, cells.count * 2)
                for (column, cell) in cells.enumerated() where (0x2800...0x28FF).contains(cell.value) {
                    let value = cell.value - 0x2800
                    for dx in 0..<2 { for dy in 0..<4 where value & bits[dx][dy] != 0 { lit.insert([column * 2 + dx, row * 4 + dy]) } }
                }
                row += 1
            }
        }

        /// How many dots are lit in each dot column.
        var columnCounts: [Int: Int] { lit.reduce(into: [:]) { $0[$1[0], default: 0] += 1 } }
    }

    /// The dot column of data value `v` in a drawing `dots` wide over `window`.
    func dotColumn(_ v: Double, _ window: ClosedRange<Double>, width: Int) -> Int {
        Int(((v - window.lowerBound) / (window.upperBound - window.lowerBound) * Double(width - 1)).rounded())
    }

    @Test func signJumpIsAGapNotABar() throws {
        // What `COLUMNS=60 LINES=12 symdiff plot 'sign(x-0.3)' --range -2:2` draws (one line is
        // kept for the prompt).
        let figure = try Plotter().plot1D(expression: parse("sign(x - 0.3)"), variable: x, range: -2...2)
        let pieces = figure.series[0].pieces
        #expect(pieces.count == 2)
        #expect(pieces[0].allSatisfy { $0.y == -1 && $0.x < 0.3 } && pieces[1].allSatisfy { $0.y == 1 && $0.x > 0.3 })
        #expect(pieces[0].last!.x == 0.3.nextDown && pieces[1].first!.x == 0.3.nextUp, "the sides meet at the jump")
        let dots = Dots(figure.braille(columns: 60, rows: 11))
        let guide = dotColumn(0, figure.window.x, width: dots.width)
        for (column, count) in dots.columnCounts where abs(column - guide) > 0 {
            #expect(count <= 3, "dot column \(column) has \(count) dots: a vertical bar")
        }
    }

    @Test func derivativeStepsAreGaps() throws {
        let figure = try Plotter().plot1D(expression: parse("relu(x) - 0.5*abs(x - 1)"), variable: x, range: -5...5, derivatives: [1])
        #expect(figure.series[0].pieces.count == 1, "the function is continuous")
        let derivative = figure.series[1].pieces
        #expect(derivative.count == 3)
        for (piece, level) in zip(derivative, [0.5, 1.5, 0.5]) { #expect(piece.allSatisfy { $0.y == level }) }
        let dots = Dots(figure.braille(columns: 60, rows: 13))
        let one = dotColumn(1, figure.window.x, width: dots.width)
        for column in (one - 1)...(one + 1) {
            #expect((dots.columnCounts[column] ?? 0) <= 4, "no vertical segment at x = 1")
        }
    }

    @Test func aStepThatDoesNotMoveTheCurveLeavesNoGap() throws {
        let figure = try Plotter().plot1D(expression: parse("x*sign(x) + heaviside(x - 1)*(x - 1)^2"), variable: x, range: -2...2)
        #expect(figure.series[0].pieces.count == 1)
    }

    @Test func derivativesAreDrawnOnlyWhereTheFunctionIsDefined() throws {
        let figure = try Plotter().plot1D(expression: parse("log(x)"), variable: x, range: -5...5, derivatives: [1, 2])
        for s in figure.series {
            #expect(!s.pieces.isEmpty)
            #expect(s.pieces.allSatisfy { $0.allSatisfy { $0.x > 0 } }, "\(s.label!) is drawn for x <= 0")
        }
        #expect(figure.window.y.upperBound < 50, "the window is not chosen from 1/x at negative x")
    }

    @Test(arguments: [
        (1.0, 1.0, 0.0, "x - 1"), (-1, 0, 0, "-x"), (0, 2, 3, "3"), (0, 0, 0, "0"), (2.5, 1, 2, "2.5*x - 0.5"),
        (-1, .pi, 1.2246467991473532e-16, "-x + 3.142"), (0.2350037122015945, 0.5, 0.6224593312018546, "0.235*x + 0.505"),
    ] as [(Double, Double, Double, String)])
    func tangentLinesAreWrittenSimply(slope: Double, atX: Double, atY: Double, text: String) {
        #expect(Plotter.lineText(slope: slope, through: PlotPoint(atX, atY), variable: "x") == text)
    }

    @Test func tangentLegend() throws {
        let figure = try Plotter().plot1D(expression: parse("log(x)"), variable: x, range: 0.1...3, tangentAt: 1)
        #expect(figure.legend.last?.label == "tangent at x = 1: y = x - 1")
    }

    /// Two horizontal lines: without color the second is dashed, and its legend swatch shows the
    /// same dashes.
    @Test func curvesDifferWithoutColor() {
        let series = [2.5, 1.5].enumerated().map { k, level in
            Series(role: k == 0 ? .function : .derivative, label: k == 0 ? "upper" : "lower", color: .curve(k),
                   pieces: [[PlotPoint(1, level), PlotPoint(3, level)]])
        }
        let figure = Figure(title: "two lines", xLabel: "x", yLabel: "", window: PlotWindow(x: 1...3, y: 1...3), series: series)
        let text = figure.braille(columns: 40, rows: 14)
        let dots = Dots(text)
        // The dot columns lit on each line's dot row, left to right.
        let rows = Dictionary(grouping: dots.lit, by: { $0[1] }).filter { $0.value.count > 4 }
        let lines = rows.keys.sorted().map { rows[$0]!.map { $0[0] }.sorted() }
        #expect(lines.count == 2)
        #expect(lines[0] == Array(0..<dots.width), "the first curve is solid")
        #expect(lines[1].count < dots.width * 3 / 4 && lines[1].count > dots.width / 2, "the second is dashed: \(lines[1].count) of \(dots.width)")
        // Its swatch: the same on-off pattern from the start.
        let legend = text.split(separator: "\n").suffix(2).map(String.init)
        #expect(legend[0].hasSuffix(" upper") && legend[1].hasSuffix(" lower"))
        let swatch = Dots("│" + legend[1].prefix(4))
        let swatchColumns = Set(swatch.lit.map { $0[0] })
        #expect(swatchColumns == Set(lines[1].filter { $0 < 8 }), "the legend shows the line's dashes")
        #expect(legend[0].prefix(4) != legend[1].prefix(4))
        let colored = figure.braille(columns: 40, rows: 14, color: true)
        #expect(colored.contains("\u{1B}[34m━━━━\u{1B}[0m upper"), "with color, a solid swatch in the curve's color")
    }

    @Test func theLegendNeverDropsAnEntry() throws {
        let figure = try Plotter().plot1D(expression: parse("sin(x)"), variable: x, range: -3...3, derivatives: [1, 2, 3, 4, 5], tangentAt: 1)
        #expect(figure.legend.count == 7)
        for rows in [5, 8, 12, 24] {
            let text = figure.braille(columns: 60, rows: rows)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            for s in figure.legend { #expect(text.contains(s.label!.prefix(40)), "\(rows) rows: \(s.label!) is in the legend") }
            #expect(lines.count >= rows)
            if rows >= 7 + 3 + 4 + 1 { #expect(lines.count == rows, "exactly the rows asked for when they suffice") }
        }
    }

    @Test func bothAxesCarryRoundValues() throws {
        let figure = try Plotter().plot1D(expression: parse("0.1*x^3 - 0.0473"), variable: x, range: -2.2...2.9)
        let lines = figure.braille(columns: 70, rows: 20).split(separator: "\n").map(String.init)
        let yLabels = lines.compactMap { line -> Double? in
            guard let mark = line.firstIndex(of: "┤") else { return nil }
            return Double(line[..<mark].trimmingCharacters(in: .whitespaces))
        }
        let axisLine = try #require(lines.firstIndex { $0.contains("└") })
        let xLabels = lines[axisLine + 1].split(separator: " ").compactMap { Double($0) }
        for labels in [yLabels, xLabels] {
            #expect(labels.count >= 3, "\(labels)")
            let steps = zip(labels, labels.dropFirst()).map { abs($1 - $0) }
            let step = steps[0]
            #expect(steps.allSatisfy { abs($0 - step) < 1e-9 * step }, "evenly spaced: \(labels)")
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1.0, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "a step of 1, 2 or 5 times a power of ten: \(step)")
            #expect(labels.allSatisfy { abs(($0 / step).rounded() * step - $0) < 1e-9 * step }, "on multiples of the step: \(labels)")
        }
        #expect(lines[axisLine].filter { $0 == "┬" }.count == xLabels.count, "a mark above each x label")
    }

    @Test func contourLevelsAreLabelled() throws {
        let figure = try Plotter(gridCells: 60).contour(expression: parse("x^2 + 3*y^2"), variables: [x, y],
                                                        window: PlotWindow(x: -2...2, y: -2...2))
        let levels = Set(figure.series.compactMap(\.level).map(Plotter.levelText))
        let document = try #require(SVGDocument(figure.svg()))
        let labels = document.elements(named: "text", class: "contour-label").map(\.text)
        #expect(labels.count >= 4 && labels.count <= 6, "\(labels)")
        #expect(labels.allSatisfy(levels.contains), "each label is a level: \(labels)")
        let braille = figure.braille(columns: 80, rows: 30)
        #expect(levels.contains { level in braille.contains(level) && level.count >= 2 }, "the terminal shows some levels too")
    }

    @Test func pathEndsLookDifferent() throws {
        let path = OptimizerPath(label: "descent", points: [PlotPoint(-1.5, 1.5), PlotPoint(-0.5, 0.5), PlotPoint(0, 0)])
        let figure = try Plotter(gridCells: 40).contour(expression: parse("x^2 + y^2"), variables: [x, y],
                                                        window: PlotWindow(x: -2...2, y: -2...2), paths: [path])
        let markers = try #require(figure.series.last?.markers)
        #expect(markers.map(\.kind) == [.start, .end])
        let document = try #require(SVGDocument(figure.svg()))
        let start = document.elements(named: "circle", class: "marker-start"), end = document.elements(named: "circle", class: "marker-end")
        #expect(start.count == 2 && end.count == 2, "on the path and in the legend")
        #expect(start[0].attributes["fill"] == "#ffffff" && end[0].attributes["fill"] != "#ffffff", "a ring and a dot")
        let braille = figure.braille(columns: 60, rows: 20)
        #expect(braille.filter { $0 == "○" }.count == 2 && braille.filter { $0 == "●" }.count == 2, "on the path and in the legend")
    }
}
