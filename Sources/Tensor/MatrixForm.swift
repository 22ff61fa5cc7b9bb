import Expr

/// A tensor expression as it is written in matrix notation: the tree the infix and LaTeX
/// printers walk. Built from the tensor graph by `MatrixFormBuilder`; never interned.
final class MatrixForm {
    /// What the printed value is: it decides `*` against `.*`, `'` and bold letters.
    enum Role: Equatable {
        case scalar, column, row, matrix
    }

    enum Kind {
        /// A variable's name.
        case name(String)
        case number(Rational)
        /// A size written as a scalar (`n`, `d - 1`).
        case size(Expr)
        case constant(MathConstant)
        /// `name(arguments)`, with keyword arguments after the positional ones (`dim=2`).
        case call(String, [MatrixForm], keywords: [(String, MatrixForm)])
        case transpose(MatrixForm)
        /// The matrix product chain `a*b*c` (scalars scale).
        case product([MatrixForm])
        /// The elementwise product `a .* b .* c`.
        case hadamard([MatrixForm])
        /// Terms; `true` marks a term printed after ` - `.
        case sum([(MatrixForm, Bool)])
        case negate(MatrixForm)
        /// `a/b` (a scalar divisor) or `a ./ b`.
        case quotient(MatrixForm, MatrixForm, elementwise: Bool)
        /// `a^b` or `a.^b`.
        case power(MatrixForm, MatrixForm, elementwise: Bool)
        /// `v[2]`, `A[2:n, :]`: the items are already written (`2`, `2:n`, `:`).
        case index(MatrixForm, [MatrixForm])
        /// `a:b` inside an index.
        case range(MatrixForm, MatrixForm)
        /// `:` inside an index.
        case all
        /// A matrix literal, row by row.
        case literal([[MatrixForm]])
        /// An expression without matrix notation, in index notation (already written).
        case indexNotation(String)
    }

    let kind: Kind
    let role: Role
    /// For a name: declared symmetric (its transpose is itself).
    let symmetric: Bool

    init(_ kind: Kind, _ role: Role, symmetric: Bool = false) {
        self.kind = kind
        self.role = role
        self.symmetric = symmetric
    }

    static func number(_ r: Rational) -> MatrixForm { MatrixForm(.number(r), .scalar) }
    static func size(_ s: Size) -> MatrixForm {
        if let r = s.expr.rationalValue { return number(r) }
        return MatrixForm(.size(s.expr), .scalar)
    }
    static func call(_ name: String, _ args: [MatrixForm], _ role: Role, keywords: [(String, MatrixForm)] = []) -> MatrixForm {
        MatrixForm(.call(name, args, keywords: keywords), role)
    }

    var isScalar: Bool { role == .scalar }

    /// The matrix product of `factors` (nested products flattened, factors of 1 dropped).
    static func product(_ factors: [MatrixForm], _ role: Role) -> MatrixForm {
        var flat: [MatrixForm] = []
        for f in factors {
            if case let .product(inner) = f.kind { flat += inner } else if case .number(let r) = f.kind, r.isOne { continue } else { flat.append(f) }
        }
        // `eye(n)` in a product with a matrix or vector is the identity.
        if flat.count > 1 { flat.removeAll { if case .call("eye", _, _) = $0.kind { return true } else { return false } } }
        if flat.isEmpty { return number(.one) }
        if flat.count == 1 { return flat[0] }
        // Scalars first: `2*X*v`, not `X*2*v`.
        let scalars = flat.filter(\.isScalar), others = flat.filter { !$0.isScalar }
        return MatrixForm(.product(scalars + others), role)
    }

    /// The elementwise product of `factors`.
    static func hadamard(_ factors: [MatrixForm], _ role: Role) -> MatrixForm {
        var flat: [MatrixForm] = []
        for f in factors {
            if case let .hadamard(inner) = f.kind { flat += inner } else { flat.append(f) }
        }
        // A factor repeated is a power: `y .* y` is `y.^2` (one node has one form object).
        var grouped: [(form: MatrixForm, count: Int)] = []
        for f in flat {
            if let i = grouped.firstIndex(where: { $0.form === f }) { grouped[i].count += 1 } else { grouped.append((f, 1)) }
        }
        let powers = grouped.map { g in
            g.count == 1 ? g.form : MatrixForm(.power(g.form, .number(Rational(g.count)), elementwise: !g.form.isScalar), g.form.role)
        }
        return powers.count == 1 ? powers[0] : MatrixForm(.hadamard(powers), role)
    }

    /// The transpose, pushed towards the leaves: `(A*B)'` is `B'*A'`, `(A + B)'` is
    /// `A' + B'`, `A''` is `A`, a symmetric name, a scalar, `diag(v)` and `eye(n)` are their own
    /// transpose. A vector's transpose is its row (`x'`); `inv(X)'` keeps its transpose outside.
    var transposed: MatrixForm {
        let flipped: Role
        switch role {
        case .scalar: return self
        case .column: flipped = .row
        case .row: flipped = .column
        case .matrix: flipped = .matrix
        }
        switch kind {
        case .transpose(let inner): return inner
        case .name where symmetric: return self
        case let .product(factors): return MatrixForm(.product(factors.reversed().map(\.transposed)), flipped)
        case let .sum(terms) where role == .matrix: return MatrixForm(.sum(terms.map { ($0.0.transposed, $0.1) }), flipped)
        case let .negate(inner): return MatrixForm(.negate(inner.transposed), flipped)
        case let .hadamard(factors) where role == .matrix: return MatrixForm(.hadamard(factors.map(\.transposed)), flipped)
        case let .call(name, _, _) where role == .matrix && (name == "diag" || name == "eye"):
            return self
        case let .call("ones", args, _) where args.count == 2:
            return MatrixForm.call("ones", [args[1], args[0]], flipped)
        default:
            return MatrixForm(.transpose(self), flipped)
        }
    }
}
