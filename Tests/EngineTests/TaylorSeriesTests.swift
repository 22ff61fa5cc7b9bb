import Foundation
import SymDiff
import Testing

/// Taylor series: exact coefficients against published values (Wester's X section, checked
/// with SymPy), the remainder's order against how fast the error shrinks near the point, the
/// printed form parsing back, and the expressions that have no Taylor series refused by name.
@Suite struct TaylorSeriesTests {
    static func series(_ text: String, _ point: [(String, String)], order: Int) throws -> TaylorSeries {
        let e = try Parser().parse(text)
        let at = try point.map { (variable: Expr.symbol($0.0), value: try Parser().parse($0.1)) }
        return try TaylorSeries.expand(e, at: at, order: order)
    }

    struct Golden: Sendable, CustomStringConvertible {
        let expression: String, point: [String], order: Int, printed: String
        var description: String { "\(expression) at \(point.joined(separator: ","))" }
    }

    /// Expected texts; the coefficients agree with SymPy 1.14 `series` (and the Wester problems
    /// X1-X4 and X16 they come from), the O terms are the first nonzero degree left out.
    static let goldens: [Golden] = [
        Golden(expression: "sin(x)/x", point: ["x=0"], order: 4, printed: "1 - x^2/6 + x^4/120 + O(x^6)"),
        Golden(expression: "cos(x)", point: ["x=0"], order: 4, printed: "1 - x^2/2 + x^4/24 + O(x^6)"),
        Golden(expression: "exp(x)", point: ["x=1"], order: 2, printed: "exp(1) + exp(1)*(x - 1) + exp(1)*(x - 1)^2/2 + O((x - 1)^3)"),
        Golden(expression: "x^3 + 2*x", point: ["x=1"], order: 2, printed: "3 + 5*(x - 1) + 3*(x - 1)^2 + O((x - 1)^3)"),
        Golden(expression: "x^3 + 2*x", point: ["x=0"], order: 5, printed: "2*x + x^3"),
        Golden(expression: "log(1 + x)", point: ["x=0"], order: 4, printed: "x - x^2/2 + x^3/3 - x^4/4 + O(x^5)"),
        Golden(expression: "sqrt(1 + x)", point: ["x=0"], order: 3, printed: "1 + x/2 - x^2/8 + x^3/16 + O(x^4)"),
        Golden(expression: "1/(1 - x - x^2)", point: ["x=0"], order: 6, printed: "1 + x + 2*x^2 + 3*x^3 + 5*x^4 + 8*x^5 + 13*x^6 + O(x^7)"),
        Golden(expression: "(1 - cos(x))/x^2", point: ["x=0"], order: 4, printed: "1/2 - x^2/24 + x^4/720 + O(x^6)"),
        Golden(expression: "exp(sin(x))", point: ["x=0"], order: 5, printed: "1 + x + x^2/2 - x^4/8 - x^5/15 + O(x^6)"),
        Golden(expression: "x^x", point: ["x=1"], order: 3, printed: "1 + (x - 1) + (x - 1)^2 + (x - 1)^3/2 + O((x - 1)^4)"),
        // Wester X1: 1/sqrt(1 - (v/c)^2).
        Golden(expression: "1/sqrt(1 - (v/c)^2)", point: ["v=0"], order: 7,
               printed: "1 + v^2/(2*c^2) + 3*v^4/(8*c^4) + 5*v^6/(16*c^6) + O(v^8)"),
        // Wester X2: the series of X1 to the power -2 is the polynomial 1 - v^2/c^2.
        Golden(expression: "(1/sqrt(1 - (v/c)^2))^(-2)", point: ["v=0"], order: 7, printed: "1 - v^2/c^2"),
        // Wester X3: tan as sin/cos; the x^6 term vanishes, so the remainder is O(x^7).
        Golden(expression: "sin(x)/cos(x)", point: ["x=0"], order: 5, printed: "x + x^3/3 + 2*x^5/15 + O(x^7)"),
        Golden(expression: "tan(x)", point: ["x=0"], order: 5, printed: "x + x^3/3 + 2*x^5/15 + O(x^7)"),
        // Wester X4.
        Golden(expression: "log(sin(x)/x)", point: ["x=0"], order: 5, printed: "-x^2/6 - x^4/180 + O(x^6)"),
        // Wester X16: several variables, total degree.
        Golden(expression: "cos(x + y)", point: ["x=0", "y=0"], order: 3, printed: "1 - x^2/2 - x*y - y^2/2 + O((x^2 + y^2)^2)"),
        Golden(expression: "exp(x)*cos(y)", point: ["x=0", "y=0"], order: 2, printed: "1 + x + x^2/2 - y^2/2 + O((x^2 + y^2)^(3/2))"),
        Golden(expression: "max(x, 1)", point: ["x=0"], order: 2, printed: "1 + O(x^6)"),
    ]

    @Test(arguments: goldens)
    func printsTheExpectedSeries(_ g: Golden) throws {
        let point = g.point.map { p -> (String, String) in
            let parts = p.split(separator: "=")
            return (String(parts[0]), String(parts[1]))
        }
        #expect(try Self.series(g.expression, point, order: g.order).text() == g.printed)
    }

