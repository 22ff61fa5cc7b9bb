import Testing
import SymDiff

/// The interning pool releases what nothing refers to any more, and keeps what something does;
/// this is what keeps a long `--file` run or session bounded.
@Suite struct MemoryTests {
    @Test func unusedNodesAreReleasedAndLiveOnesKept() throws {
        let kept = try Parser().parse("sin(x)^2*exp(kept_variable)")
        let keptText = kept.description
        // Other tests run at the same time and may collect too (a session's `:clear` does), so
        // counts of the whole pool are not compared: weak references watch this test's nodes.
        final class Watch { weak var node: Node?; init(_ node: Node) { self.node = node } }
        var watched: [Watch] = []
        do {
            // A few thousand nodes that become garbage at the end of this scope.
            var generator = ExpressionGenerator(seed: 7)
            var seen = Set<Expr>()
            for _ in 0..<600 {
                let raw = generator.expression().derivative(withRespectTo: .symbol("x"))
                for e in Expr.postorder([raw, raw.simplified()]) where seen.insert(e).inserted { watched.append(Watch(e.node)) }
            }
        }
        #expect(watched.count > 1000)
        Node.collectUnused()
        let released = watched.filter { $0.node == nil }.count
        // Nodes that other expressions still hold (x, small numbers) stay; the rest is released.
        #expect(released > 1000)
        // What we held is intact and still the canonical node: building it again finds it.
        #expect(kept.description == keptText)
        #expect(try Parser().parse(keptText) == kept)
    }
}
