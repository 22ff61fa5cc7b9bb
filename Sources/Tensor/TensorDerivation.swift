import Expr

/// A derivative taken by reverse accumulation, for people: each node the sweep passes its
/// adjoint through, from the function back to the variable, with the matrix rule it applies
/// and the adjoint it holds; then the raw result and its simplification. `text`, `latex` and
/// `json` render it; the last line of `text` is the derivative itself.
public struct TensorDerivation: Sendable {
    /// The function differentiated.
    public let function: TensorExpression
    /// What it is differentiated with respect to (`w`, or one entry `w[2]`).
    public let variable: String
    /// The rules applied, in the order of the sweep (the function first).
    public let steps: [TensorDerivationStep]
    /// The derivative as the sweep gives it.
    public let raw: Tensor
    /// The derivative simplified: what `derivative(withRespectTo:)` returns.
    public let result: TensorExpression

    /// One step per line, its adjoint on the next, then the simplification and the result.
    public var text: String {
        var out = "reverse accumulation of d/d\(variable) \(function), from the function back to \(variable):\n"
        for (k, step) in steps.enumerated() {
            out += "\(k + 1). \(step.node)   \(step.rule.name) rule: \(step.rule.statement)\n"
            out += "   adjoint: \(step.adjoint)\n"
        }
        if steps.isEmpty { out += "   (\(function) does not depend on \(variable))\n" }
        out += "simplification:\n"
        out += "   raw: \(raw)\n"
        let simplified = result.description
        out += raw.description == simplified ? "   (nothing to simplify)\n" : "   simplified: \(simplified)   (matrix algebra: transposes to the leaves, common factors)\n"
        return out + simplified + "\n"
    }

    /// An `align*` environment: one row per step, then the raw and the simplified result.
    public var latex: String {
        var rows: [String] = []
        for (k, step) in steps.enumerated() {
            rows.append("&\\text{\(k + 1).}\\quad \(step.node.latex) && \\text{\(step.rule.name)}\\\\")
            rows.append("&\\qquad \\text{adjoint: } \(step.adjoint.latex) &&\\\\")
        }
        rows.append("&\\text{raw: } \(raw.latex) &&\\\\")
        rows.append("&\\frac{\\partial}{\\partial \(TensorDerivation.latexName(variable))} \\left(\(function.latex)\\right) = \(result.latex) &&")
        return "\\begin{align*}\n" + rows.joined(separator: "\n") + "\n\\end{align*}\n"
    }

    /// `{"function": …, "variable": …, "steps": [{"node", "rule", "statement", "adjoint"}], "raw": …, "result": …}`.
    public var json: String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(c)
                }
            }
            return out + "\""
        }
        let items = steps.map { step in
            "{\"node\": \(quoted(step.node.description)), \"rule\": \(quoted(step.rule.name)), \"statement\": \(quoted(step.rule.statement)), \"adjoint\": \(quoted(step.adjoint.description))}"
        }
        return "{\"function\": \(quoted(function.description)), \"variable\": \(quoted(variable)), \"steps\": [" + items.joined(separator: ", ")
            + "], \"raw\": \(quoted(raw.description)), \"result\": \(quoted(result.description))}\n"
    }

    private static func latexName(_ name: String) -> String {
        name.contains("[") ? "\\mathrm{" + name + "}" : LatexPrinter.isBareName(name) ? name : "\\mathrm{" + LatexPrinter.escapingUnderscores(name) + "}"
    }
}

extension TensorExpression {
    /// The derivative with respect to `name` with the steps of the reverse sweep that gives it.
    public func derivation(withRespectTo name: String) throws(TensorCalculusError) -> TensorDerivation {
        let base = name.firstIndex(of: "[").map { String(name[..<$0]) } ?? name
        var steps: [TensorDerivationStep]? = []
        let raw = try tensor.derivative(withRespectTo: variable(base), steps: &steps)
        let result = try derivative(withRespectTo: name)
        return TensorDerivation(function: self, variable: name, steps: steps ?? [], raw: raw, result: result)
    }
}
