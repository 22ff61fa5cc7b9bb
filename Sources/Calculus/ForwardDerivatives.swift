import Expr

/// Gradients and Hessians one variable at a time, for expressions with `piecewise`. Reverse
/// accumulation sends a branch its adjoint times the branch's gate (`piecewise(c, 1, 0)`), which
/// is 0*NaN where the untaken branch is undefined (`sqrt(-x)` for x > 0); differentiating by one
/// variable at a time keeps each derivative inside its branch: `piecewise(c, da, db)`.
enum ForwardDerivatives {
    static func gradient(of f: Expr, withRespectTo variables: [Expr]) -> [Expr] {
        variables.map { f.derivative(withRespectTo: $0) }
    }

    /// The nonzero upper-triangle entries, a variable listed twice at its first place only.
    static func hessianEntries(of f: Expr, withRespectTo variables: [Expr]) -> [HessianEntry] {
        let g = gradient(of: f, withRespectTo: variables)
        var entries: [HessianEntry] = []
        for i in variables.indices where variables.firstIndex(of: variables[i]) == i {
            for j in i..<variables.count where variables.firstIndex(of: variables[j]) == j {
                let value = g[i].derivative(withRespectTo: variables[j])
                if !value.isZero { entries.append(HessianEntry(row: i, column: j, value: value)) }
            }
        }
        return entries
    }
}

extension Expr {
    /// Whether `piecewise` occurs in `self`.
    var containsPiecewise: Bool {
        postorder.contains { if case .function(.piecewise) = $0.head { true } else { false } }
    }
}
