import Glibc
import Session
import SymDiff

// libFuzzer's driver, called from our own entry point (see ExpressionFuzz for why).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// A script of statements, run line by line in one fresh session with every error kept going:
/// nothing may trap; every statement either succeeds with no message or fails with one; a
/// session survives every bad line (a final statement still runs).
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    if Node.internedCount > 300_000 { Node.collectUnused() }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard ScriptFile.firstInvalidUTF8(bytes) == nil else { return 0 }
    var session = Session()
    // Keep each input quick: small derivative orders and iteration counts, no file access.
    session.limits.order = 8
    session.limits.iterations = 500
    session.limits.fileAccess = false
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).prefix(16) {
        guard line.utf8.count <= 300 else { continue }
        let outcome = session.execute(String(line), at: Session.Location(file: "fuzz.sd", line: 1))
        switch outcome.status {
        case .ok, .quit:
            // A statement that succeeds may say more on stderr only as notes and warnings (an
            // unknown function near a table name, a saturating gradient).
            let remarks = outcome.message.split(separator: "\n").filter { !$0.hasPrefix(" ") }
            precondition(remarks.allSatisfy { $0.hasPrefix("note:") || $0.hasPrefix("warning:") || $0.contains(": note:") || $0.contains(": warning:") },
                         "a message without a failure: \(outcome.message)")
        case .error, .assertionFailed: precondition(!outcome.message.isEmpty, "a failure without a message for '\(line)'")
        }
        if outcome.status == .quit { break }
    }
    let after = session.execute("1 + 1")
    precondition(after.status == .ok && after.output == "2", "the session did not survive: \(after.message)")
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzOne(data, size) }

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { fuzzOne($0, $1) })
