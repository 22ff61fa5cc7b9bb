/// How a monomial's exponents are packed into the four 64-bit words of a `Monomial`.
///
/// Every field is `fieldBits` wide. Field 0 holds the total degree, field `i + 1` the exponent of
/// generator `i`, from the most significant bits of word 0 on. Comparing the words as one
/// 256-bit number therefore compares total degrees first and then exponents generator by
/// generator: the graded lexicographic order, which is also the order in which `Expr` prints
/// the terms of a sum of monomials in symbols (`x^2 + 2*x*y + y^2 + x`).
///
/// The top bit of every field is a guard bit that stays clear: exponents are below
/// `2^(fieldBits - 1)`, so adding two monomials whose degrees sum below that bound never carries
/// from one field into the next, and a subtraction that would go negative shows in the guard
/// bit (Monagan and Pearce, "Sparse polynomial division using a heap", J. Symbolic Computation
/// 46, 2011, section 2: packed exponent vectors).
struct MonomialLayout: Hashable, Sendable {
    /// Number of generators (variables) the exponents are for.
    let generatorCount: Int
    /// Bits per field: 4, 8, 16 or 32.
    let fieldBits: Int

    /// The widths tried, narrowest first.
    static let widths = [4, 8, 16, 32]

    /// The narrowest layout for `generatorCount` generators and total degrees up to
    /// `degreeBound`, or nil when no width holds both.
    init?(generatorCount: Int, degreeBound: Int) {
        guard generatorCount >= 0, degreeBound >= 0 else { return nil }
        for bits in MonomialLayout.widths where degreeBound < 1 << (bits - 1) && (generatorCount + 1) * bits <= Monomial.bitCount {
            self.generatorCount = generatorCount
            self.fieldBits = bits
            return
        }
        return nil
    }

    /// The largest total degree this layout holds.
    var maximumDegree: Int { (1 << (fieldBits - 1)) - 1 }

    /// The most generators any layout holds (fields of 4 bits, total degree at most 7).
    static let maximumGenerators = Monomial.bitCount / 4 - 1

    var fieldsPerWord: Int { 64 / fieldBits }
    var fieldMask: UInt64 { (1 << UInt64(fieldBits)) - 1 }

    /// Word and shift of field `f` (0 is the total degree).
    @inline(__always)
    func position(ofField f: Int) -> (word: Int, shift: UInt64) {
        let perWord = fieldsPerWord
        return (f / perWord, UInt64((perWord - 1 - f % perWord) * fieldBits))
    }

    /// A word with the guard (top) bit of every field set.
    var guardWord: UInt64 {
        var w: UInt64 = 0
        for i in 0..<fieldsPerWord { w |= 1 << UInt64(i * fieldBits + fieldBits - 1) }
        return w
    }

    /// Guard bits of every field in use (total degree and generators); zero elsewhere.
    var guardMask: Monomial {
        var m = Monomial.zero
        let g = guardWord
        for f in 0...generatorCount {
            let (w, s) = position(ofField: f)
            m.words[w] |= g & (fieldMask << s)
        }
        return m
    }

    /// The packed monomial of `exponents` (one per generator, each non-negative); the caller
    /// makes sure that their sum is at most `maximumDegree`.
    func monomial(_ exponents: [Int]) -> Monomial {
        precondition(exponents.count == generatorCount)
        var m = Monomial.zero
        var total = 0
        for (i, e) in exponents.enumerated() where e != 0 {
            m.add(UInt64(e), toField: i + 1, self)
            total += e
        }
        m.add(UInt64(total), toField: 0, self)
        return m
    }

    /// The exponents of `m`, one per generator.
    func exponents(_ m: Monomial) -> [Int] {
        (0..<generatorCount).map { m.field($0 + 1, self) }
    }

    /// `m` in `target`, a layout for as many generators.
    func repack(_ m: Monomial, to target: MonomialLayout) -> Monomial {
        if target == self { return m }
        var r = Monomial.zero
        for f in 0...generatorCount {
            let e = m.field(f, self)
            if e != 0 { r.add(UInt64(e), toField: f, target) }
        }
        return r
    }
}

