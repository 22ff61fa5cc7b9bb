/// The gcd of two polynomials modulo a prime by Brown's dense modular algorithm: evaluate the
/// last generator at enough points, take the gcds of the images recursively (Euclid at the
/// bottom), and interpolate.
///
/// W. S. Brown, "On Euclid's algorithm and the computation of polynomial greatest common
/// divisors", J. ACM 18(4), 1971; as organised in Geddes, Czapor and Labahn, "Algorithms for
/// Computer Algebra", 1992, algorithm 7.2 (PGCD), with the degree bounds of Monagan and Wittkopf,
/// "On the design and implementation of Brown's algorithm over the integers and number
/// fields", ISSAC 2000: a bound per generator on the gcd's degree and on its content's degree,
/// lowered whenever an image shows a smaller one (which also shows that the images so far were
/// unlucky, so the caller starts over).
struct ModularGCD {
    let layout: MonomialLayout
    let field: PrimeField
    /// Per generator: at least the degree of the gcd in it.
    var degreeBound: [Int]
    /// Per generator y: at least the degree in y of the gcd's content as a polynomial in the
    /// generators before y.
    var contentBound: [Int]
    var random: SplitMix64
    /// Modular operations left (terms evaluated, steps of univariate gcds, interpolations).
    var budget: Int

    enum Stop: Error {
        /// An image showed a smaller degree than the bound: the bound is lowered and the images
        /// gathered so far (for this prime and the ones before) are unlucky.
        case boundLowered
        /// The budget is spent.
        case outOfBudget
    }

    private mutating func spend(_ operations: Int) throws(Stop) {
        budget -= operations
        if budget < 0 { throw .outOfBudget }
    }

    /// The monic (lexicographically) gcd of `f` and `g` in the generators `variables`, or nil
    /// when this prime or the evaluation points chosen turned out unlucky.
    mutating func gcd(_ f: ModularPolynomial, _ g: ModularPolynomial, _ variables: ArraySlice<Int>) throws(Stop) -> ModularPolynomial? {
        let y = variables.last!
        if variables.count == 1 {
            try spend(f.monomials.count * g.monomials.count + f.monomials.count + g.monomials.count)
            let h = field.gcd(dense(f, y), dense(g, y))
            let d = h.count - 1
            if d > degreeBound[y] { return nil }
            if d < degreeBound[y] { degreeBound[y] = d; throw .boundLowered }
            return sparse(h, y)
        }
        let others = variables.dropLast()
        try spend(2 * (f.monomials.count + g.monomials.count))
        let fy = RecursiveModularPolynomial(f, y: y, layout), gy = RecursiveModularPolynomial(g, y: y, layout)
        let contentF = fy.content(field), contentG = gy.content(field)
        let content = field.gcd(contentF, contentG)
        if content.count - 1 > contentBound[y] { return nil }
        if content.count - 1 < contentBound[y] { contentBound[y] = content.count - 1; throw .boundLowered }
        let pf = fy.dividing(by: contentF, field), pg = gy.dividing(by: contentG, field)
        // The gcd's leading coefficient in the other generators divides both leading coefficients.
        let delta = field.gcd(pf.leadingCoefficient, pg.leadingCoefficient)
        let needed = min(pf.degree, pg.degree, degreeBound[y] - contentBound[y] + delta.count - 1) + 1
        let degreesF = others.map { pf.flattenedDegree(in: $0, layout) }
        let degreesG = others.map { pg.flattenedDegree(in: $0, layout) }
        var points: [UInt64] = []
        var images: [ModularPolynomial] = []
        var unlucky = 0
        var tried = 0
        while points.count < needed {
            tried += 1
            if tried > 4 * needed + 64 { return nil }
            let a = random.next() % field.p
            if points.contains(a) { continue }
            let deltaAtA = field.evaluate(delta, at: a)
            if deltaAtA == 0 { continue }
            try spend(f.monomials.count + g.monomials.count)
            let fa = pf.evaluated(at: a, field), ga = pg.evaluated(at: a, field)
            // A point where a degree drops could hide part of the gcd.
            if zip(others, degreesF).contains(where: { fa.degree(in: $0, layout) != $1 }) { continue }
            if zip(others, degreesG).contains(where: { ga.degree(in: $0, layout) != $1 }) { continue }
            guard let image = try gcd(fa, ga, others) else {
                unlucky += 1
                if unlucky > points.count { return nil }
                continue
            }
            if image.isConstant { return sparse(content, y) }
            points.append(a)
            images.append(image.scaled(by: deltaAtA, field))
        }
        try spend(images.reduce(0) { $0 + $1.monomials.count } * needed)
        var h = interpolate(points, images, y: y)
        h = h.dividing(by: h.content(field), field).multiplying(by: content, field)
        if h.degree > degreeBound[y] { return nil }
        if h.degree < degreeBound[y] { degreeBound[y] = h.degree; throw .boundLowered }
        return h.flattened(y: y, layout)
    }

