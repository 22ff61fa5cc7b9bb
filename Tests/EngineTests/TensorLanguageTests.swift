import Testing
import Foundation
import SymDiff
import Tensor

/// The tensor language's required results, printing that parses back, LaTeX, values, steps.
@Suite struct TensorLanguageTests {
    static let logistic = ["X: matrix(n, d)", "w: vector(d)", "y: vector(n)"]
    static let square = ["A: matrix(n, n)", "S: symmetric matrix(n)", "x, u, v: vector(n)", "W: matrix(m, n)", "y: vector(m)", "B: matrix(n, n)"]

    @Test func logisticLoss() throws {
        let f = try TensorTesting.parse("sum(log(1 + exp(-y .* (X*w))))", Self.logistic)
        let g = try f.gradient(withRespectTo: "w")
        #expect(g.description == "-X'*(y .* sigmoid(-y .* (X*w)))")
        let h = try f.hessian(withRespectTo: "w")
        #expect(h.description == "X'*diag(y.^2 .* sigmoid(-y .* (X*w)) .* (1 - sigmoid(-y .* (X*w))))*X")
        // Against the form given as the target (with sigmoid(y .* (X*w)) * (1 - …)), numerically.
        let target = try TensorTesting.parse("X'*diag(y.^2 .* sigmoid(y .* (X*w)) .* (1 - sigmoid(y .* (X*w))))*X", Self.logistic)
        var random = TensorRandomValues(seed: 3)
        for sizes in [["n": 1, "d": 1], ["n": 5, "d": 3]] {
            let values = try random.values(for: [f.tensor], sizes: sizes)
            #expect(try h.evaluate(values: values).relativeDistance(to: target.evaluate(values: values)) < 1e-12)
            #expect(try TensorTesting.worstDifferenceError(f.tensor, "w", derivative: g.tensor, sizes: [sizes], seed: 4) < 1e-6)
            #expect(try TensorTesting.worstDifferenceError(g.tensor, "w", derivative: h.tensor, sizes: [sizes], seed: 5) < 1e-6)
        }
        #expect(h.tensor.nodeCount <= target.tensor.simplified.nodeCount)
    }

    /// The derivative's size does not depend on the data's: symbolic sizes and numbers small
    /// or large give one structure.
    @Test func logisticSizeIndependentOfData() throws {
        var counts: Set<Int> = []
        for (n, d) in [("n", "d"), ("10", "3"), ("10000", "100")] {
            let shapes = ["X: matrix(\(n), \(d))", "w: vector(\(d))", "y: vector(\(n))"]
            let f = try TensorTesting.parse("sum(log(1 + exp(-y .* (X*w))))", shapes)
            counts.insert(try f.hessian(withRespectTo: "w").tensor.nodeCount)
            counts.insert(try f.gradient(withRespectTo: "w").tensor.nodeCount + 1000)
        }
        #expect(counts.count == 2, "node counts \(counts)")
    }

    @Test(arguments: [
        ("norm2(W*x - y)^2", "W", "2*(W*x - y)*x'"),
        ("x'*A*x", "x", "(A + A')*x"),
        ("x'*S*x", "x", "2*S*x"),
        ("logdet(A)", "A", "inv(A)'"),
        ("trace(A*B)", "A", "B'"),
        ("sum(diag(u)*v)", "v", "u"),
        ("u'*diag(v)*x", "x", "u .* v"),
        ("sum(i, 1, n, x[i]^2)", "x", "2*x"),
        ("sum(i, 1, n, u[i]*x[i])", "x", "u"),
        ("sum(i, 1, n, (u[i] - t*x[i])^2)", "t", "-2*x'*(u - t*x)"),
        ("logsumexp(A*x)", "x", "A'*softmax(A*x)"),
        ("sum(S + S')", "S", "2*ones(n, n)"),
    ])
    func requiredForms(_ function: String, _ variable: String, _ expected: String) throws {
        let f = try TensorTesting.parse(function, Self.square + ["t: scalar"])
        #expect(try f.gradient(withRespectTo: variable).description == expected)
    }

    @Test func quadraticFormHessians() throws {
        #expect(try TensorTesting.parse("x'*A*x", Self.square).hessian(withRespectTo: "x").description == "A + A'")
        #expect(try TensorTesting.parse("x'*S*x", Self.square).hessian(withRespectTo: "x").description == "2*S")
    }

    @Test(arguments: [
        ("(A*B)'", "B'*A'"),
        ("A + A'", "A + A'"),
        ("S + S'", "2*S"),
        ("diag(u)*v", "u .* v"),
        ("eye(n)*A*eye(n)", "A"),
        ("inv(A)*A*x", "x"),
        ("trace(eye(n))", "n"),
        ("(x'*A)'", "A'*x"),
        ("x'*A", "(A'*x)'"),
        ("2*u - 2*v + u", "3*u - 2*v"),
        ("A^2", "A*A"),
    ])
    func simplifiedOnConstruction(_ text: String, _ expected: String) throws {
        #expect(try TensorTesting.parse(text, Self.square).description == expected)
    }

