import SymDiff
import Tensor

/// `minimize` over vectors and matrices: fits the variables of the starting point (`w=0`, a
/// vector of zeros; `w=[1, 2]`), every other variable a given array (data), with the value,
/// gradient and Hessian in matrix form evaluated on the whole arrays.
extension TensorCommands {
    static let minimize: TensorImplementation = { arguments, tensor, context throws(CommandError) in
        try fit(arguments, tensor, context)
    }

    /// `minimize` on `tensor`'s expression.
    private static func fit(_ arguments: CommandArguments, _ given: TensorInput, _ context: CommandContext) throws(CommandError) -> CommandResult {
        let from = MinimizeCommand.from
        let f = try given.expression(Common.expression)
        guard f.tensor.isScalar else {
            throw CommandError(.input, "minimize needs a scalar function, but \(f) is \(describe(f.tensor.shape))")
        }
        if arguments[MinimizeCommand.plot] != nil {
            throw CommandError(.input, "\(MinimizeCommand.plot) draws functions of two scalar variables", about: MinimizeCommand.plot)
        }
        var tensor = given
        var starts = tensor.points[from.spec.name] ?? []
        // With the variables to fit named, the other values given are data (a statement gives
        // both as keywords: minimize(loss, w=0, X=[...], y=[...], vars=[w])).
        if arguments.has(Common.pointVariables) {
            let fitted = Set(arguments[Common.pointVariables].map(name(of:)))
            for s in starts where !fitted.contains(s.name) { tensor.data[s.name] = s.value }
            starts = starts.filter { fitted.contains($0.name) }
        }
        guard !starts.isEmpty else {
            throw CommandError(.usage, "give the variables to fit with their starting values: \(from)", about: from)
        }
        let data = try point(tensor, nil as Parameter<Bool>?, roots: [f.tensor])
        var fixed = data.values
        var fitted: [(name: String, variable: Tensor, shape: [Int])] = []
        var start: [Double] = []
        let sizes = Tensor.sizes(of: [f.tensor], fixedBy: data.values).merging(data.sizes) { $1 }
        for s in starts {
            guard let v = f.tensor.variables.first(where: { $0.variableName == s.name }) else {
                throw CommandError(.input, "'\(s.name)' is not a variable of the expression", about: from, item: s.name)
            }
            var shape: [Int] = []
            for (axis, size) in v.shape.enumerated() {
                if let n = size.value(sizes) { shape.append(n) } else if s.value.shape.count == v.order { shape.append(s.value.shape[axis]) } else {
                    throw CommandError(.input, "the size \(size) of \(s.name) is not known: give \(s.name) as an array, or data that fixes it", about: from, item: s.name)
                }
            }
            let value: TensorValue
            if let x = s.value.scalar, !shape.isEmpty {
                value = TensorValue(shape: shape, entries: Array(repeating: x, count: shape.reduce(1, *)))
            } else {
                guard s.value.shape == shape else {
                    throw CommandError(.input, "\(s.name) starts as \(s.value.shape.map(String.init).joined(separator: "×")) but is \(shape.map(String.init).joined(separator: "×")) here", about: from, item: s.name)
                }
                value = s.value
            }
            fixed[s.name] = nil
            fitted.append((s.name, v, shape))
            start += value.entries
        }
        let newton = (arguments[MinimizeCommand.compare].isEmpty ? [arguments[MinimizeCommand.method]] : arguments[MinimizeCommand.compare]).contains("newton")
        var gradients: [Tensor] = []
        var hessian: [[Tensor]] = []
        for v in fitted {
            let g = try derivative(f, v.name, simplify: true)
            gradients.append(g.tensor)
            if newton { hessian.append(try fitted.map { u throws(CommandError) in try derivative(g, u.name, simplify: true).tensor }) }
        }
        var function = FittedFunction(f: f.tensor, gradients: gradients, hessian: hessian, fitted: fitted.map { ($0.name, $0.shape) },
                                      fixed: fixed, sizes: data.sizes, sources: data.sources)
        // Fail early, with the evaluator's message, rather than as a non-finite first step.
        do throws(TensorEvaluationError) { _ = try function.values([f.tensor], at: start) } catch {
            throw evaluationError(error, from)
        }
        let valueRoots = [f.tensor]
        let gradientRoots = [f.tensor] + gradients
        let hessianRoots = hessian.flatMap { $0 }
        var notes: [String] = []
        if arguments[NumericCommands.native] {
            notes = function.compile([valueRoots, gradientRoots] + (newton ? [hessianRoots] : []), at: start)
        }
        let entryNames = fitted.flatMap { v in (0..<v.shape.reduce(1, *)).map { Expr.symbol("\(v.name)_\($0 + 1)") } }
        let fitting = function
        let value: @Sendable ([Double]) -> [Double] = { fitting.flat(valueRoots, at: $0) }
        let valueAndGradient: @Sendable ([Double]) -> [Double] = { fitting.flat(gradientRoots, at: $0) }
        let wholeHessian: @Sendable ([Double]) -> [Double] = { fitting.flat(hessianRoots, at: $0, blocks: true) }
        let hessianProgram = newton ? wholeHessian : nil
        let objective = Objective(variables: entryNames, value: value, valueAndGradient: valueAndGradient, hessian: hessianProgram)
        let lr = arguments[MinimizeCommand.learningRate]
        if let lr, !(lr > 0) { throw CommandError(.usage, "\(MinimizeCommand.learningRate) must be positive", about: MinimizeCommand.learningRate) }
        let methods = arguments[MinimizeCommand.compare].isEmpty ? [arguments[MinimizeCommand.method]] : arguments[MinimizeCommand.compare]
        var out = ""
        var verdict = CommandResult.Verdict.ok
        for method in methods {
            var minimizer = Minimizer(method: method == "newton" ? .newton : .gradientDescent(learningRate: lr),
                                      maximumIterations: arguments[MinimizeCommand.iterations], gradientTolerance: arguments[MinimizeCommand.tolerance])
            minimizer.maximumIterations = min(minimizer.maximumIterations, context.limits.iterations)
            let result = minimizer.minimize(objective, from: start, recordTrace: arguments[MinimizeCommand.trace] != nil)
            if methods.count > 1 { out += (out.isEmpty ? "" : "\n") + "\(method):\n" }
            if let format = arguments[MinimizeCommand.trace] { out += traced(result, csv: format == "csv") }
            var offset = 0
            for v in fitted {
                let count = v.shape.reduce(1, *)
                out += "\(v.name): " + TensorValue(shape: v.shape, entries: Array(result.x[offset..<(offset + count)])).text
                    .replacingNewlines(indent: v.name.count + 2) + "\n"
                offset += count
            }
            out += "f: \(formatNumber(result.value))\n|grad|: \(formatScientific(result.gradientNorm))\n"
            out += "result: \(result.outcome.description)\niterations: \(result.iterations) (\(result.reason.rawValue))\n"
            // As for scalars: no minimum (exit status 1) outweighs a run stopped by its
            // iteration limit (3).
            if result.outcome == .stopped(.iterations) {
                if verdict == .ok { verdict = .limitReached }
            } else if !result.outcome.foundMinimum {
                verdict = .notFound
            }
        }
        return CommandResult(.text(out), verdict: verdict, notes: notes)
    }

