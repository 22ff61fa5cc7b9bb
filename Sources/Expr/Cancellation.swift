import Glibc
import Synchronization

/// A request to stop a computation (Ctrl-C in the REPL or on the command line, or `--timeout`),
/// and how far the computation got, for a front end to show.
///
/// One token serves a whole computation, on every thread it uses. A front end makes a token
/// and runs the work under it (`Cancellation.run(under:)`), which makes it the thread's current
/// token; parallel loops hand it on to their workers. The engine's long loops (differentiation,
/// gradients and Hessians, simplification, expansion, emission, steps, sampling for plots) read
/// `Cancellation.isRequested` once per node or step: a thread-local read and a relaxed atomic
/// load, cheap enough for the innermost loops.
///
/// A loop that sees the request stops at once and returns a well-formed value that means
/// nothing (typically `.undefined`), or throws its own error: no node is ever half built, since
/// the checks sit between constructions. Whoever started the work learns of the stop from the
/// token (`reason`), not from that value; the command table turns it into a typed error before
/// any such value reaches the user.
public final class Cancellation: Sendable {
    /// Why the work was stopped.
    public enum Reason: Int, Sendable {
        /// The user pressed Ctrl-C.
        case interrupted = 1
        /// The time allowed (`--timeout`) ran out.
        case timeLimit = 2
    }

    /// 0 while running, else the raw value of the first reason given.
    private let state = Atomic<Int>(0)
    /// The stage's raw value (0: none reported), and its items done and in all.
    private let stage = Atomic<Int>(0), done = Atomic<Int>(0), total = Atomic<Int>(0)

    /// A token not yet cancelled.
    public init() {}

    /// Asks the work to stop; the first reason given is kept. Async-signal-safe: a signal
    /// handler may call it (one atomic operation, no allocation, no lock).
    public func cancel(_ reason: Reason = .interrupted) {
        _ = state.compareExchange(expected: 0, desired: reason.rawValue, ordering: .relaxed)
    }

    /// Whether stopping was asked for.
    public var isCancelled: Bool { state.load(ordering: .relaxed) != 0 }

    /// Why stopping was asked for; nil while the work may go on.
    public var reason: Reason? { Reason(rawValue: state.load(ordering: .relaxed)) }

    // MARK: - Progress

    /// A long stage of work whose progress is reported, counted in its own items. Outer stages
    /// come later: a report of an inner stage (the orders of one line's derivative) does not
    /// replace the outer one's (the lines of a file).
    public enum Stage: Int, Sendable {
        case derivativeOrders = 1, hessianRows, expansionNodes, plotCurves, lines

        /// What the items are, for a progress line.
        public var items: String {
            switch self {
            case .derivativeOrders: return "derivative orders"
            case .hessianRows: return "Hessian rows"
            case .expansionNodes: return "expansion steps"
            case .plotCurves: return "curves sampled"
            case .lines: return "lines"
            }
        }
    }

    /// How far the work got: its stage, items done, items in all; nil before any report.
    public var progress: (stage: Stage, done: Int, total: Int)? {
        guard let s = Stage(rawValue: stage.load(ordering: .relaxed)) else { return nil }
        return (s, done.load(ordering: .relaxed), total.load(ordering: .relaxed))
    }

    /// Records that `done` of `total` items of `stage` are finished.
    public func report(_ stage: Stage, done: Int, of total: Int) {
        if self.stage.load(ordering: .relaxed) > stage.rawValue { return }
        self.total.store(total, ordering: .relaxed)
        self.done.store(done, ordering: .relaxed)
        self.stage.store(stage.rawValue, ordering: .relaxed)
    }

    /// Reports progress on the calling thread's token, if it has one (a thread-local read and
    /// three relaxed stores: cheap enough once per row or order).
    @inline(__always)
    public static func report(_ stage: Stage, done: Int, of total: Int) {
        guard let raw = pthread_getspecific(slot) else { return }
        Unmanaged<Cancellation>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.report(stage, done: done, of: total) }
    }

    // MARK: - The calling thread's token

    /// The key of the thread-local slot that holds the current token (unretained: `run` keeps
    /// the token alive while it is current).
    private static let slot: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The token the calling thread works under, if any.
    public static var current: Cancellation? {
        guard let raw = pthread_getspecific(slot) else { return nil }
        return Unmanaged<Cancellation>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Whether the calling thread's work should stop. False when no token is current (library
    /// calls and tests run to the end).
    @inline(__always)
    public static var isRequested: Bool {
        guard let raw = pthread_getspecific(slot) else { return false }
        return Unmanaged<Cancellation>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.isCancelled }
    }

    /// Runs `body` with `token` as the calling thread's current token (none for nil), then puts
    /// the previous one back.
    public static func run<T, E: Error>(under token: Cancellation?, _ body: () throws(E) -> T) throws(E) -> T {
        let previous = pthread_getspecific(slot)
        pthread_setspecific(slot, token.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
        defer { pthread_setspecific(slot, previous) }
        return try withExtendedLifetime(token) { () throws(E) -> T in try body() }
    }

    /// Throws `Cancelled` when the calling thread's work should stop: the check for code that
    /// already throws.
    public static func checkpoint() throws(Cancelled) {
        if isRequested, let reason = current?.reason { throw Cancelled(reason: reason) }
    }
}

/// The error of a computation stopped through its `Cancellation`.
public struct Cancelled: Error, Sendable, Equatable {
    /// Why it was stopped.
    public let reason: Cancellation.Reason

    /// A stop for `reason`.
    public init(reason: Cancellation.Reason) { self.reason = reason }
}
