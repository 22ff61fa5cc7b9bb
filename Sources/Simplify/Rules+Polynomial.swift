import Expr

extension SimplificationRule {
    /// A polynomial in one variable written as products and powers of sums, too large for
    /// `expand`, multiplied out when that is shorter: the derivative of a product of linear
    /// factors is a short list of powers. Bounded by the degree (at most `maximumDegree`, so at
    /// most that many terms plus one) and by the size of the tree read.
    public static let univariateExpand = SimplificationRule(
        name: "univariate-expand", summary: "a polynomial in one variable multiplied out", kinds: [.sums, .products]
    ) { e in
        let size = e.node.treeSize
        // Smaller nodes are `expand`'s.
        guard size > 60, size <= 4_000, UnivariateDegree.of(e) != nil else { return nil }
        return e.expandedShallow(maximumTerms: UnivariateDegree.maximumDegree + 1)
    }
}

/// The degree of an expression that is a polynomial in a single symbol: numbers and that
/// symbol under sums, products and non-negative integer powers.
enum UnivariateDegree {
    /// Polynomials of higher degree are not multiplied out.
    static let maximumDegree = 16

    /// The degree, or nil when `e` is not such a polynomial or its degree passes the bound.
    static func of(_ e: Expr) -> Int? {
        var symbol: Expr? = nil
        var degrees = ExprMap<Int>()
        for n in Expr.postorder([e]) {
            let d: Int
            switch n.head {
            case .number:
                d = 0
            case .symbol:
                if symbol == nil { symbol = n }
                guard symbol == n else { return nil }
                d = 1
            case .add:
                d = n.children.map { degrees[$0]! }.max() ?? 0
            case .mul:
                d = n.children.reduce(0) { $0 + degrees[$1]! }
            case .pow:
                guard let k = n.children[1].rationalValue?.intValue, k >= 0 else { return nil }
                d = degrees[n.children[0]]! * k
            default:
                return nil
            }
            guard d <= maximumDegree else { return nil }
            degrees[n] = d
        }
        return symbol == nil ? nil : degrees[e]
    }
}
