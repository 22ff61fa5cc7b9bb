import BigInt

/// An exact rational number `numerator / denominator`, never overflowing.
///
/// Canonical form (checked by `isCanonical` in debug builds):
/// - the fraction is in lowest terms and the denominator is positive;
/// - values whose numerator and denominator both fit in `Int` are stored `.small`
///   (the fast path for the small numbers that most expressions hold), all others `.big`.
/// Because the form is unique, synthesized `==` and `hash` are value equality.
public struct Rational: Hashable, Sendable {
    enum Storage: Hashable, Sendable {
        case small(Int, Int)
        case big(BigFraction)
    }

    /// The parts of a big value, boxed so that a `Rational` (and every node head holding one)
    /// stays three words: heads are copied on every look at a node.
    final class BigFraction: Hashable, Sendable {
        let n: BigInt
        let d: BigInt
        init(_ n: BigInt, _ d: BigInt) { self.n = n; self.d = d }
        static func == (a: BigFraction, b: BigFraction) -> Bool { a.n == b.n && a.d == b.d }
        func hash(into hasher: inout Hasher) { hasher.combine(n); hasher.combine(d) }
    }

    let storage: Storage

    /// The largest number of bits an exact result may have. Beyond it an operation that would
    /// build the number (a power, a decimal literal) declines, so `2^2^2^2^2^2^2` stays symbolic.
    public static let maximumBits = 40_000

    /// The most digits a literal may write out (without an exponent part).
    public static let maximumWrittenDigits = 1_000_000

    init(storage: Storage) {
        self.storage = storage
        assert(isCanonical, "non-canonical rational \(storage)")
    }

    /// The integer `value`.
    public init(_ value: Int) { self.init(storage: .small(value, 1)) }

