import Expr

/// Sizes the declarations leave out (`length(w)`, `size(X, 2)`) are found from use: `X*w`
/// makes `size(X, 2)` and `length(w)` one size. Each unknown is bound at most once, to a size
/// that is resolved at the time, so resolving is one substitution.
struct SizeUnifier {
    private(set) var bindings: [String: Size] = [:]

    var isEmpty: Bool { bindings.isEmpty }

    func resolve(_ s: Size) -> Size {
        if bindings.isEmpty { return s }
        var map: [Expr: Expr] = [:]
        for name in s.names { if let b = bindings[name] { map[.symbol(name)] = b.expr } }
        return map.isEmpty ? s : s.substituting(map)
    }

    /// Makes `a` and `b` equal when they are, or when one of them is an unknown; false when
    /// they differ.
    mutating func unify(_ a: Size, _ b: Size) -> Bool {
        let x = resolve(a), y = resolve(b)
        if x.isEqual(to: y) { return true }
        if UnknownSizes.isUnknown(x), !y.names.contains(x.description) { bind(x.description, to: y); return true }
        if UnknownSizes.isUnknown(y), !x.names.contains(y.description) { bind(y.description, to: x); return true }
        return false
    }

    /// Binds the unknown `name` (once, to a resolved size) and re-resolves earlier bindings.
    mutating func bind(_ name: String, to size: Size) {
        let map: [Expr: Expr] = [.symbol(name): size.expr]
        for (k, v) in bindings { bindings[k] = v.substituting(map) }
        bindings[name] = size
    }

    /// `t` with the bound unknowns replaced.
    func resolve(_ t: Tensor) -> Tensor {
        if bindings.isEmpty { return t }
        let names = Set(t.sizeNames)
        let relevant = bindings.filter { names.contains($0.key) }
        return relevant.isEmpty ? t : t.substitutingSizes(relevant)
    }
}
