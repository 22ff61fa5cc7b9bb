import Compile
import Expr

/// Where a curve may jump because a step function inside it does.
///
/// `sign(u)` and `heaviside(u)` jump where their argument u changes sign, and so may any
/// expression built on them (the derivative of `relu(x) - 0.5*abs(x - 1)` is
/// `heaviside(x) - 0.5*sign(x - 1)`, with jumps at 0 and 1). The arguments are continuous far more
/// often than the curve, so their sign changes are found reliably on a grid and located by
/// bisection to adjacent doubles: no guessing from the curve's values, which cannot tell a jump
/// from a steep rise.
struct StepJumps {
    /// The step arguments, as the outputs of one program; nil when the expression has none.
    private let arguments: CompiledFunction?
    private let count: Int

    /// The step arguments of `expression` (a function of `variable`).
    init(_ expression: Expr, variable: Expr) throws(PlotError) {
        var found: [Expr] = []
        for e in expression.postorder {
            if case let .function(f) = e.head, f.spec.jumpsAtZero, !found.contains(e.children[0]) {
                found.append(e.children[0])
            }
        }
        count = found.count
        arguments = found.isEmpty ? nil : try Plotter.compiled(found, [variable])
    }

    /// A jump: the curve is drawn up to `left` and again from `right`; the doubles strictly
    /// between (at most a few, where the argument is exactly 0) belong to neither side.
    struct Jump: Equatable {
        var left: Double
        var right: Double
    }

    /// The jumps inside `range`, left to right, found on a grid of `samples` intervals (a sign
    /// change narrower than one interval can be missed) and at most `limit` of them.
    func jumps(in range: ClosedRange<Double>, samples: Int = 4000, limit: Int = 2000) -> [Jump] {
        guard let arguments else { return [] }
        let lo = range.lowerBound, hi = range.upperBound
        let grid = (0...samples).map { lo + (hi - lo) * Double($0) / Double(samples) }
        let values = arguments.evaluate(points: grid)
        var found: [Jump] = []
        for j in 0..<count {
            func u(_ x: Double) -> Double { arguments([x])[j] }
            for i in 0..<samples {
                let a = signum(values[i * count + j]), b = signum(values[(i + 1) * count + j])
                guard let a, let b, a != b else { continue }
                // The last double on a's side and the first on b's, each by bisection.
                let left = boundary(from: grid[i], toward: grid[i + 1], keeping: a, u)
                let right = boundary(from: grid[i + 1], toward: grid[i], keeping: b, u)
                found.append(Jump(left: min(left, right), right: max(left, right)))
                if found.count >= limit { break }
            }
        }
        return merged(found.sorted { $0.left < $1.left })
    }

    /// -1, 0 or 1, or nil where the argument is not defined.
    private func signum(_ v: Double) -> Int? {
        v.isNaN ? nil : v > 0 ? 1 : v < 0 ? -1 : 0
    }

    /// The double nearest `far` that still has the sign `side`, going from `near` (which has it).
    private func boundary(from near: Double, toward far: Double, keeping side: Int, _ u: (Double) -> Double) -> Double {
        var inside = near, outside = far
        for _ in 0..<1100 {
            let m = inside + (outside - inside) / 2
            guard m != inside && m != outside else { break }
            if signum(u(m)) == side { inside = m } else { outside = m }
        }
        return inside
    }

    /// Overlapping or touching jumps as one (sign(x) at 0 changes sign twice: -1 to 0 to 1).
    private func merged(_ jumps: [Jump]) -> [Jump] {
        var out: [Jump] = []
        for jump in jumps {
            if let last = out.last, jump.left <= last.right {
                out[out.count - 1].right = max(last.right, jump.right)
            } else {
                out.append(jump)
            }
        }
        return out
    }
}

extension AdaptiveSampler {
    /// The pieces of the curve over `range`, sampled between the jumps and never joined across
    /// one whose sides differ visibly (`x*sign(x)` does not jump at 0, `sign(x)` does). The
    /// start grid is shared out between the stretches by their length.
    func sample(_ range: ClosedRange<Double>, across jumps: [StepJumps.Jump]) -> [[PlotPoint]] {
        var stretches: [ClosedRange<Double>] = []
        var start = range.lowerBound
        for jump in jumps {
            if jump.left > start { stretches.append(start...min(jump.left, range.upperBound)) }
            start = max(start, jump.right)
        }
        if range.upperBound > start { stretches.append(start...range.upperBound) }
        let total = range.upperBound - range.lowerBound
        var pieces: [[PlotPoint]] = []
        var previousEnd: Double?
        for stretch in stretches {
            var sampler = self
            sampler.startIntervals = max(4, Int((Double(startIntervals) * (stretch.upperBound - stretch.lowerBound) / total).rounded(.up)))
            var next = sampler.sample(stretch)
            // Rejoin across a step that does not move the curve: both sides sampled at the jump
            // and their values within what the sampler itself treats as continuous.
            if let end = previousEnd, let last = pieces.last?.last, let first = next.first?.first,
               last.x == end, first.x == stretch.lowerBound, abs(last.y - first.y) <= jumpFraction * span(yWindow) {
                pieces[pieces.count - 1] += next.removeFirst()
            }
            pieces += next
            previousEnd = stretch.upperBound
        }
        return pieces
    }
}
