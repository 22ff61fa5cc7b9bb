import Expr

extension Expr {
    /// The simplified form: see `Simplifier`.
    public func simplified() -> Expr { Simplifier().simplify(self) }
}

/// Simplification beyond what the canonical constructors always do: named rules applied bottom-up,
/// each rewrite kept only when it lowers the printed cost (`Cost`). Bounded: expressions larger than
/// `maximumNodes` distinct nodes keep their canonical form, and each node is rewritten at most
/// `maximumRounds` times, so simplification never explodes on large inputs.
public struct Simplifier {
    public var maximumNodes = 20_000
    public var maximumRounds = 4
    /// Up to this many distinct nodes every rule is tried at every node; larger expressions get
    /// the cheap local rules only, so that thousands of derivatives per second stay possible.
    public var fullEffortNodes = 40
    /// The rules, in the order they are tried at each node.
    public var rules: [SimplificationRule] = SimplificationRule.standard

    /// Costs numbers as they print with `InfixPrinter(decimals:)`.
    public var decimals: Bool

    public init(decimals: Bool = false) {
        self.decimals = decimals
    }

    public func simplify(_ e: Expr) -> Expr {
        let order = e.postorder
        let nodes = order.count
        if nodes > maximumNodes { return e }
        var cost = Cost(decimals: decimals)
        var simplifier = self
        if nodes > fullEffortNodes { simplifier.rules = SimplificationRule.light }
        return Expr.rewrittenBottomUp([e], order: order) { node in
            switch node.head {
            case .add, .mul, .pow: return simplifier.improve(node, &cost)
            default: return node
            }
        }[0]
    }

    /// The cheapest form of `node` that the rules reach.
    func improve(_ node: Expr, _ cost: inout Cost) -> Expr {
        var best = node
        var bestCost = cost.of(node)
        var round = 0
        var changed = true
        while changed && round < maximumRounds {
            changed = false
            round += 1
            for rule in rules {
                guard let candidate = rule.apply(best), candidate != best else { continue }
                // A rule may build new sums inside its result (a factored sum); give them one pass.
                let refined = !candidate.children.contains(where: { if case .add = $0.head { return true } else { return false } }) ? candidate
                    : candidate.rebuilt(with: candidate.children.map { c in
                        guard case .add = c.head else { return c }
                        return rules.reduce(c) { acc, r in
                            guard let x = r.apply(acc), cost.of(x) < cost.of(acc) else { return acc }
                            return x
                        }
                    })
                for option in [refined, candidate] {
                    let c = cost.of(option)
                    if c < bestCost {
                        best = option
                        bestCost = c
                        changed = true
                        break
                    }
                }
            }
        }
        return best
    }
}