    @Test func latexForm() throws {
        #expect(try Self.series("sin(x)/x", [("x", "0")], order: 4).text(.latex) == "1 - \\frac{x^{2}}{6} + \\frac{x^{4}}{120} + O\\left(x^{6}\\right)")
    }

    /// The error f - P near the point shrinks like h^k for the printed O(h^k): halving the
    /// distance divides the error by about 2^k. An independent check of every coefficient up
    /// to the order and of the remainder's order.
    /// `h` is small enough for the first term left out to dominate the error and large enough
    /// for the error to stand above rounding.
    @Test(arguments: [
        ("sin(x)/x", 0.0, 0.02), ("exp(x)*cos(x)", 0.5, 0.02), ("log(2 + x)", 1.0, 0.02), ("atan(x)", 0.0, 0.02),
        ("1/(1 + x^2)", 0.3, 0.02), ("sqrt(1 + x)*exp(-x)", 0.0, 0.02), ("tanh(x)", 0.0, 0.02), ("sigmoid(x)", 0.0, 0.02),
        ("x/(exp(x) - 1)", 0.0, 0.25), ("cosh(x)^2", 0.7, 0.02),
    ])
    func errorShrinksAtTheRemaindersOrder(_ text: String, _ a: Double, _ h: Double) throws {
        let f = try Parser().parse(text)
        for order in [2, 3, 4] {
            let s = try TaylorSeries.expand(f, at: [(.symbol("x"), .number(try Rational.parse(decimal: Substring(String(a)))))], order: order)
            let k = try #require(s.remainder)
            let p = s.polynomial
            func error(_ h: Double) -> Double { abs(f.evaluate(at: ["x": a + h]) - p.evaluate(at: ["x": a + h])) }
            let ratio = log2(error(h) / error(h / 2))
            #expect(abs(ratio - Double(k)) < 0.35, "\(text) at \(a), order \(order): error ratio 2^\(ratio), O term says \(k)")
        }
    }

    /// In several variables the same holds along a direction.
    @Test func severalVariablesErrorOrder() throws {
        let f = try Parser().parse("exp(x)*sin(x + 2*y)")
        let s = try TaylorSeries.expand(f, at: [(.symbol("x"), .zero), (.symbol("y"), .one)], order: 3)
        let k = try #require(s.remainder)
        func error(_ h: Double) -> Double {
            let env = ["x": 0.6 * h, "y": 1 - 0.8 * h]
            return abs(f.evaluate(at: env) - s.polynomial.evaluate(at: env))
        }
        #expect(abs(log2(error(0.02) / error(0.01)) - Double(k)) < 0.35)
    }

    /// The printed terms parse back to the polynomial, and the O term's argument to the
    /// remainder's expression.
    @Test(arguments: goldens)
    func printedFormParsesBack(_ g: Golden) throws {
        let point = g.point.map { p -> (String, String) in
            let parts = p.split(separator: "=")
            return (String(parts[0]), String(parts[1]))
        }
        let s = try Self.series(g.expression, point, order: g.order)
        let text = s.text()
        let split = text.range(of: " + O(", options: .backwards) ?? (text.hasPrefix("O(") ? text.range(of: "O(") : nil)
        let polynomialText = split.map { String(text[..<$0.lowerBound]) } ?? text
        if !polynomialText.isEmpty {
            let back = try Parser().parse(polynomialText)
            #expect(Simplifier().simplify(back - s.polynomial).isZero, "\(polynomialText) vs \(s.polynomial)")
        }
        if let split, let o = s.remainderExpr {
            let inner = String(text[split.upperBound...].dropLast())
            #expect(try Parser().parse(inner) == o)
        }
    }

    @Test(arguments: [
        ("1/x", "has a pole there"), ("log(x)", "log(0) is not finite"), ("abs(x)", "abs is not smooth"),
        ("sqrt(x)", "fractional power"), ("sin(1/x)", "grows without bound"), ("x^x", "log(0) is not finite"),
        ("1/(x*(exp(x) - 1))", "has a pole there"),
    ])
    func refusesWhatHasNoTaylorSeries(_ text: String, _ words: String) throws {
        let e = try Parser().parse(text)
        #expect {
            _ = try TaylorSeries.expand(e, at: [(.symbol("x"), .zero)], order: 3)
        } throws: { error in
            (error as? SeriesError)?.description.contains(words) ?? false
        }
    }

    /// A product of many factors stays small: series arithmetic, not repeated differentiation.
    @Test func longProductsDoNotSwell() throws {
        let factors = (1...12).map { "(1 + sin(\($0)*x))" }.joined(separator: "*")
        let s = try Self.series(factors, [("x", "0")], order: 3)
        // The coefficient of x is 1 + 2 + ... + 12.
        #expect(s.parts[1] == Expr.integer(78) * .symbol("x"))
        #expect(s.polynomial.node.treeSize < 40)
    }
}
