import Expr

/// A symbolic derivative against central finite differences at one point.
public struct TensorDerivativeCheck: Sendable {
    /// The largest difference relative to the larger magnitude (at least 1) over the entries.
    public let worstError: Double
    /// The symbolic derivative's entries and the finite differences, one per (entry of the
    /// function, entry of the variable), the variable's entries varying fastest.
    public let symbolic: [Double]
    /// The central differences, entry by entry.
    public let numeric: [Double]

    /// Checks `derivative` (of `f` with respect to the variable `v`, of shape `f.shape +
    /// v.shape`) at `values` by central differences, one entry of `v` at a time. A symmetric
    /// matrix moves `S[i, j]` and `S[j, i]` together and is compared with `D[i, j] + D[j, i]`.
    public init(_ f: Tensor, withRespectTo v: Tensor, derivative: Tensor, values: [String: TensorValue], sizes: [String: Int] = [:]) throws(TensorEvaluationError) {
        guard case let .variable(name, symmetric) = v.kind, let point = values[name] else { throw .missingValue(v.description) }
        let d = try derivative.evaluate(values: values, sizes: sizes)
        let width = point.entries.count
        let outputs = width == 0 ? 0 : d.entries.count / width
        var symbolic: [Double] = [], numeric: [Double] = []
        let n = point.shape.count == 2 ? point.shape[1] : 1
        for e in point.entries.indices {
            let (i, j) = (e / n, e % n)
            if symmetric && j < i { continue }
            let partner = symmetric && point.shape.count == 2 ? j * n + i : e
            let h = 1e-5 * max(1, abs(point.entries[e]))
            var plus = values, minus = values
            plus[name]!.entries[e] += h
            minus[name]!.entries[e] -= h
            if partner != e {
                plus[name]!.entries[partner] += h
                minus[name]!.entries[partner] -= h
            }
            let fp = try f.evaluate(values: plus, sizes: sizes).entries
            let fm = try f.evaluate(values: minus, sizes: sizes).entries
            for o in 0..<outputs {
                numeric.append((fp[o] - fm[o]) / (2 * h))
                let own = d.entries[o * width + e]
                symbolic.append(partner == e ? own : own + d.entries[o * width + partner])
            }
        }
        var worst = 0.0
        for (a, b) in zip(symbolic, numeric) {
            if a.isNaN || b.isNaN { worst = .infinity; continue }
            worst = max(worst, abs(a - b) / max(1, abs(a), abs(b)))
        }
        self.worstError = worst
        self.symbolic = symbolic
        self.numeric = numeric
    }
}
