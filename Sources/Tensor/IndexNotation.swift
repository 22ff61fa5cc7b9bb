import Expr

/// Index notation for what matrix notation cannot write (arrays of order 3 and more, such as
/// the Hessian with respect to a matrix): `[i, j, k, l] -> X[k, i]*delta(j, l)`, the entry at
/// free indices `i, j, …` with explicit sums over the others. For reading; it does not parse.
enum IndexNotation {
    static func text(of t: Tensor) -> String {
        var namer = IndexNamer()
        let free = t.shape.map { _ in namer.next() }
        return "[" + free.joined(separator: ", ") + "] -> " + entry(t, free, &namer)
    }

    struct IndexNamer {
        private var used = 0
        private static let letters = ["i", "j", "k", "l", "m", "p", "q", "r", "s", "t", "u"]
        mutating func next() -> String {
            defer { used += 1 }
            return used < IndexNamer.letters.count ? IndexNamer.letters[used] : "i\(used)"
        }
    }

    /// The entry of `t` at `indices` (index names), as text.
    static func entry(_ t: Tensor, _ indices: [String], _ namer: inout IndexNamer) -> String {
        let at = indices.isEmpty ? "" : "[" + indices.joined(separator: ", ") + "]"
        switch t.kind {
        case let .variable(name, _): return name + at
        case .identity: return "delta(\(indices[0]), \(indices[1]))"
        case .lowerPacking: return "lowerpacking(\(indices.joined(separator: ", ")))"
        case let .pointwise(template):
            var names: [Expr: Expr] = [:]
            for (k, operand) in t.operands.enumerated() {
                let text = entry(operand, operand.isScalar ? [] : indices, &namer)
                names[Tensor.placeholder(k)] = .symbol(operand.isScalar || operand.kind.rank == 0 ? text : "(" + text + ")")
            }
            return template.replacingLeaves(names).description
        case let .einsum(spec):
            var labelNames: [Int: String] = [:]
            for (axis, l) in spec.output.enumerated() { labelNames[l] = indices[axis] }
            var sums: [(String, Size)] = []
            for (k, labels) in spec.inputs.enumerated() {
                for (axis, l) in labels.enumerated() where labelNames[l] == nil {
                    let name = namer.next()
                    labelNames[l] = name
                    sums.append((name, t.operands[k].shape[axis]))
                }
            }
            var factors: [String] = []
            for (k, labels) in spec.inputs.enumerated() {
                let text = entry(t.operands[k], labels.map { labelNames[$0]! }, &namer)
                factors.append(t.operands[k].kind.rank <= 1 ? text : "(" + text + ")")
            }
            var body = factors.joined(separator: "*")
            for (name, size) in sums.reversed() { body = "sum(\(name), 1, \(size), \(body))" }
            return body
        default:
            if t.order <= 2 { return "(" + t.description + ")" + at }
            // An operation of order 3 or more other than a product: its name over its operands.
            let inner = t.operands.map { operand -> String in
                entry(operand, operand.shape.map { _ in namer.next() }, &namer)
            }
            return TensorRule.of(t).name + "(" + inner.joined(separator: ", ") + ")" + at
        }
    }
}
