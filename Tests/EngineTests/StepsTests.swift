import Foundation
import Testing
import SymDiff

/// Step-by-step derivations: the rule named at each step, every step an equation that holds,
/// and the last line equal to the plain derivative.
@Suite struct StepsTests {
    let x = Expr.symbol("x")

    func derivation(_ text: String, depth: Int? = nil) throws -> Derivation {
        derivationSteps(of: try Parser().parse(text), withRespectTo: x, depth: depth)
    }

    // MARK: - Golden: one example of every rule

    @Test(arguments: [
        // (expression, rule of the whole expression, its derivative as the rules build it)
        ("5", "constant", "0"),
        ("y", "constant", "0"),
        ("sin(y)", "constant", "0"),
        ("x", "line", "1"),
        ("x^3", "power", "3*x^2"),
        ("2^x", "exponential", "2^x*log(2)"),
        ("3*sin(x)", "constant-multiple", "3*cos(x)"),
        ("x^2 + x", "sum", "2*x + 1"),
        ("x*sin(x)", "product", "x*cos(x) + sin(x)"),
        ("sin(x)/x", "quotient", "cos(x)/x - sin(x)/x^2"),
        ("1/x", "reciprocal", "-1/x^2"),
        ("sin(x^2)", "chain", "2*x*cos(x^2)"),
        ("x^x", "general-power", "x^x*(log(x) + 1)"),
    ])
    func ruleOfTheWholeExpression(_ text: String, _ rule: String, _ raw: String) throws {
        let d = try derivation(text)
        #expect(d.root.rule == rule, "\(text): \(d.root.rule)")
        #expect(InfixPrinter().print(d.derivative) == raw)
    }

    @Test func chainNamesTheOuterRule() throws {
        let sine = try derivation("sin(x^2)").root
        #expect(sine.outerRule == "d-sin")
        #expect(sine.outerStatement == "d/du sin(u) = cos(u)")
        #expect(sine.parts == [try Parser().parse("x^2")])
        #expect(sine.outerDerivatives == [try Parser().parse("cos(x^2)")])
        #expect(try derivation("(x + 1)^5").root.outerRule == "power")
        #expect(try derivation("1/(x + 1)").root.outerRule == "reciprocal")
        #expect(try derivation("2^(x^2)").root.outerRule == "exponential")
    }

    @Test func quotientNamesNumeratorAndDenominator() throws {
        let q = try derivation("(x^2 + 1)/(x - 1)").root
        #expect(q.rule == "quotient")
        #expect(q.parts == [try Parser().parse("x^2 + 1"), try Parser().parse("x - 1")])
    }

