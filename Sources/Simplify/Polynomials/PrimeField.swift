import BigInt
import Expr

/// Arithmetic modulo a prime below 2^31, so that a product of two residues fits in 64 bits.
struct PrimeField {
    let p: UInt64

    @inline(__always) func add(_ a: UInt64, _ b: UInt64) -> UInt64 { let s = a + b; return s >= p ? s - p : s }
    @inline(__always) func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 { a >= b ? a - b : a + p - b }
    @inline(__always) func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 { a * b % p }

    func power(_ a: UInt64, _ e: UInt64) -> UInt64 {
        var result: UInt64 = 1, base = a % p, k = e
        while k > 0 {
            if k & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            k >>= 1
        }
        return result
    }

    /// The inverse of a nonzero residue (Fermat).
    func inverse(_ a: UInt64) -> UInt64 { power(a, p - 2) }

    /// An integer modulo p.
    func reduce(_ n: BigInt) -> UInt64 {
        if let small = Int(exactly: n) { return reduce(small) }
        let r = n % BigInt(p)
        return UInt64(r.sign == .minus ? r + BigInt(p) : r)
    }

    /// A rational modulo p, nil when p divides its denominator.
    func reduce(_ r: Rational) -> UInt64? {
        if let (n, d) = r.smallParts {
            if d == 1 { return reduce(n) }
            let dp = reduce(d)
            return dp == 0 ? nil : multiply(reduce(n), inverse(dp))
        }
        let dp = reduce(r.denominator)
        return dp == 0 ? nil : multiply(reduce(r.numerator), inverse(dp))
    }

    func reduce(_ n: Int) -> UInt64 {
        let r = n % Int(p)
        return UInt64(r < 0 ? r + Int(p) : r)
    }

    /// The residue as an integer in (-p/2, p/2].
    func symmetric(_ a: UInt64) -> Int { a > p / 2 ? Int(a) - Int(p) : Int(a) }

    /// The primes below 2^31, largest first, found as they are asked for (most gcds need one to
    /// three; each finds about 20 candidates to test).
    static var primes: some Sequence<UInt64> {
        sequence(state: UInt64(1) << 31 + 1) { n -> UInt64? in
            repeat { n -= 2 } while !isPrime(n)
            return n
        }
    }

    /// Deterministic Miller–Rabin for n < 3,215,031,751 (bases 2, 3, 5, 7).
    static func isPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        for q: UInt64 in [2, 3, 5, 7] where n % q == 0 { return n == q }
        var d = n - 1, s = 0
        while d & 1 == 0 { d >>= 1; s += 1 }
        let field = PrimeField(p: n)
        witnesses: for a: UInt64 in [2, 3, 5, 7] {
            var x = field.power(a, d)
            if x == 1 || x == n - 1 { continue }
            for _ in 1..<max(s, 1) {
                x = field.multiply(x, x)
                if x == n - 1 { continue witnesses }
            }
            return false
        }
        return true
    }
}

/// Dense univariate polynomials modulo p: coefficient i of x^i, no trailing zeros (zero is []).
extension PrimeField {
    func trimmed(_ a: [UInt64]) -> [UInt64] {
        var a = a
        while a.last == 0 { a.removeLast() }
        return a
    }

    /// The value at `x` (Horner).
    func evaluate(_ a: [UInt64], at x: UInt64) -> UInt64 {
        var v: UInt64 = 0
        for c in a.reversed() { v = add(multiply(v, x), c) }
        return v
    }

    func monic(_ a: [UInt64]) -> [UInt64] {
        guard let lead = a.last, lead != 1 else { return a }
        let inv = inverse(lead)
        return a.map { multiply($0, inv) }
    }

    /// The remainder of a by b (b nonzero).
    func remainder(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var r = a
        let inv = inverse(b.last!)
        while r.count >= b.count {
            let q = multiply(r.last!, inv)
            let shift = r.count - b.count
            if q != 0 {
                for (i, c) in b.enumerated() { r[shift + i] = subtract(r[shift + i], multiply(q, c)) }
            }
            r.removeLast()
            while r.last == 0 { r.removeLast() }
        }
        return r
    }

    /// The quotient of an exact division a / b (b nonzero).
    func quotient(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        if a.count < b.count { return [] }
        var r = a
        var q = [UInt64](repeating: 0, count: a.count - b.count + 1)
        let inv = inverse(b.last!)
        for shift in stride(from: a.count - b.count, through: 0, by: -1) {
            let c = multiply(r[shift + b.count - 1], inv)
            q[shift] = c
            if c != 0 {
                for (i, bc) in b.enumerated() { r[shift + i] = subtract(r[shift + i], multiply(c, bc)) }
            }
        }
        return trimmed(q)
    }

    func product(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        if a.isEmpty || b.isEmpty { return [] }
        var r = [UInt64](repeating: 0, count: a.count + b.count - 1)
        for (i, x) in a.enumerated() where x != 0 {
            for (j, y) in b.enumerated() { r[i + j] = add(r[i + j], multiply(x, y)) }
        }
        return r
    }

    /// The monic greatest common divisor (Euclid); gcd(0, 0) = 0.
    func gcd(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var (a, b) = (a, b)
        while !b.isEmpty { (a, b) = (b, remainder(a, b)) }
        return monic(a)
    }
}