    /// What prints parses back, with the same declarations, to the same expression.
    @Test(arguments: [
        "sum(log(1 + exp(-y .* (X*w))))",
        "X'*diag(y.^2 .* sigmoid(y .* (X*w)))*X",
        "logsumexp(X*w) + norm1(w) - w'*w/2",
        "sum(i, 1, n, (y[i] - X[i, 1]*w[1])^2)",
        "softmax(X*w)'*y",
        "max(X*w) - min(w) + sum(X, dim=2)'*y",
        "[1, 2; 3, 4]*X[1:2, 1:2]*[1; -1]",
        "sum(i, 1, n - 1, (y[i+1] - y[i])^2)",
        "embed(w, 2, d + 3)'*ones(d + 3)",
    ])
    func printParsesBack(_ text: String) throws {
        let shapes = try TensorTesting.declarations(Self.logistic)
        let parser = TensorParser(shapes: shapes)
        let f = try parser.parse(text)
        var printed = [f]
        for v in ["w", "X", "y"] { printed.append(try f.derivative(withRespectTo: v)) }
        var random = TensorRandomValues(seed: 11)
        let sizes = ["n": 3, "d": 2]
        let values = try random.values(for: [f.tensor, try f.variable("X"), try f.variable("w"), try f.variable("y")], sizes: sizes)
        for e in printed where e.tensor.order <= 2 {
            let again = try parser.parse(e.description)
            let distance = try again.evaluate(values: values, sizes: sizes).relativeDistance(to: e.evaluate(values: values, sizes: sizes))
            #expect(again.tensor == e.tensor || distance < 1e-12, "\(e.description) reads back as \(again.description)")
        }
    }

    @Test func latex() throws {
        let f = try TensorTesting.parse("sum(log(1 + exp(-y .* (X*w))))", Self.logistic)
        let g = try f.gradient(withRespectTo: "w").latex
        #expect(g == "-\\mathbf{X}^\\top \\left(\\mathbf{y} \\odot \\sigma\\left(-\\mathbf{y} \\odot \\left(\\mathbf{X} \\mathbf{w}\\right)\\right)\\right)")
        let h = try f.hessian(withRespectTo: "w").latex
        #expect(h.contains("\\operatorname{diag}") && h.contains("\\mathbf{y}^{\\circ 2}"))
    }

    @Test func values() throws {
        let p = TensorParser()
        #expect(try p.parse("[1, 2; 3, 4]*[1; 1]").evaluate(values: [:]) == TensorValue(vector: [3, 7]))
        #expect(try p.parse("det([1, 2; 3, 4])").evaluate(values: [:]).scalar! == -2)
        #expect(try p.parse("inv([2, 0; 0, 4])").evaluate(values: [:]) == TensorValue(rows: [[0.5, 0], [0, 0.25]]))
        #expect(try p.parse("trace([1, 2; 3, 4]')").evaluate(values: [:]).scalar == 5)
        #expect(abs(try p.parse("logsumexp([1000, 1000])").evaluate(values: [:]).scalar! - (1000 + log(2.0))) < 1e-9)
        let softmax = try p.parse("softmax([1000; 0])").evaluate(values: [:])
        #expect(softmax.entries[0] == 1 && softmax.entries[1] < 1e-300)
        let f = try TensorTesting.parse("sum(i, 1, n - 1, (x[i+1] - x[i])^2)", ["x: vector(n)"])
        #expect(try f.evaluate(values: ["x": TensorValue(vector: [1, 3, 6])]).scalar == 13)
    }

