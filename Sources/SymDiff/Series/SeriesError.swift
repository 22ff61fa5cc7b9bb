/// Why an expression has no Taylor series at the point asked for, or why it could not be found.
public struct SeriesError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, in words that name the subexpression.
    public let description: String
    /// The series of a divisor or argument was zero to the order computed: a larger working
    /// order may still find it (the expansion retries before reporting).
    let needsMoreTerms: Bool

    init(_ description: String, needsMoreTerms: Bool = false) {
        self.description = description
        self.needsMoreTerms = needsMoreTerms
    }
}
