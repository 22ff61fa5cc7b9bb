import Testing
import SymDiff

/// `IndexedGraph` against its definition: the postorder of the same roots, and each child's
/// position read off by looking the child up.
@Suite struct IndexedGraphTests {
    /// Checks the graph of `roots` (with `visiting`) against `Expr.postorder` and lookups.
    func check(_ roots: [Expr], visiting: ((Expr) -> Bool)? = nil) {
        let graph = IndexedGraph(roots, visiting: visiting)
        #expect(graph.order == Expr.postorder(roots, visiting: visiting))
        for (p, node) in graph.order.enumerated() {
            #expect(graph.position(of: node) == p)
            for (k, child) in node.children.enumerated() {
                // A child left out by `visiting` has position -1; any other is in the graph.
                let expected = graph.position(of: child) ?? -1
                #expect(graph.childPosition(p, k) == expected)
                #expect(expected < p, "a child comes before its parent")
                if expected >= 0 { #expect(graph.order[expected] == child) }
            }
        }
    }

    @Test func randomGraphsWithSharedNodes() {
        var generator = ExpressionGenerator(seed: 31, maximumDepth: 6)
        for _ in 0..<300 {
            let a = generator.expression(), b = generator.expression()
            // Several roots sharing subexpressions, one root inside another, a root twice.
            check([a])
            check([a, b, a * b, a])
        }
    }

    @Test func leftOutChildrenHaveNoPosition() throws {
        let f = try Parser().parse("sin(x*y)*exp(y) + (x + 1)^2*cos(y)")
        let y = Expr.symbol("y")
        // Leave out every node without y below it: x, 1, x + 1, (x + 1)^2 go, x*y stays.
        let graph = IndexedGraph([f], visiting: { $0.contains(y) })
        check([f], visiting: { $0.contains(y) })
        #expect(graph.position(of: .symbol("x")) == nil)
        #expect(graph.position(of: try Parser().parse("x*y")) != nil)
        #expect(graph.position(of: try Parser().parse("x + 1")) == nil)
        #expect(graph.order.last == f)
    }

    @Test func deepChainsDoNotRecurse() {
        var e = Expr.symbol("x")
        for _ in 0..<100_000 { e = .apply(FunctionID.sin, [e]) }
        let graph = IndexedGraph([e])
        #expect(graph.order.count == 100_001)
        #expect(graph.childPosition(100_000, 0) == 99_999)
    }
}