    /// f as a dense polynomial in its only generator y.
    private func dense(_ f: ModularPolynomial, _ y: Int) -> [UInt64] {
        guard let top = f.monomials.first else { return [] }
        var d = [UInt64](repeating: 0, count: top.exponent(y, layout) + 1)
        for (m, c) in zip(f.monomials, f.coefficients) { d[m.exponent(y, layout)] = c }
        return d
    }

    private func sparse(_ d: [UInt64], _ y: Int) -> ModularPolynomial {
        var r = RecursiveModularPolynomial()
        if !d.isEmpty { r.keys = [.zero]; r.coefficients = [d] }
        return r.flattened(y: y, layout)
    }

    /// The polynomial in y whose values at `points` are `images`, coefficient by coefficient of
    /// the other generators (Newton's divided differences, then the monomial basis).
    private func interpolate(_ points: [UInt64], _ images: [ModularPolynomial], y: Int) -> RecursiveModularPolynomial {
        let n = points.count
        var index: [Monomial: Int] = [:]
        var keys: [Monomial] = []
        for image in images {
            for m in image.monomials where index[m] == nil {
                index[m] = keys.count
                keys.append(m)
            }
        }
        var values = [[UInt64]](repeating: [UInt64](repeating: 0, count: n), count: keys.count)
        for (i, image) in images.enumerated() {
            for (m, c) in zip(image.monomials, image.coefficients) { values[index[m]!][i] = c }
        }
        // 1 / (a_i - a_{i-j}) for the divided differences.
        var inverses = [[UInt64]](repeating: [UInt64](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in 0..<i { inverses[i][j] = field.inverse(field.subtract(points[i], points[j])) } }
        var result = RecursiveModularPolynomial()
        let order = keys.indices.sorted { keys[$0] > keys[$1] }
        for k in order {
            var c = values[k]
            for j in 1..<max(n, 1) {
                for i in stride(from: n - 1, through: j, by: -1) {
                    c[i] = field.multiply(field.subtract(c[i], c[i - 1]), inverses[i][i - j])
                }
            }
            // Newton form to monomials: P = c[n-1]; P = P * (y - a_i) + c[i] going down.
            var p: [UInt64] = [c[n - 1]]
            for i in stride(from: n - 2, through: 0, by: -1) {
                var next = [UInt64](repeating: 0, count: p.count + 1)
                for (e, v) in p.enumerated() {
                    next[e + 1] = field.add(next[e + 1], v)
                    next[e] = field.subtract(next[e], field.multiply(v, points[i]))
                }
                next[0] = field.add(next[0], c[i])
                p = next
            }
            p = field.trimmed(p)
            if !p.isEmpty {
                result.keys.append(keys[k])
                result.coefficients.append(p)
            }
        }
        return result
    }
}

extension RecursiveModularPolynomial {
    /// The highest exponent of generator `i` (other than y) among the keys.
    func flattenedDegree(in i: Int, _ layout: MonomialLayout) -> Int {
        keys.reduce(0) { max($0, $1.exponent(i, layout)) }
    }
}

/// A small deterministic generator (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): evaluation points are random but every run chooses the same ones.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
