import Expr
import Compile
import Glibc

/// Why a tensor expression has no value at the given inputs.
public enum TensorEvaluationError: Error, Equatable, CustomStringConvertible {
    /// A variable was given no value.
    case missingValue(String)
    /// A value's shape does not fit the variable's declaration.
    case shapeMismatch(name: String, expected: String, given: [Int])
    /// A size name gets two different values from two inputs.
    case sizeConflict(size: String, first: Int, firstSource: String, second: Int, secondSource: String)
    /// A size cannot be found from the inputs.
    case unknownSize(String)
    /// A size is negative or not a whole number.
    case badSize(String, Int)
    /// `inv` or `logdet` of a singular matrix.
    case singular(String)
    /// An index or window reaches outside its array at these sizes.
    case outOfRange(String)
    /// An entry is not a real number (log of a negative, 0/0, …) where the inputs are.
    case notReal(String)
    /// The evaluation was stopped through its `Cancellation` (Ctrl-C, the time limit).
    case stopped(Cancellation.Reason)

    /// The message for a person.
    public var description: String {
        switch self {
        case let .missingValue(name): return "no value for \(name)"
        case let .shapeMismatch(name, expected, given):
            let text = given.isEmpty ? "a scalar" : given.map(String.init).joined(separator: "×")
            return "\(name) was given as \(text), but it is declared \(expected)"
        case let .sizeConflict(size, first, firstSource, second, secondSource):
            return "the size \(size) is \(first) from \(firstSource) but \(second) from \(secondSource)"
        case let .unknownSize(name): return "the size \(name) is not known: give it, or a value whose shape fixes it"
        case let .badSize(text, value): return "the size \(text) is \(value), not a length"
        case let .singular(expression): return "\(expression): the matrix is singular at these values"
        case let .outOfRange(expression): return "\(expression) reaches outside the array at these sizes"
        case let .notReal(expression): return "\(expression) is not a real number at these values"
        case let .stopped(reason): return reason == .timeLimit ? "the evaluation ran out of time" : "the evaluation was interrupted"
        }
    }
}

extension Tensor {
    /// The value with `values` for the variables (flat row-major arrays with shapes) and
    /// `sizes` for size names that no input's shape fixes.
    public func evaluate(values: [String: TensorValue], sizes: [String: Int] = [:]) throws(TensorEvaluationError) -> TensorValue {
        try TensorEvaluator(values: values, sizes: sizes).evaluate([self])[0]
    }
}

/// Evaluates tensor expressions numerically, node by node in creation order. The reference
/// evaluator: exact in its algorithm, dense, and clear in its errors; compiled code is faster.
public struct TensorEvaluator {
    /// The value of each name.
    public let values: [String: TensorValue]
    /// Sizes given by name (`n = 100`); the others are read from the values' shapes.
    public let givenSizes: [String: Int]
    /// Where values came from, by name (`train.csv`): messages about a value name it.
    public let sources: [String: String]
    /// Entries that are not real numbers (NaN) are results rather than errors.
    public var allowsNaN = false

    /// Values by name, and sizes the values do not determine.
    public init(values: [String: TensorValue], sizes: [String: Int] = [:], sources: [String: String] = [:]) {
        self.values = values
        self.givenSizes = sizes
        self.sources = sources
    }

    /// `X`, or `X (from train.csv)` for a value read from a file.
    private func label(_ name: String) -> String {
        sources[name].map { "\(name) (from \($0))" } ?? name
    }

    /// The sizes of `roots`' size names: given ones, and those read off the variables' shapes.
    public func sizes(of roots: [Tensor]) throws(TensorEvaluationError) -> [String: Int] {
        var known = givenSizes
        var source: [String: String] = [:]
        for name in givenSizes.keys { source[name] = "the sizes given" }
        let variables = Tensor.postorder(roots).filter { $0.variableName != nil }
        var compound: [(Tensor, Int)] = []
        for v in variables {
            let name = v.variableName!
            guard let value = values[name] else { throw .missingValue(name) }
            guard value.shape.count == v.order else {
                throw .shapeMismatch(name: label(name), expected: ShapeText.describe(v.shape), given: value.shape)
            }
            for (axis, size) in v.shape.enumerated() {
                let given = value.shape[axis]
                if let n = size.intValue {
                    if n != given { throw .shapeMismatch(name: label(name), expected: ShapeText.describe(v.shape), given: value.shape) }
                } else if case let .symbol(sizeName) = size.expr.head {
                    let here = "\(label(name)) (axis \(axis + 1))"
                    if let previous = known[sizeName], previous != given {
                        throw .sizeConflict(size: sizeName, first: previous, firstSource: source[sizeName] ?? "", second: given, secondSource: here)
                    }
                    known[sizeName] = given
                    source[sizeName] = source[sizeName] ?? here
                } else {
                    compound.append((v, axis))
                }
            }
        }
        for (v, axis) in compound {
            let size = v.shape[axis]
            guard let n = size.value(known) else { throw .unknownSize(size.description) }
            if n != values[v.variableName!]!.shape[axis] {
                throw .shapeMismatch(name: label(v.variableName!), expected: ShapeText.describe(v.shape), given: values[v.variableName!]!.shape)
            }
        }
        return known
    }

