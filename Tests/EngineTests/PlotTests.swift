import Foundation
import SymDiff
import Testing

/// Figures built through the library and checked as data and as parsed SVG: well-formed, inside
/// the viewBox, no NaN, gaps at poles and domain edges, a legend naming every curve.
@Suite struct PlotTests {
    let x = Expr.symbol("x"), y = Expr.symbol("y")

    func parse(_ text: String) throws -> Expr { try Parser().parse(text) }

    /// The SVG of `figure`, parsed, with the checks every figure must pass.
    func checkedSVG(_ figure: Figure) throws -> SVGDocument {
        let svg = figure.svg()
        #expect(!svg.lowercased().contains("nan") && !svg.contains("inf"), "no NaN or infinity anywhere in the SVG")
        let document = try #require(SVGDocument(svg), "the SVG is well-formed XML with a viewBox")
        for p in document.coordinates {
            #expect(p.x.isFinite && p.y.isFinite)
            #expect((0...document.width).contains(p.x) && (0...document.height).contains(p.y), "(\(p.x), \(p.y)) outside the viewBox")
        }
        let labels = document.elements(named: "text", class: "legend-label").map(\.text)
        for s in figure.series where s.label != nil {
            #expect(labels.contains(s.label!), "the legend names \(s.label!)")
        }
        #expect(figure.svg() == svg, "the same figure gives the same bytes")
        return document
    }

    /// The pixel x of data value `v`, from the frame of the plot area and the window.
    func pixelX(_ v: Double, _ document: SVGDocument, _ figure: Figure) throws -> Double {
        let frame = try #require(document.elements(named: "rect", class: "frame").first)
        let left = Double(frame.attributes["x"]!)!, width = Double(frame.attributes["width"]!)!
        let w = figure.window.x
        return left + (v - w.lowerBound) / (w.upperBound - w.lowerBound) * width
    }

    @Test func sigmoidWithDerivativeAndTangent() throws {
        let figure = try Plotter().plot1D(expression: parse("sigmoid(x)"), variable: x, range: -6...6, derivatives: [1], tangentAt: 0.5)
        #expect(figure.series.map(\.role) == [.function, .derivative, .tangent])
        #expect(figure.series[1].label == "f'(x) = sigmoid(x)*(1 - sigmoid(x))")
        #expect(figure.series[0].pieces.count == 1, "a continuous curve is one piece")
        #expect(figure.window.y.contains(0) && figure.window.y.contains(1))
        let document = try checkedSVG(figure)
        #expect(document.elements(named: "path", class: "function").count == 1)
        #expect(document.elements(named: "path", class: "derivative").count == 1)
        #expect(document.elements(named: "path", class: "tangent").count == 1)
        // The tangent touches the curve at 0.5: its marker is at (0.5, sigmoid(0.5)).
        let marker = try #require(figure.series[2].markers.first)
        #expect(marker.kind == .point && abs(marker.point.y - 1 / (1 + exp(-0.5))) < 1e-12)
    }

    @Test func adaptiveSamplingIsDenseWhereTheCurveBends() throws {
        // A uniform grid would put as many samples in [0.5, 0.55] as in [-0.025, 0.025].
        let figure = try Plotter().plot1D(expression: parse("tanh(50*x)"), variable: x, range: -1...1)
        let points = figure.series[0].pieces.flatMap { $0 }
        let bend = points.filter { abs($0.x) < 0.025 }.count
        let flat = points.filter { $0.x > 0.5 && $0.x < 0.55 }.count
        #expect(bend > 3 * flat, "\(bend) samples in the bend, \(flat) where it is flat")
    }

    @Test(arguments: [(-5.0, 5.0), (-4.3, 5.1), (-5.1, 5.1)])
    func poleIsAGap(range: (Double, Double)) throws {
        let figure = try Plotter().plot1D(expression: parse("1/x"), variable: x, range: range.0...range.1, derivatives: [1])
        for s in figure.series {
            #expect(s.pieces.count >= 2, "\(s.label!) is broken at the pole")
            for piece in s.pieces {
                #expect(piece.allSatisfy { $0.x < 0 } || piece.allSatisfy { $0.x > 0 }, "no piece crosses x = 0")
            }
        }
        let document = try checkedSVG(figure)
        let zero = try pixelX(0, document, figure)
        let path = try #require(document.elements(named: "path", class: "function").first)
        let subpaths = SVGDocument.subpaths(path.attributes["d"]!)
        #expect(subpaths.count >= 2)
        for sub in subpaths {
            #expect(sub.allSatisfy { $0.x <= zero } || sub.allSatisfy { $0.x >= zero }, "no subpath crosses x = 0")
        }
    }

