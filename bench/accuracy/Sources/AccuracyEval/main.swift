// Reads cases from stdin, one JSON object a line: {"expression": "...", "variables": ["z"],
// "points": [["0x1.8p+1", ...], ...]}, numbers as hexadecimal text (JSON numbers would pass
// through Foundation's decimal parsing and printing, which do not round-trip every double). Writes one JSON object a line: the value and gradient at every point,
// {"tape": [[f, df/dv1, ...], ...], "native": [[...]] or null, "written": [[...]], "note": "..."}:
// "tape" and "native" as `symdiff eval --grad` (and `--native`) compute them, the gradient of the
// stable form lowered with the stable rewrites; "written" the Tape without them (the textbook
// gradient lowered as written: what the rewrites change). Numbers are written as Swift prints them
// (the shortest text that reads back as the same double; "inf", "-inf", "nan").
import Foundation
import SymDiff

func json(_ rows: [[Double]]) -> [[String]] { rows.map { $0.map { "\($0)" } } }

let cache = FileManager.default.temporaryDirectory.appendingPathComponent("symdiff-accuracy-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: cache) }
while let line = readLine() {
    let item = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    let f = try Parser().parse(item["expression"] as! String)
    let variables = (item["variables"] as! [String]).map(Expr.symbol)
    let points = (item["points"] as! [[String]]).map { $0.map { Double($0)! } }
    let outputs = [f] + StableForms.forDerivatives(f).gradient(withRespectTo: variables)
    let flat = points.flatMap { $0 }
    let m = outputs.count
    func rows(_ values: [Double]) -> [[Double]] { stride(from: 0, to: values.count, by: m).map { Array(values[$0..<($0 + m)]) } }
    let tape = try CompiledFunction(outputs, variables: variables)
    let written = try CompiledFunction([f] + f.gradient(withRespectTo: variables), variables: variables, stable: false)
    var result: [String: Any] = ["tape": json(rows(tape.evaluate(points: flat))), "native": NSNull(),
                                 "written": json(rows(written.evaluate(points: flat)))]
    do {
        let native = try NativeFunction(outputs, variables: variables, options: NativeOptions(cacheDirectory: cache))
        result["native"] = json(rows(native.evaluate(points: flat)))
    } catch {
        result["note"] = "\(error)"
    }
    let data = try JSONSerialization.data(withJSONObject: result)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}
