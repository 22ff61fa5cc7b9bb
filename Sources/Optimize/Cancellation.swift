import Synchronization

/// A request to stop, shared between the thread that runs a long computation and the one that
/// wants it stopped (the REPL on Ctrl-C). Long loops check it between iterations and end early.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
