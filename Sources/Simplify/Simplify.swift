import Expr

extension Expr {
    /// The simplified form: see `Simplifier`.
    public func simplified() -> Expr { Simplifier().simplify(self) }
}

/// Simplification beyond what the canonical constructors always do: named rules applied bottom-up,
/// each rewrite kept only when it lowers the printed cost (`Cost`). Bounded: expressions larger than
/// `maximumNodes` distinct nodes keep their canonical form, and each node is rewritten at most
/// `maximumRounds` times, so simplification never explodes on large inputs.
public struct Simplifier: Sendable {
    typealias NodeKinds = SimplificationRule.NodeKinds

    /// Results larger than this many nodes are left as they are.
    public var maximumNodes = 20_000
    /// The most passes of the rule set over one expression.
    public var maximumRounds = 4
    /// Up to this many distinct nodes every rule is tried at every node; larger expressions get
    /// the cheap local rules only, so that thousands of derivatives per second stay possible.
    public var fullEffortNodes = 40
    /// The rules, in the order they are tried at each node.
    public var rules: [SimplificationRule] = SimplificationRule.standard

    /// Costs numbers as they print with `InfixPrinter(decimals:)`.
    public var decimals: Bool

    /// A simplifier; with `decimals`, decimal numbers in the input stay decimals.
    public init(decimals: Bool = false) {
        self.decimals = decimals
    }

    /// The shortest form the rules reach; never longer than `e`.
    public func simplify(_ e: Expr) -> Expr {
        e.children.isEmpty ? e : simplify([e])[0]
    }

    /// Each expression simplified as `simplify(_:)` would, with the work shared: a node that
    /// several of them contain (the entries of a Hessian share most of theirs) is rewritten once
    /// per rule set. Each expression gets the rule set its own size calls for, so the results are
    /// those of simplifying them one by one.
    public func simplify(_ list: [Expr]) -> [Expr] {
        var out = list
        var fullIndices: [Int] = [], light: [Int] = []
        for (i, e) in list.enumerated() where !e.children.isEmpty {
            if Cancellation.isRequested { return list }
            if Simplifier.distinctNodes(e, moreThan: maximumNodes) { continue }
            if Simplifier.distinctNodes(e, moreThan: fullEffortNodes) { light.append(i) } else { fullIndices.append(i) }
        }
        // Clearing denominators would turn the decimals a user typed (`x + 0.1`) into integer
        // fractions (`10*x + 1`): with decimals, fractions keep the denominators they have.
        let full = decimals ? rules.filter { !SimplificationRule.rationalNormalization.contains($0.name) } : rules
        for (indices, rules, small) in [(fullIndices, full, true), (light, SimplificationRule.light, false)] where !indices.isEmpty {
            var simplifier = self
            simplifier.rules = rules
            var memo = Memo(cost: Cost(decimals: decimals), rules: rules)
            func simplifyAll(_ roots: [Expr]) -> [Expr] {
                Expr.rewrittenBottomUp(roots) { node in node.children.isEmpty ? node : simplifier.improve(node, &memo) }
            }
            let roots = indices.map { list[$0] }
            // Small expressions alike but for their names are simplified once. Not under
            // assumptions, which name variables.
            let byPattern = small && indices.count > 1 && Assumptions.current.isEmpty
            let results = byPattern ? simplifiedByPattern(roots, simplifyAll) : simplifyAll(roots)
            for (k, i) in indices.enumerated() { out[i] = results[k] }
        }
        return out
    }

    /// `simplify` applied to each distinct pattern of `list` once (see `NamePattern`), and each
    /// result renamed back.
    private func simplifiedByPattern(_ list: [Expr], _ simplify: ([Expr]) -> [Expr]) -> [Expr] {
        let patterns = list.map(NamePattern.init)
        var slot = ExprMap<Int>()
        var templates: [Expr] = []
        for p in patterns where slot[p.template] == nil {
            slot[p.template] = templates.count
            templates.append(p.template)
        }
        let simplified = simplify(templates)
        if Cancellation.isRequested { return list }
        // Each pattern's result is walked once, however many entries share it.
        var plans: [RenamingPlan?] = Array(repeating: nil, count: templates.count)
        return patterns.map { p in
            let k = slot[p.template]!
            if plans[k] == nil { plans[k] = RenamingPlan(simplified[k], from: NamePattern.placeholders(p.symbols.count)) }
            return p.instantiate(plans[k]!)
        }
    }

    /// Whether `e` has more than `limit` distinct nodes, meeting at most `limit + 1` of them (the
    /// written-out size settles it without a walk when it is small). A small limit is checked
    /// against a list of the nodes met: the entries of a matrix are many, and a hash table per
    /// entry cost more than simplifying it.
    static func distinctNodes(_ e: Expr, moreThan limit: Int) -> Bool {
        if e.node.treeSize <= limit { return false }
        guard limit <= 64 else {
            var entered = 1  // the root
            _ = Expr.postorder([e]) { _ in
                entered += 1
                return entered <= limit
            }
            return entered > limit
        }
        var met = [ObjectIdentifier(e.node)]
        var stack = [e]
        while let n = stack.popLast() {
            for c in n.children where !met.contains(ObjectIdentifier(c.node)) {
                met.append(ObjectIdentifier(c.node))
                if met.count > limit { return true }
                stack.append(c)
            }
        }
        return false
    }

