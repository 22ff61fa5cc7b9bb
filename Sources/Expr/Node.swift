import Synchronization

/// The operator at the root of a node, with the small payload that belongs to it.
///
/// `add` carries the sum's constant term and `mul` the product's numeric coefficient, so that
/// `2*x + 1` is one `add(1)` node over one `mul(2)` node over `x`.
///
/// ## Canonical form
/// Every node is in canonical form: the constructors in Constructors.swift,
/// TwoOperandConstructors.swift and SumBuilder.swift establish it, and `Node.intern` asserts it
/// of every new node in debug builds (`CanonicalForm`). No child of any node is `undefined`.
/// - `add(c)`: at least two terms, or one with `c != 0`; no term is a number (numbers are folded
///   into `c`), a sum (sums are flattened) or a held `c*(sum)`; like terms are merged and the
///   terms sorted, each strictly before the next by `Expr.termCompare`. Valid: `x + 1`,
///   `x^2 + 2*x*y + y`. Invalid: `x + x` (is `2*x`), `(x + y) + z`, `x + 0`, `y + x^2`.
/// - `mul(c)`: `c != 0`; at least two factors, or one with `c != 1`; no factor is a number; the
///   bases are distinct and rise in the structural order (the factors are sorted by
///   `Expr.factorPrecedes`, which orders by base first). A number times one sum is distributed
///   (`2*(x + 1)` is `2*x + 2`), with one exception, the held scaled sum below. No factor is a
///   product, with one exception, the held products below. Valid: `3*x^2*sin(x)`, `x/2`.
///   Invalid: `x*x` (is `x^2`), `2*(3*x)`, `1*x`, `0*x`, `sin(x)*x`.
///   - Held scaled sum: `mul(c)` over one sum, `c` not 0 or 1, built only by `Expr.scaledSum`:
///     the simplifier's factored `(x + 1)/2`. It is never a term of a sum.
///   - Held products: a factor may be a product that is large (at least
///     `Expr.heldProductThreshold` factors) or itself holds a product, built only by
///     `Expr.product(_:keeping:)` and `product(_:chainingOnto:)` (see there); it counts as a base
///     of its own, distinct from every other factor's base, like any other factor.
/// - `pow`: the exponent is not 0 or 1; the base is not 1, not `e` (that is `exp`), not 0 under a
///   numeric exponent; a power of a power is merged where that holds for every real base
///   (`(x^2)^3` is `x^6`, `(x^(1/2))^y` is `x^(y/2)`, `(x^2)^(1/2)` is `abs(x)`); an integer power
///   of a product is distributed (`(2*x)^2` is `4*x^2`); `exp(u)^k` is `exp(k*u)`. Valid: `x^y`,
///   `2^(1/2)`, `(x + 1)^(-1)`. Invalid: `x^1`, `e^x`, `(x*y)^2`.
/// - `function`: as many arguments as the function's arity allows, after its exact values and
///   rewrites (`sin(0)` is 0, `exp(log(x))` is `x`).
public enum Head: Hashable, Sendable {
    /// An exact rational number; no children.
    case number(Rational)
    /// A named real variable; no children.
    case symbol(String)
    /// `pi` or `e`; no children.
    case constant(MathConstant)
    /// `constant + children[0] + children[1] + …`; at least one child.
    case add(Rational)
    /// `coefficient * children[0] * children[1] * …`; at least one child.
    case mul(Rational)
    /// `children[0] ^ children[1]`.
    case pow
    /// A function of the table applied to its children.
    case function(FunctionID)
    /// The result of an undefined operation such as `1/0`; absorbs everything it touches.
    case undefined
}

extension Head {
    var isNumber: Bool { if case .number = self { return true } else { return false } }
    var isUndefinedFunction: Bool { if case let .function(f) = self { return !f.isInTable } else { return false } }
}

