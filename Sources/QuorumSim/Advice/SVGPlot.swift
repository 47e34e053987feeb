import Glibc
import ToolkitSupport

/// A line chart with a logarithmic y axis, drawn as a standalone SVG document a browser opens.
///
/// Used by `quorumsim recommend --svg` for downtime per year against voter count, one line per zone layout.
public struct SVGPlot: Sendable {
    /// One line of the chart, drawn in its own colour and named in the legend.
    public struct Series: Sendable {
        /// The legend text.
        public var label: String
        /// Points with y > 0; others are left out (a log axis has no place for them).
        public var points: [(x: Double, y: Double)]
        /// A line through `points`, in the order given.
        public init(label: String, points: [(x: Double, y: Double)]) {
            self.label = label
            self.points = points
        }
    }

    /// Drawn above the plot.
    public var title: String
    /// The x axis caption; the axis is linear.
    public var xLabel: String
    /// The y axis caption; the axis is logarithmic, so points with y ≤ 0 are left out.
    public var yLabel: String
    /// The lines, in legend order.
    public var series: [Series]
    /// A horizontal dashed line across the plot (`<g id="target">`), such as the target downtime; `nil` for none.
    public var target: (value: Double, label: String)?
    /// One point ringed and named in the legend (`<g id="marked">`), such as the recommended placement.
    public var marked: Mark?
    /// A point ringed on the chart, named by two legend rows (what it is, then which point).
    public struct Mark: Sendable {
        public var x: Double
        public var y: Double
        /// What the point is, e.g. `recommended`.
        public var role: String
        /// Which point it is, e.g. `5 voters as 2/2/1`.
        public var label: String

        public init(x: Double, y: Double, role: String, label: String) {
            self.x = x
            self.y = y
            self.role = role
            self.label = label
        }
    }
    /// The document's width in SVG user units (pixels at 100%).
    public var width: Double = 820
    /// The document's height in SVG user units (pixels at 100%).
    public var height: Double = 520

    /// A chart with the default size, 820 × 520.
    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]

    /// The whole SVG document as text, ready to write to a `.svg` file.
    public func render() -> String {
        let left = 90.0, right = 210.0, top = 50.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap { $0.points.filter { $0.y > 0 && $0.y.isFinite } }
        let xs = all.map(\.x)
        let ys = (all.map(\.y) + [target?.value ?? 0]).filter { $0 > 0 && $0.isFinite }
        let xMin = xs.min() ?? 0, xMax = max(xs.max() ?? 1, (xs.min() ?? 0) + 1)
        let axis = LogAxis(values: ys, top: top, height: plotH)
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { axis.y(y) }

        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(svgNumber(width))" height="\(svgNumber(height))" \
            viewBox="0 0 \(svgNumber(width)) \(svgNumber(height))" font-family="Helvetica, Arial, sans-serif" font-size="13">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(svgNumber(left + plotW / 2))" y="28" text-anchor="middle" font-size="16" font-weight="bold">\(xmlEscape(title))</text>

            """
        s += axis.grid(left: left, width: plotW)
        // X ticks at whole numbers.
        var x = ceil(xMin)
        while x <= xMax {
            let X = px(x)
            s += "<line x1=\"\(svgNumber(X))\" y1=\"\(svgNumber(top))\" x2=\"\(svgNumber(X))\" y2=\"\(svgNumber(top + plotH))\" stroke=\"#eee\"/>\n"
            s += "<text class=\"tick\" x=\"\(svgNumber(X))\" y=\"\(svgNumber(top + plotH + 20))\" text-anchor=\"middle\">\(Int(x))</text>\n"
            x += 1
        }
        s += "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(plotW))\" height=\"\(svgNumber(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        s += "<text x=\"\(svgNumber(left + plotW / 2))\" y=\"\(svgNumber(height - 15))\" text-anchor=\"middle\">\(xmlEscape(xLabel))</text>\n"
        s += "<text transform=\"translate(22 \(svgNumber(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(xmlEscape(yLabel))</text>\n"

        for (i, line) in series.enumerated() {
            let colour = Self.palette[i % Self.palette.count]
            let points = line.points.filter { $0.y > 0 && $0.y.isFinite }.sorted { $0.x < $1.x }
            if points.count > 1 {
                let path = points.map { "\(svgNumber(px($0.x))),\(svgNumber(py($0.y)))" }.joined(separator: " ")
                // Earlier lines are drawn wider and later ones dashed, so lines that coincide stay visible.
                let width = 2 + 2.5 * Double(series.count - 1 - i)
                let dash = i == 0 ? "" : " stroke-dasharray=\"\(8 + 2 * i),5\""
                s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(svgNumber(width))\"\(dash) stroke-opacity=\"0.85\"/>\n"
            }
            // Earlier points are larger too, so that a later series on the same values leaves them showing.
            let radius = 3 + 1.5 * Double(min(series.count - 1 - i, 4))
            for p in points {
                s += "<circle cx=\"\(svgNumber(px(p.x)))\" cy=\"\(svgNumber(py(p.y)))\" r=\"\(svgNumber(radius))\" fill=\"\(colour)\">"
                s += "<title>\(xmlEscape(line.label)): \(Int(p.x)) voters, \(NumberText.printf("%.3g", p.y))</title></circle>\n"
            }
            let ly = top + 10 + Double(i) * 22
            s += "<line x1=\"\(svgNumber(left + plotW + 15))\" y1=\"\(svgNumber(ly))\" x2=\"\(svgNumber(left + plotW + 40))\" y2=\"\(svgNumber(ly))\" stroke=\"\(colour)\" stroke-width=\"3\"/>\n"
            s += "<text x=\"\(svgNumber(left + plotW + 46))\" y=\"\(svgNumber(ly + 4))\">\(xmlEscape(line.label))</text>\n"
        }
        if let target { s += axis.targetLine(target.value, label: target.label, left: left, width: plotW) }
        if let marked, marked.y > 0, marked.y.isFinite {
            let (x, y) = (px(marked.x), py(marked.y))
            let ly = top + 10 + Double(series.count) * 22
            let ring = "fill=\"none\" stroke=\"#000\" stroke-width=\"2\""
            s += "<g id=\"marked\"><circle cx=\"\(svgNumber(x))\" cy=\"\(svgNumber(y))\" r=\"10\" \(ring)>"
            s += "<title>\(xmlEscape(marked.role)): \(xmlEscape(marked.label)), \(NumberText.printf("%.3g", marked.y))</title></circle>"
            s += "<circle cx=\"\(svgNumber(left + plotW + 27))\" cy=\"\(svgNumber(ly))\" r=\"7\" \(ring)/>"
            s += "<text x=\"\(svgNumber(left + plotW + 46))\" y=\"\(svgNumber(ly + 4))\">\(xmlEscape(marked.role))</text>"
            s += "<text x=\"\(svgNumber(left + plotW + 46))\" y=\"\(svgNumber(ly + 26))\">\(xmlEscape(marked.label))</text></g>\n"
        }
        s += "</svg>\n"
        return s
    }
}
