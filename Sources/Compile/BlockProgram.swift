import Expr

/// The Tape arranged for many points at once: each step runs across a block of points before
/// the next one starts, so the cost of dispatching a step is shared by the whole block and the
/// loops over the block are plain array arithmetic the compiler vectorizes (`BlockEvaluation`).
/// This is what makes batch evaluation approach hand-written code, where running the Tape point
/// by point pays one dispatch per instruction per point.
///
/// Steps are plain values (no reference counting in the loop that dispatches them); a function
/// of the table is one kind of step whatever the function, its implementation in `calls`.
/// Registers are reassigned to a few slots by liveness (a slot is reused as soon as the value in
/// it has had its last use), in an order that keeps few values alive (`LowPressureOrder`), so the
/// working set of a block stays in cache.
struct BlockProgram {
    /// One step over slots (or, while the program is built, over Tape registers). Operand and
    /// destination slots are block-sized arrays.
    struct Step {
        enum Operation: UInt8 {
            /// Only while the program is built: variables and constants have fixed slots.
            case gather, constant
            case add, subtract, multiply, divide, negate
            /// a*c
            case scale
            /// a + c
            case offset
            /// c - a
            case subtractFrom
            /// a*c + b
            case scaleAdd
            /// a*a*c + b (sums of squares: least squares, Rosenbrock)
            case squareScaleAdd
            case square
            /// a^index
            case integerPower
            case power
            /// `calls[index]`, a function of the table.
            case function
        }
        var operation: Operation
        var a: Int32 = 0, b: Int32 = 0
        var destination: Int32 = 0
        /// The integer exponent, the variable gathered or the call.
        var index: Int32 = 0
        var constant: Double = 0

        init(_ operation: Operation, _ a: Int = 0, _ b: Int = 0, to destination: Int, index: Int = 0, constant: Double = 0) {
            self.operation = operation
            self.a = Int32(a)
            self.b = Int32(b)
            self.destination = Int32(destination)
            self.index = Int32(index)
            self.constant = constant
        }
    }

    /// A function of the table and the registers (then slots) of its arguments. The first two
    /// are also the step's `a` and `b`, so one- and two-argument calls read no array.
    struct Call {
        let numeric: NumericImplementation
        var arguments: [Int32]
    }

    /// Points per block: large enough to share the cost of dispatching a step, small enough for
    /// all slots of a block to stay in the level-1 data cache (about `cacheBudget` bytes). Every
    /// step reads two slots and writes one, so it is cache bandwidth that bounds a step: with a
    /// level-2 budget (192 KiB) Rosenbrock-100's value took twice as long per point.
    let blockSize: Int
    static let cacheBudget = 32 << 10

    let steps: [Step]
    let calls: [Call]
    let slotCount: Int
    /// Slots that hold a constant for the whole run, filled once.
    let constants: [(slot: Int, value: Double)]
    let outputSlots: [Int]
    let variableCount: Int

    init(_ tape: Tape) {
        let (program, fusedCalls) = BlockProgram.fusing(tape)
        var calls = fusedCalls
        func operands(_ step: Step) -> [Int] { BlockProgram.operands(of: step, calls) }
        let order = BlockProgram.schedule(program, calls, outputs: tape.outputs)
        var lastUse = [Int](repeating: -1, count: program.count)
        for (position, i) in order.enumerated() {
            for a in operands(program[i]) { lastUse[a] = position }
        }
        for o in tape.outputs { lastUse[o] = Int.max }

        var slotOf = [Int](repeating: -1, count: program.count)
        var free: [Int] = []
        var steps: [Step] = []
        var constants: [(Int, Double)] = []
        // Slots 0..<n hold the variables, copied in for each block (never freed).
        let n = tape.variables.count
        var slotCount = n
        for (position, i) in order.enumerated() {
            var step = program[i]
            switch step.operation {
            case .gather:
                slotOf[i] = Int(step.index)
                continue
            case .constant:
                // Constants keep their slot for the whole run.
                slotOf[i] = slotCount
                slotCount += 1
                constants.append((slotOf[i], step.constant))
                continue
            default: break
            }
            // Free operands whose last use this is before choosing the destination, so the
            // result may overwrite an operand in place (safe: every step is elementwise).
            for a in Set(operands(step)) where lastUse[a] == position {
                switch program[a].operation {
                case .constant, .gather: continue
                default: free.append(slotOf[a])
                }
            }
            let d: Int
            if let reused = free.popLast() { d = reused } else { d = slotCount; slotCount += 1 }
            slotOf[i] = d
            step.a = Int32(slotOf[Int(step.a)])
            step.b = Int32(slotOf[Int(step.b)])
            step.destination = Int32(d)
            if step.operation == .function {
                calls[Int(step.index)].arguments = calls[Int(step.index)].arguments.map { Int32(slotOf[Int($0)]) }
            }
            steps.append(step)
        }
        self.steps = steps
        self.calls = calls
        self.slotCount = max(1, slotCount)
        let fitting = BlockProgram.cacheBudget / (8 * self.slotCount)
        self.blockSize = fitting >= 256 ? 256 : fitting >= 128 ? 128 : fitting >= 64 ? 64 : 32
        self.constants = constants
        self.outputSlots = tape.outputs.map { slotOf[$0] }
        self.variableCount = tape.variables.count
    }

