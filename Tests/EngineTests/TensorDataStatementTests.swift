import Foundation
import Session
import Testing

/// `:data X=train.csv` in statements: arrays read once, checked against the declarations, kept
/// for later statements without becoming part of the expressions; bad files and pairs are errors
/// that name the statement's file and line and keep nothing.
@Suite struct TensorDataStatementTests {
    /// A fresh folder with `files` (name → text) in it.
    private func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    private static let files = ["X.csv": "x1,x2\n1,2\n3,4\n5,6\n", "y.json": "{\"y\": [1, -1, 1]}", "ragged.csv": "1,2\n3\n",
                                "y4.csv": "1\n-1\n1\n1\n", "nan.csv": "1,2\nnan,4\n"]

    @Test func loadedArraysServeLaterCommandsAndStayNames() throws {
        let dir = try folder(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        var session = Session()
        let script = """
            w: vector(d)
            y: vector(n)
            X: matrix(n, d)
            :data X=X.csv, y="y.json"
            loss = sum(log(1 + exp(-y .* (X*w))))
            eval(loss, w=[0.1, 0.2])
            eval(grad(loss, w), w=[0.1, 0.2])
            :vars
            """
        var out: [String] = []
        let ok = session.run(script: script, name: dir.appendingPathComponent("fit.sd").path) { out.append($0.status == .ok ? $0.output : $0.message) }
        #expect(ok, "\(out)")
        #expect(out[3] == "X: 3×2 from X.csv\ny: 3 from y.json")
        // The expression keeps X and y as names.
        #expect(out[4] == "loss = sum(softplus(-y .* (X*w)))")
        // The loss written out at these rows: log(1 + exp(-y_i (x_i·w))).
        let rows = [[1.0, 2], [3, 4], [5, 6]], labels = [1.0, -1, 1], w = [0.1, 0.2]
        let margins = zip(rows, labels).map { -$1 * ($0[0] * w[0] + $0[1] * w[1]) }
        let expected = margins.reduce(0) { $0 + log(1 + exp($1)) }
        #expect(abs((Double(out[5]) ?? .nan) - expected) < 1e-12 * expected)
        let gradient = (0..<2).map { k in zip(zip(rows, labels), margins).reduce(0.0) { $0 - $1.0.1 * $1.0.0[k] / (1 + exp(-$1.1)) } }
        let printed = out[6].dropFirst().dropLast().split(separator: ",").compactMap { Double($0.filter { $0 != " " }) }
        #expect(printed.count == 2 && zip(printed, gradient).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(out[7].contains("X = 3×2 array from X.csv") && out[7].contains("y = 3 array from y.json"))
        // The fit takes its data from the files too.
        let fit = session.execute("minimize(loss + norm2(w)^2, w=0, vars=[w])")
        #expect(fit.status == .ok && fit.output.contains("result: a local minimum"), "\(fit.message)")
    }

    @Test func badFilesAndPairsAreErrorsAtTheirLine() throws {
        let dir = try folder(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String)] = [
            (":data q=X.csv", "q is not declared; declare it first"),
            (":data X=missing.csv", "cannot read '\(dir.path)/missing.csv'"),
            (":data X=ragged.csv", "ragged.csv:2: this row has 1 entry, the first has 2"),
            (":data X=nan.csv", "nan.csv:2"),
            (":data y=X.csv", "y is declared a vector, but the file holds a 3×2 table"),
            (":data Z=X.csv", "Z (X.csv) has 3 rows, but Z is declared matrix(2, 2)"),
            (":data X=X.csv, y=y4.csv", "the size n is 3 from X (X.csv) but 4 from y (y4.csv)"),
            (":data", "give name=file pairs"),
            (":data X", "'X' is not name=file"),
        ]
        for (line, message) in cases {
            var session = Session()
            var outcomes: [Session.Outcome] = []
            let script = "y: vector(n)\nX: matrix(n, d)\nZ: matrix(2, 2)\n\(line)"
            _ = session.run(script: script, name: dir.appendingPathComponent("bad.sd").path) { outcomes.append($0) }
            let last = try #require(outcomes.last)
            #expect(last.status == .error, "\(line)")
            #expect(last.message.hasPrefix("\(dir.path)/bad.sd:4: error: :data: ") && last.message.contains(message), "\(line): \(last.message)")
            // Nothing of a failed statement is kept.
            #expect(session.data.values.isEmpty, "\(line)")
        }
    }

    @Test func theReplReadsPathsFromTheWorkingDirectoryAndClearForgets() throws {
        let dir = try folder(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        var session = Session()
        _ = session.execute("X: matrix")
        let absolute = session.execute(":data X=\(dir.path)/X.csv")
        #expect(absolute.status == .ok && session.data.values["X"]?.shape == [3, 2])
        _ = session.execute(":clear")
        #expect(session.data.values.isEmpty)
        var limited = Session()
        limited.limits.fileAccess = false
        _ = limited.execute("X: matrix")
        #expect(limited.execute(":data X=\(dir.path)/X.csv").message == "error: :data: reading files is turned off in this session")
    }
}