    /// `numerator / denominator`, reduced. The denominator must not be zero.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "zero denominator")
        let g = Rational.gcd(numerator.magnitude, denominator.magnitude)
        var n = numerator, d = denominator
        if g > 1 { n /= Int(g); d /= Int(g) }
        if d < 0 {
            if n == .min || d == .min {
                self.init(big: BigInt(n), BigInt(d))
                return
            }
            n = -n; d = -d
        }
        self.init(storage: .small(n, d))
    }

    /// `numerator / denominator`, reduced unless `reduced` says it already is. The denominator
    /// must not be zero.
    public init(big numerator: BigInt, _ denominator: BigInt, reduced: Bool = false) {
        precondition(!denominator.isZero, "zero denominator")
        var n = numerator, d = denominator
        // Integers (the common case for big values) skip the gcd, which dominates otherwise.
        if d.magnitude != 1 && !reduced {
            let g = BigInt(Rational.gcd(n.magnitude, d.magnitude))
            if g > 1 { n /= g; d /= g }
        }
        if d.sign == .minus { n.negate(); d.negate() }
        if let sn = Int(exactly: n), let sd = Int(exactly: d) {
            self.init(storage: .small(sn, sd))
        } else {
            self.init(storage: .big(BigFraction(n, d)))
        }
    }

    /// 0.
    public static let zero = Rational(0)
    /// 1.
    public static let one = Rational(1)
    /// -1.
    public static let minusOne = Rational(-1)
    /// 1/2.
    public static let half = Rational(1, 2)

    var isCanonical: Bool {
        switch storage {
        case let .small(n, d):
            return d > 0 && Rational.gcd(n.magnitude, d.magnitude) == 1
        case let .big(b):
            let n = b.n, d = b.d
            // BigInt's own gcd, not ours: the debug check stays independent of the code it checks.
            return d.sign == .plus && !d.isZero
                && n.magnitude.greatestCommonDivisor(with: d.magnitude) == 1
                && (Int(exactly: n) == nil || Int(exactly: d) == nil)
        }
    }

    /// The greatest common divisor of two machine words (Euclid).
    public static func gcd(_ a: UInt, _ b: UInt) -> UInt {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Euclid's algorithm on big magnitudes, finishing in machine words as soon as the smaller
    /// one fits. Hand-written because BigInt's binary gcd shifts the whole number bit by bit:
    /// thousands of digits took a second (`8888888888888^888` over a six-digit number).
    public static func gcd(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
        var (a, b) = a >= b ? (a, b) : (b, a)
        while !b.isZero {
            if let word = UInt(exactly: b) {
                return BigUInt(gcd(word, UInt(a % b)))
            }
            (a, b) = (b, a % b)
        }
        return a
    }

    // MARK: - Parts

    /// The numerator in lowest terms; carries the sign.
    public var numerator: BigInt {
        switch storage {
        case let .small(n, _): return BigInt(n)
        case let .big(b):
            let n = b.n
            return n
        }
    }

    /// The denominator in lowest terms; always positive.
    public var denominator: BigInt {
        switch storage {
        case let .small(_, d): return BigInt(d)
        case let .big(b):
            let d = b.d
            return d
        }
    }

    /// Numerator and denominator as `Int`s when they fit: the fast path for printing.
    public var smallParts: (numerator: Int, denominator: Int)? {
        if case let .small(n, d) = storage { return (n, d) }
        return nil
    }

    /// The text of the numerator's and denominator's magnitudes, without building big integers
    /// for small values.
    var magnitudeTexts: (numerator: String, denominator: String) {
        if case let .small(n, d) = storage, n != .min { return (String(n.magnitude), String(d)) }
        return (numerator.magnitude.description, denominator.description)
    }

    /// Whether the number is 0.
    public var isZero: Bool { if case .small(0, _) = storage { return true } else { return false } }
    /// Whether the number is 1.
    public var isOne: Bool { if case .small(1, 1) = storage { return true } else { return false } }
    /// Whether the number is -1.
    public var isMinusOne: Bool { if case .small(-1, 1) = storage { return true } else { return false } }

    /// Whether the denominator is 1.
    public var isInteger: Bool {
        switch storage {
        case let .small(_, d): return d == 1
        case let .big(b):
            let d = b.d
            return d == 1
        }
    }

    /// Whether the number is less than 0.
    public var isNegative: Bool {
        switch storage {
        case let .small(n, _): return n < 0
        case let .big(b):
            let n = b.n
            return n.sign == .minus && !n.isZero
        }
    }

    /// The value as an `Int` when it is an integer that fits.
    public var intValue: Int? {
        if case let .small(n, 1) = storage { return n }
        return nil
    }

    /// The number of bits of the numerator plus the denominator: a size for limits.
    public var bitWidth: Int {
        switch storage {
        case let .small(n, d): return (Int.bitWidth - n.magnitude.leadingZeroBitCount) + (Int.bitWidth - d.leadingZeroBitCount)
        case let .big(b):
            let n = b.n, d = b.d
            return n.magnitude.bitWidth + d.magnitude.bitWidth
        }
    }

    /// The nearest double (infinite when out of range).
    public var doubleValue: Double {
        switch storage {
        case let .small(n, d): return Double(n) / Double(d)
        case let .big(b):
            let n = b.n, d = b.d
            // Scale so that both parts fit a Double before dividing.
            let shift = max(0, max(n.magnitude.bitWidth, d.magnitude.bitWidth) - 1000)
            let nn = Double(n >> shift), dd = Double(d >> shift)
            if nn.isFinite && dd.isFinite && dd != 0 { return nn / dd }
            let bits = n.magnitude.bitWidth - d.magnitude.bitWidth
            if bits > 1100 { return n.sign == .minus ? -.infinity : .infinity }
            if bits < -1100 { return n.sign == .minus ? -0.0 : 0.0 }
            let s = max(0, n.magnitude.bitWidth - 900)
            let t = max(0, d.magnitude.bitWidth - 900)
            return Double(n >> s) / Double(d >> t) * Double(sign: .plus, exponent: s - t, significand: 1)
        }
    }

    /// The absolute value.
    public var magnitude: Rational { isNegative ? -self : self }
}

// MARK: - Arithmetic

extension Rational {
    public static prefix func - (a: Rational) -> Rational {
        switch a.storage {
        case let .small(n, d) where n != .min: return Rational(storage: .small(-n, d))
        // Already in lowest terms: no gcd (which is slow for numbers of thousands of digits).
        case let .big(b):
            let n = b.n, d = b.d
            return Rational(big: -n, d, reduced: true)
        default: return Rational(big: -a.numerator, a.denominator)
        }
    }

