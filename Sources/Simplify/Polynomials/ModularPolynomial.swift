/// A polynomial with coefficients modulo a prime, terms in decreasing lexicographic order of
/// their generators (field 0 of every monomial, the total degree, is kept zero so that comparing
/// words is the lexicographic order). The working form of the modular gcd.
struct ModularPolynomial {
    var monomials: [Monomial] = []
    var coefficients: [UInt64] = []

    var isZero: Bool { monomials.isEmpty }
    var isConstant: Bool { monomials.isEmpty || (monomials.count == 1 && monomials[0] == .zero) }

    mutating func append(_ m: Monomial, _ c: UInt64) {
        monomials.append(m)
        coefficients.append(c)
    }

    /// The highest exponent of generator `i`.
    func degree(in i: Int, _ layout: MonomialLayout) -> Int {
        monomials.reduce(0) { max($0, $1.exponent(i, layout)) }
    }

    func scaled(by c: UInt64, _ field: PrimeField) -> ModularPolynomial {
        if c == 1 { return self }
        return ModularPolynomial(monomials: monomials, coefficients: coefficients.map { field.multiply($0, c) })
    }
}

/// A polynomial seen as one in the generators other than `y`, with dense coefficients in `y`:
/// the groups of terms that differ only in y's exponent. In lexicographic order with `y` last
/// those terms are next to each other, so grouping is one pass.
struct RecursiveModularPolynomial {
    /// Monomials without y, decreasing.
    var keys: [Monomial] = []
    /// For each key, its coefficient as a dense polynomial in y (index = exponent).
    var coefficients: [[UInt64]] = []

    init() {}

    init(_ f: ModularPolynomial, y: Int, _ layout: MonomialLayout) {
        var i = 0
        while i < f.monomials.count {
            let key = f.monomials[i].clearing(generator: y, layout)
            var dense = [UInt64](repeating: 0, count: f.monomials[i].exponent(y, layout) + 1)
            while i < f.monomials.count && f.monomials[i].clearing(generator: y, layout) == key {
                dense[f.monomials[i].exponent(y, layout)] = f.coefficients[i]
                i += 1
            }
            keys.append(key)
            coefficients.append(dense)
        }
    }

    /// The terms again, in lexicographic order.
    func flattened(y: Int, _ layout: MonomialLayout) -> ModularPolynomial {
        var f = ModularPolynomial()
        for (key, dense) in zip(keys, coefficients) {
            for e in stride(from: dense.count - 1, through: 0, by: -1) where dense[e] != 0 {
                var m = key
                m.add(UInt64(e), toField: y + 1, layout)
                f.append(m, dense[e])
            }
        }
        return f
    }

    /// The degree in y.
    var degree: Int { coefficients.reduce(0) { max($0, $1.count - 1) } }

    /// The leading coefficient in the other generators: a polynomial in y.
    var leadingCoefficient: [UInt64] { coefficients.first ?? [] }

    /// The gcd of all coefficients: the content, a monic polynomial in y.
    func content(_ field: PrimeField) -> [UInt64] {
        var g: [UInt64] = []
        for c in coefficients {
            g = field.gcd(g, c)
            if g.count == 1 { break }
        }
        return g
    }

    /// Every coefficient divided (exactly) by `d`.
    func dividing(by d: [UInt64], _ field: PrimeField) -> RecursiveModularPolynomial {
        if d.count == 1 && d[0] == 1 { return self }
        var r = self
        r.coefficients = coefficients.map { field.quotient($0, d) }
        return r
    }

    /// Every coefficient multiplied by `d`.
    func multiplying(by d: [UInt64], _ field: PrimeField) -> RecursiveModularPolynomial {
        if d.count == 1 && d[0] == 1 { return self }
        var r = self
        r.coefficients = coefficients.map { field.product($0, d) }
        return r
    }

    /// The polynomial in the other generators at y = a (keys stay in order).
    func evaluated(at a: UInt64, _ field: PrimeField) -> ModularPolynomial {
        var f = ModularPolynomial()
        for (key, dense) in zip(keys, coefficients) {
            let v = field.evaluate(dense, at: a)
            if v != 0 { f.append(key, v) }
        }
        return f
    }
}

extension Monomial {
    /// `self` with generator `i`'s field cleared and the total degree field left alone (the
    /// modular gcd keeps that field zero).
    @inline(__always)
    func clearing(generator i: Int, _ layout: MonomialLayout) -> Monomial {
        let (w, s) = layout.position(ofField: i + 1)
        var m = self
        m.words[w] &= ~(layout.fieldMask << s)
        return m
    }
}
