import Glibc

/// The Tape evaluated over many points at once: each instruction runs across a block of points
/// before the next one starts, so the cost of dispatching an instruction is shared by the whole
/// block and the loops over the block are plain array arithmetic the compiler vectorizes. This is
/// what makes batch evaluation approach hand-written code, where running the Tape point by point
/// pays one dispatch per instruction per point.
///
/// Registers are reassigned to a few slots by liveness (a slot is reused as soon as the value in
/// it has had its last use), so the working set of a block stays in cache.
struct BlockProgram {
    /// One instruction over slots. Operand and destination slots are block-sized arrays.
    enum Step {
        case gather(variable: Int, to: Int)
        case add(Int, Int, to: Int)
        case subtract(Int, Int, to: Int)
        case multiply(Int, Int, to: Int)
        case divide(Int, Int, to: Int)
        case negate(Int, to: Int)
        case scale(Int, Double, to: Int)
        case offset(Int, Double, to: Int)
        case square(Int, to: Int)
        case integerPower(Int, Int, to: Int)
        case power(Int, Int, to: Int)
        case function(@Sendable (Double) -> Double, Int, to: Int)
        case fused(Tape.FusedOperation, Int, to: Int)
        case binary(Tape.BinaryOperation, Int, Int, to: Int)
    }

    /// Points per block: large enough to share the cost of dispatching a step, small enough for
    /// all slots of a block to stay in the level-2 cache (about `cacheBudget` bytes).
    let blockSize: Int
    static let cacheBudget = 192 << 10

    let steps: [Step]
    let slotCount: Int
    /// Slots that hold a constant for the whole run, filled once.
    let constants: [(slot: Int, value: Double)]
    let outputSlots: [Int]
    let variableCount: Int

    init(_ tape: Tape) {
        let program = tape.instructions
        var lastUse = [Int](repeating: -1, count: program.count)
        func operands(_ instruction: Tape.Instruction) -> [Int] {
            switch instruction {
            case .constant, .variable: return []
            case let .add(a, b), let .subtract(a, b), let .multiply(a, b), let .divide(a, b), let .power(a, b), let .binary(_, a, b): return [a, b]
            case let .negate(a), let .scale(a, _), let .offset(a, _), let .integerPower(a, _), let .function(_, a), let .fused(_, a): return [a]
            }
        }
        for (i, instruction) in program.enumerated() {
            for a in operands(instruction) { lastUse[a] = i }
        }
        for o in tape.outputs { lastUse[o] = Int.max }

        var slotOf = [Int](repeating: -1, count: program.count)
        var free: [Int] = []
        var slotCount = 0
        var steps: [Step] = []
        var constants: [(Int, Double)] = []
        func allocate() -> Int {
            if let s = free.popLast() { return s }
            slotCount += 1
            return slotCount - 1
        }
        for (i, instruction) in program.enumerated() {
            guard lastUse[i] >= 0 else { continue }  // computed but never read: skip it
            if case let .constant(v) = instruction {
                // Constants keep their slot for the whole run.
                slotCount += 1
                slotOf[i] = slotCount - 1
                constants.append((slotOf[i], v))
                continue
            }
            let reads = operands(instruction)
            // Free operands whose last use this is before choosing the destination, so the
            // result may overwrite an operand in place (safe: every step is elementwise).
            for a in Set(reads) where lastUse[a] == i {
                if case .constant = program[a] { continue }
                free.append(slotOf[a])
            }
            let d = allocate()
            slotOf[i] = d
            let s = { (r: Int) in slotOf[r] }
            switch instruction {
            case .constant: break
            case let .variable(k): steps.append(.gather(variable: k, to: d))
            case let .add(a, b): steps.append(.add(s(a), s(b), to: d))
            case let .subtract(a, b): steps.append(.subtract(s(a), s(b), to: d))
            case let .multiply(a, b): steps.append(.multiply(s(a), s(b), to: d))
            case let .divide(a, b): steps.append(.divide(s(a), s(b), to: d))
            case let .negate(a): steps.append(.negate(s(a), to: d))
            case let .scale(a, c): steps.append(.scale(s(a), c, to: d))
            case let .offset(a, c): steps.append(.offset(s(a), c, to: d))
            case let .integerPower(a, 2): steps.append(.square(s(a), to: d))
            case let .integerPower(a, k): steps.append(.integerPower(s(a), k, to: d))
            case let .power(a, b): steps.append(.power(s(a), s(b), to: d))
            case let .function(f, a): steps.append(.function(f.apply, s(a), to: d))
            case let .fused(op, a): steps.append(.fused(op, s(a), to: d))
            case let .binary(op, a, b): steps.append(.binary(op, s(a), s(b), to: d))
            }
        }
        self.steps = steps
        self.slotCount = max(1, slotCount)
        let fitting = BlockProgram.cacheBudget / (8 * self.slotCount)
        self.blockSize = fitting >= 256 ? 256 : fitting >= 128 ? 128 : fitting >= 64 ? 64 : 32
        self.constants = constants
        self.outputSlots = tape.outputs.map { slotOf[$0] }
        self.variableCount = tape.variables.count
    }

