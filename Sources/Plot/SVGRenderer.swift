import Expr

extension Figure {
    /// The figure as a standalone SVG document: same bytes for the same figure on every run.
    ///
    /// Written by hand: the package may depend only on swift-argument-parser and BigInt, and the
    /// handful of elements a plot needs (paths, lines, circles, text) do not warrant more.
    public func svg(width: Double = 800, plotHeight: Double = 440) -> String {
        SVGRenderer(figure: self, width: width, plotHeight: plotHeight).render()
    }
}

/// Lays out and writes a figure as SVG: title on top, the plot area with grid, ticks and axes,
/// and the legend below the plot (never over the curves).
struct SVGRenderer {
    let figure: Figure
    let width: Double
    let plotHeight: Double

    static let font = "DejaVu Sans, Verdana, Arial, sans-serif"
    static let lineHeight = 20.0

    func render() -> String {
        let window = figure.window
        let xTicks = NiceScale.ticks(in: window.x, count: 8)
        let yTicks = NiceScale.ticks(in: window.y, count: 7)
        // Room on the left for the widest y label (about 7 px a character at 12 px) and the axis name.
        let yLabelRoom = Double(yTicks.map(\.label.count).max() ?? 1) * 7.2 + 14
        let left = (figure.yLabel.isEmpty ? 16 : 34) + yLabelRoom
        let top = 46.0, right = 28.0
        let plotWidth = width - left - right
        let bottom = top + plotHeight
        let legendTop = bottom + (figure.xLabel.isEmpty ? 34 : 56)
        let legend = figure.legend
        let height = legendTop + Double(legend.count) * Self.lineHeight + 14
        let map = ScreenMap(window: window, left: left, top: top, width: plotWidth, height: plotHeight)

        var out = SVGWriter()
        out.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.line("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(Self.font)\" font-size=\"12\">")
        out.line("<title>\(escaped(figure.title))</title>")
        out.line("<defs><clipPath id=\"plot-area\"><rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\"/></clipPath></defs>")
        out.line("<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>")
        out.line("<text class=\"title\" x=\"\(n(left))\" y=\"28\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">\(escaped(figure.title))</text>")

        // Grid and ticks.
        out.line("<g class=\"grid\" stroke=\"#e8e8e8\" stroke-width=\"1\">")
        for t in xTicks.map(\.value) { out.line("<line x1=\"\(n(map.x(t)))\" y1=\"\(n(top))\" x2=\"\(n(map.x(t)))\" y2=\"\(n(bottom))\"/>") }
        for t in yTicks.map(\.value) { out.line("<line x1=\"\(n(left))\" y1=\"\(n(map.y(t)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(map.y(t)))\"/>") }
        out.line("</g>")
        out.line("<g class=\"zero-axes\" stroke=\"#9a9a9a\" stroke-width=\"1\">")
        if window.x.contains(0) { out.line("<line x1=\"\(n(map.x(0)))\" y1=\"\(n(top))\" x2=\"\(n(map.x(0)))\" y2=\"\(n(bottom))\"/>") }
        if window.y.contains(0) { out.line("<line x1=\"\(n(left))\" y1=\"\(n(map.y(0)))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(map.y(0)))\"/>") }
        out.line("</g>")
        out.line("<g class=\"ticks\" stroke=\"#444444\" stroke-width=\"1\">")
        for t in xTicks.map(\.value) { out.line("<line x1=\"\(n(map.x(t)))\" y1=\"\(n(bottom))\" x2=\"\(n(map.x(t)))\" y2=\"\(n(bottom + 5))\"/>") }
        for t in yTicks.map(\.value) { out.line("<line x1=\"\(n(left - 5))\" y1=\"\(n(map.y(t)))\" x2=\"\(n(left))\" y2=\"\(n(map.y(t)))\"/>") }
        out.line("</g>")
        out.line("<g class=\"tick-labels\" fill=\"#333333\">")
        for t in xTicks {
            out.line("<text x=\"\(n(map.x(t.value)))\" y=\"\(n(bottom + 19))\" text-anchor=\"middle\">\(escaped(t.label))</text>")
        }
        for t in yTicks {
            out.line("<text x=\"\(n(left - 8))\" y=\"\(n(map.y(t.value) + 4))\" text-anchor=\"end\">\(escaped(t.label))</text>")
        }
        out.line("</g>")
        if !figure.xLabel.isEmpty {
            out.line("<text class=\"axis-label\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n(bottom + 40))\" text-anchor=\"middle\" font-size=\"13\" font-style=\"italic\" fill=\"#222222\">\(escaped(figure.xLabel))</text>")
        }
        if !figure.yLabel.isEmpty {
            let x = 18.0, y = top + plotHeight / 2
            out.line("<text class=\"axis-label\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\" font-size=\"13\" font-style=\"italic\" fill=\"#222222\" transform=\"rotate(-90 \(n(x)) \(n(y)))\">\(escaped(figure.yLabel))</text>")
        }

        // The curves, clipped to the window (the clip path only trims the stroke's width).
        out.line("<g class=\"series\" clip-path=\"url(#plot-area)\" fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\">")
        for (k, s) in figure.series.enumerated() {
            let d = pathData(s.pieces, map: map)
            guard !d.isEmpty else { continue }
            let dash = s.dashed ? " stroke-dasharray=\"7 5\"" : ""
            out.line("<path class=\"\(s.role.rawValue)\" data-series=\"\(k)\" stroke=\"\(s.color.hex)\" stroke-width=\"\(n(s.width))\"\(dash) d=\"\(d)\"/>")
        }
        out.line("</g>")
        let contours = figure.series.filter { $0.role == .contour }
        if !contours.isEmpty {
            out.line("<g class=\"contour-labels\" font-size=\"10\" fill=\"#333333\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" text-anchor=\"middle\">")
            for label in ContourLabels.choose(contours, window: window, count: 6) {
                out.line("<text class=\"contour-label\" x=\"\(n(map.x(label.at.x)))\" y=\"\(n(map.y(label.at.y) + 3.5))\">\(escaped(label.text))</text>")
            }
            out.line("</g>")
        }
        out.line("<g class=\"markers\">")
        for s in figure.series {
            for marker in s.markers where window.contains(marker.point) {
                out.line(markerElement(marker.kind, x: map.x(marker.point.x), y: map.y(marker.point.y), color: s.color, radius: 4.5))
            }
        }
        out.line("</g>")
        out.line("<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>")

        out.line("<g class=\"legend\">")
        for (i, s) in legend.enumerated() {
            let y = legendTop + Double(i) * Self.lineHeight
            let dash = s.dashed ? " stroke-dasharray=\"7 5\"" : ""
            out.line("<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + 30))\" y2=\"\(n(y))\" stroke=\"\(s.color.hex)\" stroke-width=\"\(n(max(s.width, 2)))\"\(dash)/>")
            // The legend shows the markers as the plot does: a path from its start ring to its end dot.
            let kinds = s.markers.map(\.kind)
            if kinds.contains(.start) || kinds.contains(.end) {
                out.line(markerElement(.start, x: left, y: y, color: s.color, radius: 4))
                out.line(markerElement(.end, x: left + 30, y: y, color: s.color, radius: 4))
            } else if kinds.contains(.point) {
                out.line(markerElement(.point, x: left + 15, y: y, color: s.color, radius: 4))
            }
            out.line("<text class=\"legend-label\" x=\"\(n(left + 40))\" y=\"\(n(y + 4))\" fill=\"#222222\">\(escaped(s.label ?? ""))</text>")
        }
        out.line("</g>")
        out.line("</svg>")
        return out.text
    }

    /// `M x y L x y …` for every piece inside the window, in pixels; points closer than a third of
    /// a pixel to the last one kept are dropped (thousands of gradient-descent iterates draw the
    /// same picture as the few hundred that are visibly apart).
    func pathData(_ pieces: [[PlotPoint]], map: ScreenMap) -> String {
        var d = ""
        for piece in pieces {
            for clipped in Clipping.clip(piece, to: map.window) {
                var kept: [(x: Double, y: Double)] = []
                for (index, p) in clipped.enumerated() {
                    let q = map.point(p)
                    if let last = kept.last, index < clipped.count - 1,
                       (q.x - last.x) * (q.x - last.x) + (q.y - last.y) * (q.y - last.y) < 0.11 { continue }
                    kept.append(q)
                }
                guard kept.count >= 2 else { continue }
                if !d.isEmpty { d += " " }
                d += "M" + kept.map { "\(n($0.x)) \(n($0.y))" }.joined(separator: "L")
            }
        }
        return d
    }

    /// A marker's circle: a dot outlined in white for a point or a path's end, a ring (white
    /// inside) for a path's start.
    func markerElement(_ kind: Marker.Kind, x: Double, y: Double, color: PlotColor, radius: Double) -> String {
        let paint = kind == .start ? "fill=\"#ffffff\" stroke=\"\(color.hex)\" stroke-width=\"2.5\""
                                   : "fill=\"\(color.hex)\" stroke=\"#ffffff\" stroke-width=\"1.5\""
        return "<circle class=\"marker-\(kind.rawValue)\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" \(paint)/>"
    }

    /// A coordinate with two decimals at most: enough for sub-pixel placement, short, stable.
    func n(_ v: Double) -> String { NumberText.fixed(v, decimals: 2) }

    func escaped(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Accumulates lines of SVG text.
struct SVGWriter {
    var text = ""
    mutating func line(_ s: String) {
        text += s
        text += "\n"
    }
}
