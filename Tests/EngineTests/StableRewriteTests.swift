import SymDiff
import Testing

/// Every stable rewrite, one row each: the rule fires on its textbook pattern, keeps the value
/// where the pattern computes well (against the expression lowered as written), and gives the
/// true value at the point where the pattern overflows, underflows or cancels. The true values
/// were computed with mpmath at 50 digits and rounded to the nearest double.
@Suite struct StableRewriteTests {
    struct Row: CustomStringConvertible {
        let rule: String
        let expression: String
        let variables: [String]
        /// Where the written form computes well: every variable drawn from this range.
        let ordinary: ClosedRange<Double>
        /// The point where the written form fails, and the true value there.
        let edge: [Double]
        let truth: Double
        /// False where lowering without the rewrites already calls a function of the table that
        /// computes the pattern (`log1p`, `expm1`: see `FunctionTable.accurateForm(of:)`).
        var writtenFails = true
        var description: String { "\(rule): \(expression)" }
    }

    static let rows: [Row] = [
        Row(rule: "log-softmax", expression: "log(exp(a)/(exp(a) + exp(b)))", variables: ["a", "b"], ordinary: -5...5,
            edge: [-800, 0], truth: -800),
        Row(rule: "log-sigmoid", expression: "log(sigmoid(z))", variables: ["z"], ordinary: -20...20, edge: [-800], truth: -800),
        Row(rule: "log-sigmoid", expression: "log(sigmoid(z))", variables: ["z"], ordinary: -20...20, edge: [40],
            truth: -4.248354255291589e-18),
        Row(rule: "log-one-minus-sigmoid", expression: "log(1 - sigmoid(z))", variables: ["z"], ordinary: -5...5, edge: [40], truth: -40),
        Row(rule: "log-one-plus-exp", expression: "log(1 + exp(z))", variables: ["z"], ordinary: -20...20, edge: [1000], truth: 1000),
        Row(rule: "log-one-plus-exp", expression: "log(1 + exp(z))", variables: ["z"], ordinary: -20...20, edge: [-40],
            truth: 4.248354255291589e-18, writtenFails: false),
        Row(rule: "log-sum-exp", expression: "log(exp(z1) + exp(z2))", variables: ["z1", "z2"], ordinary: -20...20,
            edge: [1000, 999], truth: 1000.3132616875182),
        Row(rule: "log-sum-exp", expression: "log(exp(z1) + exp(z2))", variables: ["z1", "z2"], ordinary: -20...20,
            edge: [-1000, -1000], truth: -999.3068528194401),
        Row(rule: "log1p", expression: "log(1 + x*y)", variables: ["x", "y"], ordinary: 0.1...2, edge: [1e-10, 1e-10], truth: 1e-20,
            writtenFails: false),
        Row(rule: "softmax-of-logsumexp", expression: "exp(z1 - logsumexp(z1, z2))", variables: ["z1", "z2"], ordinary: -5...5,
            edge: [1000, 999], truth: 0.7310585786300049),
        Row(rule: "softmax-quotient", expression: "exp(z1)/(exp(z1) + exp(z2) + exp(z3))", variables: ["z1", "z2", "z3"],
            ordinary: -20...20, edge: [1000, 999, 998], truth: 0.6652409557748219),
        Row(rule: "softmax-quotient", expression: "exp(z1)/(exp(z1) + exp(z2) + exp(z3))", variables: ["z1", "z2", "z3"],
            ordinary: -20...20, edge: [-1000, -1001, -1002], truth: 0.6652409557748219),
        Row(rule: "combine-exponentials", expression: "exp(z1)*(exp(-z1) - 1/(exp(z1) + exp(z2)))", variables: ["z1", "z2"],
            ordinary: -5...5, edge: [1000, 999], truth: 0.2689414213699951),
        Row(rule: "xlogx", expression: "x*log(x)", variables: ["x"], ordinary: 0.01...5, edge: [0], truth: 0),
        Row(rule: "hypot", expression: "sqrt(x^2 + y^2)", variables: ["x", "y"], ordinary: -5...5, edge: [1e200, 1e200],
            truth: 1.414213562373095e200),
        Row(rule: "hypot", expression: "sqrt(x^2 + y^2)", variables: ["x", "y"], ordinary: -5...5, edge: [3e-200, 4e-200], truth: 5e-200),
        Row(rule: "exp-of-square", expression: "exp(-z^2/2)", variables: ["z"], ordinary: -3...3, edge: [36.9],
            truth: 2.1386772409911012e-296),
        Row(rule: "sigmoid-product", expression: "sigmoid(z)*(1 - sigmoid(z))", variables: ["z"], ordinary: -5...5, edge: [40],
            truth: 4.248354255291589e-18),
        // The sigmoid is subnormal (e^-740): z times it carries its lost relative precision.
        Row(rule: "scaled-sigmoid", expression: "z*sigmoid(-z)", variables: ["z"], ordinary: -5...5, edge: [740], truth: 3.09967e-319),
        Row(rule: "complement-softmax", expression: "1 - exp(z1)/(exp(z1) + exp(z2) + exp(z3))", variables: ["z1", "z2", "z3"],
            ordinary: -5...5, edge: [40, 0, 0], truth: 8.496708510583178e-18),
        Row(rule: "complement-sigmoid", expression: "1 - sigmoid(z)", variables: ["z"], ordinary: -20...20, edge: [40],
            truth: 4.248354255291589e-18),
        Row(rule: "complement-erf", expression: "1 - erf(x)", variables: ["x"], ordinary: -2...2, edge: [10], truth: 2.088487583762545e-45),
        Row(rule: "complement-erf", expression: "1 + erf(x)", variables: ["x"], ordinary: -2...2, edge: [-10], truth: 2.088487583762545e-45),
        // -z/sqrt(2) rounded twice, then magnified about z^2 times by erfc: 1306 ulps as written.
        Row(rule: "erf-root-two", expression: "0.5*erfc(-z/sqrt(2))", variables: ["z"], ordinary: -3...3, edge: [-35],
            truth: 1.1249107064724062e-268),
        Row(rule: "erf-root-two", expression: "erf(z/sqrt(2))", variables: ["z"], ordinary: -3...3, edge: [0.3],
            truth: 0.23582284437790527, writtenFails: false),
        Row(rule: "complement-tanh-squared", expression: "1 - tanh(z)^2", variables: ["z"], ordinary: -3...3, edge: [20],
            truth: 1.6993417021166355e-17),
        Row(rule: "complement-tanh", expression: "1 - tanh(z)", variables: ["z"], ordinary: -3...3, edge: [20], truth: 8.496708510583178e-18),
        Row(rule: "softplus-difference", expression: "softplus(z) - softplus(-z)", variables: ["z"], ordinary: -20...20,
            edge: [1e-20], truth: 1e-20),
        // (x - mu)^2 overflows: inf/s^2 as written, where the quotient's square is 1e200.
        Row(rule: "square-quotient", expression: "(x - mu)^2/s^2", variables: ["x", "mu", "s"], ordinary: 0.5...5,
            edge: [1e300, 0, 1e200], truth: 1.0000000000000001e200),
        Row(rule: "expm1", expression: "exp(x) - 1", variables: ["x"], ordinary: -3...3, edge: [1e-20], truth: 1e-20, writtenFails: false),
    ]

