import SymDiff

// `--native` for `eval` and `minimize`: the emitted C compiled by the machine's compiler and
// cached; without a compiler, the Tape with a note on stderr.

/// `outputs` over `variables` as native code, or the Tape with the reason on stderr.
func nativeProgram(_ outputs: [Expr], variables: [Expr]) -> any PointFunction {
    do {
        let (program, note) = try compileNatively(outputs, variables: variables)
        if let note { Output.error(note) }
        return program
    } catch {
        Output.fail("error: \(error)")
    }
}

/// The objective of `minimize` with its value, gradient and Hessian as native code.
func nativeObjective(_ f: Expr, variables: [Expr], withHessian: Bool) -> Objective {
    let gradient = f.gradient(withRespectTo: variables)
    // One note for all three programs: they fall back for the same reason.
    var note: String?
    func compiled(_ outputs: [Expr]) -> any PointFunction {
        do {
            let (program, why) = try compileNatively(outputs, variables: variables)
            note = note ?? why
            return program
        } catch {
            Output.fail("error: \(error)")
        }
    }
    let value = compiled([f])
    let valueAndGradient = compiled([f] + gradient)
    let hessian = withHessian ? compiled(f.hessian(withRespectTo: variables).flatMap { $0 }) : nil
    if let note { Output.error(note) }
    var hessianFunction: (@Sendable ([Double]) -> [Double])?
    if let hessian { hessianFunction = { hessian($0) } }
    return Objective(variables: variables, value: { value($0) }, valueAndGradient: { valueAndGradient($0) },
                     hessian: hessianFunction)
}
