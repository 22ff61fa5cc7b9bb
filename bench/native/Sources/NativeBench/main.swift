import Foundation
import SymDiff

// Usage: NativeBench WORKLOADS_DIR POINTS HAND_LIBRARY SYMENGINE_JSON CACHE_DIR [JSON_OUT]
// Value and value + gradient of Rosenbrock-100 and of the logistic loss with 100 weights at
// POINTS points: symdiff's native code (emitted C, gcc -O2, loaded in-process), the Tape
// interpreter, hand-written C (gcc -O2) and SymEngine's LLVM Lambdify (measured by
// symengine_bench.py), side by side; ns per point, medians of 7 repetitions.

let arguments = CommandLine.arguments
guard arguments.count == 6 || arguments.count == 7, let pointCount = Int(arguments[2]) else {
    print("usage: NativeBench WORKLOADS_DIR POINTS HAND_LIBRARY SYMENGINE_JSON CACHE_DIR [JSON_OUT]")
    exit(64)
}
let (workloads, handLibrary, symengineFile, cacheDirectory) = (arguments[1], arguments[3], arguments[4], arguments[5])
/// Where to write the rows as JSON as well (for bench/figures.py), when given.
let jsonOut = arguments.count == 7 ? arguments[6] : nil

func read(_ name: String) -> String {
    guard let text = try? String(contentsOfFile: workloads + "/" + name, encoding: .utf8) else {
        print("cannot read \(workloads)/\(name) (set SYMDIFF_WORKLOADS)")
        exit(1)
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Median seconds of `body` over 7 repetitions.
func median(_ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<7 {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[3]
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

// MARK: - The hand-written C, loaded like the native code

typealias Batch = (UnsafePointer<Double>, Int, UnsafeMutablePointer<Double>) -> Void
typealias RosenBatch = @convention(c) (UnsafePointer<Double>, Int, Int32, UnsafeMutablePointer<Double>) -> Void
typealias LogisticBatch = @convention(c) (UnsafePointer<Double>, Int, UnsafePointer<Double>, Int32, Int32, UnsafeMutablePointer<Double>) -> Void

guard let hand = dlopen(handLibrary, RTLD_NOW) else { print("cannot load \(handLibrary)"); exit(1) }
@MainActor func symbol<T>(_ name: String, _ type: T.Type) -> T { unsafeBitCast(dlsym(hand, name)!, to: type) }

let logisticData: [Double] = {
    let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workloads + "/logreg_100_data.json"))) as! [String: Any]
    return (json["A"] as! [[String]]).flatMap { $0.map { Double($0)! } }
}()
let logisticRows = Int32(logisticData.count / 100)

@MainActor func handBatch(_ workload: String, gradient: Bool) -> Batch {
    if workload == "rosenbrock-100" {
        let f = symbol(gradient ? "rosen_gradient_batch" : "rosen_value_batch", RosenBatch.self)
        return { x, count, out in f(x, count, 100, out) }
    }
    let f = symbol(gradient ? "logistic_gradient_batch" : "logistic_value_batch", LogisticBatch.self)
    return { x, count, out in logisticData.withUnsafeBufferPointer { a in f(x, count, a.baseAddress!, logisticRows, 100, out) } }
}

// MARK: - SymEngine, measured in Python

let symengine: [String: Any] = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: symengineFile)))) as? [String: Any] ?? [:]
let symengineAvailable = symengine["available"] as? Bool ?? false

// MARK: - Runs

struct Row {
    var workload = "", what = ""
    var native = 0.0, tape = 0.0, hand = 0.0, symengine: Double?
    var compileSeconds = 0.0
    /// Creating the function again from the cache: emit, read the index, hash the library, load.
    var cachedLoadSeconds = 0.0
    /// The part of it spent reading the library and computing its SHA-256.
    var hashSeconds = 0.0
    var libraryBytes = 0
}

let checkPoint = (0..<100).map { 0.9 * sin(Double($0 + 1)) }

func agree(_ a: [Double], _ b: [Double], _ label: String) {
    guard a.count == b.count, zip(a, b).allSatisfy({ abs($0 - $1) <= 1e-9 * max(1, abs($1)) }) else {
        print("MISMATCH: \(label) computes different values; the figures below would measure wrong code")
        exit(1)
    }
}

