import Expr

/// The elementwise nodes a loop program has already computed, so that a later elementwise node
/// of the same shape reads their arrays instead of computing their values again. The canonical
/// form merges elementwise operands into one template, so the sum of `exp(x - m)` and the
/// gradient of log-sum-exp, `exp(x - m)/s`, are two templates that both hold the exponential;
/// without this the loop program calls `exp` twice per entry.
struct ComputedElementwise {
    /// Per shape, each computed node's expression (its operands as symbols named by their
    /// reads, `@x[e]`) and the symbol of its own read.
    private var known: [[Size]: [Expr: Expr]] = [:]

    /// A node's template over the reads of its operands (`reads[k]` for `#k`, `x[e]` or
    /// `s[0]`), each subexpression that an earlier node of `shape` computed read from that
    /// node's array instead; nil when there is none.
    func reusing(_ template: Expr, reads: [String], shape: [Size]) -> (template: Expr, reads: [String])? {
        guard let computed = known[shape], !computed.isEmpty else { return nil }
        let expanded = Self.expanded(template, reads: reads)
        let reused = expanded.replacingSubexpressions(computed)
        return reused == expanded ? nil : Self.placeholders(reused)
    }

    /// Records that the array read as `read` (`t[e]`) holds `template` over `reads` at every
    /// entry of `shape` (the template as written, after `reusing`, so that a later node's
    /// subexpressions, replaced innermost first, match it).
    mutating func record(_ template: Expr, reads: [String], shape: [Size], as read: String) {
        guard !template.children.isEmpty else { return }
        known[shape, default: [:]][Self.expanded(template, reads: reads)] = Self.symbol(read)
    }

    private static func symbol(_ read: String) -> Expr { .symbol("@" + read) }

    /// The template with each placeholder `#k` replaced by the symbol of `reads[k]`.
    private static func expanded(_ template: Expr, reads: [String]) -> Expr {
        var map: [Expr: Expr] = [:]
        for (k, read) in reads.enumerated() { map[Tensor.placeholder(k)] = symbol(read) }
        return template.replacingLeaves(map)
    }

    /// An expression over read symbols as a template over placeholders, and their reads.
    private static func placeholders(_ e: Expr) -> (template: Expr, reads: [String]) {
        var map: [Expr: Expr] = [:]
        var reads: [String] = []
        for leaf in e.postorder where leaf.children.isEmpty && map[leaf] == nil {
            guard case let .symbol(name) = leaf.head, name.first == "@" else { continue }
            map[leaf] = Tensor.placeholder(reads.count)
            reads.append(String(name.dropFirst()))
        }
        return (e.replacingLeaves(map), reads)
    }
}

private extension Expr {
    /// `self` with every subexpression that is a key of `map` replaced, innermost first (so a
    /// key written over the replacements of smaller keys still matches).
    func replacingSubexpressions(_ map: [Expr: Expr]) -> Expr {
        var memo: [Expr: Expr] = [:]
        for e in postorder where memo[e] == nil {
            let children = e.children.map { memo[$0]! }
            let rebuilt = children == e.children ? e : e.rebuilt(with: children)
            memo[e] = map[rebuilt] ?? rebuilt
        }
        return memo[self]!
    }
}
