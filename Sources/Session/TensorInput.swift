import SymDiff
import Tensor

/// What a command call says about vectors and matrices, as a front end read it: the
/// declarations in force, the tensor expressions given for expression parameters, the values
/// given at the call (`--at X=[1, 2; 3, 4]`, `eval(f, w=[1, 2])`), arrays read from data
/// files, and sizes. A command with one runs its tensor implementation (`TensorCommands`).
public struct TensorInput: Sendable {
    /// The names declared vectors and matrices.
    public var declarations: TensorDeclarations
    /// The expressions (or earlier results) of expression parameters, by parameter name.
    public var expressions: [String: TensorResult] = [:]
    /// Values given at the call, by parameter name (`point` for `--at`, `start` for `--from`),
    /// in the order given.
    public var points: [String: [NamedValue]] = [:]
    /// Arrays read from data files (`--data`, `:data`), by variable name.
    public var data: [String: TensorValue] = [:]
    /// The file each array of `data` came from, for messages.
    public var dataSources: [String: String] = [:]
    /// Sizes given by name (`--dims n=5,d=3`).
    public var sizes: [String: Int] = [:]

    /// Input with `declarations` and nothing else yet.
    public init(declarations: TensorDeclarations) {
        self.declarations = declarations
    }

    /// A value given for a name.
    public struct NamedValue: Sendable {
        /// The name (a variable, or a size).
        public let name: String
        /// Its value.
        public let value: TensorValue

        /// `name` = `value`.
        public init(name: String, value: TensorValue) {
            self.name = name
            self.value = value
        }
    }

    /// The expression given for `parameter`, or an error naming it.
    func expression<T>(_ parameter: Parameter<T>) throws(CommandError) -> TensorExpression {
        switch expressions[parameter.spec.name] {
        case let .expression(e)?: return e
        case .derivatives?: throw CommandError(.input, "expected one expression here, got derivatives with respect to several variables", about: parameter)
        case .array?: throw CommandError(.input, "expected an expression here, got numbers", about: parameter)
        case .values?: throw CommandError(.input, "expected an expression here, got several arrays of numbers", about: parameter)
        case nil: throw CommandError(.usage, "give \(parameter)", about: parameter)
        }
    }
}

/// A result of the tensor language: what a command gives for vectors and matrices.
public enum TensorResult: Sendable {
    /// An expression over vectors and matrices (a derivative with respect to one variable).
    case expression(TensorExpression)
    /// Derivatives with respect to several variables, each labelled (`d/dw`, `d2/dw db`).
    case derivatives([LabelledExpression])
    /// Numbers: the value of an expression.
    case array(TensorValue)
    /// Several arrays of numbers, labelled (a value with its gradient).
    case values([LabelledValue])

    /// An expression with its label.
    public struct LabelledExpression: Sendable {
        /// The label (`value`, `d/dw`).
        public let label: String
        /// The expression.
        public let expression: TensorExpression
    }

    /// Numbers with their label.
    public struct LabelledValue: Sendable {
        /// The label (`value`, `d/dw`).
        public let label: String
        /// The numbers.
        public let value: TensorValue
    }

    /// What the result is called in messages.
    var kindName: String {
        switch self {
        case .expression: return "an expression of vectors and matrices"
        case .derivatives: return "derivatives with respect to several variables"
        case .array: return "an array of numbers"
        case .values: return "several arrays of numbers"
        }
    }

    /// The result in matrix notation (`infix`) or LaTeX; arrays as numbers either way.
    func rendered(latex: Bool) -> String {
        switch self {
        case let .expression(e): return latex ? e.latex : e.description
        case let .derivatives(parts):
            return parts.map { "\($0.label): " + (latex ? $0.expression.latex : $0.expression.description) }.joined(separator: "\n")
        case let .array(v): return v.text
        case let .values(parts):
            return parts.map { p in p.label.isEmpty ? p.value.text : "\(p.label): " + p.value.text.replacingNewlines(indent: p.label.count + 2) }
                .joined(separator: "\n")
        }
    }
}

extension String {
    /// The text with every line after the first indented by `indent` spaces (a labelled matrix
    /// keeps its columns aligned).
    func replacingNewlines(indent: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : String(repeating: " ", count: indent) + $0.element }
            .joined(separator: "\n")
    }
}
