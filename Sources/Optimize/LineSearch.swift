/// How far to go along a search direction: Armijo backtracking, accepting a step when f drops by
/// at least 1e-4 times the decrease the local model predicts (step·slope, plus step²/2·curvature
/// along negative curvature, as in Moré and Sorensen's second-order Armijo rule).
struct LineSearch {
    let objective: Objective
    let x: [Double]
    let value: Double
    let direction: [Double]
    /// gᵀd, negative for a descent direction.
    let slope: Double
    /// min(0, dᵀHd): only negative curvature enlarges the predicted decrease.
    let curvature: Double

    /// The accepted step, the point it reaches and f there, starting from `first` and halving
    /// up to 60 times. With `lengthening` (along negative curvature, where there is no nearby
    /// minimum to overshoot) an accepted step doubles while f keeps falling, so a run leaves a
    /// saddle, or runs off an unbounded function, in a few iterations instead of crawling.
    func search(from first: Double, lengthening: Bool) -> (step: Double, point: [Double], value: Double) {
        var step = first
        var point = along(step)
        var f = objective.value(point)
        var tries = 0
        while !sufficient(step, f) && tries < 60 {
            step *= 0.5
            point = along(step)
            f = objective.value(point)
            tries += 1
        }
        if lengthening && sufficient(step, f) {
            for _ in 0..<60 {
                let longer = along(2 * step)
                let fLonger = objective.value(longer)
                guard fLonger < f, sufficient(2 * step, fLonger) else { break }
                step *= 2
                point = longer
                f = fLonger
            }
        }
        return (step, point, f)
    }

    /// x + step·d.
    func along(_ step: Double) -> [Double] { zip(x, direction).map { $0 + step * $1 } }

    private func sufficient(_ step: Double, _ f: Double) -> Bool {
        f <= value + 1e-4 * (step * slope + 0.5 * step * step * curvature)
    }
}
