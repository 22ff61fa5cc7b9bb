/// An insertion-ordered map from expressions, for the few terms or factors a constructor merges.
/// Small maps search linearly (`==` is a pointer compare), which beats hashing for the handful of
/// entries most sums and products have; past `indexThreshold` entries an index takes over.
struct SmallMap<Value> {
    private(set) var keys: [Expr] = []
    private(set) var values: [Value] = []
    private var index: ExprMap<Int>? = nil
    private static var indexThreshold: Int { 12 }

    mutating func reserve(_ n: Int) {
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
    }

    /// Combines `value` into the entry for `key` with `merge`, or adds the entry.
    mutating func update(_ key: Expr, _ value: Value, _ merge: (Value, Value) -> Value) {
        if let i = position(of: key) {
            values[i] = merge(values[i], value)
            return
        }
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > SmallMap.indexThreshold {
            var map = ExprMap<Int>(capacity: keys.count * 2)
            for (i, k) in keys.enumerated() { map[k] = i }
            index = map
        }
    }

    private func position(of key: Expr) -> Int? {
        if let index { return index[key] }
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }
}
