import Foundation
@testable import Optimize
import SymDiff
import Testing

/// What a minimization reports it found: minima confirmed by the Hessian and by probing, saddles
/// left along negative curvature, unbounded functions recognised as such.
@Suite struct OptimizeOutcomeTests {
    func objective(_ text: String, _ names: [String], hessian: Bool) throws -> Objective {
        try Objective(Parser().parse(text), variables: names.map(Expr.symbol), withHessian: hessian)
    }

    func run(_ text: String, _ names: [String], from start: [Double], method: Minimizer.Method = .newton,
             maximumIterations: Int? = nil) throws -> Minimizer.Result {
        let f = try objective(text, names, hessian: method == .newton)
        return Minimizer(method: method, maximumIterations: maximumIterations).minimize(f, from: start, recordTrace: true)
    }

    @Test func rosenbrockIsUnchangedAndAConfirmedMinimum() throws {
        let newton = try run("100*(y - x^2)^2 + (1 - x)^2", ["x", "y"], from: [-1.2, 1])
        #expect(newton.outcome == .minimum(.positiveDefinite) && newton.converged)
        #expect(newton.iterations == 21 && newton.reason == .gradient)
        #expect(abs(newton.x[0] - 1) < 1e-8 && abs(newton.x[1] - 1) < 1e-8)
        let gd = try run("100*(y - x^2)^2 + (1 - x)^2", ["x", "y"], from: [-1.2, 1], method: .gradientDescent(learningRate: nil))
        #expect(gd.outcome == .minimum(.positiveDefinite), "a finite-difference Hessian when none is compiled")
    }

    @Test(arguments: [Minimizer.Method.newton, .gradientDescent(learningRate: nil)])
    func theCubeHasNoMinimum(method: Minimizer.Method) throws {
        // Newton halves x toward the flat inflection at 0, where the gradient test alone stopped
        // and called 3e-5 a success.
        let result = try run("x^3", ["x"], from: [1], method: method)
        guard case let .unbounded(lowest) = result.outcome else {
            Issue.record("x^3 gave \(result.outcome) at \(result.x)")
            return
        }
        #expect(lowest <= -1e300 && !result.converged)
        #expect(result.outcome.description.hasPrefix("no minimum: f decreases without bound"))
    }

    @Test(arguments: [Minimizer.Method.newton, .gradientDescent(learningRate: nil)])
    func aSaddleIsLeftAlongNegativeCurvature(method: Minimizer.Method) throws {
        // From (0, 1) the gradient never points along x: without negative curvature, Newton
        // slid onto the saddle at the origin and crawled there for 100 iterations.
        let result = try run("x^4 - x^2 + y^2", ["x", "y"], from: [0, 1], method: method)
        #expect(result.outcome == .minimum(.positiveDefinite), "\(result.outcome) at \(result.x)")
        #expect(abs(abs(result.x[0]) - 0.5.squareRoot()) < 1e-6 && abs(result.x[1]) < 1e-6)
        #expect(abs(result.value + 0.25) < 1e-12)
        if method == .newton { #expect(result.iterations < 15) }
    }

    @Test func theMonkeySaddleIsUnbounded() throws {
        let result = try run("x^3 - 3*x*y^2", ["x", "y"], from: [0, 0])
        if case .unbounded = result.outcome {} else { Issue.record("\(result.outcome)") }
    }

    @Test func aFlatMinimumIsAcceptedAsSingular() throws {
        let result = try run("x^4", ["x"], from: [1])
        #expect(result.outcome == .minimum(.singular) && result.converged)
        #expect(abs(result.x[0]) < 0.01)
    }

    @Test func stationaryPointsThatCannotBeLeftAreNamed() throws {
        // No iterations allowed: the examination alone decides.
        let saddle = try run("x^2 - y^2", ["x", "y"], from: [0, 0], maximumIterations: 0)
        #expect(saddle.outcome == .notAMinimum(.indefinite) && !saddle.converged)
        #expect(saddle.outcome.description.contains("saddle"))
        let maximum = try run("-(x^2 + y^2)", ["x", "y"], from: [0, 0], maximumIterations: 0)
        #expect(maximum.outcome == .notAMinimum(.negativeDefinite))
        #expect(maximum.outcome.description.contains("maximum"))
        let bowl = try run("x^2 + y^2", ["x", "y"], from: [0, 0], maximumIterations: 0)
        #expect(bowl.outcome == .minimum(.positiveDefinite))
    }

    @Test func aLineFallingForeverIsUnboundedAtTheIterationLimit() throws {
        let result = try run("-x - y", ["x", "y"], from: [0, 0], method: .gradientDescent(learningRate: nil), maximumIterations: 50)
        #expect(result.reason == .iterations)
        if case .unbounded = result.outcome {} else { Issue.record("\(result.outcome)") }
        // A bounded function still falling at the limit is only out of iterations.
        let slow = try run("exp(-x)", ["x"], from: [0], method: .gradientDescent(learningRate: nil), maximumIterations: 50)
        #expect(slow.outcome == .stopped(.iterations))
    }

    @Test func divergingUpwardIsNotUnbounded() throws {
        let result = try run("x^2 + 10*y^2", ["x", "y"], from: [1, 1], method: .gradientDescent(learningRate: 0.5))
        #expect(result.outcome == .stopped(.notFinite))
    }

    @Test func theEscapeIsATraceRow() throws {
        let result = try run("x^2 - y^2", ["x", "y"], from: [0, 0], maximumIterations: 100)
        // Iteration 1 leaves the saddle by probing along y.
        #expect(result.trace.count >= 2 && result.trace[1].x[1] != 0 && result.trace[1].value < 0)
    }

    @Test func eigenDecompositionOfRandomSymmetricMatrices() {
        var rng = SplitMix64(seed: 8)
        for n in [1, 2, 3, 5, 8] {
            for _ in 0..<20 {
                var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
                for i in 0..<n { for j in i..<n { a[i][j] = Double.random(in: -3...3, using: &rng); a[j][i] = a[i][j] } }
                let eigen = SymmetricEigen(a)!
                #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 }, "ascending")
                for (value, v) in zip(eigen.values, eigen.vectors) {
                    let av = (0..<n).map { i in (0..<n).reduce(0) { $0 + a[i][$1] * v[$1] } }
                    #expect(zip(av, v).allSatisfy { abs($0 - value * $1) < 1e-10 }, "A v = λ v")
                    #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12, "unit length")
                }
                let trace = (0..<n).reduce(0) { $0 + a[$1][$1] }
                #expect(abs(eigen.values.reduce(0, +) - trace) < 1e-10)
            }
        }
    }
}

/// The verdict as the command line prints it, with the exit status of a run that found no minimum.
@Suite struct MinimizeCommandOutcomeTests {
    @Test func theCubeFailsWithAReason() throws {
        let r = try CLITests.symdiff(["minimize", "x^3", "--from", "x=1"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\nresult: no minimum: f decreases without bound"), "\(r.stdout)")
    }

    @Test func theSaddleIsLeftAndTheMinimumConfirmed() throws {
        let r = try CLITests.symdiff(["minimize", "x^4 - x^2 + y^2", "--from", "x=0,y=1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\nf: -0.25\n") && r.stdout.contains("\nresult: a local minimum (the Hessian is positive definite)\n"), "\(r.stdout)")
    }
}
