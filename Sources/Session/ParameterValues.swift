import SymDiff

/// The whole numbers from `lowest` to `highest` (`Int.max`: no upper bound), the range of a
/// whole-number parameter.
public struct WholeNumbers: Sendable {
    /// The smallest allowed.
    public let lowest: Int
    /// The largest allowed.
    public let highest: Int

    /// The numbers of `range`.
    public init(_ range: ClosedRange<Int>) {
        lowest = range.lowerBound
        highest = range.upperBound
    }

    /// True when `n` is allowed.
    public func contains(_ n: Int) -> Bool { lowest <= n && n <= highest }

    /// `a whole number from 1 to 10`, `a whole number, 0 or more`.
    public var described: String {
        highest == Int.max ? "a whole number, \(lowest) or more" : "a whole number from \(lowest) to \(highest)"
    }
}

/// Another word for one of a choice's words (`javascript` for `js`).
public struct WordAlias: Sendable {
    /// The other word.
    public let word: String
    /// The choice it stands for.
    public let meaning: String

    /// `word` standing for `meaning`.
    public init(_ word: String, means meaning: String) {
        self.word = word
        self.meaning = meaning
    }
}

extension ParameterKind {
    /// For a choice, the word `text` stands for (itself, or what its alias means); nil when it is
    /// none of them.
    public func chosenWord(_ text: String) -> String? {
        guard case let .choice(words, aliases) = self else { return nil }
        if words.contains(text) { return text }
        return aliases.first { $0.word == text }?.meaning
    }
}

/// One variable of `countedVariables` with how many times it is wanted (nil: not said).
public struct CountedVariable: Sendable, Equatable {
    /// The variable.
    public let variable: Expr
    /// How many times, when said.
    public let count: Int?

    /// `variable`, `count` times (nil: not said).
    public init(variable: Expr, count: Int?) {
        self.variable = variable
        self.count = count
    }
}

/// One coordinate of a point.
public struct Coordinate: Sendable, Equatable {
    /// The variable's name.
    public let name: String
    /// Its value.
    public let value: Double

    /// `name` = `value`.
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// One `name=expression` of a substitution.
public struct Assignment: Sendable, Equatable {
    /// The variable's name.
    public let name: String
    /// What replaces it.
    public let value: Expr

    /// `name` replaced by `value`.
    public init(name: String, value: Expr) {
        self.name = name
        self.value = value
    }
}
