import Foundation
import SymDiff

// Usage: EvalBench WORKLOADS_DIR [POINTS [JSON_OUT]]
// For Rosenbrock-100 and the logistic loss with 100 weights: ns per point of the value and of
// value + gradient, through the compiled program (the Tape) and through hand-written Swift, side
// by side in one run; medians of 7 repetitions.

let workloads = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../shared/workloads"
let buildMode = CommandLine.arguments.count > 2 && CommandLine.arguments[2] == "build"
let pointCount = !buildMode && CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 100_000
/// Where to write the rows as JSON as well (for bench/figures.py), when given.
let jsonOut = !buildMode && CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : nil

func read(_ name: String) -> String {
    (try? String(contentsOfFile: workloads + "/" + name, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
}

/// Median seconds over repetitions of `body`.
func median(_ repetitions: Int = 7, _ body: () -> Double) -> (seconds: Double, checksum: Double) {
    var times: [Double] = []
    var checksum = 0.0
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        checksum += body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return (times[times.count / 2], checksum)
}

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func points(_ n: Int) -> [Double] {
    var rng = SplitMix64(state: 20240601)
    return (0..<(n * pointCount)).map { _ in Double.random(in: -1...1, using: &rng) }
}

// MARK: - Hand-written references

func rosenbrockValue(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
    var f = 0.0
    for i in 0..<(n - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        f += 100 * a * a + b * b
    }
    return f
}

func rosenbrockGradient(_ x: UnsafePointer<Double>, _ n: Int, _ g: UnsafeMutablePointer<Double>) -> Double {
    var f = 0.0
    for i in 0..<n { g[i] = 0 }
    for i in 0..<(n - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        f += 100 * a * a + b * b
        g[i] += -400 * a * x[i] - 2 * b
        g[i + 1] += 200 * a
    }
    return f
}

func softplus(_ z: Double) -> Double { max(z, 0) + log1p(exp(-abs(z))) }
func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }

func logisticValue(_ w: UnsafePointer<Double>, _ a: [[Double]]) -> Double {
    var f = 0.0
    for row in a {
        var z = 0.0
        for j in row.indices { z += row[j] * w[j] }
        f += softplus(z)
    }
    return f
}

func logisticGradient(_ w: UnsafePointer<Double>, _ a: [[Double]], _ g: UnsafeMutablePointer<Double>) -> Double {
    var f = 0.0
    for j in 0..<a[0].count { g[j] = 0 }
    for row in a {
        var z = 0.0
        for j in row.indices { z += row[j] * w[j] }
        f += softplus(z)
        let s = sigmoid(z)
        for j in row.indices { g[j] += s * row[j] }
    }
    return f
}

// MARK: - Runs

struct Row {
    let name: String
    var compiledValue = 0.0, handValue = 0.0, compiledGradient = 0.0, handGradient = 0.0
}

func measure(name: String, text: String, variables: [String], hand: (UnsafePointer<Double>) -> Double,
             handGradient: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Double) -> Row {
    let f = try! Parser().parse(text)
    let vars = variables.map(Expr.symbol)
    let valueProgram = try! CompiledFunction([f], variables: vars)
    let gradientProgram = try! CompiledFunction([f] + f.gradient(withRespectTo: vars), variables: vars)
    let n = variables.count
    let data = points(n)
    var row = Row(name: name)
    let perPoint = 1e9 / Double(pointCount)
    // Both sides do the same work: every output at every point stored in a results array the
    // caller owns (value, then the gradient, point after point), allocated outside the timing.
    var valueOut = [Double](repeating: 0, count: pointCount)
    var gradientOut = [Double](repeating: 0, count: pointCount * (n + 1))
    data.withUnsafeBufferPointer { p in
        valueOut.withUnsafeMutableBufferPointer { out in
            row.compiledValue = median { valueProgram.evaluate(points: p, into: out); return out[pointCount - 1] }.seconds * perPoint
            row.handValue = median {
                for k in 0..<pointCount { out[k] = hand(p.baseAddress! + k * n) }
                return out[pointCount - 1]
            }.seconds * perPoint
        }
        gradientOut.withUnsafeMutableBufferPointer { out in
            row.compiledGradient = median { gradientProgram.evaluate(points: p, into: out); return out[0] }.seconds * perPoint
            row.handGradient = median {
                for k in 0..<pointCount {
                    let o = out.baseAddress! + k * (n + 1)
                    o[0] = handGradient(p.baseAddress! + k * n, o + 1)
                }
                return out[0]
            }.seconds * perPoint
        }
    }
    // The two must agree: a benchmark of wrong code measures nothing.
    let check = Array(data[0..<n])
    let compiled = gradientProgram(check)
    var handG = [Double](repeating: 0, count: n)
    let handF = check.withUnsafeBufferPointer { c in handG.withUnsafeMutableBufferPointer { handGradient(c.baseAddress!, $0.baseAddress!) } }
    precondition(abs(compiled[0] - handF) <= 1e-9 * max(1, abs(handF)), "\(name): values differ")
    for j in 0..<n { precondition(abs(compiled[j + 1] - handG[j]) <= 1e-8 * max(1, abs(handG[j])), "\(name): gradients differ") }
    return row
}

// Usage: EvalBench WORKLOADS_DIR build FILE VARS...   building the symbolic gradient and Hessian
// in-process: prints one JSON line with the median times and the result sizes (distinct nodes).
if buildMode {
    let file = CommandLine.arguments[3]
    let vars = CommandLine.arguments[4...].map(Expr.symbol)
    let f = try! Parser().parse(read(file))
    // Each repetition builds from a cold pool (the previous result released and collected), as
    // CasADi builds its graph anew each time; counting the result's nodes is not timed. One
    // untimed build first warms caches and tables, as w3.py does for CasADi.
    // Repetitions: at least 3, then more until 100 ms of timed builds or 1000 repetitions, the
    // same rule as w3.py applies to CasADi, so short builds get enough samples for a stable median.
    func coldMedian(_ build: () -> [Expr]) -> (seconds: Double, nodes: Int) {
        var times: [Double] = []
        var nodes = 0
        _ = build()
        while times.count < 3 || (times.reduce(0, +) < 0.1 && times.count < 1000) {
            Node.collectUnused()
            let start = DispatchTime.now().uptimeNanoseconds
            let result = build()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            nodes = Expr.postorder(result).count
        }
        times.sort()
        return (times[times.count / 2], nodes)
    }
    let (gradient, gradientNodes) = coldMedian { f.gradient(withRespectTo: vars) }
    // The sparse Hessian (nonzero entries of the upper triangle), as CasADi's is sparse.
    let (hessian, hessianNodes) = coldMedian { f.hessianEntries(withRespectTo: vars).map(\.value) }
    print("{\"file\":\"\(file)\",\"grad_ms\":\(gradient * 1e3),\"hess_ms\":\(hessian * 1e3),\"grad_nodes\":\(gradientNodes),\"hess_nodes\":\(hessianNodes)}")
    exit(0)
}

let rosenbrockVars = (1...100).map { "x\($0)" }
let logisticVars = (1...100).map { "w\($0)" }
let logisticData: [[Double]] = {
    let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workloads + "/logreg_100_data.json"))) as! [String: Any]
    return (json["A"] as! [[String]]).map { $0.map { Double($0)! } }
}()

