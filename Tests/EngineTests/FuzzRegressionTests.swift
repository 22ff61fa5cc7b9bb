import Testing
import SymDiff

/// Inputs the fuzzer found that crashed or hung; each must now finish and round-trip.
@Suite struct FuzzRegressionTests {
    static let inputs = [
        // A rational exponent with a 10^13 denominator sent the exact-root search into a
        // Newton iteration with 10^13-th powers.
        "sqrt(2^2/2999999999^.7999999999999-x*y1/x)*sq9r",
        // A number with a 33,433-digit denominator: looking for a short decimal form divided it
        // by 2 and 5 one factor at a time.
        "-34^4rsi^34^3-2^525.6e-33433^43^4^34^3^433^(x - 1)/x",
        // Rationals of 35,000 digits: every sum of them needed a binary gcd of seconds.
        "2x^x2x2^2.5*2x^gx^+.5*x^r/ + 2Nume^2.5*2x^x^+.5259e-35259e-3",
        // A product of two literals within the limit printed a 13,324-digit number that the
        // parser refused to read back.
        "6e6661^2Ob+ -xbj666e6666/6e6660j6666/j26e6666/6e6660e6+ -xbj666e6s66/6e63e66",
        // A quotient of powers built a coefficient beyond the size limit (the fuzzer's had
        // 106,000 bits); it printed as N/D, and reading D^-1 back declined the reciprocal as
        // too large. This smaller case has the same shape (a 40,260-bit denominator).
        "y/3^12700/3^12701",
        // Unknown functions: their LaTeX (`f\\!\\left(x\\right)`, `\\partial_{1} h`, a name in
        // Greek letters written as itself) did not read back.
        "f(g(x))*h(x, y)",
        "θ(x, y)*D[2](φ)(y, x)",
        "log(si_relu(x, 1/5)gmoid(x))",
        // A sum in y^32768000 built a table of every power of y up to the degree (12 GB).
        "f(1/x)*D^y^320^3*x",
        // Names the LaTeX printer once wrote in forms the reader refused: a subscripted base
        // given a second subscript (`h_{2}_{x}`), a function's name as a base, a lone `_`.
        "h2_xtocolRang3^x",
        "tanh_xx*x + _DS*x + _0*x",
        "_(x + 3/2)*lDS_DS^_DS^x",
        // A name that begins with a combining mark: `D[1](` + the name lost the mark.
        "min(x, y)*\u{06D6}xgmomCparableax(x, 2)",
        "x^\u{06D6}93s^x^\u{06D6}1\u{06D6}1",
        // The printer wrote \Pi, which the reader's own list of Greek letters lacked.
        "xPs(Pi^x)*Upsilon",
        // A variable named as a function's LaTeX word (\operatorname{GELU}) was read as the call.
        "2x^-GELU",
        // `_` followed by a combining mark is one Character: a replacement by Character left
        // the underscore unescaped, and a one-Character name was written bare.
        "log(si_\u{06D6}ppelu(x, 1/5)gxod(x))*_\u{06D6}*x",
    ]

    /// Each input is either refused with a diagnostic or differentiated, quickly, and what is
    /// printed reads back.
    @Test(arguments: inputs)
    func finishesAndRoundTrips(_ text: String) throws {
        let clock = ContinuousClock()
        let start = clock.now
        if let e = try? Parser().parse(text) {
            #expect(try Parser().parse(e.description) == e.canonicalized)
            let d = e.derivative(withRespectTo: .symbol("x")).simplified()
            #expect(try Parser().parse(d.description) == d.canonicalized)
            _ = try LatexReader().parse(LatexPrinter().print(d))
        }
        // A guard against the hangs these inputs once caused (minutes), not a speed measure: a
        // debug build on a loaded machine takes a few seconds for the largest numbers.
        #expect(clock.now - start < .seconds(60))
    }
}
