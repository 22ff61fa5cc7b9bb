import Compile
import Expr

/// Gradient descent (fixed step or Armijo backtracking) and damped Newton (`NewtonStep`: Newton's
/// step where the Hessian is positive definite, else a saddle-free step that also follows
/// negative curvature), stopping on the gradient norm, the step size or the iteration limit. A
/// run does not stop at a point the gradient test alone would accept until `StationaryCheck` has
/// found f nowhere lower around it, and its result says what was found (`Outcome`).
public struct Minimizer: Sendable {
    /// The iteration to run.
    public enum Method: Sendable, Equatable {
        /// `learningRate` nil: backtracking line search (Armijo); else a fixed step.
        case gradientDescent(learningRate: Double?)
        case newton
    }

    /// The iteration to run.
    public var method: Method
    /// The iteration limit.
    public var maximumIterations: Int
    /// Stop when |grad f| falls below this (and the point is checked to be a minimum).
    public var gradientTolerance: Double
    /// Stop when a step is shorter than this.
    public var stepTolerance: Double

    /// A minimizer; the iteration limit defaults to 100 for Newton and 200,000 for gradient descent.
    public init(method: Method, maximumIterations: Int? = nil, gradientTolerance: Double = 1e-8, stepTolerance: Double = 1e-14) {
        self.method = method
        self.maximumIterations = maximumIterations ?? (method == .newton ? 100 : 200_000)
        self.gradientTolerance = gradientTolerance
        self.stepTolerance = stepTolerance
    }

    /// One row of the trace: iteration k, the point, f, |grad f| and the step length taken.
    public struct Iterate: Sendable {
        /// The iteration number.
        public let k: Int
        /// The point.
        public let x: [Double]
        /// f at the point.
        public let value: Double
        /// |grad f| at the point.
        public let gradientNorm: Double
        /// The length of the step taken from the point.
        public let step: Double
    }

    /// Why the iteration stopped; the raw value is what reports print.
    public enum StopReason: String, Sendable {
        case gradient = "gradient norm below tolerance"
        case step = "step below tolerance"
        case iterations = "iteration limit reached"
        case notFinite = "f or its gradient is not finite here"
        case cancelled = "cancelled"
    }

    /// The end of a run: where it stopped, what it found there, and the iterates when recorded.
    public struct Result: Sendable {
        /// The last iterate.
        public let x: [Double]
        /// f at `x`.
        public let value: Double
        /// |grad f| at `x`.
        public let gradientNorm: Double
        /// Iterations taken, escapes from stationary points included.
        public let iterations: Int
        /// Why the iteration stopped.
        public let reason: StopReason
        /// What was found there: the verdict to print and to map to an exit status.
        public let outcome: Outcome
        /// Every iterate, when the run was asked to record them.
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
            if k & 63 == 0, Cancellation.isRequested { return finish(.cancelled, .stopped(.cancelled)) }
            // Search direction.
            var direction = g.map { -$0 }
            var newton: NewtonStep?
            if method == .newton, let h = objective.hessian(x) {
                newton = NewtonStep(hessian: h, gradient: g, at: x, curvatureTolerance: check.curvatureTolerance)
                direction = newton?.direction ?? direction
            }
            let search = LineSearch(objective: objective, x: x, value: f, direction: direction,
                                    slope: zip(g, direction).reduce(0) { $0 + $1.0 * $1.1 },
                                    curvature: newton.map { min(0, $0.curvature) } ?? 0)
            let step: Double, next: [Double]
            if case let .gradientDescent(lr?) = method {
                step = lr
                next = search.along(lr)
            } else {
                (step, next, _) = search.search(from: method == .newton ? 1 : min(1, 2 * t),
                                                lengthening: newton?.followsNegativeCurvature == true)
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