/// The mathematical constants the language names.
public enum MathConstant: UInt8, Hashable, Sendable {
    case pi, e

    /// The name as typed and printed.
    public var name: String { self == .pi ? "pi" : "e" }
    /// The constant's value as a double.
    public var value: Double { self == .pi ? Double.pi : 2.718281828459045 }
}

/// One interned expression node. Never built directly: the canonical constructors on `Expr`
/// create nodes through `Node.intern`, which returns the existing node for an equal
/// (head, children) pair. Equal subexpressions are therefore one object.
public final class Node: @unchecked Sendable {
    /// The operator at the root, with its payload.
    public let head: Head
    /// The operands, in canonical order.
    public let children: [Expr]
    /// Creation number: children are always created before their parents, so sorting by it
    /// gives a topological order of any set of nodes.
    public let serial: Int
    /// Number of nodes of the expression written out as a tree (saturating): the printed size.
    public let treeSize: Int
    /// Longest path to a leaf, counting this node.
    public let height: Int
    /// Polynomial degree used to order the terms of sums for reading (`x^2 + 2*x + 1`).
    public let degree: Int
    /// Kind rank above height: the first two keys of the structural order in one comparison.
    let kindAndHeight: Int
    /// The head's payload as two plain integers, so the structural order compares payloads
    /// without copying heads (see `Head.localKey`).
    let localKey: (Int, Int)
    @usableFromInline let storedHash: Int

    fileprivate init(head: Head, children: [Expr], hash: Int, serial: Int) {
        self.head = head
        self.children = children
        self.storedHash = hash
        self.serial = serial
        var size = 1, height = 0
        for c in children {
            size = size &+ c.node.treeSize
            if size < 0 || size > Node.sizeCap { size = Node.sizeCap }
            height = max(height, c.node.height)
        }
        self.treeSize = size
        self.height = height + 1
        // Undefined functions order by name before height, so a product reads f'(g(x))*g'(x).
        self.kindAndHeight = head.kindRank << 56 | (head.isUndefinedFunction ? 0 : min(height + 1, 1 << 55))
        self.localKey = head.localKey
        self.degree = Node.degree(head: head, children: children)
    }

    static let sizeCap = Int.max / 4

    private static func degree(head: Head, children: [Expr]) -> Int {
        switch head {
        case .symbol: return 1
        case .pow:
            if case let .number(r) = children[1].head, let n = r.intValue, n > 0 {
                // A power of anything but a number counts as a power of a variable, so that
                // tanh(x)^4 comes before tanh(x)^2 as x^4 comes before x^2.
                let baseDegree = children[0].head.isNumber ? 0 : max(1, children[0].node.degree)
                let (d, o) = baseDegree.multipliedReportingOverflow(by: n)
                return o ? Int.max / 4 : min(d, Int.max / 4)
            }
            return 0
        case .mul: return min(children.reduce(0) { $0 &+ $1.node.degree }, Int.max / 4)
        case .add:
            var d = 0
            for c in children { d = max(d, c.node.degree) }
            return d
        default: return 0
        }
    }

    // MARK: - Interning

    /// One part of the pool, with its own lock: a node lives in the shard its hash picks, so
    /// threads building expressions at once rarely wait for each other.
    private final class Shard: Sendable {
        let table = Mutex(InternTable())
    }

    static let shardCount = 64
    private static let shards: [Shard] = (0..<shardCount).map { _ in Shard() }
    private static let nextSerial = Atomic<Int>(0)

    @inline(__always)
    static func shard(of hash: Int) -> Int { hash & (shardCount - 1) }

    /// The unique node for `head` over `children`. Callers are the canonical constructors, which
    /// have already put `head` and `children` in canonical form. A new node keeps `children`
    /// as its own (no copy).
    static func intern(_ head: Head, _ children: [Expr]) -> Node {
        children.withUnsafeBufferPointer { intern(head, $0) { children } }
    }

