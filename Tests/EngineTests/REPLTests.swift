import Foundation
import Testing

/// The real REPL through a pseudo-terminal: typing, line editing with readline, history across
/// two sessions, tab completion, Ctrl-C on a line and during a computation, errors that keep the
/// session. A small Python driver (Support/pty_session.py) plays the keyboard.
@Suite(.serialized) struct REPLTests {
    /// Runs one session with the keystrokes and expectations in `steps`; returns the transcript.
    /// `environment` is added to the program's; `arguments` are given to it.
    func session(_ steps: [String], history: String, environment: [String: String] = [:], arguments: [String] = []) throws -> String {
        let root = try #require(CLITests.packageRoot)
        let binary = try #require(CLITests.binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Tests/EngineTests/Support/pty_session.py").path, binary.path, history] + steps
        let quoted = arguments.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .merging(["PTY_SESSION_ARGS": "[" + quoted.joined(separator: ",") + "]"]) { $1 }
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

    /// One probe line of a transcript: when, CPU time used so far, resident memory.
    struct Probe {
        let wall: Double, cpu: Double, rssKB: Int
    }

    /// The probes of a transcript by label.
    func probes(_ transcript: String) -> [String: Probe] {
        var out: [String: Probe] = [:]
        for line in transcript.split(separator: "\n") where line.hasPrefix("probe ") {
            let fields = line.split(separator: " ")
            func value(_ key: String) -> Double { Double(fields.first { $0.hasPrefix(key + "=") }!.dropFirst(key.count + 1))! }
            out[String(fields[1])] = Probe(wall: value("wall"), cpu: value("cpu"), rssKB: Int(value("rss_kb")))
        }
        return out
    }

    /// Starts `statement`, waits until its progress line shows it is under way (a second in)
    /// and `seconds` more, presses Ctrl-C, and follows the process: the prompt must come back at
    /// once, the CPU must stop, and the memory the statement built must be given back.
    func interrupt(_ statement: String, progress: String, after seconds: Double) throws {
        let history = temporaryHistory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let transcript = try session([
            "expect:> ", "send:1 + 1\\r", "expect:2", "sleep:0.5", "probe:before",
            "send:\(statement)\\r", "expect:\(progress)", "sleep:\(seconds)", "probe:working",
            "send:\\x03", "expect:interrupted", "probe:prompt",
            "sleep:1", "probe:oneSecondLater", "sleep:1", "probe:twoSecondsLater",
            "send:a = 41\\r", "expect:a = 41", "send:a + 1\\r", "expect:42", "send:\\x04",
        ], history: history)
        let p = probes(transcript)
        let before = try #require(p["before"]), working = try #require(p["working"]), prompt = try #require(p["prompt"])
        let later = try #require(p["oneSecondLater"]), last = try #require(p["twoSecondsLater"])
        let report = "\(statement.prefix(40)): \(p)"
        // It was working (on a shared machine its CPU share may be small) and building.
        #expect(working.cpu - before.cpu > 0.2, "\(report)")
        #expect(working.rssKB > before.rssKB + 5_000, "\(report)")
        // The prompt comes back at once (the 0.05 s is the driver's pause after sending).
        #expect(prompt.wall - working.wall < 0.05 + 0.25, "\(report)")
        // What runs after the prompt is only the release of the memory, a fraction of the work
        // before; in the second after that the process is idle.
        #expect(later.cpu - prompt.cpu < max(0.3, (prompt.cpu - before.cpu) / 2), "\(report)")
        #expect(last.cpu - later.cpu < 0.05, "\(report)")
        // The memory the statement built is given back (the pool's tables keep their size).
        #expect(Double(last.rssKB - before.rssKB) < 0.5 * Double(max(working.rssKB, prompt.rssKB) - before.rssKB), "\(report)")
        #expect(transcript.contains("--- exit 0"))
    }

    @Test func ctrlCStopsAHighOrderDerivativeAndGivesItsMemoryBack() throws {
        try interrupt("diff(x^x*sin(x)^x, x, 20)", progress: "derivative orders", after: 1)
    }

    @Test func ctrlCStopsALargeHessianAndGivesItsMemoryBack() throws {
        let product = (0..<400).map { "sin(x\($0))" }.joined(separator: "*")
        try interrupt("hessian(\(product))", progress: "Hessian rows", after: 1)
    }

    @Test func aNameWithAValueIsNoVariableToDifferentiateBy() throws {
        let history = temporaryHistory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let transcript = try session([
            "expect:> ", "send:x = 3\\r", "expect:x = 3",
            "send:diff(x^2, x)\\r", "expect:x has the value 3; :clear x, or differentiate with respect to another name",
            "send:grad(x^2*y)\\r", "expect:d/dy: 9", "expect:note: x = 3 was put in, so x is not a variable here",
            "send:f(t) = t^3\\r", "expect:f(t) = t^3",
            "send:diff(f, t)\\r", "expect:f is a function; write f(t) for its value",
            "send::clear x\\r", "send:diff(x^2, x)\\r", "expect:2*x",
            "send:diff(f(t), t)\\r", "expect:3*t^2",
            "send:\\x04",
        ], history: history)
        #expect(!transcript.contains("\r\n0\r\n"), "no derivative silently 0: \(transcript)")
        #expect(transcript.contains("--- exit 0"))
    }

    @Test func helpFitsTheTerminalAndHabitsFromOtherToolsAreAnswered() throws {
        let history = temporaryHistory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let transcript = try session([
            "expect:> ", "send:%\\r", "expect:there is no result yet",
            "send:quit\\r", "expect::quit leaves",
            "send:exit\\r", "expect::quit leaves",
            "send:help\\r", "expect::help lists the commands",
            "send:?\\r", "expect::help lists the commands",
            "send:d/dx x^2\\r", "expect:write diff(x^2, x)",
            "send::help\\r", "expect:Meta commands:", "expect:> ",
            "send::help minimize\\r", "expect:Examples:", "expect:> ",
            "send:\\x04",
        ], history: history, environment: ["COLUMNS": "72"])
        #expect(!transcript.contains("--wrt"), "the statement language has no --wrt: \(transcript)")
        // What the terminal shows of each line: after its last carriage return, without
        // readline's escape sequences.
        let escapes = /\u{1B}\[[0-9;?]*[A-Za-z]/
        for line in transcript.split(separator: "\r\n") {
            let shown = line.replacing(escapes, with: "").split(separator: "\r", omittingEmptySubsequences: false).last ?? ""
            #expect(shown.count <= 72, "wider than the terminal: \(shown)")
        }
        #expect(transcript.contains("--- exit 0"))
    }

    @Test func longWorkShowsProgressOnATerminalAndClearsIt() throws {
        let history = temporaryHistory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        // Several seconds in a debug build, most of them in the last orders.
        let transcript = try session([
            "expect:> ", "send:eval(diff(x^x*sin(x)^x, x, 12), x=1)\\r", "expect:/12 derivative orders", "expect:/s",
            "expect:9334445.6556", "expect:> ", "send:1 + 1\\r", "expect:2", "send:\\x04",
        ], history: history)
        // Drawn over itself with carriage returns, never scrolling; erased before the result.
        #expect(!transcript.contains("derivative orders\r\n"))
        #expect(transcript.contains("\r\u{1B}[K"), "the progress line is erased")
        #expect(transcript.contains("--- exit 0"))
    }
}

