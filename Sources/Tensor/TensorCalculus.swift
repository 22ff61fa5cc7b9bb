import Expr
import Calculus

/// Why a tensor derivative cannot be taken.
public enum TensorCalculusError: Error, Equatable, CustomStringConvertible {
    /// The variable to differentiate with respect to is not a named input.
    case notAVariable(String)
    /// A gradient or Hessian asks for a scalar function.
    case notScalar(String, shape: [Size])

    /// The rule as steps print it.
    public var description: String {
        switch self {
        case let .notAVariable(s): return "cannot differentiate with respect to '\(s)': not a variable"
        case let .notScalar(s, shape):
            return "the gradient needs a scalar function, but \(s) is \(ShapeText.describe(shape)); use jacobian for the derivative of an array"
        }
    }
}

/// One rule applied by the reverse sweep: which node, and the matrix rule that sent its
/// adjoint on (`inverse`: d inv(X) = -inv(X)*dX*inv(X)).
public struct TensorDerivationStep: Sendable {
    /// The node the rule was applied at.
    public let node: Tensor
    /// The matrix rule applied.
    public let rule: TensorRule
    /// The derivative of the function with respect to the node (its adjoint), as the sweep
    /// passed it on: the function's axes, then the node's.
    public let adjoint: Tensor
}

extension Tensor {
    /// The derivative of `self` with respect to the variable `v`, by reverse accumulation over
    /// the tensor graph. Layout: the result's axes are `self`'s axes followed by `v`'s, so the
    /// gradient of a scalar has `v`'s shape, the Jacobian of a vector `g` with respect to a
    /// vector `x` is `J[i, j] = dg[i]/dx[j]`, and a Hessian is the Jacobian of the gradient.
    public func derivative(withRespectTo v: Tensor) throws(TensorCalculusError) -> Tensor {
        var none: [TensorDerivationStep]? = nil
        return try derivative(withRespectTo: v, steps: &none)
    }

    /// The derivative, recording the rule applied at each node in `steps` when it is not nil.
    public func derivative(withRespectTo v: Tensor, steps: inout [TensorDerivationStep]?) throws(TensorCalculusError) -> Tensor {
        guard case .variable = v.kind else { throw .notAVariable(v.description) }
        var sweep = ReverseSweep(function: self, variable: v)
        return sweep.run(steps: &steps)
    }

    /// The gradient of a scalar: the array of partial derivatives, of `v`'s shape.
    public func gradient(withRespectTo v: Tensor) throws(TensorCalculusError) -> Tensor {
        guard isScalar else { throw .notScalar(description, shape: shape) }
        return try derivative(withRespectTo: v)
    }

    /// The Hessian of a scalar: the Jacobian of its gradient, of shape `v.shape + v.shape`.
    public func hessian(withRespectTo v: Tensor) throws(TensorCalculusError) -> Tensor {
        try gradient(withRespectTo: v).derivative(withRespectTo: v)
    }
}

/// One backward sweep: the adjoint of every node is the derivative of the function with
/// respect to that node, of shape (function's shape) + (node's shape); each node passes its
/// adjoint to its operands by its rule. Axes 0 ..< p of every adjoint are the function's.
struct ReverseSweep {
    let function: Tensor
    let variable: Tensor
    /// The number of the function's axes.
    let p: Int
    private var partialCache: [Expr: [Int: Expr]] = [:]

    init(function: Tensor, variable: Tensor) {
        self.function = function
        self.variable = variable
        p = function.order
    }