    /// Every iterate's value, gradient norm and step (the variables are arrays: not listed).
    private static func traced(_ result: Minimizer.Result, csv: Bool) -> String {
        let header = ["k", "f", "|grad|", "step"]
        let rows = result.trace.map { [String($0.k), formatNumber($0.value), formatScientific($0.gradientNorm), formatNumber($0.step)] }
        return csv ? ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n" : alignedColumns([header] + rows)
    }
}

/// The function `minimize` fits: expressions evaluated with the fitted variables' entries from
/// one flat vector and every other variable fixed.
struct FittedFunction: Sendable {
    let f: Tensor
    let gradients: [Tensor]
    let hessian: [[Tensor]]
    let fitted: [(name: String, shape: [Int])]
    let fixed: [String: TensorValue]
    let sizes: [String: Int]
    let sources: [String: String]
    /// Compiled code for lists of roots (`--native`); other roots are evaluated in-process.
    private var compiled: [[Tensor]: NativeTensorProgram] = [:]

    init(f: Tensor, gradients: [Tensor], hessian: [[Tensor]], fitted: [(name: String, shape: [Int])],
         fixed: [String: TensorValue], sizes: [String: Int], sources: [String: String]) {
        (self.f, self.gradients, self.hessian, self.fitted) = (f, gradients, hessian, fitted)
        (self.fixed, self.sizes, self.sources) = (fixed, sizes, sources)
    }

