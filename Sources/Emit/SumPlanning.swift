/// Sums in emitted code. The Tape adds the terms of a sum one after another, a chain in which
/// every addition waits for the previous one; a sum of 200 terms then costs 200 latencies of the
/// adder. Long sums are instead written in short groups added pairwise, a balanced tree: the
/// processor adds the groups in parallel, and pairwise summation also has the smaller rounding
/// error bound (O(log n) rather than O(n) ulps). Short sums keep the Tape's order exactly.
extension ProgramPlan {
    /// One term of a sum: its value and whether it is subtracted.
    struct Term {
        let negative: Bool
        let value: CodeExpr
    }

    /// From this many terms on, a sum is summed pairwise.
    static let pairwiseThreshold = 8

    /// `lhs ± term`, in the form people write (`a - 2*x` rather than `a + -2*x`, `b - a` rather
    /// than `-a + b`); each rewrite only moves exact negations.
    static func sum(_ lhs: CodeExpr, _ term: Term) -> CodeExpr {
        if term.negative {
            if let m = negated(term.value) { return .binary(.add, lhs, m) }
            return .binary(.subtract, lhs, term.value)
        }
        if let m = negated(term.value) { return .binary(.subtract, lhs, m) }
        if let m = negated(lhs) { return .binary(.subtract, term.value, m) }
        return .binary(.add, lhs, term.value)
    }

    /// The terms added left to right, as the Tape does; where the line gets too wide, the part so
    /// far becomes a temporary.
    mutating func chainedSum(_ terms: [Term], pool: inout IdentifierPool) -> CodeExpr {
        var total = first(terms[0])
        for term in terms.dropFirst() {
            var next = ProgramPlan.sum(total, term)
            if next.width > ProgramPlan.widthLimit && !total.isName {
                total = materialize(total, pool: &pool)
                next = ProgramPlan.sum(total, term)
            }
            total = next
        }
        return total
    }

    /// Groups of terms that fit on a line, each a temporary, then the groups added pairwise.
    ///
    /// The terms are taken in the order of the first argument each depends on (stable), so that
    /// a group adds terms computed from neighbouring arguments: in Rosenbrock's sum
    /// 100*(x2 - x1^2)^2 and (1 - x1)^2 go together, and each partial sum can be formed soon after
    /// its terms, as the gradient's entries nearby are, instead of keeping a hundred terms alive.
    mutating func balancedSum(_ terms: [Term], pool: inout IdentifierPool) -> CodeExpr {
        let keys = terms.map { firstArgument(of: $0.value) }
        let ordered = terms.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { terms[$0] }
        var groups: [CodeExpr] = []
        var current: CodeExpr?
        for term in ordered {
            guard let partial = current else { current = first(term); continue }
            let next = ProgramPlan.sum(partial, term)
            if next.width > ProgramPlan.widthLimit {
                groups.append(materialize(partial, pool: &pool))
                current = first(term)
            } else {
                current = next
            }
        }
        groups.append(current!)
        // Four groups per line, as a tree: `t1 + t2 + (t3 + t4)` is (t1 + t2) + (t3 + t4).
        while groups.count > 1 {
            var next: [CodeExpr] = []
            for i in stride(from: 0, to: groups.count, by: 4) {
                let quad = ProgramPlan.tree(Array(groups[i..<min(i + 4, groups.count)]))
                next.append(groups.count <= 4 ? quad : materialize(quad, pool: &pool))
            }
            groups = next
        }
        return groups[0]
    }

    /// The sum of a few names as a balanced tree.
    private static func tree(_ parts: [CodeExpr]) -> CodeExpr {
        if parts.count == 1 { return parts[0] }
        let half = (parts.count + 1) / 2
        return .binary(.add, tree(Array(parts[..<half])), tree(Array(parts[half...])))
    }

    private func first(_ term: Term) -> CodeExpr {
        guard term.negative else { return term.value }
        return ProgramPlan.negated(term.value) ?? .negate(term.value)
    }

    /// `value` as a new numbered temporary; its name.
    private mutating func materialize(_ value: CodeExpr, pool: inout IdentifierPool) -> CodeExpr {
        if value.isName { return value }
        let name = pool.numbered()
        append(Assignment(name: name, value: value))
        return .name(name)
    }
}
