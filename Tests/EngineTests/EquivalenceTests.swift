import Session
import SymDiff
import Testing

/// `equal`, `check-answer` and assumptions: proofs name their rules, refutations give a point
/// whose values really differ, partial agreement names the region.
@Suite struct EquivalenceTests {
    static func compare(_ a: String, _ b: String, assuming facts: Assumptions = Assumptions()) throws -> Equivalence.Verdict {
        Equivalence(assumptions: facts).compare(try Parser().parse(a), try Parser().parse(b))
    }

    static func positive(_ names: String...) -> Assumptions {
        var facts = Assumptions()
        facts.positive = Set(names)
        return facts
    }

    @Test(arguments: [
        ("sin(x)^2", "1 - cos(x)^2", "pythagorean-constant"),
        ("(x + 1)^2", "x^2 + 2*x + 1", "expand"),
        ("(x^2 - 1)/(x - 1)", "x + 1", "rational functions over a common denominator"),
        ("2*x + x", "3*x", "canonical form (like terms and factors merged)"),
    ])
    func provesAndNamesTheRule(_ a: String, _ b: String, _ rule: String) throws {
        guard case let .proved(rules) = try Self.compare(a, b) else { Issue.record("\(a) == \(b) not proved"); return }
        #expect(rules.contains(rule), "\(rules)")
    }

    /// The point given really separates the two, by evaluation independent of the verdict.
    @Test(arguments: [("x^2", "x^3"), ("sin(x)", "cos(x)"), ("exp(x + y)", "exp(x)*y")])
    func refutesAtAPointWhereTheyDiffer(_ a: String, _ b: String) throws {
        guard case let .different(point, left, right) = try Self.compare(a, b) else { Issue.record("\(a) vs \(b) not refuted"); return }
        let (ea, eb) = (try Parser().parse(a), try Parser().parse(b))
        #expect(ea.evaluate(at: point) == left && eb.evaluate(at: point) == right)
        #expect(abs(left - right) > 1e-6)
    }

    @Test(arguments: [
        ("sqrt(x^2)", "x", "x >= 0"), ("abs(x)", "-x", "x <= 0"), ("max(x, 1)", "x", "x >= 1"),
        ("log(x*y)", "log(x) + log(y)", "both sides are defined"),
    ])
    func equalWhere(_ a: String, _ b: String, _ condition: String) throws {
        guard case let .equalWhere(found, _, _, _) = try Self.compare(a, b) else { Issue.record("\(a) vs \(b)"); return }
        #expect(found == condition)
    }

    @Test(arguments: [("sqrt(x^2)", "x"), ("abs(x)", "x"), ("log(x*y)", "log(x) + log(y)"), ("log(x^3)", "3*log(x)")])
    func assumptionsDecideTheRule(_ a: String, _ b: String) throws {
        guard case let .proved(rules) = try Self.compare(a, b, assuming: Self.positive("x", "y")) else { Issue.record("\(a) == \(b) not proved"); return }
        #expect(rules.first?.hasPrefix("assumptions") == true)
    }

    /// Without assumptions nothing changes: the same expressions keep their form.
    @Test func assumptionsStayInTheirScope() throws {
        let e = try Parser().parse("sqrt(x^2) + log(x*y)")
        let facts = Self.positive("x", "y")
        #expect(facts.applied(to: e).description == "x + log(x) + log(y)")
        #expect(e.canonicalized.description == e.description)
        #expect(try Parser().parse("abs(x)").description == "abs(x)")
    }

    @Test func statements() {
        var session = Session()
        #expect(session.execute("sqrt(x^2) == x").output.hasPrefix("equal where x >= 0"))
        #expect(session.execute("assume x > 0").output == "assuming x > 0")
        #expect(session.execute("sqrt(x^2) == x").output.hasPrefix("equal (proved: assumptions (x > 0)"))
        #expect(session.execute("simplify(abs(x) + log(2*x))").output == "x + log(2) + log(x)")
        let wrong = session.execute("check_answer(x^2*sin(x), answer=2*x*cos(x))")
        #expect(wrong.status == .assertionFailed)
        #expect(wrong.message.contains("expected: x*(x*cos(x) + 2*sin(x))"))
        let bad = session.execute("assume x < 0")
        #expect(bad.status == .error && bad.message.contains("write assume x > 0"))
        #expect(session.execute("a == b == c").message.contains("only one '=='"))
    }
}
