import Glibc

/// LU factorization with partial pivoting of a square matrix (row-major), the one kernel behind
/// `inv`, `det` and `logdet` at evaluation.
struct LUFactorization {
    let n: Int
    /// L (unit lower, below the diagonal) and U (upper) in one array.
    var lu: [Double]
    /// Row i of the factors is row `permutation[i]` of the matrix.
    var permutation: [Int]
    /// +1 or -1: the sign of the permutation.
    var sign: Double
    /// True when a pivot is zero relative to the matrix's size: the matrix is singular (to
    /// working precision) and has no inverse or log-determinant.
    var isSingular: Bool

    init(_ a: [Double], n: Int) {
        self.n = n
        lu = a
        permutation = Array(0..<n)
        sign = 1
        isSingular = false
        let scale = a.reduce(0) { max($0, abs($1)) }
        let tolerance = Double(n) * Double.ulpOfOne * scale
        for k in 0..<n {
            var pivot = k
            for i in (k + 1)..<max(n, k + 1) where abs(lu[i * n + k]) > abs(lu[pivot * n + k]) { pivot = i }
            if pivot != k {
                for j in 0..<n { lu.swapAt(k * n + j, pivot * n + j) }
                permutation.swapAt(k, pivot)
                sign = -sign
            }
            let p = lu[k * n + k]
            if abs(p) <= tolerance || !p.isFinite {
                isSingular = true
                continue
            }
            for i in (k + 1)..<max(n, k + 1) {
                let factor = lu[i * n + k] / p
                lu[i * n + k] = factor
                if factor == 0 { continue }
                for j in (k + 1)..<n { lu[i * n + j] -= factor * lu[k * n + j] }
            }
        }
    }

    var determinant: Double {
        (0..<n).reduce(sign) { $0 * lu[$1 * n + $1] }
    }

    /// log|det|.
    var logAbsDeterminant: Double {
        (0..<n).reduce(0) { $0 + Glibc.log(abs(lu[$1 * n + $1])) }
    }

    /// The inverse (row-major); only for a matrix that is not singular.
    var inverse: [Double] {
        var result = Array(repeating: 0.0, count: n * n)
        var column = Array(repeating: 0.0, count: n)
        for c in 0..<n {
            for i in 0..<n { column[i] = permutation[i] == c ? 1 : 0 }
            // Forward substitution with unit L, then back substitution with U.
            for i in 0..<n {
                var s = column[i]
                for j in 0..<i { s -= lu[i * n + j] * column[j] }
                column[i] = s
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = column[i]
                for j in (i + 1)..<max(n, i + 1) { s -= lu[i * n + j] * column[j] }
                column[i] = s / lu[i * n + i]
            }
            for i in 0..<n { result[i * n + c] = column[i] }
        }
        return result
    }
}
