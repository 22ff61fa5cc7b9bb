extension DerivativeJob {
    /// The derivation of a first derivative with respect to one variable, rule by rule, then its
    /// simplification (or expansion) as named stages. Its result is what `derivative(of:)` gives.
    /// `depth` folds the steps deeper than it.
    public func derivation(of expr: Expr, depth: Int? = nil) throws(Failure) -> Derivation {
        if expr.head == .undefined { throw .undefinedExpression }
        let resolved = try resolvedPartials(of: expr)
        guard resolved.count == 1, resolved[0].order == 1 else { throw .stepsNeedOneFirstDerivative }
        var derivation = derivationSteps(of: expr, withRespectTo: resolved[0].variable, depth: depth,
                                         simplify: simplify && !expand, decimals: decimals)
        if expand {
            do throws(ExpansionError) {
                let expanded = try derivation.derivative.expanded()
                derivation.stages = [DerivationStage(name: "expand-all", summary: SimplificationStages.summaries["expand-all"]!,
                                                     expression: expanded)]
            } catch {
                throw .expansionTooLarge(error)
            }
        }
        if derivation.result.head == .undefined { throw .undefinedDerivative }
        try checkPrintable(derivation.result)
        return derivation
    }
}
