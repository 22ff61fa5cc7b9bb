import Glibc
import Synchronization
import SymDiff
import Testing

/// The one cancellation token: work run under a cancelled token stops at the engine's checks
/// and says so through the token, never through a half-built value; parallel loops hand the
/// token on; without a token nothing changes.
@Suite struct CancellationTests {
    /// x^x*sin(x)^x: its 20th derivative takes minutes and gigabytes when not stopped.
    static let swelling = try! Parser().parse("x^x*sin(x)^x")

    @Test func aCancelledTokenStopsDifferentiationAtOnce() throws {
        let token = Cancellation()
        token.cancel()
        let d = try Cancellation.run(under: token) { () throws(CalculusError) -> Expr in
            try Self.swelling.derivative(withRespectTo: .symbol("x"), order: 20)
        }
        #expect(d.head == .undefined)
        #expect(token.reason == .interrupted)
    }

    @Test func cancellingFromAnotherThreadStopsWorkUnderWay() throws {
        // The work runs on its own thread under the token; this thread cancels it. Without the
        // checks the join below would wait for minutes.
        let token = Cancellation()
        let finished = Count()
        let thread = try #require(Parallel.startThread(stackSize: 64 << 20) {
            _ = Cancellation.run(under: token) { try? Self.swelling.derivative(withRespectTo: .symbol("x"), order: 20) }
            finished.add()
        })
        usleep(100_000)
        #expect(finished.value == 0, "the work should still be running after 0.1 s")
        token.cancel(.timeLimit)
        pthread_join(thread, nil)
        #expect(finished.value == 1)
        #expect(token.reason == .timeLimit)
    }

    @Test func everyLongStageStopsWithAWellFormedValue() throws {
        let token = Cancellation()
        token.cancel()
        let product = Expr.product((0..<60).map { Expr.apply(FunctionTable.lookup("sin")!, [.symbol("x\($0)")]) })
        let variables = (0..<60).map { Expr.symbol("x\($0)") }
        Cancellation.run(under: token) {
            #expect(product.hessianEntries(withRespectTo: variables).isEmpty)
            let sum = try! Parser().parse("(x + y + 1)^30")
            #expect(throws: PolynomialError.cancelled) { try sum.expanded() }
            let messy = try! Parser().parse("sin(x)^2 + cos(x)^2 + x*x")
            #expect(Simplifier().simplify(messy) == messy)
            #expect(InfixPrinter().print(messy).isEmpty)
        }
        // The same calls without the token finish as usual.
        #expect(!product.hessianEntries(withRespectTo: variables).isEmpty)
        #expect(Simplifier().simplify(try Parser().parse("sin(x)^2 + cos(x)^2")) == .one)
    }

    @Test func parallelLoopsHandTheTokenToTheirWorkers() {
        let token = Cancellation()
        let seen = ResultSlots<Bool>(count: 64)
        Cancellation.run(under: token) {
            Parallel.forEach(64, threads: 4) { i in seen[i] = Cancellation.current === token }
        }
        #expect((0..<64).allSatisfy { seen[$0] == true })
        #expect(Cancellation.current == nil)
    }

    @Test func aCancelledParallelLoopHandsOutNoMoreItems() {
        let token = Cancellation()
        let ran = Count()
        Cancellation.run(under: token) {
            Parallel.forEach(10_000, threads: 4) { i in
                if i == 10 { token.cancel() }
                ran.add()
            }
        }
        #expect(ran.value < 10_000)
    }

    @Test func progressReportsKeepTheOuterStage() {
        let token = Cancellation()
        token.report(.lines, done: 3, of: 10)
        token.report(.derivativeOrders, done: 1, of: 20)
        #expect(token.progress?.stage == .lines)
        #expect(token.progress?.done == 3)
        token.report(.lines, done: 4, of: 10)
        #expect(token.progress?.done == 4)
    }
}

/// A count several threads add to.
final class Count: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.wrappingAdd(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
