import Testing
import SymDiff

/// The derivative of every function of the table, as printed, plus the chain rule through it.
/// A new function added to the table without a line here fails `everyFunctionHasAGoldenLine`.
@Suite struct FunctionRuleGoldenTests {
    static let golden: [(String, String)] = [
        ("sin(x)", "cos(x)"),
        ("cos(x)", "-sin(x)"),
        ("tan(x)", "sec(x)^2"),
        ("sec(x)", "sec(x)*tan(x)"),
        ("csc(x)", "-cot(x)*csc(x)"),
        ("cot(x)", "-csc(x)^2"),
        ("asin(x)", "1/sqrt(1 - x^2)"),
        ("acos(x)", "-1/sqrt(1 - x^2)"),
        ("atan(x)", "1/(x^2 + 1)"),
        ("sinh(x)", "cosh(x)"),
        ("cosh(x)", "sinh(x)"),
        ("tanh(x)", "1 - tanh(x)^2"),
        ("asinh(x)", "1/sqrt(x^2 + 1)"),
        ("acosh(x)", "1/sqrt(x^2 - 1)"),
        ("atanh(x)", "1/(1 - x^2)"),
        ("exp(x)", "exp(x)"),
        ("log(x)", "1/x"),
        ("ln(x)", "1/x"),
        ("log2(x)", "1/(x*log(2))"),
        ("log10(x)", "1/(x*log(10))"),
        ("sqrt(x)", "1/(2*sqrt(x))"),
        ("cbrt(x)", "1/(3*cbrt(x)^2)"),
        ("abs(x)", "sign(x)"),
        ("sign(x)", "0"),
        ("heaviside(x)", "0"),
        ("erf(x)", "2*exp(-x^2)/sqrt(pi)"),
        ("sigmoid(x)", "sigmoid(x)*(1 - sigmoid(x))"),
        ("relu(x)", "heaviside(x)"),
        ("softplus(x)", "sigmoid(x)"),
        ("leaky_relu(x, a)", "a - a*heaviside(x) + heaviside(x)"),
        ("min(x, y)", "heaviside(y - x)"),
        ("max(x, y)", "heaviside(x - y)"),
        ("log1p(x)", "1/(x + 1)"),
        ("expm1(x)", "exp(x)"),
        ("silu(x)", "sigmoid(x)*(x - x*sigmoid(x) + 1)"),
        ("gelu(x)", "x*exp(-x^2/2)/sqrt(2*pi) + erf(sqrt(2)*x/2)/2 + 1/2"),
        ("logsumexp(x, y)", "exp(x - logsumexp(x, y))"),
        ("hypot(x, y)", "x/hypot(x, y)"),
        ("erfc(x)", "-2*exp(-x^2)/sqrt(pi)"),
        ("xlogy(x, y)", "log(y)"),
        // Conditions are 1 or 0: constant wherever they are defined.
        ("less(x, 1)", "0"),
        ("less_equal(x, 1)", "0"),
        ("greater(x, 1)", "0"),
        ("greater_equal(x, 1)", "0"),
        ("equal_to(x, y)", "0"),
        ("not_equal(x, y)", "0"),
        ("and(x, y)", "0"),
        ("or(x, y)", "0"),
        ("not(x)", "0"),
        ("piecewise(x < 0, -x, x^2)", "piecewise(x < 0, -1, 2*x)"),
        ("expdiff(x, y)", "expdiff(x, y)"),
        ("expsq(x, y, z)", "expsq(1, y, z)"),
        ("dsigmoid(x)", "dsigmoid(x)*(1 - 2*sigmoid(x))"),
        ("xsigmoid(x, y)", "sigmoid(y)"),
        ("sqratio(x, y)", "2*x/y^2"),
        ("sqratio3(x, y)", "2*x/y^3"),
        ("xnormpdf(x, y)", "xnormpdf(1, y)"),
        ("erfcsqrt2(x, y)", "-4*y*exp(-2*x^2*y^2)/sqrt(2*pi)"),
        ("erfsqrt2(x, y)", "4*y*exp(-2*x^2*y^2)/sqrt(2*pi)"),
        ("logsoftmax(x, y, z)", "1"),
    ]

    @Test(arguments: golden)
    func derivativeOfEachFunction(_ c: (String, String)) throws {
        let d = try Parser().parse(c.0).derivative(withRespectTo: .symbol("x")).simplified()
        #expect(d.description == c.1, "d/dx \(c.0)")
    }

    @Test func everyFunctionHasAGoldenLine() {
        let covered = Set(Self.golden.map { $0.0.prefix { $0 != "(" } })
        for spec in FunctionTable.all {
            #expect(covered.contains(Substring(spec.name)), "no golden derivative for \(spec.name)")
        }
    }

    /// The chain rule through every one-argument function: d/dx f(u) = f'(u) * du for u = 3*x^2 - 2*x.
    @Test(arguments: golden.filter { !$0.0.contains(",") })
    func chainRule(_ c: (String, String)) throws {
        let name = String(c.0.prefix { $0 != "(" })
        let inner = try Parser().parse("3*x^2 - 2*x")
        let outer = Expr.call(name, [inner])!
        let d = outer.derivative(withRespectTo: .symbol("x"))
        let u = Expr.symbol("u")
        let fPrime = Expr.call(name, [u])!.derivative(withRespectTo: u)
        let expected = fPrime.substituting([u: inner]) * inner.derivative(withRespectTo: .symbol("x"))
        #expect(d == expected, "chain rule for \(name): \(d) vs \(expected)")
    }
}
