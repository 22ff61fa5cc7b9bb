import Testing
import BigInt
import SymDiff

/// Products and sums of big rationals (cross-cancelled and Henrici's sum, with our own gcd)
/// against plain cross-multiplication, and lowest terms against BigInt's own gcd.
@Suite struct RationalTests {
    /// Numbers of up to a few hundred digits, often sharing factors: powers of a few small
    /// bases over other such powers, with a sign.
    private func randomBig(_ rng: inout SplitMix64) -> Rational {
        let bases: [BigInt] = [2, 3, 6, 7, 10, 12, 97, 8888888888888]
        func power() -> BigInt {
            var p = BigInt(1)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                p *= bases.randomElement(using: &rng)!.power(Int.random(in: 0...40, using: &rng))
            }
            return p
        }
        let n = power() * (Bool.random(using: &rng) ? 1 : -1)
        return Rational(big: n, power())
    }

    private func isLowest(_ r: Rational) -> Bool {
        r.denominator > 0 && r.numerator.magnitude.greatestCommonDivisor(with: r.denominator.magnitude) == 1
    }

    @Test func bigProductsAndSumsAreExactAndInLowestTerms() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let a = randomBig(&rng), b = randomBig(&rng)
            let (an, ad, bn, bd) = (a.numerator, a.denominator, b.numerator, b.denominator)
            let p = a * b
            #expect(p.numerator * (ad * bd) == (an * bn) * p.denominator, "\(a) * \(b)")
            #expect(isLowest(p), "\(a) * \(b) = \(p)")
            let s = a + b
            #expect(s.numerator * (ad * bd) == (an * bd + bn * ad) * s.denominator, "\(a) + \(b)")
            #expect(isLowest(s), "\(a) + \(b) = \(s)")
            #expect((a - a).isZero && (a * .zero).isZero)
        }
    }
}
