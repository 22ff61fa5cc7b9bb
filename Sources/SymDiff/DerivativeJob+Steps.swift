extension DerivativeJob {
    /// `--steps`: the derivation of a first derivative with respect to one variable, rendered in
    /// the job's format. Ends with the same result `run` prints without steps.
    func stepsText(of expr: Expr, variables: [String], decimals: Bool) throws(Failure) -> String {
        guard variables.count == 1, order == 1 else {
            throw .message("--steps shows a first derivative with respect to one variable; leave out --order and repeated --wrt")
        }
        var derivation = derivationSteps(of: expr, withRespectTo: .symbol(variables[0]), depth: stepsDepth,
                                         simplify: simplify && !expand, decimals: decimals)
        if expand {
            do {
                let expanded = try derivation.derivative.expanded()
                derivation.stages = [DerivationStage(name: "expand-all", summary: SimplificationStages.summaries["expand-all"]!,
                                                     expression: expanded)]
            } catch {
                throw .limit(error.description + "; leave out --expand")
            }
        }
        if derivation.result.head == .undefined {
            throw .message("the derivative is undefined (it divides by zero)")
        }
        if derivation.result.node.treeSize > maximumPrintedNodes {
            throw .limit("the result has more than \(maximumPrintedNodes) nodes written out; too large to print")
        }
        switch format {
        case .infix: return derivation.text
        case .latex: return derivation.latex
        case .json: return derivation.json
        }
    }
}
