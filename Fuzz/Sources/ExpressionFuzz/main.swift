import SymDiff
import Glibc

// libFuzzer's driver, called from our own entry point: SwiftPM gives every executable target a
// `main` of its own, so the target runs the fuzzing loop itself (LLVMFuzzerRunDriver).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// text -> parse -> differentiate -> simplify -> print -> parse again. Any input may be refused
/// with a diagnostic; nothing may trap, and every printed result must read back exactly (the
/// canonical form of what was printed).
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // The interning pool keeps nodes until asked; release them now and then so a long run
    // stays within its memory limit.
    if Node.internedCount > 300_000 { Node.collectUnused() }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // The same bytes read as LaTeX: refused or read, never a trap.
    _ = try? LatexReader().parseWithNotation(bytes: bytes)
    guard let expr = try? Parser().parse(bytes: bytes) else { return 0 }
    checkRoundTrip(expr)
    // Keep each run short: large inputs are parsed and printed but not differentiated.
    guard expr.node.treeSize < 2_000, expr.head != .undefined else { return 0 }
    let raw = expr.derivative(withRespectTo: .symbol("x"))
    guard raw.node.treeSize < 200_000 else { return 0 }
    checkRoundTrip(raw)
    let simplified = raw.simplified()
    checkRoundTrip(simplified)
    checkLatexReadsBack(simplified)
    _ = JSONPrinter().print(simplified)
    return 0
}

/// The entry libFuzzer's runtime links against (the driver above is given the same function).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzOne(data, size) }

func checkRoundTrip(_ e: Expr) {
    guard e.head != .undefined, e.node.treeSize < 1_000_000 else { return }
    let text = e.description
    do {
        let back = try Parser().parse(text)
        precondition(back == e.canonicalized, "round trip: '\(text)' reads back as '\(back)'")
    } catch {
        preconditionFailure("printed text does not parse: '\(text)': \(error.message)")
    }
}

/// What the LaTeX printer writes reads back (to an expression; the values are compared by the
/// test suite's property test, which can evaluate).
func checkLatexReadsBack(_ e: Expr) {
    guard e.head != .undefined, e.node.treeSize < 100_000 else { return }
    let latex = LatexPrinter().print(e)
    do {
        _ = try LatexReader().parse(latex)
    } catch {
        preconditionFailure("printed LaTeX does not read back: '\(latex)': \(error.message)")
    }
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { fuzzOne($0, $1) })
