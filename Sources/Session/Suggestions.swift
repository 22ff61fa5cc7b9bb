/// "Did you mean": the closest of the names a front end knows to a word that is none of them,
/// for commands, options, keywords and the words of a choice alike.
public enum Suggestions {
    /// The closest of `names` to `word`, when close enough to be a misspelling: one edit for
    /// names of up to three letters, two for longer ones, a quarter of the letters for long ones.
    public static func closest(to word: String, among names: [String]) -> String? {
        guard let closest = names.min(by: { editDistance($0, word) < editDistance($1, word) }) else { return nil }
        let d = editDistance(closest, word)
        return d > 0 && d <= max(closest.count >= 4 ? 2 : 1, closest.count / 4) ? closest : nil
    }

    /// `; did you mean 'order'?`, or nothing.
    public static func hint(for word: String, among names: [String], quote: (String) -> String = { "'\($0)'" }) -> String {
        closest(to: word, among: names).map { "; did you mean \(quote($0))?" } ?? ""
    }
}

/// Edit distance between two short strings, for suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

