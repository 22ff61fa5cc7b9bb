import Expr

/// Simplification beyond the canonical constructors: common factors of products
/// (`A*x + A'*x` is `(A + A')*x`, `X'*u - X'*v` is `X'*(u - v)`), and, when the caller gives
/// one, a scalar simplifier applied to every elementwise template (the scalar engine's rule
/// sets: `exp(u)/(1 + exp(u))` and the like). Transposes, symmetric matrices, identities and
/// `diag(u)*v` are already simplified by construction.
public struct TensorSimplifier {
    /// Simplifies one elementwise template (a scalar expression over `#0`, `#1`, …), or nil.
    public var scalar: ((Expr) -> Expr)?

    public init(scalar: ((Expr) -> Expr)? = nil) {
        self.scalar = scalar
    }

    /// `t` simplified, node by node from the leaves.
    public func simplify(_ t: Tensor) -> Tensor {
        Tensor.rewrittenBottomUp([t]) { node in
            guard case var .pointwise(template) = node.kind, !node.operands.isEmpty else { return node }
            if let scalar {
                let simpler = scalar(template)
                if simpler != template { template = simpler }
            }
            return CommonFactors.factor(template, node.operands, shape: node.shape)
        }[0]
    }
}

extension Tensor {
    /// `self` simplified by a `TensorSimplifier` without a scalar simplifier.
    public var simplified: Tensor { TensorSimplifier().simplify(self) }

    /// Products multiplied out over sums of arrays: `X*(b*c' + c*b')` is `X*b*c' + X*c*b'`.
    /// A normal form for comparing expressions of matrix algebra (two forms of one polynomial
    /// in the matrices expand to one node), and the opposite of the common factors of `simplified`.
    public var expandedProducts: Tensor {
        Tensor.rewrittenBottomUp([self]) { node in Expansion.expand(node) }[0]
    }
}

enum Expansion {
    /// The terms `c*#k` of a template that is a sum of multiples of its arguments, or nil.
    static func linearTerms(_ t: Tensor) -> [(Rational, Tensor)]? {
        guard case let .pointwise(template) = t.kind, case let .add(constant) = template.head, constant.isZero else { return nil }
        var terms: [(Rational, Tensor)] = []
        for term in template.children {
            let (c, rest) = term.splitCoefficient()
            guard let k = Tensor.placeholderIndex(rest), t.operands[k].shape.count == t.shape.count else { return nil }
            terms.append((c, t.operands[k]))
        }
        return terms
    }

    static func expand(_ node: Tensor) -> Tensor {
        guard case let .einsum(spec) = node.kind,
              let k = node.operands.firstIndex(where: { linearTerms($0) != nil }) else { return node }
        var sizes: [Int: Size] = [:]
        for (axis, l) in spec.output.enumerated() { sizes[l] = node.shape[axis] }
        var parts: [Tensor] = []
        for (c, operand) in linearTerms(node.operands[k])! {
            var operands = node.operands
            operands[k] = operand
            parts.append(expandScaled(Tensor.einsum(operands, spec.inputs, output: spec.output, sizes: sizes)).scaled(by: .number(c)))
        }
        return ReverseSweep.total(parts)
    }

    /// `expand` through a numeric or scalar factor that the product constructor put in front.
    private static func expandScaled(_ t: Tensor) -> Tensor {
        if case let .pointwise(template) = t.kind, let k = t.operands.firstIndex(where: { if case .einsum = $0.kind { return true } else { return false } }) {
            var operands = t.operands
            operands[k] = expand(operands[k])
            return Tensor.pointwise(template, operands, shape: t.shape)
        }
        return expand(t)
    }
}

/// Sums of products that share all operands but one become one product over the sum of the
/// differing operands.
enum CommonFactors {
    /// A product with one operand taken out: the others with labels renumbered from the
    /// output, and the taken operand's labels in that numbering.
    struct Signature: Equatable {
        let others: [Tensor]
        let otherLabels: [[Int]]
        let outputCount: Int
        let takenLabels: [Int]
    }

