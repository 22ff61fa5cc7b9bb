import Testing
import Foundation
import SymDiff
import Tensor

/// The objectives of GradBench's `lse`, `llsq`, `kmeans` and `gmm` evals written in the tensor
/// language: each value against a direct loop implementation of the eval's definition, each
/// gradient against central differences.
@Suite struct TensorGradBenchFormsTests {
    func gradientErrors(_ f: TensorExpression, _ variables: [String], sizes: [String: Int], seed: UInt64) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for v in variables {
            let g = try f.gradient(withRespectTo: v)
            out[v] = try TensorTesting.worstDifferenceError(f.tensor, v, derivative: g.tensor, sizes: [sizes], seed: seed)
        }
        return out
    }

    @Test func logSumExp() throws {
        // With the primitives the eval asks for: a maximum and a sum.
        let f = try TensorTesting.parse("max(x) + log(sum(exp(x - max(x))))", ["x: vector(n)"])
        let x = TensorValue(vector: [1000, 999.5, -3, 1001])
        let m = x.entries.max()!
        let direct = m + log(x.entries.reduce(0) { $0 + exp($1 - m) })
        #expect(abs(try f.evaluate(values: ["x": x]).scalar! - direct) < 1e-9)
        let g = try f.gradient(withRespectTo: "x").evaluate(values: ["x": x])
        let softmax = x.entries.map { exp($0 - direct) }
        #expect(g.relativeDistance(to: TensorValue(vector: softmax)) < 1e-12)
        #expect(try gradientErrors(f, ["x"], sizes: ["n": 5], seed: 1).values.allSatisfy { $0 < 1e-6 })
    }

    @Test func linearLeastSquares() throws {
        // t_i = -1 + 2*(i - 1)/(n - 1), s_i = sign(t_i), y(x) = 1/2 sum_i (s_i - sum_j x_j t_i^(j-1))^2.
        let text = "sum(i, 1, n, (sign(-1 + 2*(i - 1)/(n - 1)) - sum(j, 1, m, x[j]*(-1 + 2*(i - 1)/(n - 1))^(j - 1)))^2)/2"
        let f = try TensorTesting.parse(text, ["x: vector(m)"])
        let n = 7
        let x = [0.3, -1.2, 0.7, 2.0]
        var direct = 0.0
        for i in 0..<n {
            let t = -1 + Double(i) * 2 / Double(n - 1)
            let s: Double = t > 0 ? 1 : t < 0 ? -1 : 0
            var p = 0.0
            for (j, xj) in x.enumerated() { p += xj * pow(t, Double(j)) }
            direct += (s - p) * (s - p) / 2
        }
        #expect(abs(try f.evaluate(values: ["x": TensorValue(vector: x)], sizes: ["n": n]).scalar! - direct) < 1e-12)
        #expect(try gradientErrors(f, ["x"], sizes: ["m": 4, "n": n], seed: 2).values.allSatisfy { $0 < 1e-6 })
    }

    @Test func kMeans() throws {
        let f = try TensorTesting.parse("sum(i, 1, n, min(j, 1, k, sum(c, 1, d, (C[j, c] - P[i, c])^2)))", ["P: matrix(n, d)", "C: matrix(k, d)"])
        var random = TensorRandomValues(seed: 5)
        let values = try random.values(for: [f.tensor], sizes: ["n": 6, "k": 3, "d": 2])
        let p = values["P"]!, c = values["C"]!
        var direct = 0.0
        for i in 0..<6 {
            direct += (0..<3).map { j in (0..<2).reduce(0.0) { $0 + pow(c[j, $1] - p[i, $1], 2) } }.min()!
        }
        #expect(abs(try f.evaluate(values: values).scalar! - direct) < 1e-12)
        #expect(try gradientErrors(f, ["C"], sizes: ["n": 6, "k": 3, "d": 2], seed: 6).values.allSatisfy { $0 < 1e-6 })
        // The Hessian with respect to C (what the eval inverts on its diagonal).
        let g = try f.gradient(withRespectTo: "C")
        let h = try g.derivative(withRespectTo: "C")
        #expect(try TensorTesting.worstDifferenceError(g.tensor, "C", derivative: h.tensor, sizes: [["n": 6, "k": 3, "d": 2]], seed: 7) < 1e-6)
    }

    @Test func gaussianMixture() throws {
        // log p(X | θ, φ) + log p(θ) without the constant terms (the eval's README, with
        // Q_k = diag(exp(q_k)) + lowertri(l_k)).
        let shapes = ["alpha: vector(K)", "mu, q: matrix(K, D)", "l: matrix(K, D*(D - 1)/2)", "x: matrix(N, D)", "gamma, m: scalar"]
        let text = """
            sum(i, 1, N, logsumexp(k, 1, K, alpha[k] + sum(q[k, :]) \
            - norm2((diag(exp(q[k, :])) + lowertri(l[k, :], D))*(x[i, :] - mu[k, :])')^2/2)) \
            - N*logsumexp(alpha) \
            + sum(k, 1, K, -gamma^2/2*(norm2(exp(q[k, :]))^2 + norm2(l[k, :])^2) + m*sum(q[k, :]))
            """
        let f = try TensorTesting.parse(text, shapes)
        let (N, K, D) = (4, 3, 3)
        var random = TensorRandomValues(seed: 9)
        var values = try random.values(for: [f.tensor], sizes: ["N": N, "K": K, "D": D])
        values["gamma"] = TensorValue(scalar: 1.3)
        values["m"] = TensorValue(scalar: 2)
        let (alpha, mu, q, l, x) = (values["alpha"]!, values["mu"]!, values["q"]!, values["l"]!, values["x"]!)
        func lse(_ v: [Double]) -> Double { let m = v.max()!; return m + log(v.reduce(0) { $0 + exp($1 - m) }) }
        var direct = 0.0
        for i in 0..<N {
            var beta: [Double] = []
            for k in 0..<K {
                // Q (x_i - mu_k), Q lower triangular from q_k (diagonal, exponentiated) and l_k.
                var squares = 0.0
                var p = 0
                var lower = Array(repeating: Array(repeating: 0.0, count: D), count: D)
                for col in 0..<D { for row in (col + 1)..<D { lower[row][col] = l[k, p]; p += 1 } }
                for row in 0..<D {
                    var s = exp(q[k, row]) * (x[i, row] - mu[k, row])
                    for col in 0..<row { s += lower[row][col] * (x[i, col] - mu[k, col]) }
                    squares += s * s
                }
                beta.append(alpha[k] + (0..<D).reduce(0) { $0 + q[k, $1] } - squares / 2)
            }
            direct += lse(beta)
        }
        direct -= Double(N) * lse(alpha.entries)
        for k in 0..<K {
            let frobenius = (0..<D).reduce(0) { $0 + exp(2 * q[k, $1]) } + (0..<(D * (D - 1) / 2)).reduce(0) { $0 + l[k, $1] * l[k, $1] }
            direct += -1.3 * 1.3 / 2 * frobenius + 2 * (0..<D).reduce(0) { $0 + q[k, $1] }
        }
        #expect(abs(try f.evaluate(values: values).scalar! - direct) < 1e-9 * max(1, abs(direct)))
        let sizes = ["N": N, "K": K, "D": D]
        for v in ["alpha", "mu", "q", "l"] {
            let g = try f.gradient(withRespectTo: v)
            var check = TensorRandomValues(seed: 10)
            var point = try check.values(for: [f.tensor], sizes: sizes)
            point["gamma"] = TensorValue(scalar: 1.3)
            point["m"] = TensorValue(scalar: 2)
            let result = try TensorDerivativeCheck(f.tensor, withRespectTo: f.variable(v), derivative: g.tensor, values: point, sizes: sizes)
            #expect(result.worstError < 1e-6, "d/d\(v): \(result.worstError)")
        }
    }
}
