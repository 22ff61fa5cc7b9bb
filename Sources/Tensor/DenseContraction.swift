import Expr
/// The generalized product over numeric arrays: pairs of operands are contracted, the pair
/// whose loops are cheapest first (so `X'*diag(v)*X` costs n*d + n*d^2, not n*d^2*n), and the
/// last one is summed and arranged into the output's axes.
enum DenseContraction {
    struct Operand {
        var value: TensorValue
        var labels: [Int]
    }

    /// The product of `operands` into `output` labels; `sizes` gives every label's length.
    /// `identities` are pairs of output labels tied by an identity (a diagonal embedding):
    /// the result is zero off their diagonal.
    static func contract(_ operands: [Operand], output: [Int], sizes: [Int: Int], identities: [(Int, Int)]) -> TensorValue {
        // An identity between two output labels: compute with one label, spread on the diagonal.
        var alias: [Int: Int] = [:]
        for (a, b) in identities { alias[b] = alias[a] ?? a }
        let reducedOutput = output.filter { alias[$0] == nil }
        var work = operands.map { op in Operand(value: op.value, labels: op.labels.map { alias[$0] ?? $0 }) }
        while work.count > 1 {
            var best: (Int, Int, Int)?
            for i in work.indices {
                for j in work.indices where j > i {
                    let cost = Set(work[i].labels + work[j].labels).reduce(1) { $0 * sizes[$1]! }
                    if best == nil || cost < best!.2 { best = (i, j, cost) }
                }
            }
            let (i, j, _) = best!
            let b = work.remove(at: j), a = work.remove(at: i)
            let stillNeeded = Set(reducedOutput + work.flatMap(\.labels))
            var labels: [Int] = []
            for l in a.labels + b.labels where stillNeeded.contains(l) && !labels.contains(l) { labels.append(l) }
            work.append(Operand(value: product(a, b, into: labels, sizes: sizes), labels: labels))
        }
        let single = work.first ?? Operand(value: TensorValue(scalar: 1), labels: [])
        let reduced = arrange(single, into: reducedOutput, sizes: sizes)
        if alias.isEmpty { return reduced }
        // Spread onto the diagonals of the identities.
        let shape = output.map { sizes[$0]! }
        var result = TensorValue.zeros(shape)
        let resultStrides = result.strides
        var strides = Array(repeating: 0, count: reducedOutput.count)
        for (axis, l) in output.enumerated() {
            let target = alias[l] ?? l
            strides[reducedOutput.firstIndex(of: target)!] += resultStrides[axis]
        }
        forEachIndex(reducedOutput.map { sizes[$0]! }, [strides, reduced.strides]) { offsets in
            result.entries[offsets[0]] = reduced.entries[offsets[1]]
        }
        return result
    }

    /// `a*b` summed over the labels not in `labels`.
    private static func product(_ a: Operand, _ b: Operand, into labels: [Int], sizes: [Int: Int]) -> TensorValue {
        var loop: [Int] = []
        for l in labels + a.labels + b.labels where !loop.contains(l) { loop.append(l) }
        var result = TensorValue.zeros(labels.map { sizes[$0]! })
        let strides = [stridesAlong(loop, result.strides, labels), stridesAlong(loop, a.value.strides, a.labels),
                       stridesAlong(loop, b.value.strides, b.labels)]
        a.value.entries.withUnsafeBufferPointer { x in
            b.value.entries.withUnsafeBufferPointer { y in
                result.entries.withUnsafeMutableBufferPointer { r in
                    forEachIndex(loop.map { sizes[$0]! }, strides) { o in r[o[0]] += x[o[1]] * y[o[2]] }
                }
            }
        }
        return result
    }

    /// `a` summed over labels not in `labels`, its axes in the order of `labels`, repeated
    /// along labels it does not have.
    private static func arrange(_ a: Operand, into labels: [Int], sizes: [Int: Int]) -> TensorValue {
        if a.labels == labels { return a.value }
        var loop: [Int] = []
        for l in labels + a.labels where !loop.contains(l) { loop.append(l) }
        var result = TensorValue.zeros(labels.map { sizes[$0]! })
        let strides = [stridesAlong(loop, result.strides, labels), stridesAlong(loop, a.value.strides, a.labels)]
        a.value.entries.withUnsafeBufferPointer { x in
            result.entries.withUnsafeMutableBufferPointer { r in
                forEachIndex(loop.map { sizes[$0]! }, strides) { o in r[o[0]] += x[o[1]] }
            }
        }
        return result
    }

    /// The step in an array's entries for each loop label (a label repeated in the array's
    /// axes, a diagonal, adds its strides; a label it lacks steps 0).
    private static func stridesAlong(_ loop: [Int], _ strides: [Int], _ labels: [Int]) -> [Int] {
        loop.map { l in labels.indices.filter { labels[$0] == l }.reduce(0) { $0 + strides[$1] } }
    }

    /// Calls `body` with the offsets into each array for every index of a loop nest over
    /// `extents` (row-major, last fastest); `strides[k][axis]` steps array k. Stopped through the
    /// thread's `Cancellation`, it returns after the row it is in (the caller checks the token).
    static func forEachIndex(_ extents: [Int], _ strides: [[Int]], _ body: ([Int]) -> Void) {
        if extents.contains(0) { return }
        let arrays = strides.count
        var offsets = Array(repeating: 0, count: arrays)
        if extents.isEmpty { body(offsets); return }
        var index = Array(repeating: 0, count: extents.count)
        let last = extents.count - 1
        while !Cancellation.isRequested {
            for _ in 0..<extents[last] {
                body(offsets)
                for k in 0..<arrays { offsets[k] += strides[k][last] }
            }
            for k in 0..<arrays { offsets[k] -= strides[k][last] * extents[last] }
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                for k in 0..<arrays { offsets[k] += strides[k][axis] }
                if index[axis] < extents[axis] { break }
                for k in 0..<arrays { offsets[k] -= strides[k][axis] * extents[axis] }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
