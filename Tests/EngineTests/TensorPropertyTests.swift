import Testing
import SymDiff
import Tensor

/// Random tensor expressions of depth up to 6 over declared shapes: each gradient against
/// central differences and against the scalar engine on the unrolled expression.
@Suite struct TensorPropertyTests {
    static let shapes = ["x, y: vector(n)", "u: vector(d)", "X: matrix(n, d)", "A: matrix(n, n)", "S: symmetric matrix(n)",
                         "B: matrix(d, d)", "t: scalar"]

    /// The shapes the generator builds: scalar, vectors of n and d, matrices n×d, n×n, d×d.
    enum Shape: CaseIterable { case scalar, n, d, nd, nn, dd }

    /// Writes random well-shaped expressions as text (so the parser is exercised too), within
    /// the real domain of every function (logs of 1 + squares, exponents of bounded values).
    struct Generator {
        var random: TensorRandomValues

        mutating func pick(_ count: Int) -> Int { Int((random.next() + 1) / 2 * Double(count)) % count }

        mutating func leaf(_ shape: Shape) -> String {
            switch shape {
            case .scalar: return ["t", "2", "1/3", "t"][pick(4)]
            case .n: return ["x", "y", "x", "ones(n)"][pick(4)]
            case .d: return ["u", "u", "ones(d)"][pick(3)]
            case .nd: return "X"
            case .nn: return ["A", "S", "A", "eye(n)"][pick(4)]
            case .dd: return ["B", "B'", "eye(d)"][pick(3)]
            }
        }

        /// A leaf or a parenthesized composite, so that text joins read as intended.
        mutating func expression(_ shape: Shape, depth: Int) -> String {
            if depth >= 6 || pick(10) < 2 { return leaf(shape) }
            return "(" + composite(shape, depth: depth) + ")"
        }

        mutating func composite(_ shape: Shape, depth: Int) -> String {
            let next = depth + 1
            switch shape {
            case .scalar:
                switch pick(11) {
                case 0: return "sum(\(expression(.n, depth: next)))"
                case 1: return "\(expression(.n, depth: next))'*\(expression(.n, depth: next))"
                case 2: return "trace(\(expression(.nn, depth: next)))"
                case 3: return "\(expression(.d, depth: next))'*\(expression(.dd, depth: next))*\(expression(.d, depth: next))"
                case 4: return "norm2(\(expression(.n, depth: next)))^2"
                case 5: return "logsumexp(\(expression(.n, depth: next)))"
                case 6: return "tanh(\(expression(.scalar, depth: next)))"
                case 7: return "(\(expression(.scalar, depth: next)) + \(expression(.scalar, depth: next)))"
                case 8: return "\(expression(.scalar, depth: next))*\(expression(.scalar, depth: next))"
                case 9: return "logdet(eye(d) + \(expression(.nd, depth: next))'*\(expression(.nd, depth: next)))"
                default: return "sum(i, 1, n, \(indexed(depth: next)))"
                }
            case .n, .d:
                switch pick(9) {
                case 0: return shape == .n ? "\(expression(.nd, depth: next))*\(expression(.d, depth: next))" : "\(expression(.nd, depth: next))'*\(expression(.n, depth: next))"
                case 1: return "\(expression(shape == .n ? .nn : .dd, depth: next))*\(expression(shape, depth: next))"
                case 2: return "(\(expression(shape, depth: next)) - \(expression(shape, depth: next)))"
                case 3: return "\(expression(shape, depth: next)) .* \(expression(shape, depth: next))"
                case 4: return ["sin", "tanh", "sigmoid", "softplus"][pick(4)] + "(\(expression(shape, depth: next)))"
                case 5: return "\(expression(.scalar, depth: next))*\(expression(shape, depth: next))"
                case 6: return "softmax(\(expression(shape, depth: next)))"
                case 7: return "\(expression(shape, depth: next)) ./ (1 + \(expression(shape, depth: next)).^2)"
                default: return "diag(\(expression(shape == .n ? .nn : .dd, depth: next)))"
                }
            case .nd:
                switch pick(6) {
                case 0: return "\(expression(.n, depth: next))*\(expression(.d, depth: next))'"
                case 1: return "\(expression(.nn, depth: next))*\(expression(.nd, depth: next))"
                case 2: return "\(expression(.nd, depth: next))*\(expression(.dd, depth: next))"
                case 3: return "(\(expression(.nd, depth: next)) + \(expression(.nd, depth: next)))"
                case 4: return "tanh(\(expression(.nd, depth: next)))"
                default: return "\(expression(.nd, depth: next)) .* \(expression(.nd, depth: next))"
                }
            case .nn, .dd:
                let m: Shape = shape
                switch pick(6) {
                case 0: return m == .nn ? "\(expression(.nd, depth: next))*\(expression(.nd, depth: next))'" : "\(expression(.nd, depth: next))'*\(expression(.nd, depth: next))"
                case 1: return "\(expression(m, depth: next))*\(expression(m, depth: next))"
                case 2: return "\(expression(m, depth: next))'"
                case 3: return "diag(\(expression(m == .nn ? .n : .d, depth: next)))"
                case 4: return "inv(\(m == .nn ? "3*eye(n)" : "3*eye(d)") + sin(\(expression(m, depth: next))))"
                default: return "(\(expression(m, depth: next)) - \(expression(m, depth: next)))"
                }
            }
        }

        /// A scalar body of a sum over i in 1..n.
        mutating func indexed(depth: Int) -> String {
            switch pick(3) {
            case 0: return "(x[i] - \(expression(.scalar, depth: depth + 1))*y[i])^2"
            case 1: return "A[i, i]*x[i]"
            default: return "sigmoid(X[i, :]*\(expression(.d, depth: depth + 1)))"
            }
        }
    }

    @Test func randomExpressionsAgainstDifferencesAndUnrolling() throws {
        let parser = TensorParser(shapes: try TensorTesting.declarations(Self.shapes))
        var generator = Generator(random: TensorRandomValues(seed: 20240611))
        var checked = 0
        for case_ in 0..<60 {
            let text = generator.expression(.scalar, depth: 0)
            let f = try parser.parse(text)
            for v in f.tensor.variables {
                let name = v.variableName!
                let g = try f.gradient(withRespectTo: name)
                let error = try TensorTesting.worstDifferenceError(f.tensor, name, derivative: g.tensor,
                                                                   sizes: [["n": 2, "d": 1], ["n": 3, "d": 2]], seed: UInt64(case_))
                #expect(error < 1e-5, "case \(case_): d/d\(name) \(text) = \(g): differences \(error)")
                let unrolled = try TensorTesting.worstUnrolledError(f, name, sizes: ["n": 2, "d": 2], seed: UInt64(case_),
                                                                    hessian: v.order == 1 && case_ % 3 == 0)
                #expect(unrolled < 1e-8, "case \(case_): d/d\(name) \(text) = \(g): scalar engine differs by \(unrolled)")
                checked += 1
            }
        }
        #expect(checked > 60)
    }
}
