import Glibc
import SymDiff

/// `--file`: one expression per line in, one derivative per line out, in one process. A line that
/// fails gets its error on stderr (with its line number) and an empty line on stdout, so outputs
/// stay aligned with inputs; the exit status is then non-zero.
enum FileMode {
    /// Lines are differentiated in batches, in parallel on `threads` threads; each batch's
    /// results are written in input order before the next starts, so output streams and memory
    /// stays bounded.
    static func run(_ job: DerivativeJob, path: String, threads: Int) throws {
        guard let data = readAll(path) else {
            Output.fail("error: cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        let name = path == "-" ? "<stdin>" : path
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the final newline ends the last line
        var worst = Output.Status.success
        let batchSize = 1024
        for batchStart in stride(from: 0, to: lines.count, by: batchSize) {
            let batch = lines[batchStart..<min(batchStart + batchSize, lines.count)].map { line in
                Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
            }
            let results = ResultSlots<Result<String, DerivativeJob.Failure>>(count: batch.count)
            Parallel.forEach(batch.count, threads: threads) { i in
                results[i] = Result { () throws(DerivativeJob.Failure) in try job.run(batch[i]) }
            }
            var out = ""
            for i in batch.indices {
                switch results[i]! {
                case let .success(text):
                    out += text
                case let .failure(error):
                    Output.write(out)
                    out = ""
                    Output.error(Reporter.render(error, source: batch[i], location: "\(name):\(batchStart + i + 1)"))
                    if worst == .success || Reporter.status(error) == .limit { worst = Reporter.status(error) }
                }
                out += "\n"
                if out.utf8.count > 1 << 16 {
                    Output.write(out)
                    out = ""
                }
            }
            Output.write(out)
            // Each batch's expressions are garbage once printed; keep memory bounded over long files.
            if Node.internedCount > 2_000_000 { Node.collectUnused() }
        }
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
