import Expr

extension Derivation {
    /// The derivation as a LaTeX `align*` environment: one row per step, sub-derivatives before
    /// the steps that use them (numbered in that order), then one row per simplification stage.
    /// The right-hand side of the last row is the final derivative as `--format latex` prints it.
    public var latex: String {
        let printer = LatexPrinter(decimals: decimals)
        let p = { (e: Expr) in printer.print(e) }
        let dx = "\\frac{d}{d" + p(variable) + "}"
        var rows: [String] = []
        // Rows are numbered as they are written; the walk's numbers map onto them.
        var rowNumber: [Int: Int] = [:]
        var used: [[Int]] = [[]]   // per open step: the row numbers of its parts
        func lhs(_ e: Expr) -> String {
            switch e.head {
            case .symbol, .number, .constant: return dx + " " + p(e)
            default: return dx + "\\left(" + p(e) + "\\right)"
            }
        }
        func row(_ step: DerivationStep, walkNumber: Int, from parts: [Int], folded: Bool) {
            let n = rows.count + 1
            rowNumber[walkNumber] = n
            var note = "\\text{(\(n)) " + DerivationLatex.text(DerivationLatex.ruleName(step)) + "}"
            if let formula = DerivationLatex.formula(step, variable: p(variable)) { note += "\\ " + formula }
            if !parts.isEmpty { note += "\\ \\text{with " + parts.map { "(\($0))" }.joined(separator: ", ") + "}" }
            if folded { note += "\\ \\text{(steps folded)}" }
            rows.append(lhs(step.expression) + " &= " + p(step.shown) + " && " + note)
            used[used.count - 1].append(n)
        }
        for event in DerivationWalk.events(self) {
            switch event {
            case .open:
                used.append([])
            case let .close(step, number, _):
                let parts = used.removeLast()
                row(step, walkNumber: number, from: parts, folded: false)
            case let .leaf(step, number, _, folded):
                row(step, walkNumber: number, from: [], folded: folded)
            case let .reference(_, number, _):
                used[used.count - 1].append(rowNumber[number]!)
            }
        }
        if !(stages.isEmpty || stages.last?.expression == derivative) {
            for stage in stages {
                rows.append(" &= " + p(stage.expression) + " && \\text{" + DerivationLatex.text(stage.name + ": " + stage.summary) + "}")
            }
        }
        return "\\begin{align*}\n" + rows.joined(separator: " \\\\\n") + "\n\\end{align*}"
    }
}

/// Helpers of the LaTeX rendering.
enum DerivationLatex {
    /// `product rule`, `chain rule with d-sin`.
    static func ruleName(_ step: DerivationStep) -> String {
        if step.rule == "chain", let outer = step.outerRule { return "chain rule with " + outer }
        return step.rule + " rule"
    }

    /// The rule as a formula, in prime notation for the rules over parts; nil when the row
    /// itself already is the rule (a function's rule applied to the variable).
    static func formula(_ step: DerivationStep, variable x: String) -> String? {
        let dx = "\\frac{d}{d\(x)}"
        switch step.rule {
        case "constant": return dx + " c = 0"
        case "line": return dx + " \(x) = 1"
        case "power": return dx + " \(x)^{n} = n \(x)^{n-1}"
        case "reciprocal": return dx + " \\frac{1}{\(x)} = -\\frac{1}{\(x)^{2}}"
        case "exponential": return dx + " a^{\(x)} = a^{\(x)} \\ln a"
        case "sum": return "(u + v)' = u' + v'"
        case "constant-multiple": return "(k u)' = k u'"
        case "product": return "(u v)' = u' v + u v'"
        case "quotient": return "\\left(\\frac{u}{v}\\right)' = \\frac{u' v - u v'}{v^{2}}"
        case "general-power": return "(u^{v})' = u^{v} \\left(v' \\ln u + \\frac{v u'}{u}\\right)"
        case "chain": return "(f(u))' = f'(u)\\, u'" + (outer(step).map { ",\\ " + $0 } ?? "")
        default: return nil
        }
    }

    /// The outer rule of a chain as a formula in `u`: from the function table for a function of
    /// one argument (`\frac{d}{du}\sin(u) = \cos(u)`), fixed for the power rules.
    static func outer(_ step: DerivationStep) -> String? {
        let du = "\\frac{d}{du}"
        switch step.outerRule {
        case "power": return du + " u^{n} = n u^{n-1}"
        case "reciprocal": return du + " \\frac{1}{u} = -\\frac{1}{u^{2}}"
        case "exponential": return du + " a^{u} = a^{u} \\ln a"
        case let rule?:
            guard rule.hasPrefix("d-"), let f = FunctionTable.lookup(String(rule.dropFirst(2))), f.spec.arity.minimum == 1, !f.spec.arity.isVariadic else { return nil }
            let u = Expr.symbol("u")
            let printer = LatexPrinter()
            let args = [u] + f.spec.defaults.map { Expr.number($0) }
            return du + " " + printer.print(Expr.apply(f, args)) + " = " + printer.print(f.spec.partials(args)[0])
        case nil: return nil
        }
    }

    /// `s` safe inside `\text{}`.
    static func text(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "^": out += "\\^{}"
            case "~": out += "\\~{}"
            case "_", "{", "}", "%", "&", "#", "$": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }
}
