/// Collects the terms of a sum, each times a number, and builds the canonical sum: like terms
/// merged, sums and held `c*(sum)` terms flattened, numbers folded into the constant.
///
/// Like terms are recognised without splitting a term into coefficient and rest, which for a
/// product of several factors would build a coefficient-free product node only to compare it:
/// each entry keeps the first term seen as its representative, and the representative itself is
/// the result when the merged coefficient equals its own (the common case of a term met once).
/// `Expr.sum` and `Expr.linearCombination` build through it, and the reverse sweep sums the
/// scaled contributions to an adjoint with it.
public struct SumBuilder {
    private var constant = Rational.zero
    /// Per distinct term: the representative and the merged coefficient, side by side (one
    /// allocation per builder, not two).
    private var entries: [(representative: Expr, coefficient: Rational)] = []
    /// Entry numbers by the hash of their rest, once linear search stops paying (see `addPlain`).
    private var index: RestIndex? = nil
    private var isUndefined = false

    /// Linear search (a pointer compare per entry) beats hashing for the few terms most sums have.
    private static var indexThreshold: Int { 12 }

    /// An empty sum with room for `capacity` terms.
    public init(capacity: Int = 0) {
        entries.reserveCapacity(capacity)
    }

    /// Adds `factor * term`. A zero factor adds nothing, even to an undefined term: the same
    /// rule as `0 * u = 0` in products and `Expr.multiple(of:by:)`.
    public mutating func add(_ term: Expr, times factor: Rational = .one) {
        if factor.isZero { return }
        switch term.head {
        case .undefined: isUndefined = true
        case let .number(r): constant += factor.isOne ? r : r * factor
        case let .add(c):
            constant += factor.isOne ? c : c * factor
            reserve(term.children.count)
            for t in term.children { addPlain(t, times: factor) }
        case let .mul(k) where term.children.count == 1 && term.children[0].isSum:
            // A held c*(sum) from the simplifier joins a sum term by term.
            let inner = term.children[0]
            let scale = k * factor
            if case let .add(c) = inner.head { constant += c * scale }
            for t in inner.children { addPlain(t, times: scale) }
        default: addPlain(term, times: factor)
        }
    }

    /// Room for `more` entries, growing at least twice over (the library's `reserveCapacity`
    /// grows to the exact size asked, which repeated would copy the entries each time).
    private mutating func reserve(_ more: Int) {
        let needed = entries.count + more
        if needed <= entries.capacity { return }
        entries.reserveCapacity(max(needed, 2 * entries.capacity))
    }

    /// Adds `factor * t` for a term that is not a number, a sum or a held `c*(sum)`.
    private mutating func addPlain(_ t: Expr, times factor: Rational) {
        let c = factor.isOne ? t.coefficient : t.coefficient * factor
        if let i = entry(like: t) {
            entries[i].coefficient += c
            return
        }
        entries.append((t, c))
        if index != nil {
            index!.insert(entries.count - 1, hash: Expr.restHash(t))
        } else if entries.count > SumBuilder.indexThreshold {
            var built = RestIndex(capacity: entries.count * 4)
            for (i, e) in entries.enumerated() { built.insert(i, hash: Expr.restHash(e.representative)) }
            index = built
        }
    }

    private func entry(like t: Expr) -> Int? {
        if let index {
            return index.first(hash: Expr.restHash(t)) { Expr.sameRest(entries[$0].representative, t) }
        }
        for i in entries.indices where Expr.sameRest(entries[i].representative, t) { return i }
        return nil
    }

    /// The canonical sum of everything added.
    public func build() -> Expr {
        if isUndefined { return .undefined }
        var built: [Expr] = []
        built.reserveCapacity(entries.count)
        for (r, c) in entries where !c.isZero {
            built.append(Expr.withCoefficient(r, c))
        }
        if built.isEmpty { return .number(constant) }
        if built.count == 1 && constant.isZero { return built[0] }
        built.sortMergingRuns(by: Expr.termPrecedes)
        return Expr(Node.intern(.add(constant), built))
    }
}

extension Expr {
    /// The canonical `Σ coefficient * term`.
    public static func linearCombination(_ terms: [(coefficient: Rational, term: Expr)]) -> Expr {
        var builder = SumBuilder(capacity: terms.count)
        for (c, t) in terms { builder.add(t, times: c) }
        return builder.build()
    }

    /// `constant + terms[0] + terms[1] + …` built as it stands, for callers that produce the
    /// terms in canonical order (the polynomial kernel): plain terms (not numbers, sums or
    /// `c*(sum)`), sorted by the term order, no two alike. Checked in debug builds.
    public static func sum(sortedTerms terms: [Expr], constant: Rational) -> Expr {
        assert(terms.allSatisfy(\.isPlainTerm) && zip(terms, terms.dropFirst()).allSatisfy { termCompare($0, $1) < 0 },
               "terms not plain, not in term order, or alike")
        if terms.isEmpty { return number(constant) }
        if terms.count == 1 && constant.isZero { return terms[0] }
        return Expr(Node.intern(.add(constant), terms))
    }

    /// The canonical `c * t`, built without the general product's collecting and sorting.
    public static func multiple(of t: Expr, by c: Rational) -> Expr {
        if c.isZero { return .zero }
        if c.isOne { return t }
        switch t.head {
        case .number, .add, .undefined: break
        case .mul where t.children.count == 1 && t.children[0].isSum: break
        default: return withCoefficient(t, c * t.coefficient)
        }
        var builder = SumBuilder(capacity: t.children.count)
        builder.add(t, times: c)
        return builder.build()
    }

    /// The plain term `t` (not a number or sum) with its coefficient replaced by `c != 0`.
    static func withCoefficient(_ t: Expr, _ c: Rational) -> Expr {
        guard case let .mul(k) = t.head else { return c.isOne ? t : Expr(Node.intern(.mul(c), t)) }
        if k == c { return t }
        if c.isOne && t.children.count == 1 { return t.children[0] }
        return Expr(Node.intern(.mul(c), t.children))
    }

    /// A hash that like terms share (`2*x*y` and `x*y`): the hash of the term without its
    /// coefficient, computed from the factors without building that term.
    static func restHash(_ t: Expr) -> Int {
        guard case .mul = t.head else { return t.node.storedHash }
        let factors = t.children
        if factors.count == 1 { return factors[0].node.storedHash }
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for f in factors { h = InternTable.mix(h, UInt64(bitPattern: Int64(f.node.storedHash))) }
        return Int(bitPattern: UInt(truncatingIfNeeded: h))
    }
}

/// Open addressing from a hash to entry numbers; the caller decides which entry matches.
private struct RestIndex {
    /// Entry number + 1 per slot, 0 when empty.
    private var slots: [Int]
    private var hashes: [Int]
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        hashes = Array(repeating: 0, count: size)
    }

    mutating func insert(_ entry: Int, hash: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var i = hash & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = entry + 1
        hashes[i] = hash
        count += 1
    }

    func first(hash: Int, where matches: (Int) -> Bool) -> Int? {
        let mask = slots.count - 1
        var i = hash & mask
        while slots[i] != 0 {
            if hashes[i] == hash && matches(slots[i] - 1) { return slots[i] - 1 }
            i = (i + 1) & mask
        }
        return nil
    }

    private mutating func grow() {
        let old = zip(slots, hashes).filter { $0.0 != 0 }
        slots = Array(repeating: 0, count: slots.count * 2)
        hashes = Array(repeating: 0, count: slots.count)
        count = 0
        for (s, h) in old { insert(s - 1, hash: h) }
    }
}
