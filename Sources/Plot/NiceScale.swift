import Expr
import Glibc

/// A labelled value on an axis.
public struct Tick: Sendable, Equatable {
    /// Where the tick is, in data coordinates.
    public var value: Double
    /// The value as written under or beside the axis (`0.25`, `-2`, `1e-06`).
    public var label: String
}

/// Axis ticks at "nice" values: steps of 1, 2 or 5 times a power of ten, so labels read as
/// 0, 0.5, 1 rather than 0, 0.4137, 0.8274 (Heckbert, "Nice numbers for graph labels", 1990).
public enum NiceScale {
    /// The smallest nice step (1, 2 or 5 times 10^power) at least `rough`, as its multiple and
    /// power so that ticks can be written exactly.
    static func niceStep(atLeast rough: Double) -> (multiple: Int, power: Int) {
        guard rough > 0, rough.isFinite else { return (1, 0) }
        let power = Int(Glibc.floor(Glibc.log10(rough)))
        for multiple in [1, 2, 5] where value(multiple, power) >= rough * (1 - 1e-12) { return (multiple, power) }
        return (1, power + 1)
    }

    /// The smallest nice step (1, 2 or 5 times 10^k) at least `rough`.
    public static func step(atLeast rough: Double) -> Double {
        let (multiple, power) = niceStep(atLeast: rough)
        return value(multiple, power)
    }

    /// About `count` ticks inside `range`, on multiples of a nice step, each labelled with just
    /// the digits its value needs.
    public static func ticks(in range: ClosedRange<Double>, count: Int) -> [Tick] {
        let width = range.upperBound - range.lowerBound
        guard width > 0, width.isFinite, count > 0 else {
            return range.lowerBound.isFinite ? [Tick(value: range.lowerBound, label: NumberText.decimal(range.lowerBound))] : []
        }
        let (multiple, power) = niceStep(atLeast: width / Double(count))
        let step = value(multiple, power)
        // Ends within rounding of a multiple count as on it (1e-9 of a step, or more for far
        // multiples, whose quotients carry more rounding).
        let lo = range.lowerBound / step, hi = range.upperBound / step
        let first = Glibc.ceil(lo - 1e-9 - 1e-12 * abs(lo))
        let last = Glibc.floor(hi + 1e-9 + 1e-12 * abs(hi))
        guard first <= last, last - first < 1000 else { return [] }
        // The k-th tick is k·multiple × 10^power, written from that integer: 0.3, never
        // 0.30000000000000004, and 0 exactly 0.
        return stride(from: Int(first), through: Int(last), by: 1).map { k in
            Tick(value: value(k * multiple, power), label: NumberText.scaled(k * multiple, power: power))
        }
    }

    /// `range` widened to the nearest multiples of a nice step around `count` ticks, so a window
    /// chosen from data begins and ends on a labelled value.
    public static func widened(_ range: ClosedRange<Double>, count: Int) -> ClosedRange<Double> {
        let width = range.upperBound - range.lowerBound
        guard width > 0, width.isFinite else { return range }
        let step = step(atLeast: width / Double(count))
        return (Glibc.floor(range.lowerBound / step + 1e-9) * step)...(Glibc.ceil(range.upperBound / step - 1e-9) * step)
    }

    /// `multiple × 10^power`, correctly rounded for the powers a plot meets (a negative power
    /// divides by an exact power of ten instead of multiplying by an inexact one).
    static func value(_ multiple: Int, _ power: Int) -> Double {
        power >= 0 ? Double(multiple) * Glibc.pow(10, Double(power)) : Double(multiple) / Glibc.pow(10, Double(-power))
    }
}
