import Session
import Testing

/// What a user sees at the numeric edges, through the built binary and the statement language:
/// true values where textbook forms overflow, overflow told apart from domain errors, warnings for
/// gradients that vanish, and finite-difference checks with steps from the error analysis.
@Suite struct StableEvaluationCLITests {
    private func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.symdiff(arguments) }

    @Test func edgeValuesFromEval() throws {
        let logSigmoid = try run(["eval", "log(sigmoid(z))", "--at", "z=-800"])
        #expect(logSigmoid.status == 0 && logSigmoid.stdout == "-800\n")
        #expect(logSigmoid.stderr.contains("underflows to 0") && logSigmoid.stderr.contains("stable form (log-sigmoid)"), "\(logSigmoid.stderr)")
        let complement = try run(["eval", "log(1 - sigmoid(z))", "--at", "z=40"])
        #expect(complement.status == 0 && complement.stdout == "-40\n")
        let softmax = "1000.3132616875182\nd/dz1: 0.7310585786300049\nd/dz2: 0.2689414213699951\n"
        for extra in [[], ["--native"], ["--ieee"]] {
            let lse = try run(["eval", "log(exp(z1) + exp(z2))", "--at", "z1=1000,z2=999", "--grad"] + extra)
            #expect(lse.status == 0 && lse.stdout == softmax, "\(extra): \(lse.stdout)")
            #expect(lse.stderr.contains("overflow in exp(1000)") && lse.stderr.contains("the value is finite"), "\(lse.stderr)")
        }
    }

    @Test func overflowIsNotADomainError() throws {
        let overflow = try run(["eval", "2*exp(z)", "--at", "z=1000"])
        #expect(overflow.status == 1 && overflow.stdout.isEmpty)
        #expect(overflow.stderr.contains("overflow in exp(1000)") && overflow.stderr.contains("at z=1000"), "\(overflow.stderr)")
        #expect(!overflow.stderr.contains("non-positive"))
        let domain = try run(["eval", "log(z)", "--at", "z=-1"])
        #expect(domain.status == 1 && domain.stderr.contains("log of a non-positive number in log(z)"), "\(domain.stderr)")
        #expect(!domain.stderr.contains("overflow"))
    }

    @Test func vanishingGradientsAreNamed() throws {
        let saturated = try run(["eval", "sigmoid(z)", "--at", "z=60", "--grad"])
        #expect(saturated.status == 0)
        #expect(saturated.stderr.contains("sigmoid saturates: sigmoid(60) = 1 - 8.76e-27"), "\(saturated.stderr)")
        let ordinary = try run(["eval", "sigmoid(z)", "--at", "z=1", "--grad"])
        #expect(ordinary.status == 0 && ordinary.stderr.isEmpty, "\(ordinary.stderr)")
        var session = Session()
        let o = session.execute("eval(sigmoid(z), z=60, grad=true)")
        #expect(o.status == .ok && o.message.contains("sigmoid saturates"), "\(o.message)")
    }

    @Test func checkUsesTheGivenStep() throws {
        let r = try run(["check", "sin(x)", "--at", "x=1", "--step", "1e-3"])
        #expect(r.status == 0)
        // Central difference of sin at 1 with h = 1e-3: truncation h^2/6*|cos(1)| = 9.0e-8.
        #expect(r.stdout.contains("central                     0.001  0.5403022158177491"), "\(r.stdout)")
        for bad in ["0", "-1", "abc"] {
            let refused = try run(["check", "sin(x)", "--at", "x=1", "--step", bad])
            #expect(refused.status != 0 && refused.stderr.contains("--step"), "\(bad): \(refused.stderr)")
        }
    }

    /// The sweep traces the V: error falls with the step (truncation) and rises again below the
    /// best step (rounding), the central difference's bottom near eps^(1/3) = 6e-6.
    @Test func sweepShowsTheVShapedCurve() throws {
        let r = try run(["check", "sin(x)", "--at", "x=1", "--sweep"])
        #expect(r.status == 0 && r.stdout.contains("steps the analysis chooses: forward 1.49e-08, central 6.06e-06"))
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double(String($0)) } }
            .filter { $0.count == 4 }
        #expect(rows.count >= 25, "\(r.stdout)")
        #expect(rows.allSatisfy { $0.allSatisfy(\.isFinite) }, "a step without a difference is printed")
        let central = rows.map { ($0[0], $0[2]) }
        let best = try #require(central.min { $0.1 < $1.1 })
        #expect(best.0 >= 1e-7 && best.0 <= 1e-4, "central error is smallest at step \(best.0)")
        #expect(central.first!.1 > 100 * best.1 && central.last!.1 > 100 * best.1)
        // Steps scale with the coordinate: at x = 1e10 they run from 1e9 down to 1e-6.
        let far = try run(["check", "x^3", "--at", "x=1e10", "--sweep"])
        let farRows = far.stdout.split(separator: "\n").filter { $0.split(separator: " ").count == 4 && Double($0.split(separator: " ")[0]) != nil }
        #expect(farRows.count >= 25 && farRows.first?.hasPrefix("1000000000 ") == true, "\(far.stdout)")
        var session = Session()
        let o = session.execute("check(sin(x), x=1, sweep=true)")
        #expect(o.status == .ok && o.output.contains("steps the analysis chooses"))
        let stepped = session.execute("check(sin(x), x=1, step=0.001)")
        #expect(stepped.status == .ok && stepped.output.contains("0.001"))
    }
}
