import Expr
import Parser

/// How a name is declared: scalar, vector or matrix, with its sizes.
public struct DeclaredShape: Sendable, Equatable, CustomStringConvertible {
    /// Scalar, vector or matrix.
    public enum Kind: String, Sendable {
        case scalar, vector, matrix
    }

    /// Scalar, vector or matrix.
    public let kind: Kind
    /// One size per axis. A size the declaration leaves out is an unknown named after the
    /// variable (`length(w)`, `size(X, 2)`), fixed by how the variable is used.
    public let sizes: [Size]
    /// A square matrix equal to its transpose.
    public let symmetric: Bool

    /// A shape with its sizes (one per axis) and whether a matrix is symmetric.
    public init(kind: Kind, sizes: [Size], symmetric: Bool = false) {
        precondition(sizes.count == (kind == .scalar ? 0 : kind == .vector ? 1 : 2), "one size per axis")
        self.kind = kind
        self.sizes = sizes
        self.symmetric = symmetric
    }

    /// A scalar.
    public static let scalar = DeclaredShape(kind: .scalar, sizes: [])

    /// A vector of length `n`, or of unknown length when `n` is nil (named after the variable).
    public static func vector(_ n: Size? = nil, name: String) -> DeclaredShape {
        DeclaredShape(kind: .vector, sizes: [n ?? UnknownSizes.length(of: name)])
    }

    /// An `m`×`n` matrix; left-out sizes are unknowns named after the variable.
    public static func matrix(_ m: Size? = nil, _ n: Size? = nil, name: String, symmetric: Bool = false) -> DeclaredShape {
        let rows = m ?? UnknownSizes.size(of: name, axis: 1)
        let columns = n ?? (symmetric ? rows : UnknownSizes.size(of: name, axis: 2))
        return DeclaredShape(kind: .matrix, sizes: [rows, columns], symmetric: symmetric)
    }

    /// The declaration as written (`matrix(n, d)`).
    public var description: String {
        let prefix = symmetric ? "symmetric " : ""
        if sizes.isEmpty || sizes.allSatisfy(UnknownSizes.isUnknown) { return prefix + kind.rawValue }
        return prefix + kind.rawValue + "(" + sizes.map(\.description).joined(separator: ", ") + ")"
    }
}

/// The sizes a declaration leaves out: `length(w)` for a vector, `size(X, 1)` and `size(X, 2)`
/// for a matrix. They print as calls that the parser reads back as the same size.
public enum UnknownSizes {
    /// The length of vector `name` when no declaration gives it: `length(w)`.
    public static func length(of name: String) -> Size { .named("length(\(name))") }
    /// Axis `axis` of matrix `name` when no declaration gives it: `size(X, 2)`.
    public static func size(of name: String, axis: Int) -> Size { .named("size(\(name), \(axis))") }

    /// True for a size that is one unknown.
    public static func isUnknown(_ s: Size) -> Bool {
        guard case let .symbol(name) = s.expr.head else { return false }
        return name.hasPrefix("length(") || name.hasPrefix("size(")
    }
}

/// The declared names of an expression: what `TensorParser` reads shapes from.
public struct TensorDeclarations: Sendable {
    /// Each declared name's shape.
    public private(set) var shapes: [String: DeclaredShape] = [:]

    /// No declarations: every name is a scalar.
    public init() {}

    /// Declarations by name.
    public init(_ shapes: [String: DeclaredShape]) {
        self.shapes = shapes
    }

    /// The names used as sizes in the declarations (`n`, `d`).
    public var sizeNames: Set<String> {
        Set(shapes.values.flatMap { $0.sizes.flatMap(\.names) }.filter { !$0.contains("(") })
    }

    /// The shape declared for `name`, or nil.
    public subscript(name: String) -> DeclaredShape? { shapes[name] }

    /// Declares `name`.
    public mutating func declare(_ name: String, _ shape: DeclaredShape) {
        shapes[name] = shape
    }