    mutating func run(steps: inout [TensorDerivationStep]?) -> Tensor {
        let order = function.postorder
        var depends: Set<Tensor> = []
        for t in order where t == variable || t.operands.contains(where: depends.contains) { depends.insert(t) }
        let resultShape = function.shape + variable.shape
        guard depends.contains(function) else { return .zeros(resultShape) }
        var parts: [Tensor: [Tensor]] = [function: [seed()]]
        for t in order.reversed() where depends.contains(t) {
            // Stopped, the sweep's value means nothing; the caller learns why from the token.
            if Cancellation.isRequested { return .zeros(resultShape) }
            guard let contributions = parts.removeValue(forKey: t) else { continue }
            let adjoint = ReverseSweep.total(contributions)
            if t == variable { return adjoint }
            if steps != nil { steps!.append(TensorDerivationStep(node: t, rule: TensorRule.of(t), adjoint: adjoint)) }
            for (k, contribution) in operandContributions(of: t, adjoint: adjoint, needed: depends) {
                parts[t.operands[k], default: []].append(contribution)
            }
        }
        return .zeros(resultShape)
    }

    /// The adjoint of the function itself: 1 for a scalar, the identity over its axes otherwise.
    private func seed() -> Tensor {
        if p == 0 { return .scalar(.one) }
        let eyes = function.shape.map { Tensor.identity($0) }
        let inputs = (0..<p).map { [$0, p + $0] }
        return .einsum(eyes, inputs, output: Array(0..<(2 * p)))
    }

    static func total(_ contributions: [Tensor]) -> Tensor {
        if contributions.count == 1 { return contributions[0] }
        let template = Expr.sum(contributions.indices.map(Tensor.placeholder))
        return .pointwise(template, contributions, shape: contributions[0].shape)
    }

    /// The function's labels: 0 ..< p.
    private var outer: [Int] { Array(0..<p) }

    /// The contributions `node` sends to its operands (by operand index).
    private mutating func operandContributions(of node: Tensor, adjoint: Tensor, needed: Set<Tensor>) -> [(Int, Tensor)] {
        let operands = node.operands
        let wanted = operands.indices.filter { needed.contains(operands[$0]) }
        switch node.kind {
        case .variable, .identity, .lowerPacking, .iota, .literal:
            return []
        case let .pointwise(template):
            return wanted.compactMap { k in
                let partialTemplate = partial(of: template, k)
                if partialTemplate.isZero { return nil }
                let partial = Tensor.pointwise(partialTemplate, operands, shape: node.shape)
                return (k, scaled(adjoint, by: partial, operandIsScalar: operands[k].isScalar && !node.isScalar))
            }
        case let .einsum(spec):
            return wanted.map { k in (k, einsumContribution(spec, operands, k, adjoint, node)) }
        case let .reduce(reduction, axis):
            return [(0, reduceContribution(reduction, axis, node, adjoint))]
        case let .window(axis, offset):
            return [(0, .pad(adjoint, axis: p + axis, offset: offset, length: operands[0].shape[axis]))]
        case let .pad(axis, offset):
            return [(0, .window(adjoint, axis: p + axis, offset: offset, length: operands[0].shape[axis]))]
        case .inverse:
            // d inv(A) = -inv(A)*dA*inv(A): Abar[o, i, j] = -sum C[k, i]*Cbar[o, k, l]*C[j, l].
            let (i, j, k, l) = (p, p + 1, p + 2, p + 3)
            let product = Tensor.einsum([node, adjoint, node], [[k, i], outer + [k, l], [j, l]], output: outer + [i, j])
            return [(0, -product)]
        case .determinant:
            // d det(A) = det(A)*trace(inv(A)*dA): Abar = Cbar*det(A)*inv(A)'.
            let inv = Tensor.inverse(operands[0])
            let product = Tensor.einsum([adjoint, node, inv], [outer, [], [p + 1, p]], output: outer + [p, p + 1])
            return [(0, product)]
        case .logDeterminant:
            // d log|det(A)| = trace(inv(A)*dA): Abar = Cbar*inv(A)'.
            let inv = Tensor.inverse(operands[0])
            return [(0, .einsum([adjoint, inv], [outer, [p + 1, p]], output: outer + [p, p + 1]))]
        }
    }

    /// `adjoint` times an elementwise partial derivative of the node's shape: entrywise, or
    /// summed over the node's axes when the operand was a scalar used at every entry.
    private func scaled(_ adjoint: Tensor, by partial: Tensor, operandIsScalar: Bool) -> Tensor {
        let inner = Array(p..<(p + partial.order))
        if p == 0 && !operandIsScalar { return .hadamard(adjoint, partial) }
        return .einsum([adjoint, partial], [outer + inner, inner], output: operandIsScalar ? outer : outer + inner)
    }

