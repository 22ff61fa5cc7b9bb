import Foundation
import SymDiff
import Testing

/// `critical`: every stationary point of functions whose points are known in closed form is
/// found once, exact where it is rational, and classified as the second-derivative test says.
@Suite struct CriticalPointsTests {
    static func points(_ text: String, _ names: [String], box: ClosedRange<Double> = -3...3) throws -> [CriticalPoints.Point] {
        let f = try Parser().parse(text)
        return CriticalPoints(function: f, variables: names.map(Expr.symbol), box: Array(repeating: box, count: names.count)).points()
    }

    struct Known: Sendable, CustomStringConvertible {
        let function: String, variables: [String]
        let points: [([Double], CriticalPoints.Kind, Bool)]
        var description: String { function }
    }

    /// Points worked out by hand (the gradient's zeros, the Hessian's signs).
    static let known: [Known] = [
        Known(function: "x^3 - 3*x", variables: ["x"], points: [([-1], .maximum, true), ([1], .minimum, true)]),
        Known(function: "x^4 - 2*x^2", variables: ["x"], points: [([-1], .minimum, true), ([0], .maximum, true), ([1], .minimum, true)]),
        Known(function: "x^3 - 2*x", variables: ["x"], points: [([-(2.0 / 3).squareRoot()], .maximum, true), ([(2.0 / 3).squareRoot()], .minimum, true)]),
        Known(function: "x^3", variables: ["x"], points: [([0], .degenerate, true)]),
        Known(function: "x^2 - y^2", variables: ["x", "y"], points: [([0, 0], .saddle, true)]),
        Known(function: "100*(y - x^2)^2 + (1 - x)^2", variables: ["x", "y"], points: [([1, 1], .minimum, true)]),
        Known(function: "x^3*y - 3*x*y + y^2", variables: ["x", "y"], points: [
            ([-Double(3).squareRoot(), 0], .saddle, false), ([-1, -1], .minimum, true), ([0, 0], .saddle, true), ([1, 1], .minimum, true),
            ([Double(3).squareRoot(), 0], .saddle, false),
        ]),
        Known(function: "sin(x)*cos(y)", variables: ["x", "y"], points: [
            ([-Double.pi / 2, 0], .minimum, false), ([0, -Double.pi / 2], .saddle, false), ([0, Double.pi / 2], .saddle, false),
            ([Double.pi / 2, 0], .maximum, false),
        ]),
        Known(function: "x^2 + y^2 + z^2 - x*y + z", variables: ["x", "y", "z"], points: [([0, 0, -0.5], .minimum, true)]),
    ]

    @Test(arguments: known)
    func findsEveryPointOnce(_ k: Known) throws {
        let found = try Self.points(k.function, k.variables, box: k.function.contains("sin") ? -2...2 : -3...3)
        #expect(found.count == k.points.count, "\(found.map(\.values))")
        for (p, (values, kind, exact)) in zip(found, k.points) {
            #expect(zip(p.values, values).allSatisfy { abs($0 - $1) < 1e-9 }, "\(p.values) vs \(values)")
            #expect(p.kind == kind, "\(p.values): \(p.kind)")
            #expect((p.coordinates != nil) == exact)
        }
    }

    /// An exact point is a zero of the gradient in exact arithmetic.
    @Test func exactPointsAreExactZeros() throws {
        let f = try Parser().parse("x^3*y - 3*x*y + y^2")
        for p in try Self.points("x^3*y - 3*x*y + y^2", ["x", "y"]) {
            guard let c = p.coordinates else { continue }
            for v in ["x", "y"] {
                let g = f.derivative(withRespectTo: .symbol(v)).substituting([.symbol("x"): c[0], .symbol("y"): c[1]])
                #expect(Simplifier().simplify(g).isZero)
            }
        }
    }

    @Test func exactEigenvalues() throws {
        let rosenbrock = try Self.points("100*(y - x^2)^2 + (1 - x)^2", ["x", "y"])
        #expect(rosenbrock.first?.eigenvalues?.map(\.description) == ["501 - sqrt(250601)", "sqrt(250601) + 501"])
        #expect(try Self.points("x^3 - 2*x", ["x"]).first?.coordinates?.first?.description == "-sqrt(6)/3")
    }
}
