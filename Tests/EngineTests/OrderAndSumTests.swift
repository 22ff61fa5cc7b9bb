import Testing
import BigInt
import SymDiff

/// The structural order compares cached integer payloads and reads children unretained; sums
/// merge like terms without splitting off coefficients. Both are checked here against plain
/// reference versions written from the definitions.
@Suite struct OrderAndSumTests {
    /// The structural order as documented, from heads alone: kind, height, payload, arity,
    /// then children left to right.
    static func referenceCompare(_ a: Expr, _ b: Expr) -> Int {
        if a == b { return 0 }
        func kind(_ h: Head) -> Int {
            switch h {
            case .number: return 0
            case .constant: return 1
            case .symbol: return 2
            case .function: return 3
            case .pow: return 4
            case .mul: return 5
            case .add: return 6
            case .undefined: return 7
            }
        }
        func height(_ e: Expr) -> Int { 1 + (e.children.map(height).max() ?? 0) }
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x == y ? 0 : (x < y ? -1 : 1) }
        var c = sign(kind(a.head), kind(b.head))
        if c == 0 { c = sign(height(a), height(b)) }
        if c != 0 { return c }
        switch (a.head, b.head) {
        case let (.number(x), .number(y)), let (.add(x), .add(y)), let (.mul(x), .mul(y)): c = sign(x, y)
        case let (.symbol(x), .symbol(y)): c = sign(x, y)
        case let (.constant(x), .constant(y)): c = sign(x.rawValue, y.rawValue)
        case let (.function(f), .function(g)): c = sign(f.name, g.name)
        default: break
        }
        if c == 0 { c = sign(a.children.count, b.children.count) }
        if c != 0 { return c }
        for (x, y) in zip(a.children, b.children) {
            let d = referenceCompare(x, y)
            if d != 0 { return d }
        }
        return 0
    }

    @Test func structuralOrderAgreesWithTheReference() {
        var generator = ExpressionGenerator(seed: 97)
        var pool: [Expr] = []
        for _ in 0..<150 { pool += generator.expression().postorder.suffix(4) }
        // Payloads the cached keys cannot hold (big rationals, long names) and ones that
        // overflow a plain cross-multiplication.
        let big = Rational(big: BigInt(10).power(30), BigInt(7).power(20))
        pool += [.number(big), .number(-big), .symbol("a_rather_long_variable_name"), .symbol("b"),
                 .number(Rational(Int.max, 3)), .number(Rational(Int.max - 1, 5)),
                 .product([.number(big), .symbol("x")]), .product([.number(Rational(Int.max, 7)), .symbol("x")])]
        var compared = 0
        for (i, a) in pool.enumerated() {
            for b in pool[i...].prefix(25) {
                let c = Expr.structuralCompare(a, b)
                #expect(c == Self.referenceCompare(a, b), "\(a) vs \(b)")
                #expect(Expr.structuralCompare(b, a) == -c, "antisymmetry: \(a) vs \(b)")
                compared += 1
            }
        }
        #expect(compared > 5000)
    }

    @Test func linearCombinationsMatchTheirValuesAndTheProductPath() {
        var generator = ExpressionGenerator(seed: 311, maximumDepth: 3)
        let coefficients: [Rational] = [Rational(2), Rational(-1), Rational(1, 3), Rational(-5, 2), .one]
        let env = ["x": 0.37, "y": -1.21]
        for round in 0..<300 {
            let terms = (0..<(2 + round % 6)).map { _ in generator.expression() }
            // Like terms on purpose: a term again, and a multiple of one.
            let pairs = terms.enumerated().map { (coefficients[$0.offset % coefficients.count], $0.element) }
                + [(Rational(3), terms[0]), (Rational(-1), Expr.product([.integer(4), terms[1]]))]
            let combined = Expr.linearCombination(pairs.map { (coefficient: $0.0, term: $0.1) })
            // Independent path: every term scaled by the general product, then summed.
            let viaProducts = Expr.sum(pairs.map { Expr.product([.number($0.0), $0.1]) })
            #expect(combined == viaProducts, "\(pairs)")
            let expected = pairs.reduce(0.0) { $0 + $1.0.doubleValue * evaluate($1.1, env) }
            let value = evaluate(combined, env)
            if expected.isFinite && value.isFinite {
                #expect(isClose(value, expected), "\(combined) = \(value), expected \(expected)")
            }
            // Order of the terms does not matter.
            #expect(Expr.sum(terms.reversed()) == Expr.sum(terms))
            for (c, t) in pairs { #expect(Expr.multiple(of: t, by: c) == Expr.product([.number(c), t]), "\(c) * \(t)") }
        }
    }

    /// Past a dozen distinct terms the builder finds like terms by hashing their rests: sums
    /// that large must still merge `k*v`, `v` and `k*v*w`, `v*w`, and keep one term per rest.
    @Test func largeSumsMergeLikeTermsThroughTheIndex() {
        var rng = SplitMix64(seed: 5)
        let v = (1...20).map { Expr.symbol("v\($0)") }
        let env = Dictionary(uniqueKeysWithValues: (1...20).map { ("v\($0)", 0.1 * Double($0) - 0.9) })
        for _ in 0..<200 {
            var pairs: [(coefficient: Rational, term: Expr)] = []
            for _ in 0..<Int.random(in: 14...40, using: &rng) {
                let a = v.randomElement(using: &rng)!, b = v.randomElement(using: &rng)!
                let term: Expr = switch Int.random(in: 0..<3, using: &rng) {
                case 0: a
                case 1: Expr.product([.integer(Int.random(in: -3...3, using: &rng)), a])
                default: Expr.product([.integer(Int.random(in: 1...3, using: &rng)), a, b])
                }
                pairs.append((coefficient: Rational(Int.random(in: -2...2, using: &rng)), term: term))
            }
            let combined = Expr.linearCombination(pairs)
            let terms = combined.isSum ? combined.children : [combined]
            let rests = terms.map { $0.splitCoefficient().1 }
            #expect(Set(rests).count == rests.count, "like terms left apart in \(combined)")
            let expected = pairs.reduce(0.0) { $0 + $1.coefficient.doubleValue * evaluate($1.term, env) }
            #expect(isClose(evaluate(combined, env), expected, relative: 1e-9, absolute: 1e-9), "\(combined)")
        }
    }

    /// Sums of terms given in any order are the same node, whichever way the terms are sorted:
    /// merging few runs, inserting by binary search among many short runs (up to 512 terms), or
    /// the library sort beyond.
    @Test func sumsOfShuffledTermsAreTheSameNode() {
        var rng = SplitMix64(seed: 12)
        var generator = ExpressionGenerator(seed: 13, maximumDepth: 3)
        for n in [3, 9, 33, 100, 300, 511, 513, 700] {
            // Distinct products, so that no two terms merge and every one has to be placed.
            let terms = (0..<n).map { i in Expr.symbol("t\(i % 37)") * generator.expression() * .power(.symbol("u"), .integer(i)) }
            let reference = Expr.sum(terms)
            for _ in 0..<3 {
                #expect(Expr.sum(terms.shuffled(using: &rng)) == reference, "\(n) terms shuffled")
            }
            // A few long runs (merged) and many short ones (inserted).
            let halves = Array(terms[(n / 2)...]) + Array(terms[..<(n / 2)])
            #expect(Expr.sum(halves) == reference)
            #expect(Expr.sum(Array(terms.reversed())) == reference)
            var pairs = terms
            for i in stride(from: 0, to: n - 1, by: 2) { pairs.swapAt(i, i + 1) }
            #expect(Expr.sum(pairs) == reference)
        }
    }
}
