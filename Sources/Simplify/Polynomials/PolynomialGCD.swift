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
    /// the modular work passes `limits.maximumGCDWork`.
    public static func gcd(_ a: Polynomial, _ b: Polynomial, limits: PolynomialLimits = PolynomialLimits()) throws(PolynomialError) -> (gcd: Polynomial, cofactorOfA: Polynomial, cofactorOfB: Polynomial) {
        precondition(a.generatorCount == b.generatorCount, "polynomials over different generators")
        let n = a.generatorCount
        let one = Polynomial(constant: .one, generatorCount: n)
        if a.isZero && b.isZero { return (a, a, a) }
        if a.isZero {
            let (c, p) = b.contentAndPrimitivePart
            return (p, a, Polynomial(constant: c, generatorCount: n))
        }
        if b.isZero {
            let (c, p) = a.contentAndPrimitivePart
            return (p, Polynomial(constant: c, generatorCount: n), b)
        }
        let (ca, pa0) = a.contentAndPrimitivePart, (cb, pb0) = b.contentAndPrimitivePart
        let (pa1, pb1) = aligned(pa0, pb0)
        // Monomial contents: gcd(ma*A, mb*B) = gcd(ma, mb) * gcd(A, B) when no generator divides
        // A or B.
        let ma = pa1.monomialContent, mb = pb1.monomialContent
        let m = ma.gcd(mb, pa1.layout)
        let pa = pa1.dividingTerms(by: ma), pb = pb1.dividingTerms(by: mb)
        var core = one.repacked(to: pa1.layout), qa = pa, qb = pb
        let shared = (0..<n).filter { pa.contains(generator: $0) && pb.contains(generator: $0) }
        if !pa.isConstant && !pb.isConstant && !shared.isEmpty {
            let variables = (0..<n).filter { pa.contains(generator: $0) || pb.contains(generator: $0) }
            if let found = try modularGCD(pa, pb, variables: variables, budget: limits.maximumGCDWork) { (core, qa, qb) = found }
        }
        let g = core.timesTerm(m, .one)
        return (g, qa.timesTerm(ma / m, ca), qb.timesTerm(mb / m, cb))
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
    private static func modularGCD(_ f: Polynomial, _ g: Polynomial, variables: [Int], budget: Int) throws(PolynomialError) -> (Polynomial, Polynomial, Polynomial)? {
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
        let limit = budget
        var budget = budget
        var modulus: BigInt = 1
        var combined: [Monomial: BigInt] = [:]
        for p in PrimeField.primes.prefix(256) {
            let field = PrimeField(p: p)
            let gammaModP = field.reduce(gamma)
            if gammaModP == 0 { continue }
            let fp = lexF.reduced(field), gp = lexG.reduced(field)
            // A prime that lowers a degree could hide part of the gcd.
            if variables.contains(where: { fp.degree(in: $0, layout) != f.degree(in: $0) || gp.degree(in: $0, layout) != g.degree(in: $0) }) { continue }
            var brown = ModularGCD(layout: layout, field: field, degreeBound: degreeBound, contentBound: contentBound, random: random, budget: budget)
            let image: ModularPolynomial?
            do {
                image = try brown.gcd(fp, gp, variables[...])
            } catch .outOfBudget {
                throw .tooMuchWork(limit: limit)
            } catch {
                // Lower bounds: every image so far came from unlucky primes or points.
                (degreeBound, contentBound, random, budget) = (brown.degreeBound, brown.contentBound, brown.random, brown.budget)
                modulus = 1
                combined = [:]
                continue
            }
            (degreeBound, contentBound, random, budget) = (brown.degreeBound, brown.contentBound, brown.random, brown.budget)
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
            let candidate = Polynomial(lexicographic: combined, layout: layout).contentAndPrimitivePart.primitive
            if let qf = f.exactQuotient(dividingBy: candidate), let qg = g.exactQuotient(dividingBy: candidate) {
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
            let r: UInt64
            if let (n, _) = c.smallParts { r = field.reduce(n) } else { r = field.reduce(c.numerator) }
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
