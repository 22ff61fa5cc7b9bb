import Expr

extension Polynomial {
    /// The quotient `self / divisor` when the division is exact, else nil. The divisor must not
    /// be zero.
    ///
    /// Johnson's heap division (S. C. Johnson, "Sparse polynomial arithmetic", ACM SIGSAM
    /// Bulletin 8(3), 1974; Monagan and Pearce, J. Symbolic Computation 46, 2011): the products
    /// q_i * g_j still to subtract are merged through a heap with one entry per quotient term,
    /// so the dividend is read once, in order, and the first term that the divisor's leading
    /// monomial does not divide ends the division. Costs O(|q| |g| log |q|) coefficient operations.
    public func exactQuotient(dividingBy divisor: Polynomial) -> Polynomial? {
        precondition(!divisor.isZero, "division by the zero polynomial")
        precondition(generatorCount == divisor.generatorCount, "polynomials over different generators")
        if isZero { return self }
        if divisor.degree > degree { return nil }
        let (f, g) = Polynomial.aligned(self, divisor)
        let lead = g.terms[0]
        let guardMask = f.layout.guardMask
        if g.terms.count == 1 {
            var q: [Term] = []
            q.reserveCapacity(f.terms.count)
            for t in f.terms {
                guard lead.monomial.divides(t.monomial, guardMask: guardMask) else { return nil }
                q.append(Term(monomial: t.monomial / lead.monomial, coefficient: t.coefficient / lead.coefficient))
            }
            return Polynomial(layout: f.layout, terms: q)
        }
        var quotient: [Term] = []
        var heap = ProductHeap()
        var k = 0
        while true {
            let fromDividend = k < f.terms.count ? f.terms[k].monomial : nil
            let fromHeap = heap.top
            let m: Monomial
            switch (fromDividend, fromHeap) {
            case (nil, nil): return Polynomial(layout: f.layout, terms: quotient)
            case let (a?, nil): m = a
            case let (nil, b?): m = b
            case let (a?, b?): m = max(a, b)
            }
            var c = Rational.zero
            if fromDividend == m {
                c = f.terms[k].coefficient
                k += 1
            }
            while let top = heap.top, top == m {
                let (i, j) = heap.pop()
                c = c - quotient[i].coefficient * g.terms[j].coefficient
                if j + 1 < g.terms.count { heap.push(quotient[i].monomial * g.terms[j + 1].monomial, i, j + 1) }
            }
            if c.isZero { continue }
            guard lead.monomial.divides(m, guardMask: guardMask) else { return nil }
            quotient.append(Term(monomial: m / lead.monomial, coefficient: c / lead.coefficient))
            heap.push(quotient[quotient.count - 1].monomial * g.terms[1].monomial, quotient.count - 1, 1)
        }
    }
}

/// A max-heap of pending products q_i * g_j by monomial.
private struct ProductHeap {
    private var entries: [(monomial: Monomial, i: Int32, j: Int32)] = []

    var top: Monomial? { entries.first?.monomial }

    mutating func push(_ m: Monomial, _ i: Int, _ j: Int) {
        entries.append((m, Int32(i), Int32(j)))
        var c = entries.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            if entries[p].monomial >= entries[c].monomial { break }
            entries.swapAt(p, c)
            c = p
        }
    }

    mutating func pop() -> (Int, Int) {
        let top = entries[0]
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var p = 0
            while true {
                let l = 2 * p + 1, r = l + 1
                var largest = p
                if l < entries.count && entries[l].monomial > entries[largest].monomial { largest = l }
                if r < entries.count && entries[r].monomial > entries[largest].monomial { largest = r }
                if largest == p { break }
                entries.swapAt(p, largest)
                p = largest
            }
        }
        return (Int(top.i), Int(top.j))
    }
}
