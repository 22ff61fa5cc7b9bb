import Expr

extension Polynomial {
    /// The polynomial as an expression, generator `i` standing for `generators[i]`.
    ///
    /// When the generators are symbols in structural order, the kernel's term order is the
    /// order in which a canonical sum keeps its terms (higher degree first, then exponent by
    /// exponent in the symbols' order), so each term is built as a canonical product and the
    /// sum as it stands, without merging or sorting again. Other generators (powers, calls)
    /// can combine with each other when multiplied out (`sqrt(x)^2 = x`), so their terms go
    /// through the canonical constructors.
    public func expression(generators: [Expr]) -> Expr {
        precondition(generators.count == generatorCount, "one expression per generator")
        if Polynomial.areOrderedSymbols(generators) { return canonicalSum(generators) }
        var built: [Expr] = []
        built.reserveCapacity(terms.count)
        for t in terms {
            var factors: [Expr] = [.number(t.coefficient)]
            for (i, g) in generators.enumerated() {
                let e = t.monomial.exponent(i, layout)
                if e != 0 { factors.append(.power(g, .integer(e))) }
            }
            built.append(.product(factors))
        }
        return .sum(built)
    }

    /// True when every generator is a symbol and they are in strictly increasing structural order.
    static func areOrderedSymbols(_ generators: [Expr]) -> Bool {
        for g in generators { guard case .symbol = g.head else { return false } }
        return zip(generators, generators.dropFirst()).allSatisfy { Expr.structuralCompare($0, $1) < 0 }
    }

    /// The highest degree whose powers `canonicalSum` builds in advance.
    private static let largestTabledDegree = 256

    private func canonicalSum(_ symbols: [Expr]) -> Expr {
        // powers[offsets[i] + e] = symbols[i]^e, for e up to the degree in symbol i. A high degree
        // (x^32768000 has one term, not 32768000) gets no table: its powers are built as met.
        var offsets: [Int] = []
        var powers: [Expr] = []
        for (i, x) in symbols.enumerated() {
            let top = degree(in: i)
            guard top <= Self.largestTabledDegree else { offsets.append(-1); continue }
            offsets.append(powers.count)
            powers.append(.one)
            if top >= 1 { powers.append(x) }
            if top >= 2 { for e in 2...top { powers.append(.power(x, .integer(e))) } }
        }
        let fields = (0..<symbols.count).map { layout.position(ofField: $0 + 1) }
        let mask = layout.fieldMask
        var built: [Expr] = []
        built.reserveCapacity(terms.count)
        var constant = Rational.zero
        for t in terms {
            if t.monomial == .zero { constant = t.coefficient; continue }
            let factors = [Expr](unsafeUninitializedCapacity: min(symbols.count, t.monomial.degree(layout))) { buffer, count in
                for (i, (w, shift)) in fields.enumerated() {
                    let e = Int((t.monomial.words[w] >> shift) & mask)
                    if e != 0 {
                        let power = offsets[i] >= 0 ? powers[offsets[i] + e] : .power(symbols[i], .integer(e))
                        (buffer.baseAddress! + count).initialize(to: power)
                        count += 1
                    }
                }
            }
            built.append(.product(factors, coefficient: t.coefficient))
        }
        return .sum(sortedTerms: built, constant: constant)
    }
}