    /// Reads and adds a declaration: `w: vector`, `X, Y: matrix(n, d)`, `A: symmetric matrix(n)`,
    /// `s: scalar`.
    public mutating func declare(_ text: String) throws(Diagnostic) {
        let syntax = try TensorDeclarationSyntax.parse(text)
        let shape = syntax.shape
        let root = shape.nodes[shape.root]
        let kindName: String
        var sizeNodes: [Int] = []
        switch root.kind {
        case let .name(n): kindName = n
        case let .call(n, keywords):
            kindName = n
            sizeNodes = root.children
            if let k = keywords.compactMap({ $0 }).first {
                throw Diagnostic("bad-declaration", "unexpected '\(k)=' in a shape", at: root.range)
            }
        default:
            throw Diagnostic("bad-declaration", "expected a shape: vector, matrix, matrix(n, d), symmetric matrix(n) or scalar", at: root.range)
        }
        guard let kind = DeclaredShape.Kind(rawValue: kindName) else {
            let hint = closestName(to: kindName, among: ["scalar", "vector", "matrix"]).map { "; did you mean '\($0)'?" } ?? ""
            throw Diagnostic("bad-declaration", "unknown shape '\(kindName)'\(hint)", at: root.operatorRange,
                             notes: ["the shapes are scalar, vector, vector(n), matrix, matrix(m, n) and symmetric matrix(n)"])
        }
        let allowed: ClosedRange<Int> = kind == .scalar ? 0...0 : kind == .vector ? 0...1 : syntax.symmetric ? 0...1 : 0...2
        guard allowed.contains(sizeNodes.count) || (kind == .matrix && !syntax.symmetric && sizeNodes.count == 2) else {
            throw Diagnostic("bad-declaration", "\(syntax.symmetric ? "symmetric " : "")\(kind.rawValue) takes \(allowed.upperBound == 0 ? "no sizes" : "up to \(allowed.upperBound) size\(allowed.upperBound == 1 ? "" : "s")"), got \(sizeNodes.count)", at: root.range)
        }
        if kind == .matrix && !syntax.symmetric && sizeNodes.count == 1 {
            throw Diagnostic("bad-declaration", "a matrix takes two sizes: matrix(m, n)", at: root.range)
        }
        var sizes: [Size] = []
        for node in sizeNodes { sizes.append(try SizeSyntax.size(of: node, in: shape)) }
        if syntax.symmetric && kind != .matrix {
            throw Diagnostic("bad-declaration", "only a matrix can be symmetric", at: root.range)
        }
        for (name, range) in syntax.names {
            if sizes.contains(where: { $0.names.contains(name) }) {
                throw Diagnostic("bad-declaration", "'\(name)' cannot be its own size", at: range)
            }
            if FunctionTable.lookup(name) != nil || Builtins.names.contains(name) {
                throw Diagnostic("bad-declaration", "'\(name)' is a function and cannot be declared", at: range)
            }
            switch kind {
            case .scalar: declare(name, .scalar)
            case .vector: declare(name, .vector(sizes.first, name: name))
            case .matrix: declare(name, .matrix(sizes.first, sizes.count > 1 ? sizes[1] : nil, name: name, symmetric: syntax.symmetric))
            }
        }
    }
}

/// Sizes written as expressions: whole numbers, size names, `+`, `-`, `*`, and `/` by a
/// whole number (`d*(d - 1)/2`).
enum SizeSyntax {
    static func size(of root: Int, in syntax: TensorSyntax) throws(Diagnostic) -> Size {
        var values: [Int: Expr] = [:]
        let subtree = Set(syntax.nodes(under: root))
        for i in subtree.sorted() {
            let node = syntax.nodes[i]
            let c = node.children.map { values[$0]! }
            switch node.kind {
            case let .number(text):
                guard let r = try? Rational.parse(decimal: Substring(text)), r.isInteger, !r.isNegative else {
                    throw Diagnostic("bad-size", "a size is a whole number or a name, not \(text)", at: node.range)
                }
                values[i] = .number(r)
            case let .name(n): values[i] = .symbol(n)
            case .binary(.add): values[i] = c[0] + c[1]
            case .binary(.subtract): values[i] = c[0] - c[1]
            case .binary(.multiply): values[i] = c[0] * c[1]
            case .binary(.divide):
                guard let r = c[1].rationalValue, r.isInteger, !r.isZero else {
                    throw Diagnostic("bad-size", "a size is divided only by a whole number", at: node.operatorRange)
                }
                values[i] = c[0] / c[1]
            default:
                throw Diagnostic("bad-size", "a size is a whole number, a name, or +, -, * of them", at: node.range)
            }
        }
        return Size(values[root]!)
    }
}
