/// Writes expressions as text that the parser reads back to the same expression: explicit `*`,
/// `^` for powers, minimal parentheses, terms in the structural order. Any depth prints (see
/// `PrintDriver`).
public struct InfixPrinter {
    /// Write non-integer numbers with short terminating decimals as decimals (`0.5*x` rather than
    /// `x/2`): used when the input was written with decimals. Still exact, and read back the same.
    public var decimals: Bool

    /// A printer; with `decimals`, numbers print as decimals where the input used them.
    public init(decimals: Bool = false) {
        self.decimals = decimals
    }

    /// The text of `expr`.
    public func print(_ expr: Expr) -> String { print(expr, driver: .automatic) }

    func print(_ expr: Expr, driver: PrintDriver) -> String {
        driver.print(expr, InfixLayout(decimals: decimals))
    }
}

/// The infix rules: `a - b` for negative terms, `a*b/(c*d)` for products with negative
/// exponents, `/(x + 1)/4` rather than `/(4*(x + 1))`, `sqrt(u)` for `u^(1/2)`, `u^(2/3)`.
struct InfixLayout: PrintLayout {
    let decimals: Bool

    func layout<Sink: PrintSink>(_ e: Expr, _ p: Precedence, into sink: inout Sink) {
        if e.printedPrecedence < p {
            sink.literal("(")
            sink.child(e, .none)
            sink.literal(")")
            return
        }
        switch e.head {
        case let .number(r): number(r, &sink)
        case let .symbol(name): sink.text(name)
        case let .constant(c): sink.text(c.name)
        case .undefined: sink.literal("undefined")
        case let .function(f):
            if case let .infix(op, _, binding) = f.spec.printing {
                let (left, right) = Precedence.operands(of: binding)
                sink.child(e.children[0], left)
                sink.text(" " + op + " ")
                sink.child(e.children[1], right)
                return
            }
            if case let .prefix(op, _) = f.spec.printing {
                sink.text(op)
                sink.child(e.children[0], .negation)
                return
            }
            // Every other function prints as a call in infix: its name is what the parser reads.
            sink.text(f.name)
            if f.spec.printing.hidesArguments(e.children) { return }
            sink.literal("(")
            for (i, a) in e.children.enumerated() {
                if i > 0 { sink.literal(", ") }
                sink.child(a, .none)
            }
            sink.literal(")")
        case .mul:
            fraction(PrintedFraction(e, negate: false, decimals: decimals), signed: true, &sink)
        case .pow:
            let exponent = e.children[1]
            if let r = exponent.rationalValue {
                if r == .half { return power(e.children[0], .half, .none, &sink) }
                if r.isNegative { return fraction(PrintedFraction(e, negate: false, decimals: decimals), signed: true, &sink) }
            }
            sink.child(e.children[0], .atom)
            sink.literal("^")
            sink.child(exponent, .atom)
        case let .add(c):
            let parts = PrintedSum(e, constant: c)
            for k in 0..<parts.count {
                let part = parts[k]
                if k > 0 {
                    if part.negative { sink.literal(" - ") } else { sink.literal(" + ") }
                } else if part.negative {
                    sink.literal("-")
                }
                if let term = part.term {
                    // The sign is written above.
                    fraction(PrintedFraction(term, negate: part.negative, decimals: decimals), signed: false, &sink)
                } else {
                    number(c.magnitude, &sink)
                }
            }
        }
    }

    private func number<Sink: PrintSink>(_ r: Rational, _ sink: inout Sink) {
        if let n = r.intValue {
            sink.integer(n)
        } else if decimals, let d = r.decimalDescription {
            sink.text(d)
        } else {
            sink.text(r.description)
        }
    }

    /// `base^exponent` for a positive rational exponent: `sqrt(u)`, `u^2`, `u^(2/3)`.
    private func power<Sink: PrintSink>(_ base: Expr, _ exponent: Rational, _ p: Precedence, _ sink: inout Sink) {
        if exponent == .half {
            sink.literal("sqrt(")
            sink.child(base, .none)
            sink.literal(")")
            return
        }
        if exponent.isOne { return sink.child(base, p) }
        let parens = p > .power
        if parens { sink.literal("(") }
        sink.child(base, .atom)
        if exponent.isInteger {
            sink.literal("^")
            number(exponent, &sink)
        } else {
            sink.literal("^(")
            number(exponent, &sink)
            sink.literal(")")
        }
        if parens { sink.literal(")") }
    }

    /// `-a*b/(c*d)`; with `signed: false` without the minus (the sum wrote ` - `).
    private func fraction<Sink: PrintSink>(_ f: PrintedFraction, signed: Bool, _ sink: inout Sink) {
        if signed && f.negative { sink.literal("-") }
        if f.numeratorCount == 0 {
            sink.literal("1")
        } else {
            var first = true
            if let n = f.numeratorNumber {
                sink.text(n)
                first = false
            }
            for i in 0..<f.factorCount where f.factor(i).negativeExponent == nil {
                if !first { sink.literal("*") }
                first = false
                sink.child(f.factor(i), .product)
            }
        }
        if f.denominatorCount == 0 { return }
        sink.literal("/")
        if f.denominatorCount == 2, let d = f.denominatorNumber,
           let sum = (0..<f.factorCount).lazy.map(f.factor).first(where: { $0.negativeExponent != nil }),
           sum.negativeExponent!.isOne, sum.children[0].isSum {
            // `/(4*(x + 1))` would read back as the distributed `/(4*x + 4)`: write `/(x + 1)/4`.
            sink.child(sum.children[0], .atom)
            sink.literal("/")
            sink.text(d)
            return
        }
        let single = f.denominatorCount == 1
        if !single { sink.literal("(") }
        var first = true
        if let d = f.denominatorNumber {
            sink.text(d)
            first = false
        }
        for i in 0..<f.factorCount {
            let factor = f.factor(i)
            guard let r = factor.negativeExponent else { continue }
            if !first { sink.literal("*") }
            first = false
            power(factor.children[0], r, single ? .power : .product, &sink)
        }
        if !single { sink.literal(")") }
    }
}

extension Expr: CustomStringConvertible {
    /// The expression as text the parser reads back.
    public var description: String { InfixPrinter().print(self) }
}