    /// What one `simplify` call remembers across nodes: costs, and the one-pass refinement of
    /// each sum (candidates from different rules often contain the same sums).
    struct Memo {
        var cost: Cost
        var refinedSums = ExprMap<Expr>()
        /// For each kind of node (sums, products, powers, calls), the indices of the rules that
        /// apply to it, in order.
        let rulesByKind: [[Int]]
        /// Each rule's kinds, rewrite and acceptance, read without copying the rule (its strings
        /// cost a retain and a release per node and rule).
        let kinds: [NodeKinds]
        let applies: [@Sendable (Expr) -> Expr?]
        let acceptances: [SimplificationRule.Acceptance]

        init(cost: Cost, rules: [SimplificationRule]) {
            self.cost = cost
            kinds = rules.map(\.kinds)
            applies = rules.map(\.apply)
            acceptances = rules.map(\.acceptance)
            rulesByKind = [SimplificationRule.NodeKinds.sums, .products, .powers, .calls].map { kind in
                rules.indices.filter { rules[$0].kinds.contains(kind) }
            }
        }

        /// The rules for `e`'s kind of node.
        func rules(for e: Expr) -> [Int] {
            switch e.head {
            case .add: return rulesByKind[0]
            case .mul: return rulesByKind[1]
            case .pow: return rulesByKind[2]
            case .function: return rulesByKind[3]
            default: return []
            }
        }
    }

    /// The cheapest form of `node` that the rules reach.
    func improve(_ node: Expr, _ memo: inout Memo) -> Expr {
        if memo.rules(for: node).isEmpty { return node }
        var best = node
        var bestCost = memo.cost.of(node)
        var round = 0
        var changed = true
        // Rules are pure: the rules after the last change of a round saw the final form, so the
        // next round tries them again only once the form changes anew. A rule may change the
        // kind of node (a sum factored into a product): the rest of that round offers the new
        // form to the rules of the old kind's list that take it, and the next round offers it
        // to every rule of its kind that has not seen it.
        var lastChange = rules.count
        var lastChangeKind = NodeKinds()
        while changed && round < maximumRounds {
            changed = false
            round += 1
            let seenUpTo = lastChange, seenKind = lastChangeKind
            let roundKind = NodeKinds(of: best)
            for k in memo.rules(for: best) {
                let kinds = memo.kinds[k]
                if !changed && k > seenUpTo && kinds.contains(seenKind) { continue }
                guard kinds.contains(NodeKinds(of: best)), let candidate = memo.applies[k](best), candidate != best else { continue }
                let acceptance = memo.acceptances[k]
                let refined = refinedForm(of: candidate, &memo)
                for option in [refined, candidate] {
                    let c = memo.cost.of(option)
                    if acceptance.keeps(c, over: bestCost) {
                        lastChange = k
                        lastChangeKind = roundKind
                        best = option
                        bestCost = acceptance == .readable ? Swift.min(bestCost, c) : c
                        changed = true
                        break
                    }
                }
            }
        }
        return best
    }

    /// A rule may build new sums inside its result (a factored sum): `candidate` with each given
    /// one pass. Rebuilt only when a sum changed, or for a held `c*(sum)`, which rebuilding
    /// distributes (another form to weigh): over its own children a canonical node rebuilds to
    /// itself, and the rebuild was most of the work of a candidate that nothing refines.
    private func refinedForm(of candidate: Expr, _ memo: inout Memo) -> Expr {
        func isSum(_ e: Expr) -> Bool { if case .add = e.head { return true } else { return false } }
        let kids = candidate.children
        guard kids.contains(where: isSum) else { return candidate }
        let refinedKids = kids.map { isSum($0) ? refinedSum($0, &memo) : $0 }
        let heldScaledSum: Bool
        if case .mul = candidate.head, kids.count == 1 { heldScaledSum = true } else { heldScaledSum = false }
        if refinedKids == kids && !heldScaledSum { return candidate }
        return candidate.rebuilt(with: refinedKids)
    }

    /// `sum` after one pass of every rule, each kept when it lowers the cost.
    private func refinedSum(_ sum: Expr, _ memo: inout Memo) -> Expr {
        if let known = memo.refinedSums[sum] { return known }
        var result = sum
        for k in memo.rules(for: sum) {
            guard memo.kinds[k].contains(NodeKinds(of: result)), let x = memo.applies[k](result), memo.cost.of(x) < memo.cost.of(result) else { continue }
            result = x
        }
        memo.refinedSums[sum] = result
        return result
    }
}
