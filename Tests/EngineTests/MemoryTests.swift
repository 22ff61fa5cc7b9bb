import Testing
import SymDiff

/// The interning pool releases what nothing refers to any more, and keeps what something does;
/// this is what keeps a long `--file` run or session bounded.
@Suite struct MemoryTests {
    @Test func unusedNodesAreReleasedAndLiveOnesKept() throws {
        let kept = try Parser().parse("sin(x)^2*exp(kept_variable)")
        let keptText = kept.description
        Node.collectUnused()
        let before = Node.internedCount
        do {
            // A few thousand nodes that become garbage at the end of this scope.
            var generator = ExpressionGenerator(seed: 7)
            for _ in 0..<200 {
                _ = generator.expression().derivative(withRespectTo: .symbol("x")).simplified()
            }
        }
        let grown = Node.internedCount
        #expect(grown > before + 1000)
        // (Other tests may run at the same time and add nodes, so only what is released is
        // compared, not the totals.)
        let released = Node.collectUnused()
        #expect(released > 1000)
        // What we held is intact and still the canonical node: building it again finds it.
        #expect(kept.description == keptText)
        #expect(try Parser().parse(keptText) == kept)
    }
}
