import Expr

/// Expressions compiled together into one program: call it with the variables' values to get
/// every output; evaluate many points at once without allocating per point.
public final class CompiledFunction: @unchecked Sendable {
    /// The straight-line program the function runs.
    public let tape: Tape
    /// The same program arranged for many points at once (batch evaluation).
    let blocks: BlockProgram

    /// Compiles `outputs` (for example a value and its gradient) over `variables`, in order, in
    /// their stable forms unless `stable` is false (see `Tape(lowering:variables:stable:)`).
    public init(_ outputs: [Expr], variables: [Expr], stable: Bool = true) throws(CompileError) {
        tape = try Tape(lowering: Expr.sharingScaledSums(outputs), variables: variables.map(\.description), stable: stable)
        blocks = BlockProgram(tape)
    }

    /// All outputs at one point.
    public func callAsFunction(_ point: [Double]) -> [Double] {
        precondition(point.count == tape.variables.count, "expected \(tape.variables.count) values")
        var registers = [Double](repeating: 0, count: tape.instructions.count)
        registers.withUnsafeMutableBufferPointer { r in
            point.withUnsafeBufferPointer { tape.run($0.baseAddress!, r.baseAddress!) }
        }
        return tape.outputs.map { registers[$0] }
    }

    /// Outputs at many points: `points` holds the points one after another (variables in order),
    /// the result the outputs one point after another. Runs block by block (`BlockProgram`), with
    /// no allocation per point.
    public func evaluate(points: [Double]) -> [Double] {
        let n = tape.variables.count, m = tape.outputs.count
        let count = n == 0 ? 1 : points.count / n
        var results = [Double](repeating: 0, count: count * m)
        guard count > 0 else { return results }
        points.withUnsafeBufferPointer { p in
            results.withUnsafeMutableBufferPointer { out in
                // A dummy pointer for programs without variables (nothing is read through it).
                let base = p.baseAddress ?? UnsafePointer(out.baseAddress!)
                blocks.run(points: base, count: count, results: out.baseAddress!)
            }
        }
        return results
    }

    /// Outputs at many points into a buffer the caller owns (and may reuse): `results` holds
    /// at least `outputs × points` values. Nothing is allocated but one block of scratch slots.
    public func evaluate(points: UnsafeBufferPointer<Double>, into results: UnsafeMutableBufferPointer<Double>) {
        let n = tape.variables.count, m = tape.outputs.count
        let count = n == 0 ? 1 : points.count / n
        precondition(results.count >= count * m, "the results buffer holds \(results.count) values, \(count * m) needed")
        guard count > 0, m > 0, let out = results.baseAddress else { return }
        blocks.run(points: points.baseAddress ?? UnsafePointer(out), count: count, results: out)
    }

    /// The first instruction whose value is not a finite number at `point`, with the expression it
    /// computes: how a domain error (log of a negative, division by zero) is located.
    public func firstNonFinite(at point: [Double]) -> (instruction: Int, source: Expr?)? {
        var registers = [Double](repeating: 0, count: tape.instructions.count)
        registers.withUnsafeMutableBufferPointer { r in
            point.withUnsafeBufferPointer { tape.run($0.baseAddress!, r.baseAddress!) }
        }
        guard let i = registers.firstIndex(where: { !$0.isFinite }) else { return nil }
        var j = i
        while j < tape.sources.count && tape.sources[j] == nil { j += 1 }
        return (i, j < tape.sources.count ? tape.sources[j] : nil)
    }
}

/// `f` compiled into a Swift closure over `variables`, in order.
public func compile(_ f: Expr, variables: [Expr]) throws(CompileError) -> @Sendable ([Double]) -> Double {
    let compiled = try CompiledFunction([f], variables: variables)
    return { compiled($0)[0] }
}
