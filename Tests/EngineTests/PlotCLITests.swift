import Foundation
import Testing

/// `symdiff plot` and `symdiff minimize --plot`, run as the built binary: files written whole or
/// not at all, clear errors with non-zero status, terminal output of the expected size.
@Suite struct PlotCLITests {
    /// A fresh, empty directory for one test's files.
    func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-plot-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func files(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func writesSVGWithLegend() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sigmoid.svg").path
        let r = try CLITests.symdiff(["plot", "sigmoid(x)", "--range", "-6:6", "--derivatives", "1", "--tangent-at", "0.5", "--output", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        #expect(try files(in: dir) == ["sigmoid.svg"], "no temporary file left behind")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        let document = try #require(SVGDocument(svg))
        let legend = document.elements(named: "text", class: "legend-label").map(\.text)
        #expect(legend.count == 3)
        #expect(legend[0] == "f(x) = sigmoid(x)" && legend[1] == "f'(x) = sigmoid(x)*(1 - sigmoid(x))")
        #expect(legend[2].hasPrefix("tangent at x = 0.5"))
    }

    @Test func contourPlotOfTwoVariables() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bowl.svg").path
        let r = try CLITests.symdiff(["plot", "x^2 + 3*y^2 - x*y", "--vars", "x,y", "--range", "-2:2,-1:3", "--output", path])
        #expect(r.status == 0, "\(r.stderr)")
        let document = try #require(SVGDocument(try String(contentsOfFile: path, encoding: .utf8)))
        #expect(document.elements(named: "path", class: "contour").count >= 5)
    }

    @Test func minimizeDrawsOnePathPerMethod() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("paths.svg").path
        let r = try CLITests.symdiff(["minimize", "x^2 + 10*y^2", "--from", "x=1,y=1", "--compare", "gd,newton", "--plot", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("gd:\n") && r.stdout.contains("\nnewton:\n"), "a result block per method")
        let document = try #require(SVGDocument(try String(contentsOfFile: path, encoding: .utf8)))
        #expect(document.elements(named: "path", class: "path").count == 2)
        let legend = document.elements(named: "text", class: "legend-label").map(\.text)
        #expect(legend.contains { $0.hasPrefix("gradient descent") } && legend.contains { $0.hasPrefix("Newton") })
    }

    @Test func terminalOutputFitsTheTerminal() throws {
        // Not a terminal here: COLUMNS and LINES when set, else 80 x 24; one line is left for the prompt.
        let environment = ProcessInfo.processInfo.environment
        let columns = environment["COLUMNS"].flatMap { Int($0) } ?? 80
        let rows = environment["LINES"].flatMap { Int($0) } ?? 24
        let r = try CLITests.symdiff(["plot", "1/x", "--range", "-3:3", "--terminal"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == rows - 1)
        #expect(lines.allSatisfy { $0.count <= columns })
        #expect(r.stdout.contains("f(x) = 1/x"))
        #expect(!r.stdout.contains("\u{1B}"), "no color codes when the output is not a terminal")
    }

    @Test func pngThroughTheConverter() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cube.png").path
        let r = try CLITests.symdiff(["plot", "x^3", "--output", path])
        let converter = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/rsvg-convert") }
        if converter {
            #expect(r.status == 0, "\(r.stderr)")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG file")
        } else {
            #expect(r.status == 1)
            #expect(r.stderr.contains("rsvg-convert"), "the message names the missing converter")
            #expect(try files(in: dir).isEmpty)
        }
    }

    @Test(arguments: [
        (["plot", "x^2", "--range", "2:1"], "--range"),
        (["plot", "x^2", "--range", "-1:z"], "--range"),
        (["plot", "x^2", "--wrt", "z"], "x"),
        (["plot", "x*y*z"], "--wrt"),
        (["plot", "x^2", "--derivatives", "one"], "--derivatives"),
        (["plot", "x^2", "--derivatives", "11"], "order"),
        (["plot", "x^2", "--tangent-at", "9", "--range", "-1:1"], "outside"),
        (["plot", "x*y", "--vars", "x,y", "--derivatives", "1"], "one variable"),
        (["plot", "log(x)", "--range", "-3:-1"], "not defined"),
        (["minimize", "x^2 + y^2 + z^2", "--from", "x=1,y=1,z=1", "--plot", "p.svg"], "two variables"),
        (["minimize", "x^2 + y^2", "--from", "x=1,y=1", "--compare", "gd,sgd"], "sgd"),
    ])
    func badInputFailsClearly(arguments: [String], mention: String) throws {
        let r = try CLITests.symdiff(arguments)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("error: ") || r.stderr.hasPrefix("Error: "), "\(r.stderr)")
        #expect(r.stderr.contains(mention), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("crashed"))
    }

    @Test func unwritableOutputLeavesNoFile() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no-such-dir/plot.svg").path
        let r = try CLITests.symdiff(["plot", "x^2", "--output", missing])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no-such-dir"))
        #expect(try files(in: dir).isEmpty)
        let wrongKind = dir.appendingPathComponent("plot.pdf").path
        let w = try CLITests.symdiff(["plot", "x^2", "--output", wrongKind])
        #expect(w.status == 64)
        #expect(w.stderr.contains(".svg or .png"))
        #expect(try files(in: dir).isEmpty)
    }
}
