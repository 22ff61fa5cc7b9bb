/// Node address to an integer, for traversals of graphs that their caller keeps alive: it holds
/// no reference to its nodes, so marking one costs no retain and dropping the table releases
/// nothing (only for nodes that outlive it: an address could otherwise be reused by a new node).
/// Open addressing with the key and its value side by side, so a probe touches one cache line,
/// and slots chosen from the address itself, so neither a probe nor growing reads a node.
/// `postorder` uses it as a set of visited nodes, `IndexedGraph` for positions.
struct NodePositions {
    /// (address, value) per slot; address 0 when empty.
    private var slots: [(UInt, Int)]
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: (0, 0), count: size)
    }

    @inline(__always)
    private static func start(_ key: UInt, _ mask: Int) -> Int {
        // Fibonacci hashing of the address (its low bits are alignment zeros).
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The value of `node` when present; otherwise adds it with -1 and returns nil.
    @inline(__always)
    mutating func insert(_ node: Unmanaged<Node>) -> Int? {
        let key = UInt(bitPattern: node.toOpaque())
        let found: Int? = slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var i = NodePositions.start(key, mask)
            while slots[i].0 != 0 {
                if slots[i].0 == key { return slots[i].1 }
                i = (i + 1) & mask
            }
            slots[i] = (key, -1)
            return nil
        }
        if found != nil { return found }
        count += 1
        if count * 2 > slots.count { grow() }
        return nil
    }

    /// Sets the value of a node already present.
    @inline(__always)
    mutating func set(_ node: Unmanaged<Node>, _ value: Int) {
        let key = UInt(bitPattern: node.toOpaque())
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var i = NodePositions.start(key, mask)
            while slots[i].0 != key { i = (i + 1) & mask }
            slots[i].1 = value
        }
    }

    func get(_ node: Unmanaged<Node>) -> Int? {
        let key = UInt(bitPattern: node.toOpaque())
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = NodePositions.start(key, mask)
            while slots[i].0 != 0 {
                if slots[i].0 == key { return slots[i].1 }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: (0, 0), count: old.count * 2)
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { slots in
            for (key, value) in old where key != 0 {
                var i = NodePositions.start(key, mask)
                while slots[i].0 != 0 { i = (i + 1) & mask }
                slots[i] = (key, value)
            }
        }
    }
}
