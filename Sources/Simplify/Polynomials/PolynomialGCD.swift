import BigInt
import Expr

extension Polynomial {
    /// The greatest common divisor of `a` and `b` with the cofactors `a / gcd` and `b / gcd`.
    ///
    /// The gcd is normalised to integer coefficients without a common factor and a positive
    /// leading coefficient (gcd(0, 0) = 0). Numeric and monomial contents are taken out first;
    /// what remains goes to Brown's modular algorithm (`ModularGCD`) over primes below 2^31,
    /// combined by the Chinese remainder theorem until a candidate divides both exactly, which
    /// is the proof (Geddes, Czapor and Labahn, algorithm 7.1, MGCD). Throws `tooMuchWork` when
    /// the work passes `limits.maximumTotalWork`.
    public static func gcd(_ a: Polynomial, _ b: Polynomial, limits: PolynomialLimits = PolynomialLimits()) throws(PolynomialError) -> (gcd: Polynomial, cofactorOfA: Polynomial, cofactorOfB: Polynomial) {
        var budget = WorkBudget(limits)
        return try gcd(a, b, &budget)
    }

    /// `gcd(_:_:limits:)` drawing on a budget shared with other steps.
    static func gcd(_ a: Polynomial, _ b: Polynomial, _ budget: inout WorkBudget) throws(PolynomialError) -> (gcd: Polynomial, cofactorOfA: Polynomial, cofactorOfB: Polynomial) {
        precondition(a.generatorCount == b.generatorCount, "polynomials over different generators")
        let n = a.generatorCount
        let one = Polynomial(constant: .one, generatorCount: n)
        if a.isZero && b.isZero { return (a, a, a) }
        if a.isZero {
            let (c, p) = try budget.contentAndPrimitivePart(b)
            return (p, a, Polynomial(constant: c, generatorCount: n))
        }
        if b.isZero {
            let (c, p) = try budget.contentAndPrimitivePart(a)
            return (p, Polynomial(constant: c, generatorCount: n), b)
        }
        let (ca, pa0) = try budget.contentAndPrimitivePart(a), (cb, pb0) = try budget.contentAndPrimitivePart(b)
        let (pa1, pb1) = aligned(pa0, pb0)
        // Monomial contents: gcd(ma*A, mb*B) = gcd(ma, mb) * gcd(A, B) when no generator divides
        // A or B.
        let ma = pa1.monomialContent, mb = pb1.monomialContent
        let m = ma.gcd(mb, pa1.layout)
        let pa = pa1.dividingTerms(by: ma), pb = pb1.dividingTerms(by: mb)
        var core = one.repacked(to: pa1.layout), qa = pa, qb = pb
        let shared = (0..<n).filter { pa.contains(generator: $0) && pb.contains(generator: $0) }
        if !pa.isConstant && !pb.isConstant && !shared.isEmpty {
            let aIsSmaller = pa.termCount <= pb.termCount
            let (small, large) = aIsSmaller ? (pa, pb) : (pb, pa)
            try budget.spend(large.termCount + small.termCount)
            if large.mayBeDivisible(by: small), let q = try budget.exactQuotient(large, small) {
                // One divides the other (often a denominator factor its numerator): no modular
                // work. Both are primitive with positive leading coefficients, and so is q.
                let unit = one.repacked(to: small.layout)
                (core, qa, qb) = aIsSmaller ? (small, unit, q) : (small, q, unit)
            } else if !certainlyCoprime(pa, pb, shared: shared) {
                let variables = (0..<n).filter { pa.contains(generator: $0) || pb.contains(generator: $0) }
                if let found = try modularGCD(pa, pb, variables: variables, &budget) { (core, qa, qb) = found }
            }
        }
        let g = core.timesTerm(m, .one)
        return (g, qa.timesTerm(ma / m, ca), qb.timesTerm(mb / m, cb))
    }

    /// False when `divisor` certainly does not divide `self`: with every generator but one
    /// replaced by fixed random residues modulo a prime, the univariate image of `divisor` does
    /// not divide that of `self` (whenever the images keep their degrees, the image of a quotient
    /// is the quotient of the images). A few operations per term: cheap next to an exact division
    /// that runs long before it meets a remainder.
    func mayBeDivisible(by divisor: Polynomial) -> Bool {
        guard let v = (0..<generatorCount).max(by: { divisor.degree(in: $0) < divisor.degree(in: $1) }),
              divisor.degree(in: v) > 0 else { return true }
        let (field, point) = Polynomial.imagePoint(generatorCount)
        guard let a = univariateImage(in: v, at: point, field), let b = divisor.univariateImage(in: v, at: point, field) else { return true }
        return field.remainder(a, b).isEmpty
    }

