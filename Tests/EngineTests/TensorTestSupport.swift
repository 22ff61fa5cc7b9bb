import Testing
import SymDiff
import Tensor

// Shared helpers for the tensor tests: declarations, and the two independent references a
// tensor derivative is checked against (finite differences, and the scalar engine on the
// expression written out entry by entry).

enum TensorTesting {
    static func declarations(_ lines: [String]) throws -> TensorDeclarations {
        var d = TensorDeclarations()
        for line in lines { try d.declare(line) }
        return d
    }

    static func parse(_ text: String, _ lines: [String]) throws -> TensorExpression {
        try TensorParser(shapes: declarations(lines)).parse(text)
    }

    /// The worst relative error of `derivative` (of `f` with respect to `name`) against central
    /// differences, over random instances at each of `sizes`.
    static func worstDifferenceError(_ f: Tensor, _ name: String, derivative: Tensor, sizes: [[String: Int]], seed: UInt64) throws -> Double {
        guard let v = f.variables.first(where: { $0.variableName == name }) else { return derivative.isZero ? 0 : .infinity }
        var worst = 0.0
        var random = TensorRandomValues(seed: seed)
        for s in sizes {
            let values = try random.values(for: [f, derivative], sizes: s)
            let check = try TensorDerivativeCheck(f, withRespectTo: v, derivative: derivative, values: values, sizes: s)
            worst = max(worst, check.worstError)
        }
        return worst
    }

    /// Values for every entry symbol of the variables (`X_1_2`), from tensor values.
    static func entryValues(_ values: [String: TensorValue], _ f: Tensor) -> [String: Double] {
        var out: [String: Double] = [:]
        for v in f.variables {
            guard case let .variable(name, symmetric) = v.kind, let value = values[name] else { continue }
            for e in value.entries.indices {
                var indices: [Int] = []
                var rest = e
                for axis in value.shape.indices.reversed() {
                    indices.insert(rest % value.shape[axis], at: 0)
                    rest /= value.shape[axis]
                }
                out[Tensor.entrySymbol(name, indices, symmetric: symmetric).description] = value.entries[e]
            }
        }
        return out
    }

    /// The entry symbols of a variable in the order the scalar engine differentiates by (the
    /// upper triangle of a symmetric matrix), with the entries of a tensor derivative that
    /// correspond to each (two for an off-diagonal entry of a symmetric matrix).
    static func entries(of v: Tensor, sizes: [String: Int]) -> [(symbol: Expr, positions: [Int])] {
        guard case let .variable(name, symmetric) = v.kind else { return [] }
        let shape = v.shape.map { $0.value(sizes)! }
        let count = shape.reduce(1, *)
        var out: [(Expr, [Int])] = []
        for e in 0..<count {
            let indices = shape.count == 2 ? [e / shape[1], e % shape[1]] : shape.count == 1 ? [e] : []
            if symmetric && indices[1] < indices[0] { continue }
            let partner = symmetric && indices[0] != indices[1] ? [indices[1] * shape[1] + indices[0]] : []
            out.append((Tensor.entrySymbol(name, indices, symmetric: symmetric), [e] + partner))
        }
        return out
    }

    /// The worst relative difference between the unrolled tensor gradient (and Hessian) and
    /// the scalar engine's gradient (and Hessian) of the unrolled function, at random points.
    static func worstUnrolledError(_ f: TensorExpression, _ name: String, sizes: [String: Int], seed: UInt64, hessian: Bool) throws -> Double {
        guard let v = f.tensor.variables.first(where: { $0.variableName == name }) else { return 0 }
        let scalarF = try f.tensor.unrolled(sizes: sizes).scalar!
        let symbols = entries(of: v, sizes: sizes)
        let reverse = ReverseAccumulation()
        let scalarGradient = reverse.gradient(of: scalarF, withRespectTo: symbols.map(\.symbol))
        let tensorGradient = try f.gradient(withRespectTo: name).tensor.unrolled(sizes: sizes).entries
        var random = TensorRandomValues(seed: seed)
        var worst = 0.0
        for _ in 0..<2 {
            let values = entryValues(try random.values(for: [f.tensor], sizes: sizes), f.tensor)
            for (k, entry) in symbols.enumerated() {
                let tensorValue = entry.positions.reduce(0.0) { $0 + tensorGradient[$1].evaluate(at: values) }
                worst = max(worst, relative(scalarGradient[k].evaluate(at: values), tensorValue))
            }
            if hessian {
                let scalarHessian = reverse.hessian(of: scalarF, withRespectTo: symbols.map(\.symbol))
                let tensorHessian = try f.hessian(withRespectTo: name).tensor.unrolled(sizes: sizes).entries
                let width = v.shape.map { $0.value(sizes)! }.reduce(1, *)
                for (r, row) in symbols.enumerated() {
                    for (c, column) in symbols.enumerated() {
                        var t = 0.0
                        for p in row.positions { for q in column.positions { t += tensorHessian[p * width + q].evaluate(at: values) } }
                        worst = max(worst, relative(scalarHessian[r][c].evaluate(at: values), t))
                    }
                }
            }
        }
        return worst
    }

    static func relative(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .infinity }
        return abs(a - b) / max(1, abs(a), abs(b))
    }
}
