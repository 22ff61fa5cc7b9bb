import Session
import SymDiff
import Testing

/// LaTeX input: what the LaTeX printer writes reads back to the same expression (random
/// expressions and their derivatives), the LaTeX people paste reads as meant, and errors point
/// into the LaTeX.
@Suite struct LatexInputTests {
    static let count = 1500

    /// Why `e`'s LaTeX does not read back, or nil. LaTeX writes `\frac{a}{2 (x + y)}` for both
    /// `a/(x + y)/2` and `a/(2*x + 2*y)`, so a different node of the same value (equal at every
    /// test point, or the same once multiplied out, cancelled or simplified) counts as read back; anything
    /// else fails.
    private func readBackFailure(_ e: Expr) -> String? {
        let latex = LatexPrinter().print(e)
        do {
            let back = try LatexReader().parse(latex)
            if back == e.canonicalized || sameValues(back, e) { return nil }
            if let d = try? (back - e).expanded(), d.isZero { return nil }
            // `4/(3*x + 3)` against `4/(x + 1)/3` where every test point is outside the domain
            // (an `atanh(4)` term): the same rational function once over a common denominator.
            if let d = try? (back - e).cancelled(), d.isZero { return nil }
            // The same inside a function whose real domain holds no test point (`acosh(x/(2*x + 3))`
            // against `acosh(x/(x + 3/2)/2)` next to `x^(1/3)`): the simplifier's rational
            // normalization of the arguments makes the difference 0.
            if Simplifier().simplify(back - e).isZero { return nil }
            return "'\(latex)' reads back as '\(back)', not '\(e)'"
        } catch {
            return "'\(latex)' does not read: \(error.message)"
        }
    }

    private func sameValues(_ a: Expr, _ b: Expr) -> Bool {
        var compared = 0
        // The last two points lie where x < -2 and 1 < y < 1.5 (`sqrt(-x - 2)`,
        // `acosh(1/(3*y - 3))`), domains the others leave out.
        for (x, y) in [(0.31, 0.77), (1.37, -0.45), (-0.62, 1.91), (2.23, 0.58), (-1.44, -1.13), (0.71, 2.6), (-2.4, 1.2), (-2.2, 1.3)] {
            let u = a.evaluate(at: ["x": x, "y": y]), v = b.evaluate(at: ["x": x, "y": y])
            if u.isNaN && v.isNaN { continue }
            guard isClose(u, v, relative: 1e-9, absolute: 1e-12) else { return false }
            compared += 1
        }
        return compared >= 2
    }

    private func check(seed: UInt64, _ transform: (Expr) -> Expr) {
        var generator = ExpressionGenerator(seed: seed)
        var failures: [String] = []
        var failing = 0
        for _ in 0..<Self.count {
            let e = transform(generator.expression())
            if e.postorder.contains(.undefined) { continue }
            if readBackFailure(e) != nil {
                failing += 1
                let culprit = smallestFailing(e) { readBackFailure($0) != nil } ?? e
                let message = readBackFailure(culprit)!
                if failures.count < 12 && !failures.contains(message) { failures.append(message) }
            }
        }
        #expect(failing == 0, "\(failing) of \(Self.count) failed; smallest culprits:\n\(failures.joined(separator: "\n"))")
    }

    @Test func printedExpressionsReadBack() { check(seed: 11) { $0 } }
    @Test func printedSimplifiedDerivativesReadBack() { check(seed: 12) { $0.derivative(withRespectTo: .symbol("x")).simplified() } }