    /// True when the primitive `f` and `g` certainly have a constant gcd: for each generator v
    /// in `shared` (those both contain), their univariate images in v have a constant gcd.
    /// Where the images keep their degrees, the image of the gcd divides the gcd of the images,
    /// so each such test proves the gcd free of v; a gcd free of every shared generator is
    /// constant. A few operations per term, before a modular gcd over all the generators.
    static func certainlyCoprime(_ f: Polynomial, _ g: Polynomial, shared: [Int]) -> Bool {
        let (field, point) = imagePoint(f.generatorCount)
        return shared.allSatisfy { v in
            guard let a = f.univariateImage(in: v, at: point, field), let b = g.univariateImage(in: v, at: point, field) else { return false }
            return field.gcd(a, b).count <= 1
        }
    }

    /// The prime field and the fixed random residues of the generators that univariate images
    /// are taken at.
    private static func imagePoint(_ generatorCount: Int) -> (PrimeField, [UInt64]) {
        let field = PrimeField(p: (1 << 31) - 1)
        var random = SplitMix64(state: 0xD1F1DE)
        return (field, (0..<generatorCount).map { _ in random.next() % field.p })
    }

    /// `self` modulo the field's prime with every generator but `v` replaced by its residue at
    /// `point`, as dense coefficients in v; nil when a coefficient's denominator vanishes or the
    /// leading coefficient does (the image would not keep its degree, and tells nothing).
    private func univariateImage(in v: Int, at point: [UInt64], _ field: PrimeField) -> [UInt64]? {
        var dense = [UInt64](repeating: 0, count: degree(in: v) + 1)
        for t in terms {
            guard let c = field.reduce(t.coefficient) else { return nil }
            var value = c
            for i in 0..<generatorCount where i != v {
                let e = t.monomial.exponent(i, layout)
                if e != 0 { value = field.multiply(value, field.power(point[i], UInt64(e))) }
            }
            let e = t.monomial.exponent(v, layout)
            dense[e] = field.add(dense[e], value)
        }
        return dense.last == 0 ? nil : dense
    }

    /// The gcd of all monomials: the highest power of each generator dividing every term.
    var monomialContent: Monomial {
        guard var g = terms.last?.monomial else { return .zero }
        for t in terms where g != .zero { g = g.gcd(t.monomial, layout) }
        return g
    }

    /// Every monomial divided by `m`, which divides them all (the order stays).
    func dividingTerms(by m: Monomial) -> Polynomial {
        if m == .zero { return self }
        return Polynomial(layout: layout, terms: terms.map { Term(monomial: $0.monomial / m, coefficient: $0.coefficient) })
    }

    /// The gcd of primitive integer polynomials `f` and `g` (same layout) by the modular
    /// algorithm, with both quotients; nil only if 256 primes in a row were unlucky.
    private static func modularGCD(_ f: Polynomial, _ g: Polynomial, variables: [Int], _ budget: inout WorkBudget) throws(PolynomialError) -> (Polynomial, Polynomial, Polynomial)? {
        let layout = f.layout
        let lexF = f.lexicographic, lexG = g.lexicographic
        // The gcd's leading coefficient divides both leading coefficients: images are scaled to
        // gamma so that they agree from prime to prime.
        var gammaGCD = IntegerGCD()
        gammaGCD.add(lexF.leading)
        gammaGCD.add(lexG.leading)
        let gamma = gammaGCD.value
        var degreeBound = [Int](repeating: 0, count: f.generatorCount)
        for v in variables { degreeBound[v] = min(f.degree(in: v), g.degree(in: v)) }
        var contentBound = degreeBound
        var random = SplitMix64(state: 0x5EED)
        var modulus: BigInt = 1
        var combined: [Monomial: BigInt] = [:]
        for p in PrimeField.primes.prefix(256) {
            let field = PrimeField(p: p)
            let gammaModP = field.reduce(gamma)
            if gammaModP == 0 { continue }
            let fp = lexF.reduced(field), gp = lexG.reduced(field)
            // A prime that lowers a degree could hide part of the gcd.
            if variables.contains(where: { fp.degree(in: $0, layout) != f.degree(in: $0) || gp.degree(in: $0, layout) != g.degree(in: $0) }) { continue }
            try budget.spend(f.termCount + g.termCount)
            var brown = ModularGCD(layout: layout, field: field, degreeBound: degreeBound, contentBound: contentBound, random: random, budget: budget.left)
            let image: ModularPolynomial?
            do {
                image = try brown.gcd(fp, gp, variables[...])
            } catch .outOfBudget {
                throw .tooMuchWork(limit: budget.limits.maximumTotalWork)
            } catch {
                // Lower bounds: every image so far came from unlucky primes or points.
                try budget.spend(budget.left - brown.budget)
                (degreeBound, contentBound, random) = (brown.degreeBound, brown.contentBound, brown.random)
                modulus = 1
                combined = [:]
                continue
            }
            try budget.spend(budget.left - brown.budget)
            (degreeBound, contentBound, random) = (brown.degreeBound, brown.contentBound, brown.random)
            guard let image else { continue }
            if image.isConstant {
                let one = Polynomial(constant: .one, generatorCount: f.generatorCount).repacked(to: layout)
                return (one, f, g)
            }
            let scaled = image.scaled(by: gammaModP, field)
            let previous = combined
            combined = chineseRemainder(combined, modulus, scaled, field)
            let firstPrime = modulus == 1
            modulus *= BigInt(p)
            // Test when the coefficients stopped changing, or at once when the first image's are
            // small enough to be the whole answer already.
            let stable = !firstPrime && combined == previous
            let small = firstPrime && combined.values.allSatisfy { $0.magnitude < 1 << 15 }
            guard stable || small else { continue }
            let candidate = try budget.contentAndPrimitivePart(Polynomial(lexicographic: combined, layout: layout)).primitive
            if let qf = try budget.exactQuotient(f, candidate), let qg = try budget.exactQuotient(g, candidate) {
                return (candidate, qf, qg)
            }
        }
        return nil
    }

