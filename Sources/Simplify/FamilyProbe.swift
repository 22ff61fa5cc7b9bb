import Glibc
import Expr

/// Which calls of a family's function (`sigmoid`, `tanh`) a sum might have a family factor in,
/// told from values before any polynomial is built. `1 - s` divides a polynomial in
/// `s = sigmoid(u)` only when it vanishes at s = 1, and `1 - t^2` one in `t = tanh(u)` only when
/// it vanishes at t = 1 and t = -1. The sum is evaluated at one point with the call replaced by
/// that root where it is the polynomial's variable (reached through sums, products and positive
/// integer powers) and by its own value elsewhere. Guidance only: the factorization that follows
/// is exact, and a value that is not finite rules nothing out.
enum FamilyProbe {
    /// Sums whose written-out tree is larger than this are not probed (every call stays).
    static let maximumTreeSize = 2_000

    /// The calls of `f` in `sum` at polynomial positions that the values do not rule out.
    static func candidates(_ sum: Expr, _ f: FunctionID) -> [Expr] {
        var calls: [Expr] = []
        collectCalls(sum, f, &calls)
        guard !calls.isEmpty, sum.node.treeSize <= maximumTreeSize,
              let values = NumericProbe.values(of: sum, point: 0) else { return calls }
        let roots: [Double] = f == .tanh ? [1, -1] : [1]
        return calls.filter { s in
            roots.allSatisfy { r in
                let (v, magnitude) = polynomialValue(sum, s, r, values)
                return !v.isFinite || !magnitude.isFinite || abs(v) <= 1e-8 * Swift.max(magnitude, 1)
            }
        }
    }

    /// The calls of `f` reached from `e` through sums, products and positive integer powers.
    private static func collectCalls(_ e: Expr, _ f: FunctionID, _ calls: inout [Expr]) {
        switch e.head {
        case .add, .mul:
            for c in e.children { collectCalls(c, f, &calls) }
        case .pow:
            if let n = e.children[1].rationalValue?.intValue, n > 0 { collectCalls(e.children[0], f, &calls) }
        case .function(f):
            if !calls.contains(e) { calls.append(e) }
        default:
            break
        }
    }

    /// The value of `e` with `s = root` at polynomial positions, and the value of the same
    /// polynomial with every term's magnitude added (the scale a rounding error is measured by).
    private static func polynomialValue(_ e: Expr, _ s: Expr, _ root: Double, _ values: ExprMap<Double>) -> (Double, Double) {
        if e == s { return (root, 1) }
        switch e.head {
        case let .add(c):
            var v = c.doubleValue, m = abs(v)
            for t in e.children {
                let (tv, tm) = polynomialValue(t, s, root, values)
                v += tv
                m += tm
            }
            return (v, m)
        case let .mul(c):
            var v = c.doubleValue, m = abs(v)
            for t in e.children {
                let (tv, tm) = polynomialValue(t, s, root, values)
                v *= tv
                m *= tm
            }
            return (v, m)
        case .pow:
            if let n = e.children[1].rationalValue?.intValue, n > 0 {
                let (bv, bm) = polynomialValue(e.children[0], s, root, values)
                return (pow(bv, Double(n)), pow(bm, Double(n)))
            }
        default:
            break
        }
        let v = values[e]!
        return (v, abs(v))
    }
}
