/// Binding strength of printed forms; a child printed where more is needed gets parentheses.
enum Precedence: Int, Comparable {
    case none = 0, sum, product, power, atom
    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

extension Expr {
    /// How the node prints: `a - b` for sums, `a*b/c` and `-a` for products, `1/x^2` for powers
    /// with negative numeric exponents, `sqrt(u)` for `u^(1/2)`.
    var printedPrecedence: Precedence {
        switch head {
        case let .number(r): return r.isNegative ? .product : r.isInteger ? .atom : .product
        case .symbol, .constant, .function, .undefined: return .atom
        case .add: return .sum
        // A negative product inside another product needs parentheses: x*(-y).
        case let .mul(c): return c.isNegative ? .sum : .product
        case .pow:
            if let r = children[1].rationalValue {
                if r.isNegative { return .product }
                if r == .half { return .atom }
            }
            return .power
        }
    }

    /// The numerator and denominator of a product or power as printed: `3*x*y^-2/4` is
    /// `(negative: false, [3, x], [4, y^2])`, with the exponents of the denominator made positive.
    struct Fraction {
        var negative = false
        var numerator: [PrintItem] = []
        var denominator: [PrintItem] = []
    }

    /// One factor of a printed fraction: a node, or a node raised to a positive exponent
    /// that is printed without building the positive-exponent node.
    enum PrintItem {
        case expr(Expr)
        case integer(String)
        case power(base: Expr, exponent: Rational)
    }

    func printedFraction(negate: Bool, decimals: Bool = false) -> Fraction {
        var f = Fraction()
        var factors: [Expr]
        var coefficient = Rational.one
        switch head {
        case let .mul(c):
            coefficient = c
            factors = children
        default:
            factors = [self]
        }
        if negate { coefficient = -coefficient }
        f.negative = coefficient.isNegative
        let magnitude = coefficient.magnitude
        if decimals, !magnitude.isInteger, let text = magnitude.decimalDescription {
            f.numerator.append(.integer(text))
        } else if !magnitude.isOne {
            let (n, d) = magnitude.magnitudeTexts
            if n != "1" { f.numerator.append(.integer(n)) }
            if d != "1" { f.denominator.append(.integer(d)) }
        }
        for factor in factors {
            if case .pow = factor.head, let r = factor.children[1].rationalValue, r.isNegative {
                let positive = -r
                f.denominator.append(positive.isOne ? .expr(factor.children[0]) : .power(base: factor.children[0], exponent: positive))
            } else {
                f.numerator.append(.expr(factor))
            }
        }
        return f
    }
}

import BigInt

extension BigInt {
    var isOne: Bool { self == 1 }
}

/// Writes expressions as text that the parser reads back to the same expression: explicit `*`,
/// `^` for powers, minimal parentheses, terms in the structural order. Iterative (an explicit
/// stack of tasks), so a 10^5-deep expression prints without deep recursion.
public struct InfixPrinter {
    enum Task {
        case text(String)
        case expr(Expr, Precedence)
        case term(Expr, negate: Bool)
        case item(Expr.PrintItem, Precedence)
    }

    /// Write non-integer numbers with short terminating decimals as decimals (`0.5*x` rather than
    /// `x/2`): used when the input was written with decimals. Still exact, and read back the same.
    public var decimals: Bool

    public init(decimals: Bool = false) {
        self.decimals = decimals
    }

    private func text(_ r: Rational) -> String {
        if decimals, let d = r.decimalDescription { return d }
        return r.description
    }

    /// The text of `expr`.
    public func print(_ expr: Expr) -> String {
        if expr.node.height <= RecursiveInfixWriter.maximumHeight {
            var writer = RecursiveInfixWriter(decimals: decimals)
            writer.write(expr, .none)
            return writer.out.string
        }
        return printIteratively(expr)
    }

    /// The iterative path for deep expressions (explicit task stack).
    func printIteratively(_ expr: Expr) -> String {
        var out = ""
        var stack: [Task] = [.expr(expr, .none)]
        while let task = stack.popLast(), !Cancellation.isRequested {
            switch task {
            case let .text(s): out += s
            case let .item(item, p): push(item, p, &stack)
            case let .term(e, negate): pushFraction(e.printedFraction(negate: negate, decimals: decimals), &stack)
            case let .expr(e, p):
                if e.printedPrecedence < p {
                    stack.append(.text(")"))
                    stack.append(.expr(e, .none))
                    out += "("
                } else {
                    pushBody(e, &stack, &out)
                }
            }
        }
        return out
    }

    private func push(_ item: Expr.PrintItem, _ p: Precedence, _ stack: inout [Task]) {
        switch item {
        case let .expr(e): stack.append(.expr(e, p))
        case let .integer(s): stack.append(.text(s))
        case let .power(base, exponent):
            if exponent == .half {
                stack.append(.text(")"))
                stack.append(.expr(base, .none))
                stack.append(.text("sqrt("))
            } else {
                let needParens = p > .power
                if needParens { stack.append(.text(")")) }
                stack.append(.text(exponentText(exponent)))
                stack.append(.expr(base, .atom))
                if needParens { stack.append(.text("(")) }
            }
        }
    }