@MainActor func measure(_ workload: String, text: String, prefix: String) -> [Row] {
    let variables = (1...100).map { Expr.symbol("\(prefix)\($0)") }
    let f = try! Parser().parse(text)
    var rng = SplitMix64(state: 20240601)
    let points = (0..<(100 * pointCount)).map { _ in Double.random(in: -1...1, using: &rng) }
    var rows: [Row] = []
    for gradient in [false, true] {
        let outputs = gradient ? [f] + f.gradient(withRespectTo: variables) : [f]
        var row = Row(workload: workload, what: gradient ? "value+grad" : "value")
        let start = DispatchTime.now().uptimeNanoseconds
        let native = try! NativeFunction(outputs, variables: variables, options: NativeOptions(cacheDirectory: cacheDirectory))
        row.compileSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        row.cachedLoadSeconds = median { _ = try! NativeFunction(outputs, variables: variables, options: NativeOptions(cacheDirectory: cacheDirectory)) }
        row.libraryBytes = (try? FileManager.default.attributesOfItem(atPath: native.libraryPath)[.size] as? Int) ?? 0
        row.hashSeconds = median { _ = SHA256.hex(of: [UInt8](FileManager.default.contents(atPath: native.libraryPath)!)) }
        let tape = try! CompiledFunction(outputs, variables: variables)
        let handCall = handBatch(workload, gradient: gradient)
        var out = [Double](repeating: 0, count: pointCount * outputs.count)
        let perPoint = 1e9 / Double(pointCount)
        points.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                row.native = median { native.evaluate(points: p.baseAddress!, count: pointCount, into: o.baseAddress!) } * perPoint
                row.hand = median { handCall(p.baseAddress!, pointCount, o.baseAddress!) } * perPoint
            }
        }
        row.tape = median { _ = tape.evaluate(points: points) } * perPoint
        // Everyone must compute the same numbers at the check point.
        let reference = tape(checkPoint)
        agree(native(checkPoint), reference, "native \(workload) \(row.what)")
        var handOut = [Double](repeating: 0, count: outputs.count)
        checkPoint.withUnsafeBufferPointer { p in handOut.withUnsafeMutableBufferPointer { handCall(p.baseAddress!, 1, $0.baseAddress!) } }
        agree(handOut, reference, "hand-written C \(workload) \(row.what)")
        if symengineAvailable, let entry = symengine[workload] as? [String: Any] {
            let key = gradient ? "gradient" : "value"
            row.symengine = entry[key] as? Double
            agree(entry[key + "_check"] as? [Double] ?? [], reference, "SymEngine \(workload) \(row.what)")
        }
        rows.append(row)
    }
    return rows
}

let rows = measure("rosenbrock-100", text: read("multi_rosenbrock_100.txt"), prefix: "x")
    + measure("logistic-100", text: read("multi_logreg_100.txt"), prefix: "w")

func f1(_ v: Double) -> String { String(format: "%.1f", v) }
func f2(_ v: Double) -> String { String(format: "%.2f", v) }
extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    func rightPad(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

print("evaluation at \(pointCount) points, ns per point (median of 7); all four agree at a check point")
if !symengineAvailable {
    print("SymEngine LLVM Lambdify: not measured: \(symengine["reason"] as? String ?? "symengine_bench.py did not run")")
} else {
    print("SymEngine \(symengine["version"] as? String ?? "?") Lambdify, backend='llvm', cse=True")
}
print("workload        output         native      tape    hand C  SymEngine LLVM  native/hand C  native/SymEngine  native build (s)  cached load (ms)  hash (ms)  library (KB)")
for r in rows {
    let se = r.symengine.map(f1) ?? "n/a"
    let ratio = r.symengine.map { f2(r.native / $0) } ?? "n/a"
    print(r.workload.rightPad(15), r.what.rightPad(10), f1(r.native).leftPad(10), f1(r.tape).leftPad(9), f1(r.hand).leftPad(9),
          se.leftPad(15), f2(r.native / r.hand).leftPad(14), ratio.leftPad(17), f2(r.compileSeconds).leftPad(16),
          f2(r.cachedLoadSeconds * 1e3).leftPad(17), f2(r.hashSeconds * 1e3).leftPad(10), String(r.libraryBytes / 1024).leftPad(13))
}
print("targets: native no slower than SymEngine LLVM; within 1.2x of hand-written C")
if let jsonOut {
    let object: [String: Any] = [
        "points": pointCount,
        "symengine": symengineAvailable ? "SymEngine \(symengine["version"] as? String ?? "?") LLVM" : NSNull(),
        "symengine_reason": symengine["reason"] as? String ?? NSNull(),
        "rows": rows.map { r in
            ["workload": r.workload, "what": r.what, "native_ns": r.native, "tape_ns": r.tape, "hand_ns": r.hand,
             "symengine_ns": r.symengine ?? NSNull(), "build_s": r.compileSeconds] as [String: Any]
        },
    ]
    try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: jsonOut))
}
