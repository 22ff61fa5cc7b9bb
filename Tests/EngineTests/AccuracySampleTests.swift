import Foundation
import SymDiff
import Testing

/// The accuracy benchmark's expressions (bench/accuracy) on its fixed sample: the value and
/// gradient from the Tape and from native code must be within 2 ulps of the 100-digit reference
/// at every point where that reference is a finite double. Support/accuracy_sample.tsv is written
/// by `python3 bench/accuracy/accuracy.py --write-sample` (mpmath); each reference is a pair of
/// doubles whose sum is the exact value to 106 bits, so rounding the reference adds no error.
@Suite struct AccuracySampleTests {
    struct Case {
        let name: String
        let expression: Expr
        let variables: [Expr]
        var points: [[Double]] = []
        /// Per point, per output (value, then the gradient): (hi, lo), or nil where the true value
        /// is not a finite double.
        var references: [[(Double, Double)?]] = []
    }

    static let cases: [Case] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/accuracy_sample.tsv")
        let text = try! String(contentsOf: path, encoding: .utf8)
        var cases: [Case] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cases.last?.name != fields[0] {
                cases.append(Case(name: fields[0], expression: try! Parser().parse(fields[1]),
                                  variables: fields[2].split(separator: ",").map { Expr.symbol(String($0)) }))
            }
            cases[cases.count - 1].points.append(fields[3].split(separator: ",").map { hexDouble(String($0)) })
            cases[cases.count - 1].references.append(fields[4...].map { cell in
                if cell == "-" { return nil }
                let pair = cell.split(separator: ",").map { hexDouble(String($0)) }
                return (pair[0], pair[1])
            })
        }
        return cases
    }()

    static func hexDouble(_ text: String) -> Double {
        // Python's float.hex: "0x1.8p+3", "-0x0.0p+0", "inf" never occurs (only finite values are written).
        guard let value = Double(text) else { fatalError("not a hexadecimal double in the sample: \(text)") }
        return value
    }

    /// The error of `value` in ulps of the reference `hi + lo`.
    static func error(_ value: Double, _ reference: (Double, Double)) -> Double {
        guard value.isFinite else { return .infinity }
        let (hi, lo) = reference
        let spacing = hi == 0 ? Double.leastNonzeroMagnitude : hi.ulp
        return abs((value - hi) - lo) / spacing
    }

    /// Outputs of one program at every point of `c`, one row per point.
    static func rows(_ c: Case, _ evaluate: ([Double]) -> [Double]) -> [[Double]] {
        let m = c.variables.count + 1
        let flat = evaluate(c.points.flatMap { $0 })
        return stride(from: 0, to: flat.count, by: m).map { Array(flat[$0..<($0 + m)]) }
    }

    static func outputs(_ c: Case) -> [Expr] {
        [c.expression] + StableForms.forDerivatives(c.expression).gradient(withRespectTo: c.variables)
    }

    /// Outputs that miss the 2-ulp target today (in the Tape, native code or both), with the bound
    /// they must keep (measured on this sample, with some margin) and why. The missed target is
    /// reported as a known issue, so it stays visible in every test run without failing it.
    static let knownLimits: [String: (ulps: Double, why: String)] = [
        "GELU value": (4, "below z = -20 the asymptotic series of Mills' ratio rounds four times (2.15 ulps at z = -24.7); "
            + "elsewhere the math library's erfc is itself up to 1.59 ulps off on the benchmark's arguments (z/2*erfc with "
            + "erfc's error alone: 1.80 ulps)"),
        "GELU d/dz": (4, "Phi(z) + z*phi(z) cancels for z in (-2, 0), without bound at the root z = -0.75: at z = -0.80 "
            + "(condition number 20.9) even the two terms correctly rounded and summed exactly are 2.73 ulps off (mpmath), "
            + "and the computed terms' own roundings are magnified as much (10.7 ulps there in the benchmark)"),
        "normal log-density value": (4, "-((x - mu)/s)^2/2 - log(s) - log(2*pi)/2 cancels where the density is near 1: at "
            + "x = 3.1e-15, mu = -0.25, s = 0.31 (condition number 32.6) even the three terms correctly rounded and summed "
            + "exactly are 3.81 ulps off (mpmath); 8.2 ulps computed, in the benchmark"),
        "normal log-density d/ds": (3, "(x - mu)^2/s^3 - 1/s: the rounding of x - mu, doubled by the square, and sqratio3's "
            + "one (within 2 ulps on this sample); where the terms cancel (7.5 times at x = -3.6e-66, "
            + "mu = -3.2, s = 2.8) even correctly rounded terms summed exactly are 2.65 ulps off (mpmath)"),
    ]

    static func expectAccurate(_ c: Case, _ rows: [[Double]], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for j in 0...c.variables.count {
            var worst = (error: 0.0, point: [Double](), value: 0.0)
            for (k, (row, references)) in zip(rows, c.references).enumerated() {
                guard let reference = references[j] else { continue }
                let e = error(row[j], reference)
                if !(e <= worst.error) { worst = (e, c.points[k], row[j]) }
            }
            let output = "\(c.name) " + (j == 0 ? "value" : "d/d\(c.variables[j - 1])")
            let report = "\(label) \(output) at \(worst.point) is \(worst.value), \(worst.error) ulps off"
            guard let limit = knownLimits[output] else {
                #expect(worst.error < 2, "\(report)", sourceLocation: sourceLocation)
                continue
            }
            #expect(worst.error <= limit.ulps, "\(report), beyond its known limit of \(limit.ulps) ulps", sourceLocation: sourceLocation)
            withKnownIssue("\(output) misses 2 ulps: \(limit.why)", isIntermittent: true) {
                #expect(worst.error < 2, "\(report)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func sampleCoversEveryListedExpression() {
        #expect(Self.cases.map(\.name) == ["sigmoid", "log-sigmoid", "softplus", "BCE", "cross-entropy", "logsumexp", "tanh",
                                           "GELU", "normal CDF", "logistic loss", "normal log-density"])
        #expect(Self.cases.allSatisfy { $0.points.count >= 100 })
    }

    @Test func tapeIsWithinTwoUlps() throws {
        for c in Self.cases {
            let program = try CompiledFunction(Self.outputs(c), variables: c.variables)
            Self.expectAccurate(c, Self.rows(c) { program.evaluate(points: $0) }, "Tape")
        }
    }

    @Test func nativeCodeIsWithinTwoUlps() throws {
        guard EmitToolchain.missing(.c) == nil else { print("skipping: no C compiler"); return }
        let cache = try EmitToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cache) }
        for c in Self.cases {
            let program = try NativeFunction(Self.outputs(c), variables: c.variables, options: NativeOptions(cacheDirectory: cache.path))
            Self.expectAccurate(c, Self.rows(c) { program.evaluate(points: $0) }, "native")
        }
    }
}
