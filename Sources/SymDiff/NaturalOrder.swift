/// Variable names sorted so that x2 comes before x10: by their letters, then by the number they
/// end with. Each name's key (its stem and trailing number) is computed once, so sorting n names
/// costs n key computations and O(n log n) cheap comparisons.
public func naturallySorted(_ names: [String]) -> [String] {
    naturalOrder(of: names).map { names[$0] }
}

/// The positions of `names` in natural order (see `naturallySorted(_:)`): for callers that sort
/// something named, each name read once.
public func naturalOrder(of names: [String]) -> [Int] {
    let keys = names.map(NaturalSortKey.init)
    return keys.indices.sorted { keys[$0] < keys[$1] }
}

/// A name split into the text before its trailing digits and the number they spell.
struct NaturalSortKey: Comparable {
    let name: String
    /// The text before the trailing digits: a string of its own, so that comparing two stems
    /// (the same short stem, most of the time) is a compare of two small strings' bits.
    let stem: String
    /// The trailing number; nil without trailing digits or when they are too many for an Int.
    let number: Int?

    init(_ name: String) {
        self.name = name
        var start = name.utf8.endIndex
        while start > name.utf8.startIndex {
            let before = name.utf8.index(before: start)
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(name.utf8[before]) else { break }
            start = before
        }
        let digits = name.utf8.distance(from: start, to: name.utf8.endIndex)
        if digits == 0 || digits >= 18 {
            stem = name
            number = nil
        } else {
            stem = String(name[..<start])
            number = Int(name[start...])
        }
    }

    /// Same stem and both numbered: by number (then by text, so `x01` and `x1` have an order);
    /// otherwise by text.
    static func < (a: NaturalSortKey, b: NaturalSortKey) -> Bool {
        if let m = a.number, let n = b.number, m != n, a.stem == b.stem { return m < n }
        return a.name < b.name
    }

    static func == (a: NaturalSortKey, b: NaturalSortKey) -> Bool { a.name == b.name }
}
