import SymDiff
import Testing

/// The Tape's negative integer powers: x^k for k <= -2 divides x^|k| once rather than raising
/// the rounded 1/x to the |k|-th power, and falls back to pow where x^|k| leaves the normal range.
/// True values from mpmath at 50 digits, rounded to doubles.
@Suite struct IntegerPowerTests {
    static func tape(_ text: String, at s: Double) throws -> Double {
        try CompiledFunction([try Parser().parse(text)], variables: [.symbol("s")]).evaluate(points: [s])[0]
    }

    /// (1/s)^5 is 6.0 ulps off here; s^5 then one division, 0.96.
    @Test func negativePowerRoundsLikeOneDivision() throws {
        #expect(ulps(try Self.tape("s^-5", at: 3.496094658419515), 0.0019146265887777453) <= 2)
    }

    /// s^3 overflows at s = 1e104 while s^-3 = 1e-312 is a subnormal (s^2 at 1e160 likewise): pow
    /// gives them; at 0, inf.
    @Test func negativePowerPastTheOverflowOfItsReciprocal() throws {
        #expect(ulps(try Self.tape("s^-3", at: 1e104), 1e-312) <= 2)
        #expect(try Self.tape("s^-3", at: 0) == .infinity)
        #expect(ulps(try Self.tape("s^-2", at: 1e160), 1e-320) <= 2)
    }
}
