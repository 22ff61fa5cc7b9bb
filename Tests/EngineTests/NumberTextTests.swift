import Foundation
import SymDiff
import Testing

/// The one spelling of doubles in reports: a table of cases, and the round trip on random doubles.
@Suite struct NumberTextTests {
    @Test(arguments: [
        (0.1, "0.1"), (1.82, "1.82"), (-2.5, "-2.5"), (3, "3"), (-0.0, "0"), (0, "0"),
        (1e-8, "1e-08"), (1.5e-5, "1.5e-05"), (0.0001, "0.0001"), (0.00012, "0.00012"),
        (123456789, "123456789"), (1e15, "1000000000000000"), (9.1e15, "9100000000000000"), (1e16, "1e+16"),
        (2.5e20, "2.5e+20"), (1e100, "1e+100"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (0.30000000000000004, "0.30000000000000004"), (-1.2345e-7, "-1.2345e-07"),
        (Double.nan, "nan"), (-Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
    ] as [(Double, String)])
    func shortestRoundTrip(value: Double, text: String) {
        #expect(NumberText.decimal(value) == text)
    }

    @Test(arguments: [
        (9.999e-9, 3, "1e-08"), (1.0e-1, 3, "0.1"), (1.82, 3, "1.82"), (4.4721359549995796e-10, 3, "4.47e-10"),
        (0.23500371, 4, "0.235"), (6.07e-17, 3, "6.07e-17"), (99999.7, 3, "100000"), (2.675, 3, "2.68"),
        (-0.0049, 1, "-0.005"), (123456, 2, "120000"), (9.96, 2, "10"), (Double.nan, 3, "nan"), (-Double.infinity, 3, "-inf"),
    ] as [(Double, Int, String)])
    func roundedToSignificantDigits(value: Double, digits: Int, text: String) {
        #expect(NumberText.decimal(value, significantDigits: digits) == text)
    }

    @Test(arguments: [
        (2.50, 2, "2.5"), (-0.001, 2, "0"), (12.5, 2, "12.5"), (-3.14159, 3, "-3.142"), (0.006, 2, "0.01"),
        (0.0004, 2, "0"), (1e20, 2, "100000000000000000000"), (799.995, 2, "800"),
    ] as [(Double, Int, String)])
    func fixedDecimals(value: Double, decimals: Int, text: String) {
        #expect(NumberText.fixed(value, decimals: decimals) == text)
    }

    @Test func scaledIntegersAreExact() {
        #expect(NumberText.scaled(3, power: -1) == "0.3")
        #expect(NumberText.scaled(-15, power: -2) == "-0.15")
        #expect(NumberText.scaled(0, power: 5) == "0")
        #expect(NumberText.scaled(2, power: -6) == "2e-06")
        #expect(NumberText.scaled(25, power: 3) == "25000")
        #expect(NumberText.scaled(10000001, power: -7) == "1.0000001")
    }

    /// Every finite double, written and read back, is the same double; the text never has a
    /// mantissa of 10 or more, a `-nan`, or an exponent without sign and two digits.
    @Test func randomDoublesReadBackExactly() {
        var generator = SplitMix64(seed: 20)
        var checked = 0
        for _ in 0..<50_000 {
            let v = Double(bitPattern: generator.next())
            let text = NumberText.decimal(v)
            if v.isNaN { #expect(text == "nan"); continue }
            #expect(Double(text) == v, "\(v) was written \(text)")
            if let e = text.firstIndex(of: "e") {
                let mantissa = Double(text[..<e].dropFirst(text.hasPrefix("-") ? 1 : 0))!
                #expect(mantissa >= 1 && mantissa < 10, "\(text)")
                #expect(text[text.index(after: e)...].count >= 3, "\(text)")
            }
            for digits in [1, 3, 6] where v.isFinite {
                let rounded = NumberText.decimal(v, significantDigits: digits)
                let back = Double(rounded)!
                // Within half a unit in the last kept digit.
                #expect(abs(back - v) <= abs(v) * 5 * Foundation.pow(10, Double(-digits)) * (1 + 1e-12), "\(v) to \(digits): \(rounded)")
            }
            checked += 1
        }
        #expect(checked > 49_000)
    }
}
