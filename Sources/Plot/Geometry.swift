/// A point of a figure, in the coordinates of the data (not of the picture).
public struct PlotPoint: Sendable, Equatable {
    /// The horizontal coordinate.
    public var x: Double
    /// The vertical coordinate.
    public var y: Double

    /// The point (x, y).
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// The rectangle of data a figure shows: what the picture's plot area maps to.
public struct PlotWindow: Sendable, Equatable {
    /// The horizontal range shown.
    public var x: ClosedRange<Double>
    /// The vertical range shown.
    public var y: ClosedRange<Double>

    /// The window over the two ranges.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.x = x
        self.y = y
    }

    /// True when `p` lies inside or on the border.
    public func contains(_ p: PlotPoint) -> Bool { x.contains(p.x) && y.contains(p.y) }
}

/// An affine map from a data window to a pixel (or braille dot) rectangle whose y axis points
/// down, as in SVG and on a terminal.
struct ScreenMap {
    let window: PlotWindow
    let left: Double, top: Double, width: Double, height: Double

    func x(_ v: Double) -> Double { left + (v - window.x.lowerBound) / span(window.x) * width }
    func y(_ v: Double) -> Double { top + (window.y.upperBound - v) / span(window.y) * height }
    func point(_ p: PlotPoint) -> (x: Double, y: Double) { (x(p.x), y(p.y)) }
}

/// The length of a range, never zero (a degenerate range is treated as one of length 1 so maps
/// stay finite).
func span(_ r: ClosedRange<Double>) -> Double {
    let s = r.upperBound - r.lowerBound
    return s > 0 && s.isFinite ? s : 1
}