    /// The exact sum.
    public static func + (a: Rational, b: Rational) -> Rational {
        if case let .small(an, ad) = a.storage, case let .small(bn, bd) = b.storage {
            if ad == 1 && bd == 1 {
                let (s, o) = an.addingReportingOverflow(bn)
                if !o { return Rational(storage: .small(s, 1)) }
            } else {
                let (x, o1) = an.multipliedReportingOverflow(by: bd)
                let (y, o2) = bn.multipliedReportingOverflow(by: ad)
                let (d, o3) = ad.multipliedReportingOverflow(by: bd)
                if !o1 && !o2 && !o3 {
                    let (s, o4) = x.addingReportingOverflow(y)
                    if !o4 { return Rational(s, d) }
                }
            }
        }
        return bigSum(a, b)
    }

    /// a + b for big parts (Henrici): the gcds are of the denominators and of a number with one
    /// of their factors, never of the full cross products, whose size is the sum of both.
    private static func bigSum(_ a: Rational, _ b: Rational) -> Rational {
        let (an, ad, bn, bd) = (a.numerator, a.denominator, b.numerator, b.denominator)
        let d1 = BigInt(gcd(ad.magnitude, bd.magnitude))
        if d1 == 1 { return Rational(big: an * bd + bn * ad, ad * bd, reduced: true) }
        let t = an * (bd / d1) + bn * (ad / d1)
        if t.isZero { return .zero }
        let d2 = BigInt(gcd(t.magnitude, d1.magnitude))
        return Rational(big: t / d2, (ad / d1) * (bd / d2), reduced: true)
    }

    /// The exact difference.
    public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }

    /// The exact product.
    public static func * (a: Rational, b: Rational) -> Rational {
        if case let .small(an, ad) = a.storage, case let .small(bn, bd) = b.storage {
            if ad == 1 && bd == 1 {
                let (p, o) = an.multipliedReportingOverflow(by: bn)
                if !o { return Rational(storage: .small(p, 1)) }
            } else {
                let (n, o1) = an.multipliedReportingOverflow(by: bn)
                let (d, o2) = ad.multipliedReportingOverflow(by: bd)
                if !o1 && !o2 { return Rational(n, d) }
            }
        }
        if a.isZero || b.isZero { return .zero }
        // Cross-cancelling first leaves a product in lowest terms (both operands are), with gcds
        // of one operand's part against the other's instead of one of the full products.
        let (an, ad, bn, bd) = (a.numerator, a.denominator, b.numerator, b.denominator)
        let g1 = BigInt(gcd(an.magnitude, bd.magnitude)), g2 = BigInt(gcd(bn.magnitude, ad.magnitude))
        return Rational(big: (an / g1) * (bn / g2), (ad / g2) * (bd / g1), reduced: true)
    }

    /// `a / b`; `b` must not be zero.
    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(!b.isZero, "division by zero")
        return a * b.reciprocal
    }

    /// `1 / self`; `self` must not be zero.
    public var reciprocal: Rational {
        switch storage {
        case let .small(n, d) where n != .min:
            return n < 0 ? Rational(storage: .small(-d, -n)) : Rational(storage: .small(d, n))
        case let .big(b):
            let n = b.n, d = b.d
            return Rational(big: d, n, reduced: true)
        default:
            return Rational(big: denominator, numerator)
        }
    }

    /// Adds `b` to `a` exactly.
    public static func += (a: inout Rational, b: Rational) { a = a + b }
    /// Multiplies `a` by `b` exactly.
    public static func *= (a: inout Rational, b: Rational) { a = a * b }

    /// `self^exponent` exactly, or nil when the result would exceed `maximumBits`
    /// or is a division by zero.
    public func power(_ exponent: Int) -> Rational? {
        if exponent == 0 { return .one }
        if isZero { return exponent > 0 ? .zero : nil }
        if isOne { return self }
        if isMinusOne { return exponent % 2 == 0 ? .one : self }
        // These never grow the number, so they are exact at any size: a coefficient beyond the
        // size limit (built by multiplying) prints as N/D and must read back as itself.
        if exponent == 1 { return self }
        if exponent == -1 { return reciprocal }
        let e = exponent.magnitude
        let estimate = UInt(max(1, bitWidth)).multipliedReportingOverflow(by: e)
        if estimate.overflow || estimate.partialValue > UInt(Rational.maximumBits) { return nil }
        let n = numerator.power(Int(e)), d = denominator.power(Int(e))
        return exponent > 0 ? Rational(big: n, d) : Rational(big: d, n)
    }

    /// The exact `q`-th root of a non-negative value when it is rational, else nil.
    public func root(_ q: Int) -> Rational? {
        guard q >= 1, !isNegative else { return nil }
        if q == 1 || isZero || isOne { return self }
        // A q-th root of an integer with fewer than q bits can only be 1; and deep roots are
        // not worth the search (x^(7999999999999/10^13) stays symbolic).
        if q > 64 || numerator.magnitude.bitWidth < q && denominator.magnitude.bitWidth < q { return nil }
        guard let n = Rational.integerRoot(numerator, q), let d = Rational.integerRoot(denominator, q) else { return nil }
        return Rational(big: n, d)
    }

    static func integerRoot(_ value: BigInt, _ q: Int) -> BigInt? {
        if value.isZero || value == 1 { return value }
        // Newton's method on integers, started above the root.
        let bits = value.magnitude.bitWidth
        var x = BigInt(1) << ((bits + q - 1) / q)
        while true {
            let y = ((BigInt(q - 1) * x) + value / x.power(q - 1)) / BigInt(q)
            if y >= x { break }
            x = y
        }
        return x.power(q) == value ? x : nil
    }
}

