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

extension Head {
    /// The payload for the structural order as (a, b): a small rational n/d as (n, d) with
    /// d > 0; a function or constant as (rank, 0); no payload as (0, 0). `localKeyNeedsHead`
    /// (a symbol's name, a big rational) means the heads themselves must be compared.
    var localKey: (Int, Int) {
        switch self {
        case let .number(r), let .add(r), let .mul(r):
            if case let .small(n, d) = r.storage { return (n, d) }
            return (0, Head.localKeyNeedsHead)
        case .symbol: return (0, Head.localKeyNeedsHead)
        case let .constant(c): return (Int(c.rawValue), 0)
        case let .function(f): return f.isInTable ? (f.nameRank, 0) : (0, Head.localKeyNeedsHead)
        case .pow, .undefined: return (0, 0)
        }
    }

    static let localKeyNeedsHead = -1
}

extension FunctionID {
    /// The place of the function's name in alphabetical order, for the structural order.
    var nameRank: Int { FunctionTable.nameRanks[index] }
}

extension FunctionID {
    /// The structural order of two different functions: the table's by name, then undefined ones
    /// by their description (never by creation order, which differs between runs).
    static func compare(_ f: FunctionID, _ g: FunctionID) -> Int {
        switch (f.undefined, g.undefined) {
        case (nil, nil): return f.nameRank < g.nameRank ? -1 : 1
        case (nil, _): return -1
        case (_, nil): return 1
        case let (u?, v?):
            if u.name != v.name { return u.name < v.name ? -1 : 1 }
            if u.orders.count != v.orders.count { return u.orders.count < v.orders.count ? -1 : 1 }
            if u.orders != v.orders { return u.orders.lexicographicallyPrecedes(v.orders) ? -1 : 1 }
            // Same name and derivative: the declared variables, then the rule, by their text.
            let x = "\(u.declaredArguments ?? [])\(u.rule.map { InfixPrinter().print(.sum($0.partials)) } ?? "")"
            let y = "\(v.declaredArguments ?? [])\(v.rule.map { InfixPrinter().print(.sum($0.partials)) } ?? "")"
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }
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
    private static func compareLocal(_ a: Node, _ b: Node) -> Int {
        // Kind, then height (cached, so chains like sin(sin(…x)) compare in O(1), not O(depth)).
        let ka = a.kindAndHeight, kb = b.kindAndHeight
        if ka != kb { return ka < kb ? -1 : 1 }
        let (na, da) = a.localKey, (nb, db) = b.localKey
        if da >= 0 && db >= 0 {
            // Small payloads (the common case): compared as integers, no head copied.
            if na != nb || da != db {
                if da == 0 { return na < nb ? -1 : 1 }
                let x = na.multipliedFullWidth(by: db), y = nb.multipliedFullWidth(by: da)
                return (x.high, x.low) < (y.high, y.low) ? -1 : 1
            }
            let ca = a.children.count, cb = b.children.count
            return ca == cb ? 0 : (ca < cb ? -1 : 1)
        }
        switch (a.head, b.head) {
        case let (.number(x), .number(y)): return x == y ? 0 : (x < y ? -1 : 1)
        case let (.symbol(x), .symbol(y)): return x == y ? 0 : (x < y ? -1 : 1)
        case let (.constant(x), .constant(y)): return x == y ? 0 : (x.rawValue < y.rawValue ? -1 : 1)
        case let (.function(f), .function(g)):
            if f != g { return FunctionID.compare(f, g) }
        case let (.add(x), .add(y)), let (.mul(x), .mul(y)):
            if x != y { return x < y ? -1 : 1 }
        default: break
        }
        let ca = a.children.count, cb = b.children.count
        return ca == cb ? 0 : (ca < cb ? -1 : 1)
    }

    /// The structural order: -1, 0 or 1. Recursive for shallow nodes (the common, fast case),
    /// iterative beyond, so deep expressions compare safely.
    public static func structuralCompare(_ a: Expr, _ b: Expr) -> Int {
        compareNodes(.passUnretained(a.node), .passUnretained(b.node))
    }

    /// The structural order on nodes, read without reference counting: sorting runs this
    /// millions of times, and a retain and release per child visited cost more than the
    /// comparison. The caller's references keep both nodes, and so their children, alive.
    private static func compareNodes(_ ua: Unmanaged<Node>, _ ub: Unmanaged<Node>) -> Int {
        if ua.toOpaque() == ub.toOpaque() { return 0 }
        return ua._withUnsafeGuaranteedRef { a in
            ub._withUnsafeGuaranteedRef { b in
                let local = compareLocal(a, b)
                if local != 0 { return local }
                // Same kind, height, payload and arity from here on.
                if a.height > 400 { return iterativeCompare(Expr(a), Expr(b)) }
                for i in 0..<a.children.count {
                    let c = compareNodes(a.unretainedChild(i), b.unretainedChild(i))
                    if c != 0 { return c }
                }
                return 0
            }
        }
    }

    private static func iterativeCompare(_ a: Expr, _ b: Expr) -> Int {
        var stack: [(Expr, Expr)] = [(a, b)]
        while let (x, y) = stack.popLast() {
            if x == y { continue }
            let local = compareLocal(x.node, y.node)
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
        let x = a.node, y = b.node
        let da = x.degree, db = y.degree
        if da != db { return da > db ? -1 : 1 }
        // Compare the factors apart from the coefficients, without building arrays or
        // retaining the factors (see `compareNodes`).
        let ma = x.isProductNode, mb = y.isProductNode
        let na = ma ? x.children.count : 1, nb = mb ? y.children.count : 1
        for i in 0..<min(na, nb) {
            let fx = ma ? x.unretainedChild(i) : .passUnretained(x)
            let fy = mb ? y.unretainedChild(i) : .passUnretained(y)
            if fx.toOpaque() == fy.toOpaque() { continue }
            let c = termFactorCompare(fx, fy)
            if c != 0 { return c }
        }
        if na != nb { return na < nb ? -1 : 1 }
        return 0
    }

    /// Factor by factor in the term order: the earlier base first, and for the same base the
    /// higher power (x^3 + x^2*y + x*y^2 + y^3).
    private static func termFactorCompare(_ ux: Unmanaged<Node>, _ uy: Unmanaged<Node>) -> Int {
        ux._withUnsafeGuaranteedRef { fx in
            uy._withUnsafeGuaranteedRef { fy in
                let px = fx.isPowerNode, py = fy.isPowerNode
                let c = compareNodes(px ? fx.unretainedChild(0) : ux, py ? fy.unretainedChild(0) : uy)
                if c != 0 || (!px && !py) { return c }
                return exponentCompare(px ? fx.children[1] : .one, py ? fy.children[1] : .one)
            }
        }
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
        let x = a.node, y = b.node
        let px = x.isPowerNode, py = y.isPowerNode
        let c = compareNodes(px ? x.unretainedChild(0) : .passUnretained(x), py ? y.unretainedChild(0) : .passUnretained(y))
        if c != 0 { return c < 0 }
        if !px && !py { return false }
        return structuralCompare(px ? x.children[1] : .one, py ? y.children[1] : .one) < 0
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
}

extension Node {
    var isProductNode: Bool { kindAndHeight >> 56 == Head.mul(.one).kindRank }
    var isPowerNode: Bool { kindAndHeight >> 56 == Head.pow.kindRank }

    /// Child `i` without a retain; valid while this node is alive (it holds its children).
    @inline(__always)
    func unretainedChild(_ i: Int) -> Unmanaged<Node> {
        children.withUnsafeBufferPointer {
            UnsafeRawPointer($0.baseAddress!).load(fromByteOffset: i * MemoryLayout<Expr>.stride, as: Unmanaged<Node>.self)
        }
    }
}
