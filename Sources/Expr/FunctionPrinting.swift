/// How the printers spell a call of a function of the table. In infix every call is
/// `name(a, b)`, the form the parser reads; LaTeX follows this.
public enum FunctionPrinting: Sendable, Equatable {
    /// The function's `latex` name before its parenthesised arguments: `\sin\left(x\right)`,
    /// `\operatorname{relu}\left(x\right)`, `\max\left(a, b\right)`.
    case call
    /// The one argument between two pieces of LaTeX, without the name: `\left|x\right|` for
    /// abs, `e^{x}` for exp, `\sqrt[3]{x}` for cbrt.
    case enclosed(open: String, close: String)
}
