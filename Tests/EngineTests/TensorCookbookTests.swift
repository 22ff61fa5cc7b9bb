import Testing
import SymDiff
import Tensor

/// Identities of The Matrix Cookbook (K. B. Petersen, M. S. Pedersen, version of November 15,
/// 2012), by equation number. Each derivative is checked symbolically (it equals the book's
/// form once products are multiplied out) and numerically (central differences on random
/// instances of several sizes, 1 among them).
@Suite struct TensorCookbookTests {
    struct Identity: CustomTestStringConvertible, Sendable {
        let equation: String
        let declarations: [String]
        let function: String
        let variable: String
        let expected: String
        /// Square: n = 1, 2, 3. Rectangular: (m, n) = (1, 1), (2, 3), (3, 2).
        let rectangular: Bool

        init(_ equation: String, _ declarations: [String], _ function: String, _ variable: String, _ expected: String, rectangular: Bool = false) {
            self.equation = equation
            self.declarations = declarations
            self.function = function
            self.variable = variable
            self.expected = expected
            self.rectangular = rectangular
        }

        var testDescription: String { "(\(equation)) d/d\(variable) \(function) = \(expected)" }

        var sizes: [[String: Int]] {
            rectangular ? [["m": 1, "n": 1], ["m": 2, "n": 3], ["m": 3, "n": 2]] : [["n": 1], ["n": 2], ["n": 3]]
        }
    }

    static let square = ["X, A, B, C, D: matrix(n, n)", "W: symmetric matrix(n)", "a, b, c, d, x, s: vector(n)"]
    static let rectangular = ["X: matrix(m, n)", "A: matrix(m, m)", "B: matrix(n, n)", "D: matrix(m, m)",
                              "a, c: vector(m)", "b: vector(n)"]

    static let identities: [Identity] = [
        // 2.1 Derivatives of a determinant
        Identity("49", square, "det(X)", "X", "det(X)*inv(X)'"),
        Identity("57", square, "logdet(X)", "X", "inv(X)'"),
        Identity("62", square, "det(inv(X))", "X", "-det(inv(X))*inv(X)'"),
        // 2.2 Derivatives of an inverse
        Identity("61", square, "a'*inv(X)*b", "X", "-inv(X)'*a*b'*inv(X)'"),
        Identity("63", square, "trace(A*inv(X)*B)", "X", "-(inv(X)*B*A*inv(X))'"),
        Identity("64", square, "trace(inv(X + A))", "X", "-(inv(X + A)*inv(X + A))'"),
        // 2.4.1 First order
        Identity("69", square, "x'*a", "x", "a"),
        Identity("69", square, "a'*x", "x", "a"),
        Identity("70", rectangular, "a'*X*b", "X", "a*b'", rectangular: true),
        Identity("71", ["X: matrix(m, n)", "a: vector(n)", "b: vector(m)"], "a'*X'*b", "X", "b*a'", rectangular: true),
        Identity("72", square, "a'*X*a", "X", "a*a'"),
        Identity("72", square, "a'*X'*a", "X", "a*a'"),
        // 2.4.2 Second order
        Identity("77", square, "b'*X'*X*c", "X", "X*(b*c' + c*b')"),
        Identity("78", square, "(B*x + b)'*C*(D*x + d)", "x", "B'*C*(D*x + d) + D'*C'*(B*x + b)"),
        Identity("81", square, "x'*B*x", "x", "(B + B')*x"),
        Identity("82", square, "b'*X'*D*X*c", "X", "D'*X*b*c' + D*X*c*b'"),
        Identity("83", rectangular, "(X*b + c)'*D*(X*b + c)", "X", "(D + D')*(X*b + c)*b'", rectangular: true),
        Identity("84", square, "(x - A*s)'*W*(x - A*s)", "s", "-2*A'*W*(x - A*s)"),
        Identity("85", square, "(x - s)'*W*(x - s)", "x", "2*W*(x - s)"),
        Identity("86", square, "(x - s)'*W*(x - s)", "s", "-2*W*(x - s)"),
        Identity("87", square, "(x - A*s)'*W*(x - A*s)", "x", "2*W*(x - A*s)"),
        Identity("88", square, "(x - A*s)'*W*(x - A*s)", "A", "-2*W*(x - A*s)*s'"),
        // 2.4.4 Gradient of a quadratic function
        Identity("96", square, "x'*A*x + b'*x", "x", "(A + A')*x + b"),
        // 2.5.1 Traces, first order
        Identity("99", square, "trace(X)", "X", "eye(n)"),
        Identity("100", square, "trace(X*A)", "X", "A'"),
        Identity("101", square, "trace(A*X*B)", "X", "A'*B'"),
        Identity("102", square, "trace(A*X'*B)", "X", "B*A"),
        Identity("103", square, "trace(X'*A)", "X", "A"),
        Identity("104", square, "trace(A*X')", "X", "A"),
        // 2.5.2 Traces, second order
        Identity("106", square, "trace(X^2)", "X", "2*X'"),
        Identity("107", square, "trace(X^2*B)", "X", "(X*B + B*X)'"),
        Identity("108", square, "trace(X'*B*X)", "X", "B*X + B'*X"),
        Identity("109", square, "trace(B*X*X')", "X", "B*X + B'*X"),
        Identity("110", square, "trace(X*X'*B)", "X", "B*X + B'*X"),
        Identity("111", square, "trace(X*B*X')", "X", "X*B' + X*B"),
        Identity("112", square, "trace(B*X'*X)", "X", "X*B' + X*B"),
        Identity("113", square, "trace(X'*X*B)", "X", "X*B' + X*B"),
        Identity("114", square, "trace(A*X*B*X)", "X", "A'*X'*B' + B'*X'*A'"),
        Identity("115", square, "trace(X'*X)", "X", "2*X"),
        Identity("115", square, "trace(X*X')", "X", "2*X"),
        Identity("116", square, "trace(B'*X'*C*X*B)", "X", "C'*X*B*B' + C*X*B*B'"),
        Identity("117", square, "trace(X'*B*X*C)", "X", "B*X*C + B'*X*C'"),
        Identity("118", square, "trace(A*X*B*X'*C)", "X", "A'*C'*X*B' + C*A*X*B"),
        Identity("119", square, "trace((A*X*B + C)*(A*X*B + C)')", "X", "2*A'*(A*X*B + C)*B'"),
        // 2.5.3 Higher order
        Identity("121", square, "trace(X^3)", "X", "3*(X^2)'"),
        // 2.5.4 Other
        Identity("124", square, "trace(A*inv(X)*B)", "X", "-inv(X)'*A'*B'*inv(X)'"),
        // (128) is d trace(sin(X))/dX = cos(X)' for the matrix sine; sin here is elementwise, so
        // trace(sin(X)) = sum of sin(X[i, i]) and its gradient is cos(X) on the diagonal.
        Identity("128", square, "trace(sin(X))", "X", "eye(n) .* cos(X)"),
        // 2.6 Vector norms
        Identity("129", square, "norm2(x - a)", "x", "(x - a)/norm2(x - a)"),
        Identity("131", square, "norm2(x)^2", "x", "2*x"),
        Identity("131", square, "x'*x", "x", "2*x"),
        // 2.7 Matrix norms
        Identity("132", square, "norm2(X)^2", "X", "2*X"),
        // 2.2, 2.3 rules applied: Hadamard products (38) and an elementwise function of a product
        Identity("38", square, "sum(X .* A)", "X", "A"),
        Identity("38", square, "a'*(X .* A)*b", "X", "(a*b') .* A"),
        Identity("38", square, "sum(X .* X .* A)", "X", "2*X .* A"),
    ]

