import Expr

/// Samples y = f(x) into polylines for drawing: dense where the curve bends on screen, sparse
/// where it is straight, and broken into separate pieces where it is not defined (NaN, infinity)
/// or jumps (a pole such as 1/x at 0, tan at pi/2). The jumps of step functions inside the
/// expression are known before sampling (`StepJumps`) and sampled around; the step test below
/// catches the rest.
///
/// Each interval of a uniform start grid is bisected while its midpoint lies off the chord by
/// more than `tolerance` (a fraction of the window's height: about half a pixel). A finished
/// interval that still changes by a visible amount is tested for a pole (|f| has an interior peak
/// far outside the window) and for a step (bisecting toward the larger change, the change does not
/// shrink); either gives a break between the two samples that straddle it, at the resolution of
/// doubles. Domain edges are found by bisection too, so `sqrt(x)` starts at 0, not at the next
/// sample. Everything is iterative, in order, and deterministic.
struct AdaptiveSampler {
    /// The function; non-finite values mean "not defined here".
    let f: (Double) -> Double
    /// The vertical extent the curve is judged against (usually the figure's y window).
    let yWindow: ClosedRange<Double>
    var startIntervals = 200
    var maximumDepth = 10
    /// Largest tolerated distance of a midpoint from its chord, as a fraction of the window.
    var tolerance = 0.0008
    /// A change larger than this fraction of the window, left in a finished interval, is tested
    /// for a jump.
    var jumpFraction = 0.01

    private struct Interval {
        let a: Double, fa: Double, b: Double, fb: Double, depth: Int
    }

    /// The pieces of the curve over `range`, each at least one point, left to right.
    func sample(_ range: ClosedRange<Double>) -> [[PlotPoint]] {
        let lo = range.lowerBound, hi = range.upperBound
        let n = startIntervals
        let height = span(yWindow)
        var out = Pieces()

        // The ends exactly: lo + (hi - lo) can miss hi by an ulp, and pieces sampled on either
        // side of a jump must end where the jump is.
        let grid = (0...n).map { $0 == n ? hi : lo + (hi - lo) * Double($0) / Double(n) }
        let values = grid.map(f)
        if values[0].isFinite { out.append(PlotPoint(grid[0], values[0])) }
        var stack: [Interval] = []
        for i in 0..<n where !Cancellation.isRequested {
            stack.append(Interval(a: grid[i], fa: values[i], b: grid[i + 1], fb: values[i + 1], depth: 0))
            while let iv = stack.popLast() {
                let m = (iv.a + iv.b) / 2
                guard m > iv.a && m < iv.b else {
                    finish(iv, height: height, into: &out)
                    continue
                }
                let fm = f(m)
                if iv.depth < maximumDepth && needsRefinement(iv, fm, height) {
                    // Right half first: the stack pops the left half next, so points stay in order.
                    stack.append(Interval(a: m, fa: fm, b: iv.b, fb: iv.fb, depth: iv.depth + 1))
                    stack.append(Interval(a: iv.a, fa: iv.fa, b: m, fb: fm, depth: iv.depth + 1))
                } else {
                    finish(iv, height: height, into: &out)
                }
            }
        }
        out.breakPiece()
        return out.pieces
    }

    /// The pieces so far and the one being extended.
    private struct Pieces {
        var pieces: [[PlotPoint]] = []
        var current: [PlotPoint] = []
        mutating func append(_ p: PlotPoint) { current.append(p) }
        mutating func breakPiece() {
            if !current.isEmpty { pieces.append(current) }
            current = []
        }
    }

    /// Whether the interval must be split to draw it faithfully.
    private func needsRefinement(_ iv: Interval, _ fm: Double, _ height: Double) -> Bool {
        let finiteA = iv.fa.isFinite, finiteB = iv.fb.isFinite
        if finiteA != finiteB { return true }  // a domain boundary: find it
        if !finiteA { return fm.isFinite }      // undefined at both ends: look for a defined part
        guard fm.isFinite else { return true }
        // Both ends far beyond the same edge of the window: nothing of it is visible.
        let below = yWindow.lowerBound - height, above = yWindow.upperBound + height
        if (iv.fa < below && iv.fb < below && fm < below) || (iv.fa > above && iv.fb > above && fm > above) { return false }
        let offChord = abs(fm - (iv.fa + iv.fb) / 2) / height
        let rise = abs(iv.fb - iv.fa) / height
        return offChord > tolerance || rise > 0.05
    }

    /// Adds what the (finished) interval contributes: its right end, a break at a jump, or the
    /// edge of the domain.
    private func finish(_ iv: Interval, height: Double, into current: inout Pieces) {
        switch (iv.fa.isFinite, iv.fb.isFinite) {
        case (true, true):
            if let (left, right) = jump(iv, height: height) {
                if left.x > iv.a { current.append(left) }
                current.breakPiece()
                current.append(right)
                if right.x < iv.b { current.append(PlotPoint(iv.b, iv.fb)) }
            } else {
                current.append(PlotPoint(iv.b, iv.fb))
            }
        case (true, false):
            let edge = domainEdge(from: iv.a, toward: iv.b)
            if edge.x > iv.a { current.append(edge) }
            current.breakPiece()
        case (false, true):
            current.breakPiece()
            let edge = domainEdge(from: iv.b, toward: iv.a)
            if edge.x < iv.b { current.append(edge) }
            current.append(PlotPoint(iv.b, iv.fb))
        case (false, false):
            current.breakPiece()
        }
    }

