import Compile
import Expr

/// How a code writer spells an elementwise template (a scalar expression over `#0`, `#1`, …)
/// or a size used as a number: the walk is one for every target (NumPy, C, Swift, JavaScript);
/// numbers, constants, powers, sizes and function calls are spelled the target's way.
struct ScalarSpelling {
    /// The language named in messages (`C`, `NumPy`).
    let language: String
    /// Whole numbers: `3.0` where integer division would bite (C), `3` where it cannot (NumPy).
    let decimalPoint: Bool
    /// A size's local as a double (`(double)n`, `n`).
    let sizeAsDouble: @Sendable (String) -> String
    let pi: String
    let e: String
    let notANumber: String
    /// The square root and the general power (`sqrt`, `np.power`).
    let squareRoot: String
    let power: String
    /// The message for a size that is no local (`the size n is not an argument`).
    let missingSize: @Sendable (String) -> String

    /// The spelling of a loop dialect's numbers and calls.
    init(_ dialect: LoopDialect) {
        language = dialect.kind == .c ? "C" : dialect.kind == .swift ? "Swift" : "JavaScript"
        decimalPoint = true
        sizeAsDouble = { [dialect] in dialect.double($0) }
        (pi, e, notANumber) = (dialect.pi, dialect.e, dialect.notANumber)
        (squareRoot, power) = (dialect.library("sqrt"), dialect.library("pow"))
        missingSize = { "\($0) is not an argument" }
    }

    /// NumPy's: sizes are read off the arguments' shapes.
    static let numpy = ScalarSpelling(language: "NumPy", decimalPoint: false, sizeAsDouble: { $0 }, pi: "np.pi", e: "np.e", notANumber: "np.nan",
                                      squareRoot: "np.sqrt", power: "np.power",
                                      missingSize: { "the size \($0) cannot be read off the arguments' shapes" })

    private init(language: String, decimalPoint: Bool, sizeAsDouble: @escaping @Sendable (String) -> String, pi: String, e: String, notANumber: String,
                 squareRoot: String, power: String, missingSize: @escaping @Sendable (String) -> String) {
        (self.language, self.decimalPoint, self.sizeAsDouble) = (language, decimalPoint, sizeAsDouble)
        (self.pi, self.e, self.notANumber, self.squareRoot, self.power, self.missingSize) = (pi, e, notANumber, squareRoot, power, missingSize)
    }

    /// `template` as text: `#k` is `operands[k]`, a size name its local in `sizes`, functions through
    /// `calls`. The template is spelled in its stable form (`StableForms`), as scalar code is: an
    /// elementwise `log(1 + exp(-t))` overflows to inf once t is below -709, where `softplus(-t)`
    /// is t's own size.
    func text(_ template: Expr, operands: [String], sizes: [String: String], calls: inout FunctionCalls) throws(NumPyProgramError) -> String {
        func walk(_ e: Expr) throws(NumPyProgramError) -> String {
            switch e.head {
            case let .number(q):
                let point = decimalPoint ? ".0" : ""
                if q.isInteger { return "\(q)\(point)" }
                return "(\(q.numerator).0/\(q.denominator)\(point))"
            case let .symbol(name):
                if let k = Tensor.placeholderIndex(e) { return operands[k] }
                if let local = sizes[name] { return sizeAsDouble(local) }
                throw NumPyProgramError(description: missingSize(name))
            case let .constant(c): return c == .pi ? pi : self.e
            case let .add(c):
                var parts = try e.children.map { x throws(NumPyProgramError) in try walk(x) }
                if !c.isZero { parts.append(try walk(.number(c))) }
                return "(" + parts.joined(separator: " + ") + ")"
            case let .mul(c):
                var parts = try e.children.map { x throws(NumPyProgramError) in try walk(x) }
                if c != Rational(1) { parts.insert(try walk(.number(c)), at: 0) }
                return "(" + parts.joined(separator: "*") + ")"
            case .pow:
                let base = try walk(e.children[0])
                if case let .number(q) = e.children[1].head, q == Rational(2) { return "(\(base)*\(base))" }
                if case let .number(q) = e.children[1].head, q == Rational(-1) { return "(1.0/\(base))" }
                if case let .number(q) = e.children[1].head, q == Rational(1, 2) { return "\(squareRoot)(\(base))" }
                return "\(power)(\(base), \(try walk(e.children[1])))"
            case let .function(id):
                let arguments = try e.children.map { x throws(NumPyProgramError) in try walk(x) }
                do throws(FunctionCalls.Missing) { return try calls.call(id.spec, arguments) } catch {
                    throw NumPyProgramError(description: "\(error.function) has no \(language) code")
                }
            case .undefined:
                return notANumber
            }
        }
        return try walk(StableForms([template]).roots[0])
    }
}
