import Foundation
import SymDiff
import Testing

/// Running emitted code with the real toolchains of the machine (gcc or cc, swiftc, python3 with
/// NumPy, node), and comparing what it prints with the Tape.
enum EmitToolchain {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `program` (a path, or a name on the PATH) with `arguments` in `directory`.
    static func run(_ program: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently: a compiler may fill stderr while we wait on stdout.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The path of `program` on the PATH, or nil.
    static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Why `language` cannot be run here, or nil when its toolchain is present.
    static func missing(_ language: CodeLanguage) -> String? {
        switch language {
        case .c: return cCompiler == nil ? "no C compiler (cc, gcc or clang) on the PATH" : nil
        case .swift: return which("swiftc") == nil ? "swiftc is not on the PATH" : nil
        case .python: return which("python3") == nil ? "python3 is not on the PATH" : nil
        case .numpy:
            guard which("python3") != nil else { return "python3 is not on the PATH" }
            return numpyPresent ? nil : "NumPy is not installed (pip install numpy)"
        case .javascript: return which("node") == nil ? "node is not on the PATH" : nil
        default: return nil
        }
    }

    static let cCompiler: String? = ["gcc", "cc", "clang"].lazy.compactMap(which).first

    static let numpyPresent: Bool = {
        if (try? run("python3", ["-c", "import numpy"]))?.status == 0 { return true }
        // A fresh machine: try to install it, as the checks ask.
        _ = try? run("python3", ["-m", "pip", "install", "--quiet", "numpy"])
        return (try? run("python3", ["-c", "import numpy"]))?.status == 0
    }()

    /// A new empty directory for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-emit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// One function to emit, with the points to check it at.
struct EmitCase {
    let name: String
    let unit: CodeUnit
    /// Points one after another (variables in order).
    let points: [Double]

    /// `f` over `variables` with value, gradient and Hessian (and a Jacobian with `others`), at
    /// `count` seeded random points in `range`.
    init(_ name: String, _ f: Expr, variables: [String], others: [Expr] = [], gradient: Bool = true, hessian: Bool = true,
         range: ClosedRange<Double>, count: Int = 4, seed: UInt64) throws {
        self.name = name
        unit = try CodeUnit(function: f, others: others, variables: variables.map(Expr.symbol), gradient: gradient,
                            hessian: hessian, name: name, simplify: { Simplifier().simplify($0) })
        var rng = SplitMix64(seed: seed)
        points = (0..<(count * variables.count)).map { _ in Double.random(in: range, using: &rng) }
    }

    init(unit: CodeUnit, name: String, points: [Double]) {
        self.unit = unit
        self.name = name
        self.points = points
    }

    /// The Tape's outputs at every point, one row per point.
    func reference() throws -> [[Double]] {
        let program = try CompiledFunction(unit.entries, variables: unit.variables.map(Expr.symbol))
        let n = unit.variables.count, m = unit.entries.count
        let flat = program.evaluate(points: points)
        return (0..<(points.count / max(n, 1))).map { Array(flat[$0 * m..<($0 + 1) * m]) }
    }

    /// Points as rows.
    var rows: [[Double]] {
        let n = unit.variables.count
        return (0..<(points.count / max(n, 1))).map { Array(points[$0 * n..<($0 + 1) * n]) }
    }
}

/// Compares printed outputs (one line per point, numbers separated by spaces) with the Tape.
func expectAgreement(_ printed: String, _ reference: [[Double]], _ label: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = printed.split(separator: "\n").map { $0.split(separator: " ").map { Double(String($0)) ?? .nan } }
    #expect(lines.count == reference.count, "\(label): \(lines.count) lines for \(reference.count) points", sourceLocation: sourceLocation)
    for (got, want) in zip(lines, reference) {
        #expect(got.count == want.count, "\(label): \(got.count) outputs, expected \(want.count)", sourceLocation: sourceLocation)
        for (j, (g, w)) in zip(got, want).enumerated() where !(abs(g - w) <= 1e-9 * (1 + abs(w))) {
            Issue.record("\(label): output \(j) is \(g), the Tape gives \(w)", sourceLocation: sourceLocation)
            return
        }
    }
}
