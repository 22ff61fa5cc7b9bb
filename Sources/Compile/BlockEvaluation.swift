import Expr
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
    /// One step over slots (or, while the program is built, over Tape registers). Operand and
    /// destination slots are block-sized arrays.
    enum Step {
        case gather(variable: Int, to: Int)
        case constant(Double, to: Int)
        case add(Int, Int, to: Int)
        case subtract(Int, Int, to: Int)
        case multiply(Int, Int, to: Int)
        case divide(Int, Int, to: Int)
        case negate(Int, to: Int)
        case scale(Int, Double, to: Int)
        case offset(Int, Double, to: Int)
        /// c - a
        case subtractFrom(Double, Int, to: Int)
        /// a*c + b
        case scaleAdd(Int, Double, Int, to: Int)
        /// a*a*c + b (sums of squares: least squares, Rosenbrock)
        case squareScaleAdd(Int, Double, Int, to: Int)
        case square(Int, to: Int)
        case integerPower(Int, Int, to: Int)
        case power(Int, Int, to: Int)
        /// A function of the table through its numeric implementation, over any number of slots.
        case function(NumericImplementation, [Int], to: Int)

        var operands: [Int] {
            switch self {
            case .gather, .constant: return []
            case let .add(a, b, _), let .subtract(a, b, _), let .multiply(a, b, _), let .divide(a, b, _),
                 let .power(a, b, _), let .scaleAdd(a, _, b, _), let .squareScaleAdd(a, _, b, _): return [a, b]
            case let .negate(a, _), let .scale(a, _, _), let .offset(a, _, _), let .subtractFrom(_, a, _), let .square(a, _),
                 let .integerPower(a, _, _): return [a]
            case let .function(_, arguments, _): return arguments
            }
        }

        /// The same step with operands and destination renamed.
        func renamed(_ slot: (Int) -> Int, to d: Int) -> Step {
            switch self {
            case let .gather(k, _): return .gather(variable: k, to: d)
            case let .constant(v, _): return .constant(v, to: d)
            case let .add(a, b, _): return .add(slot(a), slot(b), to: d)
            case let .subtract(a, b, _): return .subtract(slot(a), slot(b), to: d)
            case let .multiply(a, b, _): return .multiply(slot(a), slot(b), to: d)
            case let .divide(a, b, _): return .divide(slot(a), slot(b), to: d)
            case let .negate(a, _): return .negate(slot(a), to: d)
            case let .scale(a, c, _): return .scale(slot(a), c, to: d)
            case let .offset(a, c, _): return .offset(slot(a), c, to: d)
            case let .subtractFrom(c, a, _): return .subtractFrom(c, slot(a), to: d)
            case let .scaleAdd(a, c, b, _): return .scaleAdd(slot(a), c, slot(b), to: d)
            case let .squareScaleAdd(a, c, b, _): return .squareScaleAdd(slot(a), c, slot(b), to: d)
            case let .square(a, _): return .square(slot(a), to: d)
            case let .integerPower(a, k, _): return .integerPower(slot(a), k, to: d)
            case let .power(a, b, _): return .power(slot(a), slot(b), to: d)
            case let .function(f, arguments, _): return .function(f, arguments.map(slot), to: d)
            }
        }
    }

    /// Points per block: large enough to share the cost of dispatching a step, small enough for
    /// all slots of a block to stay in the level-1 data cache (about `cacheBudget` bytes). Every
    /// step reads two slots and writes one, so it is cache bandwidth that bounds a step: with a
    /// level-2 budget (192 KiB) Rosenbrock-100's value took twice as long per point.
    let blockSize: Int
    static let cacheBudget = 32 << 10

    let steps: [Step]
    let slotCount: Int
    /// Slots that hold a constant for the whole run, filled once.
    let constants: [(slot: Int, value: Double)]
    let outputSlots: [Int]
    let variableCount: Int

    init(_ tape: Tape) {
        let program = BlockProgram.fusing(tape)
        let order = BlockProgram.schedule(program, outputs: tape.outputs)
        var lastUse = [Int](repeating: -1, count: program.count)
        for (position, i) in order.enumerated() {
            for a in program[i].operands { lastUse[a] = position }
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
            if case let .gather(k, _) = program[i] {
                slotOf[i] = k
                continue
            }
            if case let .constant(v, _) = program[i] {
                // Constants keep their slot for the whole run.
                slotOf[i] = slotCount
                slotCount += 1
                constants.append((slotOf[i], v))
                continue
            }
            // Free operands whose last use this is before choosing the destination, so the
            // result may overwrite an operand in place (safe: every step is elementwise).
            for a in Set(program[i].operands) where lastUse[a] == position {
                switch program[a] {
                case .constant, .gather: continue
                default: break
                }
                free.append(slotOf[a])
            }
            let d: Int
            if let reused = free.popLast() { d = reused } else { d = slotCount; slotCount += 1 }
            slotOf[i] = d
            steps.append(program[i].renamed({ slotOf[$0] }, to: d))
        }
        self.steps = steps
        self.slotCount = max(1, slotCount)
        let fitting = BlockProgram.cacheBudget / (8 * self.slotCount)
        self.blockSize = fitting >= 256 ? 256 : fitting >= 128 ? 128 : fitting >= 64 ? 64 : 32
        self.constants = constants
        self.outputSlots = tape.outputs.map { slotOf[$0] }
        self.variableCount = tape.variables.count
    }

    /// The Tape as steps over its registers, with a value used only once folded into its user
    /// where a fused step exists (`a + -b` is `a - b`, `c + -a` is `c - a`, `k*a + b` one step):
    /// fewer passes over the block. The folded instruction is then never reached by `schedule`.
    static func fusing(_ tape: Tape) -> [Step] {
        let program = tape.instructions
        var uses = [Int](repeating: 0, count: program.count)
        var steps: [Step] = []
        steps.reserveCapacity(program.count)
        for (i, instruction) in program.enumerated() {
            let step: Step
            switch instruction {
            case let .constant(v): step = .constant(v, to: i)
            case let .variable(k): step = .gather(variable: k, to: i)
            case let .add(a, b): step = .add(a, b, to: i)
            case let .subtract(a, b): step = .subtract(a, b, to: i)
            case let .multiply(a, b): step = .multiply(a, b, to: i)
            case let .divide(a, b): step = .divide(a, b, to: i)
            case let .negate(a): step = .negate(a, to: i)
            case let .scale(a, c): step = .scale(a, c, to: i)
            case let .offset(a, c): step = .offset(a, c, to: i)
            case let .integerPower(a, 2): step = .square(a, to: i)
            case let .integerPower(a, k): step = .integerPower(a, k, to: i)
            case let .power(a, b): step = .power(a, b, to: i)
            case let .function(f, arguments): step = .function(f.spec.numeric, arguments, to: i)
            }
            steps.append(step)
            for a in step.operands { uses[a] += 1 }
        }
        for o in tape.outputs { uses[o] += 1 }
        func single(_ r: Int) -> Step? { uses[r] == 1 ? steps[r] : nil }
        for i in steps.indices {
            switch steps[i] {
            case let .add(a, b, _):
                if case let .negate(y, _)? = single(b) { steps[i] = .subtract(a, y, to: i) }
                else if case let .negate(y, _)? = single(a) { steps[i] = .subtract(b, y, to: i) }
                else if case let .scale(y, c, _)? = single(a) { steps[i] = .scaleAdd(y, c, b, to: i) }
                else if case let .scale(y, c, _)? = single(b) { steps[i] = .scaleAdd(y, c, a, to: i) }
            case let .offset(a, c, _):
                if case let .negate(y, _)? = single(a) { steps[i] = .subtractFrom(c, y, to: i) }
            default: break
            }
            // A square used once by a sum is folded into it too.
            switch steps[i] {
            case let .scaleAdd(a, c, b, _):
                if case let .square(y, _)? = single(a) { steps[i] = .squareScaleAdd(y, c, b, to: i) }
            case let .add(a, b, _):
                if case let .square(y, _)? = single(b) { steps[i] = .squareScaleAdd(y, 1, a, to: i) }
                else if case let .square(y, _)? = single(a) { steps[i] = .squareScaleAdd(y, 1, b, to: i) }
            case let .subtract(a, b, _):
                if case let .square(y, _)? = single(b) { steps[i] = .squareScaleAdd(y, -1, a, to: i) }
            default: break
            }
        }
        return steps
    }

    /// An order of the steps that keeps few values alive at once: a depth-first walk from each
    /// output in turn that computes a step's operands just before it. The Tape's own order
    /// computes every term of a sum before the first addition (all terms alive at once); this
    /// order adds each term as soon as it is computed.
    static func schedule(_ program: [Step], outputs: [Int]) -> [Int] {
        // Operands are visited tallest first (as in Sethi-Ullman numbering), so a long chain
        // such as a sum's running total is computed before the short terms added to it, and each
        // term is then computed just before its addition.
        var height = [Int](repeating: 0, count: program.count)
        for i in program.indices {
            for a in program[i].operands { height[i] = max(height[i], height[a] + 1) }
        }
        var placed = [Bool](repeating: false, count: program.count)
        var order: [Int] = []
        order.reserveCapacity(program.count)
        var stack: [(node: Int, next: Int)] = []
        for output in outputs where !placed[output] {
            placed[output] = true
            stack.append((output, 0))
            while let (node, next) = stack.last {
                var reads = program[node].operands
                if reads.count == 2 && height[reads[1]] > height[reads[0]] { reads.swapAt(0, 1) }
                if next < reads.count {
                    stack[stack.count - 1].next += 1
                    let a = reads[next]
                    if !placed[a] { placed[a] = true; stack.append((a, 0)) }
                } else {
                    stack.removeLast()
                    order.append(node)
                }
            }
        }
        return order
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
            // The block's points, variable by variable, into slots 0..<n (a transpose: the
            // points are read in memory order once).
            for p in 0..<width {
                let row = base + p &* n
                for k in 0..<n { slots[k &* B &+ p] = row[k] }
            }
            steps.withUnsafeBufferPointer { program in
                for step in program {
                    BlockProgram.execute(step, slots, B, width, base, n)
                }
            }
            // Results point by point, so the writes go to memory in order.
            outputSlots.withUnsafeBufferPointer { outputs in
                for p in 0..<width {
                    let row = results + (start &+ p) &* m
                    for j in 0..<m { row[j] = slots[outputs[j] &* B &+ p] }
                }
            }
            start += width
        }
    }

    /// `out = f(x, y)` four points at a time (SIMD), then the rest one by one. Every lane does
    /// exactly the scalar operations, so results are bit for bit those of the Tape interpreter.
    @inline(__always)
    static func lanes2(_ width: Int, _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                       _ out: UnsafeMutablePointer<Double>, _ f: (SIMD4<Double>, SIMD4<Double>) -> SIMD4<Double>) {
        var p = 0
        while p &+ 4 <= width {
            let a = UnsafeRawPointer(x + p).loadUnaligned(as: SIMD4<Double>.self)
            let b = UnsafeRawPointer(y + p).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(out + p).storeBytes(of: f(a, b), as: SIMD4<Double>.self)
            p &+= 4
        }
        while p < width {
            out[p] = f(SIMD4(repeating: x[p]), SIMD4(repeating: y[p]))[0]
            p &+= 1
        }
    }

    @inline(__always)
    static func lanes1(_ width: Int, _ x: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                       _ f: (SIMD4<Double>) -> SIMD4<Double>) {
        var p = 0
        while p &+ 4 <= width {
            let a = UnsafeRawPointer(x + p).loadUnaligned(as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(out + p).storeBytes(of: f(a), as: SIMD4<Double>.self)
            p &+= 4
        }
        while p < width {
            out[p] = f(SIMD4(repeating: x[p]))[0]
            p &+= 1
        }
    }

    /// One step across `width` points of a block. Each case is a simple loop over arrays.
    @inline(__always)
    static func execute(_ step: Step, _ slots: UnsafeMutablePointer<Double>, _ B: Int, _ width: Int,
                        _ points: UnsafePointer<Double>, _ n: Int) {
        @inline(__always) func at(_ s: Int) -> UnsafeMutablePointer<Double> { slots + s * B }
        switch step {
        case .gather:
            break  // variables are copied into their slots once per block
        case let .add(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            lanes2(width, x, y, out) { $0 + $1 }
        case let .subtract(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            lanes2(width, x, y, out) { $0 - $1 }
        case let .multiply(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            lanes2(width, x, y, out) { $0 * $1 }
        case let .divide(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            lanes2(width, x, y, out) { $0 / $1 }
        case let .negate(a, d):
            let x = at(a), out = at(d)
            lanes1(width, x, out) { -$0 }
        case .constant:
            break  // filled once per run
        case let .subtractFrom(c, a, d):
            let x = at(a), out = at(d)
            lanes1(width, x, out) { SIMD4(repeating: c) - $0 }
        case let .scaleAdd(a, c, b, d):
            let x = at(a), y = at(b), out = at(d)
            lanes2(width, x, y, out) { $0 * c + $1 }
        case let .squareScaleAdd(a, c, b, d):
            let x = at(a), y = at(b), out = at(d)
            lanes2(width, x, y, out) { $0 * $0 * c + $1 }
        case let .scale(a, c, d):
            let x = at(a), out = at(d)
            lanes1(width, x, out) { $0 * c }
        case let .offset(a, c, d):
            let x = at(a), out = at(d)
            lanes1(width, x, out) { $0 + c }
        case let .square(a, d):
            let x = at(a), out = at(d)
            lanes1(width, x, out) { $0 * $0 }
        case let .integerPower(a, k, d):
            let x = at(a), out = at(d)
            for p in 0..<width { out[p] = Tape.integerPower(x[p], k) }
        case let .power(a, b, d):
            let x = at(a), y = at(b), out = at(d)
            for p in 0..<width { out[p] = Glibc.pow(x[p], y[p]) }
        case let .function(f, arguments, d):
            let out = at(d)
            switch f {
            case let .unary(g):
                let x = at(arguments[0])
                for p in 0..<width { out[p] = g(x[p]) }
            case let .binary(g):
                let x = at(arguments[0]), y = at(arguments[1])
                for p in 0..<width { out[p] = g(x[p], y[p]) }
            case let .variadic(g):
                // Each point's arguments gathered, then the function (the result may overwrite
                // an argument's slot: every argument of the point is read first).
                withUnsafeTemporaryAllocation(of: Double.self, capacity: arguments.count) { values in
                    for p in 0..<width {
                        for (k, a) in arguments.enumerated() { values[k] = at(a)[p] }
                        out[p] = g(UnsafeBufferPointer(values))
                    }
                }
            }
        }
    }
}
