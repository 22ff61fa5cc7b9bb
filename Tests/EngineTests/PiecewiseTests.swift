import Foundation
import SymDiff
import Session
import Testing

/// Piecewise functions and conditions: parsing and printing, derivatives branch by branch with
/// notes at kinks, and the same value at the exact boundaries from every evaluator: the reference
/// evaluator, the Tape (one point and batch), native code and every emitted language.
@Suite struct PiecewiseTests {
    let x = Expr.symbol("x"), y = Expr.symbol("y")

    func parse(_ text: String) throws -> Expr { try Parser().parse(text) }

    @Test func conditionsPrintAndParseBack() throws {
        let cases = [
            "piecewise(x < 0, -x, x^2)", "piecewise(x <= 1 and y > 2 or not x == y, x, y)", "2*(x < y) + (not x)^2",
            "piecewise(x >= 0, sqrt(x), x != -1, 1/(x + 1), 0)", "(x < y) < 2", "piecewise(x > 0 and (y < 0 or y > 1), 1, 2)",
        ]
        for text in cases {
            let e = try parse(text)
            #expect(try parse(e.description) == e, "\(text) prints as \(e.description)")
        }
        #expect(try parse("if(x < 0, -x, x^2)") == parse("piecewise(x < 0, -x, x^2)"))
        #expect(try parse("piecewise(x < 0, -1, x < 1, 0, 1)").description == "piecewise(x < 0, -1, piecewise(x < 1, 0, 1))")
        #expect(LatexPrinter().print(try parse("piecewise(x <= 0, -x, x^2)"))
                == "\\begin{cases} -x & \\text{if } x \\le 0 \\\\ x^{2} & \\text{otherwise} \\end{cases}")
    }

    /// Wester U2: d/dx of (-x for x < 0, x otherwise) is (-1 for x < 0, 1 otherwise).
    @Test func westerU2() throws {
        let d = Simplifier().simplify(try parse("piecewise(x < 0, -x, x)").derivative(withRespectTo: x))
        #expect(d.description == "piecewise(x < 0, -1, 1)")
    }

    /// Wester U3: f = (x² - 1 at x = 1, x³ otherwise) has f' = 3x², also at 1; and d/dx
    /// if(x == 0, 0, x) is 1.
    @Test func westerU3AndEqualityConditions() throws {
        let d = Simplifier().simplify(try parse("piecewise(x == 1, x^2 - 1, x^3)").derivative(withRespectTo: x))
        #expect(d.description == "3*x^2")
        #expect(try parse("if(x == 0, 0, x)").derivative(withRespectTo: x) == .one)
        #expect(try parse("if(x != 0, x, 0)").derivative(withRespectTo: x) == .one)
        // A condition that does not vary with x keeps both branches.
        #expect(try parse("if(y == 0, x, 2*x)").derivative(withRespectTo: x).description == "piecewise(y == 0, 1, 2)")
    }

    /// Wester U1: d/dx |x| = sign(x).
    @Test func westerU1() throws {
        #expect(try parse("abs(x)").derivative(withRespectTo: x).description == "sign(x)")
    }

    @Test func derivativesMatchFiniteDifferencesAwayFromBoundaries() throws {
        let texts = ["piecewise(x < 0, sqrt(-x)*x, x^3 - sin(x))", "if(x > 1 and x < 2, exp(x), log(x^2 + 1))",
                     "x*piecewise(x <= 0.5, 1/(x - 1), x^2)"]
        for text in texts {
            let e = try parse(text), d = e.derivative(withRespectTo: x)
            for point in [-1.3, -0.2, 0.3, 0.7, 1.5, 2.5] {
                let h = 1e-6
                let difference = (e.evaluate(at: ["x": point + h]) - e.evaluate(at: ["x": point - h])) / (2 * h)
                #expect(isClose(d.evaluate(at: ["x": point]), difference, relative: 1e-6, absolute: 1e-8), "\(text) at \(point)")
            }
        }
    }

    /// Reverse accumulation (gradient, Hessian) gives what differentiating one variable at a time
    /// gives, and no NaN where the untaken branch is undefined.
    @Test func gradientAndHessianKeepBranchesApart() throws {
        let e = try parse("piecewise(x < 0, sqrt(-x)*y, log(x)*y^2)")
        let g = e.gradient(withRespectTo: [x, y]), h = e.hessian(withRespectTo: [x, y])
        for point in [[-2.0, 0.5], [3.0, -1.5], [0.0, 2.0]] {
            let env = ["x": point[0], "y": point[1]]
            for (k, v) in [x, y].enumerated() {
                #expect(g[k].evaluate(at: env) == e.derivative(withRespectTo: v).evaluate(at: env) || point[0] == 0)
                if point[0] != 0 { #expect(g[k].evaluate(at: env).isFinite && h[k][k].evaluate(at: env).isFinite, "\(point)") }
            }
        }
    }

    /// Expressions with the exact boundaries among their points, and whether Python's `math` can
    /// run them: it raises on a domain error or a division by zero in the untaken branch, where
    /// NumPy, C, Swift and JavaScript compute it (NaN) and choose the other.
    static let boundaryCases: [(String, [String], [[Double]], python: Bool)] = [
        ("piecewise(x < 0, -x, x^2)", ["x"], [[0], [-0.5], [0.5], [-1e-300], [1e-300]], true),
        ("piecewise(x < 0, sqrt(-x)*x, x^2) + if(x >= 4, log(x - 3), 1)", ["x"], [[0], [4], [-4], [9], [3], [3.5]], false),
        ("if(x == 0, 1, sin(x)/x)", ["x"], [[0], [0.25], [-2]], false),
        ("piecewise(x > 0 and y > 0, log(x*y), x <= y or not y < 1, x + y, 0)", ["x", "y"], [[0, 0], [1, 1], [2, 0], [0.5, 0.5], [-1, -1], [1, -1]], false),
    ]

    /// Every evaluator gives the same value and gradient at the exact boundaries, and those
    /// values are finite (the untaken branch never leaks NaN).
    @Test(arguments: boundaryCases.indices)
    func evaluatorsAgreeAtBoundaries(_ index: Int) throws {
        let (text, names, points, python) = Self.boundaryCases[index]
        let f = try parse(text), variables = names.map(Expr.symbol)
        let outputs = [f] + f.gradient(withRespectTo: variables)
        let program = try CompiledFunction(outputs, variables: variables)
        let batch = program.evaluate(points: points.flatMap { $0 })
        for (k, point) in points.enumerated() {
            let env = Dictionary(uniqueKeysWithValues: zip(names, point))
            let tape = program(point)
            for (j, output) in outputs.enumerated() {
                let reference = output.evaluate(at: env)
                #expect(reference.isFinite, "\(text): output \(j) at \(point) is \(reference)")
                #expect(tape[j] == reference, "\(text): Tape output \(j) at \(point): \(tape[j]), reference \(reference)")
                #expect(batch[k * outputs.count + j] == tape[j], "\(text): batch output \(j) at \(point)")
            }
        }
        if EmitToolchain.missing(.c) == nil {
            let cache = try EmitToolchain.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: cache) }
            let native = try NativeFunction(outputs, variables: variables, options: NativeOptions(cacheDirectory: cache.path))
            let got = native.evaluate(points: points.flatMap { $0 })
            #expect(got == batch, "\(text): native \(got), Tape \(batch)")
        }
        let unit = try CodeUnit(function: f, variables: variables, gradient: true, hessian: false, name: "pw\(index)",
                                simplify: { Simplifier().simplify($0) })
        let c = EmitCase(unit: unit, name: "pw\(index)", points: points.flatMap { $0 })
        let reference = try c.reference()
        for language in EmittedTable.languages where python || language != .python {
            if EmitToolchain.missing(language) != nil { continue }
            let dir = try EmitToolchain.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let printed = try EmitDrivers.run(language, [c], in: dir)
            expectAgreement(printed[c.name] ?? "", reference, "\(language.rawValue) \(text)")
        }
    }

    @Test func kinkNotesGiveBothSides() throws {
        var session = Session()
        let outcome = session.execute("diff(piecewise(x < 0, -x, x^2), x)")
        #expect(outcome.output == "piecewise(x < 0, -1, 2*x)")
        #expect(outcome.message.contains("at x = 0 the derivative from the left is -1 and from the right 0"), "\(outcome.message)")
        let jump = session.execute("diff(if(x <= 2, 3, 4), x)")
        #expect(jump.message.contains("at x = 2 the function jumps (from 3 to 4)"), "\(jump.message)")
        let smooth = session.execute("diff(if(x < 1, x^2, 2*x - 1), x)")
        #expect(smooth.message.isEmpty, "\(smooth.message)")
    }

    @Test func badConditionsAreClearErrors() {
        for (text, message) in [("x < 1 < 2", "comparisons do not chain"), ("piecewise(x < 0, 1)", "piecewise takes a condition"),
                                ("x =< 1", "'=' is not allowed"), ("x ! 1", "unexpected")] {
            do {
                _ = try Parser().parse(text)
                Issue.record("\(text) is accepted")
            } catch {
                #expect(error.message.contains(message), "\(text): \(error.message)")
            }
        }
    }
}
