import Expr

extension Expr {
    /// `roots` with every sum that is a multiple of an earlier one written as that multiple:
    /// canonical form distributes numbers over sums, so a gradient holds `200*x2 - 200*x1^2`
    /// beside the function's `x2 - x1^2`, and without this the program would compute both.
    /// Compiled programs share the first sum and scale it (one step instead of the whole sum).
    static func sharingScaledSums(_ roots: [Expr]) -> [Expr] {
        // Each sum's form with its first coefficient made 1, mapped to the first sum of that
        // form met in postorder and its scale (sum = scale * form).
        var firstOfForm: [Expr: (sum: Expr, scale: Rational)] = [:]
        return Expr.rewrittenBottomUp(roots) { e in
            guard case .add = e.head, let k = e.children.first?.coefficient, !k.isZero else { return e }
            let form = k.isOne ? e : Expr.product([.number(k.reciprocal), e])
            guard case .add = form.head else { return e }
            if let first = firstOfForm[form] {
                return first.sum == e ? e : Expr.scaledSum(first.sum, by: k / first.scale)
            }
            firstOfForm[form] = (e, k)
            return e
        }
    }
}
