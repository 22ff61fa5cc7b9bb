import BigInt
import Testing
import SymDiff

/// Random sparse polynomials with small integer and some rational coefficients.
struct PolynomialGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func polynomial(generators n: Int, degree: Int, terms: Int) -> Polynomial {
        var list: [([Int], Rational)] = []
        for _ in 0..<terms {
            var exponents = [Int](repeating: 0, count: n)
            var left = Int.random(in: 0...degree, using: &rng)
            for i in (0..<n).shuffled(using: &rng) {
                let e = Int.random(in: 0...left, using: &rng)
                exponents[i] = e
                left -= e
            }
            let c = Int.random(in: 0..<8, using: &rng) == 0
                ? Rational(Int.random(in: -9...9, using: &rng), Int.random(in: 1...6, using: &rng))
                : Rational(Int.random(in: -9...9, using: &rng))
            list.append((exponents, c))
        }
        return try! Polynomial(terms: list, generatorCount: n)
    }

    mutating func point(_ n: Int) -> [Rational] {
        (0..<n).map { _ in Rational(Int.random(in: -20...20, using: &rng), Int.random(in: 1...7, using: &rng)) }
    }
}

/// `p` primitive with a positive leading coefficient: polynomials equal up to a unit.
func normalized(_ p: Polynomial) -> Polynomial { p.contentAndPrimitivePart.primitive }

/// The ring operations, exact division, gcd and the packed layouts of `Polynomial`, checked by
/// exact evaluation at random rational points (a separate, plain code path) and by the defining
/// properties of each operation.
@Suite struct PolynomialKernelTests {
    @Test func ringOperationsAgreeWithEvaluation() {
        var g = PolynomialGenerator(seed: 1)
        for round in 0..<200 {
            let n = 1 + round % 4
            let a = g.polynomial(generators: n, degree: 6, terms: 1 + round % 9)
            let b = g.polynomial(generators: n, degree: 5, terms: 1 + round % 7)
            let c = g.polynomial(generators: n, degree: 4, terms: 3)
            let p = g.point(n)
            let (va, vb) = (a.evaluate(at: p), b.evaluate(at: p))
            #expect((a + b).evaluate(at: p) == va + vb)
            #expect((a - b).evaluate(at: p) == va - vb)
            #expect((a * b).evaluate(at: p) == va * vb)
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect((a - a).isZero)
            #expect(a * Polynomial(constant: .one, generatorCount: n) == a)
            let k = round % 5
            let power = try! a.power(k, limits: PolynomialLimits())
            #expect(power.evaluate(at: p) == Polynomial.slowPowerForTests(va, k))
        }
    }

    @Test func powersByEitherMethodAgreeWithRepeatedMultiplication() throws {
        var g = PolynomialGenerator(seed: 2)
        // Few terms to a high power (the multinomial theorem) and many terms of one variable
        // (repeated multiplication), with rational coefficients and coefficients past 64 bits;
        // (3000000*x + 1)^2 fits machine words while 3000000^3 does not.
        let cases = [g.polynomial(generators: 4, degree: 1, terms: 5), g.polynomial(generators: 1, degree: 8, terms: 9),
                     g.polynomial(generators: 3, degree: 3, terms: 4), try Polynomial(terms: [([1], Rational(1, 3)), ([0], Rational(1) + Rational(big: BigInt(1) << 70, 1))], generatorCount: 1),
                     try Polynomial(terms: [([1], Rational(3_000_000)), ([0], Rational(1))], generatorCount: 1)]
        for base in cases {
            var product = Polynomial(constant: .one, generatorCount: base.generatorCount)
            for n in 0...9 {
                #expect(try base.power(n, limits: PolynomialLimits()) == product)
                product = product * base
            }
        }
    }

