import Expr

/// Deterministic structural hashes: built from names, numbers and shapes only, so they are the
/// same in every process and every session (Swift's `Hasher` is seeded per process). They order
/// operands canonically; they never decide equality (interning does).
enum Fingerprint {
    /// Exclusive or, spelled out: the Expr module gives `^` to powers.
    static func xor(_ a: UInt64, _ b: UInt64) -> UInt64 { (a | b) & ~(a & b) }

    static func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
        var x = xor(h &* 0x100_0000_01b3, v)
        x = xor(x, x >> 33) &* 0xFF51_AFD7_ED55_8CCD
        return xor(x, x >> 33)
    }

    /// FNV-1a over the UTF-8 bytes.
    static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = xor(h, UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// The fingerprint of a scalar expression, walking its distinct nodes once.
    static func of(_ e: Expr) -> UInt64 {
        var memo: [Expr: UInt64] = [:]
        for node in e.postorder {
            var h: UInt64
            switch node.head {
            case let .number(r): h = mix(1, of(r.description))
            case let .symbol(name): h = mix(2, of(name))
            case let .constant(c): h = mix(3, UInt64(c.rawValue))
            case let .add(c): h = mix(4, of(c.description))
            case let .mul(c): h = mix(5, of(c.description))
            case .pow: h = 6
            case let .function(f): h = mix(7, of(f.name))
            case .undefined: h = 8
            }
            for child in node.children { h = mix(h, memo[child]!) }
            memo[node] = h
        }
        return memo[e]!
    }

    static func of(kind: TensorKind, shape: [Size], operands: [Tensor]) -> UInt64 {
        var h: UInt64
        switch kind {
        case let .variable(name, symmetric): h = mix(mix(11, of(name)), symmetric ? 1 : 0)
        case .identity: h = 12
        case .lowerPacking: h = 23
        case let .iota(start): h = mix(13, of(start.expr))
        case let .literal(entries): h = entries.reduce(14) { mix($0, of($1)) }
        case let .pointwise(template): h = mix(15, of(template))
        case let .einsum(spec):
            h = 16
            for labels in spec.inputs { h = labels.reduce(mix(h, 99)) { mix($0, UInt64($1)) } }
            h = spec.output.reduce(mix(h, 98)) { mix($0, UInt64($1)) }
        case let .reduce(r, axis): h = mix(mix(17, of(r.rawValue)), UInt64(axis))
        case let .window(axis, offset): h = mix(mix(18, UInt64(axis)), of(offset.expr))
        case let .pad(axis, offset): h = mix(mix(19, UInt64(axis)), of(offset.expr))
        case .inverse: h = 20
        case .determinant: h = 21
        case .logDeterminant: h = 22
        }
        for size in shape { h = mix(h, of(size.expr)) }
        for operand in operands { h = mix(h, operand.node.fingerprint) }
        return h
    }
}

extension TensorKind {
    /// Rank of the kind in the canonical order: leaves first.
    var rank: Int {
        switch self {
        case .variable: return 0
        case .identity, .lowerPacking, .iota, .literal: return 1
        case .pointwise: return 2
        case .einsum: return 3
        case .reduce: return 4
        case .window, .pad: return 5
        case .inverse, .determinant, .logDeterminant: return 6
        }
    }
}

extension Tensor {
    /// The canonical order of operands: lower nodes first, variables by name, then the
    /// deterministic fingerprint. The same in every run, so printed output is too.
    static func precedes(_ a: Tensor, _ b: Tensor) -> Bool {
        if a == b { return false }
        if a.node.height != b.node.height { return a.node.height < b.node.height }
        if a.kind.rank != b.kind.rank { return a.kind.rank < b.kind.rank }
        if let x = a.variableName, let y = b.variableName, x != y { return x < y }
        if a.order != b.order { return a.order < b.order }
        // Elementwise nodes in the scalar engine's reading order of their templates:
        // `sigmoid(u) .* (1 - sigmoid(u))`, as the scalar printer writes the product.
        if let s = a.template, let t = b.template, s != t {
            let c = Expr.structuralCompare(s, t)
            if c != 0 { return c < 0 }
        }
        if a.node.fingerprint != b.node.fingerprint { return a.node.fingerprint < b.node.fingerprint }
        return a.node.serial < b.node.serial
    }
}