    static func parse(_ text: String) -> Expr { try! Parser().parse(text) }

    @Test func everyRuleHasARow() {
        let covered = Set(Self.rows.map(\.rule))
        for rule in StableRewrite.all { #expect(covered.contains(rule.name), "no row tests \(rule.name)") }
    }

    @Test(arguments: rows)
    func ruleFiresKeepsTheValueAndFixesTheEdge(_ row: Row) throws {
        let f = Self.parse(row.expression)
        let variables = row.variables.map(Expr.symbol)
        let forms = StableForms([f])
        #expect(forms.applied.contains(row.rule), "\(row): applied \(forms.applied)")

        let stable = try CompiledFunction([f], variables: variables)
        let written = try CompiledFunction([f], variables: variables, stable: false)
        var rng = SplitMix64(seed: UInt64(row.expression.utf8.count))
        let points = (0..<(20 * variables.count)).map { _ in Double.random(in: row.ordinary, using: &rng) }
        for (s, w) in zip(stable.evaluate(points: points), written.evaluate(points: points)) {
            #expect(abs(s - w) <= 1e-12 * max(1, abs(w)), "\(row): stable \(s), written \(w)")
        }

        let value = stable.evaluate(points: row.edge)[0]
        #expect(ulps(value, row.truth) <= 2, "\(row) at \(row.edge): \(value), true \(row.truth)")
        let naive = written.evaluate(points: row.edge)[0]
        #expect(!row.writtenFails || ulps(naive, row.truth) > 2, "\(row): the written form is already right at \(row.edge) (\(naive)); pick a harder edge")
    }

    /// The symbolic result keeps its textbook form: only programs change.
    @Test func printedDerivativesStayTextbook() {
        let f = Self.parse("log(sigmoid(z))")
        let d = f.derivative(withRespectTo: .symbol("z"))
        #expect(!d.description.contains("softplus"), "\(d)")
        #expect(StableForms.forDerivatives(f).description == "-softplus(-z)")
    }

    /// Gradients are computed from the stable form (`sigmoid(-z)`, not `exp(-z)/(1 + exp(-z))`).
    @Test func gradientsOfStableFormsAreFiniteAtTheEdges() throws {
        let cases: [(String, [String], [Double], [Double])] = [
            ("log(sigmoid(z))", ["z"], [-800], [1]),
            ("log(sigmoid(z))", ["z"], [800], [0]),
            ("log(1 - sigmoid(z))", ["z"], [40], [-1]),
            ("log(1 + exp(z))", ["z"], [1000], [1]),
            ("log(exp(z1) + exp(z2))", ["z1", "z2"], [1000, 999], [0.7310585786300049, 0.2689414213699951]),
            ("log(exp(z1) + exp(z2))", ["z1", "z2"], [-1000, -999], [0.2689414213699951, 0.7310585786300049]),
            ("-log(exp(z1)/(exp(z1) + exp(z2)))", ["z1", "z2"], [1000, 999], [-0.2689414213699951, 0.2689414213699951]),
            // z2 - z1 and z3 - z1 round to one value: the softmax must come from the logits themselves.
            ("-log(exp(z1)/(exp(z1) + exp(z2) + exp(z3)))", ["z1", "z2", "z3"], [-3.6884183517057816e232, -1.7360305171352145e-130, 304.0635806039936],
             [-1, 8.848400995442678e-133, 1]),
            // softplus(-z) - softplus(z) is -z; the difference cancels at small z.
            ("-(y*log(sigmoid(z)) + (1 - y)*log(1 - sigmoid(z)))", ["z", "y"], [1e-20, 0.25], [0.25, -1e-20]),
        ]
        for (text, names, point, truth) in cases {
            let f = Self.parse(text)
            let variables = names.map(Expr.symbol)
            let gradient = StableForms.forDerivatives(f).gradient(withRespectTo: variables)
            let values = try CompiledFunction(gradient, variables: variables).evaluate(points: point)
            for (got, want) in zip(values, truth) {
                #expect(ulps(got, want) <= 2, "gradient of \(text) at \(point): \(values), true \(truth)")
            }
        }
    }
}

/// The distance from `value` to `truth` in units of the last place of `truth` (infinite for a
/// non-finite value).
func ulps(_ value: Double, _ truth: Double) -> Double {
    guard value.isFinite else { return .infinity }
    if value == truth { return 0 }
    return abs(value - truth) / (truth == 0 ? Double.leastNonzeroMagnitude : truth.ulp)
}
