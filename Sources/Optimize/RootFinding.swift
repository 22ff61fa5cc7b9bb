import Calculus
import Compile
import Expr

/// Newton's method for a root of one equation f(x) = 0, with step halving when |f| does not
/// decrease, stopping when |f| or the step is below tolerance.
public struct RootFinder: Sendable {
    /// The iteration limit.
    public var maximumIterations = 100
    /// Stop when |f(x)| or the step falls below this.
    public var tolerance = 1e-12

    /// A solver with the default limits.
    public init() {}

    /// Where the iteration ended.
    public struct Result: Sendable {
        /// The last iterate.
        public let x: Double
        /// f at `x`.
        public let value: Double
        /// The iterations taken.
        public let iterations: Int
        /// Whether the tolerance was met within the limit.
        public let converged: Bool
    }

    /// A root of f near `start` by Newton's method on the compiled f and f'.
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
