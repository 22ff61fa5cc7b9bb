import Foundation
import SymDiff
import Session
import Testing

/// Unknown functions: the chain rule through them, the notation that prints and parses back,
/// declared dependencies, derivative rules, and clear errors where they have no value.
@Suite struct UndefinedFunctionTests {
    let x = Expr.symbol("x"), y = Expr.symbol("y"), t = Expr.symbol("t")

    func parse(_ text: String) throws -> Expr { try Parser().parse(text) }

    /// `got` and `expected` mean the same: their difference simplifies to 0.
    func expectSame(_ got: Expr, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let difference = Simplifier().simplify(got - (try parse(expected)))
        #expect(difference.isZero, "\(got) is not \(expected)", sourceLocation: sourceLocation)
    }

    @Test func chainRuleNamesTheOuterFunction() throws {
        let d = try parse("f(g(x))").derivative(withRespectTo: x)
        #expect(Simplifier().simplify(d).description == "f'(g(x))*g'(x)")
        let steps = derivationSteps(of: try parse("f(g(x))"), withRespectTo: x)
        #expect(steps.root.rule == "chain" && steps.root.outerRule == "d-f", "\(steps.text)")
        #expect(steps.text.contains("f'(g(x))"))
    }

    @Test func secondDerivativeOfASquare() throws {
        let d = try parse("f(x)^2").derivative(withRespectTo: x, order: 2)
        try expectSame(d, "2*f'(x)^2 + 2*f(x)*f''(x)")
    }

    /// Wester U5: d²/dt² f(g(t)) = f'(g(t)) g''(t) + f''(g(t)) g'(t)².
    @Test func westerU5() throws {
        let d = try parse("f(g(t))").derivative(withRespectTo: t, order: 2)
        try expectSame(d, "f'(g(t))*g''(t) + f''(g(t))*g'(t)^2")
    }

    /// Wester U9: d/dx f + d/dy f for f = g(x² + y²) is 2 (x + y) g'(x² + y²).
    @Test func westerU9() throws {
        let f = try parse("g(x^2 + y^2)")
        try expectSame(f.derivative(withRespectTo: x) + f.derivative(withRespectTo: y), "2*(x + y)*g'(x^2 + y^2)")
    }

    /// Wester U7: the differential of V(p, t) has the partials D[1](V) and D[2](V).
    @Test func westerU7() throws {
        let g = try parse("V(p, t)").gradient(withRespectTo: [.symbol("p"), t])
        #expect(g.map(\.description) == ["D[1](V)(p, t)", "D[2](V)(p, t)"])
    }

    /// Printed derivatives of functions of one and several arguments read back as themselves, in
    /// infix; LaTeX writes primes and ∂.
    @Test func printedFormsParseBack() throws {
        let cases = ["f(x*y, sin(x))", "f(g(x))^3", "h(x, y, x - y)*exp(f(x))", "f(x)/g(x)"]
        for text in cases {
            let e = try parse(text)
            for d in [e.derivative(withRespectTo: x), try e.derivative(withRespectTo: x, order: 2),
                      e.derivative(withRespectTo: x).derivative(withRespectTo: y)] {
                let printed = d.description
                #expect(try parse(printed) == d, "\(printed) does not parse back")
            }
        }
        let mixed = try parse("f(x, y)").derivative(withRespectTo: x).derivative(withRespectTo: y)
        #expect(mixed.description == "D[1,2](f)(x, y)")
        #expect(LatexPrinter().print(mixed) == "\\partial_{1}\\partial_{2} f\\left(x, y\\right)")
        #expect(LatexPrinter().print(try parse("f''(x)")) == "f''\\left(x\\right)")
    }

    /// The chain rule through unknown functions agrees with the derivative of the same
    /// expression once the unknown functions are made concrete: f = sin, g = exp, h(u, v) = u*v².
    @Test func concreteFunctionsAgree() throws {
        let texts = ["f(g(x)*x)", "f(x)^2*g(x^2)", "h(f(x), g(x))", "f(h(x, x^2) + 1)/g(x)", "h(x, g(x))^2"]
        for text in texts {
            let e = try parse(text)
            for order in 1...2 {
                let d = try e.derivative(withRespectTo: x, order: order)
                let concrete = try concretized(e).derivative(withRespectTo: x, order: order)
                for point in [-0.7, 0.3, 1.2] {
                    let a = concretized(d).evaluate(at: ["x": point]), b = concrete.evaluate(at: ["x": point])
                    #expect(isClose(a, b, relative: 1e-10, absolute: 1e-12), "order \(order) of \(text) at \(point): \(a) vs \(b)")
                }
            }
        }
    }

