import SymDiff

/// Statements about unknown functions: `y: function of x` declares a dependency, and
/// `W'(u) = W(u)/(u*(1 + W(u)))` gives a derivative rule (as Maxima's `gradef` does), after which
/// every `W` of the session is differentiated by it.
extension Session {
    mutating func declare(_ name: String, dependingOn variables: [String], at range: Range<Int>, into outcome: inout Outcome) throws(Diagnostic) {
        try checkUnknownFunctionName(name, at: range)
        undefinedFunctions[name] = UndefinedFunction(name: name, orders: variables.map { _ in 0 }, declaredArguments: variables)
        outcome.output = "\(name) = \(name)(\(variables.joined(separator: ", "))), an unknown function"
    }

    mutating func defineDerivativeRule(_ name: String, _ parameters: [String], body: [UInt8], at range: Range<Int>, into outcome: inout Outcome) throws(Diagnostic) {
        let primes = name.reversed().prefix { $0 == "'" }.count
        let base = String(name.dropLast(primes))
        guard primes == 1, parameters.count == 1 else {
            throw Diagnostic("bad-derivative-rule", "a derivative rule gives the first derivative of a function of one argument: W'(u) = …",
                             at: range)
        }
        try checkUnknownFunctionName(base, at: range)
        // The rule's own calls of the function are the plain function, which the rule replaces
        // when it is applied (so the rule may refer to the function itself, as W's does).
        let previous = undefinedFunctions[base]
        undefinedFunctions[base] = nil
        defer { if undefinedFunctions[base] == nil { undefinedFunctions[base] = previous } }
        let derivative = try StatementEvaluator(session: self, parameters: Set(parameters)).expression(of: body)
        let rule = DerivativeRule(parameters: parameters, partials: [derivative])
        undefinedFunctions[base] = UndefinedFunction(name: base, orders: [0], declaredArguments: previous?.declaredArguments, rule: rule)
        outcome.output = "\(base)'(\(parameters[0])) = \(InfixPrinter().print(derivative))"
    }

    private func checkUnknownFunctionName(_ name: String, at range: Range<Int>) throws(Diagnostic) {
        if FunctionTable.lookup(name) != nil || functions[name] != nil || CommandTable.named(name, in: .statement) != nil {
            throw Diagnostic("reserved-name", "'\(name)' is already a function; an unknown function needs a name of its own", at: range)
        }
    }
}

extension StatementEvaluator {
    func undefinedFunction(named name: String) -> UndefinedFunction? { session.undefinedFunctions[name] }
}