    /// The two sides of a pole or jump inside the interval, or nil when f is continuous there.
    private func jump(_ iv: Interval, height: Double) -> (PlotPoint, PlotPoint)? {
        let m = (iv.a + iv.b) / 2
        guard m > iv.a && m < iv.b else { return nil }
        let fm = f(m)
        guard fm.isFinite else { return (PlotPoint(iv.a, iv.fa), PlotPoint(iv.b, iv.fb)) }
        let threshold = jumpFraction * height
        if max(abs(fm - iv.fa), abs(iv.fb - fm)) > threshold, let sides = pole(iv, height: height) { return sides }
        if abs(iv.fb - iv.fa) > threshold, let sides = step(iv) { return sides }
        return nil
    }

    /// A pole: |f| has an interior maximum far beyond the window. Golden-section search for the
    /// maximum of |f| (one evaluation a step) either stalls at an end within a few steps (no
    /// interior peak) or closes in on the pole, where |f| grows without bound. Even poles such as
    /// -1/x^2, whose sides rise alike, are found as surely as odd ones such as 1/x.
    private func pole(_ iv: Interval, height: Double) -> (PlotPoint, PlotPoint)? {
        let ratio = 0.6180339887498949
        var lo = iv.a, hi = iv.b
        var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
        var f1 = f(x1), f2 = f(x2)
        let ends = max(abs(iv.fa), abs(iv.fb))
        for k in 0..<100 {
            if !f1.isFinite || !f2.isFinite {
                // Undefined at the pole itself: its sides are the neighbouring samples.
                let x = f1.isFinite ? x2 : x1
                return (edge(from: lo, toward: x), edge(from: hi, toward: x))
            }
            if k == 12 && max(abs(f1), abs(f2)) <= ends { return nil }
            if abs(f1) < abs(f2) {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + ratio * (hi - lo); f2 = f(x2)
            } else {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - ratio * (hi - lo); f1 = f(x1)
            }
            guard lo < x1 && x1 <= x2 && x2 < hi else { break }
        }
        let peak = max(abs(f1), abs(f2))
        let far = max(abs(yWindow.lowerBound), abs(yWindow.upperBound)) + 1000 * height
        guard peak > far && peak > 10 * ends else { return nil }
        // Split between the two neighbouring samples where the sign flips (tan just below pi/2 is
        // positive, just above negative); for an even pole, just after the peak.
        // The peak may sit at the bracket's end with the flip just beyond it: look one step out.
        let w = max(hi - lo, hi.ulp)
        let outer = [max(iv.a, lo - w), min(iv.b, hi + w)]
        var samples = [outer[0], lo, x1, x2, hi, outer[1]].map { x in
            x == x1 ? PlotPoint(x, f1) : x == x2 ? PlotPoint(x, f2) : PlotPoint(x, f(x))
        }
        samples = samples.enumerated().filter { $0.offset == 0 || $0.element.x > samples[$0.offset - 1].x }.map(\.element)
        samples = samples.filter { $0.y.isFinite }
        guard samples.count >= 2 else { return nil }
        for (p, q) in zip(samples, samples.dropFirst()) where (p.y < 0) != (q.y < 0) { return (p, q) }
        let k = samples.indices.max { abs(samples[$0].y) < abs(samples[$1].y) }!
        return k + 1 < samples.count ? (samples[k], samples[k + 1]) : (samples[k - 1], samples[k])
    }

    /// The last defined point from `x` toward `pole`, or `x` itself.
    private func edge(from x: Double, toward pole: Double) -> PlotPoint {
        let value = f(x)
        return value.isFinite ? domainEdge(from: x, toward: pole) : PlotPoint(x, value)
    }

    /// A finite jump (a step such as sign): bisecting toward the larger change, a continuous
    /// function's change shrinks to nothing while a jump's stays.
    private func step(_ iv: Interval) -> (PlotPoint, PlotPoint)? {
        var a = iv.a, fa = iv.fa, b = iv.b, fb = iv.fb
        let initial = abs(fb - fa)
        for _ in 0..<64 {
            let m = (a + b) / 2
            guard m > a && m < b else { break }
            let fm = f(m)
            guard fm.isFinite else { return (PlotPoint(a, fa), PlotPoint(b, fb)) }
            if abs(fm - fa) >= abs(fb - fm) { b = m; fb = fm } else { a = m; fa = fm }
        }
        return abs(fb - fa) > 0.25 * initial ? (PlotPoint(a, fa), PlotPoint(b, fb)) : nil
    }

    /// The last defined point going from `inside` (where f is finite) toward `outside` (where it
    /// is not), found by bisection to the resolution of doubles.
    private func domainEdge(from inside: Double, toward outside: Double) -> PlotPoint {
        var good = inside, bad = outside
        var value = f(inside)
        for _ in 0..<60 {
            let m = (good + bad) / 2
            guard m != good && m != bad else { break }
            let fm = f(m)
            if fm.isFinite { good = m; value = fm } else { bad = m }
        }
        return PlotPoint(good, value)
    }
}
