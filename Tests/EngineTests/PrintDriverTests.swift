import Testing
import SymDiff
@testable import Expr

/// Every printer's rules are written once and carried out by three drivers: recursive, iterative
/// and the automatic mix of both (recursion below a height, an explicit stack above). Seeded
/// random expressions, shallow and thousands of levels deep, must print to the same text
/// through each of them, in every format and number style.
@Suite struct PrintDriverTests {
    /// Each printer under a name for failure messages.
    static let printers: [(name: String, print: @Sendable (Expr, PrintDriver) -> String)] = [
        ("infix", { InfixPrinter().print($0, driver: $1) }),
        ("infix decimals", { InfixPrinter(decimals: true).print($0, driver: $1) }),
        ("latex", { LatexPrinter().print($0, driver: $1) }),
        ("latex decimals", { LatexPrinter(decimals: true).print($0, driver: $1) }),
        ("json", { JSONPrinter().print($0, driver: $1) }),
    ]

    /// The first printer and driver that disagree with the recursive driver (the iterative one
    /// for expressions too high to recurse), or nil.
    private func disagreement(_ e: Expr) -> String? {
        let recursive = e.node.height <= PrintDriver.maximumRecursiveHeight
        for (name, print) in Self.printers {
            let reference = print(e, recursive ? .recursive : .iterative)
            for driver in [PrintDriver.iterative, .automatic] where print(e, driver) != reference {
                return "\(name), \(driver) differs on \(reference.prefix(300))"
            }
        }
        return nil
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func shallowExpressionsAndTheirDerivatives(seed: UInt64) {
        var generator = ExpressionGenerator(seed: seed, maximumDepth: 5)
        for _ in 0..<400 {
            let e = generator.expression()
            for x in [e, e.derivative(withRespectTo: .symbol("x")), e.derivative(withRespectTo: .symbol("x")).simplified()] {
                if let failure = disagreement(x) {
                    let culprit = smallestFailing(x) { disagreement($0) != nil } ?? x
                    Issue.record("\(failure)\nsmallest: \(disagreement(culprit) ?? "")")
                    return
                }
            }
        }
    }

    /// `e` wrapped in `levels` random operations: sums, differences, products, quotients,
    /// powers, calls and negations around it, each with a small random operand. A wrapping that
    /// collapses (`sign(exp(u)) = 1`, `-(-u) = u`) is left out, so the height grows steadily.
    private func deep(_ generator: inout ExpressionGenerator, levels: Int) -> Expr {
        var e = generator.expression()
        let functions = FunctionTable.all.filter { $0.arity == .one }
        for _ in 0..<levels {
            let small = generator.leaf()
            let next: Expr
            switch Int.random(in: 0..<9, using: &generator.rng) {
            case 0: next = e + small
            case 1: next = small - e
            case 2: next = small * e
            case 3: next = e / small
            case 4: next = Expr.power(e, .number(ExpressionGenerator.exponents.randomElement(using: &generator.rng)!))
            case 5: next = small / (e + 1)
            case 6: next = -e
            default: next = Expr.apply(FunctionTable.lookup(functions.randomElement(using: &generator.rng)!.name)!, [e])
            }
            if next.head != .undefined && next.node.height >= e.node.height { e = next }
        }
        return e
    }

    @Test func deepExpressions() {
        var generator = ExpressionGenerator(seed: 7, maximumDepth: 3)
        var heights: [Int] = []
        for levels in [300, 700, 2_500, 6_000] {
            for _ in 0..<3 {
                let e = deep(&generator, levels: levels)
                heights.append(e.node.height)
                if let failure = disagreement(e) { Issue.record("height \(e.node.height): \(failure)") }
            }
        }
        // The walk must have crossed the recursion limit on both sides.
        #expect(heights.contains { $0 > 2 * PrintDriver.maximumRecursiveHeight })
        #expect(heights.contains { $0 < PrintDriver.maximumRecursiveHeight })
    }

    @Test func derivativesOfDeepExpressions() {
        var generator = ExpressionGenerator(seed: 8, maximumDepth: 2)
        for _ in 0..<4 {
            let e = deep(&generator, levels: 120)
            let d = e.derivative(withRespectTo: .symbol("x"))
            if let failure = disagreement(d) { Issue.record("height \(d.node.height): \(failure)") }
        }
    }
}
