/// The search direction of damped Newton at one point.
///
/// Where the Hessian H is positive definite it is Newton's step, -H⁻¹g, by Cholesky. Elsewhere H
/// is decomposed as Q Λ Qᵀ and each eigenvalue replaced by its absolute value (floored at a
/// thousandth of the largest), which turns Newton's pull toward a saddle into a push away from it
/// (Dauphin et al., "Identifying and attacking the saddle point problem", 2014). Where an
/// eigenvalue is clearly negative, a move along its eigenvector is added, downhill or, when the
/// gradient has no component along it (sitting exactly on the saddle), in a fixed sign: without
/// it, x^4 - x^2 + y^2 from (0, 1) slides down y onto the saddle at the origin and stays.
struct NewtonStep {
    let direction: [Double]
    /// dᵀHd, the curvature along the direction; negative when it leaves along negative curvature.
    let curvature: Double
    /// True when the step follows negative curvature: the line search may then lengthen it, as f
    /// has no nearby minimum along it to overshoot.
    let followsNegativeCurvature: Bool

    /// The step for Hessian `h` and gradient `g` at `x`; nil when h has non-finite entries.
    init?(hessian h: [[Double]], gradient g: [Double], at x: [Double], curvatureTolerance tau: Double) {
        if let l = Self.cholesky(h) {
            let newton = Self.solve(l, g.map { -$0 })
            if newton.allSatisfy(\.isFinite) {
                direction = newton
                curvature = -zip(newton, g).reduce(0) { $0 + $1.0 * $1.1 }  // pᵀHp = -pᵀg
                followsNegativeCurvature = false
                return
            }
        }
        guard let eigen = SymmetricEigen(h) else { return nil }
        let n = g.count
        let largest = eigen.values.map(abs).max() ?? 0
        let floor = max(1e-3 * largest, 1e-12)
        var d = [Double](repeating: 0, count: n)
        for (value, q) in zip(eigen.values, eigen.vectors) {
            let along = zip(q, g).reduce(0) { $0 + $1.0 * $1.1 } / max(abs(value), floor)
            for i in 0..<n { d[i] -= along * q[i] }
        }
        followsNegativeCurvature = eigen.values[0] < -tau
        if followsNegativeCurvature {
            let q = eigen.vectors[0]
            let slope = zip(q, g).reduce(0) { $0 + $1.0 * $1.1 }
            // Downhill along q; on the saddle itself, toward q's largest component.
            let largestComponent = q.indices.max { abs(q[$0]) < abs(q[$1]) } ?? 0
            let sign = slope != 0 ? (slope > 0 ? -1.0 : 1.0) : (q[largestComponent] >= 0 ? 1.0 : -1.0)
            let length = max(norm(d), tau * max(1, norm(x)))
            for i in 0..<n { d[i] += sign * length * q[i] }
        }
        direction = d
        curvature = (0..<n).reduce(0) { sum, i in sum + d[i] * (0..<n).reduce(0) { $0 + h[i][$1] * d[$1] } }
    }

    /// The lower-triangular L with L Lᵀ = a, or nil when a is not positive definite.
    static func cholesky(_ a: [[Double]]) -> [[Double]]? {
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

    /// x with L Lᵀ x = b: L y = b, then Lᵀ x = y.
    static func solve(_ l: [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            for j in 0..<i { s -= l[i][j] * y[j] }
            y[i] = s / l[i][i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for j in (i + 1)..<n { s -= l[j][i] * x[j] }
            x[i] = s / l[i][i]
        }
        return x
    }
}