/// A monomial's exponents packed by a `MonomialLayout`: multiplying two monomials is adding
/// their words, comparing them is comparing the words, and both are a few instructions.
struct Monomial: Hashable, Sendable {
    var words: SIMD4<UInt64>

    static let bitCount = 256
    static let zero = Monomial(words: .zero)

    /// The product of two monomials (their exponents added).
    @inline(__always)
    static func * (a: Monomial, b: Monomial) -> Monomial { Monomial(words: a.words &+ b.words) }

    /// The quotient `a / b`; `b` must divide `a`.
    @inline(__always)
    static func / (a: Monomial, b: Monomial) -> Monomial { Monomial(words: a.words &- b.words) }

    /// `self^k`; the caller makes sure that no field overflows.
    @inline(__always)
    func power(_ k: Int) -> Monomial { Monomial(words: words &* SIMD4(repeating: UInt64(k))) }

    /// True when `self` divides `other`: no field of `other - self` goes negative, which the
    /// guard bits show after subtracting from `other` with every guard bit set.
    @inline(__always)
    func divides(_ other: Monomial, guardMask: Monomial) -> Bool {
        let d = (other.words | guardMask.words) &- words
        return (d & guardMask.words) == guardMask.words
    }

    /// Field `f` (0 is the total degree, `i + 1` the exponent of generator `i`).
    @inline(__always)
    func field(_ f: Int, _ layout: MonomialLayout) -> Int {
        let (w, s) = layout.position(ofField: f)
        return Int((words[w] >> s) & layout.fieldMask)
    }

    /// Adds `value` to field `f`; the caller makes sure it does not overflow.
    @inline(__always)
    mutating func add(_ value: UInt64, toField f: Int, _ layout: MonomialLayout) {
        let (w, s) = layout.position(ofField: f)
        words[w] &+= value << s
    }

    /// The total degree.
    @inline(__always)
    func degree(_ layout: MonomialLayout) -> Int { field(0, layout) }

    /// The exponent of generator `i`.
    @inline(__always)
    func exponent(_ i: Int, _ layout: MonomialLayout) -> Int { field(i + 1, layout) }

    /// `self` without generator `i` (its exponent set to zero, the total degree lowered).
    func removing(_ i: Int, _ layout: MonomialLayout) -> Monomial {
        let e = UInt64(exponent(i, layout))
        if e == 0 { return self }
        var m = self
        let (w, s) = layout.position(ofField: i + 1)
        m.words[w] &-= e << s
        let (w0, s0) = layout.position(ofField: 0)
        m.words[w0] &-= e << s0
        return m
    }

    /// The greatest common divisor: the smaller exponent of each generator.
    func gcd(_ other: Monomial, _ layout: MonomialLayout) -> Monomial {
        var r = Monomial.zero
        var total = 0
        for i in 0..<layout.generatorCount {
            let e = min(exponent(i, layout), other.exponent(i, layout))
            if e != 0 { r.add(UInt64(e), toField: i + 1, layout); total += e }
        }
        r.add(UInt64(total), toField: 0, layout)
        return r
    }

    /// A hash for the kernel's own tables: the words mixed by multiplication (Swift's `Hasher`
    /// costs more than the rest of a monomial product).
    @inline(__always)
    var mixedHash: Int {
        var h = words[0] &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ words[1]) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 31) ^ words[2]) &* 0x94D0_49BB_1331_11EB
        h = (h ^ (h >> 29) ^ words[3]) &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: UInt(h ^ (h >> 32)))
    }
}

extension Monomial: Comparable {
    /// The graded lexicographic order (see `MonomialLayout`); compares layouts' words alike.
    @inline(__always)
    static func < (a: Monomial, b: Monomial) -> Bool {
        if a.words[0] != b.words[0] { return a.words[0] < b.words[0] }
        if a.words[1] != b.words[1] { return a.words[1] < b.words[1] }
        if a.words[2] != b.words[2] { return a.words[2] < b.words[2] }
        return a.words[3] < b.words[3]
    }
}
