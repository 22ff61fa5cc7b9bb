import Expr

extension Expr {
    /// Products of sums multiplied out and positive integer powers of sums expanded
    /// (`(x + 1)^2 = x^2 + 2*x + 1`), everywhere in the expression. Function arguments are
    /// expanded too. Throws when an intermediate sum passes `maximumTerms` terms, or when a
    /// product or power would take more than five times that many coefficient products
    /// (`ExpansionError.tooManyTerms`, `.tooMuchWork`).
    public func expanded(maximumTerms: Int = 200_000) throws(ExpansionError) -> Expr {
        var expansion = Expansion(limits: PolynomialLimits(maximumTerms: maximumTerms), entersFunctions: true)
        return try expansion.expand(self)
    }
}

extension Expr {
    /// Expansion of the sums and products at the top of the expression only, leaving function
    /// arguments as they are; nil when there is nothing to multiply out or a limit is reached.
    /// Cheap enough to try at every node during simplification.
    func expandedShallow(maximumTerms: Int) -> Expr? {
        guard needsExpansion else { return nil }
        var expansion = Expansion(limits: PolynomialLimits(maximumTerms: maximumTerms), entersFunctions: false)
        return try? expansion.expand(self)
    }

    /// True when a product holds a sum, or a sum is raised to a power ≥ 2, outside function calls.
    var needsExpansion: Bool {
        var stack: [Expr] = [self]
        var budget = 200
        while let e = stack.popLast(), budget > 0 {
            budget -= 1
            switch e.head {
            case .mul:
                for f in e.children {
                    if case .add = f.head { return true }
                    if case .pow = f.head, case .add = f.children[0].head, let n = f.children[1].rationalValue?.intValue, n > 1 { return true }
                }
                stack.append(contentsOf: e.children)
            case .pow:
                if case .add = e.children[0].head, let n = e.children[1].rationalValue?.intValue, n > 1 { return true }
                stack.append(e.children[0])
            case .add:
                stack.append(contentsOf: e.children)
            default: break
            }
        }
        return false
    }
}
