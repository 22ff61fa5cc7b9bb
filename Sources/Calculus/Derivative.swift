import Expr

/// Errors of the calculus operations.
public enum CalculusError: Error, Equatable, CustomStringConvertible {
    /// The variable to differentiate with respect to is not a symbol.
    case notAVariable(String)
    /// The result grew past the node limit (expression swell).
    case tooLarge(nodes: Int, limit: Int)

    /// The message for a person.
    public var description: String {
        switch self {
        case let .notAVariable(s): return "cannot differentiate with respect to '\(s)': not a variable"
        case let .tooLarge(nodes, limit):
            return "the result grows past \(limit) distinct nodes (reached \(nodes)); raise --max-nodes to allow more"
        }
    }
}

/// Differentiation with respect to one variable over the shared graph: every distinct node is
/// differentiated once (memoized), children before parents, without recursion. The result is
/// canonical but not simplified; callers decide how hard to simplify.
public struct Differentiator {
    /// The variable differentiated with respect to.
    public let variable: Expr
    private var memo = ExprMap<Expr>()

    /// A differentiator with respect to `variable` (a symbol).
    public init(withRespectTo variable: Expr) {
        self.variable = variable
    }

    /// The derivative of `expr`.
    public mutating func derivative(of expr: Expr) -> Expr {
        var none = NoTrace()
        return derivative(of: expr, recording: &none)
    }

    /// The derivative of `expr`, telling `trace` which rule produced each node's derivative.
    /// Generic so that the plain call above is specialised with `NoTrace` and compiles to the
    /// untraced loop: steps cost nothing when nobody asks for them.
    mutating func derivative<Trace: DerivativeTrace>(of expr: Expr, recording trace: inout Trace) -> Expr {
        if let known = memo[expr] { return known }
        for node in expr.postorder where memo[node] == nil {
            if Cancellation.isRequested { return .undefined }
            memo[node] = local(node, &trace)
        }
        return memo[expr]!
    }

    /// The rule at one node, given the derivatives of its children in `memo`.
    @inline(__always)
    private func local<Trace: DerivativeTrace>(_ e: Expr, _ trace: inout Trace) -> Expr {
        let (rule, result) = apply(e)
        if Trace.isRecording { trace.record(rule, at: e, derivative: result, derivatives: memo) }
        return result
    }

    /// The rule at one node and its result. The rule value is only read by a recording trace;
    /// with `NoTrace` it is dead and the optimizer drops it.
    @inline(__always)
    private func apply(_ e: Expr) -> (EngineRule, Expr) {
        switch e.head {
        case .number, .constant: return (.constant, .zero)
        case .undefined: return (.undefined, .undefined)
        case .symbol: return e == variable ? (.variable, .one) : (.constant, .zero)
        case .add:
            // Sum rule.
            return (.sum, .sum(e.children.map { memo[$0]! }))
        case let .mul(c):
            // Product rule: sum over the factors of (d factor) * (the other factors).
            let factors = e.children
            var terms: [Expr] = []
            for (i, f) in factors.enumerated() {
                let df = memo[f]!
                if df.isZero { continue }
                var rest = factors
                rest.remove(at: i)
                terms.append(Differentiator.product(df, times: rest, coefficient: c))
            }
            return (.product, .sum(terms))
        case .pow:
            let (b, p) = (e.children[0], e.children[1])
            let db = memo[b]!, dp = memo[p]!
            if dp.isZero {
                if db.isZero { return (.constant, .zero) }
                // Power rule with the chain rule: d u^n = n*u^(n-1)*du.
                let outer = Expr.product([p, .power(b, p - 1)])
                return (.power(outer: outer), .product(outer, keeping: db))
            }
            let logb = Expr.apply(FunctionID.log, [b])
            if db.isZero {
                // Exponential rule: d a^v = a^v*log(a)*dv.
                let outer = Expr.product([e, logb])
                return (.exponential(outer: outer), .product(outer, keeping: dp))
            }
            // General power: d u^v = u^v*(dv*log(u) + v*du/u).
            return (.generalPower, .product([e, .sum([.product([dp, logb]), .product([p, db, .power(b, .minusOne)])])]))
        case let .function(f) where f == .piecewise:
            return (.piecewise, piecewiseDerivative(e.children))
        case let .function(f):
            // Chain rule, written once for every function of the table.
            let args = e.children
            let partials = f.spec.partials(args)
            var terms: [Expr] = []
            for (i, a) in args.enumerated() {
                let da = memo[a]!
                if da.isZero { continue }
                terms.append(.product(partials[i], keeping: da))
            }
            return (.chain(f, partials: partials), .sum(terms))
        }
    }
}

