import SymDiff
import Tensor

/// What a command does with vectors and matrices: the tensor implementation of a command-table
/// entry, run instead of the scalar one when the call declares or uses them.
public typealias TensorImplementation = @Sendable (CommandArguments, TensorInput, CommandContext) throws(CommandError) -> CommandResult

/// The tensor implementations of the derivative commands (`diff`, `steps`, `grad`, `hessian`,
/// `jacobian`) and of `simplify` and `latex`: derivatives in matrix notation by reverse
/// accumulation over the tensor graph (see the `Tensor` module). Numbers are in
/// `TensorCommands+Numbers.swift`, minimization and code in files of their own.
enum TensorCommands {
    /// The error of a command without a tensor implementation.
    static func scalarOnly(_ command: CommandSpec) -> CommandError {
        CommandError(.input, "\(command.name) works on scalar expressions only, not on vectors and matrices",
                     notes: ["vectors and matrices work with diff, steps, grad, hessian, jacobian, simplify, latex, eval, check, minimize and emit"])
    }

    // MARK: - Derivatives

    static let diff: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let f = try tensor.expression(Common.expression)
        if arguments[DerivativeCommands.showSteps] { return try explain(arguments, tensor) }
        if arguments.has(DerivativeCommands.depth) {
            throw CommandError(.usage, "\(DerivativeCommands.depth) needs \(DerivativeCommands.showSteps)", about: DerivativeCommands.depth)
        }
        if arguments[DerivativeCommands.expand] { throw CommandError(.input, "\(DerivativeCommands.expand) multiplies out scalar expressions, not matrix products") }
        var result = f
        for (name, count) in try partials(of: f, arguments, DerivativeCommands.variables) {
            for _ in 0..<count { result = try derivative(result, name, simplify: arguments[DerivativeCommands.simplify]) }
        }
        return try formatted(.expression(result), arguments)
    }

    static let steps: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        try explain(arguments, tensor)
    }

    /// `steps`, and `diff` with steps: the reverse sweep rule by rule.
    private static func explain(_ arguments: CommandArguments, _ tensor: TensorInput) throws(CommandError) -> CommandResult {
        let f = try tensor.expression(Common.expression)
        let wanted = try partials(of: f, arguments, DerivativeCommands.variables)
        guard wanted.count == 1, wanted[0].count == 1 else {
            throw CommandError(.input, "steps show a first derivative with respect to one variable; leave out \(DerivativeCommands.order) and further variables")
        }
        let derivation: TensorDerivation
        do throws(TensorCalculusError) { derivation = try f.derivation(withRespectTo: wanted[0].name) } catch {
            throw CommandError(.input, "\(error)", about: DerivativeCommands.variables)
        }
        switch arguments[Common.format] {
        case "latex": return CommandResult(.text(derivation.latex))
        case "json": return CommandResult(.text(derivation.json))
        default: return CommandResult(.text(derivation.text))
        }
    }

    /// The variables of `diff` with how many times each, in order; the only variable when none is
    /// given.
    private static func partials(of f: TensorExpression, _ arguments: CommandArguments,
                                 _ parameter: Parameter<[CountedVariable]>) throws(CommandError) -> [(name: String, count: Int)] {
        let given = arguments[parameter]
        let n = arguments[DerivativeCommands.order]
        if given.isEmpty {
            let names = variableNames(f)
            guard names.count <= 1 else {
                throw CommandError(.input, "the expression has several variables (\(names.joined(separator: ", "))); choose one with \(parameter)", about: parameter)
            }
            return [(names.first ?? "x", n)]
        }
        return given.map { (name(of: $0.variable), $0.count ?? n) }
    }

    static let grad: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let f = try tensor.expression(Common.expression)
        guard f.tensor.isScalar else {
            throw CommandError(.input, "\(TensorCalculusError.notScalar(f.description, shape: f.tensor.shape))")
        }
        let parts = try variables(of: f, arguments, Common.variables).map { v throws(CommandError) in
            TensorResult.LabelledExpression(label: "d/d\(v)", expression: try derivative(f, v, simplify: arguments[MatrixCommands.simplify]))
        }
        return try formatted(parts.count == 1 ? .expression(parts[0].expression) : .derivatives(parts), arguments)
    }

    static let hessian: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let f = try tensor.expression(Common.expression)
        guard f.tensor.isScalar else {
            throw CommandError(.input, "the Hessian needs a scalar function, but \(f) is \(describe(f.tensor.shape)); use jacobian of a gradient for arrays")
        }
        let names = try variables(of: f, arguments, Common.variables)
        let simplify = arguments[MatrixCommands.simplify]
        var parts: [TensorResult.LabelledExpression] = []
        for (i, v) in names.enumerated() {
            let g = try derivative(f, v, simplify: simplify)
            for u in names[i...] {
                parts.append(.init(label: "d2/d\(v)d\(u)", expression: try derivative(g, u, simplify: simplify)))
            }
        }
        return try formatted(parts.count == 1 ? .expression(parts[0].expression) : .derivatives(parts), arguments)
    }

    static let jacobian: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let f = try tensor.expression(MatrixCommands.functions)
        let parts = try variables(of: f, arguments, Common.variables).map { v throws(CommandError) in
            TensorResult.LabelledExpression(label: "d/d\(v)", expression: try derivative(f, v, simplify: arguments[MatrixCommands.simplify]))
        }
        return try formatted(parts.count == 1 ? .expression(parts[0].expression) : .derivatives(parts), arguments)
    }

    // MARK: - Code

    /// `emit` of vectors and matrices: vectorized NumPy, or loops in C, Swift and JavaScript (the
    /// value and the derivatives asked for in one pass over the shared graph), LaTeX in matrix
    /// notation; Python is written entry by entry (`unroll`, with numeric sizes), which the
    /// command table routes to the scalar emitter before this runs.
    static let emit: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let f = try tensor.expression(Common.expression)
        if ["numpy", "c", "swift", "js", "javascript"].contains(arguments[CodeCommands.language]) { return try program(f, arguments) }
        guard arguments[CodeCommands.language] == "latex" else {
            throw CommandError(.input, "\(arguments[CodeCommands.language]) code for vectors and matrices is written entry by entry: give numeric sizes (declared, or \(TensorParameters.dims)) and \(TensorParameters.unroll)",
                               notes: ["\(CodeCommands.language) c, swift and js write loops and \(CodeCommands.language) numpy vectorized code over the whole arrays; \(CodeCommands.language) latex writes matrix notation"])
        }
        var lines = ["f = " + f.latex]
        if arguments[CodeCommands.withGradient] || arguments[CodeCommands.withHessian] {
            for v in try variables(of: f, arguments, Common.variables) {
                let g = try derivative(f, v, simplify: arguments[CodeCommands.simplify])
                if arguments[CodeCommands.withGradient] { lines.append("\\frac{\\partial f}{\\partial \(v)} = " + g.latex) }
                if arguments[CodeCommands.withHessian] {
                    lines.append("\\frac{\\partial^2 f}{\\partial \(v)^2} = " + (try derivative(g, v, simplify: arguments[CodeCommands.simplify])).latex)
                }
            }
        }
        let code = lines.joined(separator: "\n") + "\n"
        guard let path = arguments[CodeCommands.output] else { return CommandResult(.text(code)) }
        return CommandResult(.text(""), files: [OutputFile(path: path, content: .text(code))])
    }

    /// `emit --lang numpy`, `c`, `swift` and `js`: the value, then each gradient, then each Hessian block.
    private static func program(_ f: TensorExpression, _ arguments: CommandArguments) throws(CommandError) -> CommandResult {
        var roots: [(label: String, output: String, expression: TensorExpression)] = [("value", "value", f)]
        if arguments[CodeCommands.withGradient] || arguments[CodeCommands.withHessian] {
            guard f.tensor.isScalar else {
                throw CommandError(.input, "derivatives in emitted code need a scalar function, but \(f) is \(describe(f.tensor.shape))")
            }
            let names = try variables(of: f, arguments, Common.variables)
            let simplify = arguments[CodeCommands.simplify]
            var gradients: [(String, TensorExpression)] = []
            for v in names { gradients.append((v, try derivative(f, v, simplify: simplify))) }
            if arguments[CodeCommands.withGradient] { roots += gradients.map { ("d/d\($0.0)", "grad_\($0.0)", $0.1) } }
            if arguments[CodeCommands.withHessian] {
                for (i, (v, g)) in gradients.enumerated() {
                    for u in names[i...] { roots.append(("d2/d\(v)d\(u)", "hess_\(v)_\(u)", try derivative(g, u, simplify: simplify))) }
                }
            }
        }
        let header = roots.map { "\($0.label) = \($0.expression)" }.joined(separator: "\n")
        let code: String
        do throws(NumPyProgramError) {
            let tensors = roots.map(\.expression.tensor)
            let (name, outputs) = (arguments[CodeCommands.name], roots.map(\.output))
            switch arguments[CodeCommands.language] {
            case "c": code = try CProgram(name: name).file(tensors, outputs: outputs, header: header)
            case "swift": code = try SwiftTensorProgram(name: name).file(tensors, outputs: outputs, header: header)
            case "js", "javascript": code = try JavaScriptTensorProgram(name: name).file(tensors, outputs: outputs, header: header)
            default:
                code = try NumPyProgram(name: arguments[CodeCommands.name]).file(tensors, labels: roots.map(\.label), header: header)
            }
        } catch {
            throw CommandError(.input, "\(error)")
        }
        guard let path = arguments[CodeCommands.output] else { return CommandResult(.text(code)) }
        return CommandResult(.text(""), files: [OutputFile(path: path, content: .text(code))])
    }

    // MARK: - Rewriting and printing

    static let simplify: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        let f = try tensor.expression(Common.expression)
        return try formatted(.expression(simplified(f)), arguments)
    }

    static let latex: TensorImplementation = { arguments, tensor, _ throws(CommandError) in
        guard let value = tensor.expressions[AlgebraCommands.subject.spec.name] else {
            throw CommandError(.usage, "give \(AlgebraCommands.subject)", about: AlgebraCommands.subject)
        }
        return CommandResult(.text(value.rendered(latex: true)))
    }

    /// `f` simplified in matrix algebra, with the scalar engine's rules on every elementwise part.
    static func simplified(_ f: TensorExpression) -> TensorExpression {
        let simplifier = Simplifier()
        let t = TensorSimplifier(scalar: { simplifier.simplify($0) }).simplify(f.tensor)
        return TensorExpression(tensor: t, isRow: f.isRow, declarations: f.declarations)
    }

    // MARK: - Shared

    /// The derivative of `f` with respect to `name` (a variable or one entry, `w[2]`),
    /// simplified in matrix algebra unless `simplify` is false.
    static func derivative(_ f: TensorExpression, _ name: String, simplify: Bool) throws(CommandError) -> TensorExpression {
        do throws(TensorCalculusError) {
            if simplify { return try f.derivative(withRespectTo: name) }
            guard !name.contains("[") else { return try f.derivative(withRespectTo: name) }
            return TensorExpression(tensor: try f.tensor.derivative(withRespectTo: f.variable(name)), declarations: f.declarations)
        } catch {
            throw CommandError(.input, "\(error)")
        }
    }

    /// The variables given (by name, entries allowed), else every variable of `f` in the
    /// canonical order.
    static func variables(of f: TensorExpression, _ arguments: CommandArguments, _ parameter: Parameter<[Expr]>) throws(CommandError) -> [String] {
        if arguments.has(parameter) { return arguments[parameter].map(name(of:)) }
        let names = variableNames(f)
        if names.isEmpty { throw CommandError(.input, "the expression has no variables; name one with \(parameter)", about: parameter) }
        return names
    }

    /// The names of the variables of `f`, in the canonical order.
    static func variableNames(_ f: TensorExpression) -> [String] {
        f.tensor.variables.compactMap(\.variableName)
    }

    /// The name a variable argument stands for (`w`, or an entry `w[2]`).
    static func name(of e: Expr) -> String {
        if case let .symbol(n) = e.head { return n }
        return e.description
    }

    /// `a scalar`, `n`, `n×d`.
    static func describe(_ shape: [Size]) -> String {
        shape.isEmpty ? "a scalar" : shape.map(\.description).joined(separator: "×")
    }

    /// The result in the output format the arguments ask for: matrix notation, or LaTeX.
    static func formatted(_ result: TensorResult, _ arguments: CommandArguments) throws(CommandError) -> CommandResult {
        switch arguments[Common.format] {
        case "latex": return CommandResult(.text(result.rendered(latex: true)))
        case "json": throw CommandError(.input, "json output is for scalar expressions; vectors and matrices print as infix or latex", about: Common.format)
        default: return CommandResult(.tensor(result))
        }
    }
}
