import Foundation

extension RunChart {
    /// One column's marks: the downtime and the time without a quorum, each a dot with its interval as a bar
    /// and its value as text, the exact figure as a diamond, and the name and placement underneath.
    func marks(_ column: Column, at x: Double, axis: LogAxis) -> String {
        var s = "<g class=\"scenario\">\n"
        s += estimateMark(column.downtime, x: x - 14, colour: "#1f77b4", what: "downtime", axis: axis)
        s += estimateMark(column.quorumLoss, x: x + 14, colour: "#ff7f0e", what: "without quorum", axis: axis)
        if let exact = column.exactQuorumLoss {
            let y = axis.y(exact)
            let cx = x + 14
            s += "<path class=\"exact\" d=\"M \(f(cx + 22)) \(f(y - 6)) l 6 6 l -6 6 l -6 -6 z\" fill=\"#2ca02c\">"
            s += "<title>without quorum, exact: \(Self.figure(exact)) min/yr</title></path>"
            s +=
                "<text x=\"\(f(cx + 32))\" y=\"\(f(y + 4))\" font-size=\"11\" fill=\"#2ca02c\">exact \(Self.figure(exact))</text>\n"
        }
        let base = height - Self.bottom
        s +=
            "<text x=\"\(f(x))\" y=\"\(f(base + 20))\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(column.name))</text>\n"
        s +=
            "<text class=\"placement\" x=\"\(f(x))\" y=\"\(f(base + 38))\" text-anchor=\"middle\">\(escape(column.placement))</text>\n"
        s += "</g>\n"
        return s
    }

    /// A dot at the mean (at the axis floor when nothing was seen) with a bar over the 95% interval.
    func estimateMark(_ estimate: Estimate, x: Double, colour: String, what: String, axis: LogAxis) -> String {
        var s = ""
        let text: String
        if let ci = estimate.ci95 {
            let y1 = axis.y(ci.lowerBound)
            let y2 = axis.y(ci.upperBound)
            s +=
                "<line x1=\"\(f(x))\" y1=\"\(f(y1))\" x2=\"\(f(x))\" y2=\"\(f(y2))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            s += "<line x1=\"\(f(x - 5))\" y1=\"\(f(y1))\" x2=\"\(f(x + 5))\" y2=\"\(f(y1))\" stroke=\"\(colour)\"/>"
            s += "<line x1=\"\(f(x - 5))\" y1=\"\(f(y2))\" x2=\"\(f(x + 5))\" y2=\"\(f(y2))\" stroke=\"\(colour)\"/>"
            text = "\(Self.figure(estimate.mean)) [\(Self.figure(ci.lowerBound)), \(Self.figure(ci.upperBound))]"
        } else {
            text = Self.figure(estimate.mean)
        }
        let y = axis.y(estimate.mean)
        s += "<circle class=\"estimate\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"5\" fill=\"\(colour)\">"
        s += "<title>\(what), simulated: \(text) min/yr</title></circle>"
        let anchor = colour == "#1f77b4" ? "end" : "start"
        let dx = anchor == "end" ? -9.0 : 9.0
        s +=
            "<text x=\"\(f(x + dx))\" y=\"\(f(y - 8))\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"\(colour)\">\(escape(text))</text>\n"
        return s
    }
}

/// A logarithmic y axis over whole decades, with a floor for zero.
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
            s += "<line x1=\"\(String(format: "%.1f", left))\" y1=\"\(String(format: "%.1f", y))\" "
            s += "x2=\"\(String(format: "%.1f", left + width))\" y2=\"\(String(format: "%.1f", y))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(String(format: "%.1f", left - 8))\" y=\"\(String(format: "%.1f", y + 4))\" "
            s += "text-anchor=\"end\">\(String(format: "%g", pow(10, decade)))</text>\n"
            decade += 1
        }
        return s
    }
}
