import Foundation
import SymDiff
import Tensor

// Usage: TensorBench WORKLOADS_DIR
// The gradient and Hessian of the logistic loss sum(log(1 + exp(-y .* (X*w)))) derived in matrix
// form (parse, reverse sweep, simplification, printing), cold (new names each repetition, so
// every node is built) and warm (the same names, so building is lookups), medians over the
// repetitions; their size for symbolic and numeric sizes; and, in the same run, the scalar
// engine's gradient and Hessian of the same loss written out for 100 weights.

let workloads = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../shared/workloads"

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
func range(_ xs: [Double]) -> String { String(format: "%.1f–%.1f", xs.min()! * 1e6, xs.max()! * 1e6) }

/// Parses the loss over fresh names `X<k>`, `w<k>`, `y<k>` and derives gradient and Hessian.
func derive(_ k: String, sizes: (String, String) = ("n", "d"), print: Bool = true) throws -> (gradient: TensorExpression, hessian: TensorExpression) {
    var shapes = TensorDeclarations()
    try shapes.declare("X\(k): matrix(\(sizes.0), \(sizes.1))")
    try shapes.declare("w\(k): vector(\(sizes.1))")
    try shapes.declare("y\(k): vector(\(sizes.0))")
    let f = try TensorParser(shapes: shapes).parse("sum(log(1 + exp(-y\(k) .* (X\(k)*w\(k)))))")
    let g = try f.gradient(withRespectTo: "w\(k)")
    let h = try f.hessian(withRespectTo: "w\(k)")
    if print { _ = (g.description, h.description) }
    return (g, h)
}

let repetitions = 400
var cold: [Double] = [], warm: [Double] = [], coldNoPrint: [Double] = []
_ = try derive("warm")
for r in 0..<repetitions {
    cold.append(try seconds { _ = try derive("c\(r)") })
    coldNoPrint.append(try seconds { _ = try derive("p\(r)", print: false) })
    warm.append(try seconds { _ = try derive("warm") })
}
let (g, h) = try derive("")
print("logistic loss in matrix form: sum(log(1 + exp(-y .* (X*w))))")
print("  gradient: \(g)")
print("  Hessian:  \(h)")
print(String(format: "  parse + gradient + Hessian + print, cold: median %.1f µs (range %@ µs over %d runs)", median(cold) * 1e6, range(cold), repetitions))
print(String(format: "  parse + gradient + Hessian, cold, without printing: median %.1f µs (range %@ µs)", median(coldNoPrint) * 1e6, range(coldNoPrint)))
print(String(format: "  parse + gradient + Hessian + print, warm: median %.1f µs (range %@ µs)", median(warm) * 1e6, range(warm)))
for sizes in [("n", "d"), ("10", "3"), ("10000", "100")] {
    let (g, h) = try derive("s\(sizes.0)", sizes: sizes)
    print("  size with n = \(sizes.0), d = \(sizes.1): gradient \(g.tensor.nodeCount) tensor nodes, Hessian \(h.tensor.nodeCount) tensor nodes")
}

// The scalar engine on the same loss written out for 100 weights (the workload's data rows).
let text = (try? String(contentsOfFile: workloads + "/multi_logreg_100.txt", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
if text.isEmpty {
    print("scalar engine: multi_logreg_100.txt not found in \(workloads)")
} else {
    let f = try Parser().parse(text)
    let variables = (1...100).map { Expr.symbol("w\($0)") }
    var gradient: [Expr] = [], entries: [HessianEntry] = []
    let tg = seconds { gradient = ReverseAccumulation().gradient(of: f, withRespectTo: variables) }
    let th = seconds { entries = ReverseAccumulation().hessianEntries(of: f, withRespectTo: variables) }
    let nodes = Expr.postorder(entries.map(\.value)).count
    print(String(format: "scalar engine, the same loss over 100 weights written out: gradient %.2f ms (%d nodes), sparse Hessian %.1f ms (%d nodes)",
                 tg * 1e3, Expr.postorder(gradient).count, th * 1e3, nodes))
    print(String(format: "ratio scalar Hessian / matrix-form gradient + Hessian (cold): %.0fx", th / median(cold)))
}
