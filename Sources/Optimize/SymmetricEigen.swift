/// The eigenvalues and eigenvectors of a symmetric matrix, by the cyclic Jacobi method: plane
/// rotations that zero one off-diagonal entry at a time until the matrix is diagonal to rounding
/// (Golub and Van Loan, "Matrix Computations", 4th ed., §8.5). Slower than tridiagonal QR for
/// large matrices, but short, accurate to the last digits for small ones, and what the
/// optimizer needs only at a handful of points: where Cholesky fails and where a run stops.
public struct SymmetricEigen {
    /// Ascending.
    public let values: [Double]
    /// `vectors[i]` is the unit eigenvector of `values[i]`.
    let vectors: [[Double]]

    /// The decomposition of the symmetric `matrix` (only its upper triangle is read); nil when
    /// an entry is not finite.
    public init?(_ matrix: [[Double]]) {
        let n = matrix.count
        guard matrix.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }) else { return nil }
        var a = matrix
        for i in 0..<n { for j in 0..<i { a[i][j] = a[j][i] } }
        // v's columns become the eigenvectors.
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0, scale = 0.0
            for i in 0..<n {
                scale += a[i][i] * a[i][i]
                for j in (i + 1)..<n { off += a[i][j] * a[i][j] }
            }
            if off <= 1e-30 * scale || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    // The rotation that zeroes a[p][q]: t = tan(angle), the smaller root.
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] < a[$1][$1] }
        values = order.map { a[$0][$0] }
        vectors = order.map { column in (0..<n).map { v[$0][column] } }
    }
}
