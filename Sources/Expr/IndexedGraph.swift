/// The distinct nodes of a graph in postorder, each with the positions of its children: a pass
/// over it keeps its per-node data in arrays indexed by position, and reaches a child's entry
/// through `childPositions` instead of looking the child up in a map (the reverse sweep sends
/// a contribution along every edge).
public struct IndexedGraph {
    /// The nodes, every node after its children.
    public let order: [Expr]
    /// The positions of `order[p]`'s children, in child order, are
    /// `childPositions[childStart[p]...]` (as many as it has children); -1 for a child left out.
    @usableFromInline let childStart: [Int]
    @usableFromInline let childPositions: [Int]
    private let positions: NodePositions

    /// The graph of `roots`, leaving out every child for which `visiting` is false (and all
    /// below it that nothing else reaches), as `Expr.postorder(_:visiting:)` does.
    public init(_ roots: [Expr], visiting: ((Expr) -> Bool)? = nil) {
        let bound = roots.reduce(0) { min($0 &+ $1.node.treeSize, 4096) }
        // The roots keep every node alive, so the walk reads them unretained (see `postorder`).
        var positions = NodePositions(capacity: bound)
        var order: [Expr] = []
        order.reserveCapacity(bound)
        var childStart: [Int] = []
        childStart.reserveCapacity(bound)
        // Each node's block of child positions is laid out when the walk enters it and filled
        // in as its children are met (a child seen before) or done (a child entered from here).
        var childPositions: [Int] = []
        childPositions.reserveCapacity(2 * bound)
        // The node being walked is kept in locals; the stack holds the ones suspended above it:
        // (node, index of the next child to visit, start of its block).
        var stack: [(node: Unmanaged<Node>, next: Int, block: Int)] = []
        for root in roots {
            var node = Unmanaged.passUnretained(root.node)
            guard positions.insert(node) == nil else { continue }
            var next = 0
            var count = node._withUnsafeGuaranteedRef { $0.children.count }
            var block = childPositions.count
            for _ in 0..<count { childPositions.append(-1) }
            while true {
                if next < count {
                    let child = node._withUnsafeGuaranteedRef { $0.unretainedChild(next) }
                    next += 1
                    if let known = positions.insert(child) {
                        // Seen: done (its position) or left out (-1); a DAG never meets a node
                        // still being walked.
                        childPositions[block + next - 1] = known
                        continue
                    }
                    if let visiting, !visiting(Expr(child.takeUnretainedValue())) { continue }
                    stack.append((node, next, block))
                    node = child
                    next = 0
                    count = child._withUnsafeGuaranteedRef { $0.children.count }
                    block = childPositions.count
                    for _ in 0..<count { childPositions.append(-1) }
                    continue
                }
                // Done: every child has its position.
                let p = order.count
                order.append(Expr(node.takeUnretainedValue()))
                childStart.append(block)
                positions.set(node, p)
                guard let parent = stack.popLast() else { break }
                (node, next, block) = parent
                count = node._withUnsafeGuaranteedRef { $0.children.count }
                childPositions[block + next - 1] = p
            }
        }
        self.order = order
        self.childStart = childStart
        self.childPositions = childPositions
        self.positions = positions
    }

    /// The position of child `k` of `order[p]`, or -1 when it was left out.
    @inlinable @inline(__always)
    /// The position of child `k` of `order[p]`, or -1 when it was left out.
    public func childPosition(_ p: Int, _ k: Int) -> Int { childPositions[childStart[p] + k] }

    /// The position of `e` in `order`, or nil when the graph does not hold it.
    public func position(of e: Expr) -> Int? {
        guard let p = positions.get(.passUnretained(e.node)), p >= 0 else { return nil }
        return p
    }
}
