import Glibc

/// Writing results and errors: results go to stdout in one write, messages to stderr.
enum Output {
    /// The exit statuses, one table for every command, documented in `symdiff --help` and the
    /// README (`Status.table`).
    enum Status: Int32, CaseIterable {
        case success = 0
        /// The input is wrong (a parse error, an undefined result, a bad value), or the answer
        /// is no: a check or assertion that fails, no minimum or root found.
        case badInput = 1
        /// A limit was reached: nodes, order, iterations, terms, time (`--timeout`).
        case limit = 3
        /// The command line itself is wrong: an unknown option or command, a missing argument.
        case usage = 64
        /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
        case interrupted = 130

        /// What the status means, for help.
        var meaning: String {
            switch self {
            case .success: return "success"
            case .badInput: return "invalid input (the message on stderr points at it), or the answer is no: a check or assertion that fails, no minimum or root found"
            case .limit: return "a limit was reached: nodes (--max-nodes), order (--max-order), iterations (--max-iterations), expansion size, time (--timeout)"
            case .usage: return "invalid usage: an unknown command or option, a missing or malformed argument"
            case .interrupted: return "interrupted (Ctrl-C)"
            }
        }
    }

    /// A closed pipe (`symdiff … | head -1`) ends the process quietly instead of killing it
    /// with SIGPIPE; writes then fail and we exit.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    static func write(_ text: String) {
        ProgressDisplay.withLineCleared { writeAll(text) }
    }

    private static func writeAll(_ text: String) {
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
        ProgressDisplay.withLineCleared { text.withUTF8 { buffer in _ = Glibc.write(2, buffer.baseAddress, buffer.count) } }
    }

    static func fail(_ message: String, status: Status = .badInput) -> Never {
        error(message)
        exit(status.rawValue)
    }
}
