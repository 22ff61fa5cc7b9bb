import Glibc

/// Numbers as short, deterministic text for figures: coordinates, tick labels, legend values.
/// Written by hand because `String(format:)` needs Foundation, which the command line avoids for
/// start-up time, and because the same number must give the same bytes on every machine.
public enum NumberText {
    /// `v` with exactly `decimals` digits after the point, then trailing zeros (and a bare point)
    /// removed: `fixed(2.50, 2)` is `"2.5"`, `fixed(-0.001, 2)` is `"0"` (never `"-0"`).
    public static func fixed(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        let scale = Glibc.pow(10, Double(decimals))
        let scaled = (abs(v) * scale).rounded()
        // Beyond 2^53 the digits are not exact anyway; Swift's shortest form is as good.
        guard scaled < 9.0e15 else { return "\(v)" }
        let units = UInt64(scaled)
        let factor = UInt64(scale)
        let whole = units / factor
        let fraction = units % factor
        var text = units == 0 || v > 0 ? "" : "-"
        text += String(whole)
        if decimals > 0 && fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: decimals - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// `v` with about `digits` significant digits, in plain notation for moderate magnitudes and
    /// as `2.5e-7` otherwise: what legends and the terminal's axis extents show.
    public static func short(_ v: Double, digits: Int = 4) -> String {
        guard v.isFinite, v != 0 else { return v == 0 ? "0" : fixed(v, decimals: 0) }
        let exponent = Int(Glibc.floor(Glibc.log10(abs(v))))
        if exponent >= -4 && exponent < 7 {
            return fixed(v, decimals: max(0, digits - 1 - exponent))
        }
        let mantissa = v / Glibc.pow(10, Double(exponent))
        // Rounding may carry the mantissa to 10 (9.9996 -> 10.0): move it to the exponent.
        let rounded = (mantissa * Glibc.pow(10, Double(digits - 1))).rounded() / Glibc.pow(10, Double(digits - 1))
        if abs(rounded) >= 10 { return fixed(rounded / 10, decimals: digits - 1) + "e\(exponent + 1)" }
        return fixed(rounded, decimals: digits - 1) + "e\(exponent)"
    }
}
