import Expr

/// What a call in the expression calls: a function of the table, or an undefined function.
enum Callee {
    case table(FunctionID)
    case undefined(UndefinedCallee)
}

/// A name read as an undefined function or one of its derivatives: `f`, `f''`, `D[1,2](f)`.
struct UndefinedCallee {
    let name: String
    /// Primes after the name: derivatives of a function of one argument.
    let primes: Int
    /// The argument indices of `D[i,j](f)`, 1-based, or nil.
    let indices: [Int]?

    init(name: String, primes: Int, indices: [Int]?) {
        self.name = name
        self.primes = primes
        self.indices = indices
    }

    /// The derivative written by `text` (`f'`, `D[1](f)`), or nil for a plain name.
    init?(_ text: String, range: Range<Int>) throws(Diagnostic) {
        // By Unicode scalar: a name may begin with a combining mark, which as a Character would
        // join the `(` before it.
        let scalars = text.hasPrefix("D[") ? Array(text.unicodeScalars) : []
        if let close = scalars.firstIndex(of: "]"), close + 2 < scalars.count {
            let inside = String(String.UnicodeScalarView(scalars[2..<close]))
            let numbers = inside.split(separator: ",").map { Int(String($0.filter { $0 != " " })) }
            guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw Diagnostic("bad-derivative-index", "D[...] takes argument positions counted from 1, as in D[1,2](f)", at: range)
            }
            let name = String(String.UnicodeScalarView(scalars[(close + 2)..<(scalars.count - 1)]))
            try UndefinedCallee.checkNotInTable(name, range: range)
            self.init(name: name, primes: 0, indices: numbers.map { $0! })
            return
        }
        // A name without a prime ends in another byte: decided without walking Characters.
        guard text.utf8.last == UInt8(ascii: "'") else { return nil }
        let primes = text.reversed().prefix { $0 == "'" }.count
        guard primes > 0 else { return nil }
        let name = String(text.dropLast(primes))
        try UndefinedCallee.checkNotInTable(name, range: range)
        self.init(name: name, primes: primes, indices: nil)
    }

    private static func checkNotInTable(_ name: String, range: Range<Int>) throws(Diagnostic) {
        if FunctionTable.lookup(name) != nil || Parser.constants[name] != nil {
            throw Diagnostic("derivative-of-known-function", "'\(name)' is a known function: write its derivative as diff(\(name)(u), u)", at: range)
        }
    }

    /// The call on `args`, of the declared function when `declared` is one of this name.
    func call(_ args: [Expr], declared: UndefinedFunction?, range: Range<Int>) throws(Diagnostic) -> Expr {
        var orders = args.map { _ in 0 }
        if primes > 0 {
            guard args.count == 1 else {
                throw Diagnostic("primes-with-several-arguments", "a prime marks the derivative of a function of one argument; \(name) has \(args.count)",
                                 at: range, notes: ["write D[1](\(name))(…) for the partial derivative in the first argument"])
            }
            orders[0] = primes
        }
        for i in indices ?? [] {
            guard i <= args.count else {
                throw Diagnostic("bad-derivative-index", "D[\(i)] names argument \(i), but \(name) is called with \(args.count)", at: range)
            }
            orders[i - 1] += 1
        }
        let base = declared.flatMap { $0.orders.count == args.count ? $0 : nil }
        let function = UndefinedFunction(name: name, orders: orders, declaredArguments: base?.declaredArguments, rule: base?.rule)
        if function.rule != nil, args.count == 1, orders[0] > 0 {
            // A function with a derivative rule is differentiated through the rule: W'(a) is the
            // rule at a. Higher derivatives need the differentiator, which is diff's.
            guard orders[0] == 1 else {
                throw Diagnostic("derivative-of-ruled-function", "\(name) has a derivative rule: write diff(\(name)(u), u, \(orders[0])) for its derivative of order \(orders[0])",
                                 at: range)
            }
            return UndefinedFunctions.id(for: function.original).spec.partials(args)[0]
        }
        return .apply(UndefinedFunctions.id(for: function), args)
    }
}

extension ParseMachine {
    /// A name that is not a table function, command, constant or plain variable use: a call of an
    /// undefined function (`f(x)`, `f'(x)`), or a declared function written bare (`y`, `y'`).
    mutating func undefinedOperand(_ callee: UndefinedCallee, _ token: Token) throws(Diagnostic) -> OperandKind {
        let next = tokens[position + 1]
        if next.kind == .leftParen {
            // In statements a name one typo away from a command (`dif` for `diff`) is that typo,
            // not a new function.
            if let resolver, callee.primes == 0, callee.indices == nil, callee.name.count >= 3,
               let command = Parser.closestFunction(to: callee.name, among: resolver.callableNames), command != callee.name,
               FunctionTable.lookup(command) == nil {
                throw Diagnostic("unknown-function", "unknown function '\(callee.name)'; did you mean '\(command)'?", at: token.range,
                                 notes: ["an unknown function needs a name that is not this close to a command"])
            }
            try pushOperator(.call(.undefined(callee), name: callee.name, open: token.range, arguments: 1), token.range)
            position += 2
            if tokens[position].kind == .rightParen {
                throw Diagnostic("missing-argument", "\(callee.name) needs an argument", at: tokens[position].range)
            }
            return .call
        }
        if let declared = resolver?.undefinedFunction(named: callee.name), let variables = declared.declaredArguments {
            operands.append(.expr(try callee.call(variables.map(Expr.symbol), declared: declared, range: token.range)))
            return .variable
        }
        guard callee.primes == 0, callee.indices == nil else {
            throw Diagnostic("derivative-without-call", "'\(callee.name)' is not a function of anything here: write \(callee.name)'(x), or declare it with '\(callee.name): function of x'",
                             at: token.range)
        }
        let variable = Expr.symbol(callee.name)
        variables[callee.name] = variable
        operands.append(.expr(variable))
        return .variable
    }
}