extension Rational: Comparable {
    /// Exact comparison.
    public static func < (a: Rational, b: Rational) -> Bool {
        if case let .small(an, ad) = a.storage, case let .small(bn, bd) = b.storage {
            if ad == 1 && bd == 1 { return an < bn }
            let (x, o1) = an.multipliedReportingOverflow(by: bd)
            let (y, o2) = bn.multipliedReportingOverflow(by: ad)
            if !o1 && !o2 { return x < y }
        }
        return a.numerator * b.denominator < b.numerator * a.denominator
    }
}

// MARK: - Text

extension Rational: CustomStringConvertible {
    /// `3`, `-5/2`: the form the parser reads back.
    public var description: String {
        switch storage {
        case let .small(n, d): return d == 1 ? String(n) : "\(n)/\(d)"
        case let .big(b):
            let n = b.n, d = b.d
            return d == 1 ? n.description : "\(n)/\(d)"
        }
    }

    /// The exact decimal form (`2.5`, `-0.125`) when the value has a short terminating decimal
    /// expansion (denominator 2^a*5^b), else nil. Integers are written without a point.
    public var decimalDescription: String? {
        if isInteger { return description }
        if case let .small(n, d) = storage, n != .min, let places = Rational.decimalPlaces(d) {
            // Small values skip big integers: d divides 10^places, so n * (10^places / d) is exact.
            var power = 1
            for _ in 0..<places { power *= 10 }
            let (scaled, overflow) = n.magnitude.multipliedReportingOverflow(by: UInt(power / d))
            if !overflow && places <= 18 {
                return Rational.decimalText(digits: String(scaled), places: places, negative: n < 0)
            }
        }
        // At most 20 decimal places: the denominator divides 10^20 < 2^67. Checking the size
        // first keeps huge denominators from costing a division per factor of 2 or 5.
        if denominator.magnitude.bitWidth > 67 { return nil }
        var d = denominator
        var twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        guard d == 1 else { return nil }
        let places = max(twos, fives)
        if places > 20 { return nil }
        // value * 10^places is an integer.
        let scaled = numerator * BigInt(10).power(places) / denominator
        return Rational.decimalText(digits: scaled.magnitude.description, places: places, negative: isNegative)
    }

