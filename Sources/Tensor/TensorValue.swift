/// A numeric array: its shape and its entries in row-major order (the last axis varies fastest).
public struct TensorValue: Equatable, Sendable, CustomStringConvertible {
    /// The sizes of the axes; empty for a scalar.
    public var shape: [Int]
    /// The entries, row-major.
    public var entries: [Double]

    /// A value of the given shape; `entries` row-major.
    public init(shape: [Int], entries: [Double]) {
        precondition(entries.count == shape.reduce(1, *), "\(entries.count) entries for shape \(shape)")
        self.shape = shape
        self.entries = entries
    }

    /// A scalar.
    public init(scalar: Double) { self.init(shape: [], entries: [scalar]) }

    /// A vector.
    public init(vector: [Double]) { self.init(shape: [vector.count], entries: vector) }

    /// A matrix from its rows (all of one length).
    public init(rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "rows of different lengths")
        self.init(shape: [rows.count, columns], entries: rows.flatMap { $0 })
    }

    /// An array of zeros.
    public static func zeros(_ shape: [Int]) -> TensorValue {
        TensorValue(shape: shape, entries: Array(repeating: 0, count: shape.reduce(1, *)))
    }

    /// The value of a scalar.
    public var scalar: Double? { shape.isEmpty ? entries[0] : nil }

    /// The strides of each axis in `entries`.
    public var strides: [Int] { TensorValue.strides(of: shape) }

    static func strides(of shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var s = 1
        for axis in shape.indices.reversed() {
            strides[axis] = s
            s *= shape[axis]
        }
        return strides
    }

    /// The entry at zero-based `indices`.
    public subscript(_ indices: Int...) -> Double {
        var offset = 0
        for (axis, i) in indices.enumerated() { offset += i * strides[axis] }
        return entries[offset]
    }

    /// The largest absolute difference from `other` relative to the larger magnitude (at least 1).
    public func relativeDistance(to other: TensorValue) -> Double {
        guard shape == other.shape else { return .infinity }
        var worst = 0.0
        for (a, b) in zip(entries, other.entries) {
            if a.isNaN != b.isNaN { return .infinity }
            if a == b { continue }
            worst = max(worst, abs(a - b) / max(1, abs(a), abs(b)))
        }
        return worst
    }

    /// The value as printed (rows of a matrix on lines).
    public var description: String {
        switch shape.count {
        case 0: return "\(entries[0])"
        case 1: return "[" + entries.map { "\($0)" }.joined(separator: ", ") + "]"
        case 2:
            let columns = shape[1]
            let rows = (0..<shape[0]).map { r in entries[r * columns..<(r + 1) * columns].map { "\($0)" }.joined(separator: ", ") }
            return "[" + rows.joined(separator: "; ") + "]"
        default:
            return "array of shape \(shape.map(String.init).joined(separator: "×")): \(entries)"
        }
    }
}
