import Expr

/// The trace that keeps steps: turns each rule the differentiator applies into a
/// `DerivationStep`, naming it as a course does. The engine has one product rule over n-ary
/// products with negative exponents; a product that prints as `u/v` is presented as the
/// quotient rule, `k*u` as a constant multiple, and a rule whose inner argument is not the
/// variable itself as the chain rule. Only the presentation differs: the derivative recorded is
/// always the one the engine computed.
struct StepRecorder: DerivativeTrace {
    static var isRecording: Bool { true }

    let variable: Expr
    /// `d/dx` for this variable.
    let d: String
    private(set) var steps: [Expr: DerivationStep] = [:]

    init(variable: Expr) {
        self.variable = variable
        let name: String
        if case let .symbol(n) = variable.head { name = n } else { name = "\(variable)" }
        d = "d/d" + name
    }

    mutating func record(_ rule: EngineRule, at e: Expr, derivative: Expr, derivatives: ExprMap<Expr>) {
        let varies = { (u: Expr) -> Bool in !(derivatives[u]?.isZero ?? true) }
        var step = Builder(expression: e, derivative: derivative)
        // A node none of whose children varies is a constant, whatever its shape (`sin(y)`).
        if !e.children.isEmpty && !e.children.contains(where: varies) {
            step.rule = "constant"
            step.statement = "\(d) c = 0 (\(e) does not depend on \(variable))"
            steps[e] = step.build()
            return
        }
        switch rule {
        case .constant:
            step.rule = "constant"
            if case .symbol = e.head {
                step.statement = "\(d) c = 0 (\(e) does not depend on \(variable))"
            } else {
                step.statement = "\(d) c = 0"
            }
        case .variable:
            step.rule = "line"
            step.statement = "\(d) \(variable) = 1"
        case .undefined:
            step.rule = "undefined"
            step.statement = "an undefined value has no derivative"
        case .sum:
            step.rule = "sum"
            step.statement = "\(d) (u + v) = du/d\(variable) + dv/d\(variable)"
            step.parts = e.children
        case .product:
            product(e, varies: varies, into: &step)
            if step.rule == "quotient", let du = derivatives[step.parts[0]], let dv = derivatives[step.parts[1]] {
                let (u, v) = (step.parts[0], step.parts[1])
                step.shown = .product([step.constantFactor ?? .one, .sum([.product([du, v]), -.product([u, dv])]), .power(v, .integer(-2))])
            }
        case let .power(outer):
            let (base, exponent) = (e.children[0], e.children[1])
            let reciprocal = exponent == .minusOne
            let name = reciprocal ? "reciprocal" : "power"
            if base == variable {
                step.rule = name
                step.statement = reciprocal ? "\(d) (1/\(variable)) = -1/\(variable)^2" : "\(d) \(variable)^n = n*\(variable)^(n-1)"
                step.outerDerivatives = [outer]
            } else {
                chain(outerRule: name, outerStatement: reciprocal ? "d/du (1/u) = -1/u^2" : "d/du u^n = n*u^(n-1)",
                      parts: [base], outer: [outer], into: &step)
            }
        case let .exponential(outer):
            let exponent = e.children[1]
            if exponent == variable {
                step.rule = "exponential"
                step.statement = "\(d) a^\(variable) = a^\(variable)*log(a)"
                step.outerDerivatives = [outer]
            } else {
                chain(outerRule: "exponential", outerStatement: "d/du a^u = a^u*log(a)", parts: [exponent], outer: [outer], into: &step)
            }
        case .generalPower:
            step.rule = "general-power"
            step.statement = "\(d) u^v = u^v*(dv/d\(variable)*log(u) + v*(du/d\(variable))/u)"
            step.parts = e.children
        case let .chain(f, partials):
            let varying = e.children.indices.filter { varies(e.children[$0]) }
            let parts = varying.map { e.children[$0] }
            let outer = varying.map { partials[$0] }
            if parts.allSatisfy({ $0 == variable }) {
                // The function's own rule applied to the variable: no chain to show.
                step.rule = f.spec.rule
                step.statement = f.spec.ruleText
                step.outerDerivatives = outer
            } else {
                chain(outerRule: f.spec.rule, outerStatement: f.spec.ruleText, parts: parts, outer: outer, into: &step)
            }
        case .piecewise:
            step.rule = FunctionID.piecewise.spec.rule
            step.statement = FunctionID.piecewise.spec.ruleText
            step.parts = e.children.dropFirst().filter { varies($0) }
        }
        steps[e] = step.build()
    }

    private func chain(outerRule: String, outerStatement: String, parts: [Expr], outer: [Expr], into step: inout Builder) {
        step.rule = "chain"
        step.statement = "\(d) f(u) = f'(u)*du/d\(variable)"
        step.outerRule = outerRule
        step.outerStatement = outerStatement
        step.parts = parts
        step.outerDerivatives = outer
    }

    /// Constant multiple, quotient or product, by which factors vary and how the product prints.
    private func product(_ e: Expr, varies: (Expr) -> Bool, into step: inout Builder) {
        let factors = e.children
        let varying = factors.filter(varies)
        let constant = Expr.product([.number(e.coefficient)] + factors.filter { !varies($0) })
        step.constantFactor = constant == .one ? nil : constant
        if varying.count == 1 {
            step.rule = "constant-multiple"
            step.statement = "\(d) (k*u) = k*du/d\(variable)"
            step.parts = varying
            return
        }
        // `u/v`: one varying factor over the reciprocal of another, as the product prints.
        if varying.count == 2, let i = varying.firstIndex(where: \.isReciprocal), !varying[1 - i].isReciprocal {
            step.rule = "quotient"
            step.statement = "\(d) (u/v) = (du/d\(variable)*v - u*dv/d\(variable))/v^2"
            step.parts = [varying[1 - i], varying[i].children[0]]
            return
        }
        step.rule = "product"
        switch varying.count {
        case 2: step.statement = "\(d) (u*v) = du/d\(variable)*v + u*dv/d\(variable)"
        case 3: step.statement = "\(d) (u*v*w) = du/d\(variable)*v*w + u*dv/d\(variable)*w + u*v*dw/d\(variable)"
        default: step.statement = "\(d) (u1*u2*...) = the sum over the factors of its derivative times the other factors"
        }
        step.parts = varying
    }

    /// The fields of a step while its rule is worked out.
    struct Builder {
        let expression: Expr
        let derivative: Expr
        var rule = ""
        var statement = ""
        var outerRule: String?
        var outerStatement: String?
        var outerDerivatives: [Expr] = []
        var parts: [Expr] = []
        var constantFactor: Expr?
        var shown: Expr

        init(expression: Expr, derivative: Expr) {
            self.expression = expression
            self.derivative = derivative
            shown = derivative
        }

        func build() -> DerivationStep {
            DerivationStep(expression: expression, derivative: derivative, rule: rule, statement: statement,
                           outerRule: outerRule, outerStatement: outerStatement, outerDerivatives: outerDerivatives,
                           parts: parts, constantFactor: constantFactor, shown: shown)
        }
    }
}

extension Expr {
    /// `v^-1`: what prints as `1/v`.
    var isReciprocal: Bool {
        if case .pow = head, children[1] == .minusOne { return true }
        return false
    }
}
