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
/// statement finishes, and dropped when the user interrupts it. Ctrl-C cancels the statement's
/// `Cancellation`: the engine's loops see it within milliseconds, the worker ends, and the
/// nodes it built are released before the prompt comes back.
enum REPL {
    static let prompt = "> "

    static func run() -> Never {
        setUpSignals()
        History.load()
        Completion.install()
        let banner = "symdiff: differentiate, simplify, evaluate. :help lists the commands, Ctrl-D leaves."
        print(HelpLayout.wrapped(banner, indent: 0).joined(separator: "\n"))
        if symdiff_readline_available() == 0 {
            Output.error("note: GNU readline (libreadline.so.8) is not installed: lines are read without editing, history or completion")
        }
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
        StopSignals.install(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = Glibc.write(REPL.interruptPipe.write, &byte, 1)
        }
    }

    /// Empties the interrupt pipe; true when a Ctrl-C was pending.
    static func takeInterrupt() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(interruptPipe.read, &buffer, buffer.count) > 0 { any = true }
        return any
    }

    /// Waits until `fd` is readable or Ctrl-C is pressed; true for Ctrl-C. With `progress`, the
    /// work's progress is shown on stderr meanwhile (see `ProgressLine`).
    static func waitFor(_ fd: Int32, progress: Cancellation? = nil) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: interruptPipe.read, events: Int16(POLLIN), revents: 0)]
        var line = progress.map { ProgressLine(work: $0) }
        defer { line?.clear() }
        while true {
            let ready = poll(&fds, 2, line == nil ? -1 : ProgressLine.interval)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                line?.update()
                continue
            }
            if fds[1].revents != 0 && takeInterrupt() { return true }
            if fds[0].revents != 0 { return false }
        }
    }

    /// Waits up to `milliseconds` for `fd` to be readable; true when it is.
    static func waitFor(_ fd: Int32, milliseconds: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        var left = milliseconds
        while left > 0 {
            let start = Clock.milliseconds
            let ready = poll(&fds, 1, left)
            if ready > 0 { return true }
            if ready == 0 { return false }
            left -= Int32(clamping: Clock.milliseconds - start)
        }
        return false
    }
}

/// One line from readline's callback interface.
enum LineReader {
    nonisolated(unsafe) private static var line: String?
    nonisolated(unsafe) private static var finished = false
    nonisolated(unsafe) private static var endOfInput = false

    /// The next line, or nil at Ctrl-D on an empty line.
    static func read(prompt: String) -> String? {
        guard symdiff_readline_available() != 0 else { return plainLine(prompt: prompt) }
        finished = false
        endOfInput = false
        symdiff_rl_callback_handler_install(prompt) { text in
            if let text {
                LineReader.line = String(cString: text)
                free(text)
            } else {
                LineReader.endOfInput = true
            }
            LineReader.finished = true
            symdiff_rl_callback_handler_remove()
        }
        while !finished {
            if REPL.waitFor(0) {
                // Ctrl-C: abandon the line being typed and start a fresh prompt.
                symdiff_rl_free_line_state()
                symdiff_rl_callback_sigcleanup()
                symdiff_rl_replace_line("", 0)
                symdiff_rl_crlf()
                symdiff_rl_on_new_line()
                symdiff_rl_redisplay()
                continue
            }
            symdiff_rl_callback_read_char()
        }
        return endOfInput ? nil : line
    }

    /// The next line without readline: the prompt, then what the terminal sends; Ctrl-C gives
    /// a fresh prompt.
    private static func plainLine(prompt: String) -> String? {
        while true {
            Output.write(prompt)
            if REPL.waitFor(0) {
                Output.write("\n")
                continue
            }
            return readLine()
        }
    }
}

/// Runs a statement on its own thread so that Ctrl-C can stop it.
enum Worker {
    /// The statement's work and result, shared by the worker and the waiting loop.
    final class Job: @unchecked Sendable {
        let line: String
        var session: Session
        var outcome: Session.Outcome?
        let token = Cancellation()
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

    /// How long a stopped worker is waited for before the prompt comes back without it: the
    /// engine checks its token many times a millisecond, so this is only a safety net.
    static let stopWait: Int32 = 2000

    /// The statement's outcome with `session` updated, or nil when the user pressed Ctrl-C (the
    /// worker stops, its result is dropped and the memory it built is released).
    static func execute(_ line: String, in session: inout Session) -> Session.Outcome? {
        let job = Job(line: line, session: session)
        // A large stack, as deep expressions are read on this thread.
        guard let thread = Parallel.startThread(stackSize: 512 << 20, {
            Cancellation.run(under: job.token) { job.outcome = job.session.execute(job.line) }
            var byte: UInt8 = 1
            _ = Glibc.write(job.done.write, &byte, 1)
        }) else {
            // No thread: run here, where Ctrl-C cannot interrupt it.
            let outcome = session.execute(line)
            return outcome
        }
        if REPL.waitFor(job.done.read, progress: job.token) {
            job.token.cancel()
            if REPL.waitFor(job.done.read, milliseconds: stopWait) {
                pthread_join(thread, nil)
                releaseMemory()
            } else {
                pthread_detach(thread)
            }
            return nil
        }
        pthread_join(thread, nil)
        session = job.session
        return job.outcome
    }

    /// Gives back what a stopped statement built: the nodes only the interning pool still
    /// holds, then the heap pages freed by them. On a thread of its own, so the prompt is back
    /// at once; freeing takes about a quarter of the time the nodes took to build, and a next
    /// statement that builds nodes meanwhile waits for the pool.
    static func releaseMemory() {
        let release: @Sendable () -> Void = {
            Node.collectUnused()
            malloc_trim(0)
        }
        guard let thread = Parallel.startThread(stackSize: 1 << 20, release) else { return release() }
        pthread_detach(thread)
    }
}
