/// A program evaluated at points: every output at one point, or at many points laid out one
/// after another. The Tape (`CompiledFunction`) and native code (`NativeFunction`) both are.
public protocol PointFunction: Sendable {
    func callAsFunction(_ point: [Double]) -> [Double]
    func evaluate(points: [Double]) -> [Double]
}

extension CompiledFunction: PointFunction {}
extension NativeFunction: PointFunction {}

/// `outputs` over `variables` as native code when it can be built, else on the Tape with a note
/// saying why (no compiler on this machine, say); native code may come with notes too (a code
/// cache refused), one a line. Errors in the expressions themselves (a variable without a value)
/// are thrown as the Tape reports them.
public func compileNatively(_ outputs: [Expr], variables: [Expr], options: NativeOptions = NativeOptions())
    throws(CompileError) -> (function: any PointFunction, note: String?)
{
    let tape = try CompiledFunction(outputs, variables: variables)
    do {
        let native = try NativeFunction(outputs, variables: variables, options: options)
        return (native, native.notes.isEmpty ? nil : native.notes.joined(separator: "\n"))
    } catch {
        return (tape, "note: \(error); evaluating with the Tape instead")
    }
}
