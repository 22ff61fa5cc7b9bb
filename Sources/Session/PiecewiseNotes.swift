import SymDiff

/// Notes on the boundaries of piecewise functions: where the two sides' derivatives differ (a
/// kink) or the function jumps, the derivative there is a convention, and the note says so with
/// the left and right values.
enum PiecewiseNotes {
    /// Notes for the first derivative of `expr` that `job` takes, at every boundary of one of its
    /// `piecewise` nodes that is a point of the variable (`x < 1`, `2*x >= 3`).
    static func notes(for expr: Expr, job: DerivativeJob) -> [String] {
        guard let partials = try? job.resolvedPartials(of: expr), partials.count == 1, partials[0].order == 1 else { return [] }
        let x = partials[0].variable
        var notes: [String] = []
        for node in expr.postorder {
            guard case .function(.piecewise) = node.head, let note = boundaryNote(node, x) else { continue }
            if !notes.contains(note) { notes.append(note) }
        }
        return notes
    }

    /// The note for one `piecewise(c, a, b)` whose condition compares two sides linear in `x`.
    private static func boundaryNote(_ node: Expr, _ x: Expr) -> String? {
        let (c, a, b) = (node.children[0], node.children[1], node.children[2])
        guard case let .function(f) = c.head, [.less, .lessEqual, .greater, .greaterEqual].contains(f),
              let x0 = (c.children[0] - c.children[1]).linearRoot(in: x) else { return nil }
        let at: [Expr: Expr] = [x: .number(x0)]
        let simplifier = Simplifier()
        func value(_ e: Expr) -> Expr { simplifier.simplify(e.substituting(at)) }
        // Which branch holds just left of the boundary: the condition there, numerically.
        let step = 1e-9 * max(1, x0.doubleValue.magnitude)
        let name = InfixPrinter().print(x)
        let leftHolds = c.evaluate(at: [name: x0.doubleValue - step]) != 0
        let (left, right) = leftHolds ? (a, b) : (b, a)
        let point = "\(name) = \(InfixPrinter().print(.number(x0)))"
        let (leftValue, rightValue) = (value(left), value(right))
        guard leftValue.freeSymbols.isEmpty, rightValue.freeSymbols.isEmpty else { return nil }
        if leftValue != rightValue {
            return "note: at \(point) the function jumps (from \(InfixPrinter().print(leftValue)) to \(InfixPrinter().print(rightValue))): the derivative does not exist there; the result gives the derivative of the branch chosen at \(point)"
        }
        let (dl, dr) = (value(left.derivative(withRespectTo: x)), value(right.derivative(withRespectTo: x)))
        guard dl != dr, dl.freeSymbols.isEmpty, dr.freeSymbols.isEmpty else { return nil }
        let chosen = c.substituting(at) == .one ? a : b
        let taken = value(chosen.derivative(withRespectTo: x))
        return "note: at \(point) the derivative from the left is \(InfixPrinter().print(dl)) and from the right \(InfixPrinter().print(dr)): it does not exist there; the result takes \(InfixPrinter().print(taken)) there, the derivative of the branch the condition chooses (as relu takes relu'(0) = 0)"
    }
}
