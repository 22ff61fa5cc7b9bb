import Glibc

/// Axis ticks at "nice" values: steps of 1, 2 or 5 times a power of ten, so labels read as
/// 0, 0.5, 1 rather than 0, 0.4137, 0.8274 (Heckbert, "Nice numbers for graph labels", 1990).
public enum NiceScale {
    /// The smallest nice step (1, 2 or 5 times 10^k) at least `rough`.
    public static func step(atLeast rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = Glibc.pow(10, Glibc.floor(Glibc.log10(rough)))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= rough * (1 - 1e-12) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// Tick values inside `range`, about `count` of them, on multiples of a nice step.
    public static func ticks(in range: ClosedRange<Double>, count: Int) -> [Double] {
        let width = range.upperBound - range.lowerBound
        guard width > 0, width.isFinite, count > 0 else { return [range.lowerBound] }
        let step = step(atLeast: width / Double(count))
        let first = Glibc.ceil(range.lowerBound / step - 1e-9)
        let last = Glibc.floor(range.upperBound / step + 1e-9)
        guard first <= last, last - first < 1000 else { return [] }
        // Multiplying an integer by the step (not adding steps) keeps 0.3 from becoming
        // 0.30000000000000004, and 0 exactly 0.
        return stride(from: first, through: last, by: 1).map { $0 == 0 ? 0 : $0 * step }
    }

    /// The labels of `ticks`, all with the same number of decimals (enough for their step).
    public static func labels(_ ticks: [Double]) -> [String] {
        guard ticks.count >= 2 else { return ticks.map { NumberText.short($0) } }
        let step = abs(ticks[1] - ticks[0])
        let largest = ticks.map(abs).max() ?? 0
        if largest >= 1e6 || (step < 1e-4 && largest > 0) {
            return ticks.map { NumberText.short($0, digits: 3) }
        }
        let decimals = max(0, -Int(Glibc.floor(Glibc.log10(step) + 1e-9)))
        return ticks.map { NumberText.fixed($0, decimals: decimals) }
    }

    /// `range` widened to the nearest multiples of a nice step around `count` ticks, so a window
    /// chosen from data begins and ends on a labelled value.
    public static func widened(_ range: ClosedRange<Double>, count: Int) -> ClosedRange<Double> {
        let width = range.upperBound - range.lowerBound
        guard width > 0, width.isFinite else { return range }
        let step = step(atLeast: width / Double(count))
        return (Glibc.floor(range.lowerBound / step + 1e-9) * step)...(Glibc.ceil(range.upperBound / step - 1e-9) * step)
    }
}
