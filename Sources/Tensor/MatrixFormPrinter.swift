import Expr

/// Writes matrix notation as text the tensor parser reads back: `*` for matrix products and
/// scaling, `.*` `./` `.^` elementwise, `'` for the transpose, minimal parentheses.
struct MatrixFormPrinter {
    /// Binding strength: a child that binds more loosely than its place requires gets parentheses.
    enum Level: Int, Comparable {
        case none = 0, sum, negation, product, power, postfix, atom
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    static func level(_ f: MatrixForm) -> Level {
        switch f.kind {
        case .name, .constant, .call, .literal, .all: return .atom
        case let .number(r): return r.isInteger ? .atom : .product
        case let .size(e): return e.rationalValue != nil || { if case .symbol = e.head { return true } else { return false } }() ? .atom : .sum
        case .transpose, .index: return .postfix
        case .power: return .power
        case .product, .hadamard, .quotient: return .product
        case .negate: return .negation
        case .sum, .range, .indexNotation: return .sum
        }
    }

    func print(_ f: MatrixForm) -> String {
        var out = ""
        write(f, .none, &out)
        return out
    }

    private func write(_ f: MatrixForm, _ required: Level, _ out: inout String) {
        if MatrixFormPrinter.level(f) < required {
            out += "("
            write(f, .none, &out)
            out += ")"
            return
        }
        switch f.kind {
        case let .name(name): out += name
        case let .number(r): out += r.description
        case let .size(e): out += e.description
        case let .constant(c): out += c.name
        case .all: out += ":"
        case let .indexNotation(text): out += text
        case let .call(name, args, keywords):
            out += name + "("
            for (i, a) in args.enumerated() {
                if i > 0 { out += ", " }
                write(a, .none, &out)
            }
            for (key, value) in keywords {
                out += ", " + key + "="
                write(value, .none, &out)
            }
            out += ")"
        case let .transpose(inner):
            write(inner, .postfix, &out)
            out += "'"
        case let .index(base, items):
            write(base, .postfix, &out)
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, .none, &out)
            }
            out += "]"
        case let .range(lo, hi):
            write(lo, .sum, &out)
            out += ":"
            write(hi, .sum, &out)
        case let .power(base, exponent, elementwise):
            write(base, .postfix, &out)
            out += elementwise ? ".^" : "^"
            write(exponent, .postfix, &out)
        case let .product(factors):
            for (i, factor) in factors.enumerated() {
                if i > 0 { out += "*" }
                write(factor, .power, &out)
            }
        case let .hadamard(factors):
            for (i, factor) in factors.enumerated() {
                if i > 0 { out += " .* " }
                write(factor, .power, &out)
            }
        case let .quotient(top, bottom, elementwise):
            write(top, .product, &out)
            out += elementwise ? " ./ " : "/"
            write(bottom, .power, &out)
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
            out += "["
            for (r, row) in rows.enumerated() {
                if r > 0 { out += "; " }
                for (c, entry) in row.enumerated() {
                    if c > 0 { out += ", " }
                    write(entry, .none, &out)
                }
            }
            out += "]"
        }
    }
}

extension Tensor: CustomStringConvertible {
    /// The expression in matrix notation (index notation for arrays of order 3 and more), as
    /// text the tensor parser reads back with the same declarations.
    public var description: String {
        var builder = MatrixFormBuilder()
        return MatrixFormPrinter().print(builder.form(of: self))
    }

    /// The expression in LaTeX: bold vectors and matrices, `^\top`, `\odot`.
    public var latex: String {
        var builder = MatrixFormBuilder()
        return MatrixFormLatex().print(builder.form(of: self))
    }
}
