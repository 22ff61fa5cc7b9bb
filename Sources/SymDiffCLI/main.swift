import Glibc
import Parser

// The executable reads arguments and lines and prints what the command table's commands return.
Output.ignoreBrokenPipe()
if let diagnostic = invalidUTF8Argument() {
    Output.fail(diagnostic)
}
let words = Array(CommandLine.arguments.dropFirst())
if words.isEmpty {
    // No arguments: the interactive session on a terminal, statements from stdin otherwise.
    if isatty(0) == 1 { REPL.run() } else { ScriptOutput.runStandardInput() }
}
CommandLineRunner.main(words)

/// The diagnostic for the first argument that is not valid UTF-8, with its byte offset.
func invalidUTF8Argument() -> String? {
    for i in 1..<Int(CommandLine.argc) {
        guard let raw = CommandLine.unsafeArgv[i] else { continue }
        let count = strlen(raw)
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: count))
        if String(validating: bytes, as: UTF8.self) == nil {
            do {
                _ = try Parser().parse(bytes: bytes)
            } catch {
                return error.rendered(source: bytes)
            }
            return "error: argument \(i) is not valid UTF-8"
        }
    }
    return nil
}
