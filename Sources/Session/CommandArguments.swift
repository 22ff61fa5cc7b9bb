import SymDiff

/// The arguments of one command call, typed, as a front end read them: commands read each
/// through its `Parameter` and get its default when it was not given.
public struct CommandArguments: Sendable {
    private var values = NameTable<any Sendable>()
    /// The expressions were written with decimal numbers: results simplify and print them as
    /// decimals (`0.3*x`), as typed.
    public var decimals = false
    /// Vectors and matrices: set when the call declares or uses them; the command then runs its
    /// tensor implementation.
    public var tensor: TensorInput?

    /// No arguments yet; front ends fill them in by parameter.
    public init() {}

    /// The value of `parameter`, or its default.
    public subscript<T>(_ parameter: Parameter<T>) -> T {
        get { values[parameter.spec.name].map { $0 as! T } ?? parameter.defaultValue }
        set { values[parameter.spec.name] = newValue }
    }

    /// True when the call gave `parameter`.
    public func has<T>(_ parameter: Parameter<T>) -> Bool { values[parameter.spec.name] != nil }

    /// True when the call gave the parameter named `name`.
    public func has(named name: String) -> Bool { values[name] != nil }

    /// Sets a value by parameter name; the front ends use it, having checked the value's type
    /// against the parameter's kind.
    public mutating func set(_ value: any Sendable, for spec: ParameterSpec) {
        values[spec.name] = value
    }

    /// The value given for the parameter named `name`, untyped.
    func value(named name: String) -> (any Sendable)? { values[name] }

    /// Every expression among the values, for statistics.
    public var expressions: [Expr] {
        values.values.flatMap { value -> [Expr] in
            switch value {
            case let e as Expr: return [e]
            case let list as [Expr]: return list
            case let v as Value: return v.expressions
            default: return []
            }
        }
    }

}

/// What a command sees of its surroundings besides its arguments.
public struct CommandContext: Sendable {
    /// The limits of the session (or of the command line: none beyond the defaults).
    public var limits: Session.Limits
    /// Where statements run by the command (`run`) report each outcome as it happens.
    public var report: (@Sendable (Session.Outcome) -> Void)?
    /// Facts about variables stated in the session (`assume x > 0`).
    public var assumptions = Assumptions()
    /// Runs the page server of `serve` until it fails, giving the error to report; nil where no
    /// server can run (statements).
    public var serve: (@Sendable (ServeOptions) -> CommandError)?

    /// A context with `limits`, reporting statements run by a command to `report`.
    public init(limits: Session.Limits = Session.Limits(), report: (@Sendable (Session.Outcome) -> Void)? = nil) {
        self.limits = limits
        self.report = report
    }
}
