/// A hash map keyed by expression identity for the memo tables of whole-graph passes
/// (differentiate, rewrite, cost, traversal). Open addressing over the node's stored hash:
/// no `Hasher` on each access, which the standard `Dictionary` spends most of its time in here.
///
/// The probe table holds only plain integers (node addresses and entry numbers); the keys and
/// values live densely in insertion order, in a second array. So a probe touches no reference
/// count, and dropping a map releases its entries only, not every slot (a table of optionals is
/// destroyed slot by slot through generic witnesses, which cost more than the lookups).
@frozen
public struct ExprMap<Value> {
    /// Per slot: the key node's address (0 when empty) and the index of its entry. Side by side,
    /// so a probe reads one cache line and the table is one allocation.
    @usableFromInline var slots: [(key: UInt, entry: Int)]
    /// The entries, in insertion order. The key keeps its node alive while it is in the map, so
    /// an address cannot be reused by another node meanwhile.
    @usableFromInline var entries: [(key: Node, value: Value)] = []
    /// The number of entries.
    public var count: Int { entries.count }

    /// An empty map with room for `capacity` entries before it grows.
    @inlinable
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: (0, 0), count: size)
        // The entries grow to half the slots before the table does: reserve that at once.
        entries.reserveCapacity(size / 2)
    }

    @inlinable @inline(__always)
    static func address(_ node: Node) -> UInt { UInt(bitPattern: ObjectIdentifier(node)) }

    /// The slot of `node`, or of the empty slot where it would go.
    @inlinable @inline(__always)
    func slot(of node: Node) -> (index: Int, found: Bool) {
        let key = ExprMap.address(node)
        let mask = slots.count - 1
        var i = node.storedHash & mask
        while true {
            let k = slots[i].key
            if k == key { return (i, true) }
            if k == 0 { return (i, false) }
            i = (i + 1) & mask
        }
    }

    /// The value stored for `key`, or nil; assigning nil is not supported (entries are never removed).
    @inlinable
    public subscript(key: Expr) -> Value? {
        get {
            let (i, found) = slot(of: key.node)
            return found ? entries[slots[i].entry].value : nil
        }
        set {
            guard let newValue else { return }  // removal is not needed by the passes
            var (i, found) = slot(of: key.node)
            if found {
                entries[slots[i].entry].value = newValue
                return
            }
            if (entries.count + 1) * 2 > slots.count {
                grow()
                i = slot(of: key.node).index
            }
            slots[i] = (ExprMap.address(key.node), entries.count)
            entries.append((key.node, newValue))
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
        let size = slots.count * 2
        slots = Array(repeating: (0, 0), count: size)
        entries.reserveCapacity(size / 2)
        let mask = size - 1
        for (entry, e) in entries.enumerated() {
            var i = e.key.storedHash & mask
            while slots[i].key != 0 { i = (i + 1) & mask }
            slots[i] = (ExprMap.address(e.key), entry)
        }
    }
}
