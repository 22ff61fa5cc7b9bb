/// The structural order: a total, deterministic order on expressions that depends only on their
/// structure (never on hash values or creation order), so that canonical forms and printed text are
/// the same in every run and on every machine.
extension Head {
    /// Rank of each kind of node (then height, then payload, then children): numbers first,
    /// then constants, symbols, calls, powers, products, sums.
    var kindRank: Int {
        switch self {
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
}

extension FunctionID {
    /// The place of the function's name in alphabetical order, for the structural order.
    var nameRank: Int { FunctionTable.nameRanks[index] }
}

extension FunctionTable {
    static let nameRanks: [Int] = {
        let byName = all.indices.sorted { all[$0].name < all[$1].name }
        var ranks = [Int](repeating: 0, count: all.count)
        for (rank, i) in byName.enumerated() { ranks[i] = rank }
        return ranks
    }()
}

extension Expr {
    /// Compares the nodes themselves, not their children: -1, 0 or 1.
    private static func compareLocal(_ a: Expr, _ b: Expr) -> Int {
        // Kind, then height (cached, so chains like sin(sin(…x)) compare in O(1), not O(depth)).
        let ka = a.node.kindAndHeight, kb = b.node.kindAndHeight
        if ka != kb { return ka < kb ? -1 : 1 }
        switch (a.node.head, b.node.head) {
        case let (.number(x), .number(y)): return x == y ? 0 : (x < y ? -1 : 1)
        case let (.symbol(x), .symbol(y)): return x == y ? 0 : (x < y ? -1 : 1)
        case let (.constant(x), .constant(y)): return x == y ? 0 : (x.rawValue < y.rawValue ? -1 : 1)
        case let (.function(f), .function(g)):
            if f != g { return f.nameRank < g.nameRank ? -1 : 1 }
        case let (.add(x), .add(y)), let (.mul(x), .mul(y)):
            if x != y { return x < y ? -1 : 1 }
        default: break
        }
        let ca = a.node.children.count, cb = b.node.children.count
        return ca == cb ? 0 : (ca < cb ? -1 : 1)
    }

    /// The structural order: -1, 0 or 1. Recursive for shallow nodes (the common, fast case),
    /// iterative beyond, so deep expressions compare safely.
    public static func structuralCompare(_ a: Expr, _ b: Expr) -> Int {
        if a == b { return 0 }
        let local = compareLocal(a, b)
        if local != 0 { return local }
        // Same kind, height, payload and arity from here on.
        if a.node.height > 400 { return iterativeCompare(a, b) }
        let ca = a.node.children, cb = b.node.children
        for i in ca.indices {
            let c = structuralCompare(ca[i], cb[i])
            if c != 0 { return c }
        }
        return 0
    }

    private static func iterativeCompare(_ a: Expr, _ b: Expr) -> Int {
        var stack: [(Expr, Expr)] = [(a, b)]
        while let (x, y) = stack.popLast() {
            if x == y { continue }
            let local = compareLocal(x, y)
            if local != 0 { return local }
            for (cx, cy) in zip(x.children, y.children).reversed() { stack.append((cx, cy)) }
        }
        return 0
    }

    /// Order of the terms of a sum: higher degree first, then by the structural order of the
    /// terms without their coefficients (`x^2 + 2*x*y + y`).
    static func termPrecedes(_ a: Expr, _ b: Expr) -> Bool {
        let c = termCompare(a, b)
        return c != 0 ? c < 0 : structuralCompare(a, b) < 0
    }

    /// The term order apart from coefficients: -1, 0 or 1, where 0 means like terms (the
    /// same factors, as `2*x*y` and `x*y`).
    static func termCompare(_ a: Expr, _ b: Expr) -> Int {
        let da = a.node.degree, db = b.node.degree
        if da != db { return da > db ? -1 : 1 }
        // Compare the factors apart from the coefficients, without building arrays.
        let ma: Bool = { if case .mul = a.head { return true } else { return false } }()
        let mb: Bool = { if case .mul = b.head { return true } else { return false } }()
        let na = ma ? a.node.children.count : 1, nb = mb ? b.node.children.count : 1
        for i in 0..<min(na, nb) {
            let x = ma ? a.node.children[i] : a, y = mb ? b.node.children[i] : b
            if x == y { continue }
            // Factor by factor: the earlier base first, and for the same base the higher power
            // (x^3 + x^2*y + x*y^2 + y^3).
            let px = x.isPower, py = y.isPower
            let c = structuralCompare(px ? x.node.children[0] : x, py ? y.node.children[0] : y)
            if c != 0 { return c }
            let d = exponentCompare(px ? x.node.children[1] : .one, py ? y.node.children[1] : .one)
            if d != 0 { return d }
        }
        if na != nb { return na < nb ? -1 : 1 }
        return 0
    }

    /// Exponents of one base in the term order: numbers by falling value (the higher power
    /// first), otherwise structurally.
    private static func exponentCompare(_ ex: Expr, _ ey: Expr) -> Int {
        if ex == ey { return 0 }
        if case let .number(px) = ex.node.head, case let .number(py) = ey.node.head, px != py { return px > py ? -1 : 1 }
        return structuralCompare(ex, ey)
    }

    /// Order of the factors of a product: by base, then by exponent (`x^2*y*sin(x)`).
    static func factorPrecedes(_ a: Expr, _ b: Expr) -> Bool {
        let (ba, ea) = a.asPower, (bb, eb) = b.asPower
        let c = structuralCompare(ba, bb)
        if c != 0 { return c < 0 }
        return structuralCompare(ea, eb) < 0
    }
}

extension Array where Element == Expr {
    /// Where `factor` goes in these factors, sorted by `factorPrecedes`: binary search.
    func insertionIndex(of factor: Expr) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if Expr.factorPrecedes(self[mid], factor) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// A copy with `element` inserted at `index`, allocated once at its final size.
    func inserting(_ element: Expr, at index: Int) -> [Expr] {
        var result: [Expr] = []
        result.reserveCapacity(count + 1)
        result.append(contentsOf: self[..<index])
        result.append(element)
        result.append(contentsOf: self[index...])
        return result
    }

    /// Sorts by `precedes` (a strict total order) by merging the already sorted runs: the terms
    /// or factors that a constructor collects mostly come as a few sorted runs (the children
    /// of its canonical arguments), so this costs about n comparisons per run boundary level
    /// instead of the library sort's insertion passes over every short run.
    mutating func sortMergingRuns(by precedes: (Expr, Expr) -> Bool) {
        let n = count
        if n < 2 { return }
        if n == 2 {
            if precedes(self[1], self[0]) { swapAt(0, 1) }
            return
        }
        // Already sorted (the common case): no bookkeeping array at all.
        var firstDescent = 1
        while firstDescent < n && !precedes(self[firstDescent], self[firstDescent - 1]) { firstDescent += 1 }
        if firstDescent == n { return }
        var bounds: [Int] = [0]
        for i in firstDescent..<n where precedes(self[i], self[i - 1]) { bounds.append(i) }
        if bounds.count * 4 > n {
            sort(by: precedes)  // many short runs: nothing to gain
            return
        }
        bounds.append(n)
        var source = self
        var target = self
        while bounds.count > 2 {
            var merged: [Int] = [0]
            var k = 0
            while k + 1 < bounds.count {
                let lo = bounds[k], mid = bounds[k + 1]
                let hi = k + 2 < bounds.count ? bounds[k + 2] : mid
                var i = lo, j = mid, out = lo
                while i < mid && j < hi {
                    // Stable: the left run's element goes first unless the right one precedes it.
                    if precedes(source[j], source[i]) { target[out] = source[j]; j += 1 } else { target[out] = source[i]; i += 1 }
                    out += 1
                }
                while i < mid { target[out] = source[i]; i += 1; out += 1 }
                while j < hi { target[out] = source[j]; j += 1; out += 1 }
                merged.append(hi)
                k += 2
            }
            bounds = merged
            swap(&source, &target)
        }
        self = source
    }
}
