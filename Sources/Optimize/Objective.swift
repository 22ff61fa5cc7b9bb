import Calculus
import Compile
import Expr

/// A function to minimize, compiled with its gradient (and Hessian when asked) into one program,
/// so every shared subexpression of value, gradient and Hessian is computed once per point.
public struct Objective: Sendable {
    public let variables: [Expr]
    let valueProgram: CompiledFunction
    let valueAndGradientProgram: CompiledFunction
    let hessianProgram: CompiledFunction?

    public init(_ f: Expr, variables: [Expr], withHessian: Bool) throws(CompileError) {
        self.variables = variables
        let g = f.gradient(withRespectTo: variables)
        valueProgram = try CompiledFunction([f], variables: variables)
        valueAndGradientProgram = try CompiledFunction([f] + g, variables: variables)
        if withHessian {
            let h = f.hessian(withRespectTo: variables)
            hessianProgram = try CompiledFunction(h.flatMap { $0 }, variables: variables)
        } else {
            hessianProgram = nil
        }
    }

    public func value(_ x: [Double]) -> Double { valueProgram(x)[0] }

    public func valueAndGradient(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        let out = valueAndGradientProgram(x)
        return (out[0], Array(out.dropFirst()))
    }

    /// The Hessian at `x`, row by row; nil when compiled without it.
    public func hessian(_ x: [Double]) -> [[Double]]? {
        guard let hessianProgram else { return nil }
        let flat = hessianProgram(x)
        let n = variables.count
        return (0..<n).map { Array(flat[$0 * n..<($0 + 1) * n]) }
    }
}

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
