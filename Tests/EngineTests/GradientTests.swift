import Testing
import SymDiff
import Glibc

/// Gradients, Hessians and Jacobians by reverse accumulation: checked against central finite
/// differences of the function's own value, and for size (the cheap-gradient principle).
@Suite struct GradientTests {
    static let functions = [
        "x^2*y + sin(y)",
        "100*(y - x^2)^2 + (1 - x)^2",
        "log(1 + exp(w*x + b)) - y*(w*x + b)",
        "sigmoid(w*x + b)*tanh(x*y) + sqrt(x^2 + y^2 + 1)",
        "x^y + exp(x*y*w)/(1 + b^2)",
    ]

    /// Central difference of `f` in `name` at `point`.
    private func centralDifference(_ f: Expr, _ name: String, _ point: [String: Double]) -> Double {
        let h = 1e-6 * max(1, abs(point[name]!))
        var plus = point, minus = point
        plus[name]! += h
        minus[name]! -= h
        return (f.evaluate(at: plus) - f.evaluate(at: minus)) / (2 * h)
    }

    private func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-5 * max(1, abs(a), abs(b))
    }

    @Test(arguments: functions)
    func gradientAgreesWithFiniteDifferences(_ text: String) throws {
        let f = try Parser().parse(text)
        let names = f.freeSymbols
        let g = f.gradient(withRespectTo: names.map(Expr.symbol)).map { $0.simplified() }
        var rng = SplitMix64(seed: 11)
        for _ in 0..<5 {
            var point: [String: Double] = [:]
            for n in names { point[n] = Double.random(in: 0.3...1.7, using: &rng) }
            for (i, n) in names.enumerated() {
                let symbolic = g[i].evaluate(at: point), numeric = centralDifference(f, n, point)
                #expect(close(symbolic, numeric), "d/d\(n) of \(text) at \(point): \(symbolic) vs \(numeric)")
            }
        }
    }

    @Test(arguments: functions)
    func hessianIsSymmetricAndAgreesWithFiniteDifferences(_ text: String) throws {
        let f = try Parser().parse(text)
        let vars = f.freeSymbols.map(Expr.symbol)
        let h = f.hessian(withRespectTo: vars)
        let g = f.gradient(withRespectTo: vars)
        var rng = SplitMix64(seed: 12)
        var point: [String: Double] = [:]
        for v in vars { point[v.description] = Double.random(in: 0.3...1.7, using: &rng) }
        for i in vars.indices {
            for j in vars.indices {
                #expect(h[i][j] == h[j][i])
                let numeric = centralDifference(g[i], vars[j].description, point)
                #expect(close(h[i][j].evaluate(at: point), numeric), "H[\(i)][\(j)] of \(text)")
            }
        }
    }

    /// Rosenbrock's Hessian is tridiagonal: the sparse entries are exactly the diagonal and the
    /// first superdiagonal, in row-major order, and each agrees with a finite difference.
    @Test func sparseHessianOfRosenbrockIsTridiagonal() throws {
        let n = 12
        let vars = (1...n).map { Expr.symbol("x\($0)") }
        let terms = (1..<n).map { "100*(x\($0 + 1) - x\($0)^2)^2 + (1 - x\($0))^2" }
        let f = try Parser().parse(terms.joined(separator: " + "))
        let entries = f.hessianEntries(withRespectTo: vars)
        let expected = (0..<n).flatMap { i in i + 1 < n ? [(i, i), (i, i + 1)] : [(i, i)] }
        #expect(entries.map { [$0.row, $0.column] } == expected.map { [$0.0, $0.1] })
        let g = f.gradient(withRespectTo: vars)
        var point: [String: Double] = [:]
        for (k, v) in vars.enumerated() { point[v.description] = 0.5 + 0.1 * Double(k) }
        for e in entries {
            let numeric = centralDifference(g[e.row], vars[e.column].description, point)
            #expect(close(e.value.evaluate(at: point), numeric), "H[\(e.row)][\(e.column)]")
        }
    }

    /// A variable listed twice: the dense Hessian repeats its row and column.
    @Test func hessianWithARepeatedVariable() throws {
        let f = try Parser().parse("x^2*y^3")
        let (x, y) = (Expr.symbol("x"), Expr.symbol("y"))
        let h = f.hessian(withRespectTo: [x, y, x]).map { $0.map(\.description) }
        #expect(h == [["2*y^3", "6*x*y^2", "2*y^3"], ["6*x*y^2", "6*x^2*y", "6*x*y^2"], ["2*y^3", "6*x*y^2", "2*y^3"]])
    }

    @Test func jacobianRowsAreGradients() throws {
        let fs = try ["x*y", "x + y^2", "sin(x*y)"].map { try Parser().parse($0) }
        let vars = [Expr.symbol("x"), .symbol("y")]
        let j = ReverseAccumulation().jacobian(of: fs, withRespectTo: vars)
        #expect(j.map { $0.map(\.description) } == [["y", "x"], ["1", "2*y"], ["y*cos(x*y)", "x*cos(x*y)"]])
    }

    /// The gradient of prod_i sin(x_i) over n variables has O(n) distinct nodes, not O(n^2),
    /// and O(n) edges: the prefix and suffix products grow by one pair per factor instead of
    /// re-collecting their factors into ever longer lists.
    @Test func productGradientIsLinearInSize() throws {
        for n in [50, 200, 400] {
            let vars = (1...n).map { Expr.symbol("x\($0)") }
            let f = Expr.product(vars.map { Expr.apply(FunctionID.sin, [$0]) })
            let g = f.gradient(withRespectTo: vars)
            let nodes = Expr.postorder(g)
            #expect(nodes.count <= 8 * n, "n = \(n): \(nodes.count) distinct nodes in the gradient")
            let edges = nodes.reduce(0) { $0 + $1.children.count }
            #expect(edges <= 12 * n + 600, "n = \(n): \(edges) edges in the gradient")
            let at = Dictionary(uniqueKeysWithValues: vars.enumerated().map { ($1.description, 1 + 0.001 * Double($0)) })
            let exact = vars.indices.map { i in
                vars.indices.reduce(1.0) { p, k in p * (k == i ? cos(at[vars[k].description]!) : sin(at[vars[k].description]!)) }
            }
            for i in [0, n / 2, n - 1] {
                #expect(abs(g[i].evaluate(at: at) - exact[i]) <= 1e-12 * abs(exact[i]), "n = \(n), component \(i)")
            }
        }
    }

    /// A long product passes its share of a function factor's adjoint straight to the
    /// function's argument (f' * prefix * suffix). Factors shared with the rest of the
    /// expression (which also get adjoints the usual way), functions of sums, a zero partial
    /// (sign) and powers: every component must agree with the forward rules.
    @Test func longProductsWithSharedAndSingleUseFactors() throws {
        let texts = [
            "sin(x1)*cos(x2)*exp(x3)*tanh(x4 + x5)*sigmoid(x6)*log(x7)",
            "sin(x1)*cos(x2)*exp(x3)*tanh(x4 + x5)*sigmoid(x6)*log(x7) + sin(x1) + tanh(x4 + x5)^2",
            "3*sin(x1)*sign(x2)*x3^2*atan(x4)*sqrt(x5)*erf(x6)*x7",
            "sin(x1)*sin(x2)*sin(x3)*sin(x4)*sin(x5)*cos(x1 + x2)",
        ]
        let vars = (1...7).map { Expr.symbol("x\($0)") }
        let at = Dictionary(uniqueKeysWithValues: (1...7).map { ("x\($0)", 0.3 + 0.17 * Double($0)) })
        for text in texts {
            let f = try Parser().parse(text)
            let g = f.gradient(withRespectTo: vars)
            for (v, component) in zip(vars, g) {
                let forward = try f.derivative(withRespectTo: v).evaluate(at: at)
                #expect(isClose(component.evaluate(at: at), forward, relative: 1e-12, absolute: 1e-12), "d/d\(v) of \(text): \(component)")
            }
        }
    }

    /// The sparse Hessian (each row sweeps only what reaches its columns, with partials kept
    /// across rows) against the second derivatives of the forward rules, on random expressions
    /// and with both orders of the variables.
    @Test func hessianEntriesAgreeWithRepeatedDerivatives() {
        var generator = ExpressionGenerator(seed: 77)
        var compared = 0
        for _ in 0..<150 {
            let f = generator.expression()
            for vars in [[Expr.symbol("x"), .symbol("y")], [.symbol("y"), .symbol("x")]] {
                let entries = f.hessianEntries(withRespectTo: vars)
                var found = Set<[Int]>()
                let point = ["x": 0.7, "y": 1.3]
                for i in vars.indices {
                    let di = f.derivative(withRespectTo: vars[i])
                    for j in i..<vars.count {
                        let exact = evaluate(di.derivative(withRespectTo: vars[j]), point)
                        guard exact.isFinite else { continue }
                        if let entry = entries.first(where: { $0.row == i && $0.column == j }) {
                            found.insert([i, j])
                            let value = evaluate(entry.value, point)
                            #expect(isClose(value, exact, relative: 1e-9, absolute: 1e-9), "H[\(i)][\(j)] of \(f)")
                        } else {
                            #expect(abs(exact) <= 1e-9, "H[\(i)][\(j)] of \(f) is missing")
                        }
                        compared += 1
                    }
                }
                #expect(entries.allSatisfy { $0.row <= $0.column && !$0.value.isZero })
            }
        }
        #expect(compared > 400)
    }

    /// The Hessian of a long product (its prefix and suffix products chain onto held products):
    /// ∂²/∂x_i∂x_j of prod_k sin(x_k) is cos(x_i)*cos(x_j)*prod_{k≠i,j} sin(x_k).
    @Test func hessianOfALongProduct() {
        let n = 24
        let vars = (1...n).map { Expr.symbol("x\($0)") }
        let f = Expr.product(vars.map { Expr.apply(FunctionID.sin, [$0]) })
        let at = Dictionary(uniqueKeysWithValues: vars.enumerated().map { ($1.description, 0.4 + 0.05 * Double($0)) })
        let x = vars.map { at[$0.description]! }
        let entries = f.hessianEntries(withRespectTo: vars)
        #expect(entries.count == n * (n + 1) / 2)
        for e in entries {
            var exact = 1.0
            for k in 0..<n {
                if k == e.row && k == e.column { exact *= -sin(x[k]) }
                else if k == e.row || k == e.column { exact *= cos(x[k]) }
                else { exact *= sin(x[k]) }
            }
            #expect(isClose(e.value.evaluate(at: at), exact, relative: 1e-12, absolute: 0), "H[\(e.row)][\(e.column)]")
        }
    }

    @Test func implicitDerivativeOfTheCircle() throws {
        let relation = try Parser().parse("x^2 + y^2 - 1")
        let d = Expr.implicitDerivative(of: relation, x: .symbol("x"), y: .symbol("y")).simplified()
        #expect(d.description == "-x/y")
    }

    @Test func directionalDerivative() throws {
        let f = try Parser().parse("x^2 + 3*y")
        let d = f.directionalDerivative(withRespectTo: [.symbol("x"), .symbol("y")], along: [.one, .two])
        #expect(d.description == "2*x + 6")
    }
}

