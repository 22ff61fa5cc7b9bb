import Expr

extension Derivation {
    /// The derivation as an indented tree of numbered steps, each with its rule by name, then the
    /// simplification stages; the last line is the final derivative alone, as the plain
    /// derivative prints it.
    ///
    ///     1. d/dx (x^2*sin(x))   product rule: d/dx (u*v) = du/dx*v + u*dv/dx, where u = x^2, v = sin(x)
    ///        2. d/dx (x^2) = 2*x   power rule: d/dx x^n = n*x^(n-1)
    ///        3. d/dx (sin(x)) = cos(x)   d-sin rule: d/du sin(u) = cos(u)
    ///        = 2*x*sin(x) + x^2*cos(x)
    public var text: String {
        let printer = InfixPrinter(decimals: decimals)
        let p = { (e: Expr) in printer.print(e) }
        let dx = "d/d" + p(variable)
        var lines: [String] = []
        func indent(_ depth: Int) -> String { String(repeating: "   ", count: Swift.min(depth - 1, DerivationText.maximumIndent)) }
        func operand(_ e: Expr) -> String {
            switch e.head {
            case .symbol, .number, .constant: return dx + " " + p(e)
            default: return dx + " (" + p(e) + ")"
            }
        }
        for event in DerivationWalk.events(self) {
            if Cancellation.isRequested { break }
            switch event {
            case let .open(step, number, depth):
                lines.append(indent(depth) + "\(number). " + operand(step.expression) + "   " + DerivationText.rule(step, p))
                if step.rule == "chain" {
                    let outer = step.outerDerivatives.map(p).joined(separator: ", ")
                    lines.append(indent(depth + 1) + "outer: f'(u) = " + outer)
                }
            case let .close(step, _, depth):
                lines.append(indent(depth + 1) + "= " + p(step.shown))
            case let .leaf(step, number, depth, folded):
                lines.append(indent(depth) + "\(number). " + operand(step.expression) + " = " + p(step.derivative) + "   "
                             + DerivationText.rule(step, p) + (folded ? " (steps folded)" : ""))
            case let .reference(step, number, depth):
                lines.append(indent(depth) + operand(step.expression) + " = " + p(step.derivative) + "   (see step \(number))")
            }
        }
        lines.append("simplification:")
        lines.append("   raw: " + p(derivative) + "   (" + Derivation.rawSummary + ")")
        if stages.isEmpty || stages.last?.expression == derivative {
            lines.append("   no simplification stages")
        } else {
            for stage in stages {
                lines.append("   " + stage.name + ": " + p(stage.expression) + "   (" + stage.summary + ")")
            }
        }
        lines.append(p(result))
        return lines.joined(separator: "\n")
    }

    /// What the raw derivative is: the rules' results put together by the canonical constructors.
    public static let rawSummary = "the rules' results combined, constants folded and like terms collected"
}

/// Helpers of the text rendering.
enum DerivationText {
    /// Indentation stops growing here, so very deep derivations do not print quadratic whitespace.
    static let maximumIndent = 40

    /// `product rule: d/dx (u*v) = …, where u = x^2, v = sin(x)`.
    static func rule(_ step: DerivationStep, _ p: (Expr) -> String) -> String {
        var text: String
        if step.rule == "chain" {
            text = "chain rule with \(step.outerRule ?? ""): \(step.outerStatement ?? ""); \(step.statement)"
        } else {
            text = "\(step.rule) rule: \(step.statement)"
        }
        let names = partNames(step)
        var bindings: [String] = []
        if let k = step.constantFactor { bindings.append("k = " + p(k)) }
        for (name, part) in zip(names, step.parts) { bindings.append(name + " = " + p(part)) }
        if !bindings.isEmpty { text += ", where " + bindings.joined(separator: ", ") }
        return text
    }

    /// The letters the rule's statement uses for its parts; sums name none (their parts are the
    /// terms as printed).
    static func partNames(_ step: DerivationStep) -> [String] {
        switch step.rule {
        case "sum": return []
        case "constant-multiple": return ["u"]
        default:
            let letters = ["u", "v", "w"]
            if step.parts.count <= letters.count { return Array(letters.prefix(step.parts.count)) }
            return step.parts.indices.map { "u\($0 + 1)" }
        }
    }
}
