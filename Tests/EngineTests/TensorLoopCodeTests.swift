import Foundation
import SymDiff
import Tensor
import Testing

/// Swift and JavaScript loops for vectors and matrices, compiled and run: the emitted value,
/// gradient and Hessian equal the in-process evaluator's on random instances of several sizes
/// (1 included), as C's do (`TensorCodeTests`); one shared product is computed once.
@Suite struct TensorLoopCodeTests {
    struct Case: Sendable, CustomStringConvertible {
        let expression: String
        let declarations: [String]
        let variable: String
        var description: String { expression }
    }

    static let cases = [
        Case(expression: "sum(log(1 + exp(-y .* (X*w))))", declarations: ["w: vector(d)", "y: vector(n)", "X: matrix(n, d)"], variable: "w"),
        Case(expression: "x'*A*x", declarations: ["x: vector(d)", "A: matrix(d, d)"], variable: "x"),
        Case(expression: "norm2(W*x - y)^2", declarations: ["x: vector(d)", "y: vector(n)", "W: matrix(n, d)"], variable: "x"),
        Case(expression: "logdet(X) + trace(inv(X)*B)", declarations: ["X, B: matrix(d, d)"], variable: "X"),
        Case(expression: "logsumexp(W*x) + sum(softmax(x) .* x)", declarations: ["x: vector(d)", "W: matrix(n, d)"], variable: "x"),
        Case(expression: "sum(lowertri(v, d) .* W) + sum(exp(v))", declarations: ["v: vector", "W: matrix(d, d)"], variable: "v"),
        Case(expression: "log(sum(exp(x - max(x))))", declarations: ["x: vector(d)"], variable: "x"),
        Case(expression: "sum(i, 1, n, sum(j, 1, d, w[j]*(2*i/n - 1)^(j - 1))^2)", declarations: ["w: vector(d)"], variable: "w"),
        // Sums repeated along an axis (read in place, summed once) and an operand summed alone.
        Case(expression: "sum(min(ones(n)*sum(C.^2, dim=2)' - 2*P*C' + sum(P.^2, dim=2)*ones(d)', dim=2))",
             declarations: ["P: matrix(n, d)", "C: matrix(d, d)"], variable: "C"),
        Case(expression: "sum(exp(w*ones(n)' - ones(d)*sum(X, dim=2)') .* X') + sum((w*ones(n)')*X)", declarations: ["w: vector(d)", "X: matrix(n, d)"], variable: "w"),
    ]

    static let sizes: [[String: Int]] = [["n": 1, "d": 1], ["n": 4, "d": 3], ["n": 70, "d": 5]]

    /// The roots emitted (value, gradient, Hessian), random values at each size, and the
    /// evaluator's numbers for them, in the order the program writes its outputs.
    private static func instances(_ c: Case) throws -> (roots: [Tensor], runs: [(sizes: [String: Int], values: [String: TensorValue], expected: [Double])]) {
        let f = try TensorTesting.parse(c.expression, c.declarations)
        let g = try f.derivative(withRespectTo: c.variable)
        let h = try g.derivative(withRespectTo: c.variable)
        let roots = [f.tensor, g.tensor, h.tensor]
        var random = TensorRandomValues(seed: 11)
        var runs: [(sizes: [String: Int], values: [String: TensorValue], expected: [Double])] = []
        for s in sizes {
            let sizes = s
            var values = try random.values(for: roots, sizes: sizes)
            if c.expression.contains("logdet") {
                // Well away from singular: X + 3d I.
                let d = s["d"]!
                var x = values["X"]!
                for i in 0..<d { x.entries[i * d + i] += Double(3 * d) }
                values["X"] = x
            }
            let expected = try TensorEvaluator(values: values, sizes: sizes).evaluate(roots).flatMap(\.entries)
            runs.append((sizes, values, expected))
        }
        return (roots, runs)
    }

    /// The program's arguments: the size names, then the variables, each sorted by name.
    private static func arguments(_ roots: [Tensor]) -> (sizes: [String], variables: [String]) {
        (Set(roots.flatMap(\.sizeNames)).sorted(), Set(roots.flatMap { $0.variables.map { $0.variableName! } }).sorted())
    }

    private static func literal(_ xs: [Double]) -> String { "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]" }

