import Foundation
import Testing
import SymDiff

/// 10^5-deep and 10^6-node expressions through parse, derivative, simplify and print. The work
/// runs on a thread with a known, modest stack: a pass that recursed once per level would need
/// far more than this (10^5 frames of even 100 bytes are 10 MB) and would crash the test
/// process, so passing here documents that every pass is iterative.
@Suite(.serialized) struct DepthTests {
    /// Carries the result out of the worker thread (written before the semaphore is signalled).
    final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
        var threadID: pid_t = 0
    }

    static let depth = 100_000
    static let stackSize = 8 << 20

    /// Seconds a 10^5-deep pass may take in a debug build. A linear pass needs a few seconds;
    /// a quadratic one needs hours, so a limit turns "hangs" into a readable failure.
    static let timeLimit = 60.0

    /// Runs `body` on a fresh thread with `stackSize` bytes of stack and returns what it
    /// measured, or nil (after recording an issue) when it does not finish within `timeLimit`.
    /// Expectations are checked by the caller: an `#expect` on another thread is not attributed
    /// to the running test and would not fail it. A thread that runs over cannot be stopped; it
    /// ends with the test process.
    private func onKnownStack<T>(_ what: String, timeLimit: Double = DepthTests.timeLimit,
                                 _ body: @escaping @Sendable () throws -> T) throws -> T? {
        let box = ResultBox<T>()
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            // The kernel thread id, from "/proc/thread-self" -> "<pid>/task/<tid>".
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
            box.threadID = pid_t(link.split(separator: "/").last.flatMap { Int32($0) } ?? 0)
            started.signal()
            box.result = Result { try body() }
            done.signal()
        }
        thread.stackSize = Self.stackSize
        thread.start()
        started.wait()
        if done.wait(timeout: .now() + timeLimit) == .timedOut {
            // On Linux the nice value is per thread: demote the runaway so that the rest of the
            // test run (on a 2-core machine) is not starved while it keeps going.
            if box.threadID > 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(box.threadID), 19) }
            Issue.record("\(what) did not finish within \(Int(timeLimit)) s")
            return nil
        }
        return try box.result!.get()
    }

    private static func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    @Test func nestedFunctionCallsParseAndPrint() throws {
        let n = Self.depth
        let source = Self.repeated("sin(", n) + "x" + Self.repeated(")", n)
        guard let m = try onKnownStack(#function, {
            let e = try Parser().parse(source)
            return (height: e.node.height, nodes: e.postorder.count, symbols: e.freeSymbols, printed: e.description == source)
        }) else { return }
        #expect(m.height == n + 1)
        #expect(m.nodes == n + 1)
        #expect(m.symbols == ["x"])
        #expect(m.printed)
    }

    @Test func nestedFunctionCallsDerivative() throws {
        let n = Self.depth
        let source = Self.repeated("sin(", n) + "x" + Self.repeated(")", n)
        guard let m = try onKnownStack(#function, {
            let e = try Parser().parse(source)
            // d/dx sin(sin(...(x))) is the product of n cosines: O(n) distinct nodes. It is not
            // printed: written out, the k-th cosine repeats k nested sines (quadratic text).
            let d = e.derivative(withRespectTo: .symbol("x"))
            let s = d.simplified()
            return (derivativeNodes: d.postorder.count, simplifiedNodes: s.postorder.count)
        }) else { return }
        #expect(m.derivativeNodes <= 4 * n, "\(m.derivativeNodes) distinct nodes")
        #expect(m.simplifiedNodes <= 4 * n, "\(m.simplifiedNodes) distinct nodes")
    }

    @Test func nestedParentheses() throws {
        let n = Self.depth
        let source = Self.repeated("(", n) + "x^2 + 1" + Self.repeated(")", n)
        guard let m = try onKnownStack(#function, {
            let e = try Parser().parse(source)
            return (printed: e.description, derivative: e.derivative(withRespectTo: .symbol("x")).simplified().description)
        }) else { return }
        #expect(m.printed == "x^2 + 1")
        #expect(m.derivative == "2*x")
    }

    @Test func nestedNegation() throws {
        let n = Self.depth
        guard let m = try onKnownStack(#function, {
            // An even number of signs cancels, an odd number leaves one.
            let even = try Parser().parse(Self.repeated("-", n) + "x")
            let odd = try Parser().parse(Self.repeated("-", n + 1) + "x")
            return (even: even, odd: odd.description, derivative: odd.derivative(withRespectTo: .symbol("x")).simplified())
        }) else { return }
        #expect(m.even == .symbol("x"))
        #expect(m.odd == "-x")
        #expect(m.derivative == .integer(-1))
    }

    @Test func deepNonCollapsingChainParseAndPrint() throws {
        // exp(-exp(-exp(...))): every level is a distinct node and every pass must visit it.
        let n = Self.depth
        let source = Self.repeated("exp(-", n) + "x" + Self.repeated(")", n)
        guard let m = try onKnownStack(#function, {
            let e = try Parser().parse(source)
            return (height: e.node.height, roundTrip: try Parser().parse(e.description) == e)
        }) else { return }
        #expect(m.height > n)
        #expect(m.roundTrip)
    }

    @Test func deepNonCollapsingChainDerivative() throws {
        let n = Self.depth
        let source = Self.repeated("exp(-", n) + "x" + Self.repeated(")", n)
        guard let m = try onKnownStack(#function, {
            let e = try Parser().parse(source)
            let d = e.derivative(withRespectTo: .symbol("x"))
            let s = d.simplified()
            return (derivativeNodes: d.postorder.count, simplifiedNodes: s.postorder.count)
        }) else { return }
        #expect(m.derivativeNodes <= 6 * n, "\(m.derivativeNodes) distinct nodes")
        #expect(m.simplifiedNodes <= 6 * n, "\(m.simplifiedNodes) distinct nodes")
    }

    @Test func millionTermSumOfOneVariable() throws {
        let n = 1_000_000
        let source = Self.repeated("x+", n - 1) + "x"
        guard let m = try onKnownStack(#function, timeLimit: 300, {
            let e = try Parser().parse(source)
            return (printed: e.description, derivative: e.derivative(withRespectTo: .symbol("x")).simplified())
        }) else { return }
        #expect(m.printed == "1000000*x")
        #expect(m.derivative == .integer(n))
    }

    @Test func millionNodeSumOfDistinctPowers() throws {
        // x + x^2 + ... + x^k written out is 3k - 1 nodes (x^1 is just x), about 10^6.
        let k = 333_333
        let source = (1...k).map { "x^\($0)" }.joined(separator: "+")
        guard let m = try onKnownStack(#function, timeLimit: 300, {
            let e = try Parser().parse(source)
            let d = e.derivative(withRespectTo: .symbol("x")).simplified()
            var constant: Rational?
            if case let .add(c) = d.head { constant = c }
            return (treeSize: e.node.treeSize, terms: e.children.count, constant: constant, derivativeTerms: d.children.count,
                    roundTrip: try Parser().parse(d.description) == d)
        }) else { return }
        #expect(m.treeSize == 3 * k - 1)
        #expect(m.terms == k)
        // 1 + 2*x + ... + k*x^(k-1): k - 1 symbolic terms and the constant 1.
        #expect(m.constant == Rational(1))
        #expect(m.derivativeTerms == k - 1)
        #expect(m.roundTrip)
    }
}
