import Testing
import SymDiff

/// LaTeX as a reader of the rendered formula sees it: calls spelled as the function table says,
/// one `\frac` per quotient, names of variables typeset, and no two numbers run together.
@Suite struct LatexPrinterTests {
    static let cases: [(input: String, latex: String)] = [
        ("abs(x)", "\\left|x\\right|"),
        ("exp(x^2)", "e^{x^{2}}"),
        ("cbrt(x+1)", "\\sqrt[3]{x + 1}"),
        ("sqrt(x)", "\\sqrt{x}"),
        ("max(x, y)", "\\max\\left(x, y\\right)"),
        ("relu(x)", "\\operatorname{relu}\\left(x\\right)"),
        ("leaky_relu(x)", "\\operatorname{leaky\\_relu}\\left(x, \\frac{1}{100}\\right)"),
        ("alpha*x1 + w_2", "\\alpha x_{1} + w_{2}"),
        ("pi*e^x", "\\pi e^{x}"),
        ("log(x)/x", "\\frac{\\ln\\left(x\\right)}{x}"),
        ("-3*x/(4*y^2)", "-\\frac{3 x}{4 y^{2}}"),
        ("3/4*x", "\\frac{3 x}{4}"),
        ("x*(-y)", "-x y"),
        ("1 - x", "1 - x"),
        ("sin(x)^2", "\\sin\\left(x\\right)^{2}"),
        ("x^(2/3)", "x^{\\frac{2}{3}}"),
        ("(x+1)^(-1/2)", "\\frac{1}{\\sqrt{x + 1}}"),
        // A factor that starts with a digit is set off from the number before it: `2 3^{x}`
        // would read as 23^x.
        ("2*x*3^x", "2 \\cdot 3^{x} x"),
        ("x*2^(1/2)*3^x", "\\sqrt{2} \\cdot 3^{x} x"),
        ("x^2*2^x", "2^{x} x^{2}"),
    ]

    @Test(arguments: cases) func prints(input: String, latex: String) throws {
        #expect(LatexPrinter().print(try Parser().parse(input)) == latex)
    }

    @Test func decimalCoefficientBeforeAPowerOfANumber() throws {
        #expect(LatexPrinter(decimals: true).print(try Parser().parse("x/2*3^y")) == "0.5 \\cdot 3^{y} x")
    }
}
