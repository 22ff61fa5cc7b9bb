/// What every printer agrees on about the shape of printed text: how tightly a node binds, the
/// order and signs of a sum's terms, and a product or power read as a signed fraction. The
/// layouts (`InfixLayout`, `LatexLayout`) decide the spelling; these decide the structure.

/// Binding strength of printed forms; a child printed where more is needed gets parentheses.
enum Precedence: Int, Comparable {
    case none = 0, disjunction, conjunction, negation, comparison, sum, product, power, atom
    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

extension Precedence {
    init(_ binding: OperatorBinding) {
        switch binding {
        case .disjunction: self = .disjunction
        case .conjunction: self = .conjunction
        case .comparison: self = .comparison
        }
    }

    /// The precedence each operand of an operator of `binding` needs: the left one of a
    /// connective may be the same connective (`a and b and c`), a comparison's operands are sums.
    static func operands(of binding: OperatorBinding) -> (left: Precedence, right: Precedence) {
        switch binding {
        case .disjunction: return (.disjunction, .conjunction)
        case .conjunction: return (.conjunction, .negation)
        case .comparison: return (.sum, .sum)
        }
    }
}

extension Expr {
    /// How the node prints: `a - b` for sums, `a*b/c` and `-a` for products, `1/x^2` for powers
    /// with negative numeric exponents, `sqrt(u)` for `u^(1/2)`.
    var printedPrecedence: Precedence {
        switch head {
        case let .number(r): return r.isNegative ? .product : r.isInteger ? .atom : .product
        case let .function(f):
            switch f.spec.printing {
            case let .infix(_, _, binding): return Precedence(binding)
            case .prefix: return .negation
            default: return .atom
            }
        case .symbol, .constant, .undefined: return .atom
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

    /// For a power with a negative numeric exponent, the exponent's magnitude: such a factor
    /// prints in a denominator (`x^-2` as `1/x^2`).
    var negativeExponent: Rational? {
        if case .pow = head, let r = children[1].rationalValue, r.isNegative { return -r }
        return nil
    }
}

/// One part of a printed sum, in print order.
struct PrintedTerm {
    /// The term, or nil for the sum's constant.
    let term: Expr?
    /// Printed after ` - ` (or with a leading `-`), with its sign removed.
    let negative: Bool
}

/// The parts of a sum in the order they print: the terms in canonical order with the constant
/// last, except `1 - x` (a positive constant first when every other term is negative) and
/// `sigmoid(z) - y` rather than `-y + sigmoid(z)` (the first positive term moves to the front
/// when the leading term is a plain negation, coefficient -1). Read by position; nothing is
/// copied.
struct PrintedSum {
    private let terms: [Expr]
    private let constant: Rational
    private let constantFirst: Bool
    /// The term moved to the front, by its index in `terms`.
    private let lead: Int?

    init(_ sum: Expr, constant c: Rational) {
        terms = sum.children
        constant = c
        constantFirst = !c.isZero && !c.isNegative && terms.allSatisfy(\.isNegativeTerm)
        if !constantFirst, case let .mul(k) = terms[0].head, k.isMinusOne {
            lead = terms.firstIndex { !$0.isNegativeTerm }
        } else {
            lead = nil
        }
    }

    var count: Int { terms.count + (constant.isZero ? 0 : 1) }

    subscript(k: Int) -> PrintedTerm {
        var i = k
        if constantFirst {
            if k == 0 { return PrintedTerm(term: nil, negative: false) }
            i = k - 1
        } else if k == terms.count {
            return PrintedTerm(term: nil, negative: constant.isNegative)
        } else if let lead {
            i = k == 0 ? lead : k <= lead ? k - 1 : k
        }
        return PrintedTerm(term: terms[i], negative: terms[i].isNegativeTerm)
    }
}

extension Expr {
    /// A term printed after ` - ` in a sum: a product with a negative coefficient.
    var isNegativeTerm: Bool {
        if case let .mul(c) = head { return c.isNegative }
        return false
    }
}

/// A product or power read as a printed fraction: a sign, then the numerator over the
/// denominator. The denominator holds the coefficient's denominator and the factors with negative
/// numeric exponents, made positive: `-3*x*y^-2/4` reads as `-(3*x)/(4*y^2)`.
struct PrintedFraction {
    /// Written with a leading minus.
    let negative: Bool
    /// The coefficient's numerator as text (`3`; `0.75` with decimals), nil when it is 1.
    let numeratorNumber: String?
    /// The coefficient's denominator as text, nil when it is 1 or written as a decimal.
    let denominatorNumber: String?
    /// Items above and below the line, the numbers included.
    let numeratorCount: Int
    let denominatorCount: Int
    /// A product's factors in their order; empty when `single` is the one factor.
    private let factors: [Expr]
    private let single: Expr

    /// `e` with its coefficient negated when `negate` (a term printed after ` - `). With
    /// `decimals`, a coefficient with a short decimal form is written as one (`0.5*x`, not `x/2`).
    init(_ e: Expr, negate: Bool, decimals: Bool) {
        var coefficient = Rational.one
        if case let .mul(c) = e.head {
            coefficient = c
            factors = e.children
        } else {
            factors = []
        }
        single = e
        if negate { coefficient = -coefficient }
        negative = coefficient.isNegative
        let magnitude = coefficient.magnitude
        var above: String? = nil, below: String? = nil
        if decimals, !magnitude.isInteger, let text = magnitude.decimalDescription {
            above = text
        } else if !magnitude.isOne {
            let (n, d) = magnitude.magnitudeTexts
            if n != "1" { above = n }
            if d != "1" { below = d }
        }
        numeratorNumber = above
        denominatorNumber = below
        var up = above == nil ? 0 : 1, down = below == nil ? 0 : 1
        for i in 0..<(factors.isEmpty ? 1 : factors.count) {
            if (factors.isEmpty ? e : factors[i]).negativeExponent != nil { down += 1 } else { up += 1 }
        }
        numeratorCount = up
        denominatorCount = down
    }

    var factorCount: Int { factors.isEmpty ? 1 : factors.count }

    /// Factor `i` as the node holds it: in the denominator when its `negativeExponent` is set.
    func factor(_ i: Int) -> Expr { factors.isEmpty ? single : factors[i] }
}
