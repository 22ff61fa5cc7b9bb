import Glibc
import SymDiff
import Tensor

/// The state of one REPL session or script run: the user's variables and functions and the
/// last results (`%`, `%%`, `ans`). `execute` runs one statement and says what to print.
///
/// A value type: the REPL runs a statement on a copy and keeps the copy only when the statement
/// finishes, so Ctrl-C in the middle of a computation leaves the session as it was.
public struct Session {
    /// A function the user defined: `f(x, y) = x^2*y`.
    public struct UserFunction {
        /// The parameter names, in order.
        public let parameters: [String]
        /// The body, over the parameters.
        public let body: Expr
    }

    /// Where a statement came from, for `file:line:column` in messages.
    public struct Location {
        /// The file name as given (or `<stdin>`).
        public let file: String
        /// The line number, from 1.
        public let line: Int
        /// The place `file:line`.
        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }
    }

    /// What running one statement gave.
    public struct Outcome: Sendable {
        /// How the statement ended.
        public enum Status: Sendable { case ok, error, assertionFailed, quit }
        /// How the statement ended.
        public var status: Status = .ok
        /// Text for stdout (results), without a trailing newline; empty for none.
        public var output = ""
        /// Text for stderr (a rendered error or failed assertion).
        public var message = ""

        /// A fresh value with the defaults.
        public init() {}
    }

    /// The values the user has assigned, by name.
    public internal(set) var variables: [String: Value] = [:]
    /// The functions the user has defined, by name.
    public internal(set) var functions: [String: UserFunction] = [:]
    /// The names declared vectors and matrices (`w: vector`).
    public internal(set) var declarations = TensorDeclarations()
    /// Arrays read from data files (`:data X=train.csv`).
    public internal(set) var data = LoadedData()
    /// Unknown functions declared by name: `y: function of x`, or with a derivative rule `W'(u) = …`.
    public internal(set) var undefinedFunctions: [String: UndefinedFunction] = [:]
    /// The most recent results, newest last (`%` is the last, `%%` the one before).
    var results: [Value] = []
    /// Nested `:load` depth, so a file that loads itself stops with a message.
    var loadDepth = 0

    /// What one statement may ask for; lower them to keep untrusted scripts short.
    public struct Limits: Sendable {
        /// The most derivatives one `diff` takes (its order, counting mixed partials).
        public var order = 250
        /// The most iterations of `minimize`.
        public var iterations = 10_000_000
        /// Whether `:load` may read files.
        public var fileAccess = true
        /// The default limits.
        public init() {}
    }

    /// What statements may ask for.
    public var limits = Limits()
    /// Facts stated with `assume x > 0`, used where they decide a simplification.
    public internal(set) var assumptions = Assumptions()

    /// An empty session: no variables, functions or results.
    public init() {}

    /// Runs one statement (a line). Comments (`#` to the end of the line) and blank lines do nothing.
    public mutating func execute(_ line: String, at location: Location? = nil) -> Outcome {
        var bytes = Array(line.utf8)
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
            for i in hash..<bytes.count { bytes[i] = UInt8(ascii: " ") }
        }
        var outcome = Outcome()
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        if trimmed.isEmpty { return outcome }
        if trimmed.first == UInt8(ascii: ":") {
            return meta(String(decoding: trimmed, as: UTF8.self), at: location)
        }
        do throws(Diagnostic) {
            if let hint = StatementHints.metaWord(String(decoding: bytes, as: UTF8.self), in: self) ?? StatementHints.leibniz(bytes) {
                throw hint
            }
            bytes = try LatexLiterals.expand(bytes)
            try run(bytes, into: &outcome)
            if outcome.status == .assertionFailed, let location {
                outcome.message = "\(location.file):\(location.line): " + outcome.message
            }
        } catch {
            outcome.status = .error
            outcome.message = StatementHints.forStatements(error, source: bytes)
                .rendered(source: bytes, location: location.map { "\($0.file):\($0.line)" })
        }
        return outcome
    }

    /// Runs a whole script: one statement per line, each located as `name:line`. Stops at the
    /// first error unless `keepGoing`; `report` receives each statement's outcome as it happens.
    /// Returns false when any statement failed (an error or a failed assertion).
    public mutating func run(script text: String, name: String, keepGoing: Bool = false, report: (Outcome) -> Void) -> Bool {
        var ok = true
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let outcome = execute(String(line), at: Location(file: name, line: number))
            report(outcome)
            switch outcome.status {
            case .ok: continue
            case .quit: return ok
            case .error, .assertionFailed:
                ok = false
                if !keepGoing { return false }
            }
        }
        return ok
    }

    /// Names the REPL completes: variables, functions, commands, the function table's names.
    public var completionNames: [String] {
        Array(variables.keys) + Array(functions.keys) + Array(declarations.shapes.keys) + CommandTable.names(in: .statement) + FunctionTable.names + ["assert"]
    }

    /// The meta commands, for completion and `:help`.
    public static let metaCommands = [":help", ":vars", ":clear", ":load", ":data", ":quit"]

    // MARK: - Statements

    private mutating func run(_ bytes: [UInt8], into outcome: inout Outcome) throws(Diagnostic) {
        if let declared = try TensorStatement.declare(bytes, into: &declarations) {
            outcome.output = declared
            return
        }
        if let fact = try AssumptionStatement.of(bytes) {
            fact.add(to: &assumptions)
            outcome.output = "assuming \(assumptions.description)"
            return
        }
        if let (lhs, rhs) = try EqualityQuestion.sides(of: bytes) {
            let evaluator = StatementEvaluator(session: self)
            let left = try evaluator.value(of: Self.keeping(bytes, lhs)), right = try evaluator.value(of: Self.keeping(bytes, rhs))
            guard let a = left.asExpression, let b = right.asExpression else {
                throw Diagnostic("cannot-compare", "== compares two expressions", at: lhs.lowerBound..<rhs.upperBound)
            }
            outcome.output = AnswerCommands.report(Equivalence(assumptions: assumptions).compare(a, b), names: ("left", "right")).value.printed
            return
        }
        // A statement the scalar lexer cannot read may be one of vectors and matrices.
        let shape: StatementShape
        if let scalar = try? StatementShape.of(bytes) { shape = scalar } else { shape = try StatementShape.of(bytes, tensorSyntax: true) }
        switch shape {
        case .expression:
            let evaluator = StatementEvaluator(session: self)
            let value = try evaluator.value(of: bytes)
            if let failure = evaluator.failure {
                // assert_near or check found a disagreement: reported like a failed assertion.
                outcome.status = .assertionFailed
                outcome.message = failure
                return
            }
            remember(value)
            outcome.output = value.printed
            outcome.message = evaluator.notes.joined(separator: "\n")
        case let .assignment(name, nameRange, valueStart):
            try checkAssignable(name, at: nameRange)
            let value = try StatementEvaluator(session: self).value(of: Self.blanking(bytes, before: valueStart))
            if case let .deferred(command, _) = value {
                throw Diagnostic("deferred-only", "\(command)(...) inside another command cannot be stored", at: nameRange)
            }
            variables[name] = value
            functions[name] = nil
            remember(value)
            outcome.output = value.printed.contains("\n") ? "\(name) =\n\(value.printed)" : "\(name) = \(value.printed)"
        case let .dependency(name, nameRange, variables):
            try declare(name, dependingOn: variables, at: nameRange, into: &outcome)
        case let .definition(name, nameRange, parameters, bodyStart) where name.hasSuffix("'") || name.hasPrefix("D["):
            try defineDerivativeRule(name, parameters, body: Self.blanking(bytes, before: bodyStart), at: nameRange, into: &outcome)
        case let .definition(name, nameRange, parameters, bodyStart):
            try checkAssignable(name, at: nameRange)
            for (i, p) in parameters.enumerated() {
                try checkParameter(p, at: nameRange)
                if parameters[..<i].contains(p) {
                    throw Diagnostic("duplicate-parameter", "the parameter '\(p)' appears twice", at: nameRange)
                }
            }
            let evaluator = StatementEvaluator(session: self, parameters: Set(parameters))
            let body = try evaluator.expression(of: Self.blanking(bytes, before: bodyStart))
            functions[name] = UserFunction(parameters: parameters, body: body)
            variables[name] = nil
            outcome.output = "\(name)(\(parameters.joined(separator: ", "))) = \(InfixPrinter().print(body))"
        case let .assertion(lhs, rhs):
            let evaluator = StatementEvaluator(session: self)
            let left = try evaluator.value(of: Self.keeping(bytes, lhs))
            let right = try evaluator.value(of: Self.keeping(bytes, rhs))
            let source = String(decoding: bytes, as: UTF8.self)
            if let failure = try Assertion.equal(left, right, range: lhs.lowerBound..<rhs.upperBound) {
                outcome.status = .assertionFailed
                outcome.message = "assertion failed: \(source.trimmedSpaces)\n  left:  \(left.printed)\n  right: \(right.printed)"
                if !failure.isEmpty { outcome.message += "\n  " + failure }
            }
        }
    }

    private mutating func remember(_ value: Value) {
        results.append(value)
        if results.count > 2 { results.removeFirst() }
    }

    private func checkAssignable(_ name: String, at range: Range<Int>) throws(Diagnostic) {
        if FunctionTable.lookup(name) != nil {
            throw Diagnostic("reserved-name", "'\(name)' is a built-in function and cannot be redefined", at: range)
        }
        if CommandTable.named(name, in: .statement) != nil || name == "assert" {
            throw Diagnostic("reserved-name", "'\(name)' is a command and cannot be redefined", at: range)
        }
        if Parser.constants[name] != nil || name == "%" || name == "%%" || name == "ans" {
            throw Diagnostic("reserved-name", "'\(name)' is a constant and cannot be assigned", at: range)
        }
    }

    private func checkParameter(_ name: String, at range: Range<Int>) throws(Diagnostic) {
        if FunctionTable.lookup(name) != nil || CommandTable.named(name, in: .statement) != nil || Parser.constants[name] != nil || name.hasPrefix("%") {
            throw Diagnostic("bad-parameter", "'\(name)' cannot be a parameter name", at: range)
        }
    }

    /// The statement with everything before `offset` turned into spaces, so columns stay right.
    static func blanking(_ bytes: [UInt8], before offset: Int) -> [UInt8] {
        var out = bytes
        for i in 0..<min(offset, bytes.count) { out[i] = UInt8(ascii: " ") }
        return out
    }

    /// The statement with everything outside `range` turned into spaces.
    static func keeping(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var out = bytes
        for i in out.indices where !range.contains(i) { out[i] = UInt8(ascii: " ") }
        return out
    }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
