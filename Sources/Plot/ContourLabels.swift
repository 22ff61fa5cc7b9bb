/// Which contour lines get their level written on them, and where: a few levels spread over the
/// range, each at the middle of its longest visible piece, where a label is least likely to sit
/// on a tight bend or the edge of the picture.
enum ContourLabels {
    struct Label {
        let text: String
        let at: PlotPoint
    }

    /// Labels for at most `count` of `contours` (the series of one figure's contour lines, low to
    /// high), evenly spread over them; lines with nothing visible are passed over.
    static func choose(_ contours: [Series], window: PlotWindow, count: Int) -> [Label] {
        let visible = contours.compactMap { s -> (level: Double, at: PlotPoint)? in
            guard let level = s.level, let at = middleOfLongestPiece(s.pieces, window: window) else { return nil }
            return (level, at)
        }
        guard !visible.isEmpty, count > 0 else { return [] }
        let step = max(1, (visible.count + count - 1) / count)
        // Start half a step in, so the lowest and highest lines (often tiny or cut by the edge)
        // are not the ones labelled.
        return Swift.stride(from: step / 2, to: visible.count, by: step).map {
            Label(text: Plotter.levelText(visible[$0].level), at: visible[$0].at)
        }
    }

    /// The point halfway along the longest piece inside the window, measured in fractions of
    /// the window so that both axes count alike.
    static func middleOfLongestPiece(_ pieces: [[PlotPoint]], window: PlotWindow) -> PlotPoint? {
        let sx = span(window.x), sy = span(window.y)
        func length(_ a: PlotPoint, _ b: PlotPoint) -> Double {
            let dx = (b.x - a.x) / sx, dy = (b.y - a.y) / sy
            return (dx * dx + dy * dy).squareRoot()
        }
        var best: (length: Double, piece: [PlotPoint])?
        for piece in pieces {
            for clipped in Clipping.clip(piece, to: window) {
                let total = zip(clipped, clipped.dropFirst()).reduce(0) { $0 + length($1.0, $1.1) }
                if total > (best?.length ?? 0) { best = (total, clipped) }
            }
        }
        guard let best else { return nil }
        var walked = 0.0
        for (a, b) in zip(best.piece, best.piece.dropFirst()) {
            let d = length(a, b)
            if walked + d >= best.length / 2 && d > 0 {
                let t = (best.length / 2 - walked) / d
                return PlotPoint(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
            }
            walked += d
        }
        return best.piece.last
    }
}
