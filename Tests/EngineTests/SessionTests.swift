import Session
import SymDiff
import Testing

/// The statement language driven directly, without a terminal: what each kind of statement
/// prints, how errors point at the problem, and that a bad line leaves the session intact.
@Suite struct SessionTests {
    /// Runs `lines` in one session; returns each line's printed output (or its message).
    func run(_ lines: [String], in session: inout Session) -> [String] {
        lines.map { line in
            let o = session.execute(line)
            return o.status == .ok ? o.output : o.message
        }
    }

    func run(_ lines: [String]) -> [String] {
        var session = Session()
        return run(lines, in: &session)
    }

    @Test func expressionsAssignmentsAndFunctions() {
        #expect(run(["x + x", "a = 3", "a*x^2", "f(x, y) = x^2*y", "f(2, y)", "diff(f(x, y), x)", "f(a, 1)"]) ==
                ["2*x", "a = 3", "3*x^2", "f(x, y) = x^2*y", "4*y", "2*x*y", "9"])
    }

    @Test func cancelledMinimizationStopsEarly() {
        // What the REPL does on Ctrl-C: the worker runs under a cancellation, and a long
        // minimize stops at its next check instead of running to its iteration limit; the
        // command reports the stop, not the half-done result.
        var session = Session()
        let cancellation = Cancellation()
        cancellation.cancel()
        let out = Cancellation.run(under: cancellation) {
            session.execute("minimize((x - 3)^2 + 1e-9*sin(1000*x), x=0, method=gd, lr=1e-9, max_iterations=10000000)")
        }
        #expect(out.status == .error)
        #expect(out.message.contains("interrupted"), "\(out.message)")
    }

    @Test func previousResults() {
        #expect(run(["x^2", "diff(%, x)", "%% - %", "ans*2"]) == ["x^2", "2*x", "x*(x - 2)", "2*x*(x - 2)"])
    }

    @Test func derivativeForms() {
        #expect(run(["diff(x^3, x, 2)", "diff(x^2*y^3, x, y)", "diff(sin(x))", "diff(x^4, x, 0)"]) == ["6*x", "6*x*y^2", "cos(x)", "x^4"])
    }

    @Test func matricesAndLists() {
        #expect(run(["grad(x^2*y)"]) == ["d/dx: 2*x*y\nd/dy: x^2"])
        #expect(run(["hessian(x*y^2, y, x)"]) == ["d2/dydy: 2*x\nd2/dydx: 2*y\nd2/dxdx: 0"])
        #expect(run(["jacobian([x*y, x + y], y, x)"]) == ["d f1/dy: x\nd f1/dx: y\nd f2/dy: 1\nd f2/dx: 1"])
        #expect(run(["eval(grad(x^2*y), x=3, y=2)"]) == ["d/dx: 12\nd/dy: 9"])
    }

    @Test func substitutionEvaluationAndSolving() {
        #expect(run(["subs(x^2 + y, x=2*y)", "eval(sigmoid(x), x=0)", "expand((x+1)^2)", "solve(x^3 - 27, x=1)", "latex(x^2/y)"]) ==
                ["4*y^2 + y", "0.5", "x^2 + 2*x + 1", "x=3\nf: 0\niterations: 5", "\\frac{x^{2}}{y}"])
        // solve prints the command line's report; arithmetic reads its root.
        #expect(run(["solve(x^3 - 27, x=1) + 1"]) == ["4"])
    }

    @Test func minimizeRosenbrockWithNewton() {
        let out = run(["minimize(100*(y - x^2)^2 + (1 - x)^2, x=-1.2, y=1, method=newton)"])[0]
        #expect(out.contains("(gradient norm below tolerance)"))
        #expect(out.hasPrefix("x: x=0.99999999"))
    }

    @Test func assertionsPassSymbolicallyOrNumerically() {
        var session = Session()
        for line in ["assert diff(x^3, x) == 3x^2", "assert sin(x)^2 + cos(x)^2 == 1", "assert diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))",
                     "assert_near(eval(sigmoid(x), x=0), 0.25*2, 1e-12)", "assert grad(x*y) == grad(y*x)"] {
            let o = session.execute(line)
            #expect(o.status == .ok, "\(line): \(o.message)")
            #expect(o.output.isEmpty)
        }
    }

    @Test func failedAssertionsReportBothSides() {
        var session = Session()
        let o = session.execute("assert diff(x^3, x) == 3x", at: Session.Location(file: "hw.sd", line: 4))
        #expect(o.status == .assertionFailed)
        #expect(o.message.hasPrefix("hw.sd:4: assertion failed: assert diff(x^3, x) == 3x\n  left:  3*x^2\n  right: 3*x"))
        let near = session.execute("assert_near(eval(x^2, x=2), 4.5, 0.1)")
        #expect(near.status == .assertionFailed)
        #expect(near.message.contains("|4 - 4.5|"))
        #expect(session.execute("check(x^3, x=1, tolerance=1e-30)").status == .assertionFailed)
    }

    @Test func errorsPointAtTheProblemAndKeepTheSession() {
        var session = Session()
        _ = session.execute("a = 5")
        let cases: [(String, String)] = [
            ("diff(x^2, 3)", "error at column 11: expected a variable name here"),
            ("Sin(x) + a", "error at column 1: unknown function 'Sin'; did you mean 'sin'?"),
            ("dif(x^2, x)", "error at column 1: unknown function 'dif'; did you mean 'diff'?"),
            ("(a + 1", "error at column 7: expected ')' to close '(' at column 1"),
            ("sin = 3", "error at column 1: 'sin' is a built-in function and cannot be redefined"),
            ("grad(x*y) + 1", "error at column 1: this gradient cannot be used inside an expression"),
            ("x == 1 == 2", "error at column 8: only one '==' per question"),
            ("y = x == 1", "error at column 7: '==' compares only in an assertion"),
            ("eval(log(x), x=-1)", "error at column 1: log of a non-positive number in log(x) at x=-1"),
            ("minimize(x^2, x=1, method=fast)", "error at column 20: expected one of newton, gd"),
            ("f(x, x) = 1", "error at column 1: the parameter 'x' appears twice"),
            ("diff(sin(x), x, 1000)", "error at column 1: derivative order 1000 is above the limit 250 and the derivative is not zero by then; raise max_order=n"),
            ("diff(x^2*y, x, x)", "error at column 16: x is given twice; for a second derivative give order=n"),
            ("eval(x*y, x=1)", "error at column 1: no value for y: give it as y=..."),
            (":nope", "error: unknown command ':nope'"),
        ]
        for (line, expected) in cases {
            let o = session.execute(line)
            #expect(o.status == .error, "\(line)")
            #expect(o.message.hasPrefix(expected), "\(line): \(o.message)")
        }
        #expect(session.execute("a + 1").output == "6")
    }

    @Test func stepsEndWithTheDerivativeThatDiffGives() {
        var session = Session()
        let steps = session.execute("steps(diff(x^2*sin(x), x))").output
        #expect(steps.contains("product rule"))
        #expect(steps.split(separator: "\n").last.map(String.init) == session.execute("diff(x^2*sin(x), x)").output)
        #expect(session.execute("steps(diff(sin(x^2), x), format=latex)").output.hasPrefix("\\begin{align*}"))
        // steps(expr, x) is steps(diff(expr, x)), as on the command line.
        #expect(session.execute("steps(x^2)").output == session.execute("steps(diff(x^2, x))").output)
        #expect(session.execute("steps(x*y)").message.contains("several variables (x, y)"))
        #expect(session.execute("steps(diff(x^3, x, 2))").message.contains("shows a first derivative"))
    }

    @Test func emitWritesCodeForTheValueAndGradient() {
        var session = Session()
        let python = session.execute("emit(sigmoid(w*x + b), w, b, x, lang=python, grad=true, name=neuron)").output
        #expect(python.contains("def neuron(point):"))
        // sigmoid'(u) as dsigmoid(u): 1 - sigmoid(u) cancels for large u (the stable rewrites complement-sigmoid, sigmoid-product).
        #expect(python.contains("grad[2] = w*dsig_t1"))
        let c = session.execute("emit(x^2*y, lang=c, hessian=true)").output
        #expect(c.contains("#include <math.h>"))
        #expect(session.execute("emit(x^2, lang=cobol)").message.contains("expected one of c, swift"))
    }

    @Test func plotDrawsBrailleInTheTerminalSize() {
        var session = Session()
        let plot = session.execute("plot(sigmoid(x), derivatives=[1], range=[-6, 6])").output
        #expect(plot.contains("f'(x) = sigmoid(x)*(1 - sigmoid(x))"))
        #expect(plot.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(session.execute("plot(x*y*z)").message.contains("the expression has 3 variables"))
        #expect(session.execute("plot(x, range=[3, 1])").message.contains("the smaller first"))
    }

    /// Found by fuzzing the statement language: a power of a sum with a huge exponent kept
    /// squaring polynomials with enormous coefficients. Now the work is bounded up front.
    @Test func expandingAHugePowerIsRefusedQuickly() {
        var session = Session()
        let o = session.execute("expand((x+1)^311111111111111111)")
        #expect(o.status == .error)
        #expect(o.message.contains("the expansion needs more than"))
    }

    @Test func metaCommands() {
        var session = Session()
        _ = run(["a = x^2", "f(t) = t + 1"], in: &session)
        #expect(session.execute(":vars").output == "a = x^2\nf(t) = t + 1")
        #expect(session.execute(":help diff").output.hasPrefix("diff(expr, x[, n]"))
        #expect(session.execute(":help").output.contains("minimize("))
        #expect(session.execute(":clear a").status == .ok)
        #expect(session.execute(":vars").output == "f(t) = t + 1")
        #expect(session.execute(":clear").status == .ok)
        #expect(session.execute(":vars").output == "(no variables or functions defined)")
        #expect(session.execute(":quit").status == .quit)
    }

    @Test func scriptStopsAtTheFirstErrorWithItsLine() {
        var session = Session()
        var messages: [String] = []
        let script = (1...6).map { "x^\($0)" }.joined(separator: "\n") + "\nsin(x\nx^8"
        let ok = session.run(script: script, name: "s.sd") { if !$0.message.isEmpty { messages.append($0.message) } }
        #expect(!ok)
        #expect(messages.count == 1)
        #expect(messages[0].hasPrefix("s.sd:7:6: error: expected ')' to close 'sin(' at column 1"))
        var again = Session()
        var outputs = 0
        #expect(!again.run(script: script, name: "s.sd", keepGoing: true) { if !$0.output.isEmpty { outputs += 1 } })
        #expect(outputs == 7)
    }

    @Test func clearReleasesWhatTheSessionMade() {
        var session = Session()
        for i in 0..<50 { _ = session.execute("v\(i) = diff(sin(x^\(i + 2))*exp(y\(i)*q77), x)") }
        weak var probe: Node?
        func watch() {
            guard case let .expr(e, _)? = session.variables["v7"] else { Issue.record("v7 missing"); return }
            probe = e.node
        }
        watch()
        #expect(probe != nil)
        _ = session.execute(":clear")
        // Nothing else refers to the session's results, so the pool lets them go.
        #expect(probe == nil)
    }
}
