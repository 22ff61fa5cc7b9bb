import Testing
import SymDiff

/// One-line goal tests: input, variable, expected printed derivative.
@Suite struct DerivativeGoldenTests {
    static let cases: [(String, String, String)] = [
        ("x^2 + sin(x)", "x", "2*x + cos(x)"),
        ("sigmoid(x)", "x", "sigmoid(x)*(1 - sigmoid(x))"),
        ("tanh(x)", "x", "1 - tanh(x)^2"),
        ("softplus(x)", "x", "sigmoid(x)"),
        ("-x^2", "x", "-2*x"),
        ("x^x", "x", "x^x*(log(x) + 1)"),
        ("2^x", "x", "2^x*log(2)"),
        ("sqrt(x^2+5)", "x", "x/sqrt(x^2 + 5)"),
        ("1/x", "x", "-1/x^2"),
        ("exp(x^2)", "x", "2*x*exp(x^2)"),
        ("abs(x)", "x", "sign(x)"),
        ("relu(x)", "x", "heaviside(x)"),
        ("x^3*y^2", "y", "2*x^3*y"),
        ("(7*x+2)*(4*x+9)", "x", "56*x + 71"),
    ]

    @Test(arguments: cases)
    func derivative(_ c: (String, String, String)) throws {
        let e = try Parser().parse(c.0)
        let d = e.derivative(withRespectTo: .symbol(c.1)).simplified()
        #expect(d.description == c.2)
    }

    @Test func exactCoefficientOfTwentiethDerivative() throws {
        let e = try Parser().parse("x^30")
        let d = try e.derivative(withRespectTo: .symbol("x"), order: 20)
        #expect(d.description == "73096577329197271449600000*x^10")
    }
}
