extension Simplifier {
    /// `simplify(list)` on up to `threads` threads: the list in contiguous runs (neighbouring
    /// entries of a matrix share the most), each run simplified with its work shared, the runs in
    /// parallel. The result is the sequential one: simplification is a pure function of each node.
    public func simplify(_ list: [Expr], threads: Int) -> [Expr] {
        let runs = min(threads * 4, list.count / 32)
        guard threads > 1, runs > 1 else { return simplify(list) }
        let bounds = (0...runs).map { $0 * list.count / runs }
        let results = ResultSlots<[Expr]>(count: runs)
        let simplifier = self
        Parallel.forEach(runs, threads: threads) { k in
            results[k] = simplifier.simplify(Array(list[bounds[k]..<bounds[k + 1]]))
        }
        // A run left out when the work was cancelled stays as it was.
        return (0..<runs).flatMap { results[$0] ?? Array(list[bounds[$0]..<bounds[$0 + 1]]) }
    }
}
