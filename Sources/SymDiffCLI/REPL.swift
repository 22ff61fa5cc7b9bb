import CReadline
import Glibc
import Session
import SymDiff

/// The interactive session over GNU readline: line editing, persistent history, tab completion,
/// Ctrl-C that abandons the line or the running computation (the session stays as it was), Ctrl-D
/// that leaves.
///
/// Readline runs in its callback mode inside a poll loop, so a Ctrl-C (turned into a byte on a
/// pipe by the signal handler) is handled in ordinary code, never inside the signal handler.
/// Statements run on a worker thread over a copy of the session; the copy is kept when the
/// statement finishes, and dropped when the user interrupts it.
enum REPL {
    static let prompt = "> "

    static func run() -> Never {
        setUpSignals()
        History.load()
        Completion.install()
        print("symdiff: differentiate, simplify, evaluate. :help lists the commands, Ctrl-D leaves.")
        var session = Session()
        while true {
            Completion.names = session.completionNames
            guard let line = LineReader.read(prompt: prompt) else {
                print("")
                exit(0)
            }
            History.add(line)
            guard let outcome = Worker.execute(line, in: &session) else {
                Output.error("interrupted (the session is as it was before this line)")
                continue
            }
            if !outcome.output.isEmpty { Output.write(outcome.output + "\n") }
            if !outcome.message.isEmpty { Output.error(outcome.message) }
            if outcome.status == .quit { exit(0) }
        }
    }

    /// A pipe that the SIGINT handler writes to, so the poll loops see Ctrl-C.
    nonisolated(unsafe) static var interruptPipe: (read: Int32, write: Int32) = (-1, -1)

    private static func setUpSignals() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { Output.fail("error: cannot create a pipe for Ctrl-C handling") }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        interruptPipe = (fds[0], fds[1])
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = Glibc.write(REPL.interruptPipe.write, &byte, 1)
        }
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; Ctrl-C must reach the handler.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }

    /// Empties the interrupt pipe; true when a Ctrl-C was pending.
    static func takeInterrupt() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(interruptPipe.read, &buffer, buffer.count) > 0 { any = true }
        return any
    }

    /// Waits until `fd` is readable or Ctrl-C is pressed; true for Ctrl-C.
    static func waitFor(_ fd: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: interruptPipe.read, events: Int16(POLLIN), revents: 0)]
        while poll(&fds, 2, -1) < 0 && errno == EINTR {}
        return fds[1].revents != 0 && takeInterrupt()
    }
}

/// One line from readline's callback interface.
enum LineReader {
    nonisolated(unsafe) private static var line: String?
    nonisolated(unsafe) private static var finished = false
    nonisolated(unsafe) private static var endOfInput = false

    /// The next line, or nil at Ctrl-D on an empty line.
    static func read(prompt: String) -> String? {
        finished = false
        endOfInput = false
        rl_callback_handler_install(prompt) { text in
            if let text {
                LineReader.line = String(cString: text)
                free(text)
            } else {
                LineReader.endOfInput = true
            }
            LineReader.finished = true
            rl_callback_handler_remove()
        }
        while !finished {
            if REPL.waitFor(0) {
                // Ctrl-C: abandon the line being typed and start a fresh prompt.
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                rl_crlf()
                rl_on_new_line()
                rl_redisplay()
                continue
            }
            rl_callback_read_char()
        }
        return endOfInput ? nil : line
    }
}

/// Runs a statement on its own thread so that Ctrl-C can abandon it.
enum Worker {
    /// The statement's work and result, shared by the worker and the waiting loop.
    final class Job: @unchecked Sendable {
        let line: String
        var session: Session
        var outcome: Session.Outcome?
        let done: (read: Int32, write: Int32)

        init(line: String, session: Session) {
            self.line = line
            self.session = session
            var fds: [Int32] = [0, 0]
            _ = pipe(&fds)
            done = (fds[0], fds[1])
        }

        deinit {
            close(done.read)
            close(done.write)
        }
    }

    /// The statement's outcome with `session` updated, or nil when the user pressed Ctrl-C (the
    /// worker is told to stop: long loops check its cancellation; its result is dropped).
    static func execute(_ line: String, in session: inout Session) -> Session.Outcome? {
        // The worker's copy carries a cancellation that Ctrl-C triggers, so an abandoned
        // statement stops at its next check instead of running on in the background.
        let cancellation = Cancellation()
        var copy = session
        copy.limits.cancellation = cancellation
        let job = Job(line: line, session: copy)
        // A large stack, as deep expressions are read on this thread.
        guard let thread = Parallel.startThread(stackSize: 512 << 20, {
            job.outcome = job.session.execute(job.line)
            var byte: UInt8 = 1
            _ = Glibc.write(job.done.write, &byte, 1)
        }) else {
            // No thread: run here, where Ctrl-C cannot interrupt it.
            let outcome = copy.execute(line)
            copy.limits.cancellation = nil
            session = copy
            return outcome
        }
        pthread_detach(thread)
        if REPL.waitFor(job.done.read) {
            cancellation.cancel()
            return nil
        }
        session = job.session
        session.limits.cancellation = nil
        return job.outcome
    }
}
