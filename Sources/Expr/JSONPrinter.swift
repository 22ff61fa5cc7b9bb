/// Writes the expression tree as JSON for other tools:
/// `{"op":"add","args":[{"op":"mul","args":[{"op":"number","value":"2"},{"op":"symbol","name":"x"}]},…]}`.
/// Operators: `number` (exact `value` as text), `symbol`, `constant`, `add`, `mul` (the numeric
/// coefficient, when not 1, is the first argument), `pow` (base, exponent), `call` (`name`, `args`),
/// `undefined`. Any depth prints (see `PrintDriver`).
public struct JSONPrinter {
    /// A printer of expression trees as JSON.
    public init() {}

    /// The JSON of `expr`, on one line.
    public func print(_ expr: Expr) -> String { print(expr, driver: .automatic) }

    func print(_ expr: Expr, driver: PrintDriver) -> String { driver.print(expr, JSONLayout()) }
}

/// The JSON rules: one object per node, the children under `args`. Precedence plays no part.
struct JSONLayout: PrintLayout {
    func layout<Sink: PrintSink>(_ e: Expr, _ p: Precedence, into sink: inout Sink) {
        switch e.head {
        case let .number(r): number(r, &sink)
        case let .symbol(name):
            sink.literal("{\"op\":\"symbol\",\"name\":")
            sink.text(JSONLayout.quoted(name))
            sink.literal("}")
        case let .constant(c):
            sink.literal("{\"op\":\"constant\",\"name\":\"")
            sink.text(c.name)
            sink.literal("\"}")
        case .undefined: sink.literal("{\"op\":\"undefined\"}")
        case let .add(c):
            sink.literal("{\"op\":\"add\",\"args\":[")
            children(e.children, &sink)
            if !c.isZero {
                sink.literal(",")
                number(c, &sink)
            }
            sink.literal("]}")
        case let .mul(c):
            sink.literal("{\"op\":\"mul\",\"args\":[")
            if !c.isOne {
                number(c, &sink)
                sink.literal(",")
            }
            children(e.children, &sink)
            sink.literal("]}")
        case .pow:
            sink.literal("{\"op\":\"pow\",\"args\":[")
            children(e.children, &sink)
            sink.literal("]}")
        case let .function(f):
            sink.literal("{\"op\":\"call\",\"name\":\"")
            sink.text(f.name)
            sink.literal("\",\"args\":[")
            children(e.children, &sink)
            sink.literal("]}")
        }
    }

    private func children<Sink: PrintSink>(_ list: [Expr], _ sink: inout Sink) {
        for (i, a) in list.enumerated() {
            if i > 0 { sink.literal(",") }
            sink.child(a, .none)
        }
    }

    private func number<Sink: PrintSink>(_ r: Rational, _ sink: inout Sink) {
        sink.literal("{\"op\":\"number\",\"value\":\"")
        if let n = r.intValue { sink.integer(n) } else { sink.text(r.description) }
        sink.literal("\"}")
    }

    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
