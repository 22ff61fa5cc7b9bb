/// Contour lines of a function sampled on a rectangular grid (marching squares): each cell whose
/// corners lie on both sides of the level gets a segment between the interpolated crossings on
/// its edges, and segments that share an edge crossing are chained into polylines.
///
/// A cell with a non-finite corner gets no segment, so lines stop at the edge of the domain. The
/// ambiguous saddle cells (opposite corners on the same side) are resolved by the value at the
/// cell's centre, taken as the mean of the corners.
struct ContourGrid {
    /// Node coordinates along x (count nx + 1) and y (count ny + 1).
    let xs: [Double], ys: [Double]
    /// Values row by row: `values[j * xs.count + i]` is f(xs[i], ys[j]).
    let values: [Double]

    /// The polylines of `level`, in a deterministic order.
    func lines(at level: Double) -> [[PlotPoint]] {
        let nx = xs.count - 1, ny = ys.count - 1
        guard nx > 0, ny > 0 else { return [] }
        var segments: [(edgeA: Int, a: PlotPoint, edgeB: Int, b: PlotPoint)] = []
        for j in 0..<ny {
            for i in 0..<nx {
                let v0 = value(i, j), v1 = value(i + 1, j), v2 = value(i + 1, j + 1), v3 = value(i, j + 1)
                // Most cells lie wholly on one side: decide that without allocating.
                let count = (v0 >= level ? 1 : 0) + (v1 >= level ? 1 : 0) + (v2 >= level ? 1 : 0) + (v3 >= level ? 1 : 0)
                guard count > 0 && count < 4, v0.isFinite, v1.isFinite, v2.isFinite, v3.isFinite else { continue }
                let v = [v0, v1, v2, v3]
                let above = v.map { $0 >= level }
                let crossed = (0..<4).filter { above[$0] != above[($0 + 1) % 4] }
                guard !crossed.isEmpty else { continue }
                // Edge k joins corner k and corner k+1: bottom, right, top, left.
                func crossing(_ k: Int) -> (Int, PlotPoint) { edgeCrossing(i, j, k, v, level) }
                var pairs: [(Int, Int)] = []
                if crossed.count == 2 {
                    pairs = [(crossed[0], crossed[1])]
                } else {
                    // Saddle: cut off the two corners on the other side from the centre. Corner c
                    // lies between edges c-1 and c.
                    let centreAbove = v.reduce(0, +) / 4 >= level
                    pairs = (0..<4).filter { above[$0] != centreAbove }.map { (($0 + 3) % 4, $0) }
                }
                for (k0, k1) in pairs {
                    let (ea, a) = crossing(k0), (eb, b) = crossing(k1)
                    segments.append((ea, a, eb, b))
                }
            }
        }
        return chain(segments)
    }

    private func value(_ i: Int, _ j: Int) -> Double { values[j * xs.count + i] }

    /// The id of edge `k` of cell (i, j), shared with the neighbouring cell, and the point where
    /// the level crosses it by linear interpolation.
    private func edgeCrossing(_ i: Int, _ j: Int, _ k: Int, _ v: [Double], _ level: Double) -> (Int, PlotPoint) {
        let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
        // Interpolate from the edge's lower-left end whichever cell asks, so the two cells that
        // share an edge compute bit-identical points and closed lines close exactly.
        let forward = corners[k] < corners[(k + 1) % 4]
        let (a, b) = forward ? (k, (k + 1) % 4) : ((k + 1) % 4, k)
        let (i0, j0) = corners[a], (i1, j1) = corners[b]
        let v0 = v[a], v1 = v[b]
        let t = v1 == v0 ? 0.5 : min(max((level - v0) / (v1 - v0), 0), 1)
        let point = PlotPoint(xs[i0] + t * (xs[i1] - xs[i0]), ys[j0] + t * (ys[j1] - ys[j0]))
        // Horizontal edges get even ids, vertical ones odd, both keyed by their lower-left node.
        let horizontal = j0 == j1
        let node = min(j0, j1) * xs.count + min(i0, i1)
        return (2 * node + (horizontal ? 0 : 1), point)
    }

    /// Joins segments that meet at an edge crossing into polylines.
    private func chain(_ segments: [(edgeA: Int, a: PlotPoint, edgeB: Int, b: PlotPoint)]) -> [[PlotPoint]] {
        var byEdge: [Int: [Int]] = [:]
        for (s, seg) in segments.enumerated() {
            byEdge[seg.edgeA, default: []].append(s)
            byEdge[seg.edgeB, default: []].append(s)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines: [[PlotPoint]] = []
        for start in segments.indices where !used[start] {
            used[start] = true
            // Walk forward from b, then backward from a.
            var forward = [segments[start].a, segments[start].b]
            var edge = segments[start].edgeB
            while let next = byEdge[edge]?.first(where: { !used[$0] }) {
                used[next] = true
                let seg = segments[next]
                if seg.edgeA == edge { forward.append(seg.b); edge = seg.edgeB } else { forward.append(seg.a); edge = seg.edgeA }
            }
            var backward: [PlotPoint] = []
            edge = segments[start].edgeA
            while let next = byEdge[edge]?.first(where: { !used[$0] }) {
                used[next] = true
                let seg = segments[next]
                if seg.edgeA == edge { backward.append(seg.b); edge = seg.edgeB } else { backward.append(seg.a); edge = seg.edgeA }
            }
            lines.append(backward.reversed() + forward)
        }
        return lines
    }
}
