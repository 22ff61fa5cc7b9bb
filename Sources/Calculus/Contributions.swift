import Expr

/// One contribution to an adjoint, `coefficient * term`. The number stays apart from the term so
/// that the linear parts of a graph (sums and numeric scalings, most of a loss function) pass
/// adjoints on without building nodes: `2*(x - y)` reaches x and y as (2, x - y) and (-2, x - y),
/// and only their final sums are built.
struct ScaledTerm {
    var coefficient: Rational
    var term: Expr

    static let one = ScaledTerm(coefficient: .one, term: .one)

    func scaled(by r: Rational) -> ScaledTerm {
        r.isOne ? self : ScaledTerm(coefficient: coefficient * r, term: term)
    }

    /// This contribution times a local partial; a numeric partial only rescales it.
    func times(_ partial: Expr) -> ScaledTerm {
        if let r = partial.rationalValue { return scaled(by: r) }
        if term == .one { return ScaledTerm(coefficient: coefficient, term: partial) }
        return ScaledTerm(coefficient: coefficient, term: Expr.product(term, chainingOnto: partial))
    }
}

/// The contributions each node of a sweep receives, by the node's position in its graph, as
/// linked lists in flat arrays: most nodes receive one contribution, so a list per node would
/// cost an allocation for nothing.
struct Contributions {
    private var items: [ScaledTerm] = []
    private var next: [Int] = []
    /// Per position: the first and last item of its list, -1 while it has none.
    private var first: [Int]
    private var last: [Int]

    /// A slot's contributions are summed into one once there are more than this many, so a
    /// chain of sums and scalings does not copy ever longer lists.
    static let maximumTerms = 8

    /// Empty lists for `nodes` positions, and room for about twice as many contributions, so
    /// a sweep rarely grows its arrays.
    init(nodes: Int) {
        items.reserveCapacity(2 * nodes)
        next.reserveCapacity(2 * nodes)
        first = Array(repeating: -1, count: nodes)
        last = Array(repeating: -1, count: nodes)
    }

    /// True when the node at `slot` has received a contribution.
    func has(_ slot: Int) -> Bool { first[slot] >= 0 }

    /// Adds `value` to the node at `slot`.
    mutating func append(_ value: ScaledTerm, to slot: Int) {
        if last[slot] < 0 {
            first[slot] = items.count
        } else {
            next[last[slot]] = items.count
        }
        last[slot] = items.count
        items.append(value)
        next.append(-1)
    }

    /// The slot's contribution when it has exactly one.
    func single(_ slot: Int) -> ScaledTerm? {
        let head = first[slot]
        return next[head] < 0 ? items[head] : nil
    }

    /// The slot's contributions, in the order they came.
    func terms(_ slot: Int) -> [ScaledTerm] {
        // Counted first, so the array is allocated once instead of grown append by append.
        var count = 0
        var k = first[slot]
        while k >= 0 {
            count += 1
            k = next[k]
        }
        var terms: [ScaledTerm] = []
        terms.reserveCapacity(count)
        k = first[slot]
        while k >= 0 {
            terms.append(items[k])
            k = next[k]
        }
        return terms
    }

    /// The canonical sum of the slot's contributions.
    func total(_ slot: Int) -> Expr {
        if let one = single(slot) { return Expr.multiple(of: one.term, by: one.coefficient) }
        return Contributions.sum(terms(slot))
    }

    static func sum(_ terms: [ScaledTerm]) -> Expr {
        var builder = SumBuilder(capacity: terms.count)
        for t in terms { builder.add(t.term, times: t.coefficient) }
        return builder.build()
    }

    /// Several contributions summed into one, or nil when they cancel.
    static func summed(_ terms: [ScaledTerm]) -> ScaledTerm? {
        let total = sum(terms)
        return total.isZero ? nil : ScaledTerm(coefficient: .one, term: total)
    }

    /// The slot's contributions for passing on: summed into one when there are many (see
    /// `maximumTerms`), empty when that sum cancels. A few contributions that cancel pass on
    /// as they are and cancel further down (at the next sum built), which costs some work but
    /// no correctness.
    func settle(_ slot: Int) -> [ScaledTerm] {
        let all = terms(slot)
        if all.count <= Contributions.maximumTerms { return all }
        let total = Contributions.sum(all)
        return total.isZero ? [] : [ScaledTerm(coefficient: .one, term: total)]
    }
}
