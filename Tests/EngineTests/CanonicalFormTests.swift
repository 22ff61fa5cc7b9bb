import Foundation
import Testing
import SymDiff
@testable import Expr

/// The canonical form stated at `Head`: the check that `Node.intern` asserts in debug builds
/// names each rule for a node that breaks it, accepts what the constructors build (held
/// products included), and the held products keep their value.
@Suite struct CanonicalFormTests {
    static let x = Expr.symbol("x"), y = Expr.symbol("y"), z = Expr.symbol("z")

    static func parse(_ s: String) -> Expr { try! Parser().parse(s) }

    /// Nodes the constructors never build, as (head, children, the rule the check names).
    static let invalid: [(Head, [Expr], String)] = [
        (.add(.zero), [x, x], "like terms are merged"),
        (.add(.zero), [x, .integer(2) * x], "like terms are merged"),
        (.add(.zero), [y, parse("x^2")], "terms are sorted"),
        (.add(.zero), [parse("x + y"), z], "sums are flattened"),
        (.add(.zero), [x], "a sum has two terms"),
        (.add(.one), [x, .integer(2)], "numbers are folded"),
        (.add(.zero), [x, Expr.scaledSum(y + 1, by: Rational(2))], "held c*(sum)"),
        (.mul(.one), [x, x], "factors with one base are merged"),
        (.mul(.one), [x, parse("x^2")], "factors with one base are merged"),
        (.mul(.one), [parse("sin(x)"), x], "factors are sorted"),
        (.mul(Rational(2)), [parse("3*x*y")], "only a held product"),
        (.mul(.one), [x], "a product has two factors"),
        (.mul(.zero), [x, y], "a zero coefficient"),
        (.mul(.one), [x, .integer(3)], "numbers are folded"),
        (.pow, [x, .one], "u^0 and u^1"),
        (.pow, [.one, x], "powers of 0 and 1"),
        (.pow, [.e, x], "e^u is exp(u)"),
        (.pow, [parse("x*y"), .two], "distributed"),
        (.pow, [parse("x^3"), .two], "(u^a)^k"),
        (.pow, [parse("x^(1/2)"), y], "(u^a)^b"),
        (.pow, [parse("x^2"), .half], "|u|^(2k*b)"),
        (.pow, [parse("exp(x)"), y], "exp(k*u)"),
        (.pow, [parse("abs(x)"), .two], "|u|^(2k)"),
        (.function(FunctionID.sin), [x, y], "sin takes"),
        (.function(FunctionID.sin), [.undefined], "undefined"),
        (.symbol("x"), [y], "a leaf"),
    ]

    @Test func namesTheBrokenRule() {
        for (head, children, rule) in Self.invalid {
            let violation = CanonicalForm.violation(head, children)
            #expect(violation?.contains(rule) == true, "\(head) over \(children): \(violation ?? "accepted")")
        }
    }

    /// The valid examples of the statement at `Head`, and the held forms.
    @Test func acceptsWhatTheConstructorsBuild() {
        let large = Expr.product((1...16).map { Expr.apply(FunctionID.sin, [.symbol("x\($0)")]) })
        let examples = ["x + 1", "x^2 + 2*x*y + y", "3*x^2*sin(x)", "x/2", "x^y", "2^(1/2)", "(x + 1)^(-1)", "sqrt(8)*x"].map(Self.parse)
            + [Expr.scaledSum(Self.x + 1, by: Rational(1, 2)), Expr.product(Self.y, keeping: large), Expr.product(.integer(3), keeping: large),
               Expr.product(Self.y, chainingOnto: Expr.product(Self.z, keeping: large))]
        for e in examples {
            #expect(CanonicalForm.violation(e.head, e.children) == nil, "\(e)")
        }
    }

    /// Every node of random expressions, their derivatives, simplified forms and gradients (whose
    /// reverse sweep builds held products) passes the check, in any build configuration.
    @Test func everyNodeBuiltIsCanonical() {
        var generator = ExpressionGenerator(seed: 19)
        var roots: [Expr] = []
        for _ in 0..<300 {
            let e = generator.expression()
            let d = e.derivative(withRespectTo: Self.x)
            roots += [e, d, d.simplified()]
        }
        // Product of 40 sines: its gradient multiplies prefix and suffix products, which are held.
        let sines = Expr.product((1...40).map { Expr.apply(FunctionID.sin, [.symbol("w\($0)")]) })
        roots += sines.gradient(withRespectTo: (1...40).map { .symbol("w\($0)") })
        var held = 0
        for node in Expr.postorder(roots) {
            if let rule = CanonicalForm.violation(node.head, node.children) { Issue.record("\(node): \(rule)") }
            if node.isProduct && node.children.contains(where: \.isProduct) { held += 1 }
        }
        #expect(held > 0, "no held product was built: the held rule went unchecked")
    }

    /// A held product keeps its own coefficient when another is kept beside it.
    @Test func heldProductsKeepTheirValue() {
        let sines = (1...16).map { Expr.apply(FunctionID.sin, [.symbol("x\($0)")]) }
        let p = Expr.product([.two] + sines)
        let q = Expr.product(sines.map { Expr.power($0, .two) })
        let point = Dictionary(uniqueKeysWithValues: (1...16).map { ("x\($0)", 0.1 * Double($0)) })
        let threeP = Expr.product(.integer(3), keeping: p)
        let held = Expr.product(threeP, keeping: q)
        let flat = Expr.product([.integer(6)] + sines.map { Expr.power($0, .integer(3)) })
        #expect(isClose(held.evaluate(at: point), flat.evaluate(at: point), relative: 1e-12))
        // A power of the held product beside it: merged by the general path, not held twice.
        let root = Expr.power(p, .half)
        let both = Expr.product(root, keeping: p)
        #expect(CanonicalForm.violation(both.head, both.children) == nil)
        #expect(isClose(both.evaluate(at: point), Foundation.pow(p.evaluate(at: point), 1.5), relative: 1e-12))
    }
}
