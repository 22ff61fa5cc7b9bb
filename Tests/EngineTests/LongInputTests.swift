import Testing
import SymDiff
@testable import Expr

/// The paths a long input takes and a short one does not: the merge sort of a sum with more
/// terms than binary insertion handles, the parser's memo of variables met before, and the
/// natural order computed once per name. Each is checked against the plain way.
@Suite struct LongInputTests {
    @Test func mergeSortByMovingSortsLikeTheLibrary() {
        var rng = SplitMix64(seed: 19)
        for n in [0, 1, 2, 31, 32, 33, 513, 1000, 2049] {
            // Pairs with few distinct keys, so stability shows: equal keys keep their order.
            let items = (0..<n).map { i in (key: Int.random(in: 0..<40, using: &rng), index: i) }
            var sorted = items
            sorted.mergeSortByMoving { $0.key < $1.key }
            let expected = items.sorted { $0.key < $1.key }  // stable
            #expect(sorted.map(\.index) == expected.map(\.index), "n = \(n)")
        }
    }

    @Test func aLongSumIsTheSameInAnyOrderAndSorted() {
        // Interleaved terms of two shapes, as Rosenbrock's sum has: many short runs.
        let terms: [Expr] = (1...700).flatMap { i -> [Expr] in
            let x = Expr.symbol("x\(i)"), next = Expr.symbol("x\(i + 1)")
            return [.integer(100) * Expr.power(next - Expr.power(x, .integer(2)), .integer(2)),
                    Expr.power(.one - x, .integer(2))]
        }
        var rng = SplitMix64(seed: 7)
        let sum = Expr.sum(terms)
        #expect(Expr.sum(terms.reversed()) == sum)
        #expect(Expr.sum(terms.shuffled(using: &rng)) == sum)
        #expect(sum.children.count == terms.count)
        #expect(zip(sum.children, sum.children.dropFirst()).allSatisfy { Expr.termPrecedes($0, $1) })
    }

    @Test func aVariableMetAgainReadsAsTheSameVariableOrCall() throws {
        let parser = Parser()
        // A name read as a variable is still a call when '(' follows, and still a function of
        // the table when it is one.
        let call = try parser.parse("x1(2)")
        #expect(try parser.parse("x1 + x1(2) + x1") == .integer(2) * .symbol("x1") + call)
        #expect(try parser.parse("y*y + sin(y)") == Expr.power(.symbol("y"), .integer(2)) + .apply(.sin, [.symbol("y")]))
        #expect(throws: Diagnostic.self) { try parser.parse("y + y'") }
    }

    @Test func naturalOrderGivesPositions() {
        let names = ["x10", "x2", "y", "x1"]
        #expect(naturalOrder(of: names) == [3, 1, 0, 2])
        #expect(naturalOrder(of: names).map { names[$0] } == naturallySorted(names))
    }
}