    /// The coefficients of `image` combined with those known modulo `modulus` into ones modulo
    /// `modulus * p`, in the symmetric range.
    private static func chineseRemainder(_ known: [Monomial: BigInt], _ modulus: BigInt, _ image: ModularPolynomial, _ field: PrimeField) -> [Monomial: BigInt] {
        if modulus == 1 {
            var r: [Monomial: BigInt] = [:]
            for (m, c) in zip(image.monomials, image.coefficients) { r[m] = BigInt(field.symmetric(c)) }
            return r
        }
        let inverse = field.inverse(field.reduce(modulus))
        let product = modulus * BigInt(field.p)
        let half = product / 2
        var r: [Monomial: BigInt] = [:]
        var residues: [Monomial: UInt64] = [:]
        for (m, c) in zip(image.monomials, image.coefficients) { residues[m] = c }
        for m in Set(known.keys).union(residues.keys) {
            let old = known[m] ?? 0
            let target = residues[m] ?? 0
            // x = old + modulus * ((target - old) / modulus mod p)
            let step = field.multiply(field.subtract(target, field.reduce(old)), inverse)
            var x = old + modulus * BigInt(step)
            if x > half { x -= product } else if x <= -half { x += product }
            if !x.isZero { r[m] = x }
        }
        return r
    }
}

/// A polynomial with its terms in decreasing lexicographic order (field 0 cleared), the order the
/// modular algorithm works in.
private struct LexicographicTerms {
    var monomials: [Monomial]
    var coefficients: [Rational]

    /// The coefficient of the lexicographically highest term.
    var leading: BigInt { coefficients[0].numerator }

    func reduced(_ field: PrimeField) -> ModularPolynomial {
        var f = ModularPolynomial()
        for (m, c) in zip(monomials, coefficients) {
            // Integer coefficients: never nil.
            let r = field.reduce(c)!
            if r != 0 { f.append(m, r) }
        }
        return f
    }
}

extension Polynomial {
    fileprivate var lexicographic: LexicographicTerms {
        let (w, s) = layout.position(ofField: 0)
        let clear = ~(layout.fieldMask << s)
        let pairs = terms.map { t -> (Monomial, Rational) in
            var m = t.monomial
            m.words[w] &= clear
            return (m, t.coefficient)
        }.sorted { $0.0 > $1.0 }
        return LexicographicTerms(monomials: pairs.map(\.0), coefficients: pairs.map(\.1))
    }

    /// The polynomial of integer coefficients keyed by lexicographic monomials (field 0 clear).
    fileprivate init(lexicographic coefficients: [Monomial: BigInt], layout: MonomialLayout) {
        var terms: [Term] = []
        for (m, c) in coefficients {
            var full = m
            full.add(UInt64((0..<layout.generatorCount).reduce(0) { $0 + m.exponent($1, layout) }), toField: 0, layout)
            terms.append(Term(monomial: full, coefficient: Rational(big: c, 1)))
        }
        terms.sort { $0.monomial > $1.monomial }
        self.init(layout: layout, terms: terms)
    }
}