    private func exponentText(_ r: Rational) -> String {
        r.isInteger && !r.isNegative ? "^" + r.description : "^(" + text(r) + ")"
    }

    /// Pushes the tasks that print `e` (already known not to need parentheses), in reverse.
    private func pushBody(_ e: Expr, _ stack: inout [Task], _ out: inout String) {
        switch e.head {
        case let .number(r): out += text(r)
        case let .symbol(name): out += name
        case let .constant(c): out += c.name
        case .undefined: out += "undefined"
        case let .function(f):
            stack.append(.text(")"))
            for (i, a) in e.children.enumerated().reversed() {
                stack.append(.expr(a, .none))
                if i > 0 { stack.append(.text(", ")) }
            }
            out += f.name + "("
        case .mul:
            pushFraction(e.printedFraction(negate: false, decimals: decimals), &stack)
        case .pow:
            if let r = e.children[1].rationalValue {
                if r == .half {
                    push(.power(base: e.children[0], exponent: r), .none, &stack)
                    return
                }
                if r.isNegative {
                    pushFraction(e.printedFraction(negate: false), &stack)
                    return
                }
            }
            stack.append(.expr(e.children[1], .atom))
            stack.append(.text("^"))
            stack.append(.expr(e.children[0], .atom))
        case let .add(c):
            pushSum(e, constant: c, &stack)
        }
    }

    private func pushSum(_ e: Expr, constant c: Rational, _ stack: inout [Task]) {
        var tasks: [Task] = []
        for (i, part) in e.printedTerms(constant: c).enumerated() {
            if i == 0 {
                if part.negative { tasks.append(.text("-")) }
            } else {
                tasks.append(.text(part.negative ? " - " : " + "))
            }
            if let term = part.term {
                tasks.append(.term(term, negate: part.negative))
            } else {
                tasks.append(.text(text(c.magnitude)))
            }
        }
        stack.append(contentsOf: tasks.reversed())
    }

    private func pushFraction(_ f: Expr.Fraction, _ stack: inout [Task]) {
        var tasks: [Task] = []
        if f.negative { tasks.append(.text("-")) }
        if f.numerator.isEmpty {
            tasks.append(.text("1"))
        } else {
            for (i, item) in f.numerator.enumerated() {
                if i > 0 { tasks.append(.text("*")) }
                tasks.append(.item(item, .product))
            }
        }
        if f.denominator.count == 2, case let .integer(q) = f.denominator[0], case let .expr(sum) = f.denominator[1], sum.isSum {
            // `(4*(x + 1))` would read back as the distributed `4*x + 4`: write `/(x + 1)/4`.
            tasks.append(.text("/"))
            tasks.append(.item(.expr(sum), .atom))
            tasks.append(.text("/" + q))
        } else if !f.denominator.isEmpty {
            tasks.append(.text("/"))
            if f.denominator.count > 1 {
                tasks.append(.text("("))
                for (i, item) in f.denominator.enumerated() {
                    if i > 0 { tasks.append(.text("*")) }
                    tasks.append(.item(item, .product))
                }
                tasks.append(.text(")"))
            } else {
                tasks.append(.item(f.denominator[0], .power))
            }
        }
        stack.append(contentsOf: tasks.reversed())
    }
}

/// One part of a printed sum, in print order.
struct PrintedTerm {
    /// The term, or nil for the sum's constant.
    let term: Expr?
    /// Printed after ` - ` (or with a leading `-`), with its sign removed.
    let negative: Bool
}

extension Expr {
    /// The parts of a sum in the order they print: the terms in canonical order with the constant
    /// last, except `1 - x` (a positive constant first when every other term is negative) and
    /// `sigmoid(z) - y` rather than `-y + sigmoid(z)` (a positive term first when the leading
    /// term is a plain negation).
    func printedTerms(constant c: Rational) -> [PrintedTerm] {
        var parts = children.map { PrintedTerm(term: $0, negative: $0.isNegativeTerm) }
        if !c.isZero {
            let constantFirst = !c.isNegative && parts.allSatisfy(\.negative)
            let entry = PrintedTerm(term: nil, negative: c.isNegative)
            if constantFirst { parts.insert(entry, at: 0) } else { parts.append(entry) }
        }
        if let lead = parts.first?.term, case .mul(let k) = lead.head, k.isMinusOne,
           let i = parts.firstIndex(where: { $0.term != nil && !$0.negative }) {
            parts.insert(parts.remove(at: i), at: 0)
        }
        return parts
    }

    /// A term printed after ` - ` in a sum: a product with a negative coefficient.
    var isNegativeTerm: Bool {
        if case let .mul(c) = head { return c.isNegative }
        return false
    }

    /// The expression as text the parser reads back.
    public var description: String { InfixPrinter().print(self) }
}

extension Expr: CustomStringConvertible {}
