import Calculus
import Compile
import Expr

/// Why a figure cannot be made or written; the description is the message shown to the user.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// A range whose ends are not finite or not increasing, e.g. `2:1`.
    case badRange(String)
    /// The expression has variables that are not plotted (their values are unknown).
    case unplottedVariables([String], plotted: [String])
    case badDerivativeOrder(Int)
    /// A contour plot was asked for with other than two variables.
    case contourVariables(Int)
    /// The point of tangency is outside the plotted range.
    case tangentOutside(Double)
    /// The function or its slope is not finite at the point of tangency.
    case noTangent(Double)
    /// Nothing to draw: the function is undefined on the whole range.
    case nowhereDefined(String)
    case compile(CompileError)
    case calculus(CalculusError)
    /// PNG output needs an SVG converter that is not installed.
    case converterMissing
    case converterFailed(String)

    /// The message for a person.
    public var description: String {
        switch self {
        case let .badRange(text): return "bad range \(text): give lower:upper with finite lower < upper, e.g. -6:6"
        case let .unplottedVariables(names, plotted):
            let list = plotted.isEmpty ? "none" : plotted.joined(separator: ", ")
            return "the expression has the variable\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")), "
                + "which \(names.count == 1 ? "is" : "are") not plotted (plotted: \(list))"
        case let .badDerivativeOrder(n): return "derivative order \(n): give orders from 1 to 10"
        case let .contourVariables(n): return "a contour plot needs two variables, not \(n)"
        case let .tangentOutside(x): return "the tangent point \(NumberText.decimal(x, significantDigits: 6)) is outside the plotted range"
        case let .noTangent(x): return "no tangent at \(NumberText.decimal(x, significantDigits: 6)): the function or its slope is not finite there"
        case let .nowhereDefined(what): return "\(what) is not defined anywhere on the plotted range"
        case let .compile(e): return e.description
        case let .calculus(e): return e.description
        case .converterMissing:
            return "PNG output needs rsvg-convert, which is not installed (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg); or write .svg"
        case let .converterFailed(reason): return "rsvg-convert failed: \(reason)"
        }
    }
}
