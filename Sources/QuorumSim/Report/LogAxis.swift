import Foundation

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

    /// Grid lines and labels at each decade.
    func grid(left: Double, width: Double) -> String {
        var s = ""
        var decade = lo
        while decade <= hi {
            let y = y(pow(10, decade))
            s += "<line x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(y))\" "
            s += "x2=\"\(svgNumber(left + width))\" y2=\"\(svgNumber(y))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(svgNumber(left - 8))\" y=\"\(svgNumber(y + 4))\" "
            s += "text-anchor=\"end\">\(String(format: "%g", pow(10, decade)))</text>\n"
            decade += 1
        }
        return s
    }
}
