import Glibc
import SymDiff
import Synchronization

/// How far long work got, on one line of stderr when stderr is a terminal: nothing for the
/// first second, then a bar (or a counter when the total is unknown) with a rate, redrawn a few
/// times a second and cleared when the work ends or output is written. The work reports its
/// progress on its `Cancellation`; this only reads it.
struct ProgressLine {
    /// Milliseconds between redraws.
    static let interval: Int32 = 250
    /// Work shorter than this shows nothing.
    static let delay = 1000

    let work: Cancellation
    private let started = Clock.milliseconds
    /// The stage being shown, when it was first seen and its items done then, for the rate.
    private var stage: (stage: Cancellation.Stage, since: Int, done: Int)?
    private var shown = false

    /// A line for `work`, drawn on the first `update` a second after now.
    init(work: Cancellation) { self.work = work }

    /// Whether progress may be drawn: stderr is a terminal that understands `\r` and erasing.
    static var available: Bool {
        guard isatty(2) == 1 else { return false }
        guard let term = getenv("TERM") else { return true }
        return String(cString: term) != "dumb"
    }

    /// Redraws the line with the work's latest report.
    mutating func update() {
        let now = Clock.milliseconds
        guard now - started >= Self.delay, let p = work.progress else { return }
        // The first stage seen is counted from the start of the work; a later one from when it
        // was first seen.
        if stage?.stage != p.stage { stage = stage == nil ? (p.stage, started, 0) : (p.stage, now, p.done) }
        let seconds = Double(now - stage!.since) / 1000
        let rate = seconds > 0.2 ? Double(p.done - stage!.done) / seconds : nil
        Self.write("\r" + Self.text(p.stage, done: p.done, total: p.total, rate: rate) + "\u{1B}[K")
        shown = true
    }

    /// Erases the line if it was drawn; the next `update` draws it again.
    mutating func clear() {
        if shown { Self.write("\r\u{1B}[K") }
        shown = false
    }

    /// `[########............] 120/300 Hessian rows, 57/s`; without a total, `120 lines, 57/s`.
    static func text(_ stage: Cancellation.Stage, done: Int, total: Int, rate: Double?) -> String {
        let speed = rate.map { ", \(NumberText.decimal($0 >= 10 ? $0.rounded() : $0, significantDigits: 2))/s" } ?? ""
        guard total > 0 else { return "\(done) \(stage.items)\(speed)" }
        let width = 20
        let filled = min(width, max(0, done * width / total))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        return "\(bar) \(done)/\(total) \(stage.items)\(speed)"
    }

    private static func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// The command line's progress line, drawn by a thread of its own while the main thread works;
/// `Output` clears it before writing anything.
enum ProgressDisplay {
    private static let line = Mutex<ProgressLine?>(nil)
    private static let active = Atomic<Bool>(false)

    /// Starts showing the progress of `work`, if stderr is a terminal.
    static func start(_ work: Cancellation) {
        guard ProgressLine.available, !active.load(ordering: .relaxed) else { return }
        line.withLock { $0 = ProgressLine(work: work) }
        active.store(true, ordering: .relaxed)
        guard let thread = Parallel.startThread(stackSize: 1 << 20, {
            while true {
                usleep(UInt32(ProgressLine.interval) * 1000)
                let running = ProgressDisplay.line.withLock { line -> Bool in
                    guard line != nil else { return false }
                    line!.update()
                    return true
                }
                if !running { return }
            }
        }) else { return }
        pthread_detach(thread)
    }

    /// Stops showing progress and erases the line.
    static func stop() {
        guard active.load(ordering: .relaxed) else { return }
        active.store(false, ordering: .relaxed)
        line.withLock {
            $0?.clear()
            $0 = nil
        }
    }

    /// Runs `write` with the line erased and not redrawn meanwhile (on a terminal stdout and
    /// stderr are one screen: a redraw in the middle of a long write would cut into it); the
    /// line comes back at the next redraw.
    static func withLineCleared(_ write: () -> Void) {
        guard active.load(ordering: .relaxed) else { return write() }
        line.withLock {
            $0?.clear()
            write()
        }
    }
}

/// A monotonic clock for measuring waits and rates.
enum Clock {
    /// Milliseconds since an arbitrary start.
    static var milliseconds: Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }
}
