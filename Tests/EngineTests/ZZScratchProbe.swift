import Testing
import Foundation
import SymDiff
@Test func zzProbe() throws {
    for n in [1000, 2000, 4000] {
      for (open, close) in [("sin(", ")"), ("exp(-", ")")] {
        let src = String(repeating: open, count: n) + "x" + String(repeating: close, count: n)
        var t = Date()
        func lap(_ s: String) { print("PROBE n=\(n) \(open) \(s) \(String(format: "%.3f", -t.timeIntervalSinceNow))"); t = Date() }
        let e = try Parser().parse(src); lap("parse")
        _ = e.description; lap("print")
        _ = e.postorder.count; lap("postorder")
        let d = e.derivative(withRespectTo: .symbol("x")); lap("derivative")
        print("PROBE   d nodes \(d.postorder.count) head \(d.head) kids \(d.children.count)"); lap("count")
        _ = d.simplified(); lap("simplified")
      }
    }
}
