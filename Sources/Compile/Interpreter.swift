import Expr
import Glibc

extension Tape {
    /// Runs the program: `inputs` holds the variables' values in order, `registers` at least
    /// `instructions.count` slots. No allocation; the caller reuses the buffers across points.
    @inlinable
    public func run(_ inputs: UnsafePointer<Double>, _ registers: UnsafeMutablePointer<Double>) {
        instructions.withUnsafeBufferPointer { program in
            for i in 0..<program.count {
                let r: Double
                switch program[i] {
                case let .constant(v): r = v
                case let .variable(k): r = inputs[k]
                case let .add(a, b): r = registers[a] + registers[b]
                case let .subtract(a, b): r = registers[a] - registers[b]
                case let .multiply(a, b): r = registers[a] * registers[b]
                case let .divide(a, b): r = registers[a] / registers[b]
                case let .negate(a): r = -registers[a]
                case let .scale(a, c): r = registers[a] * c
                case let .offset(a, c): r = registers[a] + c
                case let .integerPower(a, k): r = Tape.integerPower(registers[a], k)
                case let .power(a, b): r = Glibc.pow(registers[a], registers[b])
                case let .function(f, operands): r = Tape.call(f, operands, registers)
                }
                registers[i] = r
            }
        }
    }

    /// x^k by repeated squaring (exact for the small integer powers polynomials use).
    @inlinable
    static func integerPower(_ x: Double, _ k: Int) -> Double {
        switch k {
        case 2: return x * x
        case 3: return x * x * x
        case -2: return 1 / (x * x)
        default:
            var base = k < 0 ? 1 / x : x
            var n = k.magnitude
            var result = 1.0
            while n > 0 {
                if n & 1 == 1 { result *= base }
                base *= base
                n >>= 1
            }
            return result
        }
    }

    /// `f` at the values of the registers `operands`: one- and two-argument functions directly,
    /// others with their arguments gathered on the stack.
    @usableFromInline
    static func call(_ f: FunctionID, _ operands: [Int], _ registers: UnsafeMutablePointer<Double>) -> Double {
        switch f.spec.numeric {
        case let .unary(g): return g(registers[operands[0]])
        case let .binary(g): return g(registers[operands[0]], registers[operands[1]])
        case let .variadic(g):
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: operands.count) { arguments in
                for (k, a) in operands.enumerated() { arguments[k] = registers[a] }
                return g(UnsafeBufferPointer(arguments))
            }
        }
    }
}
