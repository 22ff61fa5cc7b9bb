/// The hash table behind interning: open addressing with linear probing over the nodes' stored
/// hashes. Hand-written because the general `Dictionary` rehashes every key through `Hasher` on
/// each lookup and growth, which dominated the cost of building expressions.
struct InternTable {
    /// The stored hash of each slot's node, or `empty`: probes compare hashes here and touch a
    /// node only on a match, so a probe costs one cache line instead of one per visited node.
    private var hashes: [Int] = Array(repeating: InternTable.empty, count: InternTable.initialSize)
    private var nodes: [Node?] = Array(repeating: nil, count: InternTable.initialSize)
    private(set) var count = 0

    /// Slots a table starts with: small, as the pool has many shards and a one-shot call
    /// should not pay for zeroing memory it never uses.
    static let initialSize = 1 << 6

    /// Marks an unused slot. `Node.intern` never stores this hash (it maps it to its neighbour).
    static let empty = Int.min

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

    /// The slot index for a hash. The low bits choose the shard (see `Node.intern`), so the
    /// table uses the bits above them.
    @inline(__always)
    private static func start(_ hash: Int, _ mask: Int) -> Int { (hash >> 8) & mask }

    func find(hash: Int, head: Head, children: UnsafeBufferPointer<Expr>) -> Node? {
        hashes.withUnsafeBufferPointer { hashes in
            let mask = hashes.count - 1
            var i = InternTable.start(hash, mask)
            while true {
                let h = hashes[i]
                if h == InternTable.empty { return nil }
                if h == hash, let node = nodes[i], node.head == head, InternTable.same(node.children, children) { return node }
                i = (i + 1) & mask
            }
        }
    }

    /// The same children, by identity.
    @inline(__always)
    private static func same(_ a: [Expr], _ b: UnsafeBufferPointer<Expr>) -> Bool {
        if a.count != b.count { return false }
        for i in 0..<b.count where a[i] != b[i] { return false }
        return true
    }

    mutating func insert(_ node: Node) {
        if (count + 1) * 4 > hashes.count * 3 { resize(to: hashes.count * 2) }
        place(node)
        count += 1
    }

    private mutating func place(_ node: Node) {
        let mask = hashes.count - 1
        let hash = node.storedHash
        // One uniqueness check per array, not one per probed or written slot.
        let i = hashes.withUnsafeMutableBufferPointer { hashes in
            var i = InternTable.start(hash, mask)
            while hashes[i] != InternTable.empty { i = (i + 1) & mask }
            hashes[i] = hash
            return i
        }
        nodes.withUnsafeMutableBufferPointer { $0[i] = node }
    }

    /// Every node, emptying the table.
    mutating func takeAll() -> [Node] {
        var all: [Node] = []
        all.reserveCapacity(count)
        for case let node? in nodes { all.append(node) }
        resize(to: hashes.count, keeping: [])
        return all
    }

    /// Puts back nodes taken out by `takeAll`. The table keeps its size (it grows if the kept
    /// nodes need more): the next expressions are likely as large as the last, and growing
    /// again doubling by doubling would rehash every node several times.
    mutating func restore(_ kept: [Node]) {
        var size = hashes.count
        while size * 3 < kept.count * 4 + 4 { size <<= 1 }
        resize(to: size, keeping: kept)
    }

    /// Grows the table, moving each node to its new slot by its stored hash (no node is read
    /// and no reference count changes).
    private mutating func resize(to size: Int) {
        var newHashes = [Int](repeating: InternTable.empty, count: size)
        var newNodes = [Node?](repeating: nil, count: size)
        let mask = size - 1
        // Over raw buffers: indexing the arrays checked bounds and uniqueness per slot, which
        // made growing the shards' tables a few percent of building a large expression.
        hashes.withUnsafeBufferPointer { oldHashes in
            nodes.withUnsafeMutableBufferPointer { oldNodes in
                newHashes.withUnsafeMutableBufferPointer { hashes in
                    newNodes.withUnsafeMutableBufferPointer { nodes in
                        for i in 0..<oldHashes.count where oldHashes[i] != InternTable.empty {
                            var j = InternTable.start(oldHashes[i], mask)
                            while hashes[j] != InternTable.empty { j = (j + 1) & mask }
                            hashes[j] = oldHashes[i]
                            swap(&nodes[j], &oldNodes[i])
                        }
                    }
                }
            }
        }
        hashes = newHashes
        nodes = newNodes
    }

    private mutating func resize(to size: Int, keeping list: [Node]) {
        hashes = Array(repeating: InternTable.empty, count: size)
        nodes = Array(repeating: nil, count: size)
        count = 0
        for node in list {
            place(node)
            count += 1
        }
    }
}

/// Drops every node of `tables` that nothing outside them refers to and returns how many.
/// Parents are created after their children, so visiting by falling serial releases a parent
/// before its children are looked at: one pass frees whole unused subgraphs, and no release
/// cascades (a child is still held by its table when its parent goes).
func removeUnused(from tables: [UnsafeMutablePointer<InternTable>]) -> Int {
    var live: [Node] = []
    for t in tables { live.append(contentsOf: t.pointee.takeAll()) }
    // Sorted by plain integer keys: comparing the nodes themselves retains and releases each
    // one per comparison, which made the sort most of a collection's time.
    var bySerial = live.indices.map { (serial: live[$0].serial, index: $0) }
    bySerial.sort { $0.serial > $1.serial }
    live = bySerial.map { live[$0.index] }
    var kept = Array(repeating: [Node](), count: tables.count)
    var removed = 0
    for i in live.indices {
        if isKnownUniquelyReferenced(&live[i]) {
            removed += 1
            live[i] = Node.placeholder
        } else {
            kept[Node.shard(of: live[i].storedHash)].append(live[i])
        }
    }
    live = []
    for (t, list) in zip(tables, kept) { t.pointee.restore(list) }
    return removed
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