    @Test func goldenText() throws {
        let text = try derivation("x^2*sin(x)").text
        #expect(text == """
            1. d/dx (x^2*sin(x))   product rule: d/dx (u*v) = du/dx*v + u*dv/dx, where u = x^2, v = sin(x)
               2. d/dx (x^2) = 2*x   power rule: d/dx x^n = n*x^(n-1)
               3. d/dx (sin(x)) = cos(x)   d-sin rule: d/du sin(u) = cos(u)
               = x^2*cos(x) + 2*x*sin(x)
            simplification:
               raw: x^2*cos(x) + 2*x*sin(x)   (the rules' results combined, constants folded and like terms collected)
               common-factor: x*(x*cos(x) + 2*sin(x))   (common factors taken out)
            x*(x*cos(x) + 2*sin(x))
            """)
    }

    @Test func goldenChainText() throws {
        let text = try derivation("exp(3*x)").text
        #expect(text == """
            1. d/dx (exp(3*x))   chain rule with d-exp: d/du exp(u) = exp(u); d/dx f(u) = f'(u)*du/dx, where u = 3*x
               outer: f'(u) = exp(3*x)
               2. d/dx (3*x)   constant-multiple rule: d/dx (k*u) = k*du/dx, where k = 3, u = x
                  3. d/dx x = 1   line rule: d/dx x = 1
                  = 3
               = 3*exp(3*x)
            simplification:
               raw: 3*exp(3*x)   (the rules' results combined, constants folded and like terms collected)
               no simplification stages
            3*exp(3*x)
            """)
    }

    // MARK: - Every function's rule

    /// Each function of the table applied to the variable is explained by its own rule, and
    /// applied to `sin(x)` by the chain rule with its rule as the outer one. Functions whose
    /// canonical form is a power (`sqrt(x)` is `x^(1/2)`) are explained by the power rules.
    @Test func everyFunctionHasItsRule() throws {
        let y = Expr.symbol("y")
        // piecewise is not differentiated by the chain rule (see `piecewiseStepsNameTheRule`).
        for spec in FunctionTable.all where spec.name != "piecewise" {
            // Required arguments after the first are `y` (a variadic function gets one more);
            // optional ones take their defaults.
            let rest = Array(repeating: y, count: spec.arity.minimum - 1 + (spec.arity.isVariadic ? 1 : 0)) + spec.defaults.map { Expr.number($0) }
            let direct = Expr.call(spec.name, [x] + rest)!
            let inner = Expr.call(spec.name, [Expr.call("sin", [x])!] + rest)!
            let d = derivationSteps(of: direct, withRespectTo: x).root
            let c = derivationSteps(of: inner, withRespectTo: x).root
            guard case let .function(f) = direct.head, case .function = inner.head else {
                #expect(["power", "chain"].contains(d.rule), "\(spec.name): \(d.rule)")
                continue
            }
            #expect(f.spec === spec)
            #expect(d.rule == spec.rule && d.rule == "d-" + spec.name, "\(spec.name): \(d.rule)")
            #expect(d.statement == spec.ruleText)
            #expect(c.rule == "chain" && c.outerRule == spec.rule && c.outerStatement == spec.ruleText, "\(spec.name): \(c.rule)")
        }
    }

    // MARK: - Every step is a correct equation

    /// Checks every step of `d`: the claimed derivative against central differences of the
    /// step's expression, and the rule's own formula (built from the parts' derivatives) against
    /// the claimed derivative, both at seeded random points.
    func checkSteps(_ d: Derivation, _ rng: inout SplitMix64, label: String) {
        for step in d.steps.values {
            let formula = StepsTests.ruleFormula(step, d)
            for _ in 0..<3 {
                let env = ["x": Double.random(in: 0.3...1.7, using: &rng), "y": Double.random(in: 0.4...1.9, using: &rng)]
                let claimed = evaluate(step.derivative, env)
                guard claimed.isFinite, abs(claimed) < 1e6 else { continue }
                // Central differences at three steps, the best one judged: steep random expressions
                // (values near 1e4, a pole close by) leave any single step 3e-4 off.
                func central(_ h: Double) -> Double {
                    var up = env, down = env
                    up["x"]! += h
                    down["x"]! -= h
                    return (evaluate(step.expression, up) - evaluate(step.expression, down)) / (2 * h)
                }
                let numeric = [1e-5, 1e-6, 1e-7].map(central).min { abs($0 - claimed) < abs($1 - claimed) }!
                if numeric.isFinite {
                    #expect(isClose(claimed, numeric, relative: 1e-4, absolute: 1e-5),
                            "\(label): d/dx \(step.expression) = \(step.derivative) (\(step.rule)) at \(env): \(claimed) vs \(numeric)")
                }
                if let formula {
                    let byRule = evaluate(formula, env)
                    #expect(isClose(claimed, byRule, relative: 1e-9, absolute: 1e-9),
                            "\(label): \(step.rule) formula \(formula) for \(step.expression) gives \(byRule), step says \(claimed)")
                }
            }
        }
    }

    /// The derivative as the named rule computes it from the parts' steps, written out
    /// independently of the differentiator: what a student would write on that line.
    static func ruleFormula(_ step: DerivationStep, _ d: Derivation) -> Expr? {
        let dp = step.parts.map { d.steps[$0]!.derivative }
        let k = step.constantFactor ?? .one
        switch step.rule {
        case "constant": return .zero
        case "line": return .one
        case "sum": return .sum(dp)
        case "constant-multiple": return k * dp[0]
        case "product":
            let terms = step.parts.indices.map { i in
                Expr.product([dp[i]] + step.parts.enumerated().filter { $0.offset != i }.map(\.element))
            }
            return k * .sum(terms)
        case "quotient":
            let (u, v) = (step.parts[0], step.parts[1])
            return k * (dp[0] * v - u * dp[1]) / .power(v, .two)
        case "chain":
            return .sum(step.parts.indices.map { step.outerDerivatives[$0] * dp[$0] })
        case "general-power":
            let (u, v) = (step.parts[0], step.parts[1])
            return step.expression * (dp[1] * Expr.call("log", [u])! + v * dp[0] / u)
        default: return nil
        }
    }

    @Test(arguments: [
        "x^2*sin(x)", "sin(x)/x", "(x^2 + 1)/(x - 1)", "3*exp(x^2)*cos(x)", "x^x", "log(x)/x + 1/x^3",
        "sqrt(x^2 + 1)", "tanh(2*x + y)", "sigmoid(x*y)*softplus(x)", "atan(x^2) + asin(x/2) + acosh(x + 1)",
        "2^(x^2)*x^y", "sin(x)*cos(sin(x)) + sin(x)^2", "erf(x)^2 + log10(x)*log2(x)", "max(x^2, y) + min(x, y)",
    ])
    func everyStepHolds(_ text: String) throws {
        var rng = SplitMix64(seed: 61)
        checkSteps(try derivation(text), &rng, label: text)
    }

    @Test func everyStepHoldsOnRandomExpressions() {
        var generator = ExpressionGenerator(seed: 62, maximumDepth: 4)
        var rng = SplitMix64(seed: 63)
        for i in 0..<150 {
            let e = generator.expression()
            checkSteps(derivationSteps(of: e, withRespectTo: x), &rng, label: "#\(i) \(e)")
        }
    }

    // MARK: - The last line is the plain derivative

    @Test func lastLineIsThePlainDerivative() throws {
        var generator = ExpressionGenerator(seed: 64, maximumDepth: 5)
        for _ in 0..<300 {
            let text = InfixPrinter().print(generator.expression())
            let (e, decimals) = try Parser().parseWithNotation(bytes: Array(text.utf8))
            var job = DerivativeJob(partials: [DerivativeJob.Partial(variable: x, order: 1)])
            job.decimals = decimals
            guard let plain = try? job.derivative(of: e) else { continue }
            let steps = try job.derivation(of: e).text
            #expect(steps.split(separator: "\n").last.map(String.init) == InfixPrinter(decimals: decimals).print(plain), "\(text)")
        }
    }

    @Test func traceDoesNotChangeTheDerivative() {
        var generator = ExpressionGenerator(seed: 65, maximumDepth: 5)
        for _ in 0..<200 {
            let e = generator.expression()
            #expect(e.derivation(withRespectTo: x).derivative == e.derivative(withRespectTo: x), "\(e)")
        }
    }

    // MARK: - Sharing and folding

    @Test func repeatedSubexpressionsAreExplainedOnce() throws {
        let text = try derivation("sin(x)*cos(sin(x)) + exp(sin(x))").text
        #expect(text.components(separatedBy: "d/dx (sin(x)) = cos(x)").count - 1 == 3)
        #expect(text.components(separatedBy: "(see step ").count - 1 == 2)
        let numbered = text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true }
        #expect(numbered.count == Set(numbered.map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0] }).count)
    }

    @Test func depthFoldsDeeperSteps() throws {
        let folded = try derivation("exp(sin(x^2))", depth: 1).text
        let lines = folded.split(separator: "\n")
        #expect(lines[0] == "1. d/dx (exp(sin(x^2))) = 2*x*cos(x^2)*exp(sin(x^2))   chain rule with d-exp: d/du exp(u) = exp(u); d/dx f(u) = f'(u)*du/dx, where u = sin(x^2) (steps folded)")
        #expect(lines[1] == "simplification:")
        let two = try derivation("exp(sin(x^2))", depth: 2).text
        #expect(two.contains("2. d/dx (sin(x^2)) = 2*x*cos(x^2)"))
        #expect(!two.contains("3. "))
    }

    // MARK: - LaTeX and JSON

    @Test func latexIsAnAlignDerivation() throws {
        let latex = try derivation("x^2*sin(x)").latex
        let rows = latex.split(separator: "\n")
        #expect(rows.first == "\\begin{align*}" && rows.last == "\\end{align*}")
        #expect(rows[1].hasPrefix("\\frac{d}{dx}\\left(x^{2}\\right) &= 2 x && \\text{(1) power rule}"))
        #expect(rows[3].contains("\\text{(3) product rule}") && rows[3].contains("\\text{with (1), (2)}"))
        // The last row's right-hand side is what `--format latex` prints.
        let plain = LatexPrinter().print(try Parser().parse("x^2*sin(x)").derivative(withRespectTo: x).simplified())
        #expect(rows[rows.count - 2].hasPrefix(" &= " + plain + " && "))
    }

    @Test func jsonIsATree() throws {
        let json = try derivation("sin(x)*cos(sin(x))").json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let root = try #require(object["derivation"] as? [String: Any])
        #expect(root["rule"] as? String == "product")
        let parts = try #require(root["parts"] as? [[String: Any]])
        #expect(parts.count == 2)
        let chain = parts.first { $0["rule"] as? String == "chain" }
        let inner = try #require((chain?["parts"] as? [[String: Any]])?.first)
        #expect(inner["ref"] != nil, "sin(x) is explained once and referred to afterwards")
        let stages = try #require(object["simplification"] as? [[String: Any]])
        #expect(stages.first?["name"] as? String == "raw")
        #expect(object["result"] != nil)
    }

    // MARK: - Command line

    @Test func cliSteps() throws {
        let plain = try CLITests.symdiff(["x^2*sin(x)", "--wrt", "x"])
        let steps = try CLITests.symdiff(["x^2*sin(x)", "--wrt", "x", "--steps"])
        #expect(steps.status == 0 && steps.stderr == "")
        #expect(steps.stdout.hasPrefix("1. d/dx (x^2*sin(x))   product rule"))
        #expect(steps.stdout.split(separator: "\n").last.map { String($0) + "\n" } == plain.stdout)
        let latex = try CLITests.symdiff(["x^2*sin(x)", "--steps", "--format", "latex"])
        #expect(latex.stdout.hasPrefix("\\begin{align*}\n"))
        let json = try CLITests.symdiff(["x^2*sin(x)", "--steps", "--format", "json", "--steps-depth", "1"])
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(json.stdout)")
        let order = try CLITests.symdiff(["x^3", "--steps", "--order", "2"])
        #expect(order.status == 1 && order.stderr.contains("--steps shows a first derivative"))
        let depthAlone = try CLITests.symdiff(["x^3", "--steps-depth", "2"])
        #expect(depthAlone.status == 64)
    }
}
