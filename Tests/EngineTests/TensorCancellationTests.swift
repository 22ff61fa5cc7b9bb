import Glibc
import Session
import SymDiff
import Synchronization
import Tensor
import Testing

/// The tensor layer honours the one cancellation token as the scalar engine does: derivation,
/// simplification, evaluation and unrolling stop at their checks, and the command table turns
/// the stop into the interrupted or out-of-time error, never a half-computed value.
@Suite struct TensorCancellationTests {
    private static let declarations = ["X, Y: matrix(n, n)", "w: vector(n)"]

    @Test func aCancelledTokenStopsDerivationSimplificationAndUnrolling() throws {
        let f = try TensorTesting.parse("sum(log(1 + exp(X*w)))", Self.declarations)
        let w = try #require(f.tensor.variables.first { $0.variableName == "w" })
        let token = Cancellation()
        token.cancel()
        try Cancellation.run(under: token) { () throws -> Void in
            // The sweep stops before its first node: a well-formed value that means nothing.
            #expect(try f.tensor.gradient(withRespectTo: w).isZero)
            #expect(f.tensor.simplified == f.tensor)
            #expect(throws: UnrollError.stopped(.interrupted)) { try f.tensor.unrolled(sizes: ["n": 3]) }
        }
        // Without the token the same calls finish.
        #expect(try !f.tensor.gradient(withRespectTo: w).isZero)
        #expect(try f.tensor.unrolled(sizes: ["n": 3]).scalar != nil)
    }

    @Test func cancellingFromAnotherThreadStopsALongEvaluation() throws {
        // X*Y*X at n = 1200: several billion multiplications, seconds to minutes without the
        // checks inside the product's loops; the join below waits for the stop.
        let f = try TensorTesting.parse("sum(X*Y*X)", Self.declarations)
        let n = 1200
        let square = TensorValue(shape: [n, n], entries: (0..<(n * n)).map { Double($0 % 7) })
        let outcome = Mutex<Result<[TensorValue], TensorEvaluationError>?>(nil)
        let token = Cancellation()
        let thread = try #require(Parallel.startThread(stackSize: 64 << 20) {
            let evaluator = TensorEvaluator(values: ["X": square, "Y": square])
            let result = Cancellation.run(under: token) { Result { () throws(TensorEvaluationError) in try evaluator.evaluate([f.tensor]) } }
            outcome.withLock { $0 = result }
        })
        usleep(100_000)
        token.cancel(.timeLimit)
        pthread_join(thread, nil)
        let result = try #require(outcome.withLock { $0 })
        #expect(throws: TensorEvaluationError.stopped(.timeLimit)) { try result.get() }
    }

    @Test func tensorCommandsReportTheStop() {
        var session = Session()
        _ = session.execute("X: matrix(n, n)")
        _ = session.execute("w: vector(n)")
        let token = Cancellation()
        token.cancel()
        for line in ["grad(sum(log(1 + exp(X*w))), w)", "hessian(sum(log(1 + exp(X*w))), w)",
                     "eval(sum(X*w), X=[1, 2; 3, 4], w=[1, 1])"] {
            let out = Cancellation.run(under: token) { session.execute(line) }
            #expect(out.status == .error, "\(line)")
            #expect(out.message.contains("interrupted"), "\(line): \(out.message)")
        }
        #expect(session.execute("eval(sum(X*w), X=[1, 2; 3, 4], w=[1, 1])").output == "10")
    }
}
