import Expr

/// How one notation spells matrix forms: the tokens between and around the parts
/// (`MatrixFormPrinter` for text the parser reads back, `MatrixFormLatex` for LaTeX). The
/// layout (which parts, in which order, where parentheses go) is `MatrixFormWriter`'s, one for
/// both notations.
protocol MatrixNotation {
    /// A leaf: a name, number, size, constant, `:` or index notation.
    func leaf(_ f: MatrixForm) -> String
    /// Parentheses around a group.
    var open: String { get }
    var close: String { get }
    /// Whether `f` keeps its own grouping where a parenthesis would go (LaTeX fractions).
    func groupsItself(_ f: MatrixForm) -> Bool
    /// The level a transposed or indexed base, or a power's base, must have.
    var baseLevel: MatrixFormPrinter.Level { get }
    /// After a transposed base.
    var transposeMark: String { get }
    /// Around and between the items of an index.
    var index: (open: String, separator: String, close: String) { get }
    /// Between base and exponent, after the exponent, and the exponent's level.
    func power(elementwise: Bool) -> (between: String, after: String, level: MatrixFormPrinter.Level)
    /// Between the factors of a matrix product (the previous factor, the next one).
    func productSeparator(_ previous: MatrixForm, _ next: MatrixForm) -> String
    /// Between the factors of an elementwise product.
    var hadamardSeparator: String { get }
    /// Between the two sides of a quotient, or nil when the notation writes it as a fraction.
    func quotientSeparator(elementwise: Bool) -> String?
    /// A quotient as a fraction (where `quotientSeparator` is nil).
    func fraction(_ top: MatrixForm, _ bottom: MatrixForm, _ writer: MatrixFormWriter<Self>, _ out: inout String)
    /// Around a literal, between rows and between entries.
    var literal: (open: String, rows: String, entries: String, close: String) { get }
    /// A call written its own way (`inv(A)` as `A^{-1}`), or nil for the general form.
    func special(_ name: String, _ args: [MatrixForm], _ writer: MatrixFormWriter<Self>, _ out: inout String) -> Bool
    /// The general form of a call: its name with the opening parenthesis, then the keyword spelling.
    func callOpen(_ name: String) -> String
    var callClose: String { get }
    func keyword(_ key: String) -> String
}

/// Matrix forms laid out in one notation: parentheses where a child binds more loosely than
/// its place requires, sums with their signs, products, quotients, literals, calls.
struct MatrixFormWriter<Notation: MatrixNotation> {
    let notation: Notation

    func print(_ f: MatrixForm) -> String {
        var out = ""
        write(f, .none, &out)
        return out
    }

    func write(_ f: MatrixForm, _ required: MatrixFormPrinter.Level, _ out: inout String) {
        if MatrixFormPrinter.level(f) < required, !notation.groupsItself(f) {
            out += notation.open
            write(f, .none, &out)
            out += notation.close
            return
        }
        switch f.kind {
        case .name, .number, .size, .constant, .all, .indexNotation:
            out += notation.leaf(f)
        case let .call(name, args, keywords):
            if notation.special(name, args, self, &out) { return }
            out += notation.callOpen(name)
            list(args, ", ", &out)
            for (key, value) in keywords {
                out += ", " + notation.keyword(key)
                write(value, .none, &out)
            }
            out += notation.callClose
        case let .transpose(inner):
            write(inner, notation.baseLevel, &out)
            out += notation.transposeMark
        case let .index(base, items):
            write(base, notation.baseLevel, &out)
            out += notation.index.open
            list(items, notation.index.separator, &out)
            out += notation.index.close
        case let .range(lo, hi):
            write(lo, .sum, &out)
            out += ":"
            write(hi, .sum, &out)
        case let .power(base, exponent, elementwise):
            let spelling = notation.power(elementwise: elementwise)
            write(base, notation.baseLevel, &out)
            out += spelling.between
            write(exponent, spelling.level, &out)
            out += spelling.after
        case let .product(factors):
            for (i, factor) in factors.enumerated() {
                if i > 0 { out += notation.productSeparator(factors[i - 1], factor) }
                write(factor, .power, &out)
            }
        case let .hadamard(factors):
            for (i, factor) in factors.enumerated() {
                if i > 0 { out += notation.hadamardSeparator }
                write(factor, .power, &out)
            }
        case let .quotient(top, bottom, elementwise):
            if let separator = notation.quotientSeparator(elementwise: elementwise) {
                write(top, .product, &out)
                out += separator
                write(bottom, .power, &out)
            } else {
                notation.fraction(top, bottom, self, &out)
            }
        case let .negate(inner):
            out += "-"
            write(inner, .product, &out)
        case let .sum(terms):
            for (i, (term, negative)) in terms.enumerated() {
                if i == 0 {
                    if negative { out += "-" }
                } else {
                    out += negative ? " - " : " + "
                }
                write(term, negative ? .product : .negation, &out)
            }
        case let .literal(rows):
            out += notation.literal.open
            for (r, row) in rows.enumerated() {
                if r > 0 { out += notation.literal.rows }
                list(row, notation.literal.entries, &out)
            }
            out += notation.literal.close
        }
    }

    /// `items` one after another, `separator` between them.
    func list(_ items: [MatrixForm], _ separator: String, _ out: inout String) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += separator }
            write(item, .none, &out)
        }
    }
}
