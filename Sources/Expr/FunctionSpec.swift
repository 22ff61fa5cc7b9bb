/// Everything about one function, in one place: the parser reads its name and arity, the
/// constructors its exact values, the differentiator its partial derivatives (one generic chain
/// rule), the evaluator its numeric implementation and the printers its printed names.
public final class FunctionSpec: Sendable {
    /// The name as typed and printed (`sin`).
    public let name: String
    /// How many arguments a call may have.
    public let arity: ClosedRange<Int>
    /// Values of trailing optional arguments, appended when a call leaves them out.
    public let defaults: [Rational]
    /// The numeric implementation over real doubles (NaN outside the real domain).
    public let evaluate: @Sendable ([Double]) -> Double
    /// The same for a function of one argument, without an array: what compiled programs call.
    public let scalar: (@Sendable (Double) -> Double)?
    /// The partial derivative with respect to each argument, as expressions of the arguments.
    public let partials: @Sendable ([Expr]) -> [Expr]
    /// Exact values and canonical rewrites (`sin(0) = 0`, `exp(log(u)) = u`), or nil.
    public let special: @Sendable ([Expr]) -> Expr?
    /// The LaTeX command or operator name (`\sin`, `\operatorname{relu}`).
    public let latex: String
    /// How printers spell a call (`\left|x\right|` for abs in LaTeX); a plain call by default.
    public let printing: FunctionPrinting
    /// The stable name of the derivative rule, used by steps and tests (`d-sin`).
    public var rule: String { "d-" + name }
    /// The rule in words: `d/du sin(u) = cos(u)`.
    public let ruleText: String
    /// The value chosen where the derivative does not exist (kinks), or nil.
    public let convention: String?
    /// What generated code calls in each target language, and the stem of temporary names.
    public let code: CodeNames

    public init(
        name: String, arity: ClosedRange<Int> = 1...1, defaults: [Rational] = [],
        latex: String, printing: FunctionPrinting = .call, code: CodeNames? = nil, ruleText: String, convention: String? = nil,
        evaluate: (@Sendable ([Double]) -> Double)? = nil,
        scalar: (@Sendable (Double) -> Double)? = nil,
        partials: @escaping @Sendable ([Expr]) -> [Expr],
        special: @escaping @Sendable ([Expr]) -> Expr? = { _ in nil }
    ) {
        self.name = name
        self.arity = arity
        self.defaults = defaults
        self.latex = latex
        self.printing = printing
        self.ruleText = ruleText
        self.convention = convention
        self.code = code ?? CodeNames(libm: name)
        precondition(evaluate != nil || scalar != nil, "\(name) needs a numeric implementation")
        self.scalar = scalar
        self.evaluate = evaluate ?? { [scalar] in scalar!($0[0]) }
        self.partials = partials
        self.special = special
    }
}

/// How generated code spells a function in each target language. A name without a module prefix
/// that the target's library lacks (`sigmoid`, `heaviside`) is a helper the emitter defines in the
/// generated file, so every target can call every function of the table.
public struct CodeNames: Sendable, Equatable {
    /// C99 with <math.h> (`sin`, `fabs`).
    public let c: String
    /// Swift with Foundation (`sin`, `abs`).
    public let swift: String
    /// Python with `math` (`math.sin`, `abs`).
    public let python: String
    /// NumPy (`np.sin`, `np.arcsin`).
    public let numpy: String
    /// JavaScript (`Math.sin`).
    public let javascript: String
    /// The start of a temporary's name holding this function's value: `sig` gives `sig_z`.
    public let stem: String

    public init(c: String, swift: String, python: String, numpy: String, javascript: String, stem: String) {
        self.c = c
        self.swift = swift
        self.python = python
        self.numpy = numpy
        self.javascript = javascript
        self.stem = stem
    }

    /// The C math library's name in every target (`sin`, `math.sin`, `np.sin`, `Math.sin`).
    public init(libm name: String, numpy: String? = nil, stem: String? = nil) {
        self.init(c: name, swift: name, python: "math." + name, numpy: numpy ?? "np." + name,
                  javascript: "Math." + name, stem: stem ?? name)
    }

    /// A helper of the same name in every target (`sigmoid`), defined by the emitted code.
    public static func helper(_ name: String, stem: String? = nil) -> CodeNames {
        CodeNames(c: name, swift: name, python: name, numpy: name, javascript: name, stem: stem ?? name)
    }
}

/// A function of the table, by position: cheap to store in nodes, hash and compare.
public struct FunctionID: Hashable, Sendable {
    let index: Int
    public var spec: FunctionSpec { FunctionTable.all[index] }
    public var name: String { spec.name }
}
