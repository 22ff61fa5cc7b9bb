import Glibc
import SymDiff

/// Ctrl-C and `--timeout` on the command line: both cancel the run's one `Cancellation`, so the
/// work stops at its next check and the command ends with its message and exit status (130
/// interrupted, 3 time limit). Should the work not stop within a second, or Ctrl-C come again,
/// the process ends at once with the same status.
enum StopSignals {
    /// The token of the command line's run; set before any handler is installed and never
    /// changed after, so the handlers read it without a lock.
    nonisolated(unsafe) static var token = Cancellation()

    /// Installs the Ctrl-C handler (the REPL has its own).
    static func catchInterrupt() {
        install(SIGINT) { _ in StopSignals.stop(.interrupted) }
    }

    /// Cancels the run with `.timeLimit` after `seconds` (`--timeout`).
    static func stopAfter(seconds: Int) {
        install(SIGALRM) { _ in StopSignals.stop(.timeLimit) }
        alarm(UInt32(clamping: seconds))
    }

    /// In a signal handler: the first stop cancels the token and gives the work a second; a
    /// second stop (Ctrl-C again, or that second over) ends the process.
    private static func stop(_ reason: Cancellation.Reason) {
        guard let first = token.reason else {
            token.cancel(reason)
            // The grace period: SIGALRM comes back here with the token cancelled.
            install(SIGALRM) { _ in StopSignals.stop(.timeLimit) }
            alarm(1)
            return
        }
        let message: StaticString = first == .interrupted ? "interrupted\n" : "error: time limit reached (--timeout)\n"
        _ = Glibc.write(2, message.utf8Start, message.utf8CodeUnitCount)
        _exit(first == .interrupted ? Output.Status.interrupted.rawValue : Output.Status.limit.rawValue)
    }

    /// Makes `handler` the handler of `signal`, and lets the signal through: a parent may have
    /// started the process with it blocked (test harnesses and some process launchers do), and
    /// then Ctrl-C or the alarm would never arrive.
    static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
