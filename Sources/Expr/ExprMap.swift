/// A hash map keyed by expression identity for the memo tables of whole-graph passes
/// (differentiate, rewrite, cost, traversal). Open addressing over the node's stored hash:
/// no `Hasher` on each access, which the standard `Dictionary` spends most of its time in here.
@frozen
public struct ExprMap<Value> {
    @usableFromInline var keys: [Node?]
    @usableFromInline var values: [Value?]
    @usableFromInline var storedCount = 0
    public var count: Int { storedCount }

    @inlinable
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: nil, count: size)
        values = Array(repeating: nil, count: size)
    }

    @inlinable @inline(__always)
    func slot(of node: Node) -> (index: Int, found: Bool) {
        let mask = keys.count - 1
        var i = node.storedHash & mask
        while let k = keys[i] {
            if k === node { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    @inlinable
    public subscript(key: Expr) -> Value? {
        get {
            let (i, found) = slot(of: key.node)
            return found ? values[i] : nil
        }
        set {
            guard let newValue else { return }  // removal is not needed by the passes
            var (i, found) = slot(of: key.node)
            if !found {
                if (storedCount + 1) * 2 > keys.count {
                    grow()
                    i = slot(of: key.node).index
                }
                keys[i] = key.node
                storedCount += 1
            }
            values[i] = newValue
        }
    }

    /// Inserts `key` when absent; true when it was inserted (a set's `insert`).
    @inlinable
    public mutating func insert(_ key: Expr, _ value: Value) -> Bool {
        if slot(of: key.node).found { return false }
        self[key] = value
        return true
    }

    @inlinable
    mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: nil, count: oldKeys.count * 2)
        values = Array(repeating: nil, count: oldKeys.count * 2)
        let mask = keys.count - 1
        for (k, v) in zip(oldKeys, oldValues) {
            guard let k else { continue }
            var i = k.storedHash & mask
            while keys[i] != nil { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }
}