    @Test func tanIsBrokenAtEveryPole() throws {
        let figure = try Plotter().plot1D(expression: parse("tan(x)"), variable: x, range: -5...5)
        let poles = [-3 * Double.pi / 2, -Double.pi / 2, Double.pi / 2, 3 * Double.pi / 2]
        #expect(figure.series[0].pieces.count == 5)
        for piece in figure.series[0].pieces {
            for pole in poles {
                // A piece may end on the double nearest the pole, on its own side.
                #expect(piece.allSatisfy { $0.x <= pole } || piece.allSatisfy { $0.x >= pole }, "a piece crosses \(pole)")
            }
            // tan increases on each branch: a piece that falls has been joined across a pole.
            #expect(zip(piece, piece.dropFirst()).allSatisfy { $0.y < $1.y }, "each piece is one branch")
        }
        _ = try checkedSVG(figure)
    }

    @Test func stepIsAGapAndDomainEdgeIsReached() throws {
        let step = try Plotter().plot1D(expression: parse("sign(x - 0.3)"), variable: x, range: -2...2)
        #expect(step.series[0].pieces.count >= 2)
        for piece in step.series[0].pieces {
            #expect(piece.allSatisfy { $0.y <= 0 } || piece.allSatisfy { $0.y >= 0 }, "no vertical line at the jump")
        }
        let root = try Plotter().plot1D(expression: parse("sqrt(x)"), variable: x, range: -1...1)
        let pieces = root.series[0].pieces
        #expect(pieces.count == 1)
        #expect(pieces[0].allSatisfy { $0.x >= 0 })
        #expect(pieces[0][0].x < 1e-9, "the curve starts at the edge of the domain, not at the next sample")
        _ = try checkedSVG(root)
    }

    @Test func contourPlotWithOptimizerPaths() throws {
        let f = try parse("100*(y - x^2)^2 + (1 - x)^2")
        let objective = try Objective(f, variables: [x, y], withHessian: true)
        let newton = Minimizer(method: .newton).minimize(objective, from: [-1.2, 1], recordTrace: true)
        let gd = Minimizer(method: .gradientDescent(learningRate: nil), maximumIterations: 400).minimize(objective, from: [-1.2, 1], recordTrace: true)
        let paths = [("gd", gd), ("newton", newton)].map { name, result in
            OptimizerPath(label: name, points: result.trace.map { PlotPoint($0.x[0], $0.x[1]) })
        }
        let window = Plotter.window(around: paths)
        #expect(window.contains(PlotPoint(-1.2, 1)) && window.contains(PlotPoint(1, 1)))
        let figure = try Plotter(gridCells: 80).contour(expression: f, variables: [x, y], window: window, paths: paths)
        let document = try checkedSVG(figure)
        #expect(document.elements(named: "path", class: "contour").count >= 5)
        #expect(document.elements(named: "path", class: "path").count == 2, "one polyline per method")
        let legend = document.elements(named: "text", class: "legend-label").map(\.text)
        #expect(legend.contains { $0.contains("log-spaced") }, "Rosenbrock's range gets log-spaced levels")
    }

    @Test func contourLinesFollowTheLevel() throws {
        // x^2 + y^2 over [-2.5, 2.5]^2 ranges over 0...12.5: evenly spaced levels 1, 2, …, 12. Each
        // contour is then a circle of radius sqrt(level), up to the grid's interpolation error.
        let figure = try Plotter(gridCells: 60).contour(expression: parse("x^2 + y^2"), variables: [x, y],
                                                        window: PlotWindow(x: -2.5...2.5, y: -2.5...2.5))
        let contours = figure.series.filter { $0.role == .contour }
        #expect(contours.count == 12)
        for (k, s) in contours.enumerated() {
            let squares = s.pieces.flatMap { $0 }.map { $0.x * $0.x + $0.y * $0.y }
            #expect(!squares.isEmpty)
            #expect(squares.allSatisfy { abs($0 - Double(k + 1)) < 0.01 }, "level \(k + 1)")
        }
        // Levels 1 to 6 are whole circles inside the window: one closed line each.
        for s in contours.prefix(6) {
            #expect(s.pieces.count == 1)
            #expect(s.pieces[0].first == s.pieces[0].last, "closed")
        }
    }

