import SymDiff
import Tensor

/// `unroll`: a command's vectors and matrices written out entry by entry (`w` as `w_1`, …,
/// `X` as `X_1_1`, …) with numeric sizes, so that the scalar implementation runs on them: the
/// cross-check of the tensor layer against the scalar engine, from the front ends.
enum TensorUnrolling {
    /// The arguments of `command` with every tensor expression unrolled, every variable that is
    /// an array replaced by its entries, values given at the call by the values of the entries,
    /// and arrays from data files put in as numbers.
    static func scalarArguments(_ arguments: CommandArguments, _ tensor: TensorInput, command: CommandSpec) throws(CommandError) -> CommandArguments {
        let expressions = tensor.expressions.values.compactMap { r -> Tensor? in if case let .expression(e) = r { return e.tensor } else { return nil } }
        let sizes = try numericSizes(tensor, expressions)
        var data: [Expr: Expr] = [:]
        for (name, value) in tensor.data {
            guard let v = expressions.lazy.flatMap(\.variables).first(where: { $0.variableName == name }) else { continue }
            for (k, entry) in entrySymbols(v, sizes).enumerated() where k < value.entries.count { data[entry] = number(value.entries[k]) }
        }
        var out = arguments
        out.tensor = nil
        out.decimals = out.decimals || !data.isEmpty
        for p in command.parameters {
            switch p.kind {
            case .expression, .relation, .subject, .expressions:
                guard let result = tensor.expressions[p.name] else { continue }
                guard case let .expression(e) = result else {
                    throw CommandError(.input, "unroll writes out one expression; this is \(result.kindName)", parameter: p)
                }
                let entries = try unrolled(e.tensor, sizes).map { $0.substituting(data) }
                if case .expressions = p.kind {
                    out.set(entries, for: p)
                    continue
                }
                guard entries.count == 1, e.tensor.isScalar else {
                    throw CommandError(.input, "unroll writes out a scalar expression here, but \(e) is \(TensorCommands.describe(e.tensor.shape)); use jacobian", parameter: p)
                }
                if case .subject = p.kind {
                    out.set(Value.expr(entries[0], decimals: out.decimals), for: p)
                } else {
                    out.set(entries[0], for: p)
                }
            case .variables:
                guard let given = arguments.value(named: p.name) as? [Expr] else { continue }
                var names: [Expr] = []
                for v in given { names += try entries(of: TensorCommands.name(of: v), expressions, sizes, p) }
                out.set(names, for: p)
            case .countedVariables:
                guard let given = arguments.value(named: p.name) as? [CountedVariable] else { continue }
                var names: [CountedVariable] = []
                for v in given {
                    names += try entries(of: TensorCommands.name(of: v.variable), expressions, sizes, p).map { CountedVariable(variable: $0, count: v.count) }
                }
                out.set(names, for: p)
            case .point:
                var point: [Coordinate] = []
                for given in tensor.points[p.name] ?? [] {
                    guard let v = expressions.lazy.flatMap(\.variables).first(where: { $0.variableName == given.name }) else {
                        if sizes[given.name] != nil { continue }
                        throw CommandError(.input, "'\(given.name)' is not a variable of the expression", parameter: p, item: given.name)
                    }
                    let symbols = entrySymbols(v, sizes)
                    let values = given.value.scalar.map { x in Array(repeating: x, count: symbols.count) } ?? given.value.entries
                    guard values.count == symbols.count else {
                        throw CommandError(.input, "\(given.name) has \(values.count) entries but \(symbols.count) at these sizes", parameter: p, item: given.name)
                    }
                    for (s, x) in zip(symbols, values) where point.allSatisfy({ $0.name != s.description }) {
                        point.append(Coordinate(name: s.description, value: x))
                    }
                }
                if !point.isEmpty { out.set(point, for: p) }
            default:
                continue
            }
        }
        return out
    }

    /// Every size of the expressions as a number: given (`--dims`), fixed by values and data,
    /// or an error naming the first size that is not.
    private static func numericSizes(_ tensor: TensorInput, _ roots: [Tensor]) throws(CommandError) -> [String: Int] {
        var values = tensor.data
        for list in tensor.points.values { for given in list where given.value.shape.count > 0 { values[given.name] = given.value } }
        var sizes = Tensor.sizes(of: roots, fixedBy: values)
        for list in tensor.points.values {
            for given in list { if let x = given.value.scalar, x >= 0, x == x.rounded(), x < 1e6 { sizes[given.name] = sizes[given.name] ?? Int(x) } }
        }
        for (name, n) in tensor.sizes { sizes[name] = n }
        for name in Set(roots.flatMap(\.sizeNames)).sorted() where sizes[name] == nil {
            throw CommandError(.input, "unroll needs a number for the size \(name): give it with --dims \(name)=... on the command line (\(name)=... in a statement), or give a value whose shape fixes it",
                               parameter: TensorParameters.unroll.spec)
        }
        return sizes
    }

    private static func unrolled(_ t: Tensor, _ sizes: [String: Int]) throws(CommandError) -> [Expr] {
        do throws(UnrollError) { return try t.unrolled(sizes: sizes).entries } catch {
            throw CommandError(.input, "\(error)", parameter: TensorParameters.unroll.spec)
        }
    }

    /// The entry symbols of variable `v` (`w_1`, …; the upper triangle of a symmetric matrix
    /// stands for both halves).
    private static func entrySymbols(_ v: Tensor, _ sizes: [String: Int]) -> [Expr] {
        guard case let .variable(name, symmetric) = v.kind else { return [] }
        let shape = v.shape.map { $0.value(sizes) ?? 0 }
        return (0..<shape.reduce(1, *)).map { e in
            var indices: [Int] = []
            var rest = e
            for axis in shape.indices.reversed() {
                indices.insert(rest % shape[axis], at: 0)
                rest /= shape[axis]
            }
            return Tensor.entrySymbol(name, indices, symmetric: symmetric)
        }
    }

    /// The entry symbols a variable argument stands for: all of an array's (each once), or one
    /// entry (`w[2]` is `w_2`).
    private static func entries(of name: String, _ roots: [Tensor], _ sizes: [String: Int], _ p: ParameterSpec) throws(CommandError) -> [Expr] {
        let base = name.firstIndex(of: "[").map { String(name[..<$0]) } ?? name
        guard let v = roots.lazy.flatMap(\.variables).first(where: { $0.variableName == base }) else { return [.symbol(name)] }
        var seen = Set<Expr>()
        let all = entrySymbols(v, sizes).filter { seen.insert($0).inserted }
        guard base != name else { return all }
        let positions = name.dropFirst(base.count + 1).dropLast().split(separator: ",").map { Int($0.filter { $0 != " " }) }
        guard positions.count == v.order, positions.allSatisfy({ $0 != nil }) else {
            throw CommandError(.input, "unroll takes entries at numeric positions, such as \(base)[2]", parameter: p, item: name)
        }
        guard case let .variable(_, symmetric) = v.kind else { return all }
        return [Tensor.entrySymbol(base, positions.map { $0! - 1 }, symmetric: symmetric)]
    }

    /// A double as the exact number of its shortest decimal.
    static func number(_ x: Double) -> Expr {
        guard let q = try? Rational.parse(decimal: Substring(NumberText.decimal(x.magnitude))) else { return .zero }
        return .number(x < 0 ? -q : q)
    }
}
