import Glibc

/// The values at which contour lines are drawn.
enum ContourLevels {
    /// Levels for the sampled `values`: evenly spaced nice values for a function whose values
    /// spread evenly, log-spaced (1, 3, 10, 30, … above the minimum) when most of the grid sits
    /// near the minimum and a few values are huge, as in Rosenbrock's valley, where evenly spaced
    /// levels would all crowd the walls and leave the valley empty.
    static func choose(_ values: [Double], count: Int = 20) -> (levels: [Double], logarithmic: Bool) {
        let finite = values.filter(\.isFinite).sorted()
        guard let lo = finite.first, let hi = finite.last, hi > lo else { return ([], false) }
        let median = finite[finite.count / 2]
        if (median - lo) / (hi - lo) < 0.1 {
            // Offsets above a base: 0 when the minimum is just above it (levels read 0.1, 1,
            // 10), else the minimum itself.
            let base = lo >= 0 && lo < (hi - lo) * 1e-3 ? 0 : lo
            let top = hi - base
            let bottom = max(top * 1e-4, (median - base) * 1e-3, Double.leastNormalMagnitude)
            let decades = Glibc.log10(top / bottom)
            let mantissas: [Double] = decades > 4 ? [1, 3] : [1, 2, 5]
            var levels: [Double] = []
            var power = Glibc.pow(10, Glibc.floor(Glibc.log10(bottom)))
            while power <= top {
                for m in mantissas where m * power > bottom && m * power < top { levels.append(base + m * power) }
                power *= 10
            }
            return (levels, true)
        }
        let ticks = NiceScale.ticks(in: lo...hi, count: count).map(\.value)
        return (ticks.filter { $0 > lo && $0 < hi }, false)
    }
}
