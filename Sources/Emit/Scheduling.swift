/// The order of statements in native code. Straight-line code for a large gradient keeps
/// hundreds of values alive when every temporary is computed before any output is stored, and the
/// compiler then spends a third of the instructions spilling registers to the stack. Here the
/// statements are listed so that values die soon after they are born: a greedy list scheduler
/// that, among the statements whose operands are ready, takes the one that frees the most values
/// (the last use of its operands) and creates the fewest, ties in program order. On the gradient
/// of Rosenbrock-100 this removes about a quarter of the stack traffic.
extension ProgramPlan {
    enum Statement {
        case load(name: String, index: Int)
        case assign(Assignment)
        /// Output `index` (position among all outputs) gets `value`.
        case output(index: Int, value: CodeExpr)
    }

    /// Loads, then temporaries, then outputs: the order for reading.
    var readingOrder: [Statement] {
        inputs.map { .load(name: $0.name, index: $0.index) } + temporaries.map { .assign($0) }
            + outputs.enumerated().map { .output(index: $0.offset, value: $0.element) }
    }

    /// Every statement of `readingOrder`, reordered for a small live set. Outputs for which
    /// `skip` holds are left out (zeros the caller clears in a loop).
    func registerOrder(skip: (Int) -> Bool = { _ in false }) -> [Statement] {
        let all = readingOrder.filter { if case let .output(i, _) = $0 { return !skip(i) } else { return true } }
        var definer: [String: Int] = [:]
        for (k, statement) in all.enumerated() {
            switch statement {
            case let .load(name, _): definer[name] = k
            case let .assign(a): definer[a.name] = k
            case .output: break
            }
        }
        // Operands of each statement (statements defining the names it reads), and their users.
        var operands = [[Int]](repeating: [], count: all.count)
        var users = [[Int]](repeating: [], count: all.count)
        for (k, statement) in all.enumerated() {
            let value: CodeExpr
            switch statement {
            case .load: continue
            case let .assign(a): value = a.value
            case let .output(_, v): value = v
            }
            operands[k] = Array(Set(ProgramPlan.names(in: value).compactMap { definer[$0] })).sorted()
            for o in operands[k] { users[o].append(k) }
        }
        var remainingUses = users.map(\.count)
        var waiting = operands.map(\.count)
        func defines(_ k: Int) -> Int { if case .output = all[k] { return 0 } else { return 1 } }
        // Twice the net change of live values, plus one for a load: among equals, a load waits,
        // so variables are read when first needed rather than all at the start.
        func priority(_ k: Int) -> Int {
            let net = defines(k) - operands[k].filter { remainingUses[$0] == 1 }.count
            if case .load = all[k] { return 2 * net + 1 }
            return 2 * net
        }

        var heap = MinHeap()
        for k in all.indices where waiting[k] == 0 { heap.push((priority(k), k)) }
        var done = [Bool](repeating: false, count: all.count)
        var order: [Statement] = []
        order.reserveCapacity(all.count)
        while let (stored, k) = heap.pop() {
            if done[k] { continue }
            // Priorities only improve as other statements run; re-queue a stale entry.
            let current = priority(k)
            if current < stored { heap.push((current, k)); continue }
            done[k] = true
            order.append(all[k])
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

    /// The names an expression reads.
    private static func names(in e: CodeExpr) -> [String] {
        var found: [String] = []
        var stack = [e]
        while let e = stack.popLast() {
            switch e {
            case let .name(n): found.append(n)
            case .literal: break
            case let .negate(a), let .power(a, _): stack.append(a)
            case let .binary(_, a, b): stack.append(a); stack.append(b)
            case let .call(_, args): stack.append(contentsOf: args)
            }
        }
        return found
    }
}

/// A binary min-heap of (priority, statement), smallest priority first, then smallest statement.
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