    /// `e` with f = sin, g = exp and h(u, v) = u*v², and their derivatives, put in.
    func concretized(_ e: Expr) -> Expr {
        e.rewrittenBottomUp { node in
            guard case let .function(id) = node.head, let u = id.undefined else { return node }
            let a = node.children
            switch (u.name, u.orders) {
            case let ("f", o): return [Expr.apply(.sin, a), .apply(.cos, a), -Expr.apply(.sin, a), -Expr.apply(.cos, a)][o[0] % 4]
            case ("g", _): return .apply(.exp, a)
            case ("h", [0, 0]): return a[0] * .power(a[1], .two)
            case ("h", [1, 0]): return .power(a[1], .two)
            case ("h", [0, 1]): return 2 * a[0] * a[1]
            case ("h", [1, 1]): return 2 * a[1]
            case ("h", [0, 2]): return 2 * a[0]
            case ("h", _): return .zero
            default: return node
            }
        }
    }

    @Test func creationOrderDoesNotChangeTheOrderOfFactors() throws {
        _ = try parse("g'(x)")
        let product = try parse("g'(x)*f'(g(x))")
        #expect(product.description == "f'(g(x))*g'(x)")
    }

    @Test func declaredDependencyAndDerivativeRuleInScripts() {
        var session = Session()
        var outputs: [String] = []
        for line in ["y: function of x", "diff(x^2*y, x)", "W'(u) = W(u)/(u*(1 + W(u)))", "diff(W(x^2), x)", "diff(W(x), x, 2)"] {
            let outcome = session.execute(line)
            #expect(outcome.status == .ok, "\(line): \(outcome.message)")
            outputs.append(outcome.output)
        }
        try? expectSame(try! parse(outputs[1].replacingOccurrences(of: "y'", with: "Y1").replacingOccurrences(of: "y", with: "Y0")),
                        "2*x*Y0 + x^2*Y1")
        #expect(outputs[3] == "2*W(x^2)/(x*(W(x^2) + 1))")
        // W'' from the rule applied twice: -W²(W + 2)/(x²(1 + W)³).
        let second = try! parse(outputs[4].replacingOccurrences(of: "W(x)", with: "w"))
        try? expectSame(second, "-w^2*(w + 2)/(x^2*(1 + w)^3)")
        // Written with primes, a ruled function's derivative is the rule's.
        #expect(session.execute("W''(x)").message.contains("write diff(W(u), u, 2)"))
        #expect(session.execute("W'(2*x)").output == session.execute("subs(diff(W(t), t), t=2*x)").output)
    }

    /// The rule gives the true derivative of Lambert's W: checked with W computed numerically.
    @Test func derivativeRuleMatchesLambertW() throws {
        var session = Session()
        _ = session.execute("W'(u) = W(u)/(u*(1 + W(u)))")
        let first = session.execute("diff(W(x), x)").output, second = session.execute("diff(W(x), x, 2)").output
        func lambertW(_ z: Double) -> Double {
            var w = log(1 + z)
            for _ in 0..<50 { w -= (w * exp(w) - z) / (exp(w) * (w + 1)) }
            return w
        }
        func value(_ text: String, _ z: Double) throws -> Double {
            try parse(text.replacingOccurrences(of: "W(x)", with: "(\(lambertW(z)))")).evaluate(at: ["x": z])
        }
        for z in [0.5, 1.0, 3.0] {
            let h = 1e-5
            #expect(isClose(try value(first, z), (lambertW(z + h) - lambertW(z - h)) / (2 * h), relative: 1e-7))
            #expect(isClose(try value(second, z), (try value(first, z + h) - (try value(first, z - h))) / (2 * h), relative: 1e-6))
        }
    }

    @Test func badInputsAreClearErrors() {
        let cases: [(String, String)] = [
            ("f'(x, y)", "a prime marks the derivative of a function of one argument"),
            ("D[3](f)(x, y)", "D[3] names argument 3"),
            ("sin'(x)", "'sin' is a known function"),
            ("Sin(x)", "did you mean 'sin'?"),
            ("f' + 1", "is not a function of anything here"),
            ("D[0](f)(x)", "argument positions counted from 1"),
        ]
        for (text, message) in cases {
            do {
                _ = try Parser().parse(text)
                Issue.record("\(text) is accepted")
            } catch {
                #expect(error.message.contains(message), "\(text): \(error.message)")
            }
        }
    }

    @Test func unknownFunctionsHaveNoValue() throws {
        let e = try parse("f(x) + 1")
        #expect(e.evaluate(at: ["x": 1]).isNaN)
        #expect(domainMessage(try parse("f(x)")).hasPrefix("'f' is an unknown function: it has no numeric value"))
        #expect(throws: EmitError.unknownFunction("f")) {
            _ = try emitCode(for: e, variables: [x], language: .c, gradient: false)
        }
    }
}