let rows = [
    measure(name: "rosenbrock-100", text: read("multi_rosenbrock_100.txt"), variables: rosenbrockVars,
            hand: { rosenbrockValue($0, 100) }, handGradient: { rosenbrockGradient($0, 100, $1) }),
    measure(name: "logistic-100", text: read("multi_logreg_100.txt"), variables: logisticVars,
            hand: { logisticValue($0, logisticData) }, handGradient: { logisticGradient($0, logisticData, $1) }),
]

func f1(_ v: Double) -> String { String(format: "%.1f", v) }
func f2(_ v: Double) -> String { String(format: "%.2f", v) }
print("evaluation at \(pointCount) points, ns per point (median of 7)")
print("workload         value: tape   hand  tape/hand   value+grad: tape    hand  tape/hand   grad/value (tape)")
for r in rows {
    print(r.name.padding(toLength: 16, withPad: " ", startingAt: 0),
          f1(r.compiledValue).leftPad(13), f1(r.handValue).leftPad(6), f2(r.compiledValue / r.handValue).leftPad(10),
          f1(r.compiledGradient).leftPad(18), f1(r.handGradient).leftPad(7), f2(r.compiledGradient / r.handGradient).leftPad(10),
          f2(r.compiledGradient / r.compiledValue).leftPad(19))
}
print("targets: tape within 3x of hand-written Swift; gradient at most 4x the value's cost")
if let jsonOut {
    let object: [String: Any] = ["points": pointCount, "rows": rows.map { r in
        ["name": r.name, "tape_value_ns": r.compiledValue, "hand_value_ns": r.handValue,
         "tape_gradient_ns": r.compiledGradient, "hand_gradient_ns": r.handGradient] as [String: Any]
    }]
    try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: jsonOut))
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
