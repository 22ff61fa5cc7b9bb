/// Writes the expression tree as JSON for other tools:
/// `{"op":"add","args":[{"op":"mul","args":[{"op":"number","value":"2"},{"op":"symbol","name":"x"}]},…]}`.
/// Operators: `number` (exact `value` as text), `symbol`, `constant`, `add`, `mul` (the numeric
/// coefficient, when not 1, is the first argument), `pow` (base, exponent), `call` (`name`, `args`),
/// `undefined`. Iterative, so deep expressions are safe.
public struct JSONPrinter {
    public init() {}

    public func print(_ expr: Expr) -> String {
        enum Task { case text(String), node(Expr) }
        var out = ""
        var stack: [Task] = [.node(expr)]
        func args(_ list: [Expr], into tasks: inout [Task]) {
            tasks.append(.text(",\"args\":["))
            for (i, a) in list.enumerated() {
                if i > 0 { tasks.append(.text(",")) }
                tasks.append(.node(a))
            }
            tasks.append(.text("]}"))
        }
        while let task = stack.popLast() {
            switch task {
            case let .text(s): out += s
            case let .node(e):
                var tasks: [Task] = []
                switch e.head {
                case let .number(r): out += "{\"op\":\"number\",\"value\":\"\(r)\"}"
                case let .symbol(name): out += "{\"op\":\"symbol\",\"name\":\(quoted(name))}"
                case let .constant(c): out += "{\"op\":\"constant\",\"name\":\"\(c.name)\"}"
                case .undefined: out += "{\"op\":\"undefined\"}"
                case let .add(c):
                    out += "{\"op\":\"add\""
                    args(e.children + (c.isZero ? [] : [.number(c)]), into: &tasks)
                case let .mul(c):
                    out += "{\"op\":\"mul\""
                    args((c.isOne ? [] : [.number(c)]) + e.children, into: &tasks)
                case .pow:
                    out += "{\"op\":\"pow\""
                    args(e.children, into: &tasks)
                case let .function(f):
                    out += "{\"op\":\"call\",\"name\":\"\(f.name)\""
                    args(e.children, into: &tasks)
                }
                stack.append(contentsOf: tasks.reversed())
            }
        }
        return out
    }

    private func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
