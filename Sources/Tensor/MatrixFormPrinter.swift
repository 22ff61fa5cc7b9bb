import Expr

/// Matrix notation as text the tensor parser reads back: `*` for matrix products and scaling,
/// `.*` `./` `.^` elementwise, `'` for the transpose, minimal parentheses.
struct MatrixFormPrinter: MatrixNotation {
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

    func print(_ f: MatrixForm) -> String { MatrixFormWriter(notation: self).print(f) }

    func leaf(_ f: MatrixForm) -> String {
        switch f.kind {
        case let .name(name): return name
        case let .number(r): return r.description
        case let .size(e): return e.description
        case let .constant(c): return c.name
        case let .indexNotation(text): return text
        default: return ":"
        }
    }

    let open = "(", close = ")"
    func groupsItself(_ f: MatrixForm) -> Bool { false }
    let baseLevel = Level.postfix
    let transposeMark = "'"
    let index = (open: "[", separator: ", ", close: "]")
    func power(elementwise: Bool) -> (between: String, after: String, level: Level) { (elementwise ? ".^" : "^", "", .postfix) }
    func productSeparator(_ previous: MatrixForm, _ next: MatrixForm) -> String { "*" }
    let hadamardSeparator = " .* "
    func quotientSeparator(elementwise: Bool) -> String? { elementwise ? " ./ " : "/" }
    /// Never asked for: text writes every quotient with a separator.
    func fraction(_ top: MatrixForm, _ bottom: MatrixForm, _ writer: MatrixFormWriter<Self>, _ out: inout String) {}
    let literal = (open: "[", rows: "; ", entries: ", ", close: "]")
    func special(_ name: String, _ args: [MatrixForm], _ writer: MatrixFormWriter<Self>, _ out: inout String) -> Bool { false }
    func callOpen(_ name: String) -> String { name + "(" }
    let callClose = ")"
    func keyword(_ key: String) -> String { key + "=" }
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
