/// How a `CodeExpr` is written in a target: calls, literals and powers as the target spells them,
/// operators with the usual precedence. The evaluation order of the program is kept exactly (a
/// right operand of the same precedence is parenthesized), so emitted code computes what the
/// Tape computes.
struct Syntax<Target: ProgramTarget> {
    let target: Target

    /// Precedence levels, loosest first.
    private enum Level: Int, Comparable {
        case sum = 1, product, unary, power, atom
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// The expression as text.
    func render(_ e: CodeExpr) -> String { spell(e).text }

    func literal(_ v: Double) -> String {
        if v.isNaN { return target.notANumber }
        if v.isInfinite { return (v < 0 ? "-" : "") + target.infinity }
        return CodeExpr.decimal(v)
    }

    private func spell(_ e: CodeExpr) -> (text: String, level: Level) {
        switch e {
        case let .name(n):
            return (n, .atom)
        case let .literal(v):
            let text = literal(v)
            return (text, text.hasPrefix("-") ? .unary : .atom)
        case let .negate(a):
            return ("-" + operand(a, atLeast: .unary, right: true), .unary)
        case let .binary(op, a, b):
            let level: Level = op == .add || op == .subtract ? .sum : .product
            let spaced = level == .sum ? " \(op.rawValue) " : op.rawValue
            return (operand(a, atLeast: level, right: false) + spaced + operand(b, atLeast: Level(rawValue: level.rawValue + 1)!, right: true), level)
        case let .call(.function(f), args):
            return (target.call(f, args.map(render)), .atom)
        case let .call(.pow, args):
            return (target.powerCall + "(" + args.map(render).joined(separator: ", ") + ")", .atom)
        case let .power(a, k):
            if let power = target.powerOperator {
                let exponent = k < 0 ? "(\(k))" : "\(k)"
                return (operand(a, atLeast: .atom, right: false) + power + exponent, .power)
            }
            let base = operand(a, atLeast: .atom, right: false)
            switch k {
            case 2: return ("\(base)*\(base)", .product)
            case 3: return ("\(base)*\(base)*\(base)", .product)
            case -2: return ("\(literal(1))/(\(base)*\(base))", .product)
            default: return ("\(target.powerCall)(\(base), \(target.integerExponent(k)))", .atom)
            }
        }
    }

    /// An operand, parenthesized when it binds looser than `level`, or when it starts with a
    /// minus on the right of an operator (`a*(-b)`: Swift reads `*-` as one operator, C `--`).
    private func operand(_ e: CodeExpr, atLeast level: Level, right: Bool) -> String {
        let (text, own) = spell(e)
        if own < level || (right && text.hasPrefix("-")) { return "(" + text + ")" }
        return text
    }
}