    /// `digits` (the value times 10^places) with the point put back: ("125", 3) is "0.125".
    private static func decimalText(digits: String, places: Int, negative: Bool) -> String {
        var digits = digits
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -places)
        return (negative ? "-" : "") + digits[..<cut] + "." + digits[cut...]
    }

    /// True when `decimalDescription` is not nil, without building the text.
    public var hasDecimalForm: Bool {
        if case let .small(_, d) = storage { return Rational.decimalPlaces(d) != nil }
        return decimalDescription != nil
    }

    /// The decimal places of 1/d when that terminates within 20 places (d > 0), else nil.
    private static func decimalPlaces(_ denominator: Int) -> Int? {
        var d = denominator, twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        let places = max(twos, fives)
        return d == 1 && places <= 20 ? places : nil
    }

    /// True when the numerator is 1 or -1 (`x/2`, `-x`): no big integer is built.
    public var hasUnitNumerator: Bool {
        if case let .small(n, _) = storage { return n == 1 || n == -1 }
        return false  // a big numerator is never ±1
    }

    /// Why a numeric literal could not be read exactly.
    public enum LiteralError: Error, Equatable {
        case malformed
        case tooLarge
    }

    /// Reads a decimal literal (`3`, `2.5`, `.5`, `1e-3`, `6.02E23`) exactly: `0.1` is `1/10`.
    public static func parse(decimal text: Substring) throws(LiteralError) -> Rational {
        if let small = parseSmallDecimal(text) { return small }
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var seenDot = false
        var bytes = Array(text.utf8)[...]
        while let c = bytes.first, c != UInt8(ascii: "e"), c != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if c == UInt8(ascii: ".") {
                if seenDot { throw .malformed }
                seenDot = true
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                mantissa.append(c)
                if seenDot { fractionDigits += 1 }
            } else {
                throw .malformed
            }
        }
        if mantissa.isEmpty { throw .malformed }
        if !bytes.isEmpty {
            bytes = bytes.dropFirst()
            var negative = false
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                negative = s == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            if bytes.isEmpty { throw .malformed }
            for c in bytes {
                guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { throw .malformed }
                exponent = exponent * 10 + Int(c - UInt8(ascii: "0"))
                if exponent > 1_000_000_000 { throw .tooLarge }
            }
            if negative { exponent = -exponent }
        }
        // Leading zeros carry no size; strip them before judging the size.
        let significant = mantissa.drop { $0 == UInt8(ascii: "0") }
        let scale = exponent - fractionDigits
        // 10^k needs about 3.33 k bits.
        if significant.isEmpty { return .zero }
        // Digits written out cost what their text costs, so they are limited only loosely: every
        // number the printer writes must read back, and products of numbers may pass
        // `maximumBits`. An exponent part (`1e999999`) costs far more than its text: it is held
        // to `maximumBits`.
        if significant.count > maximumWrittenDigits { throw .tooLarge }
        if exponent != 0 && Double(significant.count + max(scale, -scale)) * 3.33 > Double(maximumBits) { throw .tooLarge }
        let digits = String(decoding: significant, as: UTF8.self)
        let value: BigInt
        if significant.count <= 18, let v = Int(digits) {
            value = BigInt(v)
        } else {
            guard let v = BigInt(digits, radix: 10) else { throw .malformed }
            value = v
        }
        let ten = BigInt(10)
        if scale >= 0 {
            return Rational(big: value * ten.power(scale), 1)
        }
        return Rational(big: value, ten.power(-scale))
    }

    /// The common literals (`3`, `0.25`, `12.5`): at most 18 digits, no exponent part, read
    /// without big integers. Nil for anything else, which the general path reads (or rejects).
    private static func parseSmallDecimal(_ text: Substring) -> Rational? {
        var value = 0, digits = 0, fractionDigits = 0
        var seenDot = false
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                digits += 1
                if digits > 18 { return nil }
                value = value * 10 + Int(c - UInt8(ascii: "0"))
                if seenDot { fractionDigits += 1 }
            } else {
                return nil
            }
        }
        if digits == 0 { return nil }
        var denominator = 1
        for _ in 0..<fractionDigits { denominator *= 10 }
        return Rational(value, denominator)
    }
}