    @Test func exactDivisionRecoversFactorsAndRefusesRemainders() {
        var g = PolynomialGenerator(seed: 3)
        for round in 0..<150 {
            let n = 1 + round % 3
            let a = g.polynomial(generators: n, degree: 5, terms: 1 + round % 6)
            var b = g.polynomial(generators: n, degree: 4, terms: 1 + round % 5)
            if b.isZero { b = Polynomial(constant: Rational(2), generatorCount: n) }
            #expect((a * b).exactQuotient(dividingBy: b) == a)
            if !b.isConstant {
                // a*b + 1 leaves remainder 1 (b is not constant, so it divides no constant).
                #expect((a * b + Polynomial(constant: .one, generatorCount: n)).exactQuotient(dividingBy: b) == nil)
            }
        }
    }

    @Test func gcdDividesBothAndIsMaximal() throws {
        var g = PolynomialGenerator(seed: 4)
        for round in 0..<120 {
            let n = 1 + round % 3
            let a = g.polynomial(generators: n, degree: 4, terms: 1 + round % 5)
            let b = g.polynomial(generators: n, degree: 4, terms: 1 + round % 4)
            let h = g.polynomial(generators: n, degree: 3, terms: 1 + round % 3)
            if a.isZero || b.isZero || h.isZero { continue }
            let (d, ca, cb) = try Polynomial.gcd(a * h, b * h)
            #expect(ca * d == a * h)
            #expect(cb * d == b * h)
            #expect((a * h).exactQuotient(dividingBy: d) != nil)
            // Maximal: gcd(a*h, b*h) = h * gcd(a, b) up to a unit.
            let ab = try Polynomial.gcd(a, b).gcd
            #expect(d == normalized(h * ab), "round \(round)")
        }
    }

    @Test func gcdNeedingSeveralPrimesAndSkippingUnluckyOnes() throws {
        let n = 2
        func p(_ s: [([Int], Rational)]) throws -> Polynomial { try Polynomial(terms: s, generatorCount: n) }
        // x + 10^20: about 67 bits, recovered from three primes below 2^31.
        let big = Rational(big: BigInt(10).power(20), 1)
        let common = try p([([1, 0], Rational(1)), ([0, 0], big)])
        let a = common * (try p([([0, 1], Rational(1)), ([0, 0], Rational(3))]))
        let b = common * (try p([([0, 1], Rational(1)), ([0, 0], Rational(-5))]))
        #expect(try Polynomial.gcd(a, b).gcd == common)
        // Leading coefficients divisible by the largest primes of the table.
        let lead = Rational(2_147_483_647) * Rational(2_147_483_629)
        let c = try p([([2, 0], lead), ([0, 1], Rational(1))])
        let d = try p([([1, 1], Rational(1)), ([0, 0], Rational(7))])
        #expect(try Polynomial.gcd(c * d, d * d).gcd == d)
        // Rational coefficients: the gcd is primitive with integer coefficients.
        let e = try p([([1, 0], Rational(1, 2)), ([0, 0], Rational(1, 3))])
        #expect(try Polynomial.gcd(e * e, e.scaled(by: Rational(5))).gcd == normalized(e))
    }

    /// The coprimality test before the modular gcd proves a gcd free of each shared generator
    /// separately: a common factor free of one of them is still found.
    @Test func gcdOfFactorsFreeOfOneGenerator() throws {
        func p(_ s: [([Int], Rational)]) throws -> Polynomial { try Polynomial(terms: s, generatorCount: 2) }
        let yPlusOne = try p([([0, 1], Rational(1)), ([0, 0], Rational(1))])
        let xPlusOne = try p([([1, 0], Rational(1)), ([0, 0], Rational(1))])
        let xPlusTwo = try p([([1, 0], Rational(1)), ([0, 0], Rational(2))])
        #expect(try Polynomial.gcd(yPlusOne * xPlusOne, yPlusOne * xPlusTwo).gcd == yPlusOne)
        // x + y and x - y + 1 share both generators and no factor.
        let sum = try p([([1, 0], Rational(1)), ([0, 1], Rational(1))])
        let other = try p([([1, 0], Rational(1)), ([0, 1], Rational(-1)), ([0, 0], Rational(1))])
        #expect(try Polynomial.gcd(sum * sum, other).gcd.isConstant)
    }

