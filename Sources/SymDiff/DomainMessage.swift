import Compile

/// Why a value is not a finite number, in words, from the expression that first produced it:
/// `log of a non-positive number in log(x - 3)`.
public func domainMessage(_ source: Expr?) -> String {
    guard let source else { return "the value is not a finite number" }
    let text = source.description
    switch source.head {
    case let .function(f):
        switch f.name {
        case "log", "log2", "log10": return "log of a non-positive number in \(text)"
        case "sqrt": return "square root of a negative number in \(text)"
        case "asin", "acos": return "\(f.name) outside [-1, 1] in \(text)"
        case "acosh": return "acosh below 1 in \(text)"
        case "atanh": return "atanh outside (-1, 1) in \(text)"
        default: return "\(f.name) is not finite in \(text)"
        }
    case .pow:
        if let r = source.children[1].rationalValue, r.isNegative { return "division by zero in \(text)" }
        return "power outside the real numbers in \(text)"
    case .mul: return "division by zero in \(text)"
    default: return "the value is not finite in \(text)"
    }
}
