import Foundation
import Testing

/// Runs the built `symdiff` binary and compares whole outputs: stdout, stderr and exit status.
/// These pin down the contract scripts rely on: results on stdout, messages on stderr, non-zero
/// status on failure, one output line per input line in `--file` mode.
@Suite struct CLITests {
    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The package root: the first folder above this file that holds Package.swift.
    static let packageRoot: URL? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// The binary built with this test bundle (same products folder) first, then the usual
    /// scratch folders of the package.
    static let binary: URL? = {
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("symdiff"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("symdiff"))
        if let exe = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("symdiff"))
        }
        if let root = packageRoot {
            candidates.append(root.appendingPathComponent(".build-tests/debug/symdiff"))
            candidates.append(root.appendingPathComponent(".build/debug/symdiff"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs the binary with `arguments`, `stdin` as its input and `environment` added to this
    /// process's.
    static func symdiff(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let binary = try #require(Self.binary, "symdiff binary not found; build it with swift build --scratch-path .build-tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Outputs here are small; reading both to the end before waiting cannot deadlock.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self),
                   status: process.terminationStatus)
    }

    @Test func derivativeOnStdout() throws {
        let r = try Self.symdiff(["x^2 + sin(x)", "--wrt", "x"])
        #expect(r.stdout == "2*x + cos(x)\n")
        #expect(r.stderr == "")
        #expect(r.status == 0)
    }

    @Test func expressionStartingWithMinus() throws {
        // Must not be taken for an unknown option.
        let r = try Self.symdiff(["-x^2", "--wrt", "x"])
        #expect(r.stdout == "-2*x\n")
        #expect(r.stderr == "")
        #expect(r.status == 0)
    }

    @Test func singleVariableNeedsNoWrt() throws {
        let r = try Self.symdiff(["y^3"])
        #expect(r.stdout == "3*y^2\n")
        #expect(r.status == 0)
    }

    @Test func twoVariablesNeedWrt() throws {
        let r = try Self.symdiff(["x*y"])
        #expect(r.stdout == "")
        #expect(r.stderr.contains("x, y"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("--wrt"), "stderr: \(r.stderr)")
        #expect(r.status == 1)
    }

    @Test func wrtAFunctionNameFails() throws {
        let r = try Self.symdiff(["exp(x)", "--wrt", "exp"])
        #expect(r.stdout == "")
        #expect(r.stderr.contains("'exp' is a function"), "stderr: \(r.stderr)")
        #expect(r.status == 1)
    }

    @Test func highOrderWithExactCoefficient() throws {
        // 30!/10! = 73096577329197271449600000, beyond Int64: the coefficient must stay exact.
        let r = try Self.symdiff(["x^30", "--wrt", "x", "--order", "20"])
        #expect(r.stdout == "73096577329197271449600000*x^10\n")
        #expect(r.status == 0)
    }

    @Test func fileModeKeepsLinesAligned() throws {
        let r = try Self.symdiff(["--file", "-", "--wrt", "x"], stdin: "x^2\nsin(x\nx^3\n")
        #expect(r.stdout == "2*x\n\n3*x^2\n")
        #expect(r.stderr.contains("<stdin>:2"), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("<stdin>:1") && !r.stderr.contains("<stdin>:3"), "stderr: \(r.stderr)")
        #expect(r.status != 0)
    }

    @Test func fileModeOnSeveralThreadsMatchesOneThread() throws {
        // Batches larger than one, errors among them, and uneven work: parallel output must be
        // the serial output, byte for byte, errors on the same line numbers.
        var generator = ExpressionGenerator(seed: 7)
        var lines = (0..<300).map { _ in generator.expression().description }
        lines[17] = "sin(x"
        lines[250] = "1/0"
        let input = lines.joined(separator: "\n") + "\n"
        let one = try Self.symdiff(["--file", "-", "--wrt", "x", "--jobs", "1"], stdin: input)
        let four = try Self.symdiff(["--file", "-", "--wrt", "x", "--jobs", "4"], stdin: input)
        #expect(one.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == 301)
        #expect(four.stdout == one.stdout)
        #expect(four.stderr == one.stderr)
        #expect(four.stderr.contains("<stdin>:18") && four.stderr.contains("<stdin>:251"), "stderr: \(four.stderr)")
        #expect(four.status == one.status && one.status != 0)
    }

    @Test func syntaxErrorShowsCaretOnStderrOnly() throws {
        let r = try Self.symdiff(["x + * 2", "--wrt", "x"])
        #expect(r.stdout == "")
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 3, "stderr: \(r.stderr)")
        if lines.count >= 3 {
            #expect(lines[0] == "error at column 5: expected an expression before '*'")
            #expect(lines[1] == "  x + * 2")
            // Two spaces of indentation, then the caret under the '*' (column 5).
            #expect(lines[2] == "      ^")
        }
    }

    /// A name close to a table function's is an unknown function of its own, with a note.
    @Test func unknownFunctionSuggestionReachesTheUser() throws {
        let r = try Self.symdiff(["cosh2(x)", "--wrt", "x"])
        #expect(r.stdout == "cosh2'(x)\n")
        #expect(r.stderr.contains("'cosh2' is not a function of the table") && r.stderr.contains("did you mean 'cosh'?"), "stderr: \(r.stderr)")
        #expect(r.status == 0)
        let misspelled = try Self.symdiff(["Cosh(x)", "--wrt", "x"])
        #expect(misspelled.stderr.contains("unknown function 'Cosh'; did you mean 'cosh'?") && misspelled.status == 1)
    }

    @Test func noSimplifyStillPrintsAValidExpression() throws {
        let r = try Self.symdiff(["sin(x)^2", "--wrt", "x", "--no-simplify"])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("\n") && r.stdout.contains("cos(x)") && r.stdout.contains("sin(x)"), "stdout: \(r.stdout)")
    }
}
