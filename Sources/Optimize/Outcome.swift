import Expr

extension Minimizer {
    /// What the Hessian says at a point, from its eigenvalues: one within τ = √(gradient
    /// tolerance) of 0 counts as 0. That is the scale of Nesterov and Polyak's second-order
    /// stationarity (|∇f| ≤ ε, λ_min ≥ -√ε), so the test is as strict as the gradient test.
    public enum Curvature: String, Sendable {
        /// Every eigenvalue above τ: a strict local minimum if the gradient is 0.
        case positiveDefinite = "positive definite"
        /// No eigenvalue below -τ, one within τ of 0: the second-order test cannot decide.
        case singular
        /// Eigenvalues above τ and below -τ: a saddle.
        case indefinite
        /// Every eigenvalue below -τ: a local maximum.
        case negativeDefinite = "negative definite"
    }

    /// What a run found, for the report and the exit status: only `.minimum` is success.
    public enum Outcome: Sendable, Equatable {
        /// A stationary point (the gradient, or the step, below tolerance) around which f was
        /// found nowhere lower. The curvature is positive definite (a strict local minimum) or
        /// singular (as x^4 at 0), or nil when the Hessian was not examined (too many variables).
        case minimum(Curvature?)
        /// A stationary point from which f still decreases (a saddle, a maximum, the flat point
        /// of x^3), which the run could not leave.
        case notAMinimum(Curvature?)
        /// f decreases without bound: it reached `lowest` (-inf, or below -1e300) along the
        /// iterates or along the ray the last step was on.
        case unbounded(lowest: Double)
        /// The run ended before reaching a stationary point.
        case stopped(StopReason)

        /// True only for `.minimum`: what the front ends report as success.
        public var foundMinimum: Bool {
            if case .minimum = self { return true }
            return false
        }

        /// One sentence for the report, e.g. `a local minimum (the Hessian is positive definite)`.
        public var description: String {
            switch self {
            case .minimum(.positiveDefinite?):
                return "a local minimum (the Hessian is positive definite)"
            case .minimum(.some):
                return "a minimum, most likely: the Hessian is singular, so the second-order test cannot decide, but f is nowhere lower nearby"
            case .minimum(nil):
                return "a stationary point where f is nowhere lower nearby (the Hessian was not examined: more than \(Minimizer.maximumExaminedVariables) variables)"
            case .notAMinimum(.indefinite?):
                return "no minimum: a saddle point (the Hessian is indefinite); f decreases from it"
            case .notAMinimum(.negativeDefinite?):
                return "no minimum: a local maximum (the Hessian is negative definite)"
            case let .notAMinimum(curvature):
                let hessian = curvature.map { "the Hessian is \($0.rawValue)" } ?? "the Hessian was not examined"
                return "no minimum: a stationary point from which f decreases (\(hessian))"
            case let .unbounded(lowest):
                return "no minimum: f decreases without bound (it reached \(NumberText.decimal(lowest, significantDigits: 3)))"
            case .stopped(.iterations):
                return "no minimum found: the iteration limit was reached before the gradient fell below tolerance"
            case .stopped(.notFinite):
                return "no minimum found: f or its gradient is not finite at the last point (outside the domain, or the iterates diverged)"
            case .stopped(.cancelled):
                return "no minimum found: cancelled"
            case let .stopped(reason):
                return "no minimum found: \(reason.rawValue)"
            }
        }
    }
}
