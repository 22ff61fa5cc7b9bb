import Foundation
import Testing
import SymDiff

/// 10^5-deep and 10^6-node expressions through parse, derivative, simplify and print. The work
/// runs on a thread with a known, modest stack: a pass that recursed once per level would need
/// far more than this (10^5 frames of even 100 bytes are 10 MB) and would crash the test
/// process, so passing here documents that every pass is iterative.
@Suite(.serialized) struct DepthTests {
    /// Carries an error out of the worker thread (written before the semaphore is signalled).
    final class ErrorBox: @unchecked Sendable { var error: (any Error)? }

    static let depth = 5_000
    static let stackSize = 8 << 20

    /// Runs `body` on a fresh thread with `stackSize` bytes of stack and waits for it.
    private func onKnownStack(_ body: @escaping @Sendable () throws -> Void) throws {
        let box = ErrorBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do { try body() } catch { box.error = error }
            done.signal()
        }
        thread.stackSize = Self.stackSize
        thread.start()
        done.wait()
        if let error = box.error { throw error }
    }

    private static func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    @Test func nestedFunctionCalls() throws {
        let n = Self.depth
        let source = Self.repeated("sin(", n) + "x" + Self.repeated(")", n)
        try onKnownStack {
            let e = try Parser().parse(source)
            #expect(e.node.height == n + 1)
            #expect(e.postorder.count == n + 1)
            #expect(e.freeSymbols == ["x"])
            #expect(e.description == source)
            // d/dx sin(sin(...(x))) is the product of n cosines: O(n) distinct nodes. It is not
            // printed: written out, the k-th cosine repeats k nested sines (quadratic text).
            let d = e.derivative(withRespectTo: .symbol("x"))
            #expect(d.postorder.count <= 4 * n, "\(d.postorder.count) distinct nodes")
            let s = d.simplified()
            #expect(s.postorder.count <= 4 * n, "\(s.postorder.count) distinct nodes")
        }
    }

    @Test func nestedParentheses() throws {
        let n = Self.depth
        let source = Self.repeated("(", n) + "x^2 + 1" + Self.repeated(")", n)
        try onKnownStack {
            let e = try Parser().parse(source)
            #expect(e.description == "x^2 + 1")
            #expect(e.derivative(withRespectTo: .symbol("x")).simplified().description == "2*x")
        }
    }

    @Test func nestedNegation() throws {
        let n = Self.depth
        try onKnownStack {
            // An even number of signs cancels, an odd number leaves one.
            let even = try Parser().parse(Self.repeated("-", n) + "x")
            #expect(even == .symbol("x"))
            let odd = try Parser().parse(Self.repeated("-", n + 1) + "x")
            #expect(odd.description == "-x")
            #expect(odd.derivative(withRespectTo: .symbol("x")).simplified() == .integer(-1))
        }
    }

    @Test func deepNonCollapsingChain() throws {
        // exp(-exp(-exp(...))): every level is a distinct node and every pass must visit it.
        let n = Self.depth
        let source = Self.repeated("exp(-", n) + "x" + Self.repeated(")", n)
        try onKnownStack {
            let e = try Parser().parse(source)
            #expect(e.node.height > n)
            #expect(try Parser().parse(e.description) == e)
            let d = e.derivative(withRespectTo: .symbol("x"))
            #expect(d.postorder.count <= 6 * n, "\(d.postorder.count) distinct nodes")
            _ = d.simplified()
        }
    }

    @Test func millionTermSumOfOneVariable() throws {
        let n = 1_000_000
        let source = Self.repeated("x+", n - 1) + "x"
        try onKnownStack {
            let e = try Parser().parse(source)
            #expect(e.description == "1000000*x")
            #expect(e.derivative(withRespectTo: .symbol("x")).simplified() == .integer(n))
        }
    }

    @Test func millionNodeSumOfDistinctPowers() throws {
        // x^1 + x^2 + ... + x^k written out is about 10^6 nodes (3 per term and the sum).
        let k = 333_333
        let source = (1...k).map { "x^\($0)" }.joined(separator: "+")
        try onKnownStack {
            let e = try Parser().parse(source)
            #expect(e.node.treeSize >= 999_999)
            #expect(e.children.count == k)
            let d = e.derivative(withRespectTo: .symbol("x")).simplified()
            // 1 + 2*x + ... + k*x^(k-1): k - 1 symbolic terms and the constant 1.
            guard case let .add(constant) = d.head else {
                Issue.record("derivative is not a sum: \(d.head)")
                return
            }
            #expect(constant == Rational(1))
            #expect(d.children.count == k - 1)
            #expect(try Parser().parse(d.description) == d)
        }
    }
}