    /// The values of `roots`.
    public func evaluate(_ roots: [Tensor]) throws(TensorEvaluationError) -> [TensorValue] {
        let sizes = try self.sizes(of: roots)
        var memo: [Tensor: TensorValue] = [:]
        for t in Tensor.postorder(roots) {
            memo[t] = try evaluateNode(t, memo, sizes)
            // After the node: a product stopped half-way has left a value that means nothing.
            if Cancellation.isRequested, let reason = Cancellation.current?.reason { throw .stopped(reason) }
        }
        return roots.map { memo[$0]! }
    }

    private func length(_ s: Size, _ sizes: [String: Int]) throws(TensorEvaluationError) -> Int {
        guard let n = s.value(sizes) else {
            if let missing = s.names.first(where: { sizes[$0] == nil }) { throw .unknownSize(missing) }
            throw .unknownSize(s.description)
        }
        guard n >= 0 else { throw .badSize(s.description, n) }
        return n
    }

    private func evaluateNode(_ t: Tensor, _ memo: [Tensor: TensorValue], _ sizes: [String: Int]) throws(TensorEvaluationError) -> TensorValue {
        var shape: [Int] = []
        for s in t.shape { shape.append(try length(s, sizes)) }
        let operands = t.operands.map { memo[$0]! }
        switch t.kind {
        case let .variable(name, _):
            return values[name]!
        case .identity:
            var result = TensorValue.zeros(shape)
            for i in 0..<shape[0] { result.entries[i * shape[0] + i] = 1 }
            return result
        case .lowerPacking:
            var result = TensorValue.zeros(shape)
            let d = shape[1]
            for (p, (r, c)) in LowerPacking.positions(d).enumerated() { result.entries[(p * d + r) * d + c] = 1 }
            return result
        case let .iota(start):
            let first = try length(start, sizes)
            return TensorValue(shape: shape, entries: (0..<shape[0]).map { Double(first + $0) })
        case let .literal(entries):
            return TensorValue(shape: shape, entries: entries.map { $0.evaluate(at: [:]) })
        case let .pointwise(template):
            return try pointwise(template, operands, shape, sizes, t)
        case let .einsum(spec):
            var labelSizes: [Int: Int] = [:]
            for (axis, l) in spec.output.enumerated() { labelSizes[l] = shape[axis] }
            var factors: [DenseContraction.Operand] = []
            var identities: [(Int, Int)] = []
            for (k, op) in t.operands.enumerated() {
                for (axis, l) in spec.inputs[k].enumerated() { labelSizes[l] = operands[k].shape[axis] }
                if case .identity = op.kind, spec.inputs[k].allSatisfy(spec.output.contains) {
                    identities.append((spec.inputs[k][0], spec.inputs[k][1]))
                } else {
                    factors.append(.init(value: operands[k], labels: spec.inputs[k]))
                }
            }
            return DenseContraction.contract(factors, output: spec.output, sizes: labelSizes, identities: identities)
        case let .reduce(reduction, axis):
            return reduce(reduction, operands[0], axis: axis, shape)
        case let .window(axis, offset), let .pad(axis, offset):
            let start = try length(offset, sizes)
            let padding: Bool
            if case .pad = t.kind { padding = true } else { padding = false }
            let (small, big) = padding ? (operands[0].shape[axis], shape[axis]) : (shape[axis], operands[0].shape[axis])
            guard start + small <= big else { throw .outOfRange(t.description) }
            return copyWindow(from: operands[0], axis: axis, offset: start, into: shape, padding: padding)
        case .inverse, .determinant, .logDeterminant:
            let n = operands[0].shape[0]
            let lu = LUFactorization(operands[0].entries, n: n)
            switch t.kind {
            case .determinant: return TensorValue(scalar: lu.isSingular ? 0 : lu.determinant)
            case .inverse:
                if lu.isSingular { throw .singular(t.description) }
                return TensorValue(shape: shape, entries: lu.inverse)
            default:
                if lu.isSingular { throw .singular(t.description) }
                return TensorValue(scalar: lu.logAbsDeterminant)
            }
        }
    }

