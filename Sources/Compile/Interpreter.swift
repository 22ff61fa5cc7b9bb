import Expr
import Glibc

extension Tape {
    /// Runs the program: `inputs` holds the variables' values in order, `registers` at least
    /// `instructions.count` slots. No allocation; the caller reuses the buffers across points.
    @inlinable
    public func run(_ inputs: UnsafePointer<Double>, _ registers: UnsafeMutablePointer<Double>) {
        instructions.withUnsafeBufferPointer { program in
            argumentRegisters.withUnsafeBufferPointer { argumentRegisters in
                implementations.withUnsafeBufferPointer { implementations in
                    var call = 0  // the next function instruction's place in `implementations`
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
                        case let .function(_, arguments):
                            let first = argumentRegisters.baseAddress! + arguments.start
                            r = Tape.call(implementations[call], first, arguments.count, registers)
                            call &+= 1
                        }
                        registers[i] = r
                    }
                }
            }
        }
    }

    /// x^k by repeated squaring (exact for the small integer powers polynomials use). A negative
    /// k takes x^|k| and divides once: (1/x)^|k| would carry the reciprocal's rounding |k| times
    /// (3.2 ulps at k = -3, 8.5 at k = -7, where one division gives 2.0 and 5.2, at the same cost;
    /// pow's 0.5 ulps cost 9 ns more per instruction). Where x^|k| is not a normal double (it
    /// overflowed, or lost precision in the subnormals) while x^k may be, pow.
    @inlinable
    static func integerPower(_ x: Double, _ k: Int) -> Double {
        switch k {
        case 2: return x * x
        case 3: return x * x * x
        case -2:
            let square = x * x
            return square.isNormal ? 1 / square : Glibc.pow(x, -2)
        default:
            var base = x
            var n = k.magnitude
            var result = 1.0
            while n > 0 {
                if n & 1 == 1 { result *= base }
                base *= base
                n >>= 1
            }
            guard k < 0 else { return result }
            return result.isNormal ? 1 / result : Glibc.pow(x, Double(k))
        }
    }

    /// A function at the values of the `count` registers listed at `arguments`: one- and
    /// two-argument functions directly, others with their arguments gathered on the stack.
    @inlinable
    static func call(_ f: NumericImplementation, _ arguments: UnsafePointer<Int>, _ count: Int,
                     _ registers: UnsafeMutablePointer<Double>) -> Double {
        switch f {
        case let .unary(g): return g(registers[arguments[0]])
        case let .binary(g): return g(registers[arguments[0]], registers[arguments[1]])
        case let .variadic(g):
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { values in
                for k in 0..<count { values[k] = registers[arguments[k]] }
                return g(values.baseAddress!, count)
            }
        }
    }
}
