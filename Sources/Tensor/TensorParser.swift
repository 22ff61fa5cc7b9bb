import Expr
import Parser

/// Reads expressions of the tensor language: the scalar language plus matrix notation over
/// declared vectors and matrices.
///
/// ```swift
/// var shapes = TensorDeclarations()
/// try shapes.declare("X: matrix(n, d)")
/// try shapes.declare("w, y: vector")
/// let loss = try TensorParser(shapes: shapes).parse("sum(log(1 + exp(-y .* (X*w))))")
/// print(try loss.gradient(withRespectTo: "w"))   // -X'*(y .* sigmoid(-y .* (X*w)))
/// ```
///
/// Notation: `*` is the matrix product (a scalar on either side scales), `'` (or `ᵀ`, or
/// `transpose(A)`) the transpose, `.*` (or `⊙`), `./`, `.^` elementwise, every function of the
/// scalar table elementwise, `[1, 2; 3, 4]` a matrix, `v[i]`, `A[i, j]`, `A[i, :]`, `v[2:n]`
/// entries, and `sum(i, 1, n, body)` a sum over an index (also `max`, `min`, `logsumexp`).
/// Undeclared names are scalars, as in the scalar language.
public struct TensorParser {
    /// The shapes of the names.
    public var declarations: TensorDeclarations

    /// A parser that reads names with the given shapes.
    public init(shapes declarations: TensorDeclarations = TensorDeclarations()) {
        self.declarations = declarations
    }

    /// Parses `text`; throws a `Diagnostic` with the range of the problem (a shape mismatch
    /// points at the operator).
    public func parse(_ text: String) throws(Diagnostic) -> TensorExpression {
        try parse(bytes: Array(text.utf8))
    }

    /// The tensor expression in `bytes`, shapes checked, or a diagnostic with a caret.
    public func parse(bytes: [UInt8]) throws(Diagnostic) -> TensorExpression {
        try parse(syntax: TensorSyntaxParser().parse(bytes: bytes))
    }

    /// Builds an expression from syntax already read; `bindings` gives names that stand for
    /// expressions (a session's earlier results and assignments), which take precedence over
    /// the declarations.
    public func parse(syntax: TensorSyntax, bindings: [String: TensorExpression] = [:]) throws(Diagnostic) -> TensorExpression {
        var builder = SyntaxBuilder(syntax: syntax, declarations: declarations)
        builder.bindings = bindings
        let (tensor, form) = try builder.build()
        return TensorExpression(tensor: tensor, isRow: form == .row, declarations: declarations)
    }
}

/// A parsed tensor expression with the declarations it was read with: the library's entry
/// point for derivatives, values, printing and unrolling.
public struct TensorExpression: Sendable, CustomStringConvertible {
    /// The expression.
    public let tensor: Tensor
    /// A vector written as a row (`x'*A`): printed transposed.
    public let isRow: Bool
    /// The shapes the expression was read with.
    public let declarations: TensorDeclarations

    /// An expression over its declarations; `isRow` when it is a row vector (a transposed vector).
    public init(tensor: Tensor, isRow: Bool = false, declarations: TensorDeclarations) {
        self.tensor = tensor
        self.isRow = isRow
        self.declarations = declarations
    }

    /// Matrix notation that `TensorParser` reads back with the same declarations.
    public var description: String {
        isRow ? "(" + tensor.description + ")'" : tensor.description
    }

    /// LaTeX, vectors and matrices in bold.
    public var latex: String { isRow ? "\\left(" + tensor.latex + "\\right)^\\top" : tensor.latex }

    /// The variable called `name`, with its declared shape.
    public func variable(_ name: String) throws(TensorCalculusError) -> Tensor {
        if let v = tensor.variables.first(where: { $0.variableName == name }) { return v }
        guard let shape = declarations[name] else {
            // An undeclared name is a scalar that the expression does not contain.
            return .variable(name, shape: [])
        }
        return .variable(name, shape: shape.sizes, symmetric: shape.symmetric)
    }

    private func wrap(_ t: Tensor) -> TensorExpression {
        TensorExpression(tensor: TensorSimplifier().simplify(t), declarations: declarations)
    }

    /// The derivative with respect to `name` (layout: this expression's axes, then the
    /// variable's), simplified. `name` may be one entry of a vector or matrix (`w[2]`,
    /// `A[1, n]`): the derivative with respect to that scalar, of this expression's shape.
    public func derivative(withRespectTo name: String) throws(TensorCalculusError) -> TensorExpression {
        guard name.contains("[") else { return wrap(try tensor.derivative(withRespectTo: variable(name))) }
        let (base, positions) = try entry(name)
        var d = try tensor.derivative(withRespectTo: variable(base))
        let first = tensor.order
        for (k, p) in positions.enumerated() {
            d = .window(d, axis: first + k, offset: p - .one, length: .one)
        }
        let kept = Array(0..<first)
        return wrap(.einsum([d], [kept + positions.indices.map { first + $0 }], output: kept))
    }

    /// `w[2]` as (`w`, [2]): a declared vector or matrix and one position per axis.
    private func entry(_ text: String) throws(TensorCalculusError) -> (String, [Size]) {
        guard let syntax = try? TensorSyntaxParser().parse(text), case let .index(items) = syntax.nodes[syntax.root].kind,
              case let .name(base) = syntax.nodes[syntax.nodes[syntax.root].children[0]].kind,
              let shape = declarations[base], items.count == shape.sizes.count, items.allSatisfy({ $0 == .position }) else {
            throw .notAVariable(text)
        }
        var positions: [Size] = []
        for child in syntax.nodes[syntax.root].children.dropFirst() {
            guard let p = try? SizeSyntax.size(of: child, in: syntax), p.names.allSatisfy(declarations.sizeNames.contains) else {
                throw .notAVariable(text)
            }
            positions.append(p)
        }
        return (base, positions)
    }

    /// The gradient of a scalar: the variable's shape.
    public func gradient(withRespectTo name: String) throws(TensorCalculusError) -> TensorExpression {
        guard tensor.isScalar else { throw .notScalar(description, shape: tensor.shape) }
        return try derivative(withRespectTo: name)
    }

    /// The Jacobian: the derivative of every entry with respect to every entry of the variable.
    public func jacobian(withRespectTo name: String) throws(TensorCalculusError) -> TensorExpression {
        try derivative(withRespectTo: name)
    }

    /// The Hessian of a scalar: the Jacobian of its (simplified) gradient.
    public func hessian(withRespectTo name: String) throws(TensorCalculusError) -> TensorExpression {
        let g = try gradient(withRespectTo: name)
        return wrap(try g.tensor.derivative(withRespectTo: variable(name)))
    }

    /// The value with numeric values for the variables (row-major arrays with shapes) and,
    /// where no value's shape fixes them, for size names.
    public func evaluate(values: [String: TensorValue], sizes: [String: Int] = [:]) throws(TensorEvaluationError) -> TensorValue {
        try tensor.evaluate(values: values, sizes: sizes)
    }
}
