/// How one language spells a `CodeExpr`: names of calls, literals, powers and precedence. The
/// printer keeps the evaluation order of the program exactly (a right operand of the same
/// precedence is parenthesized), so emitted code computes what the Tape computes.
struct Syntax {
    let language: CodeLanguage

    /// Precedence levels, loosest first.
    private enum Level: Int, Comparable {
        case sum = 1, product, unary, power, atom
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// The expression as text.
    func render(_ e: CodeExpr) -> String { spell(e).text }

    /// What `callee` is called in this language: a library function or a helper of the file.
    func name(of callee: CodeExpr.Callee) -> String {
        if let f = callee.tableEntry {
            let code = f.spec.code
            switch language {
            case .c: return code.c
            case .swift: return code.swift
            case .python, .latex: return code.python
            case .numpy: return code.numpy
            case .javascript: return code.javascript
            }
        }
        let base: String
        switch callee {
        case .sqrt: base = "sqrt"
        case .log1p: base = "log1p"
        case .expm1: base = "expm1"
        default: base = language == .numpy ? "power" : "pow"
        }
        switch language {
        case .c, .swift, .latex: return base
        case .python: return "math." + base
        case .numpy: return "np." + base
        case .javascript: return "Math." + base
        }
    }

    func literal(_ v: Double) -> String {
        if v.isNaN {
            switch language {
            case .c: return "NAN"
            case .swift: return "Double.nan"
            case .python, .latex: return "math.nan"
            case .numpy: return "np.nan"
            case .javascript: return "NaN"
            }
        }
        if v.isInfinite {
            let sign = v < 0 ? "-" : ""
            switch language {
            case .c: return sign + "INFINITY"
            case .swift: return sign + "Double.infinity"
            case .python, .latex: return sign + "math.inf"
            case .numpy: return sign + "np.inf"
            case .javascript: return sign + "Infinity"
            }
        }
        return CodeExpr.decimal(v)
    }

    private var powerOperator: Bool { language == .python || language == .numpy }

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
        case let .call(callee, args):
            return (name(of: callee) + "(" + args.map { render($0) }.joined(separator: ", ") + ")", .atom)
        case let .power(a, k):
            if powerOperator {
                let exponent = k < 0 ? "(\(k))" : "\(k)"
                return (operand(a, atLeast: .atom, right: false) + "**" + exponent, .power)
            }
            let base = operand(a, atLeast: .atom, right: false)
            switch k {
            case 2: return ("\(base)*\(base)", .product)
            case 3: return ("\(base)*\(base)*\(base)", .product)
            case -2: return ("\(literal(1))/(\(base)*\(base))", .product)
            default:
                let exponent = language == .javascript ? "\(k)" : literal(Double(k))
                return ("\(name(of: .pow))(\(base), \(exponent))", .atom)
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
