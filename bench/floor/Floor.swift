// A floor under the throughput benchmark: the least work a Swift program must do to
// differentiate `throughput.txt` line by line, for comparison with what symdiff spends.
//
// Not symdiff's engine and not for use: numbers are Doubles, only the grammar and functions the
// workload uses are read, errors are dropped, and nothing is simplified. What it shares with
// symdiff is the shape of the work: each line is parsed into hash-consed nodes (equal
// subexpressions are one node), differentiated with a memo per node, and printed.
// The difference is the representation: nodes are plain structs in one array per line, named by
// 32-bit index, with no reference counting and no per-node allocation.
//
//   floor FILE [plain|canonical] [parse|diff|print]
//
// `plain` builds binary nodes and folds only 0 and 1 (what a raw derivative needs). `canonical`
// builds n-ary sums and products in one order with numbers folded, like terms and like factors
// merged (`x + x` is `2*x`, `x*x` is `x^2`): the canonical form symdiff's constructors keep, the
// cost that comes before any simplification rule. The last argument stops after that phase.
import Glibc

enum Op: UInt8 { case num, sym, const, add, sub, mul, div, pow, neg, fn, sum, prod }
enum Fn: UInt8 { case sin, cos, tan, sec, csc, cot, asin, acos, atan, sinh, cosh, tanh, exp, log, sqrt, sigmoid, softplus }
let functionNames = ["sin", "cos", "tan", "sec", "csc", "cot", "asin", "acos", "atan", "sinh", "cosh", "tanh",
                     "exp", "log", "sqrt", "sigmoid", "softplus"]

/// `sum` and `prod` keep their operands in `Arena.operands[a ..< a + b]`; the others in `a`, `b`.
struct Node { var op: Op; var f: UInt8; var a: Int32; var b: Int32 }

/// One line's nodes, hash-consed through an open-addressing table of indices.
struct Arena {
    let canonical: Bool
    var nodes: [Node] = []
    var numbers: [Double] = []
    var operands: [Int32] = []
    var table: [Int32] = Array(repeating: -1, count: 1 << 12)
    /// The table slot of each node, so that a reset clears only the slots in use.
    var slots: [Int32] = []
    /// Scratch space for sum and product, used as a stack (they nest).
    var scratchTerms: [(term: Int32, coefficient: Double)] = []
    var scratchFactors: [(base: Int32, exponent: Int32)] = []
    var scratchList: [Int32] = []

    init(canonical: Bool) { self.canonical = canonical }

    mutating func reset() {
        nodes.removeAll(keepingCapacity: true)
        numbers.removeAll(keepingCapacity: true)
        operands.removeAll(keepingCapacity: true)
        for slot in slots { table[Int(slot)] = -1 }
        slots.removeAll(keepingCapacity: true)
    }

    // MARK: hash-consing