    /// Every variable's value, the fitted ones set from `x`.
    private func arrays(at x: [Double]) -> [String: TensorValue] {
        var values = fixed
        var offset = 0
        for v in fitted {
            let count = v.shape.reduce(1, *)
            values[v.name] = TensorValue(shape: v.shape, entries: Array(x[offset..<(offset + count)]))
            offset += count
        }
        return values
    }

    /// The values of `roots` with the fitted variables set from `x`.
    func values(_ roots: [Tensor], at x: [Double]) throws(TensorEvaluationError) -> [TensorValue] {
        let values = arrays(at: x)
        if let program = compiled[roots] { return program.values(values.mapValues(\.entries)) }
        return try TensorEvaluator(values: values, sizes: sizes, sources: sources).evaluate(roots)
    }

    /// Compiles each list of `rootLists` as C (the sizes those at `x` fix), so `values` calls
    /// native code for them; the notes say how the code was obtained, or why the lists stay
    /// in-process (no C compiler, a node without C code).
    mutating func compile(_ rootLists: [[Tensor]], at x: [Double]) -> [String] {
        let evaluator = TensorEvaluator(values: arrays(at: x), sizes: sizes, sources: sources)
        var notes: [String] = []
        do throws(NativeTensorProgram.Unavailable) {
            guard let known = try? evaluator.sizes(of: rootLists.flatMap { $0 }) else {
                throw NativeTensorProgram.Unavailable(description: "the sizes are not all known")
            }
            for roots in rootLists {
                let program = try NativeTensorProgram(roots, sizes: known)
                compiled[roots] = program
                for note in program.notes where !notes.contains(note) { notes.append(note) }
            }
        } catch {
            compiled = [:]
            return ["note: \(error); minimizing in-process instead"]
        }
        return notes
    }

    /// The entries of `roots` one after another, or NaN where they have no value (the optimizer
    /// stops there and says why). `blocks`: the roots are the Hessian's blocks, row-major by
    /// block; the result is the whole matrix row by row.
    func flat(_ roots: [Tensor], at x: [Double], blocks: Bool = false) -> [Double] {
        guard let parts = try? values(roots, at: x) else {
            let n = x.count
            // The value alone, or the value and the gradient, or the Hessian.
            return Array(repeating: .nan, count: blocks ? n * n : roots.count == 1 ? 1 : 1 + n)
        }
        guard blocks else { return parts.flatMap(\.entries) }
        let counts = fitted.map { $0.shape.reduce(1, *) }
        let n = counts.reduce(0, +)
        var out = [Double](repeating: 0, count: n * n)
        var row = 0
        for (i, ci) in counts.enumerated() {
            var column = 0
            for (j, cj) in counts.enumerated() {
                let block = parts[i * counts.count + j].entries
                for a in 0..<ci { for b in 0..<cj { out[(row + a) * n + column + b] = block[a * cj + b] } }
                column += cj
            }
            row += ci
        }
        return out
    }
}