    static func signature(_ spec: Einsum, _ operands: [Tensor], without j: Int) -> Signature {
        var numbers: [Int: Int] = [:]
        for (i, l) in spec.output.enumerated() { numbers[l] = i }
        var next = spec.output.count
        func number(_ l: Int) -> Int {
            if let n = numbers[l] { return n }
            numbers[l] = next
            next += 1
            return next - 1
        }
        var others: [Tensor] = [], labels: [[Int]] = []
        for (k, operand) in operands.enumerated() where k != j {
            others.append(operand)
            labels.append(spec.inputs[k].map(number))
        }
        return Signature(others: others, otherLabels: labels, outputCount: spec.output.count,
                         takenLabels: spec.inputs[j].map(number))
    }

    static func factor(_ template: Expr, _ operands: [Tensor], shape: [Size]) -> Tensor {
        guard case .add = template.head else { return .pointwise(template, operands, shape: shape) }
        // Terms c*#k whose operand is a product.
        var linear: [(coefficient: Rational, operand: Int, term: Expr)] = []
        for term in template.children {
            let (c, rest) = term.splitCoefficient()
            guard let k = Tensor.placeholderIndex(rest), case .einsum = operands[k].kind else { continue }
            linear.append((c, k, term))
        }
        guard linear.count > 1 else { return .pointwise(template, operands, shape: shape) }
        for a in linear.indices {
            for b in linear.indices where b > a {
                guard let merged = merge(operands[linear[a].operand], linear[a].coefficient,
                                         operands[linear[b].operand], linear[b].coefficient) else { continue }
                // Replace the two terms by the merged product and look again.
                var args = operands
                args.append(merged)
                let others = template.children.filter { $0 != linear[a].term && $0 != linear[b].term }
                var c = Rational.zero
                if case let .add(constant) = template.head { c = constant }
                let rest = Expr.sum(others + [.number(c), Tensor.placeholder(args.count - 1)])
                let rebuilt = Tensor.pointwise(rest, args, shape: shape)
                guard case let .pointwise(t) = rebuilt.kind else { return rebuilt }
                return factor(t, rebuilt.operands, shape: rebuilt.shape)
            }
        }
        return .pointwise(template, operands, shape: shape)
    }

    /// `c1*E1 + c2*E2` as one product when E1 and E2 differ in one operand only.
    static func merge(_ e1: Tensor, _ c1: Rational, _ e2: Tensor, _ c2: Rational) -> Tensor? {
        guard case let .einsum(s1) = e1.kind, case let .einsum(s2) = e2.kind,
              s1.inputs.count == s2.inputs.count, s1.output.count == s2.output.count else { return nil }
        for j1 in s1.inputs.indices {
            let sig1 = signature(s1, e1.operands, without: j1)
            for j2 in s2.inputs.indices {
                let sig2 = signature(s2, e2.operands, without: j2)
                guard sig1.others == sig2.others, sig1.otherLabels == sig2.otherLabels, sig1.outputCount == sig2.outputCount,
                      Set(sig1.takenLabels) == Set(sig2.takenLabels), sig1.takenLabels.count == Set(sig1.takenLabels).count,
                      sig2.takenLabels.count == sig1.takenLabels.count else { continue }
                let q1 = e1.operands[j1], q2 = e2.operands[j2]
                // q2 with its axes in q1's label order.
                let permutation = sig1.takenLabels.map { sig2.takenLabels.firstIndex(of: $0)! }
                let aligned = permutation == Array(permutation.indices) ? q2
                    : Tensor.einsum([q2], [Array(0..<q2.order)], output: permutation)
                guard aligned.shape.count == q1.shape.count,
                      zip(aligned.shape, q1.shape).allSatisfy({ $0.isEqual(to: $1) }) else { continue }
                let sum = Tensor.pointwise(.number(c1) * Tensor.placeholder(0) + .number(c2) * Tensor.placeholder(1), [q1, aligned], shape: q1.shape)
                var operands = e1.operands
                operands[j1] = sum
                var extra: [Int: Size] = [:]
                for (axis, l) in s1.output.enumerated() { extra[l] = e1.shape[axis] }
                return .einsum(operands, s1.inputs, output: s1.output, sizes: extra)
            }
        }
        return nil
    }
}
