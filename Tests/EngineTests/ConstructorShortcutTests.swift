import Testing
import SymDiff

/// Two-operand sums and products take shortcuts (no collecting maps, merges of sorted lists);
/// with a third operand that changes nothing (`+ 0`, `* 1`) the general constructors run
/// instead. Both must give the same node for every pair of operands.
@Suite struct ConstructorShortcutTests {
    @Test func shortcutsGiveTheGeneralConstructorsNode() {
        var generator = ExpressionGenerator(seed: 41)
        var operands: [Expr] = []
        for _ in 0..<60 {
            let e = generator.expression()
            // Derivatives and their parts supply sums, products and held scaled sums of every shape.
            for part in [e, e.derivative(withRespectTo: .symbol("x")).simplified()] {
                operands += part.postorder.filter { $0.head != .undefined }.suffix(6)
            }
        }
        // Large products, which `product(_:keeping:)` holds whole inside other products.
        let sines = (1...20).map { Expr.apply(FunctionID.sin, [.symbol("x\($0)")]) }
        let large = Expr.product(sines)
        operands += [large, Expr.product(.symbol("y"), keeping: large), Expr.product(large, keeping: Expr.product(sines.reversed().dropFirst(2).map { $0 }))]
        var pairs = 0
        for (i, a) in operands.enumerated() {
            for b in operands[i...].prefix(12) {
                #expect(Expr.sum([a, b]) == Expr.sum([a, b, .zero]), "\(a) + \(b)")
                #expect(Expr.product([a, b]) == Expr.product([a, b, .one]), "(\(a)) * (\(b))")
                #expect(Expr.product([b, a]) == Expr.product([.one, b, a]), "(\(b)) * (\(a))")
                pairs += 1
            }
        }
        #expect(pairs > 1000)
    }
}
