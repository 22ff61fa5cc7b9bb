/// A few values by name, in the order they were set: what a command's arguments need. A scan of a
/// handful of names, with no dictionary on the one-shot path (a dictionary's first use makes the
/// runtime look up its key type's conformances, which shows in a profile of the start-up).
public struct NameTable<Value> {
    private var entries: [(name: String, value: Value)] = []

    /// An empty table.
    public init() {}

    /// The value set for `name`; setting nil removes it.
    public subscript(name: String) -> Value? {
        get { entries.first { $0.name == name }?.value }
        set {
            let i = entries.firstIndex { $0.name == name }
            switch (i, newValue) {
            case let (i?, v?): entries[i].value = v
            case let (i?, nil): entries.remove(at: i)
            case let (nil, v?): entries.append((name, v))
            case (nil, nil): break
            }
        }
    }

    /// The values, in the order they were first set.
    public var values: [Value] { entries.map(\.value) }
}

extension NameTable: Sendable where Value: Sendable {}
