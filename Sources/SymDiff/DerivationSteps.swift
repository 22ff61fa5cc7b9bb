/// The derivation of `expr`'s derivative with respect to `x` as the engine performs it: the
/// differentiator's own trace (shared subexpressions explained once), then, when `simplify`,
/// the simplification summarised as named stages whose last result is exactly what
/// `Simplifier(decimals:)` makes of the derivative. What `steps(diff(expr, x))` shows.
///
/// Render the result with `.text`, `.latex` or `.json`; `depth` folds steps deeper than it.
public func derivationSteps(of expr: Expr, withRespectTo x: Expr, depth: Int? = nil,
                            simplify: Bool = true, decimals: Bool = false) -> Derivation {
    var derivation = expr.derivation(withRespectTo: x)
    derivation.depth = depth
    derivation.decimals = decimals
    if simplify {
        derivation.stages = SimplificationStages(decimals: decimals).stages(from: derivation.derivative)
    }
    return derivation
}

/// The simplification of one expression told as named stages. The simplifier tries its rules
/// together at every node, so a rule's effect cannot be cut out of one run; instead stage k is
/// the simplifier run with the first k rules, and a stage is shown, named after rule k, when
/// adding that rule changed the result. The last run uses every rule, so the last stage is the
/// plain simplified result.
public struct SimplificationStages {
    /// Costs numbers as they print with decimals, like the plain simplification.
    public var decimals: Bool

    /// A recorder of steps; with `decimals`, numbers print as decimals where the input used them.
    public init(decimals: Bool = false) {
        self.decimals = decimals
    }

    /// The stages from `raw` to `Simplifier(decimals:).simplify(raw)`; empty when nothing changes.
    public func stages(from raw: Expr) -> [DerivationStage] {
        let plain = Simplifier(decimals: decimals)
        // The simplifier itself swaps to the light rules above `fullEffortNodes`; choose the same
        // list here and keep it for every prefix.
        let rules = raw.postorder.count > plain.fullEffortNodes ? SimplificationRule.light : plain.rules
        var stages: [DerivationStage] = []
        var previous = raw
        for k in rules.indices {
            var simplifier = plain
            simplifier.rules = Array(rules[...k])
            simplifier.fullEffortNodes = Int.max
            let result = simplifier.simplify(raw)
            if result != previous {
                stages.append(DerivationStage(name: rules[k].name, summary: rules[k].summary, expression: result))
                previous = result
            }
        }
        return stages
    }

    /// What each simplification rule does, in words, by its stable name (and `expand-all`,
    /// the stage of `--expand`).
    public static let summaries: [String: String] = Dictionary(
        (SimplificationRule.standard + SimplificationRule.light).map { ($0.name, $0.summary) } + [("expand-all", "everything multiplied out")],
        uniquingKeysWith: { first, _ in first })
}
