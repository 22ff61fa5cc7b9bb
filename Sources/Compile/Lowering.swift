import Expr

extension Tape {
    /// Lowers `roots` into one program over `variables` (values are passed in this order):
    /// every distinct subexpression of all roots becomes one instruction, computed once.
    /// Numerically careful forms are chosen here: the stable rewrites (`StableForms`) replace
    /// textbook forms that overflow, underflow or cancel (`log(sigmoid(u))` runs as
    /// `-softplus(-u)`), and where a function of the table computes a node's form more accurately
    /// (`log(1 + u)` is `log1p(u)`, `exp(u) - 1` is `expm1(u)`), the program calls it instead.
    /// `stable: false` lowers the expressions as written (to tell what the stable forms avoided).
    public init(lowering given: [Expr], variables: [String], stable: Bool = true) throws(CompileError) {
        let forms = stable ? StableForms(given) : nil
        let roots = forms?.roots ?? given
        var instructions: [Instruction] = []
        var sources: [Expr?] = []
        var argumentRegisters: [Int] = []
        var implementations: [NumericImplementation] = []
        var register = ExprMap<Int>()
        var constants: [Double: Int] = [:]
        var variableIndex: [String: Int] = [:]
        for (i, v) in variables.enumerated() where variableIndex[v] == nil { variableIndex[v] = i }

        func emit(_ instruction: Instruction, _ source: Expr? = nil) -> Int {
            instructions.append(instruction)
            // Messages name the node as the user wrote it, not its stable form.
            sources.append(source.map { forms?.origins[$0] ?? $0 })
            return instructions.count - 1
        }
        func call(_ f: FunctionID, _ arguments: [Int], _ source: Expr?) -> Int {
            let list = Arguments(start: argumentRegisters.count, count: arguments.count)
            argumentRegisters += arguments
            implementations.append(f.spec.numeric)
            return emit(.function(f, list), source)
        }
        func constant(_ v: Double) -> Int {
            if let r = constants[v] { return r }
            let r = emit(.constant(v))
            constants[v] = r
            return r
        }

        for e in Expr.postorder(roots) {
            let r: Int
            if let (f, arguments) = FunctionTable.accurateForm(of: e) {
                register[e] = call(f, arguments.map { register[$0]! }, e)
                continue
            }
            switch e.head {
            case let .number(q): r = constant(q.doubleValue)
            case let .constant(c): r = constant(c.value)
            case .undefined: throw .undefined
            case let .symbol(name):
                guard let i = variableIndex[name] else { throw .unboundVariable(name) }
                r = emit(.variable(i), e)
            case let .add(c):
                var acc: Int? = nil
                for t in e.children {
                    // a - b for a term with coefficient -1.
                    if case let .mul(k) = t.head, k.isMinusOne, t.children.count == 1, let a = acc {
                        acc = emit(.subtract(a, register[t.children[0]]!))
                        continue
                    }
                    acc = acc.map { emit(.add($0, register[t]!)) } ?? register[t]!
                }
                r = c.isZero ? acc! : emit(.offset(acc!, c.doubleValue), e)
            case let .mul(c):
                var acc: Int? = nil
                var divisors: [Int] = []
                for f in e.children {
                    if case .pow = f.head, f.children[1] == .minusOne {
                        divisors.append(register[f.children[0]]!)
                        continue
                    }
                    // u*v^-2 as (u/v)/v where u is another factor (the normal log-density's
                    // derivative -(x - mu)/s^2): v^-2 underflows from |v| = 1.3e154 on (to
                    // subnormals that have lost their digits, then 0), where u/v^2 is an ordinary
                    // number (-1e-100 at x - mu = 1e210, s = 1e155), and overflows below 1.5e-154.
                    // Each division rounds once, as v^-2 and the product do.
                    if case .pow = f.head, f.children[1] == .integer(-2), e.children.count > 1 {
                        divisors += [register[f.children[0]]!, register[f.children[0]]!]
                        continue
                    }
                    acc = acc.map { emit(.multiply($0, register[f]!)) } ?? register[f]!
                }
                var value = acc ?? constant(1)
                for d in divisors { value = emit(.divide(value, d)) }
                if c.isMinusOne { value = emit(.negate(value)) } else if !c.isOne { value = emit(.scale(value, c.doubleValue)) }
                r = value
            case .pow:
                let b = register[e.children[0]]!
                if let q = e.children[1].rationalValue {
                    if let k = q.intValue {
                        r = k == -1 ? emit(.divide(constant(1), b), e) : emit(.integerPower(b, k), e)
                        break
                    }
                    if q == -.half { r = emit(.divide(constant(1), call(.sqrt, [b], nil)), e); break }
                }
                r = emit(.power(b, register[e.children[1]]!), e)
            case let .function(f):
                r = call(f, e.children.map { register[$0]! }, e)
            }
            register[e] = r
        }
        self.instructions = instructions
        self.sources = sources
        self.argumentRegisters = argumentRegisters
        self.implementations = implementations
        self.outputs = roots.map { register[$0]! }
        self.variables = variables
        self.stableRewrites = forms?.applied ?? []
    }
}
