import Expr

/// Sums terms by monomial in an open-addressing table: each product of a multiplication or
/// power is added where it belongs in constant time, and the terms are sorted once at the end.
struct TermAccumulator {
    private(set) var monomials: [Monomial] = []
    private var coefficients: [Rational] = []
    /// Index + 1 of the entry in each slot, 0 when the slot is empty.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        monomials.reserveCapacity(capacity)
        coefficients.reserveCapacity(capacity)
    }

    /// Number of distinct monomials added so far (zero sums included).
    var count: Int { monomials.count }

    @inline(__always)
    mutating func add(_ m: Monomial, _ c: Rational) {
        var i = m.mixedHash & mask
        while true {
            let s = Int(slots[i])
            if s == 0 { break }
            if monomials[s - 1] == m {
                coefficients[s - 1] += c
                return
            }
            i = (i + 1) & mask
        }
        monomials.append(m)
        coefficients.append(c)
        slots[i] = Int32(monomials.count)
        if monomials.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (k, m) in monomials.enumerated() {
            var i = m.mixedHash & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(k + 1)
        }
    }

    /// The nonzero terms, highest monomial first. Sorts positions rather than the terms
    /// themselves (a position moves 4 bytes, a term 64).
    func sortedTerms() -> [Polynomial.Term] {
        var order: [Int32] = []
        order.reserveCapacity(monomials.count)
        for (i, c) in coefficients.enumerated() where !c.isZero { order.append(Int32(i)) }
        monomials.withUnsafeBufferPointer { m in
            order.sort { m[Int($0)] > m[Int($1)] }
        }
        return order.map { Polynomial.Term(monomial: monomials[Int($0)], coefficient: coefficients[Int($0)]) }
    }
}
