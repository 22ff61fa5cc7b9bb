import Glibc
import Synchronization

/// A minimal parallel loop over pthreads. Hand-written because Dispatch would add its start-up
/// to every one-shot call, and the loop needs nothing more than threads and a shared counter.
public enum Parallel {
    /// Threads to use by default: one per online core, at most 8.
    public static var defaultThreads: Int { max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Runs `body(i)` for every i in `0..<count` on up to `threads` threads, the caller's among
    /// them. Indices are handed out one at a time, so uneven items balance across threads. The
    /// workers run under the caller's `Cancellation`; once it is cancelled no index is handed
    /// out any more (the items not run are left as they were).
    public static func forEach(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let workers = min(threads, count)
        if workers <= 1 {
            for i in 0..<count where !Cancellation.isRequested { body(i) }
            return
        }
        let loop = Loop(count: count, body: body)
        let token = Cancellation.current
        var started: [pthread_t] = []
        for _ in 1..<workers {
            // A thread that cannot start leaves its share to the others.
            if let thread = startThread(stackSize: 256 << 20, { Cancellation.run(under: token) { loop.work() } }) { started.append(thread) }
        }
        loop.work()
        for thread in started { pthread_join(thread, nil) }
    }

    /// Starts `body` on a new thread with a stack of `stackSize` bytes (as deep as the main
    /// thread may go: deep expressions recurse where that is safe); nil when no thread starts.
    public static func startThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) -> pthread_t? {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        let created = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    private final class Loop: Sendable {
        let count: Int
        let next = Atomic<Int>(0)
        let body: @Sendable (Int) -> Void

        init(count: Int, body: @escaping @Sendable (Int) -> Void) {
            self.count = count
            self.body = body
        }

        func work() {
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= count || Cancellation.isRequested { return }
                body(i)
            }
        }
    }
}

/// Slots that parallel workers fill, each index by exactly one worker, read after they finish.
public final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    /// `count` empty slots.
    public init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// Slot `i`: written by one worker, read after all are done.
    public subscript(i: Int) -> Value? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
}
