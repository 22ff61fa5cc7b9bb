import Foundation
import SymDiff
import Testing

/// Emitted code in every language, built and run with the machine's toolchains, against the Tape
/// at seeded random points: value, gradient, Hessian and Jacobian.
@Suite struct EmitTests {
    static func parse(_ text: String) -> Expr { try! Parser().parse(text) }

    /// A logistic loss: softplus of `rows` linear forms over `weights` weights, seeded coefficients.
    static func logisticLoss(weights: Int, rows: Int, seed: UInt64) -> Expr {
        var rng = SplitMix64(seed: seed)
        let w = (1...weights).map { Expr.symbol("w\($0)") }
        return Expr.sum((0..<rows).map { _ in
            let z = Expr.sum(w.map { Expr.number(Rational(Int.random(in: -3000...3000, using: &rng), 1000)) * $0 })
            return Expr.apply(.softplus, [z])
        })
    }

    static let cases: [EmitCase] = [
        try! EmitCase("basic", parse("x^2*y + sin(y)"), variables: ["x", "y"], range: -2...2, seed: 1),
        try! EmitCase("value_only", parse("x*exp(y) - 3"), variables: ["x", "y"], gradient: false, hessian: false, range: -2...2, seed: 2),
        try! EmitCase("ml", parse("sigmoid(w*x + b) + softplus(w - 2*b) + relu(x - b)*tanh(w*b) + leaky_relu(x - 1, 0.1)"),
                      variables: ["w", "b", "x"], range: -2...2, seed: 3),
        try! EmitCase("logs", parse("log(x^2 + y)*erf(x - y) + abs(x*y - 1) + min(x, y)^2 + max(x, 2*y) + log(1 + x*y)"),
                      variables: ["x", "y"], range: 0.3...2, seed: 4),
        try! EmitCase("misc", parse("sqrt(x + y) + exp(-x*y) + x^y + cbrt(x - 1) + atan(y)/x + exp(y) - 1 + sec(x) + cot(y) + asinh(x) + acosh(1 + y) + log2(x) + log10(y) + sign(x - 1)*x + x^5/y^3 + heaviside(y - 1)*y"),
                      variables: ["x", "y"], range: 0.3...1.4, seed: 5),
        try! EmitCase("jac", parse("x*y"), variables: ["x", "y", "z"], others: [parse("x + y^2"), parse("sin(x*y)*z")],
                      range: -2...2, seed: 6),
        try! EmitCase("large", logisticLoss(weights: 40, rows: 8, seed: 7), variables: (1...40).map { "w\($0)" },
                      hessian: false, range: -1...1, count: 3, seed: 8),
    ]

    @Test(arguments: [CodeLanguage.c, .swift, .python, .numpy, .javascript])
    func emittedCodeAgreesWithTheTape(_ language: CodeLanguage) throws {
        if let reason = EmitToolchain.missing(language) {
            print("skipping \(language.rawValue): \(reason)")
            return
        }
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printed = try EmitDrivers.run(language, Self.cases, in: dir)
        for c in Self.cases {
            let section = try #require(printed[c.name], "\(language.rawValue): no output for \(c.name)")
            expectAgreement(section, try c.reference(), "\(language.rawValue) \(c.name)")
        }
    }

    @Test func emittedCodeIsDeterministic() throws {
        for language in CodeLanguage.allCases {
            for c in Self.cases.prefix(5) {
                let a = try Emitter(language: language).emit(c.unit)
                let b = try Emitter(language: language).emit(c.unit)
                #expect(a == b)
            }
        }
    }

    @Test func headerNamesTheExpressionDerivativesAndArguments() throws {
        let f = Self.parse("x^2*y + sin(y)")
        let code = try emitCode(for: f, variables: [.symbol("x"), .symbol("y")], language: .c, gradient: true, hessian: true)
        #expect(code.contains(" * f(x, y) = x^2*y + sin(y)\n"))
        #expect(code.contains("Computes the value, the gradient (2 entries) and the Hessian (2x2, symmetric) in one pass."))
        #expect(code.contains("Arguments: point[0] = x, point[1] = y"))
        #expect(code.contains("double f(const double *point, double *grad, double *hess)"))
        for language in [CodeLanguage.swift, .python, .numpy, .javascript, .latex] {
            let text = try emitCode(for: f, variables: [.symbol("x"), .symbol("y")], language: language, gradient: true)
            #expect(text.contains("f(x, y) = x^2*y + sin(y)"), "\(language)")
            #expect(text.contains("the gradient (2 entries)"), "\(language)")
        }
    }

    @Test func functionApplicationsNameTheirTemporaries() throws {
        let code = try emitCode(for: Self.parse("sigmoid(z)^2 + sin(z)*cos(z)^2"), variables: [.symbol("z")],
                                language: .python, gradient: true)
        #expect(code.contains("sig_z = sigmoid(z)"))
        #expect(code.contains("sin_z = math.sin(z)"))
        #expect(code.contains("cos_z = math.cos(z)"))
        // Each shared value is computed once.
        #expect(code.components(separatedBy: "= sigmoid(z)").count == 2)
        #expect(code.components(separatedBy: "= math.cos(z)").count == 2)
    }

