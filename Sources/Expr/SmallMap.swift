/// An insertion-ordered map from expressions, for the few terms or factors a constructor merges.
/// Small maps search linearly (`==` is a pointer compare), which beats hashing for the handful of
/// entries most sums and products have; past `indexThreshold` entries an index takes over.
/// Keys and values live side by side in one array: one allocation per map, not two.
struct SmallMap<Value> {
    private(set) var entries: [(key: Expr, value: Value)] = []
    private var index: ExprMap<Int>? = nil
    private static var indexThreshold: Int { 12 }

    var count: Int { entries.count }

    mutating func reserve(_ n: Int) { entries.reserveCapacity(n) }

    /// Combines `value` into the entry for `key` with `merge`, in place, or adds the entry.
    mutating func update(_ key: Expr, _ value: Value, _ merge: (inout Value, Value) -> Void) {
        if let i = position(of: key) {
            merge(&entries[i].value, value)
            return
        }
        entries.append((key, value))
        if index != nil {
            index![key] = entries.count - 1
        } else if entries.count > SmallMap.indexThreshold {
            var map = ExprMap<Int>(capacity: entries.count * 2)
            for (i, e) in entries.enumerated() { map[e.key] = i }
            index = map
        }
    }

    private func position(of key: Expr) -> Int? {
        if let index { return index[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }
}
