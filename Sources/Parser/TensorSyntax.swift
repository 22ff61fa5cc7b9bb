/// The syntax tree of an expression of the tensor language, before names and shapes are
/// resolved. Nodes are stored in one array, every node after its children, so a pass that
/// walks the array in order sees children first and needs no recursion.
public struct TensorSyntax: Sendable {
    /// The binary operators.
    public enum Operator: Sendable, Equatable {
        case add, subtract
        /// `*`: the matrix product (scalars scale).
        case multiply
        /// `/`: division by a scalar.
        case divide
        /// `^` or `**`.
        case power
        /// `.*` or `⊙`.
        case elementwiseProduct
        /// `./`.
        case elementwiseQuotient
        /// `.^`.
        case elementwisePower
    }

    /// One entry between the brackets of an index.
    public enum IndexItem: Sendable, Equatable {
        /// `:`, the whole axis (no child).
        case all
        /// One position or index expression (one child).
        case position
        /// `lo:hi` (two children).
        case range
    }

    /// What a node of tensor syntax is.
    public enum Kind: Sendable, Equatable {
        /// A number as written.
        case number(String)
        case name(String)
        /// `name(arguments)`: one child per argument, with its keyword when written `key=value`.
        case call(String, keywords: [String?])
        /// Children: the two operands.
        case binary(Operator)
        /// Children: the operand.
        case negate, plus, transpose
        /// `base[items]`: children are the base, then each item's expressions in order.
        case index([IndexItem])
        /// `[a, b; c, d]`: children row by row; the count of entries in each row.
        case literal(rows: [Int])
    }

    /// One node of the syntax tree, with where it is in the source.
    public struct Node: Sendable {
        /// What the node is.
        public let kind: Kind
        /// The bytes of the whole node.
        public let range: Range<Int>
        /// The bytes of the operator (`*`, `'`, the call's name): where a message points.
        public let operatorRange: Range<Int>
        /// The children, as indices into `nodes`.
        public let children: [Int]
    }

    /// Every node, children before parents; the root is the last.
    public internal(set) var nodes: [Node] = []
    /// The source text.
    public let source: [UInt8]

    /// The index of the root node (the last).
    public var root: Int { nodes.count - 1 }

    init(source: [UInt8]) { self.source = source }

    mutating func add(_ kind: Kind, _ range: Range<Int>, operatorRange: Range<Int>? = nil, _ children: [Int] = []) -> Int {
        nodes.append(Node(kind: kind, range: range, operatorRange: operatorRange ?? range, children: children))
        return nodes.count - 1
    }

    /// The subtree under `root` as a syntax of its own (ranges still into the whole source, so
    /// carets point into it), with the nodes of `replacing` turned into leaves of the given
    /// kinds: how a statement hands one part, the commands inside it already run, to the
    /// tensor parser.
    public func subtree(_ root: Int, replacing: [Int: Kind] = [:]) -> TensorSyntax {
        var kept: [Int] = []
        var stack = [root]
        while let i = stack.popLast() {
            kept.append(i)
            if replacing[i] == nil { stack.append(contentsOf: nodes[i].children) }
        }
        // Children come before their parents in `nodes`, so ascending order keeps that.
        kept.sort()
        var renumbered: [Int: Int] = [:]
        var out = TensorSyntax(source: source)
        for i in kept {
            let n = nodes[i]
            if let kind = replacing[i] {
                renumbered[i] = out.add(kind, n.range, operatorRange: n.operatorRange)
            } else {
                renumbered[i] = out.add(n.kind, n.range, operatorRange: n.operatorRange, n.children.map { renumbered[$0]! })
            }
        }
        return out
    }

    /// The nodes under `root`, `root` included, in no particular order.
    public func nodes(under root: Int) -> [Int] {
        var out: [Int] = []
        var stack = [root]
        while let i = stack.popLast() {
            out.append(i)
            stack.append(contentsOf: nodes[i].children)
        }
        return out
    }

    /// The source text of node `i`.
    public func text(of i: Int) -> String {
        let r = nodes[i].range
        return String(decoding: source[r.clamped(to: 0..<source.count)], as: UTF8.self)
    }
}