    @Test(arguments: [
        ("\\frac{x^{2}}{y}", "x^2/y"),
        ("\\sin x \\cos x", "sin(x)*cos(x)"),
        ("\\sin^2 x + \\cos^2 x", "sin(x)^2 + cos(x)^2"),
        ("\\sigma(w x + b)", "sigmoid(w*x + b)"),
        ("\\sigma^2", "sigma^2"),
        ("e^{x} + \\pi x", "exp(x) + pi*x"),
        ("\\sqrt[3]{x} + \\sqrt{x+1} + \\sqrt[4]{y}", "cbrt(x) + sqrt(x + 1) + y^(1/4)"),
        ("\\left| x \\right| + \\ln(x) + \\log_2 x + \\log_{10}(x) + \\log x", "abs(x) + log(x) + log2(x) + log10(x) + log(x)"),
        ("\\log_b x", "log(x)/log(b)"),
        ("x_{1} \\cdot x_2 \\times \\alpha_1", "x_1*x_2*alpha_1"),
        ("\\operatorname{relu}(x) + \\mathrm{rate} x", "relu(x) + rate*x"),
        ("\\frac12 x + x^23", "x/2 + 3*x^2"),
        ("xy(x + 1)", "x*y*(x + 1)"),
        ("\\left[ x + 1 \\right]^{2} \\div 2", "(x + 1)^2/2"),
        ("\\frac{d}{dx} x^2 \\sin x", "2*x*sin(x) + x^2*cos(x)"),
        ("\\frac{\\mathrm{d}^2}{\\mathrm{d}x^2} \\left( x^3 \\right) + 1", "6*x + 1"),
        ("\\frac{\\partial}{\\partial y} x y^2", "2*x*y"),
        ("\\frac{d}{d\\theta} \\sin\\theta", "cos(theta)"),
        ("0.5 x", "0.5*x"),
        ("\\begin{cases} -x & \\text{if } x < 0 \\\\ x^{2} & \\text{otherwise} \\end{cases}", "piecewise(x < 0, -x, x^2)"),
        ("\\begin{cases} 1 & \\text{if } x \\le -1 \\\\ 2 & \\text{if } x \\geq 1 \\\\ 3 & \\text{otherwise} \\\\ \\end{cases}",
         "piecewise(x <= -1, 1, x >= 1, 2, 3)"),
        ("2 \\begin{cases} x & \\text{if } \\left(x = y\\right) \\lor x \\ne 1 \\\\ y & \\text{otherwise} \\end{cases}^{2}",
         "2*piecewise(x == y or x != 1, x, y)^2"),
        ("\\lnot x > 1 \\land y \\geqslant 2 \\lor \\neg y < x", "(not (x > 1) and y >= 2) or not (y < x)"),
        ("x \\wedge y \\vee x \\lt y \\land x \\gt y", "(x and y) or (x < y and x > y)"),
        ("x + y = 2 \\lor x = 1", "x + y == 2 or x == 1"),
        ("\\left(x = 1\\right) + \\sin\\left(x \\leq y\\right)", "(x == 1) + sin(x <= y)"),
    ])
    func readsAsMeant(_ latex: String, _ infix: String) throws {
        let got = try LatexReader().parse(latex), expected = try Parser().parse(infix)
        #expect(Simplifier().simplify(got - expected).isZero, "\(latex) read as \(got), expected \(expected)")
    }

    @Test(arguments: [
        ("\\frac{x}{", 8, "expected '}'"),
        ("\\frac{x}{y + \\foo}", 13, "unknown LaTeX command \\foo"),
        ("x + \\sin()", 9, "sin needs an argument"),
        ("\\left( x + 1", 0, "\\left without \\right"),
        ("x +* y", 3, "expected an expression before '*'"),
        ("\\frac{df}{dx}", 0, "write the function after the operator"),
        ("x = 1", 2, "an equation"),
        ("x!", 1, "not supported"),
        ("\\begin{cases} x & \\text{if } x < 0 \\\\ 1 & \\text{otherwise}", 0, "\\begin{cases} is not closed"),
        ("\\begin{cases} x & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}", 18, "starts with \\text{if }"),
        ("\\begin{cases} x & \\text{if } x < 0 \\end{cases}", 35, "the last row of cases is 'b & \\text{otherwise}'"),
        ("\\begin{cases} x \\\\ 1 & \\text{otherwise} \\end{cases}", 16, "needs '&'"),
        ("\\begin{cases} 1 & \\text{otherwise} \\end{cases}", 0, "a row with a condition"),
        ("\\begin{matrix} x \\end{matrix}", 0, "{matrix} is not supported"),
        ("x \\end{cases}", 2, "\\end without \\begin"),
        ("\\tan x = \\pi", 7, "an equation"),
        ("x < y < 1", 6, "comparisons do not chain"),
    ])
    func errorsPointIntoTheLatex(_ latex: String, _ offset: Int, _ words: String) {
        #expect {
            _ = try LatexReader().parse(latex)
        } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.range.lowerBound == offset && d.message.contains(words)
        }
    }

    @Test func scriptsReadLatexLiterals() {
        var session = Session()
        #expect(session.execute("f = latex\"\\frac{x^{2}}{2} + \\sin x\"").output == "f = x^2/2 + sin(x)")
        #expect(session.execute("diff(f, x)").output == "x + cos(x)")
        let bad = session.execute("g = latex\"\\frac{x}{y + \\foo}\"")
        #expect(bad.status == .error && bad.message.contains("column 24: unknown LaTeX command \\foo"), "\(bad.message)")
        #expect(session.execute("h = latex\"x + 1").message.contains("not closed"))
    }
}
