import Expr

/// Multiplying out: each region of sums, products and integer powers (≥ 2) of non-numbers is
/// converted to a polynomial over its atoms (symbols, calls, other powers), multiplied out in
/// the kernel and converted back once, so no intermediate sum is built as an expression.
///
/// The atoms' own parts (bases and exponents of other powers, and function arguments when
/// `entersFunctions`) are expanded first, children before parents.
struct Expansion {
    let limits: PolynomialLimits
    let entersFunctions: Bool
    /// Atoms whose expanded value differs from themselves.
    private var atoms = ExprMap<Expr>()
    /// Regions already expanded.
    private var regions = ExprMap<Expr>()

    init(limits: PolynomialLimits, entersFunctions: Bool) {
        self.limits = limits
        self.entersFunctions = entersFunctions
    }

    /// The expression with every region multiplied out.
    mutating func expand(_ root: Expr) throws(PolynomialError) -> Expr {
        let order = entersFunctions ? root.postorder : Expr.postorder([root]) { !$0.isFunctionCall }
        // Children come before parents: each atom is rebuilt from expanded parts.
        for e in order where !e.isExpansionNode && !e.children.isEmpty && (entersFunctions || !e.isFunctionCall) {
            var kids: [Expr] = []
            kids.reserveCapacity(e.children.count)
            for c in e.children { kids.append(try value(of: c)) }
            guard kids != e.children else { continue }
            let rebuilt = e.rebuilt(with: kids)
            atoms[e] = rebuilt.isExpansionNode ? try expandRegion(rebuilt) : rebuilt
        }
        return try value(of: root)
    }

    private mutating func value(of e: Expr) throws(PolynomialError) -> Expr {
        if e.isExpansionNode {
            if let known = regions[e] { return known }
            let r = try expandRegion(e)
            regions[e] = r
            return r
        }
        return atoms[e] ?? e
    }

    /// A child as the region sees it: an atom by its expanded value, which may itself be a
    /// sum to multiply out further (an argument that expanded to `(x + 1)^2` inside `exp(2*log(…))`).
    private func effective(_ c: Expr) -> Expr {
        c.isExpansionNode ? c : (atoms[c] ?? c)
    }

    private mutating func expandRegion(_ root: Expr) throws(PolynomialError) -> Expr {
        let region = Region(root, effective)
        guard region.generators.count <= min(limits.maximumGenerators, MonomialLayout.maximumGenerators),
              let layout = MonomialLayout(generatorCount: region.generators.count, degreeBound: region.degreeBound) else {
            return try TermwiseExpansion(limits: limits).expand(region.order, effective)
        }
        var polynomials = ExprMap<Polynomial>(capacity: region.order.count)
        func polynomial(_ c: Expr) -> Polynomial {
            let v = effective(c)
            if let r = v.rationalValue { return Polynomial(constant: r, layout: layout) }
            if v.isExpansionNode { return polynomials[v]! }
            return Polynomial(monomial: layout.generatorPower(region.index[v]!, 1), layout: layout)
        }
        for (done, e) in region.order.enumerated() {
            if Cancellation.isRequested { throw .cancelled }
            Cancellation.report(.expansionNodes, done: done, of: region.order.count)
            let p: Polynomial
            switch e.head {
            case let .add(c):
                var sum = TermAccumulator(capacity: e.children.count + 1)
                sum.add(.zero, c)
                for child in e.children { for t in polynomial(child).terms { sum.add(t.monomial, t.coefficient) } }
                p = Polynomial(layout: layout, terms: sum.sortedTerms())
            case let .mul(c):
                // The single terms first (one monomial), then the sums in order.
                var product = Polynomial(constant: c, layout: layout)
                var sums: [Polynomial] = []
                for child in e.children {
                    let q = polynomial(child)
                    if q.terms.count == 1 { product = product.timesTerm(q.terms[0].monomial, q.terms[0].coefficient) } else { sums.append(q) }
                }
                for s in sums { product = try product.multiplied(by: s, limits: limits) }
                p = product
            default:
                let (base, n) = e.expansionPower!
                let b = effective(base)
                if b.isExpansionNode {
                    p = try polynomial(b).power(n, limits: limits)
                } else {
                    p = Polynomial(monomial: layout.generatorPower(region.index[b]!, n), layout: layout)
                }
            }
            polynomials[e] = p
        }
        return polynomials[root]!.expression(generators: region.generators)
    }
}

