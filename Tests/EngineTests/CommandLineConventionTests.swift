import Foundation
import Session
import SymDiff
import Testing

/// What a shell user expects of a command-line tool: -V, completion scripts and a man page
/// written from the command table, "did you mean" for every kind of misspelling, `--file` that
/// skips blank lines and comments, and one table of exit statuses that every command follows.
@Suite struct CommandLineConventionTests {
    typealias Run = CLITests.Run
    func symdiff(_ arguments: [String], stdin: String? = nil) throws -> Run { try CLITests.symdiff(arguments, stdin: stdin) }

    @Test func versionFlags() throws {
        for flag in ["-V", "--version"] {
            let r = try symdiff([flag])
            #expect(r.stdout.hasPrefix("symdiff "), "\(flag)")
            #expect(r.status == 0)
        }
    }

    // MARK: - Completion and the man page, from the table

    /// Every command and every option of the command line, as the table has them.
    var tableNames: (commands: [String], options: [String]) {
        let commands = CommandTable.available(in: .commandLine)
        return (commands.flatMap { [$0.name] + $0.aliases },
                commands.flatMap { $0.parameters(in: .commandLine).compactMap(\.optionName) })
    }

    @Test func everyShellGetsEveryCommandAndOption() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try symdiff(["--generate-completion-script", shell])
            #expect(r.status == 0)
            for name in tableNames.commands { #expect(r.stdout.contains(name), "\(shell) lacks \(name)") }
            for option in Set(tableNames.options) {
                let spelled = shell == "fish" ? "-l \(option.dropFirst(2))" : option
                #expect(r.stdout.contains(spelled), "\(shell) lacks \(option)")
            }
        }
        let unknown = try symdiff(["--generate-completion-script", "tcsh"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("bash, zsh, fish"))
    }

    /// Runs the bash completion function on a command line typed up to `words`.
    func bashCompletion(_ words: [String]) throws -> [String] {
        let script = try symdiff(["--generate-completion-script", "bash"]).stdout
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-completion-\(UUID().uuidString).bash")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "source '\(file.path)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _symdiff; printf '%s\\n' \"${COMPREPLY[@]}\""]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesCommandsOptionsAndChoices() throws {
        #expect(try bashCompletion(["symdiff", "gr"]) == ["grad", "gradient"])
        #expect(try bashCompletion(["symdiff", "grad", "x*y", "--fo"]) == ["--format"])
        #expect(try bashCompletion(["symdiff", "grad", "x*y", "--format", "la"]) == ["latex"])
        #expect(try bashCompletion(["symdiff", "minimize", "x^2", "--method", ""]) == ["newton", "gd"])
        // The default command's options with no command named.
        #expect(try bashCompletion(["symdiff", "x^2", "--ord"]) == ["--order"])
    }

