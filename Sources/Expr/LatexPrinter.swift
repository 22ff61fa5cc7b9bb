/// Writes expressions as LaTeX math: `\frac{}{}` for quotients, `\sqrt{}`, `\sin\left(x\right)`,
/// `\left|x\right|` for abs, `e^{u}` for exp, Greek letter names as their symbols. Iterative.
public struct LatexPrinter {
    public var decimals: Bool

    public init(decimals: Bool = false) { self.decimals = decimals }

    private enum Task {
        case text(String)
        case expr(Expr, Precedence)
        case fraction(Expr.Fraction)
        case item(Expr.PrintItem, Precedence)
    }

    private static let greek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
        "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
    ]

    public func print(_ expr: Expr) -> String {
        var out = ""
        var stack: [Task] = [.expr(expr, .none)]
        while let task = stack.popLast() {
            switch task {
            case let .text(s): out += s
            case let .fraction(f): pushFraction(f, &stack)
            case let .item(item, p):
                switch item {
                case let .expr(e): stack.append(.expr(e, p))
                case let .integer(s): out += s
                case let .power(base, exponent): pushPower(base, exponent: .number(exponent), &stack)
                }
            case let .expr(e, p):
                if e.printedPrecedence < p {
                    stack.append(.text("\\right)"))
                    stack.append(.expr(e, .none))
                    out += "\\left("
                } else {
                    pushBody(e, &stack, &out)
                }
            }
        }
        return out
    }

    private func symbol(_ name: String) -> String {
        if LatexPrinter.greek.contains(name) { return "\\" + name }
        if name.count == 1 { return name }
        // x1 -> x_{1}, w_2 -> w_{2}; longer names upright.
        if let split = name.firstIndex(where: { $0.isNumber }), name[..<split].count == 1, name[split...].allSatisfy(\.isNumber) {
            return "\(name[..<split])_{\(name[split...])}"
        }
        let parts = name.split(separator: "_", maxSplits: 1)
        if parts.count == 2 { return "\(symbol(String(parts[0])))_{\(symbol(String(parts[1])))}" }
        return "\\mathrm{\(name)}"
    }

    private func number(_ r: Rational) -> String {
        if decimals, let d = r.decimalDescription { return d }
        if r.isInteger { return r.description }
        let sign = r.isNegative ? "-" : ""
        return "\(sign)\\frac{\(r.magnitude.numerator)}{\(r.denominator)}"
    }

    private func pushBody(_ e: Expr, _ stack: inout [Task], _ out: inout String) {
        switch e.head {
        case let .number(r): out += number(r)
        case let .symbol(name): out += symbol(name)
        case let .constant(c): out += c == .pi ? "\\pi" : "e"
        case .undefined: out += "\\text{undefined}"
        case let .function(f):
            let args = e.children
            switch f {
            case .abs:
                stack.append(.text("\\right|")); stack.append(.expr(args[0], .none)); out += "\\left|"
            case .exp:
                stack.append(.text("}")); stack.append(.expr(args[0], .none)); out += "e^{"
            case .cbrt:
                stack.append(.text("}")); stack.append(.expr(args[0], .none)); out += "\\sqrt[3]{"
            default:
                stack.append(.text("\\right)"))
                for (i, a) in args.enumerated().reversed() {
                    stack.append(.expr(a, .none))
                    if i > 0 { stack.append(.text(", ")) }
                }
                out += f.spec.latex + "\\left("
            }
        case .mul:
            pushFraction(e.printedFraction(negate: false, decimals: decimals), &stack)
        case .pow:
            if let r = e.children[1].rationalValue, r.isNegative {
                pushFraction(e.printedFraction(negate: false, decimals: decimals), &stack)
                return
            }
            pushPower(e.children[0], exponent: e.children[1], &stack)
        case let .add(c):
            var tasks: [Task] = []
            for (i, part) in e.printedTerms(constant: c).enumerated() {
                if i == 0 { if part.negative { tasks.append(.text("-")) } } else { tasks.append(.text(part.negative ? " - " : " + ")) }
                if let term = part.term {
                    tasks.append(.fraction(term.printedFraction(negate: part.negative, decimals: decimals)))
                } else {
                    tasks.append(.text(number(c.magnitude)))
                }
            }
            stack.append(contentsOf: tasks.reversed())
        }
    }

    private func pushPower(_ base: Expr, exponent: Expr, _ stack: inout [Task]) {
        if exponent == .half {
            stack.append(.text("}")); stack.append(.expr(base, .none)); stack.append(.text("\\sqrt{"))
            return
        }
        stack.append(.text("}"))
        stack.append(.expr(exponent, .none))
        stack.append(.text("^{"))
        stack.append(.expr(base, .atom))
    }

    private func pushFraction(_ f: Expr.Fraction, _ stack: inout [Task]) {
        var tasks: [Task] = []
        if f.negative { tasks.append(.text("-")) }
        func items(_ list: [Expr.PrintItem], braced: Bool = false) {
            for (i, item) in list.enumerated() {
                if i > 0 {
                    // A number after another factor needs an explicit \cdot: 2 \cdot 3^{x}.
                    if case .integer = item { tasks.append(.text(" \\cdot ")) } else { tasks.append(.text(" ")) }
                }
                // Inside \frac{…} a lone item needs no parentheses.
                tasks.append(.item(item, braced && list.count == 1 ? .none : .product))
            }
        }
        if f.denominator.isEmpty {
            items(f.numerator)
        } else {
            tasks.append(.text("\\frac{"))
            if f.numerator.isEmpty { tasks.append(.text("1")) } else { items(f.numerator, braced: true) }
            tasks.append(.text("}{"))
            items(f.denominator, braced: true)
            tasks.append(.text("}"))
        }
        stack.append(contentsOf: tasks.reversed())
    }
}
