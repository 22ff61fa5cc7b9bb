import BigInt
import Expr

/// The greatest common divisor of integer magnitudes given one at a time, in a machine word
/// while it fits.
struct IntegerGCD {
    private var small: UInt = 0
    private var big: BigUInt? = nil

    mutating func add(_ n: BigInt) {
        if big == nil, let w = UInt(exactly: n.magnitude) { return add(word: w) }
        let g = Rational.gcd(big ?? BigUInt(small), n.magnitude)
        if let w = UInt(exactly: g) { small = w; big = nil } else { big = g }
    }

    mutating func add(word w: UInt) {
        if w == 0 { return }
        if let b = big {
            // The divisor of a word fits in a word.
            small = UInt(exactly: Rational.gcd(b, BigUInt(w)))!
            big = nil
        } else {
            small = Rational.gcd(small, w)
        }
    }

    var value: BigInt { big.map { BigInt($0) } ?? BigInt(small) }
}

/// The least common multiple of positive integers given one at a time, in a machine word
/// while it fits.
struct IntegerLCM {
    private var small: UInt = 1
    private var big: BigUInt? = nil

    mutating func add(_ n: BigInt) {
        if big == nil, let w = UInt(exactly: n.magnitude) {
            let (l, o) = (small / Rational.gcd(small, w)).multipliedReportingOverflow(by: w)
            if !o { small = l; return }
        }
        let a = big ?? BigUInt(small), b = n.magnitude
        big = a / Rational.gcd(a, b) * b
    }

    var value: BigInt { big.map { BigInt($0) } ?? BigInt(small) }
}

extension Polynomial {
    /// `(c, p)` with `self = c * p`, where `p` has integer coefficients without a common factor
    /// and a positive leading coefficient. Zero is `(0, 0)`.
    public var contentAndPrimitivePart: (content: Rational, primitive: Polynomial) {
        if isZero { return (.zero, self) }
        var numerators = IntegerGCD()
        var denominators = IntegerLCM()
        for t in terms {
            if let (n, d) = t.coefficient.smallParts, n != .min {
                numerators.add(word: n.magnitude)
                if d != 1 { denominators.add(BigInt(d)) }
            } else {
                numerators.add(t.coefficient.numerator)
                denominators.add(t.coefficient.denominator)
            }
        }
        var content = Rational(big: numerators.value, denominators.value)
        if leadingCoefficient.isNegative { content = -content }
        return (content, scaled(by: content.reciprocal))
    }
}
