import Foundation
import Testing

/// `eval --native` over vectors and matrices: the emitted C compiled through the native cache
/// gives the in-process values, failures keep the in-process messages, and without a compiler
/// the evaluation in-process answers with a note.
@Suite struct TensorNativeTests {
    static let cases: [[String]] = [
        ["sum(log(1 + exp(-y .* (X*w))))", "--vector", "w,y", "--matrix", "X", "--grad", "--hessian",
         "--at", "X=[1, 2, 0.5; 3, -4, 1; -5, 6, 2; 0.5, 0.25, -1; 2, 2, 2], y=[1, -1, 1, -1, 1], w=[0.1, -0.2, 0.3]"],
        ["logdet(X) + trace(inv(X)*B)", "--matrix", "X,B", "--grad", "--vars", "X",
         "--at", "X=[4, 1, 0; 1, 3, 1; 0, 1, 5], B=[1, 2, 3; 4, 5, 6; 7, 8, 10]"],
        ["logsumexp(W*x) + sum(softmax(x) .* x)", "--vector", "x", "--matrix", "W", "--grad", "--vars", "x",
         "--at", "W=[1, 2; 3, 4; -1, 0.5], x=[0.3, -0.7]"],
        ["A*x", "--vector", "x", "--matrix", "A", "--at", "A=[1, 2; 3, 4], x=[5, 6]"],
    ]

    private static func numbers(_ s: String) -> [Double] {
        s.split(whereSeparator: { " \n,;[]:".contains($0) }).compactMap { Double(String($0)) }
    }

    @Test(arguments: cases)
    func nativeValuesAreTheInProcessValues(_ arguments: [String]) throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let inProcess = try CLITests.symdiff(["eval"] + arguments)
        let native = try CLITests.symdiff(["eval"] + arguments + ["--native"], environment: ["SYMDIFF_CACHE": cache.path])
        #expect(inProcess.status == 0 && native.status == 0, "\(native.stderr)")
        #expect(native.stderr == "")
        let (a, b) = (Self.numbers(native.stdout), Self.numbers(inProcess.stdout))
        #expect(!a.isEmpty && a.count == b.count, "\(native.stdout) vs \(inProcess.stdout)")
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * (1 + abs($1)) }, "\(native.stdout) vs \(inProcess.stdout)")
        // Compiled once: the library is in the cache.
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(entries.count == 1 && FileManager.default.fileExists(atPath: "\(cache.path)/\(entries[0])/library.so"))
    }

    @Test func failuresKeepTheInProcessMessage() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let singular = ["eval", "inv(A)", "--matrix", "A", "--at", "A=[1, 2; 2, 4]"]
        let inProcess = try CLITests.symdiff(singular)
        let native = try CLITests.symdiff(singular + ["--native"], environment: ["SYMDIFF_CACHE": cache.path])
        #expect(native.status == 1 && native.stderr == inProcess.stderr && native.stderr.contains("singular"))
        let shapes = try CLITests.symdiff(["eval", "A*x", "--vector", "x", "--matrix", "A", "--at", "A=[1, 2; 3, 4], x=[1, 2, 3]", "--native"],
                                          environment: ["SYMDIFF_CACHE": cache.path])
        #expect(shapes.status == 1 && shapes.stderr.hasPrefix("error:"))
    }

    @Test func withoutACompilerTheValuesComeWithANote() throws {
        let r = try CLITests.symdiff(["eval", "A*x", "--vector", "x", "--matrix", "A", "--at", "A=[1, 2; 3, 4], x=[5, 6]", "--native"],
                                     environment: ["CC": "/nonexistent/cc"])
        #expect(r.status == 0 && Self.numbers(r.stdout) == [17, 39])
        #expect(r.stderr == "note: no C compiler found (looked for $CC = /nonexistent/cc); evaluating in-process instead\n")
    }

    /// The fit of `examples/13-matrix-logistic-regression.sd`, by both methods.
    static let logisticFit = ["minimize", "sum(log(1 + exp(-y .* (X*w)))) + norm2(w)^2/10", "--vector", "w,y", "--matrix", "X",
                              "--from", "w=0, X=[1, 2; 2, 1; 0, 1; -1, -2; -2, -1; 0, -1], y=[1, 1, 1, -1, -1, -1]",
                              "--vars", "w", "--compare", "gd,newton"]

    @Test func minimizeWithNativeCodeFindsTheInProcessMinimum() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let inProcess = try CLITests.symdiff(Self.logisticFit)
        let native = try CLITests.symdiff(Self.logisticFit + ["--native"], environment: ["SYMDIFF_CACHE": cache.path])
        #expect(inProcess.status == 0 && native.status == 0 && native.stderr == "", "\(native.stderr)")
        // The same iterations and outcome; the numbers agree but for the order of the sums.
        let lines = { (s: String) in s.split(separator: "\n").filter { $0.hasPrefix("result") || $0.hasPrefix("iterations") } }
        #expect(lines(native.stdout) == lines(inProcess.stdout) && lines(native.stdout).count == 4)
        let (a, b) = (Self.numbers(native.stdout), Self.numbers(inProcess.stdout))
        #expect(!a.isEmpty && a.count == b.count, "\(native.stdout) vs \(inProcess.stdout)")
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * (1 + abs($1)) }, "\(native.stdout) vs \(inProcess.stdout)")
        // The value, the value with the gradient, the Hessian: three programs, each compiled once.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).count == 3)
    }

    @Test func minimizeWithoutACompilerFitsInProcessWithANote() throws {
        let r = try CLITests.symdiff(Self.logisticFit + ["--native"], environment: ["CC": "/nonexistent/cc"])
        let inProcess = try CLITests.symdiff(Self.logisticFit)
        #expect(r.status == 0 && r.stdout == inProcess.stdout)
        #expect(r.stderr == "note: no C compiler found (looked for $CC = /nonexistent/cc); minimizing in-process instead\n")
    }
}
