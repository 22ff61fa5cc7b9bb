import Synchronization

/// A request to stop, shared between the thread that runs a long computation and the one that
/// wants it stopped (the REPL on Ctrl-C). Long loops check it between iterations and end early.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A token that is not cancelled.
    public init() {}

    /// Asks every computation that checks the token to stop.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether `cancel()` has been called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
