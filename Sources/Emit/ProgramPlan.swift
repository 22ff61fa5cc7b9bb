import Compile
import Expr

/// The statements of one emitted function, language-neutral: the variables it reads, the
/// temporaries in dependency order, and the expression of every output.
///
/// Built from the Tape, so every shared subexpression is computed once. A register becomes a
/// named temporary when it is used more than once, when it is the base of a small power (`x*x`
/// repeats it), or when the expression built up in it gets wide; otherwise it is written inline
/// in its one consumer. Temporaries holding a function's value are named after it (`sig_z`,
/// `sin_x1`), the others numbered (`t1`, `t2`, ...) in order of appearance.
struct ProgramPlan {
    struct Assignment {
        let name: String
        let value: CodeExpr
    }

    /// The variables the program reads: their identifier and position in the argument.
    private(set) var inputs: [(name: String, index: Int)] = []
    var temporaries: [Assignment] = []
    /// For each name, the first argument (by position) its value depends on: how long sums
    /// order their terms (see `balancedSum`).
    var firstArgument: [String: Int] = [:]
    /// One expression per entry of the unit, in order.
    private(set) var outputs: [CodeExpr] = []

    /// An inline expression wider than this becomes a temporary of its own.
    static let widthLimit = 64

    init(unit: CodeUnit, variableNames: [String], pool: inout IdentifierPool) throws(EmitError) {
        let tape: Tape
        do { tape = try Tape(lowering: unit.programEntries, variables: unit.variables) } catch { throw EmitError(error) }
        let program = tape.instructions
        var uses = [Int](repeating: 0, count: program.count)
        var atomic = [Bool](repeating: false, count: program.count)
        for instruction in program {
            for operand in ProgramPlan.operands(instruction, tape) { uses[operand] += 1 }
            if case let .integerPower(a, k) = instruction, [2, 3, -2].contains(k) { atomic[a] = true }
        }
        for output in tape.outputs { uses[output] += 1 }

        // A sum used only as the left operand of the next addition continues a chain: its terms
        // wait for the chain's end, which then writes the whole sum at once.
        var continuesSum = [Bool](repeating: false, count: program.count)
        for instruction in program {
            if let (a, _, _) = ProgramPlan.sumOperands(instruction) { continuesSum[a] = true }
        }
        var pendingTerms: [Int: [Term]] = [:]

        var code = [CodeExpr?](repeating: nil, count: program.count)
        for (r, instruction) in program.enumerated() where uses[r] > 0 {
            if case let .constant(v) = instruction { code[r] = .literal(v); continue }
            if case let .variable(i) = instruction {
                inputs.append((variableNames[i], i))
                firstArgument[variableNames[i]] = i
                code[r] = .name(variableNames[i])
                continue
            }
            let value: CodeExpr
            if let (a, b, negative) = ProgramPlan.sumOperands(instruction) {
                var terms = pendingTerms.removeValue(forKey: a) ?? [Term(negative: false, value: code[a]!)]
                terms.append(Term(negative: negative, value: code[b]!))
                if uses[r] == 1, continuesSum[r], !atomic[r] {
                    pendingTerms[r] = terms
                    continue
                }
                value = terms.count >= ProgramPlan.pairwiseThreshold
                    ? balancedSum(terms, pool: &pool) : chainedSum(terms, pool: &pool)
            } else {
                value = ProgramPlan.folded(ProgramPlan.expression(instruction, tape) { code[$0]! })
            }
            if uses[r] > 1 || atomic[r] || value.width > ProgramPlan.widthLimit {
                let name = ProgramPlan.temporaryName(for: value, pool: &pool)
                append(Assignment(name: name, value: value))
                code[r] = .name(name)
            } else {
                code[r] = value
            }
        }
        outputs = tape.outputs.map { code[$0]! }
        inputs.sort { $0.index < $1.index }
    }

    /// Adds a temporary, noting the first argument it depends on.
    mutating func append(_ assignment: Assignment) {
        temporaries.append(assignment)
        firstArgument[assignment.name] = firstArgument(of: assignment.value)
    }

    /// The first argument (by position) `e` depends on; Int.max for a constant.
    func firstArgument(of e: CodeExpr) -> Int {
        var first = Int.max
        var stack = [e]
        while let e = stack.popLast() {
            switch e {
            case let .name(n): first = min(first, firstArgument[n] ?? Int.max)
            case .literal: break
            case let .negate(a), let .power(a, _): stack.append(a)
            case let .binary(_, a, b): stack.append(a); stack.append(b)
            case let .call(_, args): stack.append(contentsOf: args)
            }
        }
        return first
    }

