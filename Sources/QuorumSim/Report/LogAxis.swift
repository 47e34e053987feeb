import Glibc
import ToolkitSupport

/// A logarithmic y axis over whole decades, with a floor for zero: the `run --svg` chart's and `SVGPlot`'s.
struct LogAxis {
    var lo: Double
    var hi: Double
    var top: Double
    var height: Double

    /// Decades covering `values` (all positive), at most 16; 10⁻³…1 when there are none.
    init(values: [Double], top: Double, height: Double) {
        lo = floor(log10(values.min() ?? 1e-3))
        hi = ceil(log10(values.max() ?? 1))
        if hi <= lo { hi = lo + 1 }
        if hi - lo > 16 { lo = hi - 16 }
        self.top = top
        self.height = height
    }

    /// The y coordinate of `value`; zero and anything below the floor sit on the floor.
    func y(_ value: Double) -> Double {
        let decade = value > 0 ? min(max(log10(value), lo), hi) : lo
        return top + (hi - decade) / (hi - lo) * height
    }

    /// The label of the tick at 10^`decade`, in one notation for the whole axis: plain (`0.001` … `100000`) when
    /// every decade of the axis fits in it, else `1eN` for every tick (never `1000` beside `1e4`).
    func tickLabel(_ decade: Double) -> String {
        let d = Int(decade)
        guard lo >= -3 && hi <= 5 else { return "1e\(d)" }
        return d >= 0 ? String(Int(pow(10, Double(d)).rounded())) : NumberText.printf("%.\(-d)f", pow(10, Double(d)))
    }

    /// Grid lines and labels at each decade.
    func grid(left: Double, width: Double) -> String {
        var s = ""
        var decade = lo
        while decade <= hi {
            let y = y(pow(10, decade))
            s += "<line x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(y))\" "
            s += "x2=\"\(svgNumber(left + width))\" y2=\"\(svgNumber(y))\" stroke=\"#ddd\"/>"
            s += "<text class=\"tick\" x=\"\(svgNumber(left - 8))\" y=\"\(svgNumber(y + 4))\" "
            s += "text-anchor=\"end\">\(tickLabel(decade))</text>\n"
            decade += 1
        }
        return s
    }

    /// The target as a dashed red line across the plot (`<g id="target">`), labelled inside the plot at its left
    /// end just above the line, where no legend or tick label is.
    func targetLine(_ value: Double, label: String, left: Double, width: Double) -> String {
        let y = y(value)
        return "<g id=\"target\"><line x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(y))\" x2=\"\(svgNumber(left + width))\" "
            + "y2=\"\(svgNumber(y))\" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"8,5\"/>"
            + "<text x=\"\(svgNumber(left + 6))\" y=\"\(svgNumber(y - 6))\" fill=\"#d62728\">\(xmlEscape(label))</text></g>\n"
    }
}