    /// The unique node for `head` over one child; the child array is built only for a new node.
    static func intern(_ head: Head, _ a: Expr) -> Node {
        withUnsafePointer(to: a) { intern(head, UnsafeBufferPointer(start: $0, count: 1)) { [a] } }
    }

    /// The unique node for `head` over two children; the child array is built only for a new
    /// node. About two thirds of the nodes the passes ask for exist already (`u^2` met again,
    /// `a + b` rebuilt unchanged), and building their child array only to look them up was a
    /// heap allocation and release each.
    static func intern(_ head: Head, _ a: Expr, _ b: Expr) -> Node {
        withUnsafePointer(to: (a, b)) { pair in
            // A homogeneous tuple is laid out as an array of its elements.
            pair.withMemoryRebound(to: Expr.self, capacity: 2) { intern(head, UnsafeBufferPointer(start: $0, count: 2)) { [a, b] } }
        }
    }

    private static func intern(_ head: Head, _ children: UnsafeBufferPointer<Expr>, stored: () -> [Expr]) -> Node {
        var h = head.internHash
        for c in children { h = InternTable.mix(h, UInt64(bitPattern: Int64(c.node.storedHash))) }
        var hash = Int(bitPattern: UInt(truncatingIfNeeded: h))
        if hash == InternTable.empty { hash += 1 }
        let (node, isNew) = shards[shard(of: hash)].table.withLock { table in
            if let existing = table.find(hash: hash, head: head, children: children) { return (existing, false) }
            // A relaxed counter is enough for "children before parents": a child was returned
            // (under a lock) before its parent is built, so its increment comes first.
            let serial = nextSerial.wrappingAdd(1, ordering: .relaxed).oldValue
            let node = Node(head: head, children: stored(), hash: hash, serial: serial)
            table.insert(node)
            return (node, true)
        }
        // Outside the lock: the check compares nodes, which may read constants such as `Expr.one`.
        assert(!isNew || CanonicalForm.check(node))
        return node
    }

    /// Releases the nodes that no expression refers to any more (the pool keeps every node
    /// alive otherwise) and returns how many were released. Safe while other threads work: it
    /// holds every shard's lock, and a node they hold is referenced, so it stays.
    @discardableResult
    public static func collectUnused() -> Int {
        withAllShardsLocked(from: 0, []) { removeUnused(from: $0) }
    }

    /// Runs `body` with every shard locked, in index order (interning takes one lock at a time,
    /// so this order cannot deadlock).
    private static func withAllShardsLocked(from i: Int, _ held: [UnsafeMutablePointer<InternTable>],
                                            _ body: ([UnsafeMutablePointer<InternTable>]) -> Int) -> Int {
        if i == shardCount { return body(held) }
        return shards[i].table.withLock { table in
            withUnsafeMutablePointer(to: &table) { withAllShardsLocked(from: i + 1, held + [$0], body) }
        }
    }

    /// A node that stands in for released ones while the table is rebuilt.
    static let placeholder = Node(head: .undefined, children: [], hash: 0, serial: -1)

    /// How many distinct nodes exist: a measure for tests and `--stats`.
    public static var internedCount: Int { shards.reduce(0) { n, s in n + s.table.withLock { $0.count } } }
}

/// An expression: a handle on an interned node. `==` and `hash` are O(1) (identity).
@frozen
public struct Expr: Hashable, Sendable {
    /// The interned node: equal expressions share it.
    public let node: Node

    init(_ node: Node) { self.node = node }

    /// Identity of the interned nodes, which is structural equality.
    public static func == (a: Expr, b: Expr) -> Bool { a.node === b.node }
    /// Hashes the node's stored hash (O(1)).
    public func hash(into hasher: inout Hasher) { hasher.combine(node.storedHash) }

    /// The operator at the root, with its payload.
    public var head: Head { node.head }
    /// The operands, in canonical order.
    public var children: [Expr] { node.children }
}