    /// Every function of the table the program calls, for deciding which helpers the file needs.
    var functions: Set<FunctionID> {
        var found = Set<FunctionID>()
        var stack = temporaries.map(\.value) + outputs
        while let e = stack.popLast() {
            switch e {
            case .name, .literal: break
            case let .negate(a), let .power(a, _): stack.append(a)
            case let .binary(_, a, b): stack.append(a); stack.append(b)
            case let .call(callee, args):
                if case let .function(f) = callee { found.insert(f) }
                stack.append(contentsOf: args)
            }
        }
        return found
    }

    /// Arithmetic on literals done now (`2.0*pi` is `6.283185307179586`): the same IEEE operation
    /// the program would do, so the value is the same on every machine. Calls are left alone,
    /// as math libraries differ in the last place.
    private static func folded(_ e: CodeExpr) -> CodeExpr {
        switch e {
        case let .negate(.literal(v)): return .literal(-v)
        case let .binary(op, .literal(a), .literal(b)):
            switch op {
            case .add: return .literal(a + b)
            case .subtract: return .literal(a - b)
            case .multiply: return .literal(a * b)
            case .divide: return .literal(a / b)
            }
        default: return e
        }
    }

    /// (left, right, subtracted) for an addition or subtraction.
    private static func sumOperands(_ instruction: Tape.Instruction) -> (Int, Int, Bool)? {
        switch instruction {
        case let .add(a, b): return (a, b, false)
        case let .subtract(a, b): return (a, b, true)
        default: return nil
        }
    }

    private static func operands(_ instruction: Tape.Instruction, _ tape: Tape) -> [Int] {
        switch instruction {
        case .constant, .variable: return []
        case let .add(a, b), let .subtract(a, b), let .multiply(a, b), let .divide(a, b), let .power(a, b):
            return [a, b]
        case let .negate(a), let .scale(a, _), let .offset(a, _), let .integerPower(a, _):
            return [a]
        case let .function(_, arguments):
            return Array(tape.registers(of: arguments))
        }
    }

    /// The instruction as an expression over its operands' expressions, in the form a person
    /// writes (`1 - x` rather than `-x + 1`), with the same value bit for bit.
    private static func expression(_ instruction: Tape.Instruction, _ tape: Tape, _ x: (Int) -> CodeExpr) -> CodeExpr {
        switch instruction {
        case let .constant(v): return .literal(v)
        case .variable: preconditionFailure("variables are read, not computed")
        case let .add(a, b): return sum(x(a), Term(negative: false, value: x(b)))
        case let .subtract(a, b): return sum(x(a), Term(negative: true, value: x(b)))
        case let .multiply(a, b): return .binary(.multiply, x(a), x(b))
        case let .divide(a, b): return .binary(.divide, x(a), x(b))
        case let .negate(a):
            if case let .negate(inner) = x(a) { return inner }
            return .negate(x(a))
        case let .scale(a, c):
            return c == -1 ? .negate(x(a)) : leadingFactor(c, x(a))
        case let .offset(a, c):
            if let m = negated(x(a)) { return .binary(.subtract, .literal(c), m) }
            return c < 0 ? .binary(.subtract, x(a), .literal(-c)) : .binary(.add, x(a), .literal(c))
        case let .integerPower(a, k): return .power(x(a), k)
        case let .power(a, b): return .call(.pow, [x(a), x(b)])
        case let .function(f, arguments): return .call(.function(f), tape.registers(of: arguments).map(x))
        }
    }

    /// `e` without its leading minus (`-x` gives `x`, `-2.0*x*y` gives `2.0*x*y`), or nil when it
    /// has none. Negation is exact, so `a + -2*x` may be written `a - 2*x`.
    static func negated(_ e: CodeExpr) -> CodeExpr? {
        switch e {
        case let .negate(inner): return inner
        case let .literal(v) where v < 0: return .literal(-v)
        case let .binary(op, l, r) where op == .multiply || op == .divide:
            return negated(l).map { .binary(op, $0, r) }
        default: return nil
        }
    }

    /// `c*a*b` for c times `a*b`, as people write it (rather than `c*(a*b)`; the rounding may
    /// differ in the last place).
    private static func leadingFactor(_ c: Double, _ e: CodeExpr) -> CodeExpr {
        if case let .binary(op, l, r) = e, op == .multiply || op == .divide {
            return .binary(op, leadingFactor(c, l), r)
        }
        return .binary(.multiply, .literal(c), e)
    }

    /// `sig_z` for sigmoid(z), `sin2` for the second sine of something unnamed, `t3` otherwise.
    private static func temporaryName(for value: CodeExpr, pool: inout IdentifierPool) -> String {
        guard case let .call(.function(f), args) = value else { return pool.numbered() }
        let stem = f.spec.code.stem
        if args.count == 1, case let .name(argument) = args[0], stem.count + argument.count < 16 {
            return pool.fresh(stem + "_" + argument)
        }
        return pool.numbered(stem)
    }
}
