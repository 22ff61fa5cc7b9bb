import Compile
import Expr

/// Gradient descent (fixed step or Armijo backtracking) and damped Newton (`NewtonStep`: Newton's
/// step where the Hessian is positive definite, else a saddle-free step that also follows
/// negative curvature), stopping on the gradient norm, the step size or the iteration limit. A
/// run does not stop at a point the gradient test alone would accept until `StationaryCheck` has
/// found f nowhere lower around it, and its result says what was found (`Outcome`).
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
        /// Why the iteration stopped.
        public let reason: StopReason
        /// What was found there: the verdict to print and to map to an exit status.
        public let outcome: Outcome
        public let trace: [Iterate]
        /// True when a minimum was found (`outcome.foundMinimum`).
        public var converged: Bool { outcome.foundMinimum }
    }

    /// Beyond this many variables the Hessian is not examined where a run stops (its Jacobi
    /// decomposition costs about n³ per sweep).
    public static let maximumExaminedVariables = 300
    /// How often a run may leave a stationary point that is not a minimum and go on.
    static let maximumEscapes = 20

    /// Minimizes `objective` from `start`. With `recordTrace` every iterate is kept.
    ///
    /// Where the gradient (or the step) falls below tolerance, the point is examined before the
    /// run stops: the Hessian's eigenvalues give its curvature, and f is probed along each
    /// eigenvector; when f falls steadily along one, the run goes on from the lowest point
    /// found (an iteration in the trace, its step the distance moved). Where f or the iterates
    /// overflow while f falls, or f falls without bound along the last step at the iteration
    /// limit, the outcome is `.unbounded`.
    public func minimize(_ objective: Objective, from start: [Double], recordTrace: Bool = false) -> Result {
        let check = StationaryCheck(objective: objective, gradientTolerance: gradientTolerance)
        var x = start
        var (f, g) = objective.valueAndGradient(x)
        var trace: [Iterate] = []
        var t = 1.0  // last accepted line-search step, reused as the next first guess
        var k = 0
        var escapes = 0
        var stalled = false
        var lastMove: [Double]?
        var previousValue = f
        func record(_ step: Double) {
            if recordTrace { trace.append(Iterate(k: k, x: x, value: f, gradientNorm: norm(g), step: step)) }
        }
        func finish(_ reason: StopReason, _ outcome: Outcome) -> Result {
            Result(x: x, value: f, gradientNorm: norm(g), iterations: k, reason: reason, outcome: outcome, trace: trace)
        }
        record(0)
        while true {
            let gn = norm(g)
            if !f.isFinite || !gn.isFinite || !x.allSatisfy(\.isFinite) {
                // Overflowing while falling is f running off to -inf, not a domain problem.
                if f == -.infinity { return finish(.notFinite, .unbounded(lowest: f)) }
                if f.isFinite, f < previousValue, x.allSatisfy(\.isFinite), let move = lastMove,
                   let lowest = check.fallsWithoutBound(from: x, value: f, along: move) {
                    return finish(.notFinite, .unbounded(lowest: lowest))
                }
                return finish(.notFinite, .stopped(.notFinite))
            }
            if gn <= gradientTolerance || stalled {
                let reason: StopReason = gn <= gradientTolerance ? .gradient : .step
                let verdict = check.examine(x, value: f)
                guard let lower = verdict.lower else { return finish(reason, .minimum(verdict.curvature)) }
                guard escapes < Self.maximumEscapes, k < maximumIterations else { return finish(reason, .notAMinimum(verdict.curvature)) }
                escapes += 1
                stalled = false
                lastMove = zip(lower.x, x).map { $0 - $1 }
                previousValue = f
                x = lower.x
                (f, g) = objective.valueAndGradient(x)
                k += 1
                record(lower.distance)
                continue
            }
            if k >= maximumIterations {
                if let move = lastMove, f < previousValue, let lowest = check.fallsWithoutBound(from: x, value: f, along: move) {
                    return finish(.iterations, .unbounded(lowest: lowest))
                }
                return finish(.iterations, .stopped(.iterations))
            }
            if let cancellation, k & 63 == 0, cancellation.isCancelled { return finish(.cancelled, .stopped(.cancelled)) }
            // Search direction.
            var direction = g.map { -$0 }
            var newton: NewtonStep?
            if method == .newton, let h = objective.hessian(x) {
                newton = NewtonStep(hessian: h, gradient: g, at: x, curvatureTolerance: check.curvatureTolerance)
                direction = newton?.direction ?? direction
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
                // Backtracking (Armijo): accept when f drops by at least 1e-4 times the decrease
                // the model predicts, step·slope (plus step²/2·curvature along negative curvature).
                let curvature = newton.map { min(0, $0.curvature) } ?? 0
                func sufficient(_ s: Double, _ value: Double) -> Bool { value <= f + 1e-4 * (s * slope + 0.5 * s * s * curvature) }
                step = method == .newton ? 1 : min(1, 2 * t)
                next = zip(x, direction).map { $0 + step * $1 }
                fNext = objective.value(next)
                var tries = 0
                while !sufficient(step, fNext) && tries < 60 {
                    step *= 0.5
                    next = zip(x, direction).map { $0 + step * $1 }
                    fNext = objective.value(next)
                    tries += 1
                }
                // Along negative curvature there is no nearby minimum to overshoot: lengthen the
                // step while f keeps falling, so the run leaves a saddle (or runs off an
                // unbounded function) in a few iterations instead of crawling.
                if newton?.followsNegativeCurvature == true && sufficient(step, fNext) {
                    for _ in 0..<60 {
                        let longer = zip(x, direction).map { $0 + 2 * step * $1 }
                        let fLonger = objective.value(longer)
                        guard fLonger < fNext, sufficient(2 * step, fLonger) else { break }
                        step *= 2
                        next = longer
                        fNext = fLonger
                    }
                }
                t = step
            }
            let move = zip(next, x).map { $0 - $1 }
            let moved = norm(move)
            lastMove = move
            previousValue = f
            x = next
            (f, g) = objective.valueAndGradient(x)
            k += 1
            record(step)
            if f.isFinite && x.allSatisfy(\.isFinite) && moved <= stepTolerance * (1 + norm(x)) { stalled = true }
        }
    }
}
