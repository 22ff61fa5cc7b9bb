import SymDiff
import Tensor

/// Numbers from expressions over vectors and matrices: `eval` (values, gradients, Hessians at
/// given values) and `check` (derivatives against central differences on random instances).
extension TensorCommands {
    /// Values and sizes for evaluating expressions: arrays from data files, values given at the
    /// call, sizes given or fixed by the values.
    struct Point {
        var values: [String: TensorValue] = [:]
        var sizes: [String: Int] = [:]
        var sources: [String: String] = [:]
        /// The names whose values came from data files.
        var fromData: Set<String> = []

        /// The evaluator of these values.
        func evaluator(ieee: Bool = false) -> TensorEvaluator {
            var e = TensorEvaluator(values: values, sizes: sizes, sources: sources)
            e.allowsNaN = ieee
            return e
        }
    }

    /// The values for `roots`: data arrays of their variables, then the values of `parameter`
    /// (variables, or sizes when a name is a size), then `--dims`.
    static func point<T>(_ tensor: TensorInput, _ parameter: Parameter<T>?, roots: [Tensor]) throws(CommandError) -> Point {
        let variables = Set(Tensor.postorder(roots).compactMap(\.variableName))
        let sizeNames = Set(roots.flatMap(\.sizeNames)).union(tensor.declarations.sizeNames)
        var point = Point()
        for (name, value) in tensor.data where variables.contains(name) {
            point.values[name] = value
            point.sources[name] = tensor.dataSources[name]
            point.fromData.insert(name)
        }
        if let parameter {
            for given in tensor.points[parameter.spec.name] ?? [] {
                if variables.contains(given.name) {
                    point.values[given.name] = given.value
                    point.sources[given.name] = nil
                    point.fromData.remove(given.name)
                } else if sizeNames.contains(given.name) {
                    guard let v = given.value.scalar, v >= 0, v == v.rounded(), v < 1e9 else {
                        throw CommandError(.input, "\(given.name) is a size: give a whole number", about: parameter, item: given.name)
                    }
                    point.sizes[given.name] = Int(v)
                } else {
                    throw CommandError(.input, "'\(given.name)' is not a variable of the expression", about: parameter, item: given.name)
                }
            }
        }
        for (name, n) in tensor.sizes { point.sizes[name] = n }
        return point
    }

    /// An evaluation error in the words of the parameter that gives values.
    static func evaluationError<T>(_ error: TensorEvaluationError, _ parameter: Parameter<T>) -> CommandError {
        if case let .missingValue(name) = error {
            return CommandError(.input, "no value for \(name): give it as \(name)=... (an array as [1, 2; 3, 4]), or read it from a file",
                                about: parameter, item: name)
        }
        return CommandError(.input, "\(error)")
    }

