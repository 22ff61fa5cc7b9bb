import Compile
import Expr

/// Warnings about gradient components that vanish or explode at a point, each naming the
/// subexpression responsible: `d/dz = 8.8e-27 vanishes: sigmoid saturates: sigmoid(60) =
/// 1 - 8.8e-27, its derivative 8.8e-27`.
///
/// A component vanishes when moving its variable by its own size (at least 1) changes the value
/// by less than one rounding of the value (|g|·max(1, |x|) <= eps·max(1, |f|)), and a function
/// of the expression on the way to the variable is flat there by the same measure: a true zero
/// of the derivative (x*y at y = 0) is not reported. A component explodes when it is not finite
/// or its square overflows (|g| > 1.3e154: norms and second moments of the gradient are inf).
public enum GradientWarnings {
    /// Expressions with more distinct nodes than this are not analysed (the warnings are a help,
    /// not worth a long wait).
    static let nodeLimit = 20_000
    static let explodingMagnitude = Double.greatestFiniteMagnitude.squareRoot()

    /// The warning lines (without a `warning:` prefix) for `gradient`, the gradient of `f` over
    /// `variables` at `point`, where `f` has `value`.
    public static func lines(for f: Expr, variables: [Expr], at point: [Double], value: Double, gradient: [Double]) -> [String] {
        let eps = Double.ulpOfOne
        func vanishes(_ i: Int) -> Bool {
            gradient[i].isFinite && abs(gradient[i]) * max(1, abs(point[i])) <= eps * max(1, abs(value).isFinite ? abs(value) : 1)
        }
        func explodes(_ i: Int) -> Bool { !gradient[i].isFinite || abs(gradient[i]) > explodingMagnitude }
        let flagged = variables.indices.filter { vanishes($0) || explodes($0) }
        guard !flagged.isEmpty, let functions = FunctionValues(f, variables: variables, at: point) else { return [] }

        // Components with the same explanation share one line.
        var groups: [(reason: String, variables: [Int])] = []
        for i in flagged {
            let name = variables[i].description
            let reason: String?
            if vanishes(i) {
                reason = functions.flattest(dependingOn: name).map { "vanishes: " + $0 }
            } else if gradient[i].isFinite {
                reason = functions.steepest(dependingOn: name).map { "explodes: " + $0 }
            } else {
                let program = try? CompiledFunction([f.gradient(withRespectTo: variables)[i]], variables: variables)
                reason = "overflows: " + (program?.nonFiniteCause(at: point).map(nonFiniteMessage) ?? "the value is not finite")
            }
            guard let reason else { continue }
            if let k = groups.firstIndex(where: { $0.reason == reason }) { groups[k].variables.append(i) } else { groups.append((reason, [i])) }
        }
        return groups.map { group in
            let names = group.variables.prefix(3).map { "d/d\(variables[$0]) = \(formatScientific(gradient[$0]))" }
            let more = group.variables.count > 3 ? " and \(group.variables.count - 3) more" : ""
            return names.joined(separator: ", ") + more + " " + group.reason
        }
    }
}

/// Every call of a function of the table in an expression, with its value, its arguments'
/// values and its partial derivatives at one point, and the variables it depends on.
private struct FunctionValues {
    struct Call {
        let node: Expr
        let value: Double
        let arguments: [Double]
        let partials: [Double]
        let variables: Set<String>

        /// How much the function moves, relative to its value, when its arguments move by their
        /// own size: below eps it is flat, above 1/eps steep.
        var slope: Double {
            let moved = zip(partials, arguments).map { abs($0) * max(1, abs($1)) }.max() ?? 0
            return moved / max(1, abs(value))
        }
    }

    let calls: [Call]

    init?(_ f: Expr, variables: [Expr], at point: [Double]) {
        let order = f.postorder
        guard order.count <= GradientWarnings.nodeLimit else { return nil }
        var depends = ExprMap<Set<String>>(capacity: order.count)
        var nodes: [Expr] = []
        for e in order {
            if case let .symbol(name) = e.head { depends[e] = [name]; continue }
            depends[e] = e.children.reduce(into: Set<String>()) { $0.formUnion(depends[$1]!) }
            if case .function = e.head { nodes.append(e) }
        }
        guard !nodes.isEmpty else { return nil }
        // One program for every call's value, arguments and partial derivatives.
        var outputs: [Expr] = []
        for n in nodes {
            guard case let .function(g) = n.head else { continue }
            outputs += [n] + n.children + g.spec.partials(n.children)
        }
        guard let program = try? CompiledFunction(outputs, variables: variables) else { return nil }
        let values = program(point)
        var k = 0
        var calls: [Call] = []
        for n in nodes {
            let m = n.children.count
            calls.append(Call(node: n, value: values[k], arguments: Array(values[(k + 1)...(k + m)]),
                              partials: Array(values[(k + 1 + m)...(k + 2 * m)]), variables: depends[n]!))
            k += 1 + 2 * m
        }
        self.calls = calls
    }

    /// The flattest call on the way to `variable`, described, if one is flat.
    func flattest(dependingOn variable: String) -> String? {
        let flat = calls.filter { $0.variables.contains(variable) && $0.slope <= Double.ulpOfOne && $0.partials.allSatisfy(\.isFinite) }
        guard let c = flat.min(by: { $0.slope < $1.slope }) else { return nil }
        guard case let .function(g) = c.node.head else { return nil }
        let verb = c.partials.allSatisfy { $0 == 0 } ? "is flat" : "saturates"
        return "\(g.name) \(verb): \(valueText(c)), its derivative \(formatScientific(c.partials[0]))"
    }

    /// The steepest call on the way to `variable`, described.
    func steepest(dependingOn variable: String) -> String? {
        let candidates = calls.filter { $0.variables.contains(variable) && $0.partials.allSatisfy(\.isFinite) }
        guard let c = candidates.max(by: { $0.partials.map(abs).max()! < $1.partials.map(abs).max()! }),
              case let .function(g) = c.node.head else { return nil }
        return "\(g.name) grows steeply: \(valueText(c)), its derivative \(formatScientific(c.partials[0]))"
    }

    /// `sigmoid(60) = 1 - 8.8e-27`: a value that rounds to a whole number is shown with its
    /// distance from it, computed in the stable form of `n - f(u)` (`sigmoid(-u)` for sigmoid).
    private func valueText(_ c: Call) -> String {
        guard case let .function(g) = c.node.head else { return "" }
        let call = g.name + "(" + c.arguments.map(formatNumber).joined(separator: ", ") + ")"
        let whole = c.value.rounded()
        guard whole != 0, abs(c.value - whole) <= 1e-6 * abs(whole), c.arguments.count == 1, abs(whole) < 1e15 else {
            return "\(call) = \(formatScientific(c.value))"
        }
        let t = Expr.symbol("t")
        let gap = (try? CompiledFunction([Expr.integer(Int(whole)) - Expr.apply(g, [t])], variables: [t]))?(c.arguments)[0] ?? 0
        guard gap != 0, gap.isFinite else { return "\(call) = \(formatScientific(c.value))" }
        return "\(call) = \(formatNumber(whole)) \(gap > 0 ? "-" : "+") \(formatScientific(abs(gap)))"
    }
}
