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

/// Why a value is not a finite number, in words that tell an overflow or an underflow from a
/// true domain error: `overflow in exp(1000), from exp(z1): beyond the largest double, 1.8e308`;
/// `exp(-z) underflows to 0 (exp(-800) is below 4.9e-324), so log(x*exp(-z)) is not finite`;
/// `log of a non-positive number in log(x - 3)`.
public func nonFiniteMessage(_ cause: NonFiniteCause) -> String {
    let text = cause.source?.description
    switch cause.kind {
    case .overflow:
        guard let call = cause.call else { return "overflow in \(text ?? "an intermediate value"): beyond the largest double, 1.8e308" }
        let numeric = callText(call.function, call.arguments)
        return "overflow in \(numeric)" + (text.map { $0 == numeric ? "" : ", from \($0)" } ?? "") + ": beyond the largest double, 1.8e308"
    case let .underflow(underflowed, arguments):
        var what = underflowed?.description ?? "a positive intermediate value"
        if let u = underflowed, case let .function(f) = u.head { what += " (\(callText(f, arguments)) is below 4.9e-324)" }
        return "\(what) underflows to 0, so \(text ?? "the value") is not finite"
    case .domain:
        return domainMessage(cause.source)
    }
}

/// The words for a value that is not finite only through rounding (where the stable form's value
/// is finite): a domain error there is a rounded argument, `1 - sigmoid(z) rounds to 0, so
/// log(1 - sigmoid(z)) is not finite`; overflows and underflows as `nonFiniteMessage` says.
public func roundingMessage(_ cause: NonFiniteCause) -> String {
    guard cause.kind == .domain, let source = cause.source else { return nonFiniteMessage(cause) }
    // A variable that is 0 is exact: the domain error is real, and the stable form its limit.
    if let zero = cause.zero { return zero.children.isEmpty ? domainMessage(source) : "\(zero) rounds to 0, so \(source) is not finite" }
    if let call = cause.call { return "\(source) is computed as \(callText(call.function, call.arguments)) after rounding, which is not finite" }
    return "\(source) is not finite after rounding"
}

/// `exp(1000)`: a call with its argument values.
private func callText(_ f: FunctionID, _ arguments: [Double]) -> String {
    f.name + "(" + arguments.map(formatNumber).joined(separator: ", ") + ")"
}
