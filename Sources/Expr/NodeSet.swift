/// A set of nodes by address, for traversals of graphs that their caller keeps alive: unlike
/// `ExprMap` it holds no reference to its members, so marking a node costs no retain and
/// dropping the set releases nothing. Only for nodes that outlive the set (an address could
/// otherwise be reused by a new node).
struct NodeSet {
    private var slots: [UInt]
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
    }

    /// Adds `node`; false when it was there already.
    @inline(__always)
    mutating func insert(_ node: Unmanaged<Node>, hash: Int) -> Bool {
        let key = UInt(bitPattern: node.toOpaque())
        let found: Bool = slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var i = hash & mask
            while slots[i] != 0 {
                if slots[i] == key { return true }
                i = (i + 1) & mask
            }
            slots[i] = key
            return false
        }
        if found { return false }
        count += 1
        if count * 2 > slots.count { grow() }
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for key in old where key != 0 {
            let hash = Unmanaged<Node>.fromOpaque(UnsafeRawPointer(bitPattern: key)!)._withUnsafeGuaranteedRef { $0.storedHash }
            var i = hash & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = key
        }
    }
}