    @Test func evaluationErrors() throws {
        let shapes = ["A: matrix(n, n)", "x: vector(n)"]
        let inverse = try TensorTesting.parse("inv(A)*x", shapes)
        #expect(throws: TensorEvaluationError.singular("inv(A)")) {
            try inverse.evaluate(values: ["A": TensorValue(rows: [[1, 2], [2, 4]]), "x": TensorValue(vector: [1, 1])])
        }
        #expect(throws: TensorEvaluationError.singular("logdet(A)")) {
            try TensorTesting.parse("logdet(A)", shapes).evaluate(values: ["A": TensorValue(rows: [[0, 0], [0, 0]])])
        }
        #expect(try TensorTesting.parse("det(A)", shapes).evaluate(values: ["A": TensorValue(rows: [[1, 2], [2, 4]])]).scalar == 0)
        #expect(throws: TensorEvaluationError.shapeMismatch(name: "A", expected: "2×2", given: [2, 3])) {
            try TensorTesting.parse("trace(A)", ["A: matrix(2, 2)"]).evaluate(values: ["A": TensorValue(rows: [[1, 2, 3], [2, 4, 5]])])
        }
        #expect(throws: TensorEvaluationError.sizeConflict(size: "n", first: 3, firstSource: "x (axis 1)", second: 2, secondSource: "A (axis 1)")) {
            try inverse.evaluate(values: ["A": TensorValue(rows: [[1, 0], [0, 1]]), "x": TensorValue(vector: [1, 1, 1])])
        }
        #expect(throws: TensorEvaluationError.missingValue("x")) {
            try inverse.evaluate(values: ["A": TensorValue(rows: [[1, 0], [0, 1]])])
        }
        #expect(throws: TensorEvaluationError.notReal("log(x)")) {
            try TensorTesting.parse("sum(log(x))", shapes).evaluate(values: ["x": TensorValue(vector: [1, -1])])
        }
        let window = try TensorTesting.parse("x[3]", ["x: vector(n)"])
        #expect(throws: TensorEvaluationError.outOfRange("x[3:3]")) {
            try window.evaluate(values: ["x": TensorValue(vector: [1, 2])])
        }
    }

    @Test func steps() throws {
        let f = try TensorTesting.parse("logdet(A) + x'*inv(A)*x", Self.square)
        var steps: [TensorDerivationStep]? = []
        _ = try f.tensor.derivative(withRespectTo: f.variable("A"), steps: &steps)
        let rules = Set(steps!.map(\.rule.name))
        #expect(rules.isSuperset(of: ["log-determinant", "inverse", "generalized-product"]), "\(rules)")
    }

    /// Sizes left out of the declarations are found from how the names are used.
    @Test func unknownSizes() throws {
        let f = try TensorTesting.parse("sum(log(1 + exp(-y .* (X*w))))", ["X: matrix", "w, y: vector"])
        let x = try f.variable("X")
        #expect(x.shape.map(\.description) == ["size(X, 1)", "length(w)"])
        #expect(try TensorTesting.parse("sum(A)", ["A: matrix"]).gradient(withRespectTo: "A").description == "ones(size(A, 1), size(A, 2))")
        let g = try TensorTesting.parse("sum(A)", ["A: matrix"]).gradient(withRespectTo: "A")
        #expect(try TensorTesting.parse(g.description, ["A: matrix"]).tensor == g.tensor)
    }

    /// Derivatives keep sums over an index as sums: the result's size does not grow with n.
    @Test func indexSumsAreNotUnrolled() throws {
        var counts: Set<Int> = []
        for n in ["n", "5", "500"] {
            let f = try TensorTesting.parse("sum(i, 1, \(n) - 1, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)", ["x: vector(\(n))"])
            counts.insert(try f.hessian(withRespectTo: "x").tensor.nodeCount)
        }
        #expect(counts.count == 1)
        let f = try TensorTesting.parse("sum(i, 1, n - 1, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)", ["x: vector(n)"])
        let g = try f.gradient(withRespectTo: "x")
        #expect(try TensorTesting.worstDifferenceError(f.tensor, "x", derivative: g.tensor, sizes: [["n": 2], ["n": 5]], seed: 8) < 1e-6)
        #expect(try TensorTesting.worstUnrolledError(f, "x", sizes: ["n": 4], seed: 9, hessian: true) < 1e-9)
    }

    /// The README's example.
    @Test func readmeExample() throws {
        var shapes = TensorDeclarations()
        try shapes.declare("X: matrix(n, d)")
        try shapes.declare("w: vector(d)")
        try shapes.declare("y: vector(n)")
        let loss = try TensorParser(shapes: shapes).parse("sum(log(1 + exp(-y .* (X*w))))")
        #expect(try loss.gradient(withRespectTo: "w").description == "-X'*(y .* sigmoid(-y .* (X*w)))")
        let value = try loss.evaluate(values: ["X": TensorValue(rows: [[1, 2], [3, 4]]),
                                               "w": TensorValue(vector: [0.5, -1]), "y": TensorValue(vector: [1, -1])])
        #expect(abs(value.scalar! - (log(1 + exp(1.5)) + log(1 + exp(-2.5)))) < 1e-12)
        let scalar = try loss.tensor.unrolled(sizes: ["n": 2, "d": 2]).scalar!
        #expect(abs(scalar.evaluate(at: ["X_1_1": 1, "X_1_2": 2, "X_2_1": 3, "X_2_2": 4, "w_1": 0.5, "w_2": -1, "y_1": 1, "y_2": -1]) - value.scalar!) < 1e-12)
    }

    @Test func derivativeWithRespectToAnEntryByName() throws {
        let f = try TensorTesting.parse("x'*A*x", Self.square)
        let x2 = try f.derivative(withRespectTo: "x[2]").description
        #expect(x2 == "x'*(A[:, 2] + A[2, :]')", "\(x2)")
        #expect(try TensorTesting.parse(x2, Self.square).tensor == TensorTesting.parse("((A + A')*x)[2]", Self.square).tensor)
        let a12 = try f.derivative(withRespectTo: "A[1, 2]").description
        #expect(a12 == "x[1]*x[2]", "\(a12)")
        #expect(throws: TensorCalculusError.self) { try f.derivative(withRespectTo: "x[i]") }
    }

    /// The derivative with respect to one entry of a vector or matrix.
    @Test func derivativeOfAnEntry() throws {
        let f = try TensorTesting.parse("x'*A*x", Self.square)
        let g = try f.gradient(withRespectTo: "x")
        let entry = try TensorTesting.parse("((A + A')*x)[2]", Self.square)
        let picked = Tensor.einsum([Tensor.window(g.tensor, axis: 0, offset: Size(1), length: .one)], [[0]], output: [])
        #expect(picked == entry.tensor)
    }
}