    @Test func brailleHasTheRequestedSize() throws {
        let line = try Plotter().plot1D(expression: parse("sin(x)"), variable: x, range: -6...6, derivatives: [1, 2])
        let contour = try Plotter(gridCells: 40).contour(expression: parse("x^2 + 3*y^2"), variables: [x, y],
                                                         window: PlotWindow(x: -2...2, y: -2...2))
        for figure in [line, contour] {
            for (columns, rows) in [(80, 24), (40, 12), (132, 50)] {
                let text = figure.braille(columns: columns, rows: rows)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                #expect(lines.count == rows)
                #expect(lines.allSatisfy { $0.count <= columns }, "no line wider than \(columns)")
                #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "dots are drawn")
                #expect(!text.contains("\u{1B}"), "no color unless asked")
            }
        }
        let legend = line.braille(columns: 80, rows: 24)
        #expect(legend.contains("f(x) = sin(x)") && legend.contains("f'(x) = cos(x)") && legend.contains("f''(x) = -sin(x)"))
        #expect(legend.contains("-6") && legend.contains("6"), "the x axis is labelled")
    }

    @Test func colorOnlyChangesInkAndPatterns() throws {
        let figure = try Plotter().plot1D(expression: parse("x^3 - x"), variable: x, range: -2...2, derivatives: [1])
        let plain = figure.braille(columns: 70, rows: 20)
        let colored = figure.braille(columns: 70, rows: 20, color: true)
        #expect(colored.contains("\u{1B}[34m") && colored.contains("\u{1B}[31m"), "each curve in its color")
        let stripped = colored.replacing(/\u{1B}\[[0-9;]*m/, with: "")
        let plainLines = plain.split(separator: "\n"), strippedLines = stripped.split(separator: "\n")
        #expect(plainLines.count == strippedLines.count)
        // The axes and labels are the same; only the dots of the curves (and the swatches) differ.
        func labels(_ line: Substring) -> String { String(line.unicodeScalars.filter { !(0x2800...0x28FF).contains($0.value) }.map(Character.init)) }
        for (a, b) in zip(plainLines, strippedLines) where !a.hasPrefix("⠒") {
            #expect(labels(a).trimmingCharacters(in: .whitespaces) == labels(b).trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func badInputThrows() throws {
        let p = Plotter()
        #expect(throws: PlotError.self) { try p.plot1D(expression: parse("x*y"), variable: x, range: -1...1) }
        #expect(throws: PlotError.self) { try p.plot1D(expression: parse("x"), variable: x, range: 1...1) }
        #expect(throws: PlotError.self) { try p.plot1D(expression: parse("x"), variable: x, range: -1...1, derivatives: [0]) }
        #expect(throws: PlotError.self) { try p.plot1D(expression: parse("x"), variable: x, range: -1...1, tangentAt: 3) }
        #expect(throws: PlotError.self) { try p.plot1D(expression: parse("1/x"), variable: x, range: -1...1, tangentAt: 0) }
        #expect(throws: PlotError.self) { try p.plot1D(expression: parse("log(x)"), variable: x, range: -3 ... -1) }
        #expect(throws: PlotError.self) { try p.contour(expression: parse("x"), variables: [x], window: PlotWindow(x: -1...1, y: -1...1)) }
    }

    @Test func niceTicksAreWrittenExactly() {
        #expect(NiceScale.ticks(in: -6...6, count: 8).map(\.value) == [-6, -4, -2, 0, 2, 4, 6])
        #expect(NiceScale.ticks(in: 0...1, count: 5).map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(NiceScale.ticks(in: -0.05...0.3, count: 7).map(\.label) == ["-0.05", "0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"])
        #expect(NiceScale.ticks(in: 1.0000001...1.0000004, count: 3).map(\.label) == ["1.0000001", "1.0000002", "1.0000003", "1.0000004"])
        #expect(NiceScale.ticks(in: 0...4e-6, count: 2).map(\.label) == ["0", "2e-06", "4e-06"])
        #expect(NiceScale.step(atLeast: 0.03) == 0.05 && NiceScale.step(atLeast: 3) == 5 && NiceScale.step(atLeast: 120) == 200)
        #expect(NiceScale.step(atLeast: 7) == 10 && NiceScale.step(atLeast: 0.001) == 0.001)
        // Every label reads back as its value.
        for range in [-0.0473...0.91, -1e-3...1e-3, 3.7...1234.5, -2e7 ... -1e5] {
            for tick in NiceScale.ticks(in: range, count: 6) {
                #expect(Double(tick.label) == tick.value, "\(tick.label) for \(tick.value)")
            }
        }
    }
}
