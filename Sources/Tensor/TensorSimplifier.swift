import Expr

/// Simplification beyond the canonical constructors: common factors of products
/// (`A*x + A'*x` is `(A + A')*x`, `X'*u - X'*v` is `X'*(u - v)`), and, when the caller gives
/// one, a scalar simplifier applied to every elementwise template (the scalar engine's rule
/// sets: `exp(u)/(1 + exp(u))` and the like). Transposes, symmetric matrices, identities and
/// `diag(u)*v` are already simplified by construction.
public struct TensorSimplifier {
    /// Simplifies one elementwise template (a scalar expression over `#0`, `#1`, …), or nil.
    public var scalar: ((Expr) -> Expr)?

    /// A simplifier; `scalar` simplifies the elementwise templates (the scalar simplifier by default).
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
    struct Signature: Hashable {
        let others: [Tensor]
        let otherLabels: [[Int]]
        let outputCount: Int
        let takenLabels: [Int]

        /// What two products that differ in the taken operand only have in common.
        var key: Signature {
            Signature(others: others, otherLabels: otherLabels, outputCount: outputCount, takenLabels: takenLabels.sorted())
        }
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

    /// A term `c*E` of a sum, E a product, with E's signatures for each operand taken out.
    struct Term {
        var coefficient: Rational
        var product: Tensor
        var signatures: [Signature]

        init?(_ c: Rational, _ t: Tensor) {
            var (c, t) = (c, t)
            // The product constructor puts numbers in front: `2*E`.
            if case let .pointwise(template) = t.kind, t.operands.count == 1, case let .mul(k) = template.head,
               template.children == [Tensor.placeholder(0)] {
                c = c * k
                t = t.operands[0]
            }
            guard case let .einsum(spec) = t.kind else { return nil }
            coefficient = c
            product = t
            signatures = spec.inputs.indices.map { CommonFactors.signature(spec, t.operands, without: $0) }
        }
    }

    static func factor(_ template: Expr, _ operands: [Tensor], shape: [Size]) -> Tensor {
        guard case let .add(constant) = template.head else { return .pointwise(template, operands, shape: shape) }
        var terms: [Term] = []
        var rest: [Expr] = constant.isZero ? [] : [.number(constant)]
        for child in template.children {
            let (c, e) = child.splitCoefficient()
            if let k = Tensor.placeholderIndex(e), let term = Term(c, operands[k]) { terms.append(term) } else { rest.append(child) }
        }
        guard terms.count > 1 else { return .pointwise(template, operands, shape: shape) }
        var changed = false
        merging: while true {
            // Products that agree but for one operand meet under one key.
            var seen: [Signature: (Int, Int)] = [:]
            for (t, term) in terms.enumerated() {
                for (j, signature) in term.signatures.enumerated() {
                    let key = signature.key
                    guard let (t0, j0) = seen[key] else { seen[key] = (t, j); continue }
                    guard t0 != t, let merged = merge(terms[t0], j0, term, j), let newTerm = Term(.one, merged) else { continue }
                    terms.remove(at: t)
                    terms.remove(at: t0)
                    terms.append(newTerm)
                    changed = true
                    continue merging
                }
            }
            break
        }
        guard changed else { return .pointwise(template, operands, shape: shape) }
        let args = operands + terms.map(\.product)
        let sum = Expr.sum(rest + terms.enumerated().map { .number($1.coefficient) * Tensor.placeholder(operands.count + $0) })
        return .pointwise(sum, args, shape: shape)
    }

    /// `c1*E1 + c2*E2` as one product, E1 and E2 differing in operands j1 and j2 only.
    static func merge(_ a: Term, _ j1: Int, _ b: Term, _ j2: Int) -> Tensor? {
        let (e1, e2) = (a.product, b.product)
        guard case let .einsum(s1) = e1.kind else { return nil }
        let (sig1, sig2) = (a.signatures[j1], b.signatures[j2])
        guard sig1.takenLabels.count == Set(sig1.takenLabels).count else { return nil }
        let q1 = e1.operands[j1], q2 = e2.operands[j2]
        // q2 with its axes in q1's label order.
        let permutation = sig1.takenLabels.map { sig2.takenLabels.firstIndex(of: $0)! }
        let aligned = permutation == Array(permutation.indices) ? q2 : Tensor.einsum([q2], [Array(0..<q2.order)], output: permutation)
        guard aligned.shape.count == q1.shape.count, zip(aligned.shape, q1.shape).allSatisfy({ $0.isEqual(to: $1) }) else { return nil }
        let sum = Tensor.pointwise(.number(a.coefficient) * Tensor.placeholder(0) + .number(b.coefficient) * Tensor.placeholder(1),
                                   [q1, aligned], shape: q1.shape)
        var operands = e1.operands
        operands[j1] = sum
        var extra: [Int: Size] = [:]
        for (axis, l) in s1.output.enumerated() { extra[l] = e1.shape[axis] }
        return .einsum(operands, s1.inputs, output: s1.output, sizes: extra)
    }
}
