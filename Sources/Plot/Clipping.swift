/// Cutting polylines to the window, so that no coordinate of a picture lies outside its plot area
/// and a curve that leaves the window and comes back becomes two pieces, not a line along the edge.
enum Clipping {
    /// The parts of `polyline` inside `window`, each a polyline of at least two points.
    static func clip(_ polyline: [PlotPoint], to window: PlotWindow) -> [[PlotPoint]] {
        guard !polyline.isEmpty else { return [] }
        // Values of 1e300 next to a pole are finite but make the arithmetic below overflow; far
        // outside the window only the direction matters, so pull them in to a safe distance.
        let points = polyline.map { bounded($0, window) }
        var pieces: [[PlotPoint]] = []
        var current: [PlotPoint] = []
        func finish() {
            if current.count >= 2 { pieces.append(current) }
            current = []
        }
        if points.count == 1 {
            return []
        }
        for i in 1..<points.count {
            let p = points[i - 1], q = points[i]
            guard let (a, b) = clipSegment(p, q, window) else {
                finish()
                continue
            }
            if current.isEmpty || current.last! != a {
                finish()
                current = [a]
            }
            if b != current.last! { current.append(b) }
            if b != q { finish() }
        }
        finish()
        return pieces
    }

    /// Liang–Barsky: the part of segment p–q inside the window, or nil when none of it is.
    static func clipSegment(_ p: PlotPoint, _ q: PlotPoint, _ w: PlotWindow) -> (PlotPoint, PlotPoint)? {
        let dx = q.x - p.x, dy = q.y - p.y
        var t0 = 0.0, t1 = 1.0
        let checks: [(Double, Double)] = [
            (-dx, p.x - w.x.lowerBound), (dx, w.x.upperBound - p.x),
            (-dy, p.y - w.y.lowerBound), (dy, w.y.upperBound - p.y),
        ]
        for (denominator, distance) in checks {
            if denominator == 0 {
                if distance < 0 { return nil }  // parallel to this edge and outside it
                continue
            }
            let t = distance / denominator
            if denominator < 0 {
                if t > t1 { return nil }
                if t > t0 { t0 = t }
            } else {
                if t < t0 { return nil }
                if t < t1 { t1 = t }
            }
        }
        // Exact end points when not cut, so pieces join by equality.
        let a = t0 == 0 ? p : PlotPoint(p.x + t0 * dx, p.y + t0 * dy)
        let b = t1 == 1 ? q : PlotPoint(p.x + t1 * dx, p.y + t1 * dy)
        return (clamped(a, w), clamped(b, w))
    }

    /// `p` moved onto the window when rounding put it a hair outside.
    static func clamped(_ p: PlotPoint, _ w: PlotWindow) -> PlotPoint {
        PlotPoint(min(max(p.x, w.x.lowerBound), w.x.upperBound), min(max(p.y, w.y.lowerBound), w.y.upperBound))
    }

    /// `p` with each coordinate at most 10^6 window sizes away from the window.
    static func bounded(_ p: PlotPoint, _ w: PlotWindow) -> PlotPoint {
        let sx = span(w.x) * 1e6, sy = span(w.y) * 1e6
        return PlotPoint(min(max(p.x, w.x.lowerBound - sx), w.x.upperBound + sx),
                         min(max(p.y, w.y.lowerBound - sy), w.y.upperBound + sy))
    }
}
