import Foundation
import Testing

/// `symdiff run` and statements from stdin, through the built binary: the committed examples
/// reproduce their outputs, errors name file:line:column and stop the run with a non-zero exit.
@Suite struct ScriptTests {
    static var examples: [URL] {
        guard let root = CLITests.packageRoot else { return [] }
        let folder = root.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".sd") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func thereAreExamples() {
        #expect(Self.examples.count >= 7)
    }

    @Test(arguments: ScriptTests.examples)
    func exampleReproducesItsCommittedOutput(_ script: URL) throws {
        let expected = try String(contentsOf: script.deletingPathExtension().appendingPathExtension("expected"), encoding: .utf8)
        // Notes on stderr (a kink's one-sided derivatives) are committed beside the output.
        let notes = (try? String(contentsOf: script.deletingPathExtension().appendingPathExtension("notes"), encoding: .utf8)) ?? ""
        let run = try CLITests.symdiff(["run", script.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == notes)
        #expect(run.stdout == expected)
    }

    func writeScript(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-\(UUID().uuidString).sd").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func anErrorInLineSevenReportsLineSevenAndStops() throws {
        let path = try writeScript("a = 1\nb = 2\n# comment\n\nx^2\ndiff(x^3, x)\ndiff(x^2, 2)\nx^9\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CLITests.symdiff(["run", path])
        #expect(run.status == 1)
        #expect(run.stdout == "a = 1\nb = 2\nx^2\n3*x^2\n")
        #expect(run.stderr == "\(path):7:11: error: expected a variable name here\n  diff(x^2, 2)\n            ^\n")
    }

    @Test func keepGoingRunsEveryStatementAndStillFails() throws {
        let path = try writeScript("x^2\nsin(\nx^3\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CLITests.symdiff(["run", "--keep-going", path])
        #expect(run.status == 1)
        #expect(run.stdout == "x^2\nx^3\n")
        #expect(run.stderr.hasPrefix("\(path):2:5: error:"))
    }

    @Test func aFailingAssertionExitsNonZeroAndShowsBothSides() throws {
        let run = try CLITests.symdiff(["run", "-"], stdin: "assert diff(x^2, x) == 2x\nassert diff(sin(x), x) == -cos(x)\nx\n")
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("<stdin>:2: assertion failed: assert diff(sin(x), x) == -cos(x)\n  left:  cos(x)\n  right: -cos(x)\n"))
    }

    @Test func statementsFromAPipeRunWithoutPrompts() throws {
        let run = try CLITests.symdiff([], stdin: "f(x) = x^3\ndiff(f(x), x)\n:quit\nx^9\n")
        #expect(run.status == 0)
        #expect(run.stdout == "f(x) = x^3\n3*x^2\n")
    }

    @Test func unreadableAndBinaryScriptsAreClearErrors() throws {
        let missing = try CLITests.symdiff(["run", "/nonexistent/file.sd"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: cannot read '/nonexistent/file.sd': No such file or directory\n")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-\(UUID().uuidString).sd").path
        try Data([0x78, 0x0A, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let binary = try CLITests.symdiff(["run", path])
        #expect(binary.status == 1)
        #expect(binary.stderr.contains("is not UTF-8 text (invalid byte 0xFF at byte offset 2)"))
    }
}
