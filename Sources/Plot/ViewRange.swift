/// Choosing the vertical extent of a 1-D figure from sampled values.
enum ViewRange {
    /// A y window showing every curve (each given as its sampled values): the union of the curves'
    /// ranges, padded by 5%.
    static func vertical(_ curves: [[Double]]) -> ClosedRange<Double> {
        let ranges = curves.compactMap(extent)
        guard let first = ranges.first else { return -1...1 }
        var lo = first.lowerBound, hi = first.upperBound
        for r in ranges.dropFirst() {
            lo = min(lo, r.lowerBound)
            hi = max(hi, r.upperBound)
        }
        if hi - lo <= 1e-12 * max(1, abs(hi)) {
            // A constant: give it room above and below.
            let pad = max(1, abs(hi) * 0.1)
            return (lo - pad)...(hi + pad)
        }
        let pad = 0.05 * (hi - lo)
        return (lo - pad)...(hi + pad)
    }

    /// The range of one curve's finite values, unless a few of them run off far (near a pole):
    /// then Tukey's outer fences (the quartiles widened by three interquartile ranges), so the
    /// window keeps the shape of the curve and lets the pole leave the picture. An exponential,
    /// whose large values are many, keeps its whole range.
    static func extent(_ values: [Double]) -> ClosedRange<Double>? {
        let finite = values.filter(\.isFinite).sorted()
        guard let lowest = finite.first, let highest = finite.last else { return nil }
        func quantile(_ q: Double) -> Double { finite[Int((q * Double(finite.count - 1)).rounded())] }
        let q1 = quantile(0.25), q3 = quantile(0.75)
        let fenced = max(lowest, q1 - 3 * (q3 - q1))...min(highest, q3 + 3 * (q3 - q1))
        let fencedWidth = fenced.upperBound - fenced.lowerBound
        return fencedWidth > 0 && highest - lowest > 10 * fencedWidth ? fenced : lowest...highest
    }
}
