import Testing
import SymDiff

/// The compiled program agrees with the reference evaluator; the optimizers reach the known
/// minimum of Rosenbrock's function; Newton finds roots.
@Suite struct CompileAndOptimizeTests {
    @Test func compiledValuesAgreeWithReferenceEvaluation() throws {
        var generator = ExpressionGenerator(seed: 21)
        var rng = SplitMix64(seed: 5)
        var compared = 0
        for _ in 0..<400 {
            let e = generator.expression()
            let vars = e.freeSymbols
            guard let f = try? CompiledFunction([e], variables: vars.map(Expr.symbol)) else { continue }
            for _ in 0..<3 {
                let point = vars.map { _ in Double.random(in: -2...2, using: &rng) }
                let env = Dictionary(uniqueKeysWithValues: zip(vars, point))
                let reference = e.evaluate(at: env), compiled = f(point)[0]
                guard reference.isFinite, abs(reference) < 1e8 else { continue }
                #expect(abs(compiled - reference) <= 1e-9 * max(1, abs(reference)), "\(e) at \(env): \(compiled) vs \(reference)")
                compared += 1
            }
        }
        #expect(compared > 300)
    }

    @Test func batchEvaluationMatchesSinglePoints() throws {
        let e = try Parser().parse("x^2*sin(y) + sigmoid(x - y)")
        let f = try CompiledFunction([e, e.derivative(withRespectTo: .symbol("x"))], variables: [.symbol("x"), .symbol("y")])
        let points: [Double] = [0.1, 0.2, -1, 3, 2.5, -0.5]
        let batch = f.evaluate(points: points)
        for k in 0..<3 {
            #expect(Array(batch[2 * k..<2 * k + 2]) == f([points[2 * k], points[2 * k + 1]]))
        }
    }

    /// Batch evaluation runs a rescheduled, fused program block by block; it must give exactly
    /// the single-point values, for random expressions with their gradients, across block ends.
    @Test func batchEvaluationMatchesSinglePointsOnRandomExpressions() throws {
        var generator = ExpressionGenerator(seed: 77)
        var rng = SplitMix64(seed: 9)
        var compared = 0
        for _ in 0..<150 {
            let e = generator.expression()
            let vars = e.freeSymbols.map(Expr.symbol)
            guard !vars.isEmpty, let f = try? CompiledFunction([e] + e.gradient(withRespectTo: vars), variables: vars) else { continue }
            let count = 300
            let points = (0..<(count * vars.count)).map { _ in Double.random(in: -2...2, using: &rng) }
            let batch = f.evaluate(points: points)
            let m = vars.count + 1
            for k in stride(from: 0, to: count, by: 37) {
                let single = f(Array(points[k * vars.count..<(k + 1) * vars.count]))
                for j in 0..<m {
                    let a = batch[k * m + j], b = single[j]
                    #expect(a == b || (a.isNaN && b.isNaN), "\(e), output \(j), point \(k): \(a) vs \(b)")
                }
                compared += 1
            }
        }
        #expect(compared > 500)
    }

    @Test func numericallyCarefulPrimitives() throws {
        let x = [Expr.symbol("x")]
        #expect(try compile(Parser().parse("sigmoid(x)"), variables: x)([-800]) == 0)
        #expect(try compile(Parser().parse("softplus(x)"), variables: x)([800]) == 800)
        #expect(try compile(Parser().parse("log(1 + x)"), variables: x)([1e-18]) == 1e-18)
        #expect(try compile(Parser().parse("exp(x) - 1"), variables: x)([1e-18]) == 1e-18)
    }

    static let rosenbrock = "100*(y - x^2)^2 + (1 - x)^2"

    @Test func newtonReachesTheRosenbrockMinimum() throws {
        let f = try Parser().parse(Self.rosenbrock)
        let objective = try Objective(f, variables: [.symbol("x"), .symbol("y")], withHessian: true)
        let result = Minimizer(method: .newton).minimize(objective, from: [-1.2, 1])
        #expect(result.iterations < 30)
        #expect(abs(result.x[0] - 1) < 1e-8 && abs(result.x[1] - 1) < 1e-8, "\(result.x)")
    }

    @Test func gradientDescentWithLineSearchReachesSmallGradient() throws {
        let f = try Parser().parse(Self.rosenbrock)
        let objective = try Objective(f, variables: [.symbol("x"), .symbol("y")], withHessian: false)
        let result = Minimizer(method: .gradientDescent(learningRate: nil), gradientTolerance: 1e-4).minimize(objective, from: [-1.2, 1])
        #expect(result.gradientNorm < 1e-4, "\(result.reason) after \(result.iterations)")
        #expect(abs(result.x[0] - 1) < 1e-2)
    }

    @Test func newtonFindsTheCubeRootOfTwo() throws {
        let result = try RootFinder().solve(Parser().parse("x^3 - 2"), variable: .symbol("x"), from: 1)
        #expect(result.converged)
        #expect(abs(result.x - 1.2599210498948732) < 1e-12)
    }
}
