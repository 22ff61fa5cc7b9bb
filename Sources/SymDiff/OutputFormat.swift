/// How results are written: infix text that reads back, LaTeX, or a JSON tree.
public enum OutputFormat: String, CaseIterable, Sendable {
    case infix, latex, json

    /// The text of `e`; `decimals` writes short terminating fractions as decimals (`0.5*x`), as
    /// for input written with decimals.
    public func print(_ e: Expr, decimals: Bool = false) -> String {
        switch self {
        case .infix: return InfixPrinter(decimals: decimals).print(e)
        case .latex: return LatexPrinter(decimals: decimals).print(e)
        case .json: return JSONPrinter().print(e)
        }
    }
}
