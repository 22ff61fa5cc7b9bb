import SymDiff
import Tensor

/// Statements over vectors and matrices: declarations (`w: vector`, `X: matrix(n, d)`,
/// `A: symmetric matrix`), expressions that use declared names or arrays
/// (`loss = sum(log(1 + exp(-y .* (X*w))))`, `[1, 2; 3, 4]*v`), and command calls on them
/// (`grad(loss, w)`, `eval(%, w=[1, 2], X=[1, 2; 3, 4])`) through the one command table.
/// Statements without any of these take the scalar path unchanged.
struct TensorStatement {
    let evaluator: StatementEvaluator
    let syntax: TensorSyntax

    /// A declaration's text as the session confirms it (`w: vector`), or nil when `bytes` is
    /// not a declaration.
    static func declare(_ bytes: [UInt8], into declarations: inout TensorDeclarations) throws(Diagnostic) -> String? {
        guard TensorDeclarationSyntax.looksLikeDeclaration(bytes) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let declared = try TensorDeclarationSyntax.parse(bytes: bytes).names.map(\.name)
        try declarations.declare(text)
        return declared.map { "\($0): \(declarations[$0]!)" }.joined(separator: "\n")
    }

    /// The statement `bytes` read in the tensor language when it uses vectors or matrices (a
    /// declared name, a name or result holding one, a matrix literal, an elementwise operator);
    /// nil otherwise, and when the tensor language cannot read it (the scalar path reports).
    init?(_ bytes: [UInt8], evaluator: StatementEvaluator) {
        let session = evaluator.session
        let holdsArrays = session.variables.values.contains(where: \.isTensor) || session.results.contains(where: \.isTensor)
        guard !session.declarations.shapes.isEmpty || holdsArrays || bytes.contains(UInt8(ascii: ";")) || bytes.contains(UInt8(ascii: ".")),
              let syntax = try? TensorSyntaxParser(statement: true).parse(bytes: bytes) else { return nil }
        self.evaluator = evaluator
        self.syntax = syntax
        guard syntax.nodes.contains(where: isTensorSyntax) else { return nil }
    }

    /// Whether node `n` makes a statement one of vectors and matrices.
    private func isTensorSyntax(_ n: TensorSyntax.Node) -> Bool {
        switch n.kind {
        case let .name(name):
            return evaluator.session.declarations[name] != nil || evaluator.lookup(name)?.isTensor == true
        case let .literal(rows): return rows.count > 1
        case .binary(.elementwiseProduct), .binary(.elementwiseQuotient), .binary(.elementwisePower): return true
        default: return false
        }
    }

    /// The statement's value.
    func value() throws(Diagnostic) -> Value {
        try value(of: syntax.root)
    }

    /// The value of node `i`: a command's result, or a tensor expression with the session's
    /// names and the results of the commands inside it put in, simplified; numbers when it has
    /// no variables.
    func value(of i: Int) throws(Diagnostic) -> Value {
        if let command = command(at: i) { return try run(command, at: i) }
        var replaced: [Int: TensorSyntax.Kind] = [:]
        var bindings: [String: TensorExpression] = [:]
        var stack = [i]
        while let k = stack.popLast() {
            let node = syntax.nodes[k]
            if command(at: k) != nil {
                let name = "⟨\(replaced.count)⟩"
                replaced[k] = .name(name)
                bindings[name] = try expression(try run(command(at: k)!, at: k), at: node.range)
                continue
            }
            if case let .name(name) = node.kind, let bound = evaluator.lookup(name) {
                bindings[name] = try expression(bound, at: node.range)
            }
            stack.append(contentsOf: node.children)
        }
        let parser = TensorParser(shapes: evaluator.session.declarations)
        let e = TensorCommands.simplified(try parser.parse(syntax: syntax.subtree(i, replacing: replaced), bindings: bindings))
        guard e.tensor.variables.isEmpty, e.tensor.sizeNames.isEmpty else { return .tensor(.expression(e)) }
        let v: TensorValue
        do throws(TensorEvaluationError) { v = try TensorEvaluator(values: [:]).evaluate([e.tensor])[0] } catch {
            throw Diagnostic("tensor-value", "\(error)", at: syntax.nodes[i].range)
        }
        return v.scalar.map { .number($0) } ?? .tensor(.array(v))
    }

    /// The command called at node `i`, if it is a call of one.
    private func command(at i: Int) -> CommandSpec? {
        guard case let .call(name, _) = syntax.nodes[i].kind else { return nil }
        return CommandTable.named(name, in: .statement)
    }

    /// A value as a tensor expression: an expression, numbers, or a scalar.
    private func expression(_ value: Value, at range: Range<Int>) throws(Diagnostic) -> TensorExpression {
        let declarations = evaluator.session.declarations
        switch value {
        case let .tensor(.expression(e)): return e
        case let .tensor(.array(v)):
            let entries = v.entries.map(TensorUnrolling.number)
            return TensorExpression(tensor: .literal(entries, shape: v.shape.map(Size.init)), declarations: declarations)
        default:
            guard let x = value.asExpression else {
                throw Diagnostic("not-an-expression", "\(value.kindName) cannot be used inside an expression of vectors and matrices", at: range,
                                 notes: ["put it on its own line, or pass it to a command that takes it"])
            }
            return TensorExpression(tensor: .scalar(expression: x, sizeNames: declarations.sizeNames), declarations: declarations)
        }
    }

