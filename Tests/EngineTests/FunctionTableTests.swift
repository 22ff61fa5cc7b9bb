import Foundation
import SymDiff
import Testing

/// Every function of the table through every path that reads the table: parse, print and parse
/// back, exact values, sign and domain facts, the derivative against central differences, the
/// Tape, batch evaluation, native code, every emitted language run by its real toolchain, LaTeX
/// and steps. Each test takes the function's name as its argument, so a function that misses a
/// path fails that path's test under its own name.
@Suite struct FunctionTableTests {
    static let names = FunctionTable.all.map(\.name)

    @Test(arguments: names)
    func parsesAndPrintsBack(_ name: String) throws {
        let c = try TableCall(name)
        // The text reaches the function (or, for sqrt, its canonical power) with its arguments.
        #expect(c.expr == Expr.apply(c.id, c.arguments), "\(name): \(c.text) parses to \(c.expr)")
        let printed = c.expr.description
        #expect(try Parser().parse(printed) == c.expr, "\(name): \(printed) does not parse back")
        // A call with the wrong number of arguments is an error that names the function.
        let arity = c.id.spec.arity
        let wrong = arity.minimum > 1 ? "\(name)(x)" : arity.isVariadic ? nil : "\(name)(" + Array(repeating: "x", count: arity.full + 1).joined(separator: ", ") + ")"
        if let wrong {
            #expect(throws: Diagnostic.self, "\(name): \(wrong) is accepted") { try Parser().parse(wrong) }
        }
        #expect(FunctionTable.names.contains(name))
    }