extension Differentiator {
    /// `piecewise(c, da, db)`, the derivative of the branch that applies, never a branch's
    /// derivative times 0 (which would be NaN where the untaken branch is undefined). A condition
    /// `u == v` that varies holds only on a set without interior, where the derivative is that of
    /// the other branch (`d/dx if(x == 0, 0, x)` is 1), and `u != v` likewise, unless that
    /// derivative is undefined at the point (`sin(x)/x` at 0), where the point's own branch
    /// stays.
    private func piecewiseDerivative(_ args: [Expr]) -> Expr {
        let (c, da, db) = (args[0], memo[args[1]]!, memo[args[2]]!)
        if case let .function(f) = c.head, f == .equal || f == .notEqual,
           c.children.contains(where: { !memo[$0]!.isZero }) {
            let elsewhere = f == .equal ? db : da
            let x0 = (c.children[0] - c.children[1]).linearRoot(in: variable)
            if x0.map({ elsewhere.substituting([variable: .number($0)]).head != .undefined }) ?? true { return elsewhere }
        }
        return .apply(.piecewise, [c, da, db])
    }

    /// `df * c * rest` for the factors `rest` that remain of a canonical product once one is
    /// taken out. Those factors with the coefficient are a canonical product already, so it is
    /// built as it stands and multiplied by `df` with one two-operand product, instead of
    /// collecting every factor again. `c` times a lone sum would be distributed, so that case
    /// keeps the general constructor (the coefficient belongs to the whole term).
    static func product(_ df: Expr, times rest: [Expr], coefficient c: Rational) -> Expr {
        switch rest.count {
        case 0: return .product([.number(c), df])
        case 1 where c.isOne: return .product([rest[0], df])
        case 1 where rest[0].isSum: return .product([.number(c), df, rest[0]])
        default: return .product([Expr.product(rest, coefficient: c), df])
        }
    }
}

extension Expr {
    /// The root of `self` in `x` when `self` is `k*x + m` with rational `k != 0` and `m`: where a
    /// condition comparing two sides linear in `x` changes.
    public func linearRoot(in x: Expr) -> Rational? {
        guard let k = derivative(withRespectTo: x).rationalValue, !k.isZero,
              let m = (self - .number(k) * x).rationalValue else { return nil }
        return -m / k
    }

    /// The derivative with respect to the variable `x`.
    public func derivative(withRespectTo x: Expr) -> Expr {
        var d = Differentiator(withRespectTo: x)
        return d.derivative(of: self)
    }

    /// The `order`-th derivative with respect to `x`. Stops early when it reaches zero; throws
    /// when an intermediate result passes `maximumNodes` distinct nodes.
    public func derivative(withRespectTo x: Expr, order: Int, maximumNodes: Int = 2_000_000) throws(CalculusError) -> Expr {
        var result = self
        for k in 0..<order {
            if order > 1 { Cancellation.report(.derivativeOrders, done: k, of: order) }
            result = result.derivative(withRespectTo: x)
            if result.isZero || Cancellation.isRequested { return result }
            if result.node.treeSize > maximumNodes {
                let distinct = result.postorder.count
                if distinct > maximumNodes { throw .tooLarge(nodes: distinct, limit: maximumNodes) }
            }
        }
        return result
    }
}
