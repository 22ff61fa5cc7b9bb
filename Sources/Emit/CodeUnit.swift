import Calculus
import Compile
import Expr

/// Everything one emitted unit computes: the functions, the variables in argument order and the
/// derivatives asked for, already differentiated, grouped into output blocks. Every printer reads
/// this one description, so all languages compute the same outputs in the same order.
public struct CodeUnit: Sendable {
    /// One group of outputs with its shape: a value, a vector or a row-major matrix.
    public struct Block: Sendable {
        /// What a block holds.
        public enum Kind: Sendable, Equatable {
            /// f, one number.
            case value
            /// The values of several functions (with a Jacobian).
            case values
            /// ∂f/∂x_i, one per variable.
            case gradient
            /// ∂²f/∂x_i∂x_j, n×n, symmetric.
            case hessian
            /// ∂f_i/∂x_j, one row per function.
            case jacobian
            /// A flat list of outputs without meaning attached (what native evaluation uses).
            case outputs
        }
        /// What the block holds.
        public let kind: Kind
        /// The entries, row-major for matrices.
        public let entries: [Expr]
        /// The number of rows (entries for a vector).
        public let rows: Int
        /// The number of columns (1 for a vector).
        public let columns: Int
        /// Whether the block is a matrix (two indices) rather than a vector.
        public var isMatrix: Bool { kind == .hessian || kind == .jacobian }
    }

    /// The name of the emitted function.
    public let name: String
    /// The functions as given (f, then the others of a Jacobian).
    public let functions: [Expr]
    /// The variable names, in the order the arguments are passed.
    public let variables: [String]
    /// The outputs, block by block, in the order the emitted function returns them.
    public let blocks: [Block]
    /// What the program computes, output by output (the entries of the blocks, in order): the
    /// derivatives of the functions' stable forms where those differ from the functions.
    public let programEntries: [Expr]

    /// Differentiates `f` (and `others`, for a Jacobian of all of them) as asked. `simplify`, when
    /// given, is applied to every derivative (the engine's differentiator returns them raw).
    /// Programs compute the derivatives of the functions' stable forms
    /// (`StableForms.forDerivatives`), as differentiated and not simplified, so emitted code
    /// computes what the Tape computes: simplifying expands products and brings back the
    /// cancellation the stable form removed (`(1 - y)*sigmoid(z) - y*sigmoid(-z)` becomes
    /// `sigmoid(z) - y*sigmoid(z) - y*sigmoid(-z)`, 0 instead of -4.2e-18 at z = 40, y = 1). The
    /// blocks keep the textbook derivatives for documents.
    public init(function f: Expr, others: [Expr] = [], variables: [Expr], gradient: Bool = false, hessian: Bool = false,
                name: String = "f", simplify: ((Expr) -> Expr)? = nil) throws(EmitError) {
        try CodeUnit.check(variables, against: [f] + others)
        let finish = simplify ?? { $0 }
        let functions = [f] + others
        let valueBlock = others.isEmpty ? Block(kind: .value, entries: [f], rows: 1, columns: 1)
            : Block(kind: .values, entries: functions, rows: functions.count, columns: 1)
        func derivatives(of functions: [Expr], finish: (Expr) -> Expr) -> [Block] {
            CodeUnit.derivativeBlocks(of: functions, variables: variables, gradient: gradient, hessian: hessian, finish: finish)
        }
        let textbook = derivatives(of: functions, finish: finish)
        let stable = functions.map(StableForms.forDerivatives)
        self.name = name
        self.functions = functions
        self.variables = variables.map(\.description)
        self.blocks = [valueBlock] + textbook
        self.programEntries = ([valueBlock] + (stable == functions ? textbook : derivatives(of: stable, finish: { $0 }))).flatMap(\.entries)
    }

    /// The gradient and Hessian of the first function, and the Jacobian of all when there are
    /// several, as asked.
    private static func derivativeBlocks(of functions: [Expr], variables: [Expr], gradient: Bool, hessian: Bool,
                                         finish: (Expr) -> Expr) -> [Block] {
        let f = functions[0], n = variables.count
        var blocks: [Block] = []
        if gradient {
            blocks.append(Block(kind: .gradient, entries: f.gradient(withRespectTo: variables).map(finish), rows: n, columns: 1))
        }
        if hessian {
            // Simplify each distinct entry once: the matrix is symmetric.
            var done: [Expr: Expr] = [:]
            let entries = f.hessian(withRespectTo: variables).flatMap { $0 }.map { e in
                if let s = done[e] { return s }
                let s = finish(e)
                done[e] = s
                return s
            }
            blocks.append(Block(kind: .hessian, entries: entries, rows: n, columns: n))
        }
        if functions.count > 1 {
            let rows = ReverseAccumulation().jacobian(of: functions, withRespectTo: variables)
            blocks.append(Block(kind: .jacobian, entries: rows.flatMap { $0 }.map(finish), rows: functions.count, columns: n))
        }
        return blocks
    }

    /// A unit computing `outputs` as one flat list: how native evaluation of any set of
    /// expressions (a value, its gradient and Hessian) is compiled.
    public init(outputs: [Expr], variables: [Expr], name: String) throws(EmitError) {
        try CodeUnit.check(variables, against: outputs)
        self.name = name
        self.functions = outputs
        self.variables = variables.map(\.description)
        self.blocks = [Block(kind: .outputs, entries: outputs, rows: outputs.count, columns: 1)]
        self.programEntries = outputs
    }

    /// Every output of every block, in order: what the program computes.
    public var entries: [Expr] { blocks.flatMap(\.entries) }

    /// What the unit computes, in words, for header comments.
    public var summary: String {
        let n = variables.count
        let parts: [String] = blocks.map { block in
            switch block.kind {
            case .value: return "the value"
            case .values: return "the values of \(block.rows) functions"
            case .gradient: return "the gradient (\(n) \(n == 1 ? "entry" : "entries"))"
            case .hessian: return "the Hessian (\(n)x\(n), symmetric)"
            case .jacobian: return "the Jacobian (\(block.rows)x\(n))"
            case .outputs: return block.rows == 1 ? "1 output" : "\(block.rows) outputs"
            }
        }
        return parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    private static func check(_ variables: [Expr], against functions: [Expr]) throws(EmitError) {
        var seen = Set<Expr>()
        for v in variables where !seen.insert(v).inserted { throw .duplicateVariable(v.description) }
        for f in functions {
            if f.head == .undefined { throw .undefined }
            for name in f.freeSymbols where !seen.contains(.symbol(name)) { throw .unboundVariable(name) }
        }
    }
}