    /// Evaluates `count` points (`points` holds them one after another) into `results` (the
    /// outputs one point after another).
    func run(points: UnsafePointer<Double>, count: Int, results: UnsafeMutablePointer<Double>) {
        let B = blockSize
        let slots = UnsafeMutablePointer<Double>.allocate(capacity: slotCount * B)
        defer { slots.deallocate() }
        for (slot, value) in constants { (slots + slot * B).update(repeating: value, count: B) }
        let n = variableCount, m = outputSlots.count
        var start = 0
        while start < count {
            let width = Swift.min(B, count - start)
            let base = points + start * n
            // Read the block's points once in order, so that the gathers below (one variable
            // across the block, a strided walk) find them in cache instead of in memory.
            var touched = 0.0
            for i in stride(from: 0, to: width * n, by: 8) { touched += base[i] }
            if touched.isNaN && touched != touched { results[0] = touched }  // keeps the reads
            steps.withUnsafeBufferPointer { program in
                for step in program {
                    BlockProgram.execute(step, slots, B, width, base, n)
                }
            }
            for (j, slot) in outputSlots.enumerated() {
                let column = slots + slot * B
                for p in 0..<width { results[(start + p) * m + j] = column[p] }
            }
            start += width
        }
    }

    /// One step across `width` points of a block. Each case is a simple loop over arrays.
    @inline(__always)
    static func execute(_ step: Step, _ slots: UnsafeMutablePointer<Double>, _ B: Int, _ width: Int,
                        _ points: UnsafePointer<Double>, _ n: Int) {
        @inline(__always) func at(_ s: Int) -> UnsafeMutablePointer<Double> { slots + s * B }
        switch step {
        case let .gather(k, d):
            let out = at(d)
            for p in 0..<width { out[p] = points[p * n + k] }
        case let .add(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            for p in 0..<width { out[p] = x[p] + y[p] }
        case let .subtract(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            for p in 0..<width { out[p] = x[p] - y[p] }
        case let .multiply(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            for p in 0..<width { out[p] = x[p] * y[p] }
        case let .divide(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            for p in 0..<width { out[p] = x[p] / y[p] }
        case let .negate(a, d):
            let x = at(a), out = at(d)
            for p in 0..<width { out[p] = -x[p] }
        case let .scale(a, c, d):
            let x = at(a), out = at(d)
            for p in 0..<width { out[p] = x[p] * c }
        case let .offset(a, c, d):
            let x = at(a), out = at(d)
            for p in 0..<width { out[p] = x[p] + c }
        case let .square(a, d):
            let x = at(a), out = at(d)
            for p in 0..<width { out[p] = x[p] * x[p] }
        case let .integerPower(a, k, d):
            let x = at(a), out = at(d)
            for p in 0..<width { out[p] = Tape.integerPower(x[p], k) }
        case let .power(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            for p in 0..<width { out[p] = Glibc.pow(x[p], y[p]) }
        case let .function(f, a, d):
            let x = at(a), out = at(d)
            for p in 0..<width { out[p] = f(x[p]) }
        case let .fused(op, a, d):
            let x = at(a), out = at(d)
            switch op {
            case .sqrt: for p in 0..<width { out[p] = x[p].squareRoot() }
            case .log1p: for p in 0..<width { out[p] = Glibc.log1p(x[p]) }
            case .expm1: for p in 0..<width { out[p] = Glibc.expm1(x[p]) }
            }
        case let .binary(op, a, b, d):
            let x = at(a), y = at(b), out = at(d)
            switch op {
            case .min: for p in 0..<width { out[p] = Swift.min(x[p], y[p]) }
            case .max: for p in 0..<width { out[p] = Swift.max(x[p], y[p]) }
            case .leakyRelu: for p in 0..<width { out[p] = x[p] > 0 ? x[p] : x[p] * y[p] }
            }
        }
    }
}
