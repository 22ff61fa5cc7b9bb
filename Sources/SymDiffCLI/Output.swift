import Glibc

/// Writing results and errors: results go to stdout in one write, messages to stderr.
enum Output {
    /// Exit statuses, documented in `symdiff --help`.
    enum Status: Int32 {
        case success = 0
        /// The expression or a value in it is wrong (parse error, undefined result).
        case badInput = 1
        /// A limit was reached (size, depth, time).
        case limit = 3
        /// The command line itself is wrong (as ArgumentParser reports it).
        case usage = 64
    }

    /// A closed pipe (`symdiff … | head -1`) ends the process quietly instead of killing it
    /// with SIGPIPE; writes then fail and we exit.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Ends the process with status 3 and a message once `seconds` have passed (`--timeout`).
    static func exitAfter(seconds: Int) {
        signal(SIGALRM) { _ in
            let message = "error: time limit reached (--timeout)\n"
            message.utf8CString.withUnsafeBufferPointer { _ = Glibc.write(2, $0.baseAddress, $0.count - 1) }
            _exit(Status.limit.rawValue)
        }
        alarm(UInt32(clamping: seconds))
    }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    exit(0)  // the reader went away: nothing more to say
                }
                offset += n
            }
        }
    }

    static func error(_ text: String) {
        var text = text.hasSuffix("\n") ? text : text + "\n"
        text.withUTF8 { buffer in _ = Glibc.write(2, buffer.baseAddress, buffer.count) }
    }

    static func fail(_ message: String, status: Status = .badInput) -> Never {
        error(message)
        exit(status.rawValue)
    }
}
