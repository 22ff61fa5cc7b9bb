import Glibc
import SymDiff

/// `--file`: one expression per line in, one derivative per line out, in one process. A line that
/// fails gets its error on stderr (with its line number) and an empty line on stdout, so outputs
/// stay aligned with inputs; the exit status is then non-zero.
enum FileMode {
    static func run(_ job: DerivativeJob, path: String) throws {
        guard let data = readAll(path) else {
            Output.fail("error: cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        let name = path == "-" ? "<stdin>" : path
        var out = ""
        var worst = Output.Status.success
        var lineNumber = 0
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the final newline ends the last line
        for line in lines {
            lineNumber += 1
            let bytes = Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
            do {
                out += try job.run(bytes)
            } catch {
                Output.write(out)
                out = ""
                Output.error(Reporter.render(error, source: bytes, location: "\(name):\(lineNumber)"))
                if worst == .success || Reporter.status(error) == .limit { worst = Reporter.status(error) }
            }
            out += "\n"
            // Each line's expressions are garbage once printed; keep memory bounded over long files.
            if Node.internedCount > 2_000_000 { Node.collectUnused() }
            if out.utf8.count > 1 << 16 {
                Output.write(out)
                out = ""
            }
        }
        Output.write(out)
        if worst != .success { exit(worst.rawValue) }
    }

    /// The whole file (or stdin for "-") as bytes.
    static func readAll(_ path: String) -> [UInt8]? {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        if fd < 0 { return nil }
        defer { if fd != 0 { close(fd) } }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
        }
        return result
    }
}
