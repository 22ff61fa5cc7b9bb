/// The hash table behind interning: open addressing with linear probing over the nodes' stored
/// hashes. Hand-written because the general `Dictionary` rehashes every key through `Hasher` on
/// each lookup and growth, which dominated the cost of building expressions.
struct InternTable {
    private var slots: [Node?] = Array(repeating: nil, count: 1 << 12)
    private(set) var count = 0

    /// A fast 64-bit mix (a multiply-xorshift step); quality is enough for a probe sequence.
    @inline(__always)
    static func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
        // murmur3's 64-bit finalizer over the combination: every input bit reaches the low bits
        // that pick the slot.
        var x = (h &* 31) ^ v
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    func find(hash: Int, head: Head, children: [Expr]) -> Node? {
        let mask = slots.count - 1
        var i = hash & mask
        while let node = slots[i] {
            if node.storedHash == hash && node.head == head && node.children == children { return node }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ node: Node) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        place(node)
        count += 1
    }

    private mutating func place(_ node: Node) {
        let mask = slots.count - 1
        var i = node.storedHash & mask
        while slots[i] != nil { i = (i + 1) & mask }
        slots[i] = node
    }

    /// Drops every node that nothing outside the table refers to and returns how many. Parents
    /// are created after their children, so visiting by falling serial releases a parent before
    /// its children are looked at: one pass frees whole unused subgraphs, and no release cascades
    /// (a child is still held by the table when its parent goes).
    mutating func removeUnused() -> Int {
        var live: [Node] = []
        live.reserveCapacity(count)
        for i in slots.indices where slots[i] != nil { live.append(slots[i]!) }
        slots = Array(repeating: nil, count: slots.count)
        live.sort { $0.serial > $1.serial }
        var kept: [Node] = []
        var removed = 0
        for i in live.indices {
            if isKnownUniquelyReferenced(&live[i]) {
                removed += 1
                live[i] = Node.placeholder
            } else {
                kept.append(live[i])
            }
        }
        live = []
        var size = 1 << 12
        while size * 3 < kept.count * 4 + 4 { size <<= 1 }
        slots = Array(repeating: nil, count: size)
        count = 0
        for node in kept {
            place(node)
            count += 1
        }
        return removed
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count * 2)
        for case let node? in old { place(node) }
    }
}

extension Head {
    /// The hash of the head and its payload, mixed into a node's stored hash.
    var internHash: UInt64 {
        switch self {
        case let .number(r): return InternTable.mix(1, r.internHash)
        case let .symbol(name): return InternTable.mix(2, UInt64(bitPattern: Int64(name.hashValue)))
        case let .constant(c): return InternTable.mix(3, UInt64(c.rawValue))
        case let .add(r): return InternTable.mix(4, r.internHash)
        case let .mul(r): return InternTable.mix(5, r.internHash)
        case .pow: return 6
        case let .function(f): return InternTable.mix(7, UInt64(f.index))
        case .undefined: return 8
        }
    }
}

extension Rational {
    var internHash: UInt64 {
        switch storage {
        case let .small(n, d): return InternTable.mix(UInt64(bitPattern: Int64(n)), UInt64(bitPattern: Int64(d)))
        case .big: return UInt64(bitPattern: Int64(hashValue))
        }
    }
}
