import Expr
import Glibc

/// Running a `BlockProgram`: the block's points into the variables' slots, every step across the
/// block, the outputs back point by point.
extension BlockProgram {
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
            // The block's points, variable by variable, into slots 0..<n (a transpose: the
            // points are read in memory order once).
            for p in 0..<width {
                let row = base + p &* n
                for k in 0..<n { slots[k &* B &+ p] = row[k] }
            }
            steps.withUnsafeBufferPointer { program in
                calls.withUnsafeBufferPointer { calls in
                    for step in program { BlockProgram.execute(step, calls, slots, B, width) }
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
    static func execute(_ step: Step, _ calls: UnsafeBufferPointer<Call>, _ slots: UnsafeMutablePointer<Double>,
                        _ B: Int, _ width: Int) {
        @inline(__always) func at(_ s: Int32) -> UnsafeMutablePointer<Double> { slots + Int(s) &* B }
        let out = at(step.destination), c = step.constant
        switch step.operation {
        case .gather, .constant:
            break  // variables are copied into their slots once per block, constants once per run
        case .add: lanes2(width, at(step.a), at(step.b), out) { $0 + $1 }
        case .subtract: lanes2(width, at(step.a), at(step.b), out) { $0 - $1 }
        case .multiply: lanes2(width, at(step.a), at(step.b), out) { $0 * $1 }
        case .divide: lanes2(width, at(step.a), at(step.b), out) { $0 / $1 }
        case .negate: lanes1(width, at(step.a), out) { -$0 }
        case .scale: lanes1(width, at(step.a), out) { $0 * c }
        case .offset: lanes1(width, at(step.a), out) { $0 + c }
        case .subtractFrom: lanes1(width, at(step.a), out) { SIMD4(repeating: c) - $0 }
        case .scaleAdd: lanes2(width, at(step.a), at(step.b), out) { $0 * c + $1 }
        case .squareScaleAdd: lanes2(width, at(step.a), at(step.b), out) { $0 * $0 * c + $1 }
        case .square: lanes1(width, at(step.a), out) { $0 * $0 }
        case .integerPower:
            let x = at(step.a), k = Int(step.index)
            for p in 0..<width { out[p] = Tape.integerPower(x[p], k) }
        case .power:
            let x = at(step.a), y = at(step.b)
            for p in 0..<width { out[p] = Glibc.pow(x[p], y[p]) }
        case .function:
            switch calls[Int(step.index)].numeric {
            case let .unary(f):
                let x = at(step.a)
                for p in 0..<width { out[p] = f(x[p]) }
            case let .binary(f):
                let x = at(step.a), y = at(step.b)
                for p in 0..<width { out[p] = f(x[p], y[p]) }
            case let .variadic(f):
                // Each point's arguments gathered, then the function (the result may overwrite
                // an argument's slot: every argument of the point is read first).
                let arguments = calls[Int(step.index)].arguments
                withUnsafeTemporaryAllocation(of: Double.self, capacity: arguments.count) { values in
                    for p in 0..<width {
                        for (k, a) in arguments.enumerated() { values[k] = at(a)[p] }
                        out[p] = f(values.baseAddress!, values.count)
                    }
                }
            }
        }
    }
}
