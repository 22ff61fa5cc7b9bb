import Compile
import Expr

/// Gradient descent (fixed step or Armijo backtracking) and Newton's method (Cholesky solve,
/// damped toward gradient descent when the Hessian is not positive definite, with a backtracking
/// line search), stopping on the gradient norm, the step size or the iteration limit.
public struct Minimizer: Sendable {
    public enum Method: Sendable, Equatable {
        /// `learningRate` nil: backtracking line search (Armijo); else a fixed step.
        case gradientDescent(learningRate: Double?)
        case newton
    }

    public var method: Method
    public var maximumIterations: Int
    public var gradientTolerance: Double
    public var stepTolerance: Double
    /// Checked every 64 iterations: a cancelled run stops with `.cancelled`.
    public var cancellation: Cancellation? = nil

    public init(method: Method, maximumIterations: Int? = nil, gradientTolerance: Double = 1e-8, stepTolerance: Double = 1e-14) {
        self.method = method
        self.maximumIterations = maximumIterations ?? (method == .newton ? 100 : 200_000)
        self.gradientTolerance = gradientTolerance
        self.stepTolerance = stepTolerance
    }

    /// One row of the trace: iteration k, the point, f, |grad f| and the step length taken.
    public struct Iterate: Sendable {
        public let k: Int
        public let x: [Double]
        public let value: Double
        public let gradientNorm: Double
        public let step: Double
    }

    public enum StopReason: String, Sendable {
        case gradient = "gradient norm below tolerance"
        case step = "step below tolerance"
        case iterations = "iteration limit reached"
        case notFinite = "the function is not finite here"
        case cancelled = "cancelled"
    }

    public struct Result: Sendable {
        public let x: [Double]
        public let value: Double
        public let gradientNorm: Double
        public let iterations: Int
        public let reason: StopReason
        public let trace: [Iterate]
        public var converged: Bool { reason == .gradient || reason == .step }
    }

    /// Minimizes `objective` from `start`. With `recordTrace` every iterate is kept.
    public func minimize(_ objective: Objective, from start: [Double], recordTrace: Bool = false) -> Result {
        var x = start
        var (f, g) = objective.valueAndGradient(x)
        var trace: [Iterate] = []
        var t = 1.0  // last accepted line-search step, reused as the next first guess
        var k = 0
        func record(_ step: Double) {
            if recordTrace { trace.append(Iterate(k: k, x: x, value: f, gradientNorm: norm(g), step: step)) }
        }
        record(0)
        while true {
            let gn = norm(g)
            if !f.isFinite || !gn.isFinite { return finish(x, f, g, k, .notFinite, trace) }
            if gn <= gradientTolerance { return finish(x, f, g, k, .gradient, trace) }
            if k >= maximumIterations { return finish(x, f, g, k, .iterations, trace) }
            if let cancellation, k & 63 == 0, cancellation.isCancelled { return finish(x, f, g, k, .cancelled, trace) }
            // Search direction.
            var direction = g.map { -$0 }
            if method == .newton, let h = objective.hessian(x) {
                direction = newtonDirection(h, g) ?? direction
            }
            let slope = zip(g, direction).reduce(0) { $0 + $1.0 * $1.1 }
            var step: Double
            var next: [Double]
            var fNext: Double
            if case let .gradientDescent(lr?) = method {
                step = lr
                next = zip(x, direction).map { $0 + step * $1 }
                fNext = objective.value(next)
            } else {
                // Backtracking (Armijo): accept when f drops by at least 1e-4 * step * slope.
                step = method == .newton ? 1 : min(1, 2 * t)
                next = zip(x, direction).map { $0 + step * $1 }
                fNext = objective.value(next)
                var tries = 0
                while !(fNext <= f + 1e-4 * step * slope) && tries < 60 {
                    step *= 0.5
                    next = zip(x, direction).map { $0 + step * $1 }
                    fNext = objective.value(next)
                    tries += 1
                }
                t = step
            }
            let moved = norm(zip(next, x).map { $0 - $1 })
            x = next
            (f, g) = objective.valueAndGradient(x)
            k += 1
            record(step)
            if !f.isFinite || !x.allSatisfy(\.isFinite) { return finish(x, f, g, k, .notFinite, trace) }
            if moved <= stepTolerance * (1 + norm(x)) { return finish(x, f, g, k, .step, trace) }
        }
    }

    private func finish(_ x: [Double], _ f: Double, _ g: [Double], _ k: Int, _ reason: StopReason, _ trace: [Iterate]) -> Result {
        Result(x: x, value: f, gradientNorm: norm(g), iterations: k, reason: reason, trace: trace)
    }

    /// Solves (H + λI) p = -g by Cholesky, raising λ until H + λI is positive definite.
    func newtonDirection(_ h: [[Double]], _ g: [Double]) -> [Double]? {
        let n = g.count
        var lambda = 0.0
        let scale = max(1e-12, h.enumerated().map { abs($1[$0]) }.max() ?? 1)
        for _ in 0..<60 {
            var a = h
            for i in 0..<n { a[i][i] += lambda }
            if let l = cholesky(a) {
                // L y = -g, then L^T p = y.
                var y = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var s = -g[i]
                    for j in 0..<i { s -= l[i][j] * y[j] }
                    y[i] = s / l[i][i]
                }
                var p = [Double](repeating: 0, count: n)
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = y[i]
                    for j in (i + 1)..<n { s -= l[j][i] * p[j] }
                    p[i] = s / l[i][i]
                }
                if p.allSatisfy(\.isFinite) { return p }
            }
            lambda = lambda == 0 ? 1e-3 * scale : lambda * 10
        }
        return nil
    }

    /// The lower-triangular L with L L^T = a, or nil when a is not positive definite.
    func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        return l
    }
}