    static let eval: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let at = NumericCommands.at
        guard let subject = tensor.expressions[NumericCommands.subject.spec.name] else {
            throw CommandError(.usage, "give \(NumericCommands.subject)", about: NumericCommands.subject)
        }
        var roots: [(label: String, expression: TensorExpression)]
        switch subject {
        case .array, .values: return CommandResult(.tensor(subject))
        case let .derivatives(parts): roots = parts.map { ($0.label, $0.expression) }
        case let .expression(f):
            roots = [("", f)]
            let wantsDerivatives = arguments[NumericCommands.withGradient] || arguments[NumericCommands.withHessian]
            if wantsDerivatives {
                let given = try point(tensor, at, roots: [f.tensor])
                let names = arguments.has(Common.pointVariables) ? arguments[Common.pointVariables].map(name(of:))
                    : variableNames(f).filter { !given.fromData.contains($0) }
                if arguments[NumericCommands.withGradient] {
                    guard f.tensor.isScalar else {
                        throw CommandError(.input, "\(NumericCommands.withGradient) needs a scalar function, but \(f) is \(describe(f.tensor.shape))")
                    }
                    for v in names { roots.append(("d/d\(v)", try derivative(f, v, simplify: true))) }
                }
                if arguments[NumericCommands.withHessian] {
                    for (i, v) in names.enumerated() {
                        let g = try derivative(f, v, simplify: true)
                        for u in names[i...] { roots.append(("d2/d\(v)d\(u)", try derivative(g, u, simplify: true))) }
                    }
                }
            }
        }
        let given = try point(tensor, at, roots: roots.map(\.expression.tensor))
        var values: [TensorValue]
        var notes: [String] = []
        if arguments[NumericCommands.native] {
            (values, notes) = try nativeValues(roots.map(\.expression.tensor), at: given, parameter: at)
            // Compiled code says NaN where the evaluation in-process says why (a singular matrix).
            if !arguments[NumericCommands.ieee], values.contains(where: { $0.entries.contains { !$0.isFinite } }) {
                values = try inProcess(roots.map(\.expression.tensor), given.evaluator(), at)
            }
        } else {
            do throws(TensorEvaluationError) { values = try given.evaluator(ieee: arguments[NumericCommands.ieee]).evaluate(roots.map(\.expression.tensor)) } catch {
                throw evaluationError(error, at)
            }
        }
        if !arguments[NumericCommands.ieee] {
            for (root, value) in zip(roots, values) where value.entries.contains(where: { !$0.isFinite }) {
                let what = root.label.isEmpty ? "the value" : root.label
                throw CommandError(.input, "\(what) is not finite at these values (\(value.entries.first { !$0.isFinite }!)); use \(NumericCommands.ieee) for IEEE values")
            }
        }
        if roots.count == 1 {
            if let v = values[0].scalar { return CommandResult(.number(v), notes: notes) }
            return CommandResult(.tensor(.array(values[0])), notes: notes)
        }
        return CommandResult(.tensor(.values(zip(roots, values).map { .init(label: $0.label, value: $1) })), notes: notes)
    }

    static let check: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let at = NumericCommands.at
        let f = try tensor.expression(Common.expression)
        // Central differences on random instances of every size: without a tolerance given,
        // the relative error one of them may show at its step (eps^(2/3) times the scale of the
        // third derivative; 1e-6 leaves room for that scale).
        let tolerance = arguments[NumericCommands.tolerance] ?? 1e-6
        let given = try point(tensor, at, roots: [f.tensor])
        let names = arguments.has(Common.pointVariables) ? arguments[Common.pointVariables].map(name(of:))
            : variableNames(f).filter { !given.fromData.contains($0) }
        var checked: [(name: String, variable: Tensor, derivative: Tensor)] = []
        for name in names {
            guard !name.contains("["), let v = f.tensor.variables.first(where: { $0.variableName == name }) else {
                throw CommandError(.input, "'\(name)' is not a variable of the expression", about: Common.pointVariables, item: name)
            }
            checked.append((name, v, try derivative(f, name, simplify: true).tensor))
        }
        let roots = [f.tensor] + checked.map(\.derivative)
        var rows = [["variable", "sizes", "worst error (central)"]]
        var worst = 0.0
        for (k, sizes) in instanceSizes(roots, given).enumerated() {
            var random = TensorRandomValues(seed: UInt64(k + 1))
            var values: [String: TensorValue]
            do throws(TensorEvaluationError) { values = try random.values(for: roots, sizes: sizes) } catch {
                throw evaluationError(error, at)
            }
            for (name, value) in given.values { values[name] = value }
            let sizeText = sizes.keys.sorted().map { "\($0)=\(sizes[$0]!)" }.joined(separator: ", ")
            for c in checked {
                let result: TensorDerivativeCheck
                do throws(TensorEvaluationError) {
                    result = try TensorDerivativeCheck(f.tensor, withRespectTo: c.variable, derivative: c.derivative, values: values, sizes: sizes)
                } catch {
                    throw evaluationError(error, at)
                }
                worst = max(worst, result.worstError)
                rows.append([c.name, sizeText.isEmpty ? "-" : sizeText, formatScientific(result.worstError)])
            }
        }
        var out = alignedColumns(rows)
        let agrees = worst <= tolerance
        out += agrees ? "ok: the derivatives agree with central differences within \(formatNumber(tolerance))\n"
                      : "MISMATCH: a derivative differs from central differences by \(formatScientific(worst)) (> \(formatNumber(tolerance)))\n"
        return CommandResult(.text(out), verdict: agrees ? .ok : .failed("check failed: the symbolic derivative disagrees with finite differences"))
    }

    /// The sizes of the random instances: those given or fixed by values, and for the others
    /// three sets (all 1; then 2, 3, 4, … and 3, 4, 5, … by name, so that sizes differ and a
    /// transposed index shows). One set when every size is known.
    static func instanceSizes(_ roots: [Tensor], _ given: Point) -> [[String: Int]] {
        var known = Tensor.sizes(of: roots, fixedBy: given.values)
        for (name, n) in given.sizes { known[name] = n }
        let unknown = Set(roots.flatMap(\.sizeNames)).subtracting(known.keys).sorted()
        if unknown.isEmpty { return [known, known, known] }
        return [1, 2, 3].map { start in
            var sizes = known
            for (k, name) in unknown.enumerated() { sizes[name] = start == 1 ? 1 : start + k }
            return sizes
        }
    }
}