    /// The partial derivative of an elementwise template with respect to its placeholder `k`,
    /// through the scalar engine (the one chain rule and the function table's partials).
    private mutating func partial(of template: Expr, _ k: Int) -> Expr {
        if let known = partialCache[template]?[k] { return known }
        var d = Differentiator(withRespectTo: Tensor.placeholder(k))
        let result = d.derivative(of: DifferentiationForms.rewrite(template))
        partialCache[template, default: [:]][k] = result
        return result
    }

    /// The product rule of the generalized product: operand k's adjoint is the product of the
    /// node's adjoint with every other operand, over operand k's labels. A label that operand
    /// k repeats (a diagonal) is spread back with an identity.
    private func einsumContribution(_ spec: Einsum, _ operands: [Tensor], _ k: Int, _ adjoint: Tensor, _ node: Tensor) -> Tensor {
        func shifted(_ labels: [Int]) -> [Int] { labels.map { $0 + p } }
        var factors: [Tensor] = [adjoint]
        var inputs: [[Int]] = [outer + shifted(spec.output)]
        for (j, operand) in operands.enumerated() where j != k {
            factors.append(operand)
            inputs.append(shifted(spec.inputs[j]))
        }
        let target = shifted(spec.inputs[k])
        var sizes: [Int: Size] = [:]
        for (axis, l) in target.enumerated() { sizes[l] = operands[k].shape[axis] }
        var next = (inputs.flatMap { $0 } + target).max()! + 1
        var output = outer
        for l in target {
            if output.contains(l) {
                // A repeated label: a fresh one tied to it by an identity.
                factors.append(.identity(sizes[l]!))
                inputs.append([l, next])
                sizes[next] = sizes[l]
                output.append(next)
                next += 1
            } else {
                output.append(l)
            }
        }
        return .einsum(factors, inputs, output: output, sizes: sizes)
    }

    /// max, min: the adjoint goes to the entries equal to the result; log-sum-exp: to every
    /// entry, weighted by its softmax.
    private func reduceContribution(_ reduction: Reduction, _ axis: Int, _ node: Tensor, _ adjoint: Tensor) -> Tensor {
        let a = node.operands[0]
        let full = Array(p..<(p + a.order))
        var reduced = full
        reduced.remove(at: axis)
        let spread = Tensor.einsum([node], [reduced], output: full, sizes: [full[axis]: a.shape[axis]])
        let x = Tensor.placeholder(0), m = Tensor.placeholder(1)
        let weight: Expr
        switch reduction {
        case .logSumExp: weight = Expr.apply(FunctionID.exp, [x - m])
        case .max: weight = 1 - Expr.apply(FunctionID.heaviside, [m - x])
        case .min: weight = 1 - Expr.apply(FunctionID.heaviside, [x - m])
        }
        let w = Tensor.pointwise(weight, [a, spread], shape: a.shape)
        return .einsum([adjoint, w], [outer + reduced, full], output: outer + full)
    }
}

/// Forms that differentiate into the notation people write: `log(1 + exp(u))` is
/// `softplus(u)`, whose derivative is `sigmoid(u)` (the table's rule) rather than
/// `exp(u)/(1 + exp(u))`. Used for derivatives only; the function keeps the user's form.
enum DifferentiationForms {
    static let softplus = FunctionTable.lookup("softplus")!

    static func rewrite(_ template: Expr) -> Expr {
        template.rewrittenBottomUp { e in
            guard case .function(FunctionID.log) = e.head, case let .add(c) = e.children[0].head, c.isOne,
                  e.children[0].children.count == 1 else { return e }
            let inner = e.children[0].children[0]
            guard case .function(FunctionID.exp) = inner.head else { return e }
            return Expr.apply(softplus, [inner.children[0]])
        }
    }
}