    private static func compare(_ output: String, _ runs: [[Double]], _ c: Case, _ code: String) {
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == runs.count, "\(c): \(output)")
        for (line, expected) in zip(lines, runs) {
            let got = line.split(separator: " ").compactMap { Double($0) }
            #expect(got.count == expected.count, "\(c): \(line)")
            let worst = zip(got, expected).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            #expect(worst < 1e-9, "\(c): worst relative difference \(worst)\n\(code)")
        }
    }

    @Test func swiftLoopsGiveTheEvaluatorsValues() throws {
        if let missing = EmitToolchain.missing(.swift) { Issue.record("skipped: \(missing)"); return }
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // One program per case, all compiled with one driver (swiftc is slow to start); the
        // inputs are read from one file of doubles (large literals are slow to compile).
        var blob: [Double] = []
        var driver = """
            import Foundation
            let blob: [Double] = try! Data(contentsOf: URL(fileURLWithPath: "inputs.bin")).withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            func array(_ v: [Double]) -> UnsafeMutablePointer<Double> {
                let p = UnsafeMutablePointer<Double>.allocate(capacity: max(v.count, 1))
                p.initialize(from: v, count: v.count)
                return p
            }
            func input(_ offset: Int, _ count: Int) -> UnsafeMutablePointer<Double> { array(Array(blob[offset..<(offset + count)])) }
            func show(_ p: UnsafeMutablePointer<Double>, _ count: Int) -> String {
                (0..<count).map { String(format: "%.17g", p[$0]) }.joined(separator: " ")
            }

            """
        var expected: [[[Double]]] = []
        var files: [String] = []
        for (k, c) in Self.cases.enumerated() {
            let (roots, runs) = try Self.instances(c)
            let code = try SwiftTensorProgram(name: "f\(k)").file(roots, outputs: ["value", "grad", "hess"], header: c.expression)
            try code.write(to: dir.appendingPathComponent("f\(k).swift"), atomically: true, encoding: .utf8)
            files.append("f\(k).swift")
            let plan = Self.arguments(roots)
            for run in runs {
                let sizes = plan.sizes.map { "\($0): \(run.sizes[$0]!)" }
                var inputs: [String] = []
                for v in plan.variables {
                    let entries = run.values[v]!.entries
                    inputs.append("\(v): input(\(blob.count), \(entries.count))")
                    blob += entries
                }
                let counts = try TensorEvaluator(values: run.values, sizes: run.sizes).evaluate(roots).map(\.entries.count)
                let outputs = counts.map { "array([Double](repeating: 0, count: \($0)))" }
                let workspace = "f\(k)_workspace(\(sizes.joined(separator: ", ")))"
                driver += "do {\n    let outs = [\(outputs.joined(separator: ", "))]\n"
                driver += "    f\(k)(\((sizes + inputs + ["value: outs[0]", "grad: outs[1]", "hess: outs[2]", "work: array([Double](repeating: 0, count: \(workspace)))"]).joined(separator: ", ")))\n"
                driver += "    print([\(counts.enumerated().map { "show(outs[\($0)], \($1))" }.joined(separator: ", "))].joined(separator: \" \"))\n}\n"
            }
            driver += "print(\"--\")\n"
            expected.append(runs.map(\.expected))
        }
        try driver.write(to: dir.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        try blob.withUnsafeBytes { Data($0) }.write(to: dir.appendingPathComponent("inputs.bin"))
        let build = try EmitToolchain.run("swiftc", ["-O", "-o", "loops"] + files + ["main.swift"], in: dir)
        #expect(build.status == 0, "\(build.stderr)")
        guard build.status == 0 else { return }
        let r = try EmitToolchain.run(dir.appendingPathComponent("loops").path, [], in: dir)
        let blocks = r.stdout.components(separatedBy: "--\n")
        #expect(r.status == 0 && blocks.count == Self.cases.count + 1, "\(r.stdout)\(r.stderr)")
        for (k, c) in Self.cases.enumerated() where k < blocks.count {
            Self.compare(blocks[k], expected[k], c, (try? String(contentsOf: dir.appendingPathComponent("f\(k).swift"), encoding: .utf8)) ?? "")
        }
    }

    @Test(arguments: cases)
    func javaScriptLoopsGiveTheEvaluatorsValues(_ c: Case) throws {
        if let missing = EmitToolchain.missing(.javascript) { Issue.record("skipped: \(missing)"); return }
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (roots, runs) = try Self.instances(c)
        let code = try JavaScriptTensorProgram(name: "f").file(roots, outputs: ["value", "grad", "hess"], header: c.expression)
        try code.write(to: dir.appendingPathComponent("emitted.mjs"), atomically: true, encoding: .utf8)
        let plan = Self.arguments(roots)
        var driver = "import { f, f_workspace } from './emitted.mjs';\n"
        for run in runs {
            let sizes = plan.sizes.map { "\(run.sizes[$0]!)" }
            let inputs = plan.variables.map { "Float64Array.from(\(Self.literal(run.values[$0]!.entries)))" }
            let counts = try TensorEvaluator(values: run.values, sizes: run.sizes).evaluate(roots).map(\.entries.count)
            driver += "{\n  const outs = [\(counts.map { "new Float64Array(\($0))" }.joined(separator: ", "))];\n"
            driver += "  const work = new Float64Array(f_workspace(\(sizes.joined(separator: ", "))));\n"
            driver += "  f(\((sizes + inputs + ["outs[0]", "outs[1]", "outs[2]", "work"]).joined(separator: ", ")));\n"
            driver += "  console.log(outs.flatMap(o => Array.from(o)).map(x => x.toPrecision(17)).join(' '));\n}\n"
        }
        try driver.write(to: dir.appendingPathComponent("driver.mjs"), atomically: true, encoding: .utf8)
        let r = try EmitToolchain.run("node", ["driver.mjs"], in: dir)
        #expect(r.status == 0, "\(r.stderr)\n\(code)")
        Self.compare(r.stdout, runs.map(\.expected), c, code)
    }

    @Test func anElementwiseValueComputedOnceIsReadWhereItIsUsedAgain() throws {
        // The sum's exp(x - max(x)) and the gradient's exp(x - max(x))/sum(...): one call of exp.
        let r = try CLITests.symdiff(["emit", "log(sum(exp(x - max(x))))", "--vector", "x(n)", "--lang", "c", "--grad"])
        #expect(r.status == 0, "\(r.stderr)")
        let calls = r.stdout.split(separator: "\n").filter { !$0.hasPrefix(" *") && $0.contains("exp(") }
        #expect(calls.count == 1, "\(r.stdout)")
    }

    @Test func powersOfConsecutiveExponentsAreARunningProduct() throws {
        let r = try CLITests.symdiff(["emit", "sum(i, 1, n, sum(j, 1, d, w[j]*(2*i/n - 1)^(j - 1))^2)", "--vector", "w(d)", "--lang", "c", "--grad"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("power = power*"), "\(r.stdout)")
    }

    @Test func theMaskOfAMinimumIsComputedOnceAndItsZerosSkipped() throws {
        // The gradient holds the mask 1 - heaviside(D - m) and its negative; one is computed,
        // and the product with the points skips the mask's zeros.
        let r = try CLITests.symdiff(["emit", "sum(min(ones(n)*sum(C.^2, dim=2)' - 2*P*C' + sum(P.^2, dim=2)*ones(k)', dim=2))",
                                      "--matrix", "P(n,d),C(k,d)", "--vars", "C", "--lang", "c", "--grad"])
        #expect(r.status == 0, "\(r.stderr)")
        let masks = r.stdout.split(separator: "\n").filter { !$0.hasPrefix(" *") && !$0.contains("static double") && $0.contains("heaviside(") }
        #expect(masks.count == 1, "\(r.stdout)")
        #expect(r.stdout.contains("== 0.0) continue;"), "\(r.stdout)")
    }

    @Test func newtonsDirectionForKMeansSumsTheMaskOnceAndStoresTheDistancesOnce() throws {
        // The mask's column sums are both the Hessian's diagonal and, repeated along the
        // coordinates, the divisor: one loop nest. P*C' sets each distance once (no zeroing
        // pass, no read back), and the minimum is a select, not a branch.
        let script = """
            P: matrix(n, d)
            C: matrix(k, d)
            D = sum(P.^2, dim=2)*ones(k)' - 2*P*C' + ones(n)*sum(C.^2, dim=2)'
            G = grad(sum(min(D, dim=2)), C)
            emit(G ./ grad(sum(G), C), lang=c, name=dir)
            """
        let r = try CLITests.symdiff(["run", "-"], stdin: script)
        #expect(r.status == 0, "\(r.stderr)")
        let code = r.stdout
        #expect(code.components(separatedBy: "+= q0*").count - 1 == 1, "\(code)")
        #expect(code.contains("(l0)*(k) + l1] = p2*((s0 + s1) + (s2 + s3));"), "\(code)")
        #expect(!code.contains("r == 0 ||") && code.contains(" < m ? "), "\(code)")
    }

    @Test func emitWritesSwiftAndJavaScriptLoopsWithTheSharedProductOnce() throws {
        for language in ["swift", "js"] {
            let r = try CLITests.symdiff(["emit", "sum(log(1 + exp(-y .* (X*w))))", "--vector", "w(d),y(n)", "--matrix", "X(n,d)",
                                          "--vars", "w", "--lang", language, "--grad"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains(language == "swift" ? "func f(d: Int, n: Int, X: UnsafePointer<Double>" : "export function f(d, n, X, w, y, value, grad_w, work)"))
            // X*w is one node: one loop nest over X times w (its fourth unrolled step once), not one per root.
            let products = r.stdout.components(separatedBy: "X[(l0)*(d) + l1 + 3]*w[l1 + 3]").count - 1
            #expect(products == 1, "\(r.stdout)")
        }
    }
}
