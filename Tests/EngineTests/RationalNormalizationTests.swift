import Foundation
import Testing
import SymDiff

/// Random quotients of sums and products over x, y, z and a few non-polynomial atoms that the
/// kernel reads as generators (calls, roots, exponentials of sums).
struct RationalExpressionGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let atoms = ["x", "y", "z", "sin(x)", "sqrt(y)", "y^(3/2)", "exp(x)", "exp(x + y)", "exp(-z/2)", "cos(z)^2", "2", "1/3", "-5"]
        .map { try! Parser().parse($0) }

    mutating func expression(depth: Int = 0) -> Expr {
        if depth >= 4 || Int.random(in: 0..<10, using: &rng) < 3 { return Self.atoms.randomElement(using: &rng)! }
        let a = expression(depth: depth + 1), b = expression(depth: depth + 1)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0, 1: return a + b
        case 2: return a - b
        case 3, 4: return a * b
        case 5: return a / (b + .integer(Int.random(in: 1...3, using: &rng)))
        default: return .power(a + b, .integer([2, 3, -1, -2].randomElement(using: &rng)!))
        }
    }
}

/// Cancellation, common denominators and factoring through the kernel: the same value as the
/// original at random points, the same rational function and denominator as SymPy on a
/// committed set of cases (Support/cancel_golden.py writes them), the expected forms of the
/// examples, and limits that stop large work.
@Suite struct RationalNormalizationTests {
    /// Relative agreement of two values where both are finite and not huge.
    static func agree(_ a: Double, _ b: Double) -> Bool {
        if !a.isFinite || !b.isFinite || abs(a) > 1e8 { return true }
        return abs(a - b) <= 1e-7 * max(1, abs(a))
    }

