/// What a plot shows, independent of how it is drawn: the data window, the curves (already
/// sampled, in data coordinates, broken into pieces at gaps) and the legend. `svg()` and
/// `braille(columns:rows:)` draw the same figure.
public struct Figure: Sendable {
    /// Shown above the plot (SVG) and used as the SVG's `<title>`.
    public var title: String
    /// The horizontal axis's label.
    public var xLabel: String
    /// The vertical axis's label.
    public var yLabel: String
    /// The data window shown.
    public var window: PlotWindow
    /// Drawn in order: later series on top.
    public var series: [Series]

    /// A figure of the given series, drawn in order.
    public init(title: String, xLabel: String, yLabel: String, window: PlotWindow, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.window = window
        self.series = series
    }

    /// The series that have a legend label, in drawing order.
    public var legend: [Series] { series.filter { $0.label != nil } }
}

/// One drawn thing: a curve, a tangent line, one contour level or an optimizer's path.
public struct Series: Sendable {
    /// What the series is; renderers use it for markers and tests for structure.
    public enum Role: String, Sendable {
        case function, derivative, tangent, contour, path
    }

    /// What the series is.
    public var role: Role
    /// The legend text; nil keeps the series out of the legend (all but one contour level).
    public var label: String?
    /// The stroke color.
    public var color: PlotColor
    /// Whether the stroke is dashed (derivatives and tangents), so the series differ without color.
    public var dashed: Bool
    /// Stroke width in SVG pixels.
    public var width: Double
    /// Polylines in data coordinates; the gaps between them are gaps in the drawing.
    public var pieces: [[PlotPoint]]
    /// Points drawn over the line: the point of tangency, an optimizer's start and end.
    public var markers: [Marker]
    /// The value of f along a contour line; renderers write it on some of the lines.
    public var level: Double?

    /// A series; see the properties.
    public init(role: Role, label: String?, color: PlotColor, dashed: Bool = false, width: Double = 2,
                pieces: [[PlotPoint]], markers: [Marker] = [], level: Double? = nil) {
        self.role = role
        self.label = label
        self.color = color
        self.dashed = dashed
        self.width = width
        self.pieces = pieces
        self.markers = markers
        self.level = level
    }
}

/// A point drawn over a series, shaped by what it marks so that a path's two ends differ.
public struct Marker: Sendable, Equatable {
    /// What a marker marks.
    public enum Kind: String, Sendable {
        /// A point on a curve, such as the point of tangency: a filled dot.
        case point
        /// Where a path begins: a ring.
        case start
        /// Where a path ends: a filled dot.
        case end
    }

    /// Where the marker is, in data coordinates.
    public var point: PlotPoint
    /// What it marks.
    public var kind: Kind

    /// A marker at `point`.
    public init(_ point: PlotPoint, _ kind: Kind) {
        self.point = point
        self.kind = kind
    }
}

/// A color for SVG (hex) and the nearest of the 16 terminal colors (ANSI SGR code).
public struct PlotColor: Sendable, Equatable {
    /// The color's components.
    public var red: UInt8, green: UInt8, blue: UInt8
    /// The SGR foreground code used in a terminal (31 red … 37 white, 90 gray).
    public var ansi: Int

    /// A color with its nearest terminal color.
    public init(red: UInt8, green: UInt8, blue: UInt8, ansi: Int) {
        self.red = red
        self.green = green
        self.blue = blue
        self.ansi = ansi
    }

    /// `#rrggbb`.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { String([digits[Int($0 >> 4)], digits[Int($0 & 15)]]) }.joined()
    }

    /// Curves in order: the Okabe–Ito palette, distinguishable with the common color-vision
    /// deficiencies, most contrasting first.
    public static let palette: [PlotColor] = [
        PlotColor(red: 0x00, green: 0x72, blue: 0xB2, ansi: 34),  // blue
        PlotColor(red: 0xD5, green: 0x5E, blue: 0x00, ansi: 31),  // vermillion
        PlotColor(red: 0x00, green: 0x9E, blue: 0x73, ansi: 32),  // bluish green
        PlotColor(red: 0xCC, green: 0x79, blue: 0xA7, ansi: 35),  // reddish purple
        PlotColor(red: 0xE6, green: 0x9F, blue: 0x00, ansi: 33),  // orange
        PlotColor(red: 0x56, green: 0xB4, blue: 0xE9, ansi: 36),  // sky blue
    ]

    /// Neutral gray for tangent lines and axes.
    public static let gray = PlotColor(red: 0x55, green: 0x55, blue: 0x55, ansi: 90)

    /// The i-th palette color, cycling.
    public static func curve(_ i: Int) -> PlotColor { palette[i % palette.count] }

    /// The color of the i-th optimizer path: vermillion and blue first, the pair that stands out
    /// best on gray contours and from each other.
    public static func path(_ i: Int) -> PlotColor { [palette[1], palette[0], palette[3], palette[4], palette[2], palette[5]][i % 6] }

    /// Contour levels from low (t = 0) to high (t = 1): dark to light gray, quiet enough that
    /// optimizer paths drawn over them in color stand out, and still ordered at a glance.
    public static func level(_ t: Double) -> PlotColor {
        let t = min(max(t, 0), 1)
        func mix(_ a: Double, _ b: Double) -> UInt8 { UInt8((a + (b - a) * t).rounded()) }
        return PlotColor(red: mix(0x3A, 0xC4), green: mix(0x3F, 0xC8), blue: mix(0x4A, 0xCC), ansi: 90)
    }
}
