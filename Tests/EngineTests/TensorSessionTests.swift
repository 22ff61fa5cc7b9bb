import Foundation
import Session
import SymDiff
import Testing

/// Vectors and matrices in the statement language: declarations, expressions and arrays held
/// by names and results, the derivative and numeric commands called on them, and the errors of
/// bad input pointing at the problem. Numbers are checked against the functions written out here.
@Suite struct TensorSessionTests {
    private func run(_ lines: [String]) -> [String] {
        var session = Session()
        return lines.map { line in
            let o = session.execute(line)
            return o.status == .ok ? o.output : o.message
        }
    }

    @Test func declarationsAndDerivativesInMatrixNotation() {
        #expect(run(["w, y: vector", "X: matrix(n, d)", "A: symmetric matrix", "x: vector",
                     "loss = sum(log(1 + exp(-y .* (X*w))))", "g = grad(loss, w)", "hessian(loss, w)",
                     "grad(x'*A*x, x)", "hessian(x'*A*x, x)", "latex(grad(x'*A*x, x))"]) == [
            "w: vector\ny: vector", "X: matrix(n, d)", "A: symmetric matrix", "x: vector",
            "loss = sum(softplus(-y .* (X*w)))",
            "g = -X'*(y .* sigmoid(-y .* (X*w)))",
            "X'*diag(y.^2 .* sigmoid(-y .* (X*w)) .* (1 - sigmoid(-y .* (X*w))))*X",
            "2*A*x", "2*A", "2 \\mathbf{A} \\mathbf{x}",
        ])
    }

    @Test func arraysAndValuesAgreeWithTheFunctionsWrittenOut() {
        let out = run(["x: vector", "A: matrix", "M = [1, 2; 3, 4]", "M*[1; 1]",
                       "eval(x'*A*x, x=[1, 2], A=[2, 1; 0, 3])", "eval(grad(x'*A*x, x), x=[1, 2], A=M)",
                       "f = x'*A*x", "eval(%, x=[1, 2], A=M)"])
        #expect(out[0...3] == ["x: vector", "A: matrix", "M =\n[1, 2;\n 3, 4]", "[3, 7]"])
        // x'*A*x = 2 + 2 + 0 + 12 at these values; its gradient (A + A')*x at A = M is [2, 5; 5, 8]*[1; 2].
        #expect(out[4] == "16" && out[5] == "[12, 21]")
        #expect(out[7] == "27")
    }

    @Test func logisticGradientAtDataAgreesWithFiniteDifferences() {
        let X = [[1.0, 2], [3, 4], [5, 6]], y = [1.0, -1, 1], w = [0.1, 0.2]
        func loss(_ w: [Double]) -> Double { zip(X, y).reduce(0) { $0 + log(1 + exp(-$1.1 * ($1.0[0] * w[0] + $1.0[1] * w[1]))) } }
        let out = run(["w, y: vector", "X: matrix", "loss = sum(log(1 + exp(-y .* (X*w))))",
                       "eval(grad(loss, w), w=[0.1, 0.2], X=[1, 2; 3, 4; 5, 6], y=[1, -1, 1])"])
        let numbers = out[3].dropFirst().dropLast().split(separator: ",").map { Double($0.filter { $0 != " " }) ?? .nan }
        #expect(numbers.count == 2)
        for k in 0..<min(2, numbers.count) {
            var up = w, down = w
            up[k] += 1e-6
            down[k] -= 1e-6
            #expect(isClose(numbers[k], (loss(up) - loss(down)) / 2e-6, relative: 1e-6))
        }
    }

    @Test func aBoundExpressionFixesTheSizesOfItsNamesInTheNextExpression() {
        // loss's w has length d (from X*w); the w of norm2(w) written next to it is the same w.
        let fit = "w: [-0.2649225324532201, 0.3627990130054877]"
        let out = run(["w, y: vector", "X: matrix(n, d)", "loss = sum(log(1 + exp(-y .* (X*w))))",
                       "minimize(loss + norm2(w)^2, w=0, X=[1, 2; 2, 1; 0, 1], y=[1, -1, 1], vars=[w])",
                       "minimize(norm2(w)^2 + loss, w=0, X=[1, 2; 2, 1; 0, 1], y=[1, -1, 1], vars=[w])",
                       "grad(loss + norm2(w)^2, w)"])
        #expect(out[3].hasPrefix(fit) && out[4].hasPrefix(fit), "\(out)")
        #expect(out[5] == "2*w - X'*(y .* sigmoid(-y .* (X*w)))")
    }

    @Test func checkEntriesAndUnrolling() {
        let out = run(["w, y: vector", "X: matrix(n, d)", "check(sum(log(1 + exp(-y .* (X*w)))), n=4, d=2)",
                       "diff(sum(w .* w), w[2])", "v: vector(2)", "grad(v'*v, v, unroll=true)"])
        #expect(out[2].contains("d=2, n=4") && out[2].hasSuffix("ok: the derivatives agree with central differences within 1e-06\n")
                || out[2].hasSuffix("ok: the derivatives agree with central differences within 1e-06"))
        #expect(out[3] == "2*w[2]")
        #expect(out[5] == "d/dv_1: 2*v_1\nd/dv_2: 2*v_2")
    }

    @Test func scalarStatementsAreUnchangedBesideDeclarations() {
        #expect(run(["w: vector", "diff(sin(t)*t, t)", "a = 3", "a*t^2", "[1, 2]"]) ==
                ["w: vector", "t*cos(t) + sin(t)", "a = 3", "3*t^2", "[1, 2]"])
    }

    @Test func completionOffersDeclaredNames() {
        var session = Session()
        _ = session.execute("weights: vector")
        #expect(session.completionNames.contains("weights"))
        _ = session.execute(":clear")
        #expect(!session.completionNames.contains("weights"))
    }

    @Test func badInputPointsAtTheProblem() {
        let out = run(["w: vector", "X: matrix(n, d)", "v: vector(n)",
                       "X*v", "grad(X*w, w)", "eval(sum(w), w=[1, 2; 3, 4])", "eval(sum(X*w), w=[1, 2])", "det(X)",
                       "A: matrix", "eval(inv(A), A=[1, 2; 2, 4])", "B: vectr", "grad(sum(w), w, unroll=true)",
                       "M = [1, 2; 3]", "inv(C)*w", "grad(sum(w), w, order=oops)"])
        #expect(out[3] == "error at column 2: cannot multiply X (n×d) by v (n): inner sizes d and n differ\n  X*v\n   ^")
        #expect(out[4].contains("the gradient needs a scalar function"))
        #expect(out[5].contains("w was given as 2×2"))
        #expect(out[6].contains("no value for X"))
        #expect(out[7].contains("cannot take det of X (n×d): the matrix is not square"))
        #expect(out[9].contains("the matrix is singular at these values"))
        #expect(out[10].contains("unknown shape 'vectr'; did you mean 'vector'?"))
        #expect(out[11].contains("unroll needs a number for the size"))
        #expect(out[12].contains("the rows of a matrix have different lengths"))
        #expect(out[13].contains("cannot invert C (scalar)") && out[13].contains("C is not declared, so it is a scalar"))
        #expect(out[14].hasPrefix("error at column"))
    }
}
