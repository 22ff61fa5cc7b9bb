import Foundation
import SymDiff
import Testing

/// Native evaluation: the emitted C compiled in-process, cached, and the Tape as the fallback.
@Suite struct NativeTests {
    static let f = try! Parser().parse("sigmoid(w*x + b) + softplus(w - 2*b)*log(1 + x^2) + relu(x - b)*tanh(w*b) + abs(w)")
    static let variables = ["w", "b", "x"].map(Expr.symbol)
    static var outputs: [Expr] {
        [f] + f.gradient(withRespectTo: variables) + f.hessian(withRespectTo: variables).flatMap { $0 }
    }

    @Test func nativeCodeAgreesWithTheTape() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let native = try NativeFunction(Self.outputs, variables: Self.variables, options: NativeOptions(cacheDirectory: cache.path))
        let tape = try CompiledFunction(Self.outputs, variables: Self.variables)
        var rng = SplitMix64(seed: 21)
        let points = (0..<(3 * 50)).map { _ in Double.random(in: -3...3, using: &rng) }
        let batch = native.evaluate(points: points), reference = tape.evaluate(points: points)
        #expect(batch.count == reference.count)
        for (a, b) in zip(batch, reference) { #expect(abs(a - b) <= 1e-12 * (1 + abs(b))) }
        let one = native(Array(points[0..<3]))
        #expect(zip(one, reference.prefix(one.count)).allSatisfy { abs($0 - $1) <= 1e-12 * (1 + abs($1)) })
    }

    @Test func librariesAreCachedUnderAStableName() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let options = NativeOptions(cacheDirectory: cache.appendingPathComponent("a/b").path)
        let first = try NativeFunction([Self.f], variables: Self.variables, options: options)
        let built = try FileManager.default.attributesOfItem(atPath: first.libraryPath)[.modificationDate] as? Date
        let second = try NativeFunction([Self.f], variables: Self.variables, options: options)
        #expect(first.libraryPath == second.libraryPath)
        #expect(try FileManager.default.attributesOfItem(atPath: second.libraryPath)[.modificationDate] as? Date == built)
        // One entry per program, holding the source, the library and its index; no temporary
        // files are left behind.
        let cachePath = cache.appendingPathComponent("a/b").path
        let entries = try FileManager.default.contentsOfDirectory(atPath: cachePath)
        #expect(entries.count == 1)
        #expect(first.libraryPath == "\(cachePath)/\(entries[0])/library.so")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(cachePath)/\(entries[0])").sorted() == ["index", "library.so", "source.c"])
        // Other derivatives, another library.
        let gradient = try NativeFunction([Self.f] + Self.f.gradient(withRespectTo: Self.variables), variables: Self.variables, options: options)
        #expect(gradient.libraryPath != first.libraryPath)
    }

    @Test func stableHashIsTheSameEverywhere() {
        var a = StableHash(), b = StableHash(), c = StableHash()
        a.combine("x^2"); b.combine("x^2"); c.combine("x^3")
        #expect(a.hex == b.hex)
        #expect(a.hex != c.hex)
        #expect(a.hex.count == 32)
        // Pinned: cache names must not change from one build to the next.
        var empty = StableHash()
        empty.combine("")
        #expect(empty.hex == "d228cb68f51a8caf78912b704e49f346")
    }

    @Test func withoutACompilerTheTapeIsUsedWithANote() throws {
        let (program, note) = try compileNatively([Self.f], variables: Self.variables,
                                                  options: NativeOptions(compiler: "/nonexistent/cc"))
        #expect(program is CompiledFunction)
        #expect(note?.contains("no C compiler found") == true)
        let tape = try CompiledFunction([Self.f], variables: Self.variables)
        #expect(program([0.5, -1, 2]) == tape([0.5, -1, 2]))
    }

    @Test func compilerErrorsAreReportedNotFatal() throws {
        // A "compiler" that always fails.
        let (program, note) = try compileNatively([Self.f], variables: Self.variables,
                                                  options: NativeOptions(compiler: "false", cacheDirectory: NSTemporaryDirectory() + "symdiff-native-false"))
        #expect(program is CompiledFunction)
        #expect(note?.contains("the C compiler failed") == true)
    }

    @Test func nativeObjectiveMinimizes() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        let rosenbrock = try Parser().parse("100*(y - x^2)^2 + (1 - x)^2")
        let vars = [Expr.symbol("x"), .symbol("y")]
        let options = NativeOptions(cacheDirectory: cache.path)
        let value = try NativeFunction([rosenbrock], variables: vars, options: options)
        let gradient = try NativeFunction([rosenbrock] + rosenbrock.gradient(withRespectTo: vars), variables: vars, options: options)
        let hessian = try NativeFunction(rosenbrock.hessian(withRespectTo: vars).flatMap { $0 }, variables: vars, options: options)
        let objective = Objective(variables: vars, value: { value($0) }, valueAndGradient: { gradient($0) }, hessian: { hessian($0) })
        let result = Minimizer(method: .newton).minimize(objective, from: [-1.2, 1])
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < 1e-6 && abs(result.x[1] - 1) < 1e-6)
        let tapeResult = Minimizer(method: .newton).minimize(try Objective(rosenbrock, variables: vars, withHessian: true), from: [-1.2, 1])
        #expect(result.iterations == tapeResult.iterations)
    }
}
