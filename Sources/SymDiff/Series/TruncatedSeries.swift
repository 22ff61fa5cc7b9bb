/// A truncated Laurent series in one hidden variable t: `Σ terms[i]·t^(low + i) + O(t^precision)`,
/// with coefficients that are expressions free of t. `precision == nil` means the series is
/// exact (a polynomial in t and 1/t, nothing left out). Arithmetic keeps track of how far the
/// result is known, so that dividing by a series that starts at t^k loses k orders, as it must.
struct TruncatedSeries {
    /// The exponent of `terms[0]`.
    var low: Int
    /// The coefficients, from t^low on; zero coefficients are kept as `.zero`.
    var terms: [Expr]
    /// Terms from t^precision on are unknown; nil when none are.
    var precision: Int?

    /// The constant `c` (exact).
    static func constant(_ c: Expr) -> TruncatedSeries { TruncatedSeries(low: 0, terms: [c], precision: nil) }

    /// The coefficient of t^k (zero outside the stored terms; the caller checks precision).
    func coefficient(_ k: Int) -> Expr {
        let i = k - low
        return i >= 0 && i < terms.count ? terms[i] : .zero
    }

    /// One past the highest exponent known: the precision, or past the last term when exact.
    var knownEnd: Int { precision ?? (low + terms.count) }

    /// The exponent of the first nonzero coefficient; the precision when every known one is
    /// zero (the series is O(t^precision)); nil for the exact zero.
    var valuation: Int? {
        for (i, c) in terms.enumerated() where !c.isZero { return low + i }
        return precision
    }

    /// True when nothing is known to be nonzero.
    var isZeroToKnownOrder: Bool { terms.allSatisfy(\.isZero) }

    /// Sets coefficients through `normalize` and drops those at or past `limit` (which then
    /// bounds the precision) and leading zeros.
    func normalized(limit: Int, _ normalize: (Expr) -> Expr) -> TruncatedSeries {
        var end = low + terms.count
        var precision = self.precision
        if end > limit {
            end = limit
            precision = min(precision ?? limit, limit)
        }
        if let p = precision, end > p { end = p }
        var out: [Expr] = []
        var start = low
        for k in low..<max(low, end) {
            let c = normalize(coefficient(k))
            if out.isEmpty && c.isZero { start = k + 1; continue }
            out.append(c)
        }
        while let last = out.last, last.isZero { out.removeLast() }
        return TruncatedSeries(low: out.isEmpty ? 0 : start, terms: out, precision: precision)
    }

    static func + (a: TruncatedSeries, b: TruncatedSeries) -> TruncatedSeries {
        let precision = minimum(a.precision, b.precision)
        let low = min(a.low, b.low)
        var end = max(a.low + a.terms.count, b.low + b.terms.count)
        if let p = precision { end = min(end, p) }
        var terms: [Expr] = []
        for k in low..<max(low, end) { terms.append(a.coefficient(k) + b.coefficient(k)) }
        return TruncatedSeries(low: low, terms: terms, precision: precision)
    }

    /// The product, known up to `min(pa + vb, pb + va)`, and computed no further than `limit`.
    static func multiply(_ a: TruncatedSeries, _ b: TruncatedSeries, limit: Int) -> TruncatedSeries {
        let va = a.valuation, vb = b.valuation
        // An exact zero factor gives the exact zero.
        if va == nil || vb == nil { return TruncatedSeries(low: 0, terms: [], precision: nil) }
        var precision: Int?
        if let pa = a.precision { precision = pa + vb! }
        if let pb = b.precision { precision = minimum(precision, pb + va!) }
        let low = va! + vb!
        let fullEnd = a.low + a.terms.count + b.low + b.terms.count - 1
        if precision != nil || fullEnd > limit { precision = minimum(precision, limit) }
        let end = precision ?? fullEnd
        guard end > low else { return TruncatedSeries(low: 0, terms: [], precision: precision) }
        var terms: [Expr] = []
        terms.reserveCapacity(end - low)
        for k in low..<end {
            var parts: [Expr] = []
            for i in va!..<(a.low + a.terms.count) {
                let j = k - i
                guard j >= vb! else { break }
                let x = a.coefficient(i), y = b.coefficient(j)
                if !x.isZero && !y.isZero { parts.append(x * y) }
            }
            terms.append(.sum(parts))
        }
        return TruncatedSeries(low: low, terms: terms, precision: precision)
    }

    /// The series times t^k.
    func shifted(by k: Int) -> TruncatedSeries {
        TruncatedSeries(low: low + k, terms: terms, precision: precision.map { $0 + k })
    }

    /// The series with every coefficient multiplied by `c` (a nonzero constant).
    func scaled(by c: Expr) -> TruncatedSeries {
        TruncatedSeries(low: low, terms: terms.map { $0 * c }, precision: precision)
    }
}

/// The smaller of two precisions, nil meaning unbounded.
func minimum(_ a: Int?, _ b: Int?) -> Int? {
    switch (a, b) {
    case let (x?, y?): return min(x, y)
    case let (x?, nil): return x
    case let (nil, y): return y
    }
}
