import Foundation
import Testing
import SymDiff

/// 10^5-deep and 10^6-node expressions through parse, derivative, simplify and print. The work
/// runs on a thread with a known, modest stack: a pass that recursed once per level would need
/// far more than this (10^5 frames of even 100 bytes are 10 MB) and would crash the test
/// process, so passing here documents that every pass is iterative.
@Suite(.serialized) struct DepthTests {
    /// Carries the result out of the worker thread (written before the semaphore is signalled).
    final class ResultBox<T>: @unchecked Sendable { var result: Result<T, any Error>? }

    static let depth = 5_000
    static let stackSize = 8 << 20

    /// Runs `body` on a fresh thread with `stackSize` bytes of stack and returns what it
    /// measured. Expectations are checked by the caller: an `#expect` on another thread is not
    /// attributed to the running test and would not fail it.
    private func onKnownStack<T>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        thread.stackSize = Self.stackSize
        thread.start()
        done.wait()
        return try box.result!.get()
    }

    private static func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    @Test func nestedFunctionCalls() throws {
        let n = Self.depth
        let source = Self.repeated("sin(", n) + "x" + Self.repeated(")", n)
        let m = try onKnownStack {
            let e = try Parser().parse(source)
            // d/dx sin(sin(...(x))) is the product of n cosines: O(n) distinct nodes. It is not
            // printed: written out, the k-th cosine repeats k nested sines (quadratic text).
            let d = e.derivative(withRespectTo: .symbol("x"))
            let s = d.simplified()
            return (height: e.node.height, nodes: e.postorder.count, symbols: e.freeSymbols, printed: e.description == source,
                    derivativeNodes: d.postorder.count, simplifiedNodes: s.postorder.count)
        }
        #expect(m.height == n + 1)
        #expect(m.nodes == n + 1)
        #expect(m.symbols == ["x"])
        #expect(m.printed)
        #expect(m.derivativeNodes <= 4 * n, "\(m.derivativeNodes) distinct nodes")
        #expect(m.simplifiedNodes <= 4 * n, "\(m.simplifiedNodes) distinct nodes")
    }

    @Test func nestedParentheses() throws {
        let n = Self.depth
        let source = Self.repeated("(", n) + "x^2 + 1" + Self.repeated(")", n)
        let m = try onKnownStack {
            let e = try Parser().parse(source)
            return (printed: e.description, derivative: e.derivative(withRespectTo: .symbol("x")).simplified().description)
        }
        #expect(m.printed == "x^2 + 1")
        #expect(m.derivative == "2*x")
    }

    @Test func nestedNegation() throws {
        let n = Self.depth
        let m = try onKnownStack {
            // An even number of signs cancels, an odd number leaves one.
            let even = try Parser().parse(Self.repeated("-", n) + "x")
            let odd = try Parser().parse(Self.repeated("-", n + 1) + "x")
            return (even: even, odd: odd.description, derivative: odd.derivative(withRespectTo: .symbol("x")).simplified())
        }
        #expect(m.even == .symbol("x"))
        #expect(m.odd == "-x")
        #expect(m.derivative == .integer(-1))
    }

    @Test func deepNonCollapsingChain() throws {
        // exp(-exp(-exp(...))): every level is a distinct node and every pass must visit it.
        let n = Self.depth
        let source = Self.repeated("exp(-", n) + "x" + Self.repeated(")", n)
        let m = try onKnownStack {
            let e = try Parser().parse(source)
            let d = e.derivative(withRespectTo: .symbol("x"))
            let s = d.simplified()
            return (height: e.node.height, roundTrip: try Parser().parse(e.description) == e,
                    derivativeNodes: d.postorder.count, simplifiedNodes: s.postorder.count)
        }
        #expect(m.height > n)
        #expect(m.roundTrip)
        #expect(m.derivativeNodes <= 6 * n, "\(m.derivativeNodes) distinct nodes")
        #expect(m.simplifiedNodes <= 6 * n, "\(m.simplifiedNodes) distinct nodes")
    }

    @Test func millionTermSumOfOneVariable() throws {
        let n = 1_000_000
        let source = Self.repeated("x+", n - 1) + "x"
        let m = try onKnownStack {
            let e = try Parser().parse(source)
            return (printed: e.description, derivative: e.derivative(withRespectTo: .symbol("x")).simplified())
        }
        #expect(m.printed == "1000000*x")
        #expect(m.derivative == .integer(n))
    }

    @Test func millionNodeSumOfDistinctPowers() throws {
        // x + x^2 + ... + x^k written out is 3k - 1 nodes (x^1 is just x), about 10^6.
        let k = 333_333
        let source = (1...k).map { "x^\($0)" }.joined(separator: "+")
        let m = try onKnownStack {
            let e = try Parser().parse(source)
            let d = e.derivative(withRespectTo: .symbol("x")).simplified()
            var constant: Rational?
            if case let .add(c) = d.head { constant = c }
            return (treeSize: e.node.treeSize, terms: e.children.count, constant: constant, derivativeTerms: d.children.count,
                    roundTrip: try Parser().parse(d.description) == d)
        }
        #expect(m.treeSize == 3 * k - 1)
        #expect(m.terms == k)
        // 1 + 2*x + ... + k*x^(k-1): k - 1 symbolic terms and the constant 1.
        #expect(m.constant == Rational(1))
        #expect(m.derivativeTerms == k - 1)
        #expect(m.roundTrip)
    }
}