    @Test(arguments: identities)
    func identity(_ id: Identity) throws {
        let shapes = try TensorTesting.declarations(id.declarations)
        let parser = TensorParser(shapes: shapes)
        let f = try parser.parse(id.function)
        let got = try f.derivative(withRespectTo: id.variable)
        let expected = try parser.parse(id.expected)
        // Symbolically: one node once products are multiplied out.
        #expect(got.tensor.expandedProducts == expected.tensor.simplified.expandedProducts,
                "got \(got), expected \(expected)")
        // Numerically: the derivative against central differences, and against the book's form.
        let error = try TensorTesting.worstDifferenceError(f.tensor, id.variable, derivative: got.tensor, sizes: id.sizes, seed: 49)
        #expect(error < 1e-6, "finite differences differ by \(error) for \(got)")
        var random = TensorRandomValues(seed: 7)
        for s in id.sizes {
            let values = try random.values(for: [f.tensor, expected.tensor], sizes: s)
            let a = try got.evaluate(values: values, sizes: s), b = try expected.evaluate(values: values, sizes: s)
            #expect(a.relativeDistance(to: b) < 1e-9, "sizes \(s): \(a) against the book's \(b)")
        }
    }

    /// (59), (60): the derivative of the inverse, entry by entry:
    /// d inv(X)[k, l] / dX[i, j] = -inv(X)[k, i]*inv(X)[j, l].
    @Test func inverseEntries() throws {
        let f = try TensorTesting.parse("inv(X)", Self.square)
        let x = try f.variable("X")
        let jacobian = try f.tensor.derivative(withRespectTo: x)
        let inv = Tensor.inverse(x)
        let book = -Tensor.einsum([inv, inv], [[0, 2], [3, 1]], output: [0, 1, 2, 3])
        #expect(jacobian == book, "got \(jacobian)")
        let error = try TensorTesting.worstDifferenceError(f.tensor, "X", derivative: jacobian, sizes: [["n": 1], ["n": 2], ["n": 3]], seed: 59)
        #expect(error < 1e-6)
    }

    /// (97): the Hessian of x'*A*x + b'*x is A + A'.
    @Test func quadraticHessian() throws {
        let f = try TensorTesting.parse("x'*A*x + b'*x", Self.square)
        let h = try f.hessian(withRespectTo: "x")
        #expect(h.tensor == (try TensorTesting.parse("A + A'", Self.square)).tensor, "got \(h)")
        let g = try f.gradient(withRespectTo: "x")
        let error = try TensorTesting.worstDifferenceError(g.tensor, "x", derivative: h.tensor, sizes: [["n": 1], ["n": 2], ["n": 3]], seed: 97)
        #expect(error < 1e-6)
    }

    /// (130): the Jacobian of the unit vector (x - a)/||x - a||.
    @Test func unitVectorJacobian() throws {
        let f = try TensorTesting.parse("(x - a)/norm2(x - a)", Self.square)
        let j = try f.jacobian(withRespectTo: "x")
        let book = try TensorTesting.parse("eye(n)/norm2(x - a) - (x - a)*(x - a)'/norm2(x - a)^3", Self.square)
        let error = try TensorTesting.worstDifferenceError(f.tensor, "x", derivative: j.tensor, sizes: [["n": 1], ["n": 2], ["n": 3]], seed: 130)
        #expect(error < 1e-6)
        var random = TensorRandomValues(seed: 130)
        let values = try random.values(for: [f.tensor], sizes: ["n": 3])
        #expect(try j.evaluate(values: values).relativeDistance(to: book.evaluate(values: values)) < 1e-9)
        #expect(j.tensor.expandedProducts == book.tensor.simplified.expandedProducts, "got \(j)")
    }
}
