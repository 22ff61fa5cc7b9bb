import Foundation
import Testing

/// Every script in examples/ run by the built binary prints exactly its `.expected` file: the
/// examples a course hands out stay true.
@Suite struct ExampleScriptTests {
    static let scripts: [String] = {
        guard let root = CLITests.packageRoot,
              let names = try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path) else { return [] }
        return names.filter { $0.hasSuffix(".sd") }.sorted()
    }()

    @Test(arguments: scripts)
    func printsItsExpectedOutput(_ name: String) throws {
        let root = try #require(CLITests.packageRoot)
        let script = root.appendingPathComponent("examples/" + name)
        let expected = try String(contentsOf: script.deletingPathExtension().appendingPathExtension("expected"), encoding: .utf8)
        let run = try CLITests.symdiff(["run", script.path])
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(run.stdout == expected, "\(name) prints something else")
    }
}