    @Test func namesNeverCollideWithKeywordsOrParameters() throws {
        // A variable called x (the argument's usual name), one called like a C keyword and one like
        // an output: the program must still compile and agree with the Tape.
        let unit = try CodeUnit(function: Self.parse("x*double + grad^2 + sin(x)"), variables: ["x", "double", "grad"].map(Expr.symbol),
                                gradient: true, name: "fk")
        let c = try Emitter(language: .c).emit(unit)
        #expect(c.contains("double fk(const double *point, double *grad)"))
        #expect(c.contains("const double double_2 = point[1];"))
        #expect(c.contains("const double grad_2 = point[2];"))
        if EmitToolchain.missing(.c) == nil {
            let dir = try EmitToolchain.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            var rng = SplitMix64(seed: 9)
            let points = (0..<6).map { _ in Double.random(in: -2...2, using: &rng) }
            let printed = try EmitDrivers.run(.c, [EmitCase(unit: unit, name: "fk", points: points)], in: dir)
            let reference = try CompiledFunction(unit.entries, variables: ["x", "double", "grad"].map(Expr.symbol))
            expectAgreement(printed["fk"] ?? "", [reference(Array(points[0..<3])), reference(Array(points[3..<6]))], "c keywords")
        }
    }

    @Test func badNamesAndUnboundVariablesAreErrors() {
        let f = Self.parse("x*y")
        #expect(throws: EmitError.unboundVariable("y")) {
            try emitCode(for: f, variables: [.symbol("x")], language: .c)
        }
        #expect(throws: EmitError.invalidName("return")) {
            try emitCode(for: f, variables: [.symbol("x"), .symbol("y")], language: .c, name: "return")
        }
        #expect(throws: EmitError.invalidName("2f")) {
            try emitCode(for: f, variables: [.symbol("x"), .symbol("y")], language: .python, name: "2f")
        }
        #expect(throws: EmitError.duplicateVariable("x")) {
            try emitCode(for: f, variables: [.symbol("x"), .symbol("x"), .symbol("y")], language: .javascript)
        }
    }

    /// The gradient of prod_i sin(x_i) has O(n) nodes; the emitted code must stay O(n) lines too.
    @Test func productOfSinesGradientHasLinearSize() throws {
        func lines(_ n: Int) throws -> Int {
            let vars = (1...n).map { Expr.symbol("x\($0)") }
            let f = Expr.product(vars.map { Expr.apply(FunctionID.sin, [$0]) })
            return try emitCode(for: f, variables: vars, language: .c, gradient: true).split(separator: "\n").count
        }
        let (l100, l200) = (try lines(100), try lines(200))
        #expect(l200 <= 12 * 200, "\(l200) lines for 200 variables")
        #expect(Double(l200) <= 2.2 * Double(l100), "\(l100) lines for 100 variables, \(l200) for 200: not linear")
    }

    @Test func latexShowsGradientAndHessianInPartialNotation() throws {
        let code = try emitCode(for: Self.parse("x^2*y"), variables: [.symbol("x"), .symbol("y")], language: .latex,
                                gradient: true, hessian: true, simplify: { Simplifier().simplify($0) })
        #expect(code.contains("f(x, y) &= x^{2} y \\\\"))
        #expect(code.contains("\\nabla f(x, y) &= \\begin{pmatrix} \\frac{\\partial f}{\\partial x} \\\\ \\frac{\\partial f}{\\partial y} \\end{pmatrix} = \\begin{pmatrix} 2 x y \\\\ x^{2} \\end{pmatrix}"))
        #expect(code.contains("\\frac{\\partial^{2} f}{\\partial x \\, \\partial y}"))
        #expect(code.contains("= \\begin{pmatrix} 2 y & 2 x \\\\ 2 x & 0 \\end{pmatrix}"))
        // Balanced braces and environments.
        #expect(code.filter { $0 == "{" }.count == code.filter { $0 == "}" }.count)
        #expect(code.components(separatedBy: "\\begin{pmatrix}").count == code.components(separatedBy: "\\end{pmatrix}").count)
        let jacobian = try emitCode(for: Self.parse("x*y"), variables: [.symbol("x"), .symbol("y")], language: .latex,
                                    jacobian: [Self.parse("x + y^2")])
        #expect(jacobian.contains("J = \\frac{\\partial (f_{1}, f_{2})}{\\partial (x, y)}"))
        #expect(jacobian.contains("\\begin{pmatrix} y & x \\\\ 1 & 2 y \\end{pmatrix}"))
    }

    /// The Hessian of Rosenbrock n = 100 emits, compiles with gcc -O2 in seconds and agrees.
    @Test func rosenbrockHessianCompilesQuickly() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let n = 100
        let x = (1...n).map { Expr.symbol("x\($0)") }
        let terms = (1..<n).map { i in "100*(x\(i + 1) - x\(i)^2)^2 + (1 - x\(i))^2" }
        let f = Self.parse(terms.joined(separator: " + "))
        var rng = SplitMix64(seed: 10)
        let points = (0..<(2 * n)).map { _ in Double.random(in: -1.5...1.5, using: &rng) }
        let c = try EmitCase(unit: CodeUnit(function: f, variables: x, gradient: true, hessian: true, name: "rosen"),
                             name: "rosen", points: points)
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date()
        let printed = try EmitDrivers.run(.c, [c], in: dir, flags: ["-O2"])
        let seconds = Date().timeIntervalSince(start)
        #expect(seconds < 30, "gcc -O2 took \(seconds) s")
        expectAgreement(printed["rosen"] ?? "", try c.reference(), "rosenbrock-100 Hessian")
    }
}
