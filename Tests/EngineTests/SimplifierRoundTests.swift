import Synchronization
import Testing
import SymDiff

/// The simplifier's rounds: a rule is pure, so it is not tried again on a form it has seen.
@Suite struct SimplifierRoundTests {
    /// The inputs a do-nothing rule was given, in order.
    final class Recorder: Sendable {
        let seen = Mutex<[Expr]>([])
        func rule(_ name: String) -> SimplificationRule {
            SimplificationRule(name: name) { e in
                self.seen.withLock { $0.append(e) }
                return nil
            }
        }
        var inputs: [Expr] { seen.withLock { $0 } }
    }

    @Test func rulesAfterTheLastChangeAreNotRetriedOnTheSameForm() throws {
        let before = try Parser().parse("x + y + z + w")
        let after = try Parser().parse("x*y")
        let first = Recorder(), last = Recorder()
        var simplifier = Simplifier()
        simplifier.rules = [
            first.rule("first"),
            SimplificationRule(name: "shrink") { $0 == before ? after : nil },
            last.rule("last"),
        ]
        #expect(simplifier.simplify(before) == after)
        // Round 1: `first` sees the input, `shrink` replaces it, `last` sees the result.
        // Round 2 retries `first` and `shrink` on the result; `last` has seen it already.
        #expect(first.inputs == [before, after])
        #expect(last.inputs == [after])
    }

    @Test func aNewKindOfNodeGetsEveryRuleOfItsKind() throws {
        let sum = try Parser().parse("x + y")
        let product = try Parser().parse("x*y")
        let smallest = try Parser().parse("z")
        var simplifier = Simplifier()
        // `factor` turns the sum into a product; `shrink`, earlier in the list than any change
        // to products, has never seen a product and must still be tried on it.
        simplifier.rules = [
            SimplificationRule(name: "factor", kinds: .sums, acceptance: .notLarger) { $0 == sum ? product : nil },
            SimplificationRule(name: "shrink", kinds: .products) { $0 == product ? smallest : nil },
        ]
        #expect(simplifier.simplify(sum) == smallest)
    }

    @Test func standardRulesGiveTheSameFormsAsBefore() throws {
        // Forms reached through several rounds (a rule's result improved by an earlier rule).
        let cases: [(String, String)] = [
            ("x*(x + 1) - x", "x^2"),
            ("2/(2*x + 10)", "1/(x + 5)"),
            ("sin(x)^2*y + cos(x)^2*y", "y"),
            ("3*x*exp(3*x) + exp(3*x)", "exp(3*x)*(3*x + 1)"),
        ]
        for (input, expected) in cases {
            let e = try Parser().parse(input)
            #expect(InfixPrinter().print(e.simplified()) == expected, "\(input)")
        }
    }
}
