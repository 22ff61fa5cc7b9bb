import Testing
import SymDiff
import Tensor

/// Hostile and mistaken input to the tensor language: each is a diagnostic with a stable id
/// and a caret at the problem, never a crash.
@Suite struct TensorBadInputTests {
    static let shapes = ["X: matrix(n, d)", "v: vector(n)", "w: vector(d)", "A: matrix(n, n)", "R: matrix(n, d)", "s: scalar"]

    /// (input, diagnostic id, message fragment, column of the caret)
    @Test(arguments: [
        ("X*v", "shape-mismatch", "cannot multiply X (n×d) by v (n): inner sizes d and n differ", 2),
        ("v*v", "shape-mismatch", "inner sizes 1 and n differ", 2),
        ("X + A", "shape-mismatch", "cannot add X (n×d) and A (n×n)", 3),
        ("v + v'", "shape-mismatch", "their shapes differ", 3),
        ("v .* w", "shape-mismatch", "sizes n and d differ", 3),
        ("X/v", "divide-by-array", "cannot divide by v (n)", 2),
        ("v^2", "shape-mismatch", "cannot raise v (n) to a power", 2),
        ("X^2", "not-square", "the matrix is not square", 1),
        ("Z'", "transpose-scalar", "Z is a scalar", 2),
        ("s'", "transpose-scalar", "s is a scalar", 2),
        ("Z[1, 2]", "index-scalar", "Z is a scalar", 2),
        ("inv(Z)", "not-a-matrix", "cannot invert Z (scalar)", 5),
        ("trace(Z)", "not-a-matrix", "it needs a square matrix", 7),
        ("det(X)", "not-square", "cannot take det of X (n×d)", 5),
        ("logdet(X)", "not-square", "the matrix is not square", 8),
        ("inv(X)", "not-square", "the matrix is not square", 5),
        ("diag(X)", "not-square", "the matrix is not square", 1),
        ("v[0]", "out-of-range", "before the first entry", 3),
        ("sum(i, 1, n + 1, v[i])", "out-of-range", "past the end of v (n)", 20),
        ("sum(i, 2, n, v[i - 2])", "out-of-range", "starts at 0", 16),
        ("v[1, 2]", "index-count", "takes 1 index, got 2", 2),
        ("v[i]", "bad-index", "an index is a position", 3),
        ("max(i, 3, 1, v[i])", "empty-range", "no values", 1),
        ("f'(x)", "prime-call", "reads as the transpose", 2),
        ("[1, 2; 3]", "ragged-literal", "different lengths", 1),
        ("[1, v]", "literal-entry", "holds numbers", 5),
        ("sinn(v)", "unknown-function", "did you mean", 1),
        ("sum(v, dim=3)", "bad-dim", "dim is 1", 12),
        ("sum(v, axis=1)", "unknown-keyword", "no argument 'axis'", 13),
        ("ones(-1)", "bad-size", "negative", 6),
        ("ones(v)", "bad-size", "must be a size", 6),
        ("softmax(A)", "not-a-vector", "softmax takes a vector", 1),
        ("sin(v, w)", "arity", "sin takes 1 argument", 1),
        ("sum(i, 1, n, sum(j, 1, n, A[i, j]*inv(A)[j, i]))", "indexed-matrix-function", "", -1),
        ("v +", "missing-operand", "expected an expression", 4),
        ("(v", "unclosed-paren", "expected ')'", 3),
        ("X[1, 2", "unclosed-bracket", "expected ']'", 7),
        ("v]", "unbalanced-bracket", "unmatched ']'", 2),
        ("", "empty", "empty", 1),
        ("n: vector", "unexpected-token", "unexpected ':'", 2),
    ] as [(String, String, String, Int)])
    func diagnosed(_ input: String, _ id: String, _ message: String, _ column: Int) throws {
        let parser = TensorParser(shapes: try TensorTesting.declarations(Self.shapes))
        do {
            _ = try parser.parse(input)
            if id != "indexed-matrix-function" { Issue.record("no error for \(input)") }
        } catch {
            #expect(error.id == id, "\(input): \(error.message)")
            #expect(error.message.contains(message), "\(input): \(error.message)")
            if column > 0 { #expect(error.column(in: Array(input.utf8)) == column, "\(input): \(error.rendered(source: Array(input.utf8)))") }
        }
    }

    @Test(arguments: [
        ("w vector", "bad-declaration"),
        ("w: vektor", "bad-declaration"),
        ("w: vector(n, d)", "bad-declaration"),
        ("X: matrix(n)", "bad-declaration"),
        ("s: symmetric vector", "bad-declaration"),
        ("n: vector(n)", "bad-declaration"),
        ("sin: vector", "bad-declaration"),
        ("w: vector(1.5)", "bad-size"),
        ("w: vector(n/m)", "bad-size"),
        (": vector", "bad-declaration"),
    ])
    func badDeclarations(_ text: String, _ id: String) {
        var d = TensorDeclarations()
        #expect(throws: Diagnostic.self) { try d.declare(text) }
        do { try d.declare(text) } catch { #expect(error.id == id, "\(text): \(error.message)") }
    }

    /// Random bytes and fragments of the language never crash the parser or the builder.
    @Test func hostileInputNeverCrashes() throws {
        let parser = TensorParser(shapes: try TensorTesting.declarations(Self.shapes))
        let pieces = ["X", "v", "w", "A", "'", "*", ".*", "./", ".^", "⊙", "ᵀ", "[", "]", ";", ":", "(", ")", ",", "sum(", "i", "1", "n",
                      "+", "-", "^", "inv(", "det(", "diag(", "=", "dim", "2", "0", "x", "\u{0}", "é", "[1, 2; 3, 4]", "sum(i, 1, n, "]
        var random = TensorRandomValues(seed: 2024)
        for _ in 0..<3000 {
            let count = 1 + Int((random.next() + 1) * 6)
            var text = ""
            for _ in 0..<count { text += pieces[Int((random.next() + 1) / 2 * Double(pieces.count)) % pieces.count] }
            if let e = try? parser.parse(text) {
                _ = e.description
                for v in ["X", "v", "w", "A"] { _ = try? e.gradient(withRespectTo: v) }
            }
        }
        let deep = String(repeating: "(", count: 300) + "v" + String(repeating: ")", count: 300)
        #expect(throws: Diagnostic.self) { try parser.parse(deep) }
    }
}