    @Test func cancelTogetherAndFactorKeepTheValue() throws {
        var g = RationalExpressionGenerator(seed: 11)
        var rng = SplitMix64(seed: 12)
        var checked = 0
        for _ in 0..<300 {
            let e = g.expression()
            // Small limits keep the debug build quick; what passes them is checked.
            let limits = PolynomialLimits(maximumTerms: 300)
            guard let forms = try? [e.cancelled(limits: limits), e.together(limits: limits), e.factored(limits: limits)] else { continue }
            for _ in 0..<3 {
                let point = ["x": Double.random(in: 0.3...2.5, using: &rng), "y": Double.random(in: 0.3...2.5, using: &rng), "z": Double.random(in: 0.3...2.5, using: &rng)]
                let v = e.evaluate(at: point)
                for f in forms {
                    #expect(Self.agree(v, f.evaluate(at: point)), "\(e) -> \(f) at \(point)")
                }
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test func expansionKeepsTheValue() throws {
        var g = ExpressionGenerator(seed: 13, maximumDepth: 4)
        var rng = SplitMix64(seed: 14)
        for _ in 0..<300 {
            let e = g.expression()
            guard let x = try? e.expanded(maximumTerms: 2_000) else { continue }
            let point = ["x": Double.random(in: 0.2...1.5, using: &rng), "y": Double.random(in: 0.2...1.5, using: &rng)]
            #expect(Self.agree(e.evaluate(at: point), x.evaluate(at: point)), "\(e) -> \(x)")
        }
    }

    @Test func canonicalSumsAreBuiltAsTheConstructorsBuildThem() {
        // Over symbols in structural order the kernel builds the sum node as it stands; the
        // general constructors, given the same terms in any order, must produce the same node.
        var g = PolynomialGenerator(seed: 15)
        let symbols: [Expr] = ["a", "w", "x", "y"].map { .symbol($0) }
        for round in 0..<200 {
            let p = g.polynomial(generators: 4, degree: 7, terms: 1 + round % 12)
            let terms = p.termList.map { t -> Expr in
                .product([.number(t.coefficient)] + zip(symbols, t.exponents).filter { $0.1 > 0 }.map { .power($0.0, .integer($0.1)) })
            }
            #expect(p.expression(generators: symbols) == .sum(terms.reversed()))
        }
    }

    @Test func conversionRoundTripsKeepTheRationalFunction() throws {
        var g = RationalExpressionGenerator(seed: 16)
        for _ in 0..<200 {
            let e = g.expression()
            guard let r = try? RationalExpression(e) else { continue }
            let back = r.factoredDenominatorExpression
            // Read again, the difference with the original is the zero rational function.
            #expect(try RationalExpression(back - e).isZero, "\(e) -> \(back)")
        }
    }

    @Test func examples() throws {
        func cancel(_ s: String) throws -> String { try Parser().parse(s).cancelled().description }
        func together(_ s: String) throws -> String { try Parser().parse(s).together().description }
        func factor(_ s: String) throws -> String { try Parser().parse(s).factored().description }
        #expect(try cancel("(x^2 - 1)/(x - 1)") == "x + 1")
        #expect(try cancel("1/(1/x + 1/y)") == "x*y/(x + y)")
        #expect(try cancel("(2*x + 4)/(6*x^2)") == "(x + 2)/(3*x^2)")
        #expect(try cancel("-exp(-x1)*(exp(x1 + x2) + exp(x1 + x3))/(exp(x1) + exp(x2) + exp(x3))")
            == "-(exp(x2) + exp(x3))/(exp(x1) + exp(x2) + exp(x3))")
        #expect(try cancel("(exp(2*x) - 1)/(exp(x) - 1)") == "exp(x) + 1")
        #expect(try cancel("(x - 1)/(sqrt(x) - 1)") == "sqrt(x) + 1")
        #expect(try cancel("1/(x - 1) - 1/(x + 1) - 2/(x^2 - 1)") == "0")
        #expect(try together("1/x + 1/y") == "(x + y)/(x*y)")
        #expect(try together("(2*x + 4)/(6*x^2)") == "(x + 2)/(3*x^2)")
        #expect(try factor("2*x^3 - 2*x") == "2*x*(x - 1)*(x + 1)")
        #expect(try factor("x^4 - 1") == "(x - 1)*(x + 1)*(x^2 + 1)")
        #expect(try factor("2*x + 2") == "2*(x + 1)")
        #expect(try factor("(x^2 + 2*x + 1)/(x^2 - 1)") == "(x + 1)/(x - 1)")
        #expect(try factor("x^2*y^2 + 2*x*y^2 + y^2") == "y^2*(x + 1)^2")
    }

    @Test func limitsAndDivisionByZero() throws {
        let big = try Parser().parse("(x + y + z + w + 1)^40/(x + 1)")
        #expect(throws: PolynomialError.tooMuchWork(limit: 5_000)) { try big.cancelled(limits: PolynomialLimits(maximumTerms: 1_000)) }
        let wide = try Parser().parse((0..<64).map { "1/x\($0)" }.joined(separator: " + "))
        #expect(throws: PolynomialError.tooManyGenerators(limit: 63)) { try wide.together() }
        #expect(throws: PolynomialError.tooManyGenerators(limit: 10)) { try wide.cancelled(limits: PolynomialLimits(maximumGenerators: 10)) }
        // Every step of a deep continued fraction is small, but they add up (its coefficients
        // are Fibonacci numbers, the slowest case of Euclid's algorithm): one budget for all.
        var fraction = "x"
        for _ in 0..<3_000 { fraction = "1/(1 + \(fraction))" }
        #expect(throws: PolynomialError.tooMuchWork(limit: 1_000_000)) { try Parser().parse(fraction).cancelled(limits: PolynomialLimits(maximumTotalWork: 1_000_000)) }
        let zero = try Parser().parse("1/((x + 1)^2 - x^2 - 2*x - 1)")
        #expect(throws: PolynomialError.divisionByZero) { try zero.cancelled() }
    }

    /// SymPy's `cancel` and `sqf_list` on the committed cases: the same rational function, the
    /// same denominator up to a constant, and for each multiplicity the same product of factors
    /// up to a constant (the kernel may split a square-free factor further by rational roots).
    /// Where SymPy keeps `x` and `sqrt(x)` apart and the kernel does not, the kernel's result
    /// must be smaller instead.
    @Test func agreesWithSymPy() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/cancel_golden.tsv")
        let rows = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.count >= 50)
        func parse(_ s: Substring) throws -> Expr { try Parser().parse(String(s)) }
        func isConstant(_ e: Expr) throws -> Bool { try e.cancelled().isNumber }
        for row in rows {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false)
            let e = try parse(f[1]), theirs = try parse(f[2])
            let ours = try e.cancelled()
            #expect(try RationalExpression(ours - theirs).isZero, "\(f[0]): \(ours) vs \(theirs)")
            var r = try RationalExpression(e)
            try r.cancel()
            var t = try RationalExpression(theirs)
            let before = t.numerator
            try t.cancel()
            if t.numerator != before {
                // SymPy's result is not in lowest terms for the kernel, which knows more relations
                // between generators (x = sqrt(x)^2): fewer terms, same value.
                #expect(try r.denominator().degree < RationalExpression(theirs).denominator().degree, "\(f[0])")
                continue
            }
            let ourDenominator = try r.denominator().expression(generators: r.generators)
            let theirDenominator = try t.denominator().expression(generators: t.generators)
            #expect(try isConstant(ourDenominator / theirDenominator), "\(f[0]): denominators \(ourDenominator) vs \(theirDenominator)")
            // Square-free parts by multiplicity, numerator then denominator.
            for (polynomial, column) in [(r.numerator, f[3]), (try r.denominator(), f[4])] {
                var theirs: [Int: Expr] = [:]
                for part in column.split(separator: ";").dropFirst() {
                    let text = part.trimmingCharacters(in: .whitespaces)
                    let cut = text.lastIndex(of: "^")!
                    theirs[Int(text[text.index(after: cut)...])!, default: .one] = try Parser().parse(String(text[..<cut]))
                }
                var mine: [Int: Expr] = [:]
                for (factor, k) in try polynomial.factorization().factors {
                    mine[k] = (mine[k] ?? .one) * factor.expression(generators: r.generators)
                }
                #expect(Set(mine.keys) == Set(theirs.keys), "\(f[0]): multiplicities \(mine) vs \(theirs)")
                for (k, product) in mine {
                    guard let other = theirs[k] else { continue }
                    #expect(try isConstant(product / other), "\(f[0]): multiplicity \(k): \(product) vs \(other)")
                }
            }
        }
    }
}