/// The nodes of one expansion region, children first, with its atoms (the generators, in
/// structural order) and a bound on its total degree.
private struct Region {
    var order: [Expr] = []
    var generators: [Expr] = []
    var index = ExprMap<Int>()
    var degreeBound = 0

    init(_ root: Expr, _ effective: (Expr) -> Expr) {
        var degree = ExprMap<Int>()
        var atoms: [Expr] = []
        func degreeOf(_ c: Expr) -> Int {
            let v = effective(c)
            if v.isNumber { return 0 }
            if v.isExpansionNode { return degree[v]! }
            if index[v] == nil {
                index[v] = atoms.count
                atoms.append(v)
            }
            return 1
        }
        // Depth first over region nodes, a node after its children.
        var stack: [(Expr, Int)] = [(root, 0)]
        var seen = ExprMap<Bool>()
        seen[root] = true
        while let (e, i) = stack.last {
            if i < e.children.count {
                stack[stack.count - 1].1 = i + 1
                let c = effective(e.children[i])
                if c.isExpansionNode && seen[c] == nil {
                    seen[c] = true
                    stack.append((c, 0))
                }
                continue
            }
            stack.removeLast()
            order.append(e)
            let d: Int
            switch e.head {
            case .add: d = e.children.reduce(0) { max($0, degreeOf($1)) }
            case .mul: d = e.children.reduce(0) { min($0 + degreeOf($1), Region.saturated) }
            default:
                let (base, n) = e.expansionPower!
                let (product, overflow) = degreeOf(base).multipliedReportingOverflow(by: n)
                d = overflow ? Region.saturated : min(product, Region.saturated)
            }
            degree[e] = d
        }
        degreeBound = degree[root]!
        generators = atoms.sorted { Expr.structuralCompare($0, $1) < 0 }
        for (i, g) in generators.enumerated() { index[g] = i }
    }

    static let saturated = Int.max / 4
}

extension Expr {
    var isFunctionCall: Bool { if case .function = head { return true } else { return false } }

    /// A sum, a product, or an integer power ≥ 2 of something other than a number: the nodes
    /// that expansion multiplies out.
    var isExpansionNode: Bool {
        switch head {
        case .add, .mul: return true
        case .pow: return expansionPower != nil
        default: return false
        }
    }

    /// `(base, n)` for a power that expansion multiplies out (an integer n ≥ 2; one too large
    /// to pack sends its region down the termwise path, which refuses a huge power of a sum).
    var expansionPower: (base: Expr, exponent: Int)? {
        guard case .pow = head, !children[0].isNumber, let n = children[1].rationalValue?.intValue, n >= 2 else { return nil }
        return (children[0], n)
    }
}

extension MonomialLayout {
    /// Generator `i` to the power `k`.
    func generatorPower(_ i: Int, _ k: Int) -> Monomial {
        var m = Monomial.zero
        m.add(UInt64(k), toField: i + 1, self)
        m.add(UInt64(k), toField: 0, self)
        return m
    }
}

extension Polynomial {
    init(constant c: Rational, layout: MonomialLayout) {
        self.init(layout: layout, terms: c.isZero ? [] : [Term(monomial: .zero, coefficient: c)])
    }

    init(monomial m: Monomial, layout: MonomialLayout) {
        self.init(layout: layout, terms: [Term(monomial: m, coefficient: .one)])
    }
}
