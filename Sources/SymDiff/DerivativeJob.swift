/// One derivative as a user asks for it: check the variables, differentiate (to an order, or
/// mixed partials in sequence), then simplify or expand, within limits. The front ends (command
/// line, statement language) translate their arguments into a job and its failures into their
/// own words; the job speaks only of expressions and numbers.
public struct DerivativeJob: Sendable {
    /// One step of differentiation: `order` times with respect to `variable`; a nil variable
    /// means the expression's only variable (`x` when it has none).
    public struct Partial: Sendable, Equatable {
        /// The variable; nil for the expression's only one.
        public var variable: Expr?
        /// How many times.
        public var order: Int

        /// `order` times with respect to `variable`.
        public init(variable: Expr?, order: Int) {
            self.variable = variable
            self.order = order
        }
    }

    /// The partial derivatives, applied in order.
    public var partials: [Partial]
    /// Simplify the result by the named rules (otherwise the rules' raw, canonical output).
    public var simplify = true
    /// Multiply out products and powers of sums in the result instead of simplifying.
    public var expand = false
    /// Simplify and print numbers as decimals where the input was written with them.
    public var decimals = false
    /// Largest intermediate result (distinct nodes) built before giving up.
    public var maximumNodes = 2_000_000
    /// Largest result (nodes written out) that may be printed.
    public var maximumPrintedNodes = 20_000_000
    /// Highest order computed; a higher order is answered only when the derivative reaches zero
    /// before this limit (`x^3` to any order).
    public var maximumOrder = 250

    /// A job taking the partials in order.
    public init(partials: [Partial]) {
        self.partials = partials
    }

    /// The `order`-th derivative with respect to the expression's only variable.
    public init(order: Int = 1) {
        self.partials = [Partial(variable: nil, order: order)]
    }

    /// Why a job gives no derivative.
    public enum Failure: Error, Equatable {
        /// The expression itself is undefined (it divides by zero).
        case undefinedExpression
        /// No variable was named and the expression has several (their names).
        case severalVariables([String])
        /// The same variable was named twice.
        case repeatedVariable(Expr)
        /// An order above `maximumOrder` whose derivative is not zero by then.
        case orderAboveLimit(order: Int, limit: Int)
        /// An intermediate result grew past `maximumNodes`.
        case tooManyNodes(reached: Int, limit: Int)
        /// The expansion would be too large.
        case expansionTooLarge(ExpansionError)
        /// The derivative is undefined (it divides by zero).
        case undefinedDerivative
        /// The result is larger written out than `maximumPrintedNodes`.
        case tooLargeToPrint(limit: Int, distinct: Int)
        /// Steps explain one first derivative with respect to one variable.
        case stepsNeedOneFirstDerivative
    }

    /// The partials with their variables decided: a nil variable becomes the expression's only
    /// variable; an order-0 job names none.
    public func resolvedPartials(of expr: Expr) throws(Failure) -> [(variable: Expr, order: Int)] {
        var out: [(variable: Expr, order: Int)] = []
        for p in partials {
            guard let v = p.variable else {
                if p.order == 0 { continue }
                let free = expr.freeSymbols
                if free.count > 1 { throw .severalVariables(free) }
                out.append((.symbol(free.first ?? "x"), p.order))
                continue
            }
            // A scan: a few variables, and no Set to set up on the one-shot path.
            if out.contains(where: { $0.variable == v }) { throw .repeatedVariable(v) }
            out.append((v, p.order))
        }
        return out
    }

    /// The derivative of `expr`, simplified (or expanded) as the job says.
    public func derivative(of expr: Expr) throws(Failure) -> Expr {
        if expr.head == .undefined { throw .undefinedExpression }
        var result = expr
        for (x, order) in try resolvedPartials(of: expr) {
            do throws(CalculusError) {
                result = try result.derivative(withRespectTo: x, order: min(order, maximumOrder), maximumNodes: maximumNodes)
            } catch {
                if case let .tooLarge(nodes, limit) = error { throw .tooManyNodes(reached: nodes, limit: limit) }
                throw .tooManyNodes(reached: maximumNodes, limit: maximumNodes)
            }
            if result.isZero { break }
            if order > maximumOrder { throw .orderAboveLimit(order: order, limit: maximumOrder) }
        }
        if expand {
            do throws(ExpansionError) { result = try result.expanded() } catch { throw .expansionTooLarge(error) }
        } else if simplify {
            result = Simplifier(decimals: decimals).simplify(result)
        }
        if result.head == .undefined { throw .undefinedDerivative }
        try checkPrintable(result)
        return result
    }

    /// Throws when `result` is too large written out to print.
    func checkPrintable(_ result: Expr) throws(Failure) {
        if result.node.treeSize > maximumPrintedNodes {
            throw .tooLargeToPrint(limit: maximumPrintedNodes, distinct: result.postorder.count)
        }
    }
}
