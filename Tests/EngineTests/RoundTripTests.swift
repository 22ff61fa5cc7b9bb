import Testing
import SymDiff

/// Print-parse round trip: `description` must parse back to the identical interned expression.
/// This is what lets users paste a result back in (and the CLI's `--file` output feed itself).
@Suite struct RoundTripTests {
    static let count = 2000

    /// The reason `e` does not round-trip, or nil when it does.
    private func roundTripFailure(_ e: Expr) -> String? {
        let text = e.description
        do {
            let back = try Parser().parse(text)
            if back == e { return nil }
            return "'\(text)' parses back as '\(back.description)'"
        } catch {
            return "'\(text)' does not parse: \(error.message)"
        }
    }

    /// Simplified results may hold a factored form (`2*(x + e)/7`) that the constructors never
    /// build (they distribute a number over a single sum), so their text reads back as the
    /// canonical form of the same expression, exactly.
    private func simplifiedRoundTripFailure(_ s: Expr) -> String? {
        let text = s.description
        do {
            let back = try Parser().parse(text)
            return back == s.canonicalized ? nil : "'\(text)' parses back as '\(back)', not '\(s.canonicalized)'"
        } catch {
            return "'\(text)' does not parse: \(error.message)"
        }
    }

    /// Runs the property over `count` random expressions and reports the first few failures,
    /// each narrowed to its smallest failing subexpression.
    private func check(seed: UInt64, failure roundTripFailure: (Expr) -> String?, _ transform: (Expr) -> Expr) {
        var generator = ExpressionGenerator(seed: seed)
        var failures: [String] = []
        var failing = 0
        for _ in 0..<Self.count {
            let e = transform(generator.expression())
            // `1/0` and friends: the CLI refuses to print them; see `undefinedIsNotAVariable`.
            if e.postorder.contains(.undefined) { continue }
            if roundTripFailure(e) != nil {
                failing += 1
                let culprit = smallestFailing(e) { roundTripFailure($0) != nil } ?? e
                let message = roundTripFailure(culprit)!
                if failures.count < 12 && !failures.contains(message) { failures.append(message) }
            }
        }
        #expect(failing == 0, "\(failing) of \(Self.count) failed; smallest culprits:\n\(failures.joined(separator: "\n"))")
    }

    @Test func expressions() {
        check(seed: 1, failure: roundTripFailure) { $0 }
    }

    @Test func derivatives() {
        check(seed: 2, failure: roundTripFailure) { $0.derivative(withRespectTo: .symbol("x")) }
    }

    @Test func simplifiedDerivatives() {
        check(seed: 3, failure: simplifiedRoundTripFailure) { $0.derivative(withRespectTo: .symbol("x")).simplified() }
    }

    /// Derivatives whose printed form must read back too (narrowed from random failures).
    @Test(arguments: ["log(sqrt(1/x))", "log2((-x*y)^(3/2))", "(x^2 + x)/x"])
    func fixedDerivatives(_ text: String) throws {
        let d = try Parser().parse(text).derivative(withRespectTo: .symbol("x"))
        #expect(roundTripFailure(d) == nil, "\(roundTripFailure(d) ?? "")")
    }

    /// Simplified derivatives the CLI prints, whose text must read back and simplify to itself.
    @Test(arguments: ["(x+e)^2/7", "(2*x-1)^2*3/16", "log(6*e*x + x)"])
    func fixedSimplifiedDerivatives(_ text: String) throws {
        let d = try Parser().parse(text).derivative(withRespectTo: .symbol("x")).simplified()
        #expect(simplifiedRoundTripFailure(d) == nil, "\(simplifiedRoundTripFailure(d) ?? "")")
    }

    /// The canonical form promises "like factors merged": no product has two factors with the
    /// same base. A product that breaks it prints as `x/x` and cannot round-trip.
    @Test func productsHaveDistinctBases() {
        var generator = ExpressionGenerator(seed: 3)
        var bad: [String] = []
        for _ in 0..<2 * Self.count {
            let e = generator.expression()
            for root in [e, e.derivative(withRespectTo: .symbol("x"))] {
                for node in root.postorder {
                    guard case .mul = node.head else { continue }
                    let bases = node.children.map(\.asPower.base)
                    if Set(bases).count != bases.count, bad.count < 5 { bad.append("\(node) in d/dx of \(e)") }
                }
            }
        }
        #expect(bad.isEmpty, "products with repeated bases:\n\(bad.joined(separator: "\n"))")
    }

    /// The undefined value prints as `undefined`, which must not read back as a variable of
    /// that name (it should be refused, or read back as the undefined value).
    @Test func undefinedIsNotAVariable() {
        let text = Expr.undefined.description
        let back = try? Parser().parse(text)
        #expect(back == nil || back == .undefined, "'\(text)' parses back as \(String(describing: back?.head))")
    }

    /// Hand-picked shapes that printers commonly get wrong: negative coefficients and bases,
    /// rational exponents, powers of powers and of products, nested negation.
    @Test(arguments: [
        "-x^2", "(-x)^3", "(-2)^x", "2^-x", "x^(1/2)", "x^(-1/2)", "(x*y)^(3/2)", "(x^2)^(1/3)",
        "-1/x", "1/(2*x)", "-3/4*x", "(1/2)^x", "x^(2/3)", "e^x", "pi^2", "(x+1)^-2", "x - -y",
        "2^(3/2)", "(-1/2)^x", "x^y^z", "(x^y)^z", "-(x+y)", "leaky_relu(x, 1/5)", "min(-x, y)",
        "sqrt(x)^3", "1/sqrt(x)", "x/(y*sqrt(x + 1))", "(-8)^(1/3)", "x^(3/2)/y^(5/2)",
        // Narrowed from random failures: a negated product holding a sum, a rational
        // coefficient over a sum, and a product whose like factors were not merged.
        "-((x - 1)/x)", "1/4/(x + 3/2)", "sqrt(1/x)*sqrt(1/x)*x",
    ])
    func fixedShapes(_ text: String) throws {
        let e = try Parser().parse(text)
        #expect(roundTripFailure(e) == nil, "\(roundTripFailure(e) ?? "")")
    }
}
