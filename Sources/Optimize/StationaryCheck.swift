/// The second look at a point where a run would stop: what the Hessian says there, and whether
/// f still falls from it. The gradient test alone calls x = 3e-5 a minimum of x^3 (the gradient
/// 3x^2 is below 1e-8 there) and the saddle of x^4 - x^2 + y^2 at the origin a minimum too.
struct StationaryCheck {
    let objective: Objective
    /// τ: eigenvalues within it of 0 count as 0.
    let curvatureTolerance: Double

    init(objective: Objective, gradientTolerance: Double) {
        self.objective = objective
        curvatureTolerance = gradientTolerance.squareRoot()
    }

    /// What was found at `x`: the Hessian's verdict and, when f falls steadily from x along some
    /// direction, the lowest point seen there (where the run goes on from).
    struct Verdict {
        let curvature: Minimizer.Curvature?
        let lower: (x: [Double], value: Double, distance: Double)?
    }

    func examine(_ x: [Double], value f: Double) -> Verdict {
        guard x.count <= Minimizer.maximumExaminedVariables, let eigen = SymmetricEigen(hessian(at: x)) else {
            return Verdict(curvature: nil, lower: nil)
        }
        // Most negative curvature first: when several directions descend, the first found wins
        // a tie on value.
        let directions = eigen.vectors.flatMap { [$0, $0.map { -$0 }] }
        return Verdict(curvature: curvature(eigen.values), lower: descent(from: x, value: f, along: directions))
    }

    func curvature(_ values: [Double]) -> Minimizer.Curvature {
        let lowest = values.first ?? 0, highest = values.last ?? 0
        if lowest > curvatureTolerance { return .positiveDefinite }
        if highest < -curvatureTolerance { return .negativeDefinite }
        if lowest < -curvatureTolerance { return highest > curvatureTolerance ? .indefinite : .singular }
        return .singular
    }

    /// The Hessian at `x`: compiled when the objective has it, else central differences of the
    /// gradient (steps of cbrt(eps)·max(1, |x_j|)), symmetrized.
    func hessian(at x: [Double]) -> [[Double]] {
        if let exact = objective.hessian(x) { return exact }
        let n = x.count
        var columns: [[Double]] = []
        for j in 0..<n {
            let h = 6.055454452393343e-06 * max(1, abs(x[j]))
            var up = x, down = x
            up[j] += h
            down[j] -= h
            let gu = objective.valueAndGradient(up).gradient, gd = objective.valueAndGradient(down).gradient
            columns.append((0..<n).map { (gu[$0] - gd[$0]) / (up[j] - down[j]) })
        }
        return (0..<n).map { i in (0..<n).map { j in (columns[j][i] + columns[i][j]) / 2 } }
    }

    /// Distances from x at which f is probed, as fractions of max(1, |x|).
    static let rungs: [Double] = [1e-4, 1e-3, 1e-2, 1e-1, 1]

    /// The lowest point along the first direction in which f falls steadily from `x`: below
    /// f(x) by more than rounding, and lower at each of at least two consecutive probe distances
    /// beginning at one of the two shortest. A point within tolerance of a true minimum fails
    /// this (f can fall only over the small distance to the minimum, then rises); a saddle, a
    /// flat inflection or a slope that the gradient test mistook for flat passes it.
    func descent(from x: [Double], value f: Double, along directions: [[Double]]) -> (x: [Double], value: Double, distance: Double)? {
        let scale = max(1, norm(x))
        let noise = 1e-12 * max(1, abs(f))
        var best: (x: [Double], value: Double, distance: Double)?
        for d in directions {
            var run: [(x: [Double], value: Double, distance: Double)] = []
            for (k, rung) in Self.rungs.enumerated() {
                let r = rung * scale
                let p = zip(x, d).map { $0 + r * $1 }
                let v = objective.value(p)
                let falling = v < f - noise && v < (run.last?.value ?? .infinity)
                if falling { run.append((p, v, r)) } else if !run.isEmpty || k >= 1 { break }
            }
            if run.count >= 2, let lowest = run.last, lowest.value < (best?.value ?? .infinity) { best = lowest }
        }
        return best
    }

    /// The value f reaches along the ray x + t·d, t = 1, 2, 4, …, when it falls at every
    /// doubling down to -inf or below -1e300 while x stays finite; nil when it stops falling.
    /// Evidence that f is unbounded below, not proof: -log(x) falls too slowly to be caught.
    func fallsWithoutBound(from x: [Double], value f: Double, along d: [Double]) -> Double? {
        var previous = f
        var t = 1.0
        for _ in 0..<1100 {
            let p = zip(x, d).map { $0 + t * $1 }
            guard p.allSatisfy(\.isFinite) else { return nil }
            let v = objective.value(p)
            guard v < previous else { return nil }
            if v <= -1e300 { return v }
            previous = v
            t *= 2
        }
        return nil
    }
}
