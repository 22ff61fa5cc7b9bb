import Expr

/// How the derivative of one distinct subexpression was obtained: the rule, as a student names
/// it, the subexpressions whose derivatives it used, and the result the differentiator produced.
/// Every step is an equation `d/dx expression = derivative`.
public struct DerivationStep: Sendable, Equatable {
    /// The subexpression differentiated.
    public let expression: Expr
    /// Its derivative, exactly as the differentiator built it (canonical, not simplified).
    public let derivative: Expr
    /// The stable rule name: `constant`, `line`, `power`, `reciprocal`, `exponential`, `sum`,
    /// `constant-multiple`, `product`, `quotient`, `chain`, `general-power`, `undefined`, or a
    /// function's own rule (`d-sin`) when it is applied to the variable itself.
    public let rule: String
    /// The rule in words, with this step's variable: `d/dx (u*v) = du/dx*v + u*dv/dx`.
    public let statement: String
    /// For `chain`: the rule of the outer function (`d-sin`, `power`, `reciprocal`, `exponential`).
    public let outerRule: String?
    /// For `chain`: the outer rule in words (`d/du sin(u) = cos(u)`).
    public let outerStatement: String?
    /// For `chain` and function rules: the outer derivative at each part (`cos(x^2)` for
    /// `sin(x^2)`), aligned with `parts`; empty otherwise.
    public let outerDerivatives: [Expr]
    /// The subexpressions whose derivatives this step combines, each explained by its own step:
    /// terms of a sum, varying factors of a product, `u` and `v` of a quotient, the inner `u` of
    /// a chain. Empty for rules applied to the variable directly.
    public let parts: [Expr]
    /// For the product rules: the factor that does not depend on the variable (`k` in `k*u`),
    /// or nil when there is none.
    public let constantFactor: Expr?
    /// The derivative as the step's own line shows it: in the quotient rule's shape
    /// `k*(du/dx*v - u*dv/dx)/v^2` for a quotient (equal to `derivative`, which the canonical
    /// constructors split into a product-rule sum), `derivative` itself for every other rule.
    public let shown: Expr
}

/// One named stage of the simplification from the raw derivative to the printed one.
public struct DerivationStage: Sendable, Equatable {
    /// The stable name of the rule or pass that made the change (`common-factor`, `expand`).
    public let name: String
    /// What it did, in words.
    public let summary: String
    /// The whole derivative after this stage.
    public let expression: Expr

    /// A stage with its rule name, what it did and the result.
    public init(name: String, summary: String, expression: Expr) {
        self.name = name
        self.summary = summary
        self.expression = expression
    }
}

/// The derivation of a derivative as the differentiator performed it: one step per distinct
/// subexpression (shared subexpressions are explained once), then the simplification stages.
/// Render it with `text`, `latex` or `json`.
public struct Derivation: Sendable {
    /// The expression differentiated.
    public let expression: Expr
    /// The variable differentiated by.
    public let variable: Expr
    /// The step of every distinct subexpression the differentiator visited.
    public let steps: [Expr: DerivationStep]
    /// The derivative as the rules produced it (canonical, not simplified).
    public let derivative: Expr
    /// The simplification from `derivative` to `result`, stage by stage; empty when the
    /// derivative is shown as the rules produced it.
    public var stages: [DerivationStage] = []
    /// Steps deeper than this are folded into their parent's line when rendered; nil shows all.
    public var depth: Int?
    /// Print numbers as decimals (as the input did), as `InfixPrinter(decimals:)` does.
    public var decimals = false

    /// The final derivative: the last stage, or the raw derivative without stages.
    public var result: Expr { stages.last?.expression ?? derivative }

    /// The step that explains `expr`'s derivative (for `expression` itself: the first step).
    public func step(for expr: Expr) -> DerivationStep? { steps[expr] }

    /// The step of the whole expression.
    public var root: DerivationStep { steps[expression]! }
}

extension Expr {
    /// The derivative with respect to `x` together with the steps that produced it, recorded by
    /// the differentiator itself while it works (the same code path as `derivative(withRespectTo:)`,
    /// so the derivative is identical).
    public func derivation(withRespectTo x: Expr) -> Derivation {
        var recorder = StepRecorder(variable: x)
        var differentiator = Differentiator(withRespectTo: x)
        let raw = differentiator.derivative(of: self, recording: &recorder)
        return Derivation(expression: self, variable: x, steps: recorder.steps, derivative: raw)
    }
}
