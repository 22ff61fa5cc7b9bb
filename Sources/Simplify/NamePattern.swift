import Expr

/// An expression with its variables renamed to placeholders in the order of their names: the
/// entries of Rosenbrock's gradient (in x1, x2, x3; x2, x3, x4; …) share three patterns, so a
/// list of them is simplified once per pattern. The rules see names only through the structural
/// order (which compares a name with other names) and the cost (1 per name, whatever it is), so
/// simplifying the pattern and renaming back gives what simplifying the expression gives.
struct NamePattern {
    /// `expression` over the placeholders.
    let template: Expr
    /// The expression's variables, in the order of their names: placeholder k stands for `symbols[k]`.
    let symbols: [Expr]

    init(_ expression: Expr) {
        let order = expression.postorder
        var found: [(name: String, symbol: Expr)] = []
        for e in order { if case let .symbol(n) = e.head { found.append((n, e)) } }
        found.sort { $0.name < $1.name }
        symbols = found.map(\.symbol)
        template = expression.renamingSymbols(from: symbols, to: NamePattern.placeholders(symbols.count), order: order)
    }

    /// The template after simplification, through `plan` (its `RenamingPlan` from the
    /// placeholders), in the expression's own names.
    func instantiate(_ plan: RenamingPlan) -> Expr {
        plan.renamed(to: symbols)
    }

    /// The first n placeholders: a control character no parsed name holds, then k in three
    /// digits (more for more), so that the placeholders' order is the names' order.
    static func placeholders(_ n: Int) -> [Expr] {
        n < common.count ? common[n] : (0..<n).map { placeholder($0, width: String(n - 1).count) }
    }

    /// `placeholders(n)` for the usual counts, built once.
    private static let common: [[Expr]] = {
        let first = (0..<64).map { placeholder($0, width: 3) }
        return (0...64).map { Array(first[..<$0]) }
    }()

    private static func placeholder(_ k: Int, width: Int) -> Expr {
        let digits = String(k)
        return .symbol("\u{1}" + String(repeating: "0", count: max(0, width - digits.count)) + digits)
    }
}
