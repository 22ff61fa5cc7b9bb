import Glibc
import Session
import SymDiff

/// `--file` for a command that gives one line per expression (`diff`, `simplify`, …): one
/// expression per line in, one result per line out, in one process. A line that fails gets its
/// error on stderr (with its line number) and an empty line on stdout, so outputs stay aligned
/// with inputs; the exit status is then non-zero.
enum FileMode {
    /// Lines are run in batches, in parallel on `threads` threads; each batch's results are
    /// written in input order before the next starts, so output streams and memory stays bounded.
    static func run(_ command: CommandSpec, base: CommandArguments, values: CommandLineValues, path: String, threads: Int) -> Never {
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
            let results = ResultSlots<Result<String, CommandLineError>>(count: batch.count)
            Parallel.forEach(batch.count, threads: threads) { i in
                let location = "\(name):\(batchStart + i + 1)"
                results[i] = Result { () throws(CommandLineError) in
                    let arguments = try values.adding([batch[i]], to: base, location: location)
                    let text = try CommandLineRunner.execute(command, arguments, location: location).value.printed
                    if text.contains("\n") {
                        throw CommandLineError.input("\(location): error: the result has several lines; with --file each expression gives one")
                    }
                    return text
                }
            }
            var out = ""
            for i in batch.indices {
                switch results[i]! {
                case let .success(text):
                    out += text
                case let .failure(error):
                    Output.write(out)
                    out = ""
                    switch error {
                    case let .input(text): Output.error(text)
                    case let .limit(text):
                        Output.error(text)
                        worst = .limit
                    case let .usage(message, _): Output.fail("error: \(message)", status: .usage)
                    }
                    if worst == .success { worst = .badInput }
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
        exit(worst.rawValue)
    }

    /// The non-empty lines of a file ('-' for stdin): the expressions of a command that reads
    /// them all at once.
    static func lines(of path: String) throws(CommandLineError) -> [[UInt8]] {
        guard let data = readAll(path) else { throw CommandLineError.input("error: cannot read '\(path)': \(String(cString: strerror(errno)))") }
        return data.split(separator: UInt8(ascii: "\n")).map { Array($0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0) }.filter { !$0.isEmpty }
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
