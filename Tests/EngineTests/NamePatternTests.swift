import Testing
import SymDiff

/// A list is simplified once per pattern of names (the entries of a gradient that differ only
/// in their variables): the results must be exactly those of simplifying each entry alone.
@Suite struct NamePatternTests {
    /// The same expression under several renamings (keeping the names' order, reversing it,
    /// merging two names into one), and its derivatives, simplified as a list and one by one.
    @Test(arguments: 0..<6)
    func listEqualsOneByOne(batch: Int) {
        var generator = ExpressionGenerator(seed: UInt64(1000 + batch), maximumDepth: 3)
        let renamings: [[String: String]] = [
            [:], ["x": "a", "y": "b"], ["x": "x10", "y": "x9"], ["x": "y", "y": "x"], ["y": "x"],
        ]
        var list: [Expr] = []
        for _ in 0..<40 {
            let e = generator.expression()
            for names in renamings {
                let renamed = e.substituting(Dictionary(uniqueKeysWithValues: names.map { (Expr.symbol($0.key), Expr.symbol($0.value)) }))
                list.append(renamed)
                list.append(renamed.derivative(withRespectTo: .symbol(names["x"] ?? "x")))
            }
        }
        let together = Simplifier().simplify(list)
        for (i, e) in list.enumerated() {
            let alone = Simplifier().simplify(e)
            #expect(together[i] == alone, "\(e): as a list \(together[i]), alone \(alone)")
        }
    }

    /// Rosenbrock's gradient: 100 entries of three patterns, each as simplified alone.
    @Test func rosenbrockGradient() throws {
        let terms = (1..<100).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }
        let f = try Parser().parse(terms.joined(separator: " + "))
        let gradient = (1...100).map { f.derivative(withRespectTo: .symbol("x\($0)")) }
        let together = Simplifier().simplify(gradient)
        for (i, g) in gradient.enumerated() { #expect(together[i] == Simplifier().simplify(g)) }
    }

    /// Renaming node for node keeps held forms held and reads back to the same expression.
    @Test func renamingKeepsHeldForms() throws {
        let held = Simplifier().simplify(try Parser().parse("2*x + 2*x*y"))
        let renamed = held.renamingSymbols(from: [Expr.symbol("x"), .symbol("y")], to: [Expr.symbol("a"), .symbol("b")])
        #expect(renamed.description == held.description.replacingOccurrences(of: "x", with: "a").replacingOccurrences(of: "y", with: "b"))
    }
}
