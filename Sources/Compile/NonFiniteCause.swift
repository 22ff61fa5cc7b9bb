import Expr

/// Why a program's value at a point is not a finite number: the first instruction whose value
/// is not finite, and whether that is an overflow (the true value exceeds the largest double), an
/// earlier underflow (a value that cannot be 0 rounded to 0 and was then divided by or had its
/// log taken), or a true domain error (the log of a negative number, a division by an exact 0).
public struct NonFiniteCause: Sendable {
    /// What went out of range.
    public enum Kind: Sendable, Equatable {
        case overflow
        /// `underflowed` is the expression whose value rounded to 0.
        case underflow(underflowed: Expr?, arguments: [Double])
        case domain
    }

    /// What went out of range.
    public let kind: Kind
    /// The expression whose value is not finite (as the user wrote it), when known.
    public let source: Expr?
    /// The function of the table the failing instruction calls, with its argument values, when it
    /// calls one (`exp` at 1000).
    public let call: (function: FunctionID, arguments: [Double])?
    /// The operand that is 0 where the failing instruction divides by it or takes its log, when
    /// it names an expression.
    public let zero: Expr?
}

extension CompiledFunction {
    /// The cause of the first value that is not a finite number at `point`, or nil when every
    /// value is finite.
    public func nonFiniteCause(at point: [Double]) -> NonFiniteCause? {
        var registers = [Double](repeating: 0, count: tape.instructions.count)
        registers.withUnsafeMutableBufferPointer { r in
            point.withUnsafeBufferPointer { tape.run($0.baseAddress!, r.baseAddress!) }
        }
        guard let i = registers.firstIndex(where: { !$0.isFinite }) else { return nil }
        return tape.cause(at: i, registers)
    }
}

extension Tape {
    /// The cause of the non-finite value of instruction `i`, whose operands are finite.
    func cause(at i: Int, _ values: [Double]) -> NonFiniteCause {
        let value = values[i]
        var call: (FunctionID, [Double])? = nil
        // A zero operand that divides or has its log taken: an underflow if it cannot truly be 0.
        var zeroOperand: Int? = nil
        let kind: NonFiniteCause.Kind
        switch instructions[i] {
        case let .function(f, list):
            let arguments = registers(of: list).map { values[$0] }
            call = (f, arguments)
            zeroOperand = registers(of: list).first { values[$0] == 0 }
            kind = f.spec.domain == nil && value.isInfinite ? .overflow : .domain
        case let .divide(_, b):
            zeroOperand = values[b] == 0 ? b : nil
            kind = zeroOperand == nil ? .overflow : .domain
        case let .integerPower(a, k):
            zeroOperand = k < 0 && values[a] == 0 ? a : nil
            kind = zeroOperand == nil ? .overflow : .domain
        case let .power(a, b):
            zeroOperand = values[a] == 0 && values[b] < 0 ? a : nil
            kind = value.isNaN ? .domain : zeroOperand == nil ? .overflow : .domain
        default:
            kind = .overflow
        }
        if kind == .domain, let z = zeroOperand, let underflowed = underflow(at: z, values) {
            let arguments = operands(of: underflowed).map { values[$0] }
            return NonFiniteCause(kind: .underflow(underflowed: source(of: underflowed), arguments: arguments),
                                  source: source(of: i), call: call, zero: zeroOperand.flatMap(source(of:)))
        }
        return NonFiniteCause(kind: kind, source: source(of: i), call: call, zero: zeroOperand.flatMap(source(of:)))
    }

    /// The instruction that rounded a value that cannot be 0 to 0, following register `r` (whose
    /// value is 0) back through negations; nil when the 0 may be exact.
    func underflow(at r: Int, _ values: [Double]) -> Int? {
        let nonzero = { (a: Int) in values[a] != 0 }
        switch instructions[r] {
        case let .function(f, list):
            return f.spec.sign == .positive && registers(of: list).allSatisfy({ values[$0].isFinite }) ? r : nil
        // A product is 0 by underflow when its factors are not, or when a factor is.
        case let .multiply(a, b): return nonzero(a) && nonzero(b) ? r : underflow(at: nonzero(a) ? b : a, values)
        case let .divide(a, _): return nonzero(a) ? r : underflow(at: a, values)
        case let .scale(a, c): return c == 0 ? nil : nonzero(a) ? r : underflow(at: a, values)
        case let .integerPower(a, _): return nonzero(a) ? r : nil
        case let .power(a, _): return values[a] > 0 ? r : nil
        case let .negate(a): return underflow(at: a, values)
        default: return nil
        }
    }

    /// The registers an instruction reads.
    func operands(of i: Int) -> [Int] {
        switch instructions[i] {
        case .constant, .variable: return []
        case let .add(a, b), let .subtract(a, b), let .multiply(a, b), let .divide(a, b), let .power(a, b): return [a, b]
        case let .negate(a), let .scale(a, _), let .offset(a, _), let .integerPower(a, _): return [a]
        case let .function(_, list): return Array(registers(of: list))
        }
    }

    /// The expression instruction `i` computes, or the first later one that names a whole node
    /// (intermediate steps of a sum or product have none).
    func source(of i: Int) -> Expr? {
        var j = i
        while j < sources.count && sources[j] == nil { j += 1 }
        return j < sources.count ? sources[j] : nil
    }
}