    private func pointwise(_ template: Expr, _ args: [TensorValue], _ shape: [Int], _ sizes: [String: Int], _ t: Tensor) throws(TensorEvaluationError) -> TensorValue {
        let count = shape.reduce(1, *)
        let sizeNames = template.freeSymbols.filter { !$0.hasPrefix("#") }
        var bindings: [String: Double] = [:]
        for name in sizeNames {
            guard let n = sizes[name] else { throw .unknownSize(name) }
            bindings[name] = Double(n)
        }
        let variables = args.indices.map(Tensor.placeholder) + sizeNames.map(Expr.symbol)
        var entries: [Double]
        if let compiled = try? CompiledFunction([template], variables: variables) {
            let width = variables.count
            var points = [Double](repeating: 0, count: count * width)
            for (k, arg) in args.enumerated() {
                for e in 0..<count { points[e * width + k] = arg.shape.isEmpty ? arg.entries[0] : arg.entries[e] }
            }
            for (s, name) in sizeNames.enumerated() {
                for e in 0..<count { points[e * width + args.count + s] = bindings[name]! }
            }
            entries = width == 0 ? Array(repeating: compiled([])[0], count: count) : compiled.evaluate(points: points)
        } else {
            // The template is undefined (a division by zero): no entry is a number.
            entries = Array(repeating: .nan, count: count)
        }
        if !allowsNaN && entries.contains(where: \.isNaN) && args.allSatisfy({ !$0.entries.contains(where: \.isNaN) }) {
            throw .notReal(t.description)
        }
        return TensorValue(shape: shape, entries: entries)
    }

    private func reduce(_ reduction: Reduction, _ a: TensorValue, axis: Int, _ shape: [Int]) -> TensorValue {
        let outer = a.shape[..<axis].reduce(1, *), length = a.shape[axis], inner = a.shape[(axis + 1)...].reduce(1, *)
        var result = TensorValue.zeros(shape)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                let run = (0..<length).map { a.entries[base + $0 * inner] }
                let value: Double
                switch reduction {
                case .max: value = run.max() ?? -.infinity
                case .min: value = run.min() ?? .infinity
                case .logSumExp:
                    let m = run.max() ?? -.infinity
                    value = m.isFinite ? m + Glibc.log(run.reduce(0) { $0 + Glibc.exp($1 - m) }) : m
                }
                result.entries[o * inner + i] = value
            }
        }
        return result
    }

    /// A window of `a` along `axis` (or, padding, `a` placed into zeros at `offset`).
    private func copyWindow(from a: TensorValue, axis: Int, offset: Int, into shape: [Int], padding: Bool) -> TensorValue {
        var result = TensorValue.zeros(shape)
        let small = padding ? a.shape : shape
        let big = padding ? shape : a.shape
        let outer = small[..<axis].reduce(1, *), inner = small[(axis + 1)...].reduce(1, *)
        for o in 0..<outer {
            for j in 0..<small[axis] {
                for i in 0..<inner {
                    let smallIndex = (o * small[axis] + j) * inner + i
                    let bigIndex = (o * big[axis] + j + offset) * inner + i
                    if padding { result.entries[bigIndex] = a.entries[smallIndex] } else { result.entries[smallIndex] = a.entries[bigIndex] }
                }
            }
        }
        return result
    }
}

extension Tensor {
    /// The sizes the values fix: each axis of a variable with a value whose size is one name
    /// (`n`, `size(X, 2)`) gets that value's length. Disagreements are left for evaluation to
    /// report, with where each came from.
    public static func sizes(of roots: [Tensor], fixedBy values: [String: TensorValue]) -> [String: Int] {
        var out: [String: Int] = [:]
        for v in postorder(roots) {
            guard let name = v.variableName, let value = values[name], value.shape.count == v.order else { continue }
            for (axis, size) in v.shape.enumerated() {
                if case let .symbol(sizeName) = size.expr.head, out[sizeName] == nil { out[sizeName] = value.shape[axis] }
            }
        }
        return out
    }
}