    /// Exact values and canonical rewrites (`sin(-u) = -sin(u)`, `log(exp(u)) = u`) keep the
    /// value wherever the call had one.
    @Test(arguments: names)
    func exactValuesKeepTheValue(_ name: String) throws {
        let f = try #require(FunctionTable.lookup(name))
        var compared = 0
        for arguments in TableCall.argumentForms(for: f) {
            let rewritten = Expr.apply(f, arguments)
            for point in TableCall.points {
                let env = TableCall.environment(point)
                let direct = f.spec.evaluate(arguments.map { $0.evaluate(at: env) })
                guard direct.isFinite else { continue }
                compared += 1
                let value = rewritten.evaluate(at: env)
                #expect(isClose(value, direct, relative: 1e-12, absolute: 1e-12),
                        "\(name)(\(arguments.map(\.description).joined(separator: ", "))) = \(rewritten): \(value), the call gives \(direct) at \(point)")
            }
        }
        #expect(compared >= 20, "\(name): only \(compared) values compared")
    }

    /// The sign fact holds at every point where the value is defined, and a value that is not
    /// finite is explained by the function's own domain message.
    @Test(arguments: names)
    func signAndDomainFactsHold(_ name: String) throws {
        let c = try TableCall(name)
        let spec = c.id.spec
        for point in TableCall.points + TableCall.outside {
            let args = c.arguments.map { $0.evaluate(at: TableCall.environment(point)) }
            let v = spec.evaluate(args)
            guard !v.isNaN else { continue }
            switch spec.sign {
            case .positive: #expect(v > 0, "\(name)\(args) = \(v), said positive")
            case .nonNegative: #expect(v >= 0, "\(name)\(args) = \(v), said non-negative")
            case .ofArgument:
                #expect(args[0] > 0 ? v > 0 : args[0] < 0 ? v < 0 : v == 0, "\(name)\(args) = \(v), said to have its argument's sign")
            case .unknown: break
            }
        }
        let message = domainMessage(.apply(c.id, c.arguments))
        #expect(message.hasPrefix(spec.domain ?? "\(name) is not finite"), "\(name): \(message)")
        #expect(message.hasSuffix(" in " + Expr.apply(c.id, c.arguments).description))
    }

    @Test(arguments: names)
    func derivativeMatchesCentralDifferences(_ name: String) throws {
        let c = try TableCall(name)
        var compared = 0
        for variable in TableCall.variables {
            let d = c.expr.derivative(withRespectTo: variable)
            for point in c.points {
                let env = TableCall.environment(point)
                let h = 1e-6
                var plus = env, minus = env
                plus[variable.description]! += h
                minus[variable.description]! -= h
                let fine = (c.expr.evaluate(at: plus) - c.expr.evaluate(at: minus)) / (2 * h)
                plus[variable.description]! += h
                minus[variable.description]! -= h
                let coarse = (c.expr.evaluate(at: plus) - c.expr.evaluate(at: minus)) / (4 * h)
                // Not smooth at the scale of the step (a kink): the difference means nothing.
                guard isClose(fine, coarse, relative: 1e-4, absolute: 1e-6) else { continue }
                compared += 1
                let symbolic = d.evaluate(at: env)
                #expect(isClose(symbolic, fine, relative: 1e-5, absolute: 1e-7),
                        "d/d\(variable) \(c.expr) = \(d) at \(point): \(symbolic), central difference \(fine)")
            }
        }
        #expect(compared >= 2 * c.points.count - 2, "\(name): only \(compared) derivatives compared")
    }

    /// The Tape has one `function` instruction for the call, and its value and gradient (one
    /// point at a time and in batch) are the reference evaluator's.
    @Test(arguments: names)
    func tapeAndBatchEvaluationAgree(_ name: String) throws {
        let c = try TableCall(name)
        let program = try CompiledFunction(c.outputs, variables: TableCall.variables)
        #expect(program.tape.instructions.contains { if case .function(c.id, _) = $0 { return true } else { return false } },
                "\(name): the Tape does not call it")
        let batch = program.evaluate(points: c.points.flatMap { $0 })
        for (k, point) in c.points.enumerated() {
            let env = TableCall.environment(point)
            let one = program(point)
            for (j, output) in c.outputs.enumerated() {
                let reference = output.evaluate(at: env)
                #expect(isClose(one[j], reference, relative: 1e-12, absolute: 1e-14), "\(name): Tape output \(j) at \(point): \(one[j]), expected \(reference)")
                #expect(batch[k * c.outputs.count + j] == one[j], "\(name): batch output \(j) at \(point) differs from the Tape's")
            }
        }
    }

    @Test(arguments: names)
    func nativeCodeAgreesWithTheTape(_ name: String) throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping native \(name): no C compiler"); return }
        let c = try TableCall(name)
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let native = try NativeFunction(c.outputs, variables: TableCall.variables, options: NativeOptions(cacheDirectory: cache.path))
        let program = try CompiledFunction(c.outputs, variables: TableCall.variables)
        let points = c.points.flatMap { $0 }
        let got = native.evaluate(points: points), want = program.evaluate(points: points)
        #expect(got.count == want.count)
        for (a, b) in zip(got, want) { #expect(isClose(a, b, relative: 1e-12, absolute: 1e-14), "\(name): native \(a), Tape \(b)") }
    }

    /// Every programming language, built and run by its toolchain (one build per language for
    /// the whole table), against the Tape: value, gradient and Hessian at the function's points.
    @Test(arguments: names)
    func emittedCodeAgreesWithTheTape(_ name: String) throws {
        let c = try TableCall(name)
        let reference = try c.emitCase.reference()
        for language in EmittedTable.languages {
            if let reason = EmitToolchain.missing(language) {
                print("skipping \(language.rawValue) for \(name): \(reason)")
                continue
            }
            guard let printed = EmittedTable.shared.output[language.rawValue]?[c.emitCase.name] else {
                Issue.record("\(language.rawValue) \(name): \(EmittedTable.shared.failure[language.rawValue]?[c.emitCase.name] ?? "no output")")
                continue
            }
            expectAgreement(printed, reference, "\(language.rawValue) \(name)")
        }
    }

    @Test(arguments: names)
    func latexSpellsItsOwnWay(_ name: String) throws {
        let c = try TableCall(name)
        let u = Expr.symbol("u")
        let latex = LatexPrinter().print(c.unaryOrFirst(u))
        #expect(latex.filter { $0 == "{" }.count == latex.filter { $0 == "}" }.count, "\(name): \(latex)")
        #expect(latex.contains("u"), "\(name): \(latex)")
        // No two functions print alike.
        for other in FunctionTable.all.map(\.name) where other != name {
            let o = try TableCall(other)
            #expect(LatexPrinter().print(o.unaryOrFirst(u)) != latex || Expr.apply(o.id, o.arguments) == c.expr,
                    "\(name) and \(other) both print as \(latex)")
        }
        let emitted = try emitCode(for: c.expr, variables: TableCall.variables, language: .latex, gradient: true)
        #expect(emitted.contains(LatexPrinter().print(c.expr)), "\(name): the LaTeX emitter does not show the function")
    }

    @Test(arguments: names)
    func stepsNameTheRule(_ name: String) throws {
        let c = try TableCall(name)
        let x = TableCall.variables[0]
        let derivation = derivationSteps(of: c.expr, withRespectTo: x)
        #expect(derivation.derivative == c.expr.derivative(withRespectTo: x))
        if case .function = c.expr.head {
            let root = derivation.root
            let rule = root.rule == "chain" ? root.outerRule : root.rule
            #expect(rule == c.id.spec.rule, "\(name): the step's rule is \(rule ?? "none")")
            #expect(derivation.text.contains(c.id.spec.rule), "\(name): the text does not name \(c.id.spec.rule)")
        }
        #expect(!derivation.latex.isEmpty && derivation.json.contains("\"rule\""), "\(name): steps do not render")
    }

}

/// One call of a function of the table over the test's variables, with the points where it is
/// checked: inside its domain, where the value and the first two derivatives are finite.
struct TableCall {
    static let variables = [Expr.symbol("x"), Expr.symbol("y")]
    /// (x, y) pairs avoiding 0, ±1 and ties, where kinks and domain edges sit.
    static let points: [[Double]] = [[-2.3, 0.8], [-1.1, -1.3], [-0.35, 2.1], [0.45, -0.6], [0.9, 1.45], [1.7, 0.3], [2.6, -2.2]]
    /// Points outside most domains, for the sign facts.
    static let outside: [[Double]] = [[-7, 3], [0, 0], [12, -5]]

