/// How the printers spell a call of a function of the table. In infix every call is
/// `name(a, b)`, the form the parser reads; LaTeX follows this.
public enum FunctionPrinting: Sendable, Equatable {
    /// The function's `latex` name before its parenthesised arguments: `\sin\left(x\right)`,
    /// `\operatorname{relu}\left(x\right)`, `\max\left(a, b\right)`.
    case call
    /// The one argument between two pieces of LaTeX, without the name: `\left|x\right|` for
    /// abs, `e^{x}` for exp, `\sqrt[3]{x}` for cbrt.
    case enclosed(open: String, close: String)
    /// A function declared to depend on some variables (`y: function of x`): a call on exactly
    /// those variables prints as the bare name (`y`, `y'`), any other call in full.
    case bare(arguments: [String])
    /// A binary operator between the two arguments: `x < 0`, `a and b`.
    case infix(String, latex: String, binding: OperatorBinding)
    /// A prefix operator before the one argument: `not a`.
    case prefix(String, latex: String)
    /// `piecewise(c, a, b)`: in LaTeX a `cases` environment.
    case cases
}

/// How tightly the operators of conditions bind, loosest first; all bind more loosely than `+`.
public enum OperatorBinding: Sendable, Equatable {
    case disjunction, conjunction, comparison
}

extension FunctionPrinting {
    /// Whether a call on `arguments` prints as the bare name: they are the declared variables.
    func hidesArguments(_ arguments: [Expr]) -> Bool {
        guard case let .bare(names) = self, names.count == arguments.count else { return false }
        return zip(names, arguments).allSatisfy { name, a in a.head == .symbol(name) }
    }
}
