import ToolkitSupport

/// Where a ``TimelineChart`` draws: lanes stacked under the episodes' brackets, time since the start across.
struct TimelineChartLayout {
    var start: Double
    var end: Double
    var lanes: Int
    static let width = 1000.0, left = 190.0, right = 24.0, top = 84.0, laneHeight = 20.0, laneGap = 8.0

    var plotWidth: Double { Self.width - Self.left - Self.right }
    var bottom: Double { Self.top + Double(lanes) * (Self.laneHeight + Self.laneGap) }
    var height: Double { bottom + 130 }

    func x(_ t: Double) -> Double {
        Self.left + plotWidth * Swift.min(1, Swift.max(0, (t - start) / Swift.max(end - start, 1e-9)))
    }

    func header(title: String, subtitle: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(svgNumber(Self.width))" height="\(svgNumber(height))" \
        viewBox="0 0 \(svgNumber(Self.width)) \(svgNumber(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(svgNumber(Self.left))" y="24" font-size="16" font-weight="bold">\(xmlEscape(title))</text>
        <text x="\(svgNumber(Self.left))" y="42">\(xmlEscape(subtitle))</text>

        """
    }

    /// One lane: its name on the left and a rectangle per segment, each reaching to the next one's start.
    func lane(_ n: Int, name: String, segments: [SegmentRun.Segment]) -> String {
        let y = Self.top + Double(n) * (Self.laneHeight + Self.laneGap)
        var s = "<g class=\"lane\">"
        s +=
            "<text x=\"\(svgNumber(Self.left - 8))\" y=\"\(svgNumber(y + 14))\" text-anchor=\"end\">\(xmlEscape(name))</text>\n"
        for (i, segment) in segments.enumerated() {
            let x0 = x(segment.start)
            let x1 = x(i + 1 < segments.count ? segments[i + 1].start : segment.end)
            s += "<rect x=\"\(svgNumber(x0))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(Swift.max(0, x1 - x0)))\" "
            s +=
                "height=\"\(svgNumber(Self.laneHeight))\" fill=\"\(TimelineChart.colours[segment.value] ?? "#ffffff")\">"
            s += "<title>\(xmlEscape(segment.value))</title></rect>\n"
        }
        return s + "</g>\n"
    }

    /// A bracket over `from`…`to` above the lanes, with `label` over its left end.
    func bracket(from: Double, to: Double, label: String) -> String {
        let (x0, x1) = (x(from), Swift.max(x(to), x(from) + 1))
        let y = Self.top - 10
        return "<g class=\"episode\"><path d=\"M\(svgNumber(x0)) \(svgNumber(y + 6))V\(svgNumber(y))"
            + "H\(svgNumber(x1))V\(svgNumber(y + 6))\" fill=\"none\" stroke=\"#333\"/>"
            + "<text x=\"\(svgNumber(x0))\" y=\"\(svgNumber(y - 4))\" font-size=\"11\">\(xmlEscape(label))</text></g>\n"
    }

    /// The time axis under the lanes: ticks at a round step, at most about ten.
    func axis() -> String {
        let span = Swift.max(end - start, 1e-9)
        let steps: [Double] = [
            0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
        ]
        let step = steps.first { span / $0 <= 10 } ?? (span / 10 / 86400).rounded(.up) * 86400
        var s = "<g class=\"axis\"><line x1=\"\(svgNumber(Self.left))\" y1=\"\(svgNumber(bottom))\" "
        s += "x2=\"\(svgNumber(Self.left + plotWidth))\" y2=\"\(svgNumber(bottom))\" stroke=\"#333\"/>\n"
        var k = 0.0
        while k * step <= span + 1e-9 {
            let tx = x(start + k * step)
            s += "<line x1=\"\(svgNumber(tx))\" y1=\"\(svgNumber(bottom))\" x2=\"\(svgNumber(tx))\" "
            s += "y2=\"\(svgNumber(bottom + 5))\" stroke=\"#333\"/>"
            s += "<text x=\"\(svgNumber(tx))\" y=\"\(svgNumber(bottom + 18))\" text-anchor=\"middle\">"
            s += "\(Self.tick(k * step, step: step))</text>\n"
            k += 1
        }
        s += "<text x=\"\(svgNumber(Self.left + plotWidth / 2))\" y=\"\(svgNumber(bottom + 36))\" "
        s += "text-anchor=\"middle\">time since the watch started</text></g>\n"
        return s
    }

    /// A tick's label in the step's unit: `30 s`, `5 min`, `2 h`.
    static func tick(_ seconds: Double, step: Double) -> String {
        if step >= 3600 { return NumberText.compact(seconds / 3600) + " h" }
        if step >= 60 { return NumberText.compact(seconds / 60) + " min" }
        return NumberText.compact((seconds * 10).rounded() / 10) + " s"
    }

    /// Rows of coloured squares with their names under the axis.
    func legend(_ rows: [(String, [String])]) -> String {
        var s = "<g class=\"legend\">"
        for (r, (title, values)) in rows.enumerated() {
            let y = bottom + 58 + Double(r) * 20
            s +=
                "<text x=\"\(svgNumber(Self.left - 8))\" y=\"\(svgNumber(y + 10))\" text-anchor=\"end\">\(title)</text>"
            for (i, value) in values.enumerated() {
                let x = Self.left + Double(i) * 110
                s += "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"12\" height=\"12\" "
                s += "fill=\"\(TimelineChart.colours[value] ?? "#ffffff")\"/>"
                s += "<text x=\"\(svgNumber(x + 16))\" y=\"\(svgNumber(y + 10))\">\(value)</text>"
            }
            s += "\n"
        }
        return s + "</g>\n"
    }
}
