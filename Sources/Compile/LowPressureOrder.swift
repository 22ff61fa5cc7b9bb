/// An order of the nodes of a straight-line program that keeps few values alive at once: a
/// greedy list scheduler that, among the nodes whose operands are ready, takes the one that frees
/// the most values (the last use of its operands) and creates the fewest, ties in node order.
/// Batch evaluation uses it to keep a block's working set in cache, the C emitter to keep
/// compilers from spilling registers.
public struct LowPressureOrder {
    /// The nodes each node reads (earlier nodes, each listed once).
    public var operands: [[Int]]
    /// Whether a node creates a value that is freed after its last use (false for a node whose
    /// value lives to the end anyway, such as an output).
    public var defines: [Bool]
    /// Nodes that wait among equals (loads: a variable is read when first needed).
    public var deferred: [Bool]

    /// Every node defines a value and none waits; set `defines` and `deferred` to refine.
    public init(operands: [[Int]]) {
        self.operands = operands
        self.defines = Array(repeating: true, count: operands.count)
        self.deferred = Array(repeating: false, count: operands.count)
    }

    /// Every node, each after its operands.
    public func order() -> [Int] {
        let count = operands.count
        var users = [[Int]](repeating: [], count: count)
        for k in 0..<count { for o in operands[k] { users[o].append(k) } }
        var remainingUses = users.map(\.count)
        var waiting = operands.map(\.count)
        // Twice the net change of live values, plus one for a deferred node.
        func priority(_ k: Int) -> Int {
            let freed = operands[k].filter { remainingUses[$0] == 1 && defines[$0] }.count
            return 2 * ((defines[k] ? 1 : 0) - freed) + (deferred[k] ? 1 : 0)
        }

        var heap = MinHeap()
        for k in 0..<count where waiting[k] == 0 { heap.push((priority(k), k)) }
        var done = [Bool](repeating: false, count: count)
        var order: [Int] = []
        order.reserveCapacity(count)
        while let (stored, k) = heap.pop() {
            if done[k] { continue }
            // Priorities only improve as other nodes run; re-queue a stale entry.
            let current = priority(k)
            if current < stored { heap.push((current, k)); continue }
            done[k] = true
            order.append(k)
            for o in operands[k] {
                remainingUses[o] -= 1
                // The last waiting user of `o` would now free it: move it up if it is ready.
                if remainingUses[o] == 1, let last = users[o].first(where: { !done[$0] }), waiting[last] == 0 {
                    heap.push((priority(last), last))
                }
            }
            for u in users[k] {
                waiting[u] -= 1
                if waiting[u] == 0 { heap.push((priority(u), u)) }
            }
        }
        return order
    }
}

/// A binary min-heap of (priority, node), smallest priority first, then smallest node.
private struct MinHeap {
    private var items: [(Int, Int)] = []

    private static func less(_ a: (Int, Int), _ b: (Int, Int)) -> Bool { a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }

    mutating func push(_ item: (Int, Int)) {
        items.append(item)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard MinHeap.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, MinHeap.less(items[l], items[m]) { m = l }
                if r < items.count, MinHeap.less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
