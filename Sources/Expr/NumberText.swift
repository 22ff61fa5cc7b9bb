/// Doubles as text, the same way in every report, legend and axis label.
///
/// The spelling, in full:
/// - the digits are the shortest decimal that reads back as the same double (`0.1`, not
///   `0.1000000000000000055511151231257827`), or that decimal rounded to a number of significant
///   digits when a caller asks for fewer;
/// - positional notation while the leading digit's power of ten is from -4 to 15 (`0.0001`,
///   `123.25`, `1234567890`); whole numbers have no decimal point (`3`, not `3.0`);
/// - otherwise exponent notation with a signed exponent of at least two digits: `1e-08`,
///   `2.5e+20`, `5e-324`. This is how Python, NumPy and C's `%g` write doubles, so a number can be
///   pasted between symdiff and those tools as it is;
/// - `nan` for every NaN (never `-nan`), `inf` and `-inf`, and `0` for both zeros.
///
/// Written without Foundation, whose formatting costs start-up time on the command line, and
/// from Swift's own shortest round-trip digits, so the same double gives the same bytes on every
/// machine.
public enum NumberText {
    /// `v` as the shortest decimal that reads back as `v`, or, with `significantDigits`, that
    /// decimal rounded half up to at most that many digits (trailing zeros dropped):
    /// `decimal(9.999e-9, significantDigits: 3)` is `1e-08`, `decimal(1.82, significantDigits: 3)`
    /// is `1.82`.
    public static func decimal(_ v: Double, significantDigits: Int? = nil) -> String {
        guard let number = DecimalDigits(v) else { return nonFinite(v) }
        guard let significantDigits else { return number.text }
        return number.rounded(toDigits: max(1, significantDigits)).text
    }

    /// `v` with at most `decimals` digits after the point (rounded half up, trailing zeros
    /// dropped), always positional: `fixed(2.50, decimals: 2)` is `2.5`, `fixed(-0.001, decimals: 2)`
    /// is `0`. For coordinates, where a fixed resolution matters more than significant digits.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        guard let number = DecimalDigits(v) else { return nonFinite(v) }
        return number.rounded(toDigits: number.exponent + 1 + max(0, decimals)).positional
    }

    /// The value `multiple × 10^power`, written exactly: how tick labels at multiples of a round
    /// step are spelled without the noise of floating-point products (`3 × 10^-1` is `0.3`, never
    /// `0.30000000000000004`).
    public static func scaled(_ multiple: Int, power: Int) -> String {
        guard multiple != 0 else { return "0" }
        return DecimalDigits(negative: multiple < 0, digits: Array(String(multiple.magnitude).utf8).map { $0 - 48 },
                       exponent: String(multiple.magnitude).utf8.count - 1 + power).text
    }

    static func nonFinite(_ v: Double) -> String { v.isNaN ? "nan" : v > 0 ? "inf" : "-inf" }
}

/// A nonzero decimal number: sign, significant digits (no leading or trailing zeros) and the
/// power of ten of the first digit. `-0.0125` is (true, [1, 2, 5], -2).
private struct DecimalDigits {
    var negative: Bool
    var digits: [UInt8]
    var exponent: Int

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
        trim()
    }

    /// The shortest round-trip digits of a finite double (zero has none), from Swift's
    /// `description` (`1.5e-05`, `123.25`, `1e+16`); nil for NaN and infinities.
    init?(_ v: Double) {
        guard v.isFinite else { return nil }
        negative = v < 0
        digits = []
        exponent = 0
        guard v != 0 else { return }
        let text = Array(v.magnitude.description.utf8)
        var mantissa = text[...]
        var power = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") }) {
            mantissa = text[..<e]
            power = Int(String(decoding: text[(e + 1)...], as: UTF8.self))!
        }
        var pointAt = mantissa.count
        var all: [UInt8] = []
        for c in mantissa {
            if c == UInt8(ascii: ".") { pointAt = all.count } else { all.append(c - 48) }
        }
        // Digits before the point: pointAt; the first nonzero digit sets the exponent.
        let firstNonzero = all.firstIndex { $0 != 0 }!
        digits = Array(all[firstNonzero...])
        exponent = pointAt - 1 - firstNonzero + power
        trim()
    }

    private mutating func trim() {
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { negative = false; exponent = 0 }
    }

    /// Rounded half up to `count` significant digits; zero when `count` is 0 or less and the
    /// number is below half a unit of the last kept place.
    func rounded(toDigits count: Int) -> DecimalDigits {
        guard count < digits.count else { return self }
        guard count >= 0 else { return DecimalDigits(negative: false, digits: [], exponent: 0) }
        var kept = Array(digits[..<count])
        var power = exponent
        if digits[count] >= 5 {
            // Carry from the last kept digit; 9.99 rounded to 2 digits becomes 10.
            var i = kept.count - 1
            while i >= 0 && kept[i] == 9 { kept[i] = 0; i -= 1 }
            if i >= 0 { kept[i] += 1 } else { kept.insert(1, at: 0); power += 1 }
        }
        return DecimalDigits(negative: negative, digits: kept, exponent: power)
    }

    /// Positional between 1e-4 and 1e16, exponent form outside.
    var text: String {
        digits.isEmpty || (-4...15).contains(exponent) ? positional : scientific
    }

    var positional: String {
        guard !digits.isEmpty else { return "0" }
        var out = negative ? "-" : ""
        if exponent < 0 {
            out += "0." + String(repeating: "0", count: -exponent - 1) + digitText(digits[...])
        } else if digits.count <= exponent + 1 {
            out += digitText(digits[...]) + String(repeating: "0", count: exponent + 1 - digits.count)
        } else {
            out += digitText(digits[...exponent]) + "." + digitText(digits[(exponent + 1)...])
        }
        return out
    }

    var scientific: String {
        var out = negative ? "-" : ""
        out += digitText(digits[..<1])
        if digits.count > 1 { out += "." + digitText(digits[1...]) }
        let power = String(exponent.magnitude)
        out += (exponent < 0 ? "e-" : "e+") + (power.count < 2 ? "0" : "") + power
        return out
    }

    private func digitText(_ d: ArraySlice<UInt8>) -> String {
        String(decoding: d.map { $0 + 48 }, as: UTF8.self)
    }
}
