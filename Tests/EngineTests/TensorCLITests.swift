import Foundation
import Testing

/// Vectors and matrices on the command line, through the built binary: declarations, the
/// derivative commands in matrix notation, values as array literals and data files, and the
/// errors of bad input. Numbers are checked against the loss written out by hand here.
@Suite struct TensorCLITests {
    private func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.symdiff(arguments) }

    private static let logisticLoss = "sum(log(1 + exp(-y .* (X*w))))"

    @Test func derivativesInMatrixNotation() throws {
        #expect(try run(["grad", "x'*A*x", "--vector", "x", "--matrix", "A", "--vars", "x"]).stdout == "(A' + A)*x\n")
        #expect(try run(["grad", "x'*A*x", "--vector", "x", "--symmetric", "A", "--vars", "x"]).stdout == "2*A*x\n")
        #expect(try run(["hessian", "x'*A*x", "--vector", "x", "--matrix", "A", "--vars", "x"]).stdout == "A' + A\n")
        #expect(try run(["diff", "norm2(W*x - y)^2", "--wrt", "W", "--matrix", "W", "--vector", "x,y"]).stdout == "2*(W*x - y)*x'\n")
        #expect(try run(["grad", "logdet(X)", "--matrix", "X"]).stdout == "inv(X)'\n")
        let gradient = try run(["grad", Self.logisticLoss, "--vars", "w", "--vector", "w,y", "--matrix", "X"])
        #expect(gradient.stdout == "-X'*(y .* sigmoid(-y .* (X*w)))\n")
        let hessian = try run(["hessian", Self.logisticLoss, "--vars", "w", "--vector", "w,y", "--matrix", "X"])
        #expect(hessian.stdout == "X'*diag(y.^2 .* sigmoid(-y .* (X*w)) .* (1 - sigmoid(-y .* (X*w))))*X\n")
        let latex = try run(["grad", "x'*A*x", "--vector", "x", "--matrix", "A", "--vars", "x", "--format", "latex"])
        #expect(latex.stdout == "\\left(\\mathbf{A}^\\top + \\mathbf{A}\\right) \\mathbf{x}\n")
    }

    @Test func scalarCallsAreUnchanged() throws {
        #expect(try run(["grad", "x^2*y + sin(y)"]).stdout == "d/dx: 2*x*y\nd/dy: x^2 + cos(y)\n")
        #expect(try run(["eval", "x^2*y", "--at", "x=3,y=2"]).stdout == "18\n")
    }

    @Test func valuesAndGradientsAgreeWithTheLossWrittenOut() throws {
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let X = [[1.0, 2], [3, -4], [-5, 6], [0.5, 0.25]]
        let y = [1.0, -1, 1, -1]
        let w = [0.1, -0.2]
        try (X.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("X.csv"), atomically: true, encoding: .utf8)
        try "{\"y\": [1, -1, 1, -1]}".write(to: dir.appendingPathComponent("y.json"), atomically: true, encoding: .utf8)
        func loss(_ w: [Double]) -> Double {
            zip(X, y).reduce(0) { s, row in s + log(1 + exp(-row.1 * (row.0[0] * w[0] + row.0[1] * w[1]))) }
        }
        let r = try run(["eval", Self.logisticLoss, "--vector", "w,y", "--matrix", "X", "--grad",
                         "--data", "X=\(dir.path)/X.csv,y=\(dir.path)/y.json", "--at", "w=[0.1, -0.2]"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(isClose(Double(lines[0]) ?? .nan, loss(w), relative: 1e-12))
        let numbers = lines[1].drop { $0 != "[" }.dropFirst().dropLast().split(separator: ",").map { Double($0.filter { $0 != " " }) ?? .nan }
        for k in 0..<2 {
            var up = w, down = w
            up[k] += 1e-6
            down[k] -= 1e-6
            #expect(isClose(numbers[k], (loss(up) - loss(down)) / 2e-6, relative: 1e-6))
        }
    }

    @Test func checkAgainstFiniteDifferencesAtGivenSizes() throws {
        let r = try run(["check", Self.logisticLoss, "--vector", "w(d),y(n)", "--matrix", "X(n,d)", "--dims", "n=5,d=3"])
        #expect(r.status == 0 && r.stdout.contains("d=3, n=5") && r.stdout.hasSuffix("ok: the derivatives agree with central differences within 1e-06\n"))
    }

    @Test func unrolledGradientIsTheScalarEngines() throws {
        let r = try run(["grad", "x'*A*x", "--vector", "x(2)", "--symmetric", "A(2)", "--vars", "x", "--unroll"])
        #expect(r.stdout == "d/dx_1: 2*A_1_1*x_1 + 2*A_1_2*x_2\nd/dx_2: 2*A_1_2*x_1 + 2*A_2_2*x_2\n")
        let unknown = try run(["grad", "sum(X*w)", "--vector", "w", "--matrix", "X", "--unroll"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unroll needs a number for the size"))
    }

    @Test func minimizeFitsAVectorToDataFiles() throws {
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "1,2\n3,4\n5,6\n".write(to: dir.appendingPathComponent("X.csv"), atomically: true, encoding: .utf8)
        try "1\n-1\n1\n".write(to: dir.appendingPathComponent("y.csv"), atomically: true, encoding: .utf8)
        let r = try run(["minimize", Self.logisticLoss + " + norm2(w)^2/2", "--vector", "w,y", "--matrix", "X",
                         "--data", "X=\(dir.path)/X.csv,y=\(dir.path)/y.csv", "--from", "w=0"])
        #expect(r.status == 0 && r.stdout.contains("gradient norm below tolerance") && r.stdout.hasPrefix("w: [0.0240694714638"))
    }

    @Test func badInputIsAClearError() throws {
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "1,2\n3\n".write(to: dir.appendingPathComponent("ragged.csv"), atomically: true, encoding: .utf8)
        try "1,nan\n3,4\n".write(to: dir.appendingPathComponent("nan.csv"), atomically: true, encoding: .utf8)
        try "1,2\n3,4\n".write(to: dir.appendingPathComponent("X.csv"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["grad", "X*v", "--matrix", "X(n,d)", "--vector", "v(n)"],
             "error at column 2: cannot multiply X (n×d) by v (n): inner sizes d and n differ\n  X*v\n   ^\n"),
            (["grad", "det(X)", "--matrix", "X(n,d)"], "the matrix is not square"),
            (["eval", "inv(A)", "--matrix", "A", "--at", "A=[1, 2; 2, 4]"], "the matrix is singular"),
            (["eval", "sum(X*w)", "--vector", "w", "--matrix", "X", "--data", "X=\(dir.path)/ragged.csv", "--at", "w=[1, 2]"],
             "ragged.csv:2: this row has 1 entry, the first has 2"),
            (["eval", "sum(X*w)", "--vector", "w", "--matrix", "X", "--data", "X=\(dir.path)/nan.csv", "--at", "w=[1, 2]"],
             "nan.csv:1:3: 'nan' is not a finite number"),
            (["eval", "sum(X*w)", "--vector", "w", "--matrix", "X", "--data", "X=\(dir.path)/X.csv", "--at", "w=[1, 2, 3]"],
             "X (from \(dir.path)/X.csv)"),
            (["eval", "sum(X*w)", "--vector", "w", "--matrix", "X", "--data", "X=\(dir.path)/missing.csv"], "cannot read"),
            (["eval", "sum(w)", "--vector", "w", "--data", "w=\(dir.path)/X.csv"], "w is declared a vector, but the file holds a 2×2 table"),
            (["grad", "sum(X*w)", "--vector", "w", "--matrix", "X", "--dims", "n=oops"], "--dims: the size n must be a whole number"),
            (["grad", "X*w", "--vector", "w,X", "--matrix", "X"], "X is already declared by --vector"),
            (["grad", "w", "--vector", "w", "--matrix", "A(n)"], "a matrix takes two sizes"),
            (["eval", "x'*x", "--vector", "x", "--at", "x=[1, 2"], "--at x:"),
            (["solve", "x^2 - 2", "--from", "x=1", "--vector", "x"], "unknown option '--vector'"),
        ]
        for (arguments, message) in cases {
            let r = try run(arguments)
            #expect(r.status != 0 && r.stdout.isEmpty, "\(arguments)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}
