import Glibc
import Synchronization
import Session
import SymDiff

/// `--file` for a command that gives one line per expression (`diff`, `simplify`, …): one
/// expression per line in, one result per line out, in one process. A line that fails gets its
/// error on stderr (with its line number) and an empty line on stdout, so outputs stay aligned
/// with inputs; the exit status is then non-zero. A blank line or a comment (`#` first) gives an
/// empty line and no error.
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
        let total = lines.count
        let finished = Counter()
        ProgressDisplay.start(StopSignals.token)
        for batchStart in stride(from: 0, to: lines.count, by: batchSize) {
            let batch = lines[batchStart..<min(batchStart + batchSize, lines.count)].map { line in
                Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
            }
            let results = ResultSlots<Result<String, CommandLineError>>(count: batch.count)
            Parallel.forEach(batch.count, threads: threads) { i in
                let location = "\(name):\(batchStart + i + 1)"
                results[i] = Result { () throws(CommandLineError) in
                    defer { Cancellation.report(.lines, done: finished.next(), of: total) }
                    if isBlankOrComment(batch[i]) { return "" }
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
                // Work stopped (Ctrl-C, --timeout): the lines before are written, then the reason.
                guard let result = results[i], !Cancellation.isRequested else {
                    Output.write(out)
                    CommandLineRunner.fail(CommandLineRunner.stopError(Cancellation.current?.reason ?? .interrupted))
                }
                switch result {
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
                    case let .interrupted(text): Output.fail(text, status: .interrupted)
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
        ProgressDisplay.stop()
        exit(worst.rawValue)
    }

    /// The lines of a file ('-' for stdin) that are neither blank nor comments: the expressions
    /// of a command that reads them all at once.
    static func lines(of path: String) throws(CommandLineError) -> [[UInt8]] {
        guard let data = readAll(path) else { throw CommandLineError.input("error: cannot read '\(path)': \(String(cString: strerror(errno)))") }
        return data.split(separator: UInt8(ascii: "\n")).map { Array($0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0) }.filter { !isBlankOrComment($0) }
    }

    /// A line of spaces and tabs only, or whose first other character is `#`.
    static func isBlankOrComment(_ line: [UInt8]) -> Bool {
        guard let first = line.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return true }
        return first == UInt8(ascii: "#")
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

/// A count that several threads advance.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    /// The count after adding one.
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}
