import Foundation
import SymDiff

// Shared helpers for the property tests: a seeded PRNG, a random expression generator and a
// plain numeric evaluator. They live in the test target on purpose: the library has no
// evaluator yet, and the tests must not depend on the code they check.

/// SplitMix64: tiny, fast and fully deterministic, so a failing seed reproduces on every machine
/// (`SystemRandomNumberGenerator` would not).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random expressions over `x`, `y`, small integers and rationals, every function of the table
/// and the five operators. Depth-bounded so each expression stays small enough to read in a
/// failure message.
struct ExpressionGenerator {
    var rng: SplitMix64
    let maximumDepth: Int
    /// Functions that may be drawn; defaults to the whole table.
    let functions: [FunctionSpec]

    init(seed: UInt64, maximumDepth: Int = 4, functions: [FunctionSpec] = FunctionTable.all) {
        rng = SplitMix64(seed: seed)
        self.maximumDepth = maximumDepth
        self.functions = functions
    }

    static let smallRationals: [Rational] = [
        Rational(1, 2), Rational(-1, 2), Rational(1, 3), Rational(3, 2), Rational(-3, 4), Rational(5, 2), Rational(2, 7),
    ]
    static let exponents: [Rational] = [
        Rational(2), Rational(3), Rational(-1), Rational(-2), Rational(4),
        Rational(1, 2), Rational(-1, 2), Rational(1, 3), Rational(3, 2), Rational(-2, 3),
    ]

    mutating func leaf() -> Expr {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4: return .symbol("x")
        case 4..<6: return .symbol("y")
        case 6..<8: return .integer(Int.random(in: -3...5, using: &rng))
        case 8: return .number(Self.smallRationals.randomElement(using: &rng)!)
        default: return Bool.random(using: &rng) ? .pi : .e
        }
    }

    mutating func expression(depth: Int = 0) -> Expr {
        if depth >= maximumDepth || Int.random(in: 0..<10, using: &rng) < 2 { return leaf() }
        switch Int.random(in: 0..<12, using: &rng) {
        case 0, 1: return expression(depth: depth + 1) + expression(depth: depth + 1)
        case 2: return expression(depth: depth + 1) - expression(depth: depth + 1)
        case 3, 4: return expression(depth: depth + 1) * expression(depth: depth + 1)
        case 5: return expression(depth: depth + 1) / expression(depth: depth + 1)
        case 6: return -expression(depth: depth + 1)
        case 7, 8:
            return .power(expression(depth: depth + 1), .number(Self.exponents.randomElement(using: &rng)!))
        default:
            let spec = functions.randomElement(using: &rng)!
            // Always pass the full arity (leaky_relu gets its slope): `Expr.call` does not fill
            // in defaults, the parser does. A variadic function gets one to three more.
            var args: [Expr] = []
            let count = spec.arity.isVariadic ? spec.arity.minimum + Int.random(in: 1...3, using: &rng) : spec.arity.full
            for i in 0..<count {
                if i >= spec.arity.minimum && !spec.arity.isVariadic {
                    args.append(.number(Self.smallRationals.randomElement(using: &rng)!.magnitude))
                } else {
                    args.append(expression(depth: depth + 1))
                }
            }
            return Expr.call(spec.name, args)!
        }
    }
}

/// The value of `e` at `env`, walking the distinct nodes children-first (no recursion).
/// Unknown symbols and undefined nodes give NaN.
func evaluate(_ e: Expr, _ env: [String: Double]) -> Double {
    var values: [Expr: Double] = [:]
    for node in e.postorder {
        let kids = node.children.map { values[$0]! }
        let v: Double
        switch node.head {
        case let .number(r): v = r.doubleValue
        case let .symbol(name): v = env[name] ?? .nan
        case let .constant(c): v = c.value
        case let .add(c): v = kids.reduce(c.doubleValue, +)
        case let .mul(c): v = kids.reduce(c.doubleValue, *)
        case .pow: v = Foundation.pow(kids[0], kids[1])
        case let .function(id): v = id.spec.evaluate(kids)
        case .undefined: v = .nan
        }
        values[node] = v
    }
    return values[e]!
}

/// `|a - b| <= absolute + relative * max(|a|, |b|)`.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-4, absolute: Double = 1e-6) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

/// The smallest subexpression of `e` (children come first in `postorder`) for which `fails`
/// holds, to make a failure message point at the culprit instead of a 40-node expression.
func smallestFailing(_ e: Expr, _ fails: (Expr) -> Bool) -> Expr? {
    e.postorder.first(where: fails)
}