    @inline(__always) static func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
        var x = (h &* 0x9E37_79B9_7F4A_7C15) ^ v
        x ^= x >> 29; x = x &* 0xBF58_476D_1CE4_E5B9; x ^= x >> 32
        return x
    }
    func hash(_ n: Node) -> Int {
        var h = UInt64(n.op.rawValue) << 8 | UInt64(n.f)
        if n.op == .sum || n.op == .prod {
            for k in operands[Int(n.a) ..< Int(n.a + n.b)] { h = Arena.mix(h, UInt64(UInt32(bitPattern: k))) }
        } else {
            h = Arena.mix(Arena.mix(h, UInt64(UInt32(bitPattern: n.a))), UInt64(UInt32(bitPattern: n.b)))
        }
        return Int(truncatingIfNeeded: h)
    }
    func same(_ m: Node, _ n: Node) -> Bool {
        guard m.op == n.op, m.f == n.f else { return false }
        if n.op == .sum || n.op == .prod {
            return m.b == n.b && operands[Int(m.a) ..< Int(m.a + m.b)].elementsEqual(operands[Int(n.a) ..< Int(n.a + n.b)])
        }
        return m.a == n.a && m.b == n.b
    }
    /// The index of the node equal to `n`, made if new. For sum/prod, `n`'s operands are the
    /// last `n.b` entries of `operands`; they are dropped again when the node already exists.
    mutating func make(_ n: Node) -> Int32 {
        if nodes.count * 2 >= table.count { grow() }
        let mask = table.count - 1
        var i = hash(n) & mask
        while table[i] >= 0 {
            let k = table[i]
            if same(nodes[Int(k)], n) {
                if n.op == .sum || n.op == .prod { operands.removeLast(Int(n.b)) }
                return k
            }
            i = (i + 1) & mask
        }
        nodes.append(n)
        slots.append(Int32(i))
        table[i] = Int32(nodes.count - 1)
        return Int32(nodes.count - 1)
    }
    mutating func grow() {
        table = Array(repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for (k, n) in nodes.enumerated() {
            var i = hash(n) & mask
            while table[i] >= 0 { i = (i + 1) & mask }
            table[i] = Int32(k)
            slots[k] = Int32(i)
        }
    }

    // MARK: leaves

    mutating func num(_ v: Double) -> Int32 {
        // a line has few distinct numbers: a linear search keeps them unique
        let i = numbers.firstIndex(of: v) ?? { numbers.append(v); return numbers.count - 1 }()
        return make(Node(op: .num, f: 0, a: Int32(i), b: 0))
    }
    func value(_ k: Int32) -> Double? { nodes[Int(k)].op == .num ? numbers[Int(nodes[Int(k)].a)] : nil }
    func isNumber(_ k: Int32, _ v: Double) -> Bool { value(k) == v }
    mutating func symbol(_ index: Int32) -> Int32 { make(Node(op: .sym, f: 0, a: index, b: 0)) }
    mutating func constant(_ index: Int32) -> Int32 { make(Node(op: .const, f: 0, a: index, b: 0)) }
    mutating func fn(_ f: Fn, _ a: Int32) -> Int32 { make(Node(op: .fn, f: f.rawValue, a: a, b: 0)) }

    // MARK: operators (binary with 0/1 folding, or canonical n-ary)

    mutating func add(_ a: Int32, _ b: Int32) -> Int32 {
        if canonical { return sum([a, b]) }
        if isNumber(a, 0) { return b }
        if isNumber(b, 0) { return a }
        if let x = value(a), let y = value(b) { return num(x + y) }
        return make(Node(op: .add, f: 0, a: a, b: b))
    }
    mutating func sub(_ a: Int32, _ b: Int32) -> Int32 {
        if canonical { return sum([a, product([num(-1), b])]) }
        if isNumber(b, 0) { return a }
        if isNumber(a, 0) { return neg(b) }
        if let x = value(a), let y = value(b) { return num(x - y) }
        return make(Node(op: .sub, f: 0, a: a, b: b))
    }
    mutating func mul(_ a: Int32, _ b: Int32) -> Int32 {
        if canonical { return product([a, b]) }
        if isNumber(a, 0) || isNumber(b, 0) { return num(0) }
        if isNumber(a, 1) { return b }
        if isNumber(b, 1) { return a }
        if let x = value(a), let y = value(b) { return num(x * y) }
        return make(Node(op: .mul, f: 0, a: a, b: b))
    }
    mutating func div(_ a: Int32, _ b: Int32) -> Int32 {
        if canonical { return product([a, pow(b, num(-1))]) }
        if isNumber(a, 0) || isNumber(b, 1) { return a }
        return make(Node(op: .div, f: 0, a: a, b: b))
    }
    mutating func neg(_ a: Int32) -> Int32 {
        if canonical { return product([num(-1), a]) }
        if let x = value(a) { return num(-x) }
        if nodes[Int(a)].op == .neg { return nodes[Int(a)].a }
        return make(Node(op: .neg, f: 0, a: a, b: 0))
    }
    mutating func pow(_ a: Int32, _ b: Int32) -> Int32 {
        if isNumber(b, 1) { return a }
        if isNumber(b, 0) || isNumber(a, 1) { return num(1) }
        if canonical, let x = value(a), let y = value(b), x > 0 { return num(Glibc.pow(x, y)) }
        return make(Node(op: .pow, f: 0, a: a, b: b))
    }

    /// The canonical sum: nested sums flattened, numbers folded into one constant, terms that
    /// differ only by a numeric coefficient merged, operands sorted by node index. Works in
    /// `scratchTerms` from its current end (sums nest through products), so nothing is allocated.
    mutating func sum(_ input: [Int32]) -> Int32 {
        if input.count == 2, let pair = sumOfTwo(input[0], input[1]) { return pair }
        let base = scratchTerms.count
        defer { scratchTerms.removeSubrange(base...) }
        var constant = 0.0
        for t in input {
            let n = nodes[Int(t)]
            if n.op == .sum {
                for i in Int(n.a) ..< Int(n.a + n.b) { collectTerm(operands[i], &constant) }
            } else {
                collectTerm(t, &constant)
            }
        }
        scratchTerms[base...].sort { $0.term < $1.term }
        let listBase = scratchList.count
        defer { scratchList.removeSubrange(listBase...) }
        if constant != 0 { scratchList.append(num(constant)) }
        var i = base
        while i < scratchTerms.count {
            var c = scratchTerms[i].coefficient
            var j = i + 1
            while j < scratchTerms.count && scratchTerms[j].term == scratchTerms[i].term { c += scratchTerms[j].coefficient; j += 1 }
            if c != 0 { scratchList.append(c == 1 ? scratchTerms[i].term : scaled(scratchTerms[i].term, by: c)) }
            i = j
        }
        return naryFromScratch(.sum, from: listBase, empty: 0)
    }
    /// The common case without any merging: two terms that are neither numbers, sums nor
    /// products (so no coefficient can merge), in index order.
    private mutating func sumOfTwo(_ a: Int32, _ b: Int32) -> Int32? {
        let x = nodes[Int(a)].op, y = nodes[Int(b)].op
        if x == .sum || x == .prod || x == .num || y == .sum || y == .prod || y == .num { return nil }
        if a == b { return scaled(a, by: 2) }
        let start = Int32(operands.count)
        operands.append(min(a, b)); operands.append(max(a, b))
        return make(Node(op: .sum, f: 0, a: start, b: 2))
    }
    private mutating func collectTerm(_ t: Int32, _ constant: inout Double) {
        if let v = value(t) { constant += v; return }
        let n = nodes[Int(t)]
        if n.op == .prod, let c = value(operands[Int(n.a)]) {
            let rest: Int32
            if n.b == 2 { rest = operands[Int(n.a) + 1] } else {
                let start = Int32(operands.count)
                for i in Int(n.a) + 1 ..< Int(n.a + n.b) { operands.append(operands[i]) }
                rest = make(Node(op: .prod, f: 0, a: start, b: n.b - 1))
            }
            scratchTerms.append((rest, c))
        } else {
            scratchTerms.append((t, 1))
        }
    }
    /// `c*t` for a term without a coefficient: the product with `c` put first.
    private mutating func scaled(_ t: Int32, by c: Double) -> Int32 {
        let n = nodes[Int(t)]
        let start = Int32(operands.count)
        operands.append(num(c))
        if n.op == .prod {
            for i in Int(n.a) ..< Int(n.a + n.b) { operands.append(operands[i]) }
            return make(Node(op: .prod, f: 0, a: start, b: n.b + 1))
        }
        operands.append(t)
        return make(Node(op: .prod, f: 0, a: start, b: 2))
    }
    /// The node for `scratchList[from...]`: a number when empty, the operand alone when one.
    private mutating func naryFromScratch(_ op: Op, from: Int, empty: Double) -> Int32 {
        let count = scratchList.count - from
        if count == 0 { return num(empty) }
        if count == 1 { return scratchList[from] }
        let start = Int32(operands.count)
        operands.append(contentsOf: scratchList[from...])
        return make(Node(op: op, f: 0, a: start, b: Int32(count)))
    }

    /// The canonical product: nested products flattened, numbers folded into one coefficient
    /// (first), powers of one base merged, operands sorted by node index.
    mutating func product(_ input: [Int32]) -> Int32 {
        if input.count == 2, let pair = productOfTwo(input[0], input[1]) { return pair }
        let base = scratchFactors.count
        defer { scratchFactors.removeSubrange(base...) }
        var coefficient = 1.0
        for f in input {
            let n = nodes[Int(f)]
            if n.op == .prod {
                for i in Int(n.a) ..< Int(n.a + n.b) { collectFactor(operands[i], &coefficient) }
            } else {
                collectFactor(f, &coefficient)
            }
        }
        if coefficient == 0 { return num(0) }
        scratchFactors[base...].sort { $0.base < $1.base }
        let listBase = scratchList.count
        defer { scratchList.removeSubrange(listBase...) }
        scratchList.append(-1)  // the coefficient's place
        var i = base
        while i < scratchFactors.count {
            var exponent = scratchFactors[i].exponent
            var j = i + 1
            while j < scratchFactors.count && scratchFactors[j].base == scratchFactors[i].base {
                exponent = add(exponent, scratchFactors[j].exponent)
                j += 1
            }
            let p = pow(scratchFactors[i].base, exponent)
            if let v = value(p) { coefficient *= v } else { scratchList.append(p) }
            i = j
        }
        if coefficient == 0 { return num(0) }
        if coefficient == 1 { return naryFromScratch(.prod, from: listBase + 1, empty: 1) }
        if scratchList.count == listBase + 1 { return num(coefficient) }
        scratchList[listBase] = num(coefficient)
        return naryFromScratch(.prod, from: listBase, empty: 1)
    }
    /// The common case without any merging: two factors that are neither numbers, products nor
    /// powers, and not equal, in index order.
    private mutating func productOfTwo(_ a: Int32, _ b: Int32) -> Int32? {
        let x = nodes[Int(a)].op, y = nodes[Int(b)].op
        if x == .prod || x == .num || x == .pow || y == .prod || y == .num || y == .pow || a == b { return nil }
        let start = Int32(operands.count)
        operands.append(min(a, b)); operands.append(max(a, b))
        return make(Node(op: .prod, f: 0, a: start, b: 2))
    }
    private mutating func collectFactor(_ f: Int32, _ coefficient: inout Double) {
        if let v = value(f) { coefficient *= v; return }
        let n = nodes[Int(f)]
        if n.op == .pow { scratchFactors.append((n.a, n.b)) } else { scratchFactors.append((f, num(1))) }
    }
}

