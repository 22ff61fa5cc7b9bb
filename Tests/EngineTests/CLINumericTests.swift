import Testing

/// The many-variable and numeric commands, through the built binary.
@Suite struct CLINumericTests {
    private func run(_ arguments: [String]) throws -> CLITests.Run { try CLITests.symdiff(arguments) }

    @Test func gradientHessianJacobian() throws {
        #expect(try run(["grad", "x^2*y + sin(y)"]).stdout == "d/dx: 2*x*y\nd/dy: x^2 + cos(y)\n")
        #expect(try run(["hessian", "x^2*y"]).stdout == "d2/dxdx: 2*y\nd2/dxdy: 2*x\nd2/dydy: 0\n")
        #expect(try run(["jacobian", "x*y", "x + y^2", "--vars", "x,y"]).stdout == "d f1/dx: y\nd f1/dy: x\nd f2/dx: 1\nd f2/dy: 2*y\n")
    }

    @Test func implicitDifferentiation() throws {
        #expect(try run(["implicit", "x^2 + y^2 = 1", "--wrt", "x", "--dependent", "y"]).stdout == "-x/y\n")
        let flat = try run(["implicit", "x^2 = 1", "--wrt", "x", "--dependent", "y"])
        #expect(flat.status == 1 && flat.stderr.contains("does not depend on y"))
    }

    @Test func evaluationAndDomainErrors() throws {
        let ok = try run(["eval", "x^2*y", "--at", "x=3,y=2", "--grad"])
        #expect(ok.stdout == "18\nd/dx: 12\nd/dy: 9\n" && ok.status == 0)
        let domain = try run(["eval", "log(x - 3)", "--at", "x=1"])
        #expect(domain.status == 1 && domain.stdout.isEmpty)
        #expect(domain.stderr.contains("log of a non-positive number in log(x - 3)"))
        let missing = try run(["eval", "x*y", "--at", "x=1"])
        #expect(missing.status == 1 && missing.stderr.contains("no value for y"))
        let notNumber = try run(["eval", "x*y", "--at", "x=1,y=abc"])
        #expect(notNumber.status == 1 && notNumber.stderr.contains("'abc', is not a number"))
    }

    @Test func finiteDifferenceCheck() throws {
        let r = try run(["check", "x^2*y + sin(y)", "--at", "x=1,y=2"])
        #expect(r.status == 0 && r.stdout.contains("ok: every central difference agrees with the gradient"))
        #expect(r.stdout.contains("forward") && r.stdout.contains("central") && r.stdout.contains("second-order"))
    }

    @Test func minimizeAndSolve() throws {
        let newton = try run(["minimize", "100*(y - x^2)^2 + (1 - x)^2", "--from", "x=-1.2,y=1", "--method", "newton"])
        #expect(newton.status == 0 && newton.stdout.contains("gradient norm below tolerance"))
        let csv = try run(["minimize", "x^2 + 10*y^2", "--from", "x=1,y=1", "--method", "gd", "--lr", "0.05", "--trace", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("k,x,y,f,|grad|,step\n0,1,1,11,"))
        let root = try run(["solve", "x^3 - 2", "--from", "x=1"])
        #expect(root.stdout.hasPrefix("x=1.259921049894873"))
    }

    /// A constant has no variables: its gradient is empty, not a crash.
    @Test func gradientOfAConstant() throws {
        let r = try CLITests.symdiff(["eval", "sqrt(pi + e)", "--at", "x=1", "--grad"])
        #expect(r.status == 0)
        #expect(r.stdout == "2.420717761749361\n")
    }
}