    /// Runs the call at node `i` through the command's statement front end, its arguments of
    /// vectors and matrices read here.
    private func run(_ command: CommandSpec, at i: Int) throws(Diagnostic) -> Value {
        let node = syntax.nodes[i]
        guard case let .call(_, keywords) = node.kind else { preconditionFailure("run is called on calls") }
        var arguments: [CallArgument] = []
        var nodes: [Range<Int>: Int] = [:]
        for (child, keyword) in zip(node.children, keywords) {
            let range = syntax.nodes[child].range
            // Scalar readings serve the parameters that are not arrays (numbers, choices, flags).
            let scalar = (try? Parser().parse(syntax.text(of: child))) ?? .symbol("⟨array⟩")
            arguments.append(CallArgument(keyword: keyword, value: scalar, range: range))
            nodes[range] = child
        }
        var call = StatementCall(command: command, evaluator: evaluator, arguments: arguments, range: node.range)
        call.tensor = TensorStatementArguments(statement: self, nodes: nodes)
        return try call.run()
    }
}

/// The arguments of one call in a tensor statement that the tensor language reads: expressions
/// (parsed as tensor expressions), values (arrays), variables (entries as `w[2]`).
struct TensorStatementArguments {
    let statement: TensorStatement
    /// The syntax node of each argument, by the argument's range.
    let nodes: [Range<Int>: Int]

    /// The input the call starts from: the session's declarations and the arrays it read from files.
    var input: TensorInput {
        let session = statement.evaluator.session
        var input = TensorInput(declarations: session.declarations)
        input.data = session.data.values
        input.dataSources = session.data.sources
        return input
    }

    /// Reads `args` for `p` into `out` when `p` takes expressions, values or variables; false for
    /// the other parameters, which the statement front end reads as for scalars.
    func take(_ args: [CallArgument], for p: ParameterSpec, into out: inout CommandArguments) throws(Diagnostic) -> Bool {
        let syntax = statement.syntax
        switch p.kind {
        case .expression, .relation, .subject, .expressions:
            let value = try statement.value(of: node(args[0]))
            if case let .tensor(result) = value {
                out.tensor!.expressions[p.name] = result
            } else if let x = value.asExpression {
                let declarations = out.tensor!.declarations
                let e = TensorExpression(tensor: .scalar(expression: x, sizeNames: declarations.sizeNames), declarations: declarations)
                out.tensor!.expressions[p.name] = .expression(e)
            } else {
                throw Diagnostic("not-an-expression", "expected an expression here, got \(value.kindName)", at: args[0].range)
            }
        case .point:
            var values: [TensorInput.NamedValue] = []
            for a in args {
                let value = try statement.value(of: node(a))
                switch value {
                case let .tensor(.array(v)): values.append(.init(name: a.keyword!, value: v))
                case let .number(x): values.append(.init(name: a.keyword!, value: TensorValue(scalar: x)))
                default:
                    throw Diagnostic("not-a-number", "expected a number or an array of numbers such as [1, 2; 3, 4], got \(value.kindName)", at: a.range)
                }
            }
            out.tensor!.points[p.name] = values
        case .variables, .countedVariables:
            var names: [CountedVariable] = []
            for a in args {
                let k = try node(a)
                if case .number = syntax.nodes[k].kind, !names.isEmpty, case .countedVariables = p.kind, names.last!.count == nil,
                   let n = Int(syntax.text(of: k)) {
                    names[names.count - 1] = CountedVariable(variable: names.last!.variable, count: n)
                    continue
                }
                // A list of names by keyword: vars=[w, b].
                let items: [Int]
                if case let .literal(rows) = syntax.nodes[k].kind, rows.count == 1 { items = syntax.nodes[k].children } else { items = [k] }
                for item in items { names.append(CountedVariable(variable: try variable(item, a.range), count: nil)) }
            }
            if case .variables = p.kind { out.set(names.map(\.variable), for: p) } else { out.set(names, for: p) }
        default:
            return false
        }
        return true
    }

    private func node(_ a: CallArgument) throws(Diagnostic) -> Int {
        guard let k = nodes[a.range] else { throw Diagnostic("bad-argument", "this argument cannot be read", at: a.range) }
        return k
    }

    /// A variable or an entry of one (`w`, `w[2]`, `A[1, 2]`), as the name the commands take.
    private func variable(_ k: Int, _ range: Range<Int>) throws(Diagnostic) -> Expr {
        let syntax = statement.syntax
        let n = syntax.nodes[k]
        switch n.kind {
        case .name: return .symbol(syntax.text(of: k))
        case .index where n.children.first.map({ if case .name = syntax.nodes[$0].kind { return true } else { return false } }) == true:
            return .symbol(syntax.text(of: k).filter { $0 != " " })
        default:
            throw Diagnostic("not-a-variable", "expected a variable name or an entry such as w[2] here", at: range)
        }
    }
}

extension Value {
    /// The value is an array or an expression of vectors and matrices.
    var isTensor: Bool { if case .tensor = self { return true } else { return false } }
}
