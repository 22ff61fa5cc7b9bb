import Foundation
import Testing

/// The real REPL through a pseudo-terminal: typing, line editing with readline, history across
/// two sessions, tab completion, Ctrl-C on a line and during a computation, errors that keep the
/// session. A small Python driver (Support/pty_session.py) plays the keyboard.
@Suite(.serialized) struct REPLTests {
    /// Runs one session with the keystrokes and expectations in `steps`; returns the transcript.
    func session(_ steps: [String], history: String) throws -> String {
        let root = try #require(CLITests.packageRoot)
        let binary = try #require(CLITests.binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Tests/EngineTests/Support/pty_session.py").path, binary.path, history] + steps
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let transcript = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(transcript)")
        return transcript
    }

    func temporaryHistory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-history-\(UUID().uuidString)").path
    }

    @Test func aNewUsersFirstSessionAndTheHistoryItLeaves() throws {
        let history = temporaryHistory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let first = try session([
            "expect:> ",
            "send:f(x) = x^2*sigm\\t(x)\\r", "expect:f(x) = x^2*sigmoid(x)",   // tab completion
            "send:diff(f(x), x)\\r", "expect:x*sigmoid(x)",
            "send:dif(f(x), x)\\r", "expect:unknown function 'dif'; did you mean 'diff'?",  // a typo
            "send:\\x1b[A\\x01\\x1b[C\\x1b[Cf\\r",  // up arrow recalls it; fix it in place (Ctrl-A, right, right, 'f')
            "expect:x*sigmoid(x)",
            "send::quit\\r",
        ], history: history)
        #expect(first.contains("--- exit 0"))
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.contains("diff(f(x), x)\n:quit"))
        // A new session finds the history: two ups recall the fixed line, where f is now an
        // unknown function.
        let second = try session([
            "expect:> ", "send:\\x1b[A\\x1b[A\\r", "expect:f'(x)", "send:\\x04",
        ], history: history)
        #expect(second.contains("--- exit 0"))
    }

    @Test func ctrlCAbandonsTheLineOrTheComputationAndKeepsTheSession() throws {
        let history = temporaryHistory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let transcript = try session([
            "expect:> ", "send:a = 41\\r", "expect:a = 41",
            "send:half typed\\x03", "expect:> ",
            "send:minimize(x^2 + y^2, x=1, y=1, method=gd, lr=0.00000001, max_iterations=10000000)\\r",
            "send:\\x03", "expect:interrupted",
            "send:a + 1\\r", "expect:42",
            "send:(a\\r", "expect:expected ')'", "send:a*2\\r", "expect:82",
            "send:\\x04",
        ], history: history)
        #expect(!transcript.contains("half typed\r\n"))
        #expect(transcript.contains("--- exit 0"))
    }

    @Test func completionOffersCommandsUserNamesAndMetaCommands() throws {
        let history = temporaryHistory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let transcript = try session([
            "expect:> ", "send:learning_rate = 1/10\\r", "expect:learning_rate = 1/10",
            "send:learn\\t*2\\r", "expect:1/5",
            "send:hess\\t(x*y)\\r", "expect:d2/dxdy: 1",
            "send::cl\\t\\r", "send::vars\\r", "expect:(no variables",
            "send:\\x04",
        ], history: history)
        #expect(transcript.contains("--- exit 0"))
    }
}
