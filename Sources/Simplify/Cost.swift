import Expr

/// The cost measure that decides whether a rewrite is kept: the number of nodes of the printed
/// form, counted the way a reader (and a CAS reading our text back) sees it: `a - b` is a sum of
/// `a` and `-1*b`, `a/b` is `a*b^-1`, `x^(2/3)` carries a fraction. Smaller is simpler.
struct Cost {
    private var memo = ExprMap<Int>()
    /// Numbers print as decimals where exact (`0.5`): one node instead of a fraction.
    let decimals: Bool

    init(decimals: Bool = false) { self.decimals = decimals }

    mutating func of(_ e: Expr) -> Int {
        if let c = memo[e] { return c }
        // Visit only the nodes not costed yet: candidates share most of their nodes with what
        // was costed before.
        var stack: [(Expr, Bool)] = [(e, false)]
        while let (node, expanded) = stack.popLast() {
            if memo[node] != nil { continue }
            if expanded {
                memo[node] = local(node)
            } else {
                stack.append((node, true))
                for c in node.children where memo[c] == nil { stack.append((c, false)) }
            }
        }
        return memo[e]!
    }

    private func number(_ r: Rational) -> Int {
        r.isInteger || (decimals && r.hasDecimalForm) ? 1 : 5
    }

    private func local(_ e: Expr) -> Int {
        switch e.head {
        case let .number(r): return number(r)
        case .symbol, .constant, .undefined: return 1
        case .function: return e.children.reduce(1) { $0 + memo[$1]! }
        case .pow:
            let base = memo[e.children[0]]!
            if let r = e.children[1].rationalValue {
                if r == .half { return 1 + base }                // sqrt(u)
                if r == -.half { return 4 + base }               // 1/sqrt(u)
                if r.isNegative { return 3 + base + (r.isMinusOne ? 0 : number(-r) + 1) }  // 1/u^k
                return 1 + base + number(r)
            }
            return 1 + base + memo[e.children[1]]!
        case let .mul(c):
            var numerator = 0, denominator = 0, denominatorItems = 0
            if decimals && !c.isInteger && c.hasDecimalForm {
                numerator += 1
            } else {
                if !c.hasUnitNumerator { numerator += 1 }
                // `-x*y` carries a -1; `-2*x*y` a single negative number.
                if c.isNegative && c.hasUnitNumerator { numerator += 1 }
                if !c.isInteger { denominator += 1; denominatorItems += 1 }
            }
            for f in e.children {
                if case .pow = f.head, let r = f.children[1].rationalValue, r.isNegative {
                    let base = memo[f.children[0]]!
                    denominator += (-r).isOne ? base : (-r) == .half ? 1 + base : 1 + base + number(-r)
                    denominatorItems += 1
                } else {
                    numerator += memo[f]!
                }
            }
            var total = 1 + max(numerator, 1)
            if denominatorItems > 0 { total += 2 + denominator + (denominatorItems > 1 ? 1 : 0) }
            return total
        case let .add(c):
            // Printed `1 - x` puts a positive constant first when every other term is negative.
            let constantFirst = !c.isZero && !c.isNegative && e.children.allSatisfy {
                if case let .mul(k) = $0.head { return k.isNegative } else { return false }
            }
            var total = 1
            if !c.isZero { total += number(c) + (c.isNegative ? 2 : 0) }
            for (i, t) in e.children.enumerated() {
                total += memo[t]!
                // `a - 2*b` reads as a + (-1)*(2*b): two more nodes, except when printed first.
                let printedFirst = i == 0 && !constantFirst
                if !printedFirst, case let .mul(k) = t.head, k.isNegative, !k.isMinusOne { total += 2 }
            }
            return total
        }
    }
}
