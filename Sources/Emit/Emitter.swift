import Expr

/// Writes code that computes a function and its derivatives, in one of the target languages.
///
///     let code = try emitCode(for: f, variables: [x, y], language: .c, gradient: true)
///
/// The output is one self-contained unit in the language's idiom: a header comment (the
/// expression, the derivatives, the argument order), the helpers the target lacks, and one
/// function that computes the value and every requested derivative in a single pass, each
/// shared subexpression once. The same input always gives the same text.
public struct Emitter: Sendable {
    /// The language written.
    public let language: CodeLanguage

    /// An emitter of `language`.
    public init(language: CodeLanguage) { self.language = language }

    /// The code for `unit`.
    public func emit(_ unit: CodeUnit) throws(EmitError) -> String {
        try language.target.file(for: unit)
    }
}

/// Code in `language` computing `f` over `variables` (the argument order) and, on request, its
/// gradient, its Hessian, and the Jacobian of `f` together with the functions `jacobian`. The
/// emitted function is called `name`. `simplify`, when given, is applied to each derivative
/// first (pass the engine's simplifier for the shortest formulas).
public func emitCode(for f: Expr, variables: [Expr], language: CodeLanguage, gradient: Bool = false,
                     hessian: Bool = false, jacobian: [Expr] = [], name: String = "f",
                     simplify: ((Expr) -> Expr)? = nil) throws(EmitError) -> String {
    let unit = try CodeUnit(function: f, others: jacobian, variables: variables, gradient: gradient, hessian: hessian,
                            name: name, simplify: simplify)
    return try Emitter(language: language).emit(unit)
}
