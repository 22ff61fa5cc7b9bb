import Calculus
import Compile
import Expr

/// A function to minimize, compiled with its gradient (and Hessian when asked) into one program,
/// so every shared subexpression of value, gradient and Hessian is computed once per point.
public struct Objective: Sendable {
    /// The variables, in the order points give their values.
    public let variables: [Expr]
    let valueProgram: @Sendable ([Double]) -> [Double]
    let valueAndGradientProgram: @Sendable ([Double]) -> [Double]
    let hessianProgram: (@Sendable ([Double]) -> [Double])?

    /// f compiled with its gradient, and its Hessian when `withHessian`.
    public init(_ f: Expr, variables: [Expr], withHessian: Bool) throws(CompileError) {
        self.variables = variables
        let g = f.gradient(withRespectTo: variables)
        let value = try CompiledFunction([f], variables: variables)
        let valueAndGradient = try CompiledFunction([f] + g, variables: variables)
        valueProgram = { value($0) }
        valueAndGradientProgram = { valueAndGradient($0) }
        if withHessian {
            let h = try CompiledFunction(f.hessian(withRespectTo: variables).flatMap { $0 }, variables: variables)
            hessianProgram = { h($0) }
        } else {
            hessianProgram = nil
        }
    }

    /// An objective whose programs were compiled elsewhere (to native code, say): `value` returns
    /// [f], `valueAndGradient` [f, ∂f/∂x_1, ...], `hessian` the n×n matrix row-major, or nil.
    public init(variables: [Expr], value: @escaping @Sendable ([Double]) -> [Double],
                valueAndGradient: @escaping @Sendable ([Double]) -> [Double],
                hessian: (@Sendable ([Double]) -> [Double])?) {
        self.variables = variables
        valueProgram = value
        valueAndGradientProgram = valueAndGradient
        hessianProgram = hessian
    }

    /// f at `x`.
    public func value(_ x: [Double]) -> Double { valueProgram(x)[0] }

    /// f and its gradient at `x`, from one program.
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
