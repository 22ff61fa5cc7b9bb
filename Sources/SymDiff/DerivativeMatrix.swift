/// A gradient, Hessian or Jacobian kept as its nonzero entries, with how it prints. A Hessian
/// keeps its upper triangle (row <= column) only; the lower one mirrors it.
public struct DerivativeMatrix: Sendable {
    /// What the matrix holds, which decides its positions and labels.
    public enum Kind: Sendable {
        /// One row: the partial derivatives of one function.
        case gradient
        /// Symmetric second derivatives; the upper triangle is printed.
        case hessian
        /// One row per function.
        case jacobian
    }

    /// One nonzero entry.
    public struct Entry: Sendable {
        /// Its row (0 for a gradient).
        public let row: Int
        /// Its column, the variable's position.
        public let column: Int
        /// The derivative.
        public let value: Expr
    }

    /// Gradient, Hessian or Jacobian.
    public let kind: Kind
    /// The variables, one per column.
    public let variables: [Expr]
    /// The number of rows (1 for a gradient, the variables' count for a Hessian).
    public let rowCount: Int
    /// The nonzero entries of the printed positions, row by row, columns ascending.
    public private(set) var entries: [Entry]
    /// Print numbers as decimals where the input was written with them.
    public var decimals = false
    /// Which entries and which form the infix text uses.
    public var layout = MatrixLayout()

    /// The gradient `g` over `variables`.
    public init(gradient g: [Expr], variables: [Expr]) {
        kind = .gradient
        self.variables = variables
        rowCount = 1
        entries = g.enumerated().compactMap { j, e in e.isZero ? nil : Entry(row: 0, column: j, value: e) }
    }

    /// The Hessian over `variables` from its nonzero upper-triangle entries (as
    /// `hessianEntries(withRespectTo:)` gives them).
    public init(hessianEntries: [HessianEntry], variables: [Expr]) {
        kind = .hessian
        self.variables = variables
        rowCount = variables.count
        entries = hessianEntries.filter { !$0.value.isZero }.map { Entry(row: $0.row, column: $0.column, value: $0.value) }
            .sorted { ($0.row, $0.column) < ($1.row, $1.column) }
    }

    /// The Jacobian: one row per function, one column per variable.
    public init(jacobian rows: [[Expr]], variables: [Expr]) {
        kind = .jacobian
        self.variables = variables
        rowCount = rows.count
        entries = rows.enumerated().flatMap { i, row in
            row.enumerated().compactMap { j, e in e.isZero ? nil : Entry(row: i, column: j, value: e) }
        }
    }

    /// The number of printed positions: n for a gradient, n(n+1)/2 for a Hessian, m×n for a
    /// Jacobian.
    public var positionCount: Int {
        let n = variables.count
        switch kind {
        case .gradient: return n
        case .hessian: return n * (n + 1) / 2
        case .jacobian: return rowCount * n
        }
    }

    /// The printed positions in order: the upper triangle of a Hessian, every position otherwise.
    public func forEachPosition(_ body: (_ row: Int, _ column: Int) -> Void) {
        for i in 0..<rowCount {
            for j in (kind == .hessian ? i : 0)..<variables.count { body(i, j) }
        }
    }

    /// Every row in full, zeros included (a Hessian mirrored).
    public var rows: [[Expr]] {
        var m = (0..<rowCount).map { _ in [Expr](repeating: .zero, count: variables.count) }
        for e in entries {
            m[e.row][e.column] = e.value
            if kind == .hessian { m[e.column][e.row] = e.value }
        }
        return m
    }

    /// The same matrix with every entry's value replaced, all at once (so that work shared
    /// between entries is done once); entries that become zero are dropped.
    public func mappingEntries(_ transform: ([Expr]) -> [Expr]) -> DerivativeMatrix {
        var copy = self
        let values = transform(entries.map(\.value))
        copy.entries = zip(entries, values).compactMap { e, v in v.isZero ? nil : Entry(row: e.row, column: e.column, value: v) }
        return copy
    }
}

/// How a matrix prints as infix text: every entry or the nonzero ones, each written out as a
/// tree or in terms of shared subexpressions.
public struct MatrixLayout: Sendable, Equatable {
    /// Which entries are listed.
    public enum Entries: Sendable, Equatable {
        /// Every entry up to `MatrixLayout.sparseAbove` positions; the nonzero ones beyond.
        case automatic
        /// Every entry, zeros included.
        case all
        /// The nonzero entries, with a line stating how many of how many.
        case nonzero
    }

    /// How each entry is written.
    public enum Form: Sendable, Equatable {
        /// Shared subexpressions when that is much shorter than the trees (see
        /// `SharedSubexpressions.isMuchSmaller`), the trees otherwise.
        case automatic
        /// Each entry written out in full.
        case tree
        /// Subexpressions used more than once named first (`t1 = …`), the entries in their terms.
        case shared
    }

    /// Which entries are listed.
    public var entries: Entries
    /// How each is written.
    public var form: Form

    /// Matrices with more positions than this list their nonzero entries unless told otherwise.
    public static let sparseAbove = 100

    /// A layout; both choices automatic unless said.
    public init(entries: Entries = .automatic, form: Form = .automatic) {
        self.entries = entries
        self.form = form
    }
}