/// Expansion multiplies out powers and products of sums exactly, in graded order.
@Suite struct ExpansionTests {
    @Test func powersOfSums() throws {
        #expect(try Parser().parse("(x+y+1)^3").expanded().description
            == "x^3 + 3*x^2*y + 3*x*y^2 + y^3 + 3*x^2 + 6*x*y + 3*y^2 + 3*x + 3*y + 1")
        #expect(try Parser().parse("(x - 2*y)^2").expanded().description == "x^2 - 4*x*y + 4*y^2")
        // Not a polynomial in symbols: the general path.
        #expect(try Parser().parse("(sin(x) + 1)^2").expanded().description == "sin(x)^2 + 2*sin(x) + 1")
    }

    @Test func largePowerHasTheMultinomialCount() throws {
        // (x+y+z+w+1)^20 has C(24, 4) = 10626 monomials; its x-derivative 8855.
        let e = try Parser().parse("(x+y+z+w+1)^20")
        let d = try e.derivative(withRespectTo: .symbol("x")).expanded()
        #expect(d.children.count + 1 == 8855)  // the terms plus the constant term
    }

    @Test func expansionRefusesTooManyTerms() throws {
        #expect(throws: ExpansionError.self) { try Parser().parse("(x+y+z+w+1)^40").expanded(maximumTerms: 1000) }
    }
}
