import Expr

/// An expression with its variables renamed to placeholders in the order of their names: the
/// entries of Rosenbrock's gradient (in x1, x2, x3; x2, x3, x4; …) share three patterns, so a
/// list of them is simplified once per pattern. The rules see names only through the structural
/// order (which compares a name with other names) and the cost (1 per name, whatever it is), so
/// simplifying the pattern and renaming back gives what simplifying the expression gives.
struct NamePattern {
    /// `expression` over the placeholders.
    let template: Expr
    /// The variables' names, in order: placeholder k stands for `names[k]`.
    let names: [String]

    init(_ expression: Expr) {
        var found: [String] = []
        for e in expression.postorder { if case let .symbol(n) = e.head { found.append(n) } }
        names = found.sorted()
        var renaming: [String: String] = [:]
        for (k, name) in names.enumerated() { renaming[name] = NamePattern.placeholder(k, of: names.count) }
        template = expression.renamingSymbols(renaming)
    }

    /// `simplifiedTemplate` (the template after simplification) in the expression's own names.
    func instantiate(_ simplifiedTemplate: Expr) -> Expr {
        var renaming: [String: String] = [:]
        for (k, name) in names.enumerated() { renaming[NamePattern.placeholder(k, of: names.count)] = name }
        return simplifiedTemplate.renamingSymbols(renaming)
    }

    /// The k-th of n placeholders: a control character no parsed name holds, then k in a fixed
    /// number of digits, so that the placeholders' order is the names' order.
    static func placeholder(_ k: Int, of n: Int) -> String {
        let digits = String(k)
        let width = max(3, String(max(n - 1, 0)).count)
        return "\u{1}" + String(repeating: "0", count: width - digits.count) + digits
    }
}