struct Parser {
    let s: [UInt8]
    var i = 0
    init(_ s: [UInt8]) { self.s = s }

    struct Failure: Error {}

    mutating func peek() -> UInt8 {
        while i < s.count && s[i] == 32 { i += 1 }
        return i < s.count ? s[i] : 0
    }
    mutating func expression(_ A: inout Arena) throws -> Int32 {
        var l = try term(&A)
        while true {
            switch peek() {
            case UInt8(ascii: "+"): i += 1; l = A.add(l, try term(&A))
            case UInt8(ascii: "-"): i += 1; l = A.sub(l, try term(&A))
            default: return l
            }
        }
    }
    mutating func term(_ A: inout Arena) throws -> Int32 {
        var l = try unary(&A)
        while true {
            switch peek() {
            case UInt8(ascii: "*"): i += 1; l = A.mul(l, try unary(&A))
            case UInt8(ascii: "/"): i += 1; l = A.div(l, try unary(&A))
            default: return l
            }
        }
    }
    mutating func unary(_ A: inout Arena) throws -> Int32 {
        switch peek() {
        case UInt8(ascii: "-"): i += 1; return A.neg(try unary(&A))
        case UInt8(ascii: "+"): i += 1; return try unary(&A)
        default:
            let base = try atom(&A)
            if peek() == UInt8(ascii: "^") { i += 1; return A.pow(base, try unary(&A)) }
            return base
        }
    }
    mutating func atom(_ A: inout Arena) throws -> Int32 {
        let c = peek()
        if c == UInt8(ascii: "(") {
            i += 1
            let e = try expression(&A)
            guard peek() == UInt8(ascii: ")") else { throw Failure() }
            i += 1
            return e
        }
        if isDigit(c) || c == UInt8(ascii: ".") {
            var v = 0.0, scale = 0.0
            while i < s.count, isDigit(s[i]) || s[i] == UInt8(ascii: ".") {
                if s[i] == UInt8(ascii: ".") { scale = 1 } else { v = v * 10 + Double(s[i] - 48); scale *= 10 }
                i += 1
            }
            return A.num(scale > 0 ? v / scale : v)
        }
        guard isLetter(c) else { throw Failure() }
        let start = i
        while i < s.count, isLetter(s[i]) || isDigit(s[i]) { i += 1 }
        let name = s[start ..< i]
        if peek() == UInt8(ascii: "(") {
            guard let k = functionNames.firstIndex(where: { $0.utf8.count == name.count && $0.utf8.first == name.first && name.elementsEqual($0.utf8) }) else { throw Failure() }
            i += 1
            let argument = try expression(&A)
            guard peek() == UInt8(ascii: ")") else { throw Failure() }
            i += 1
            return A.fn(Fn(rawValue: UInt8(k))!, argument)
        }
        if name.count == 1, let k = [UInt8(ascii: "x"), UInt8(ascii: "y"), UInt8(ascii: "z")].firstIndex(of: name.first!) {
            return A.symbol(Int32(k))
        }
        if name.elementsEqual("e".utf8) { return A.constant(1) }
        if name.elementsEqual("pi".utf8) { return A.constant(0) }
        throw Failure()
    }
    func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    func isLetter(_ c: UInt8) -> Bool { (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || c == UInt8(ascii: "_") }
}

/// d/dx (symbol 0), each node once (memo by index).
func derivative(_ root: Int32, _ A: inout Arena, memo: inout [Int32]) -> Int32 {
    memo.removeAll(keepingCapacity: true)
    func d(_ k: Int32) -> Int32 {
        if Int(k) < memo.count, memo[Int(k)] >= 0 { return memo[Int(k)] }
        let n = A.nodes[Int(k)]
        let r: Int32
        switch n.op {
        case .num, .const: r = A.num(0)
        case .sym: r = A.num(n.a == 0 ? 1 : 0)
        case .add: r = A.add(d(n.a), d(n.b))
        case .sub: r = A.sub(d(n.a), d(n.b))
        case .neg: r = A.neg(d(n.a))
        case .mul: r = A.add(A.mul(d(n.a), n.b), A.mul(n.a, d(n.b)))
        case .div: r = A.div(A.sub(A.mul(d(n.a), n.b), A.mul(n.a, d(n.b))), A.pow(n.b, A.num(2)))
        case .sum:
            let list = Array(A.operands[Int(n.a) ..< Int(n.a + n.b)])
            r = A.sum(list.map(d))
        case .prod:
            // product rule: one term per operand, the operand replaced by its derivative
            let list = Array(A.operands[Int(n.a) ..< Int(n.a + n.b)])
            var terms: [Int32] = []
            for (i, f) in list.enumerated() {
                let df = d(f)
                if A.isNumber(df, 0) { continue }
                var factors = list
                factors[i] = df
                terms.append(A.product(factors))
            }
            r = A.sum(terms)
        case .pow:
            let du = d(n.a)
            if let e = A.value(n.b) {
                r = A.mul(A.mul(A.num(e), A.pow(n.a, A.num(e - 1))), du)
            } else {
                let dv = d(n.b)
                r = A.mul(k, A.add(A.mul(dv, A.fn(.log, n.a)), A.div(A.mul(n.b, du), n.a)))
            }
        case .fn:
            let u = n.a, du = d(u), one = A.num(1), two = A.num(2)
            let outer: Int32
            switch Fn(rawValue: n.f)! {
            case .sin: outer = A.fn(.cos, u)
            case .cos: outer = A.neg(A.fn(.sin, u))
            case .tan: outer = A.add(one, A.pow(k, two))
            case .sec: outer = A.mul(k, A.fn(.tan, u))
            case .csc: outer = A.neg(A.mul(k, A.fn(.cot, u)))
            case .cot: outer = A.neg(A.add(one, A.pow(k, two)))
            case .asin: outer = A.div(one, A.fn(.sqrt, A.sub(one, A.pow(u, two))))
            case .acos: outer = A.neg(A.div(one, A.fn(.sqrt, A.sub(one, A.pow(u, two)))))
            case .atan: outer = A.div(one, A.add(one, A.pow(u, two)))
            case .sinh: outer = A.fn(.cosh, u)
            case .cosh: outer = A.fn(.sinh, u)
            case .tanh: outer = A.sub(one, A.pow(k, two))
            case .exp: outer = k
            case .log: outer = A.div(one, u)
            case .sqrt: outer = A.div(one, A.mul(two, k))
            case .sigmoid: outer = A.mul(k, A.sub(one, k))
            case .softplus: outer = A.fn(.sigmoid, u)
            }
            r = A.mul(outer, du)
        }
        if memo.count < A.nodes.count { memo.append(contentsOf: repeatElement(-1, count: A.nodes.count - memo.count)) }
        memo[Int(k)] = r
        return r
    }
    return d(root)
}

/// Infix with parentheses only where precedence needs them.
func write(_ root: Int32, _ A: Arena, _ out: inout [UInt8]) {
    func precedence(_ n: Node) -> Int {
        switch n.op {
        case .add, .sub, .sum: return 1
        case .mul, .div, .prod: return 2
        case .neg: return 3
        case .num: return A.numbers[Int(n.a)] < 0 ? 3 : 5
        case .pow: return 4
        default: return 5
        }
    }
    func w(_ k: Int32, _ least: Int) {
        let n = A.nodes[Int(k)]
        let parenthesized = precedence(n) < least
        if parenthesized { out.append(UInt8(ascii: "(")) }
        switch n.op {
        case .num:
            let v = A.numbers[Int(n.a)]
            if v == v.rounded(), abs(v) < 1e15 { out.append(contentsOf: String(Int(v)).utf8) } else { out.append(contentsOf: v.description.utf8) }
        case .sym: out.append(UInt8(ascii: "x") + UInt8(n.a))
        case .const: out.append(contentsOf: (n.a == 0 ? "pi" : "e").utf8)
        case .add: w(n.a, 1); out.append(contentsOf: " + ".utf8); w(n.b, 2)
        case .sub: w(n.a, 1); out.append(contentsOf: " - ".utf8); w(n.b, 2)
        case .mul: w(n.a, 2); out.append(UInt8(ascii: "*")); w(n.b, 3)
        case .div: w(n.a, 2); out.append(UInt8(ascii: "/")); w(n.b, 3)
        case .neg: out.append(UInt8(ascii: "-")); w(n.a, 3)
        case .pow: w(n.a, 5); out.append(UInt8(ascii: "^")); w(n.b, 4)
        case .fn:
            out.append(contentsOf: functionNames[Int(n.f)].utf8)
            out.append(UInt8(ascii: "("))
            w(n.a, 0)
            out.append(UInt8(ascii: ")"))
        case .sum:
            for i in Int(n.a) ..< Int(n.a + n.b) {
                if i > Int(n.a) { out.append(contentsOf: " + ".utf8) }
                w(A.operands[i], 2)
            }
        case .prod:
            for i in Int(n.a) ..< Int(n.a + n.b) {
                if i > Int(n.a) { out.append(UInt8(ascii: "*")) }
                w(A.operands[i], 3)
            }
        }
        if parenthesized { out.append(UInt8(ascii: ")")) }
    }
    w(root, 0)
}

func readAll(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { fputs("floor: cannot read \(path)\n", stderr); exit(2) }
    defer { close(fd) }
    var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0 ..< n])
    }
    return bytes
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fputs("usage: floor FILE [plain|canonical] [parse|diff|print]\n", stderr); exit(2) }
let canonical = arguments.count > 2 && arguments[2] == "canonical"
let lastPhase = arguments.count > 3 ? arguments[3] : "print"
var lines = readAll(arguments[1]).split(separator: 10, omittingEmptySubsequences: false)
if lines.last?.isEmpty == true { lines.removeLast() }
var arena = Arena(canonical: canonical), memo: [Int32] = [], out: [UInt8] = []
for line in lines {
    arena.reset()
    var parser = Parser(Array(line))
    if let e = try? parser.expression(&arena), lastPhase != "parse" {
        let de = derivative(e, &arena, memo: &memo)
        if lastPhase == "print" { write(de, arena, &out) }
    }
    out.append(10)
    if out.count > 1 << 16 {
        out.withUnsafeBytes { _ = Glibc.write(1, $0.baseAddress, $0.count) }
        out.removeAll(keepingCapacity: true)
    }
}
out.withUnsafeBytes { _ = Glibc.write(1, $0.baseAddress, $0.count) }