    @Test func theManPageHasEveryCommandAndTheExitStatuses() throws {
        let r = try symdiff(["--generate-man-page"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix(".TH SYMDIFF 1"))
        // roff writes a hyphen as `\-` (`check\-answer`).
        for command in CommandTable.available(in: .commandLine) {
            #expect(r.stdout.contains(".SS \(command.name.replacingOccurrences(of: "-", with: "\\-"))\n"), "\(command.name)")
        }
        for status in ["0", "1", "3", "64", "130"] { #expect(r.stdout.contains(".TP\n\(status)\n") || r.stdout.contains(".TP 6\n\(status)\n"), "\(status)") }
        // Rendered by man's formatter without a warning, when it is installed.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/groff")
        process.arguments = ["-man", "-Tutf8", "-ww", "-z"]
        let input = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardError = err
        try process.run()
        input.fileHandleForWriting.write(Data(r.stdout.utf8))
        try input.fileHandleForWriting.close()
        let warnings = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func helpFitsTheTerminalWithExamplesContinuedAsAShellReadsThem() throws {
        for columns in [60, 80, 120] {
            let invocations = [["--help"]] + CommandTable.available(in: .commandLine).map { ["help", $0.name] }
            for words in invocations {
                let page = try CLITests.symdiff(words, environment: ["COLUMNS": "\(columns)"]).stdout
                for line in page.split(separator: "\n") { #expect(line.count <= columns, "\(words): \(line)") }
            }
        }
        // A long example is continued with a backslash: joined again it is the one command line.
        let page = try CLITests.symdiff(["help", "minimize"], environment: ["COLUMNS": "60"]).stdout
        #expect(page.replacingOccurrences(of: " \\\n      ", with: " ")
            .contains("  symdiff minimize '100*(y - x^2)^2 + (1 - x)^2' --from x=-1.2,y=1 --compare gd,newton --plot paths.svg\n"))
    }

    // MARK: - Did you mean

    @Test func misspellingsGetASuggestionEverywhere() throws {
        let option = try symdiff(["x^3", "--ordr", "2"])
        #expect(option.stderr.hasPrefix("error: unknown option '--ordr'; did you mean '--order'?"))
        #expect(option.status == 64)
        let command = try symdiff(["grda", "x^2*y"])
        #expect(command.stderr.hasPrefix("error: unknown command 'grda'; did you mean 'grad'?"))
        #expect(command.status == 64)
        let value = try symdiff(["x^2", "--format", "latx"])
        #expect(value.stderr.hasPrefix("error: --format: unknown value 'latx'; did you mean 'latex'?"))
        let help = try symdiff(["help", "hesian"])
        #expect(help.stderr.contains("did you mean 'hessian'?"))
        let keyword = try symdiff([], stdin: "diff(x^3, x, ordr=2)\n")
        #expect(keyword.stderr.contains("diff does not take ordr=; did you mean order=?"))
        let metaHelp = try symdiff([], stdin: ":help hesian\n")
        #expect(metaHelp.stderr.contains("no command named 'hesian'; did you mean 'hessian'?"), "\(metaHelp.stderr)")
        let meta = try symdiff([], stdin: ":hlep\n")
        #expect(meta.stderr.contains("did you mean ':help'?"), "\(meta.stderr)")
        let choice = try symdiff([], stdin: "minimize(x^2, x=1, method=nweton)\n")
        #expect(choice.stderr.contains("did you mean 'newton'?"))
    }

    @Test func anEmptyVariableIsReportedForItsOwnOption() throws {
        let r = try symdiff(["grad", "x*y", "--vars", "x,,y"])
        #expect(r.stderr.hasPrefix("error: --vars:"))
        #expect(!r.stderr.contains("--wrt"))
        #expect(r.status == 1)
    }

    // MARK: - --file

    @Test func fileModeSkipsBlankLinesAndCommentsKeepingLinesAligned() throws {
        let r = try symdiff(["--file", "-"], stdin: "x^2\n\n# the sine next\n  \nsin(x)\n   # indented comment\nx^3\n")
        #expect(r.stdout == "2*x\n\n\n\ncos(x)\n\n3*x^2\n")
        #expect(r.stderr == "")
        #expect(r.status == 0)
        // The same for a command that reads all the lines as one list of expressions.
        let j = try symdiff(["jacobian", "--file", "-", "--vars", "x"], stdin: "# f\nx^2\n\nsin(x)\n")
        #expect(j.stdout.contains("d f2/dx: cos(x)"), "\(j.stdout)\(j.stderr)")
        #expect(j.status == 0)
    }

    @Test func progressOnATerminalIsABarWithARateErasedBeforeTheOutput() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-progress-\(UUID().uuidString).txt")
        try String(repeating: "x^x*sin(x)^x\n", count: 600).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        // stdout and stderr on a terminal, as a user runs it.
        let transcript = try REPLTests().session(["expect:/600 lines", "expect:/s\u{1B}[K"], history: "/dev/null",
                                                 arguments: ["--file", file.path, "--order", "2"])
        #expect(transcript.contains("\r\u{1B}[K"), "the line is erased")
        // The results follow the erased line on a clean line, one per input line.
        let results = transcript.components(separatedBy: "\r\u{1B}[K").last ?? ""
        let first = try #require(try symdiff(["x^x*sin(x)^x", "--order", "2"]).stdout.split(separator: "\n").first)
        #expect(results.components(separatedBy: "\r\n").filter { $0 == first }.count == 600)
        #expect(transcript.contains("--- exit 0"))
    }

    @Test func noProgressWhenStderrIsNotATerminal() throws {
        let lines = String(repeating: "x^x*sin(x)^x\n", count: 300)
        let r = try symdiff(["--file", "-", "--order", "2"], stdin: lines)
        #expect(r.stderr == "")
        #expect(r.status == 0)
    }

    // MARK: - Exit statuses: one table

    @Test func statusZeroForSuccess() throws {
        #expect(try symdiff(["x^2"]).status == 0)
        #expect(try symdiff(["minimize", "(x - 1)^2 + y^2", "--from", "x=0,y=3"]).status == 0)
    }

    @Test func statusOneForBadInputAFailedCheckOrNoMinimum() throws {
        #expect(try symdiff(["x^^2"]).status == 1)
        let noMinimum = try symdiff(["minimize", "x^3", "--from", "x=1"])
        #expect(noMinimum.stdout.contains("no minimum"))
        #expect(noMinimum.status == 1)
        let saddle = try symdiff(["minimize", "x^2 - y^2", "--from", "x=1,y=0"])
        #expect(saddle.stdout.contains("no minimum"), "\(saddle.stdout)")
        #expect(saddle.status == 1)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-failing-\(UUID().uuidString).sd")
        try "assert x + x == 3*x\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        #expect(try symdiff(["run", script.path]).status == 1)
    }

    @Test func statusThreeForEveryLimit() throws {
        let iterations = try symdiff(["minimize", "100*(y - x^2)^2 + (1 - x)^2", "--from", "x=-1.2,y=1", "--method", "gd", "--max-iterations", "5"])
        #expect(iterations.stdout.contains("iteration limit"), "\(iterations.stdout)")
        #expect(iterations.status == 3)
        #expect(try symdiff(["x^x*sin(x)^x", "--order", "8", "--max-nodes", "100"]).status == 3)
        #expect(try symdiff(["sin(x)", "--order", "300"]).status == 3)
        let timeout = try runStopped(["x^x*sin(x)^x", "--order", "30", "--timeout", "1"], interruptAfter: nil)
        #expect(timeout.stderr == "error: time limit reached (--timeout)\n")
        #expect(timeout.status == 3)
        #expect(timeout.exited, "the token stops the work soon after the time is up")
    }

    @Test func statusSixtyFourForUsage() throws {
        #expect(try symdiff(["x^2", "--no-such-option"]).status == 64)
        #expect(try symdiff(["x^2", "--order"]).status == 64)
    }

    @Test func statusOneHundredThirtyWhenInterrupted() throws {
        let r = try runStopped(["x^x*sin(x)^x", "--order", "30"], interruptAfter: 1)
        #expect(r.exited, "Ctrl-C stops the work")
        #expect(r.status == 130)
        #expect(r.stderr == "interrupted\n")
    }

    /// A run of work that never ends by itself: Ctrl-C after `interruptAfter` seconds (none:
    /// it must stop on its own, by `--timeout`), then 10 s for it to exit before it is killed
    /// (`exited` false), so that a failure here never hangs the tests.
    func runStopped(_ arguments: [String], interruptAfter seconds: Double?) throws -> (exited: Bool, status: Int32, stderr: String) {
        let binary = try #require(CLITests.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        if let seconds {
            Thread.sleep(forTimeInterval: seconds)
            process.interrupt()
        }
        let deadline = Date().addingTimeInterval(seconds == nil ? 12 : 10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let exited = !process.isRunning
        if !exited { kill(process.processIdentifier, SIGKILL) }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (exited && process.terminationReason == .exit, process.terminationStatus, message)
    }
}
