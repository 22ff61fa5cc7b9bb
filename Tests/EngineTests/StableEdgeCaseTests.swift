import Foundation
import SymDiff
import Testing

/// The edges where textbook ML forms fail in floating point, through every way symdiff
/// computes numbers: the Tape, native code and the code emitted in every language. Each must give
/// the true value and gradient (mpmath at 50 digits, rounded to doubles) within 2 ulps.
@Suite struct StableEdgeCaseTests {
    struct Edge {
        let name: String
        let expression: String
        let variables: [String]
        let point: [Double]
        /// The value, then the gradient.
        let truth: [Double]
    }

    static let edges: [Edge] = [
        // sigmoid(-800) underflows to 0: log gives -inf as written.
        Edge(name: "edge_log_sigmoid", expression: "log(sigmoid(z))", variables: ["z"], point: [-800], truth: [-800, 1]),
        // 1 - sigmoid(40) cancels to 0: log gives -inf as written.
        Edge(name: "edge_log_one_minus_sigmoid", expression: "log(1 - sigmoid(z))", variables: ["z"], point: [40], truth: [-40, -1]),
        // exp(1000) overflows: inf as written, and the softmax gradient inf/inf = NaN.
        Edge(name: "edge_logsumexp", expression: "log(exp(z1) + exp(z2))", variables: ["z1", "z2"], point: [1000, 999],
             truth: [1000.3132616875182, 0.7310585786300049, 0.2689414213699951]),
        // (x - mu)^2 = 1e320 overflows: the normal log-density is -inf as written, its derivative by
        // the scale inf - 1/s, where both are ordinary numbers.
        Edge(name: "edge_normal_log_density", expression: "-(x - mu)^2/(2*s^2) - log(s) - log(2*pi)/2", variables: ["x", "mu", "s"],
             point: [1e160, 0, 1e10], truth: [-5e299, -1e140, 1e140, 1e290]),
        // s^2 overflows from s = 1.3e154 on: 1/s^2 underflows and the derivative by x, -(x - mu)/s^2,
        // came out 0 (or from a subnormal) where it is -1e-100.
        Edge(name: "edge_normal_log_density_wide", expression: "-(x - mu)^2/(2*s^2) - log(s) - log(2*pi)/2", variables: ["x", "mu", "s"],
             point: [1e210, 0, 1e155], truth: [-4.999999999999999e+109, -9.999999999999999e-101, 9.999999999999999e-101, 9.999999999999998e-46]),
        // (x - mu)^2/s^3 as sqratio(x - mu, s)/s: (x - mu)/s squared is 1.4e314 and overflows before
        // the division by s, where the derivative by the scale is 1.27e306 (the value, -7e313, is not
        // a double: -inf is its rounding).
        Edge(name: "edge_normal_log_density_scale", expression: "-(x - mu)^2/(2*s^2) - log(s) - log(2*pi)/2", variables: ["x", "mu", "s"],
             point: [1.3e165, 0, 1.1e8], truth: [-.infinity, -1.0743801652892562e+149, 1.0743801652892562e+149, 1.2697220135236665e+306]),
        // The normal distribution function as users write it: -z/sqrt(2) rounded before erfc, which
        // magnifies the rounding about z^2 times (1306 ulps at z = -35, 8.2 at z = -3.27).
        Edge(name: "edge_normal_cdf", expression: "0.5*erfc(-z/sqrt(2))", variables: ["z"], point: [-35],
             truth: [1.1249107064724062e-268, 3.940396277136024e-267]),
        Edge(name: "edge_normal_cdf_erf", expression: "(1 + erf(z/sqrt(2)))/2", variables: ["z"], point: [-3.27],
             truth: [0.000537737421829695, 0.00190097468316608]),
    ]

    static func outputs(_ edge: Edge) -> (outputs: [Expr], variables: [Expr]) {
        let f = try! Parser().parse(edge.expression)
        let variables = edge.variables.map(Expr.symbol)
        return ([f] + StableForms.forDerivatives(f).gradient(withRespectTo: variables), variables)
    }

    static func expectTrue(_ got: [Double], _ edge: Edge, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == edge.truth.count, "\(label) \(edge.name): \(got)", sourceLocation: sourceLocation)
        for (g, t) in zip(got, edge.truth) where !(g == t || ulps(g, t) <= 2) {
            Issue.record("\(label) \(edge.name) at \(edge.point): \(got), true \(edge.truth)", sourceLocation: sourceLocation)
            return
        }
    }

    @Test func tapeGivesTheTrueValues() throws {
        for edge in Self.edges {
            let (outputs, variables) = Self.outputs(edge)
            Self.expectTrue(try CompiledFunction(outputs, variables: variables).evaluate(points: edge.point), edge, "Tape")
        }
    }

    @Test func nativeCodeGivesTheTrueValues() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        for edge in Self.edges {
            let (outputs, variables) = Self.outputs(edge)
            let native = try NativeFunction(outputs, variables: variables, options: NativeOptions(cacheDirectory: cache.path))
            Self.expectTrue(native.evaluate(points: edge.point), edge, "native")
        }
    }

    @Test(arguments: [CodeLanguage.c, .swift, .python, .numpy, .javascript])
    func emittedCodeGivesTheTrueValues(_ language: CodeLanguage) throws {
        if let reason = EmitToolchain.missing(language) {
            print("skipping \(language.rawValue): \(reason)")
            return
        }
        let cases = try Self.edges.map { edge in
            let unit = try CodeUnit(function: try Parser().parse(edge.expression), variables: edge.variables.map(Expr.symbol),
                                    gradient: true, name: edge.name)
            return EmitCase(unit: unit, name: edge.name, points: edge.point)
        }
        let dir = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printed = try EmitDrivers.run(language, cases, in: dir)
        for edge in Self.edges {
            let section = try #require(printed[edge.name], "\(language.rawValue): no output for \(edge.name)")
            let values = section.split(whereSeparator: \.isWhitespace).map { Double(String($0)) ?? .nan }
            Self.expectTrue(values, edge, language.rawValue)
        }
    }

    /// The code says which rewrites it computes with, and never computes the written pattern.
    @Test func emittedCodeCallsTheStableForms() throws {
        let unit = try CodeUnit(function: try Parser().parse("log(sigmoid(z))"), variables: [.symbol("z")], gradient: true)
        let expectations: [(CodeLanguage, String)] = [(.c, "softplus("), (.swift, "softplus("), (.python, "softplus("),
                                                      (.numpy, "softplus("), (.javascript, "softplus(")]
        for (language, call) in expectations {
            let code = try Emitter(language: language).emit(unit)
            let body = code.split(separator: "\n").filter { !$0.contains("f(z) = ") }.joined(separator: "\n")
            #expect(body.contains(call), "\(language.rawValue):\n\(code)")
            #expect(!body.contains("log(sigmoid"), "\(language.rawValue) computes the written form:\n\(code)")
        }
    }
}