    let id: FunctionID
    let arguments: [Expr]
    let text: String
    let expr: Expr
    /// The value and the gradient.
    let outputs: [Expr]
    let points: [[Double]]

    init(_ name: String) throws {
        id = try #require(FunctionTable.lookup(name), "\(name) is not in the table")
        let (x, y) = (TableCall.variables[0], TableCall.variables[1])
        let arity = id.spec.arity
        // Two arguments where a second one is allowed; a variadic function, or one of three, gets three.
        // piecewise chooses by a condition between two branches that differ.
        arguments = arity.isVariadic || arity.full == 3 && id != .piecewise ? [x, y, 1 - x]
            : id == .piecewise ? [Expr.apply(.less, [x, y]), x * y, x + y]
            : arity.full >= 2 ? [x, y] : [x]
        text = name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        expr = try Parser().parse(text)
        outputs = [expr] + expr.gradient(withRespectTo: TableCall.variables)
        let hessian = expr.hessian(withRespectTo: TableCall.variables).flatMap { $0 }
        let all = outputs + hessian
        points = TableCall.points.filter { point in
            let env = TableCall.environment(point)
            return all.allSatisfy { $0.evaluate(at: env).isFinite }
        }
        try #require(points.count >= 2, "\(name): only \(points.count) points inside the domain")
    }

    /// The variables' values at `point`.
    static func environment(_ point: [Double]) -> [String: Double] { ["x": point[0], "y": point[1]] }

    /// The call with `u` as the first argument (the others as before).
    func unaryOrFirst(_ u: Expr) -> Expr { Expr.apply(id, [u] + arguments.dropFirst()) }

    /// The unit every language emits for this function: value, gradient and Hessian.
    var emitCase: EmitCase {
        let unit = try! CodeUnit(function: expr, variables: TableCall.variables, gradient: true, hessian: true,
                                 name: "f_" + id.name, simplify: { Simplifier().simplify($0) })
        return EmitCase(unit: unit, name: "f_" + id.name, points: points.flatMap { $0 })
    }

    /// Arguments on which exact values and rewrites fire: numbers, constants, negations, and
    /// every one-argument function of the table (so inverses meet: sin(asin(x)), log(exp(x))).
    static func argumentForms(for f: FunctionID) -> [[Expr]] {
        let (x, y) = (variables[0], variables[1])
        var singles: [Expr] = [.zero, .one, .minusOne, .two, .half, .integer(10), .pi, .e, -x, x - 1, 1 - x, 1 + x, 2 * x, .power(x, .integer(3))]
        for g in FunctionTable.ids where g.spec.arity == .one { singles.append(Expr.apply(g, [x])) }
        let arity = f.spec.arity
        if arity.isVariadic {
            return (singles.map { [$0] } + singles.map { [$0, $0] } + [[x, y], [x, x, x], [y, x, .zero]]).filter { arity.accepts($0.count) }
        }
        if arity.full == 1 { return singles.map { [$0] } }
        if f == .piecewise { return singles.map { [Expr.apply(.less, [x, $0]), $0, y] } + [[.one, x, y], [.zero, x, y], [x, y, y]] }
        if arity.full == 3 { return singles.map { [$0, y, -.half] } + [[x, x, x], [.one, y, .zero], [.zero, x, y], [x, .zero, y]] }
        return singles.map { [$0, y] } + [[x, x], [.one, .two], [-x, .half], [.zero, .zero]]
    }
}

/// The whole table emitted in every programming language, built and run once per language.
struct EmittedTable: Sendable {
    static let languages = CodeLanguage.allCases.filter { $0 != .latex }

    /// Printed lines of each function's case, by language and case name.
    var output: [String: [String: String]] = [:]
    /// Why a case has no output, by language and case name.
    var failure: [String: [String: String]] = [:]

    static let shared: EmittedTable = {
        var table = EmittedTable()
        let cases = FunctionTable.all.compactMap { try? TableCall($0.name).emitCase }
        for language in languages where EmitToolchain.missing(language) == nil {
            var failures: [String: String] = [:]
            // A function the language cannot write fails alone; the others are still run.
            let writable = cases.filter { c in
                do { _ = try Emitter(language: language).emit(c.unit); return true } catch {
                    failures[c.name] = "\(error)"
                    return false
                }
            }
            do {
                let dir = try EmitToolchain.temporaryDirectory()
                defer { try? FileManager.default.removeItem(at: dir) }
                table.output[language.rawValue] = try EmitDrivers.run(language, writable, in: dir)
            } catch {
                for c in writable { failures[c.name] = "\(error)" }
            }
            table.failure[language.rawValue] = failures
        }
        return table
    }()
}
