/// The recursive path of `InfixPrinter`, used for expressions of moderate height: it writes
/// straight into the output without building task lists, which makes it several times faster
/// than the iterative path that deep expressions need. Both produce the same text.
struct RecursiveInfixWriter {
    let decimals: Bool
    /// UTF-8 bytes rather than a `String`: appending to a string costs a few hundred
    /// instructions per character here, appending bytes a few.
    var out = ByteText()

    /// Heights up to this are printed recursively (a few hundred bytes of stack per level).
    static let maximumHeight = 800

    private mutating func writeNumber(_ r: Rational) {
        if let n = r.intValue {
            out.write(n)
        } else if decimals, let d = r.decimalDescription {
            out.write(d)
        } else {
            out.write(r.description)
        }
    }

    mutating func write(_ e: Expr, _ p: Precedence) {
        if Cancellation.isRequested { return }
        if e.printedPrecedence < p {
            out += "("
            write(e, .none)
            out += ")"
            return
        }
        switch e.head {
        case let .number(r): writeNumber(r)
        case let .symbol(name): out.write(name)
        case let .constant(c): out.write(c.name)
        case .undefined: out += "undefined"
        case let .function(f):
            out.write(f.name)
            out += "("
            for (i, a) in e.children.enumerated() {
                if i > 0 { out += ", " }
                write(a, .none)
            }
            out += ")"
        case .mul:
            writeFraction(e, negate: false)
        case .pow:
            if let r = e.children[1].rationalValue {
                if r == .half {
                    writePower(e.children[0], .half, .none)
                    return
                }
                if r.isNegative {
                    writeFraction(e, negate: false)
                    return
                }
            }
            write(e.children[0], .atom)
            out += "^"
            write(e.children[1], .atom)
        case let .add(c):
            writeSum(e, constant: c)
        }
    }

    /// `base^exponent` for a positive rational exponent: `sqrt(u)`, `u^2`, `u^(2/3)`.
    private mutating func writePower(_ base: Expr, _ exponent: Rational, _ p: Precedence) {
        if exponent == .half {
            out += "sqrt("
            write(base, .none)
            out += ")"
            return
        }
        if exponent.isOne {
            write(base, p)
            return
        }
        let parens = p > .power
        if parens { out += "(" }
        write(base, .atom)
        if exponent.isInteger {
            out += "^"
            writeNumber(exponent)
        } else {
            out += "^("
            writeNumber(exponent)
            out += ")"
        }
        if parens { out += ")" }
    }

    private mutating func writeSum(_ e: Expr, constant c: Rational) {
        for (i, part) in e.printedTerms(constant: c).enumerated() {
            if i == 0 {
                if part.negative { out += "-" }
            } else {
                out += part.negative ? " - " : " + "
            }
            if let term = part.term {
                writeFraction(term, negate: part.negative, signed: false)
            } else {
                writeNumber(c.magnitude)
            }
        }
    }

    /// A product or power written as `-a*b/(c*d)`. With `signed: false` the sign is left out
    /// (the caller has written ` - `).
    private mutating func writeFraction(_ e: Expr, negate: Bool, signed: Bool = true) {
        var coefficient = Rational.one
        let factors: [Expr]
        if case let .mul(c) = e.head {
            coefficient = c
            factors = e.children
        } else {
            factors = [e]
        }
        if negate { coefficient = -coefficient }
        if signed && coefficient.isNegative { out += "-" }
        let magnitude = coefficient.magnitude
        var numeratorText: String? = nil
        var denominatorText: String? = nil
        if decimals, !magnitude.isInteger, let d = magnitude.decimalDescription {
            numeratorText = d
        } else if !magnitude.isOne {
            let (n, d) = magnitude.magnitudeTexts
            if n != "1" { numeratorText = n }
            if d != "1" { denominatorText = d }
        }
        var denominatorCount = denominatorText == nil ? 0 : 1
        var numeratorCount = numeratorText == nil ? 0 : 1
        for f in factors {
            if f.negativeExponent != nil { denominatorCount += 1 } else { numeratorCount += 1 }
        }
        // Numerator.
        if numeratorCount == 0 {
            out += "1"
        } else {
            var first = true
            if let numeratorText {
                out.write(numeratorText)
                first = false
            }
            for f in factors where f.negativeExponent == nil {
                if !first { out += "*" }
                first = false
                write(f, .product)
            }
        }
        if denominatorCount == 0 { return }
        // `(4*(x + 1))` would read back as the distributed `4*x + 4`: write `/(x + 1)/4` instead.
        if denominatorCount == 2, let denominatorText,
           let f = factors.first(where: { $0.negativeExponent != nil }), f.negativeExponent!.isOne, f.children[0].isSum {
            out += "/"
            write(f.children[0], .atom)
            out += "/"
            out.write(denominatorText)
            return
        }
        out += "/"
        let single = denominatorCount == 1
        if !single { out += "(" }
        var first = true
        if let denominatorText {
            out.write(denominatorText)
            first = false
        }
        for f in factors {
            guard let r = f.negativeExponent else { continue }
            if !first { out += "*" }
            first = false
            writePower(f.children[0], r, single ? .power : .product)
        }
        if !single { out += ")" }
    }
}

extension Expr {
    /// For a power with a negative numeric exponent, the exponent's magnitude.
    var negativeExponent: Rational? {
        if case .pow = head, let r = children[1].rationalValue, r.isNegative { return -r }
        return nil
    }
}

/// Output text as UTF-8 bytes. Literals append through `+=`, other text through `write`.
struct ByteText {
    var bytes: [UInt8] = []

    static func += (text: inout ByteText, literal: StaticString) {
        // Literals are a few bytes: appending them one by one beats the generic bulk append.
        let start = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount { text.bytes.append(start[i]) }
    }

    mutating func write(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits of `n` without building a string.
    mutating func write(_ n: Int) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        if m < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(m))
            return
        }
        let start = bytes.count
        while m > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(m % 10))
            m /= 10
        }
        bytes[start...].reverse()
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
