import Expr

/// Random values for the variables of an expression, from a seed (SplitMix64: the same
/// values on every machine). Entries are uniform in [-1, 1]; a square matrix gets its size
/// added on the diagonal so that it is far from singular, and a symmetric one is symmetric.
public struct TensorRandomValues {
    private var state: UInt64

    /// A generator starting from `seed`: the same seed gives the same values.
    public init(seed: UInt64) { state = seed }

    /// The next value, uniform in [-1, 1).
    public mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = Fingerprint.xor(z, z >> 30) &* 0xBF58_476D_1CE4_E5B9
        z = Fingerprint.xor(z, z >> 27) &* 0x94D0_49BB_1331_11EB
        z = Fingerprint.xor(z, z >> 31)
        return Double(z >> 11) / Double(1 << 53) * 2 - 1
    }

    /// Values for every variable of `roots` with `sizes` for the size names.
    public mutating func values(for roots: [Tensor], sizes: [String: Int]) throws(TensorEvaluationError) -> [String: TensorValue] {
        var out: [String: TensorValue] = [:]
        for v in Tensor.postorder(roots) {
            guard case let .variable(name, symmetric) = v.kind, out[name] == nil else { continue }
            var shape: [Int] = []
            for s in v.shape {
                guard let n = s.value(sizes) else { throw .unknownSize(s.names.first { sizes[$0] == nil } ?? s.description) }
                shape.append(n)
            }
            var value = TensorValue(shape: shape, entries: (0..<shape.reduce(1, *)).map { _ in next() })
            if shape.count == 2 && shape[0] == shape[1] {
                let n = shape[0]
                for i in 0..<n {
                    value.entries[i * n + i] += Double(n)
                    if symmetric { for j in 0..<i { value.entries[j * n + i] = value.entries[i * n + j] } }
                }
            }
            out[name] = value
        }
        return out
    }
}
