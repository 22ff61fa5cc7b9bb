import Compile

/// Why a value is not a finite number, in words, from the expression that first produced it:
/// `log of a non-positive number in log(x - 3)`. A function's words are its table entry's `domain`.
public func domainMessage(_ source: Expr?) -> String {
    guard let source else { return "the value is not a finite number" }
    let text = source.description
    switch source.head {
    case let .function(f):
        return "\(f.spec.domain ?? "\(f.name) is not finite") in \(text)"
    case .pow:
        // sqrt(u) is the power u^(1/2): its words are sqrt's.
        if let (f, _) = FunctionTable.accurateForm(of: source), let words = f.spec.domain { return "\(words) in \(text)" }
        if let r = source.children[1].rationalValue, r.isNegative { return "division by zero in \(text)" }
        return "power outside the real numbers in \(text)"
    case .mul: return "division by zero in \(text)"
    default: return "the value is not finite in \(text)"
    }
}
