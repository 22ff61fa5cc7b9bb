/// Writes expressions as LaTeX math: `\frac{}{}` for quotients, `\sqrt{}`, `\sin\left(x\right)`,
/// calls spelled as the function table says (`\left|x\right|`, `e^{u}`), Greek letter names as
/// their symbols. Any depth prints (see `PrintDriver`).
public struct LatexPrinter {
    /// Write numbers with short terminating decimals as decimals, as `InfixPrinter` does.
    public var decimals: Bool

    /// A LaTeX printer; with `decimals`, numbers print as decimals where the input used them.
    public init(decimals: Bool = false) { self.decimals = decimals }

    /// The LaTeX of `expr`.
    public func print(_ expr: Expr) -> String { print(expr, driver: .automatic) }

    func print(_ expr: Expr, driver: PrintDriver) -> String {
        let latex = driver.print(expr, LatexLayout(decimals: decimals))
        // A lone `a = b` reads as an equation; the condition (1 where a equals b) is a value.
        return expr.head == .function(.equal) ? "\\left(" + latex + "\\right)" : latex
    }
}

/// The LaTeX rules. Signs, term order and fractions are read as in infix (`PrintedSum`,
/// `PrintedFraction`); a quotient is one `\frac`, and factors are separated by a space, or by
/// `\cdot` before a factor that starts with a digit.
struct LatexLayout: PrintLayout {
    let decimals: Bool

    private static let greek = LatexPrinter.greekLetters

