/// The traversal every printer shares. A layout (`InfixLayout`, `LatexLayout`, `JSONLayout`)
/// says how one node prints: text, and its children at the precedence they need. A driver walks
/// the expression and carries that out, so the rules are written once however the walk goes:
/// recursively (straight into the output, the fast way) or with an explicit stack (for input of
/// any depth).
protocol PrintLayout {
    /// Writes `e` into `sink` as it prints where `p` is needed: its own text, and each child
    /// through `sink.child`.
    func layout<Sink: PrintSink>(_ e: Expr, _ p: Precedence, into sink: inout Sink)
}

/// Where a layout puts one node's text and children, in print order.
protocol PrintSink {
    mutating func literal(_ s: StaticString)
    mutating func text(_ s: String)
    mutating func integer(_ n: Int)
    /// `e` printed where `p` is needed (the layout decides its parentheses).
    mutating func child(_ e: Expr, _ p: Precedence)
}

/// How a printer walks an expression. Every driver gives the same text.
enum PrintDriver {
    /// Recursion below `PrintDriver.maximumRecursiveHeight`, an explicit stack above it: fast
    /// for what people write and safe for any depth. What the printers use.
    case automatic
    /// Recursion only: for expressions no higher than `maximumRecursiveHeight`.
    case recursive
    /// An explicit stack only.
    case iterative

    /// Subexpressions up to this height print recursively (a few hundred bytes of stack per
    /// level: well inside any thread's stack).
    static let maximumRecursiveHeight = 800

    /// The text of `e` under `layout`.
    func print<Layout: PrintLayout>(_ e: Expr, _ layout: Layout) -> String {
        var writer = RecursiveWriter(layout: layout)
        switch self {
        case .recursive:
            precondition(e.node.height <= PrintDriver.maximumRecursiveHeight, "too deep to print recursively")
            writer.child(e, .none)
        case .automatic where e.node.height <= PrintDriver.maximumRecursiveHeight:
            writer.child(e, .none)
        case .automatic:
            writer.walk(e, recursingBelow: PrintDriver.maximumRecursiveHeight)
        case .iterative:
            writer.walk(e, recursingBelow: 0)
        }
        return writer.out.string
    }
}

/// Writes each child as soon as the layout names it, by recursion.
private struct RecursiveWriter<Layout: PrintLayout>: PrintSink {
    let layout: Layout
    var out = ByteText()

    init(layout: Layout) { self.layout = layout }

    mutating func literal(_ s: StaticString) { out.literal(s) }
    mutating func text(_ s: String) { out.text(s) }
    mutating func integer(_ n: Int) { out.integer(n) }
    mutating func child(_ e: Expr, _ p: Precedence) {
        // Printing a huge result is long work too: a cancelled print stops with partial text,
        // which whoever cancelled it drops.
        if Cancellation.isRequested { return }
        layout.layout(e, p, into: &self)
    }

    /// Prints `root` with an explicit stack of pieces still to write, handing subexpressions no
    /// higher than `limit` to the recursion.
    mutating func walk(_ root: Expr, recursingBelow limit: Int) {
        var stack: [PrintPiece] = [.child(root, .none)]
        var pieces = PieceList()
        while let piece = stack.popLast(), !Cancellation.isRequested {
            switch piece {
            case let .literal(s): out.literal(s)
            case let .text(s): out.text(s)
            case let .integer(n): out.integer(n)
            case let .child(e, p):
                if e.node.height <= limit {
                    child(e, p)
                } else {
                    pieces.list.removeAll(keepingCapacity: true)
                    layout.layout(e, p, into: &pieces)
                    stack.append(contentsOf: pieces.list.reversed())
                }
            }
        }
    }
}

/// Something to write, held on the iterative driver's stack.
private enum PrintPiece {
    case literal(StaticString)
    case text(String)
    case integer(Int)
    case child(Expr, Precedence)
}

/// Collects one node's pieces for the iterative driver.
private struct PieceList: PrintSink {
    var list: [PrintPiece] = []

    mutating func literal(_ s: StaticString) { list.append(.literal(s)) }
    mutating func text(_ s: String) { list.append(.text(s)) }
    mutating func integer(_ n: Int) { list.append(.integer(n)) }
    mutating func child(_ e: Expr, _ p: Precedence) { list.append(.child(e, p)) }
}
