/// Facts stated about variables (`x > 0`, `y >= 0`) that the sign analysis, and through it the
/// exact values of the function table, may use: under `x > 0`, `abs(x)` is `x`, `sqrt(x^2)` is
/// `x` and `log(x*y)` is `log(x) + log(y)` when `y > 0` too. They hold only inside
/// `withValue`; nodes built outside keep their form until rebuilt (`applied(to:)`).
public struct Assumptions: Sendable, Hashable {
    /// Variables assumed > 0.
    public var positive: Set<String> = []
    /// Variables assumed >= 0.
    public var nonNegative: Set<String> = []

    /// No facts.
    public init() {}

    /// True when nothing is assumed.
    public var isEmpty: Bool { positive.isEmpty && nonNegative.isEmpty }

    /// The facts in force where the current code runs.
    @TaskLocal public static var current = Assumptions()

    /// `e` rebuilt through the canonical constructors with these facts in force.
    public func applied(to e: Expr) -> Expr {
        isEmpty ? e : Assumptions.$current.withValue(self) { e.canonicalized }
    }

    /// Runs `body` with these facts in force.
    public func withValue<T>(_ body: () throws -> T) rethrows -> T {
        try Assumptions.$current.withValue(self, operation: body)
    }

    /// The facts as written: `x > 0, y >= 0`.
    public var description: String {
        (positive.sorted().map { "\($0) > 0" } + nonNegative.sorted().map { "\($0) >= 0" }).joined(separator: ", ")
    }
}