    func layout<Sink: PrintSink>(_ e: Expr, _ p: Precedence, into sink: inout Sink) {
        if e.printedPrecedence < p {
            sink.literal("\\left(")
            sink.child(e, .none)
            sink.literal("\\right)")
            return
        }
        switch e.head {
        case let .number(r): number(r, &sink)
        case let .symbol(name): sink.text(LatexLayout.symbol(name))
        case let .constant(c): if c == .pi { sink.literal("\\pi") } else { sink.literal("e") }
        case .undefined: sink.literal("\\text{undefined}")
        case let .function(f):
            let spec = f.spec
            switch spec.printing {
            case let .enclosed(open, close):
                sink.text(open)
                sink.child(e.children[0], .none)
                sink.text(close)
            case .bare where spec.printing.hidesArguments(e.children):
                sink.text(spec.latex)
            case let .infix(_, latex, binding):
                let (left, right) = Precedence.operands(of: binding)
                sink.child(e.children[0], left)
                sink.text(" " + latex + " ")
                sink.child(e.children[1], right)
            case let .prefix(_, latex):
                sink.text(latex)
                sink.child(e.children[0], .negation)
            case .cases:
                sink.literal("\\begin{cases} ")
                sink.child(e.children[1], .none)
                sink.literal(" & \\text{if } ")
                sink.child(e.children[0], .none)
                sink.literal(" \\\\ ")
                sink.child(e.children[2], .none)
                sink.literal(" & \\text{otherwise} \\end{cases}")
            case .call, .bare:
                sink.text(spec.latex)
                // An unknown function's application is marked with `\!` so that it reads back
                // as a call (`f\!\left(x\right)`), not as the product f·(x).
                if f.index >= FunctionTable.all.count { sink.literal("\\!") }
                sink.literal("\\left(")
                for (i, a) in e.children.enumerated() {
                    if i > 0 { sink.literal(", ") }
                    sink.child(a, .none)
                }
                sink.literal("\\right)")
            }
        case .mul:
            fraction(PrintedFraction(e, negate: false, decimals: decimals), &sink)
        case .pow:
            let exponent = e.children[1]
            if let r = exponent.rationalValue, r.isNegative {
                return fraction(PrintedFraction(e, negate: false, decimals: decimals), &sink)
            }
            if exponent == .half { return root(e.children[0], &sink) }
            sink.child(e.children[0], .atom)
            sink.literal("^{")
            sink.child(exponent, .none)
            sink.literal("}")
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
                    // Negated, the term's fraction has no sign of its own: the sum wrote it.
                    fraction(PrintedFraction(term, negate: part.negative, decimals: decimals), &sink)
                } else {
                    number(c.magnitude, &sink)
                }
            }
        }
    }

    private func number<Sink: PrintSink>(_ r: Rational, _ sink: inout Sink) {
        if let n = r.intValue { return sink.integer(n) }
        if decimals, let d = r.decimalDescription { return sink.text(d) }
        if r.isInteger { return sink.text(r.description) }
        if r.isNegative { sink.literal("-") }
        sink.literal("\\frac{")
        sink.text(r.magnitude.numerator.description)
        sink.literal("}{")
        sink.text(r.denominator.description)
        sink.literal("}")
    }

    private func root<Sink: PrintSink>(_ base: Expr, _ sink: inout Sink) {
        sink.literal("\\sqrt{")
        sink.child(base, .none)
        sink.literal("}")
    }

    /// `numerator` or `\frac{numerator}{denominator}`, with a leading minus when negative.
    private func fraction<Sink: PrintSink>(_ f: PrintedFraction, _ sink: inout Sink) {
        if f.negative { sink.literal("-") }
        if f.denominatorCount == 0 { return items(f, denominator: false, braced: false, &sink) }
        sink.literal("\\frac{")
        if f.numeratorCount == 0 { sink.literal("1") } else { items(f, denominator: false, braced: true, &sink) }
        sink.literal("}{")
        items(f, denominator: true, braced: true, &sink)
        sink.literal("}")
    }

    /// The numerator's or the denominator's items: the number first, then the factors (made
    /// positive powers in the denominator). Inside `\frac{…}` a lone item needs no parentheses.
    private func items<Sink: PrintSink>(_ f: PrintedFraction, denominator: Bool, braced: Bool, _ sink: inout Sink) {
        let count = denominator ? f.denominatorCount : f.numeratorCount
        let p: Precedence = braced && count == 1 ? .none : .product
        var first = true
        if let n = denominator ? f.denominatorNumber : f.numeratorNumber {
            sink.text(n)
            first = false
        }
        for i in 0..<f.factorCount {
            let factor = f.factor(i)
            let exponent = factor.negativeExponent
            if (exponent != nil) != denominator { continue }
            let shown = denominator ? factor.children[0] : factor
            if !first {
                // Juxtaposed digits would read as one number (`2 3^{x}` as 23^x): a factor that
                // starts with a digit gets an explicit product sign. A root starts with `\sqrt`.
                let edge: Precedence? = exponent == .half ? nil : (exponent?.isOne ?? true) ? p : .atom
                if let edge, startsWithDigit(shown, edge) { sink.literal(" \\cdot ") } else { sink.literal(" ") }
            }
            first = false
            guard let r = exponent, !r.isOne else {
                sink.child(shown, p)
                continue
            }
            if r == .half {
                root(factor.children[0], &sink)
            } else {
                sink.child(factor.children[0], .atom)
                sink.literal("^{")
                number(r, &sink)
                sink.literal("}")
            }
        }
    }

    /// Whether `e` printed where `p` is needed starts with a digit: a positive integer (or decimal)
    /// at the left end, not hidden behind a parenthesis, `\frac`, `\sqrt` or a sign.
    private func startsWithDigit(_ e: Expr, _ p: Precedence) -> Bool {
        var e = e, p = p
        // Down the left edge of the text, without recursion (the edge may be long).
        while e.printedPrecedence >= p {
            switch e.head {
            case let .number(r):
                return !r.isNegative && (r.isInteger || (decimals && r.hasDecimalForm))
            case .pow:
                if let r = e.children[1].rationalValue, r.isNegative || r == .half { return false }
                (e, p) = (e.children[0], .atom)
            case .mul:
                let f = PrintedFraction(e, negate: false, decimals: decimals)
                if f.negative || f.denominatorCount > 0 { return false }
                if f.numeratorNumber != nil { return true }
                (e, p) = (f.factor(0), .product)
            default:
                return false
            }
        }
        return false
    }

    /// A variable's name: Greek letters as symbols, `x1` as `x_{1}`, `w_2` as `w_{2}`, longer
    /// names upright.
    static func symbol(_ name: String) -> String {
        if greek.contains(name) { return "\\" + name }
        if LatexPrinter.isBareName(name) { return name }
        if let split = name.firstIndex(where: { $0.isNumber }), LatexPrinter.isBareName(String(name[..<split])),
           name[split...].unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.numericType == .decimal }) {
            return "\(name[..<split])_{\(name[split...])}"
        }
        // `x_1`, `theta_max`: a name, then a subscript of letters and digits.
        let parts = name.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, !parts[0].isEmpty, !parts[0].contains("_"), FunctionTable.lookup(String(parts[0])) == nil, !parts[1].isEmpty,
           parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            // The base must not carry a subscript of its own (`h2_x` is not `h_{2}_{x}`).
            let base = symbol(String(parts[0]))
            if !base.contains("_") { return "\(base)_{\(parts[1])}" }
        }
        // An underscore that does not split a name in two (`_DS`, `x_`) is written `\_`.
        return "\\mathrm{\(LatexPrinter.escapingUnderscores(name))}"
    }
}

extension LatexPrinter {
    /// The names written as Greek letters (`alpha` as `\alpha`, `Pi` as `\Pi`); the LaTeX reader
    /// reads each back as that name. `pi` is the constant, not a name.
    public static let greekLetters: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
        "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    ]

    /// True when `name` may stand in LaTeX as itself: one letter (`x`, `θ`), not `_` nor a
    /// letter with a combining mark.
    public static func isBareName(_ name: String) -> Bool {
        guard name.unicodeScalars.count == 1, let scalar = name.unicodeScalars.first else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// `name` with each `_` written `\_`. By Unicode scalar: `_` followed by a combining mark is
    /// one `Character`, which `String`'s own replacement passes over.
    public static func escapingUnderscores(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if scalar == "_" { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }
}