    /// The registers a step reads.
    static func operands(of step: Step, _ calls: [Call]) -> [Int] {
        switch step.operation {
        case .gather, .constant: return []
        case .add, .subtract, .multiply, .divide, .power, .scaleAdd, .squareScaleAdd: return [Int(step.a), Int(step.b)]
        case .negate, .scale, .offset, .subtractFrom, .square, .integerPower: return [Int(step.a)]
        case .function: return calls[Int(step.index)].arguments.map(Int.init)
        }
    }

    /// The Tape as steps over its registers, with a value used only once folded into its user
    /// where a fused step exists (`a + -b` is `a - b`, `c + -a` is `c - a`, `k*a + b` one step):
    /// fewer passes over the block. The folded instruction is then never reached by `schedule`.
    static func fusing(_ tape: Tape) -> ([Step], [Call]) {
        let program = tape.instructions
        var steps: [Step] = []
        var calls: [Call] = []
        steps.reserveCapacity(program.count)
        for (i, instruction) in program.enumerated() {
            switch instruction {
            case let .constant(v): steps.append(Step(.constant, to: i, constant: v))
            case let .variable(k): steps.append(Step(.gather, to: i, index: k))
            case let .add(a, b): steps.append(Step(.add, a, b, to: i))
            case let .subtract(a, b): steps.append(Step(.subtract, a, b, to: i))
            case let .multiply(a, b): steps.append(Step(.multiply, a, b, to: i))
            case let .divide(a, b): steps.append(Step(.divide, a, b, to: i))
            case let .negate(a): steps.append(Step(.negate, a, to: i))
            case let .scale(a, c): steps.append(Step(.scale, a, to: i, constant: c))
            case let .offset(a, c): steps.append(Step(.offset, a, to: i, constant: c))
            case let .integerPower(a, 2): steps.append(Step(.square, a, to: i))
            case let .integerPower(a, k): steps.append(Step(.integerPower, a, to: i, index: k))
            case let .power(a, b): steps.append(Step(.power, a, b, to: i))
            case let .function(f, list):
                let arguments = tape.registers(of: list)
                steps.append(Step(.function, arguments.first ?? 0, arguments.dropFirst().first ?? 0, to: i, index: calls.count))
                calls.append(Call(numeric: f.spec.numeric, arguments: arguments.map { Int32($0) }))
            }
        }
        var uses = [Int](repeating: 0, count: program.count)
        for step in steps { for a in operands(of: step, calls) { uses[a] += 1 } }
        for o in tape.outputs { uses[o] += 1 }
        func single(_ r: Int32, _ operation: Step.Operation) -> Step? {
            uses[Int(r)] == 1 && steps[Int(r)].operation == operation ? steps[Int(r)] : nil
        }
        for i in steps.indices {
            let s = steps[i]
            switch s.operation {
            case .add:
                if let y = single(s.b, .negate) { steps[i] = Step(.subtract, Int(s.a), Int(y.a), to: i) }
                else if let y = single(s.a, .negate) { steps[i] = Step(.subtract, Int(s.b), Int(y.a), to: i) }
                else if let y = single(s.a, .scale) { steps[i] = Step(.scaleAdd, Int(y.a), Int(s.b), to: i, constant: y.constant) }
                else if let y = single(s.b, .scale) { steps[i] = Step(.scaleAdd, Int(y.a), Int(s.a), to: i, constant: y.constant) }
            case .offset:
                if let y = single(s.a, .negate) { steps[i] = Step(.subtractFrom, Int(y.a), to: i, constant: s.constant) }
            default: break
            }
            // A square used once by a sum is folded into it too.
            let t = steps[i]
            switch t.operation {
            case .scaleAdd:
                if let y = single(t.a, .square) { steps[i] = Step(.squareScaleAdd, Int(y.a), Int(t.b), to: i, constant: t.constant) }
            case .add:
                if let y = single(t.b, .square) { steps[i] = Step(.squareScaleAdd, Int(y.a), Int(t.a), to: i, constant: 1) }
                else if let y = single(t.a, .square) { steps[i] = Step(.squareScaleAdd, Int(y.a), Int(t.b), to: i, constant: 1) }
            case .subtract:
                if let y = single(t.b, .square) { steps[i] = Step(.squareScaleAdd, Int(y.a), Int(t.a), to: i, constant: -1) }
            default: break
            }
        }
        return (steps, calls)
    }

    /// The steps the outputs need, in an order that keeps few values alive at once. The Tape's
    /// own order computes every term of a sum before the first addition (all terms alive at
    /// once), and computing the outputs one after another keeps a value shared by the first and
    /// the last alive in between; here each value is computed when it is about to be used and
    /// freed after its last use. Variables and constants have fixed slots and are listed first.
    static func schedule(_ program: [Step], _ calls: [Call], outputs: [Int]) -> [Int] {
        var needed = [Bool](repeating: false, count: program.count)
        var stack = outputs
        while let r = stack.popLast() {
            if needed[r] { continue }
            needed[r] = true
            stack += operands(of: program[r], calls)
        }
        func fixed(_ r: Int) -> Bool { program[r].operation == .gather || program[r].operation == .constant }
        let nodes = program.indices.filter { needed[$0] && !fixed($0) }
        var position = [Int](repeating: -1, count: program.count)
        for (k, r) in nodes.enumerated() { position[r] = k }
        var scheduler = LowPressureOrder(operands: nodes.map { r in
            Array(Set(operands(of: program[r], calls).filter { !fixed($0) }.map { position[$0] })).sorted()
        })
        // An output's value stays until the end of the block anyway.
        for o in outputs where position[o] >= 0 { scheduler.defines[position[o]] = false }
        return program.indices.filter { needed[$0] && fixed($0) } + scheduler.order().map { nodes[$0] }
    }
}
