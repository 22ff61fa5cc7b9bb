import Foundation
import SymDiff

// Usage: PolyBench CASES REPETITIONS
// CASES holds one case a line: name, expression and variable, tab-separated. For each, the
// expression is parsed and differentiated once (not timed; variable `-`: not differentiated),
// then `cancelled()` of the result is timed REPETITIONS times. One JSON line per case: the median and the fastest in ms, and the
// result as printed.

let arguments = CommandLine.arguments
guard arguments.count == 3, let text = try? String(contentsOfFile: arguments[1], encoding: .utf8), let repetitions = Int(arguments[2]) else {
    FileHandle.standardError.write("usage: PolyBench CASES REPETITIONS\n".data(using: .utf8)!)
    exit(2)
}

func milliseconds(_ body: () throws -> Expr) rethrows -> (Double, Expr) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, result)
}

for line in text.split(separator: "\n") {
    let fields = line.split(separator: "\t").map(String.init)
    let expression = try Parser().parse(fields[1])
    let derivative = fields[2] == "-" ? expression : try expression.derivative(withRespectTo: .symbol(fields[2]))
    var times: [Double] = []
    var result = derivative
    for _ in 0..<repetitions {
        let (ms, r) = try milliseconds { try derivative.cancelled() }
        times.append(ms)
        result = r
    }
    times.sort()
    let printed = InfixPrinter().print(result)
    let json = try JSONSerialization.data(withJSONObject: ["name": fields[0], "median_ms": times[times.count / 2], "min_ms": times[0], "result": printed])
    print(String(data: json, encoding: .utf8)!)
}
