import Calculus
import Compile
import Expr

/// Newton's method for a root of one equation f(x) = 0, with step halving when |f| does not
/// decrease, stopping when |f| or the step is below tolerance.
public struct RootFinder: Sendable {
    public var maximumIterations = 100
    public var tolerance = 1e-12

    public init() {}

    public struct Result: Sendable {
        public let x: Double
        public let value: Double
        public let iterations: Int
        public let converged: Bool
    }

    public func solve(_ f: Expr, variable: Expr, from start: Double) throws(CompileError) -> Result {
        let program = try CompiledFunction([f, f.derivative(withRespectTo: variable)], variables: [variable])
        var x = start
        var out = program([x])
        for k in 0..<maximumIterations {
            let (fx, dfx) = (out[0], out[1])
            if abs(fx) <= tolerance { return Result(x: x, value: fx, iterations: k, converged: true) }
            guard dfx != 0, dfx.isFinite, fx.isFinite else { return Result(x: x, value: fx, iterations: k, converged: false) }
            var step = fx / dfx
            var next = x - step
            var outNext = program([next])
            var halvings = 0
            while !(abs(outNext[0]) < abs(fx)) && halvings < 50 {
                step /= 2
                next = x - step
                outNext = program([next])
                halvings += 1
            }
            if abs(next - x) <= 1e-15 * (1 + abs(x)) {
                return Result(x: next, value: outNext[0], iterations: k + 1, converged: abs(outNext[0]) <= 1e-8)
            }
            x = next
            out = outNext
        }
        return Result(x: x, value: out[0], iterations: maximumIterations, converged: abs(out[0]) <= tolerance)
    }
}
