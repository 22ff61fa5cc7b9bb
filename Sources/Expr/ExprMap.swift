/// A hash map keyed by expression identity for the memo tables of whole-graph passes
/// (differentiate, rewrite, cost, traversal). Open addressing over the node's stored hash:
/// no `Hasher` on each access, which the standard `Dictionary` spends most of its time in here.
///
/// The probe table holds only plain integers (node addresses and entry numbers); the keys and
/// values live densely in insertion order. So a probe touches no reference count, and dropping
/// a map releases its entries only, not every slot (a table of optionals is destroyed slot by
/// slot through generic witnesses, which cost more than the lookups).
@frozen
public struct ExprMap<Value> {
    /// Per slot: the key node's address, or 0 when empty.
    @usableFromInline var slotKeys: [UInt]
    /// Per slot: the index of its entry in `keys` and `values`.
    @usableFromInline var slotEntries: [Int]
    /// The entries, in insertion order. `keys` keeps each key node alive while it is in the map,
    /// so an address cannot be reused by another node meanwhile.
    @usableFromInline var keys: [Node] = []
    @usableFromInline var values: [Value] = []
    public var count: Int { keys.count }

    @inlinable
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slotKeys = Array(repeating: 0, count: size)
        slotEntries = Array(repeating: 0, count: size)
        // The entries grow to half the slots before the table does: reserve that at once.
        keys.reserveCapacity(size / 2)
        values.reserveCapacity(size / 2)
    }

    @inlinable @inline(__always)
    static func address(_ node: Node) -> UInt { UInt(bitPattern: ObjectIdentifier(node)) }

    /// The slot of `node`, or of the empty slot where it would go.
    @inlinable @inline(__always)
    func slot(of node: Node) -> (index: Int, found: Bool) {
        let key = ExprMap.address(node)
        let mask = slotKeys.count - 1
        var i = node.storedHash & mask
        while true {
            let k = slotKeys[i]
            if k == key { return (i, true) }
            if k == 0 { return (i, false) }
            i = (i + 1) & mask
        }
    }

    @inlinable
    public subscript(key: Expr) -> Value? {
        get {
            let (i, found) = slot(of: key.node)
            return found ? values[slotEntries[i]] : nil
        }
        set {
            guard let newValue else { return }  // removal is not needed by the passes
            var (i, found) = slot(of: key.node)
            if found {
                values[slotEntries[i]] = newValue
                return
            }
            if (keys.count + 1) * 2 > slotKeys.count {
                grow()
                i = slot(of: key.node).index
            }
            slotKeys[i] = ExprMap.address(key.node)
            slotEntries[i] = keys.count
            keys.append(key.node)
            values.append(newValue)
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
        let size = slotKeys.count * 2
        slotKeys = Array(repeating: 0, count: size)
        slotEntries = Array(repeating: 0, count: size)
        keys.reserveCapacity(size / 2)
        values.reserveCapacity(size / 2)
        let mask = size - 1
        for (entry, node) in keys.enumerated() {
            var i = node.storedHash & mask
            while slotKeys[i] != 0 { i = (i + 1) & mask }
            slotKeys[i] = ExprMap.address(node)
            slotEntries[i] = entry
        }
    }
}