    @Test func layoutsWidenWithTheDegreeAndRefuseWhatDoesNotPack() throws {
        // One generator: degree 100 (fields of 8 bits), 40_000 (16 bits), 2^29 (32 bits).
        for d in [100, 40_000, 1 << 29] {
            let x = try Polynomial(terms: [([d], Rational(1)), ([0], Rational(1))], generatorCount: 1)
            #expect((x * x).degree == 2 * d)
        }
        let huge = try Polynomial(terms: [([1 << 30], Rational(1))], generatorCount: 1)
        #expect(throws: PolynomialError.degreeTooHigh(limit: Int(Int32.max))) { try huge.multiplied(by: huge, limits: PolynomialLimits()) }
        // 63 generators pack in fields of 4 bits (degree at most 7); the 64th does not.
        let many = (0..<63).map { i in ((0..<63).map { $0 == i ? 1 : 0 }, Rational.one) }
        let sum = try Polynomial(terms: many, generatorCount: 63)
        #expect(try sum.power(2, limits: PolynomialLimits()).termCount == 63 * 64 / 2)
        var eighth = [Int](repeating: 0, count: 63)
        eighth[0] = 8
        #expect(throws: PolynomialError.degreeTooHigh(limit: 7)) { try Polynomial(terms: [(eighth, Rational(1))], generatorCount: 63) }
        #expect(throws: PolynomialError.tooManyGenerators(limit: 63)) { try Polynomial(terms: [], generatorCount: 64) }
    }

    @Test func limitsStopWorkBeforeItIsDone() throws {
        let sum = try Polynomial(terms: (0..<5).map { i in ((0..<5).map { $0 == i ? 1 : 0 }, Rational.one) }, generatorCount: 5)
        #expect(throws: PolynomialError.tooMuchWork(limit: 5_000)) { try sum.power(40, limits: PolynomialLimits(maximumTerms: 1_000)) }
        #expect(throws: PolynomialError.tooManyTerms(limit: 100)) {
            try sum.power(5, limits: PolynomialLimits(maximumTerms: 100, maximumWork: 1_000_000))
        }
        // A gcd's modular work is budgeted too.
        let xy = try Polynomial(terms: [([1, 1, 0, 0, 0], Rational(1)), ([0, 0, 0, 0, 0], Rational(1))], generatorCount: 5)
        #expect(throws: PolynomialError.tooMuchWork(limit: 10)) {
            try Polynomial.gcd(sum * xy, (sum + xy) * xy, limits: PolynomialLimits(maximumTotalWork: 10))
        }
        let x1 = try Polynomial(terms: [([1, 0, 0, 0, 0], Rational(1)), ([0, 0, 0, 0, 0], Rational(1))], generatorCount: 5)
        #expect(throws: PolynomialError.tooMuchWork(limit: 50)) { try x1.power(1_000_000_000_000, limits: PolynomialLimits(maximumTerms: 10)) }
    }

    @Test func derivativeAgreesWithTheDifferentiator() throws {
        // The calculus module's derivative of the polynomial as an expression, multiplied out.
        var g = PolynomialGenerator(seed: 5)
        let xy: [Expr] = [.symbol("x"), .symbol("y")]
        for _ in 0..<60 {
            let a = g.polynomial(generators: 2, degree: 6, terms: 6)
            let expected = try a.expression(generators: xy).derivative(withRespectTo: xy[0]).expanded()
            #expect(a.derivative(withRespectTo: 0).expression(generators: xy) == expected)
        }
    }
}

extension Polynomial {
    /// `x^k` by repeated multiplication: the test's own reference.
    static func slowPowerForTests(_ x: Rational, _ k: Int) -> Rational {
        (0..<k).reduce(Rational.one) { r, _ in r * x }
    }
}
